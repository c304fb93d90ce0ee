//! Vietnamese first, English second: Fluent messages from `locales/{vi,en}/*.ftl`, embedded at
//! compile time (by `motcua_domain::message`, so that the domain's messages have one wording
//! everywhere). The language comes from `?lang=` (which also sets the `lang` cookie), then the
//! `lang` cookie; the default is Vietnamese.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
#[cfg(test)]
use motcua_domain::message::MessageArg;
pub use motcua_domain::message::Text;
use motcua_domain::message::locales;

static VI: LanguageIdentifier = langid!("vi");
static EN: LanguageIdentifier = langid!("en");

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "vi" => Some(Self::Vi),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    /// The other language, for the switch link.
    #[must_use]
    pub const fn other(self) -> Self {
        match self {
            Self::Vi => Self::En,
            Self::En => Self::Vi,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Self::Vi => &VI,
            Self::En => &EN,
        }
    }

    /// The message `key`; a missing key shows the key itself (and is caught by the locale test).
    #[must_use]
    pub fn t(self, key: &str) -> String {
        locales()
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The name of `value` in this language.
    #[must_use]
    pub fn label(self, value: impl Labelled) -> String {
        self.t(&value.fluent_id())
    }

    /// The message `key` with named arguments.
    #[must_use]
    pub fn t_args(self, key: &str, args: &[(&str, FluentArg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    FluentArg::Str(s) => FluentValue::from(s.clone()),
                    FluentArg::Num(n) => FluentValue::from(*n),
                    FluentArg::Text(t) => FluentValue::from(self.text(t)),
                };
                (Cow::Owned((*k).to_owned()), v)
            })
            .collect();
        locales()
            .try_lookup_with_args(self.id(), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }
}

/// A domain value with a stable code whose name the person reads: its Fluent id is
/// `<GROUP>-<code>` (`dossier-status-in_progress`), in `locales/*/labels.ftl`. The domain knows
/// only codes; the name in the request's language is found here.
pub trait Labelled: Copy {
    const GROUP: &'static str;
    fn label_code(self) -> &'static str;

    /// The Fluent id of this value's name.
    fn fluent_id(self) -> String {
        format!("{}-{}", Self::GROUP, self.label_code())
    }
}

impl<T: Labelled> Labelled for &T {
    const GROUP: &'static str = T::GROUP;
    fn label_code(self) -> &'static str {
        (*self).label_code()
    }
}

macro_rules! labelled {
    ($($t:ty => $group:literal),* $(,)?) => {
        $(impl Labelled for $t {
            const GROUP: &'static str = $group;
            fn label_code(self) -> &'static str {
                self.code()
            }
        })*
    };
}

labelled! {
    motcua_domain::dossier::lifecycle::Status => "dossier-status",
    motcua_domain::dossier::lifecycle::ActionKind => "dossier-action",
    motcua_domain::dossier::lifecycle::Channel => "dossier-channel",
    motcua_domain::dossier::lifecycle::Timeliness => "dossier-timeliness",
    motcua_domain::procedure::CopyKind => "copy-kind",
    motcua_domain::procedure::ProcedureLevel => "procedure-level",
    motcua_domain::procedure::OnlineLevel => "procedure-online",
    motcua_domain::role::Role => "role",
    motcua_domain::dossier::rating::Criterion => "rating-criterion",
    motcua_domain::dossier::rating::Score => "rating-score",
    motcua_domain::petition::lifecycle::Status => "petition-status",
    motcua_domain::petition::lifecycle::ActionKind => "petition-action",
    motcua_domain::petition::PetitionKind => "petition-kind",
    motcua_domain::petition::Source => "petition-source",
    motcua_domain::petition::kind::LogClass => "petition-log-class",
    motcua_domain::petition::deadlines::Complexity => "petition-complexity",
    motcua_domain::petition::deadlines::DeadlineState => "petition-deadline-state",
    motcua_domain::petition::eligibility::Ineligibility => "petition-ineligibility",
    motcua_domain::unit::UnitLevel => "unit-level",
    motcua_store::dossiers::WatchKind => "dossier-watch",
}

/// The request's language (set by `routes::lang::negotiate`); Vietnamese when absent.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Self>().copied().unwrap_or_default())
    }
}

/// An argument to a Fluent message.
#[derive(Clone, Debug)]
pub enum FluentArg {
    Str(String),
    Num(i64),
    /// A text rendered in the message's language.
    Text(Text),
}

impl Lang {
    /// `t` in this language.
    #[must_use]
    pub fn text(self, t: &Text) -> String {
        t.render(self.id())
    }
}

impl From<&str> for FluentArg {
    fn from(s: &str) -> Self {
        Self::Str(s.to_owned())
    }
}
impl From<String> for FluentArg {
    fn from(s: String) -> Self {
        Self::Str(s)
    }
}
impl From<i64> for FluentArg {
    fn from(n: i64) -> Self {
        Self::Num(n)
    }
}
impl From<usize> for FluentArg {
    fn from(n: usize) -> Self {
        Self::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_is_the_default_and_english_is_available() {
        assert_eq!(Lang::default().t("login-title"), "Đăng nhập");
        assert_eq!(Lang::En.t("login-title"), "Log in");
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        let s = Lang::Vi.t_args("login-wait-minutes", &[("n", 15_i64.into())]);
        assert!(s.contains("15 phút"), "{s}");
    }

    #[test]
    fn every_english_key_exists_in_vietnamese_and_back() {
        let keys = |src: &str| -> Vec<String> {
            src.lines()
                .filter(|l| !l.starts_with(['#', ' ', '[', '*']) && l.contains(" = "))
                .map(|l| l.split(" = ").next().unwrap_or_default().trim().to_owned())
                .collect()
        };
        let mut vi = keys(&VI_FTL.concat());
        let mut en = keys(&EN_FTL.concat());
        vi.sort();
        en.sort();
        assert_eq!(vi, en);
        assert!(vi.len() > 100);
    }

    /// Every locale file of each language; a new file must be added here and to both folders.
    const VI_FTL: [&str; 16] = [
        include_str!("../../../locales/vi/main.ftl"),
        include_str!("../../../locales/vi/desk.ftl"),
        include_str!("../../../locales/vi/petitions.ftl"),
        include_str!("../../../locales/vi/reception.ftl"),
        include_str!("../../../locales/vi/tracking.ftl"),
        include_str!("../../../locales/vi/labels.ftl"),
        include_str!("../../../locales/vi/errors.ftl"),
        include_str!("../../../locales/vi/validation.ftl"),
        include_str!("../../../locales/vi/store.ftl"),
        include_str!("../../../locales/vi/dossiers.ftl"),
        include_str!("../../../locales/vi/catalogue.ftl"),
        include_str!("../../../locales/vi/reports.ftl"),
        include_str!("../../../locales/vi/polls.ftl"),
        include_str!("../../../locales/vi/news.ftl"),
        include_str!("../../../locales/vi/comments.ftl"),
        include_str!("../../../locales/vi/stats.ftl"),
    ];
    const EN_FTL: [&str; 16] = [
        include_str!("../../../locales/en/main.ftl"),
        include_str!("../../../locales/en/desk.ftl"),
        include_str!("../../../locales/en/petitions.ftl"),
        include_str!("../../../locales/en/reception.ftl"),
        include_str!("../../../locales/en/tracking.ftl"),
        include_str!("../../../locales/en/labels.ftl"),
        include_str!("../../../locales/en/errors.ftl"),
        include_str!("../../../locales/en/validation.ftl"),
        include_str!("../../../locales/en/store.ftl"),
        include_str!("../../../locales/en/dossiers.ftl"),
        include_str!("../../../locales/en/catalogue.ftl"),
        include_str!("../../../locales/en/reports.ftl"),
        include_str!("../../../locales/en/polls.ftl"),
        include_str!("../../../locales/en/news.ftl"),
        include_str!("../../../locales/en/comments.ftl"),
        include_str!("../../../locales/en/stats.ftl"),
    ];

    /// The ids a language's files define (the start of each message line).
    fn defined(files: &[&str]) -> std::collections::BTreeSet<String> {
        files
            .iter()
            .flat_map(|f| f.lines())
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()) && l.contains(" ="))
            .map(|l| l.split(" =").next().unwrap_or_default().trim().to_owned())
            .collect()
    }

    fn assert_defined_in_both(id: &str) {
        assert!(defined(&VI_FTL).contains(id), "{id} missing in locales/vi");
        assert!(defined(&EN_FTL).contains(id), "{id} missing in locales/en");
    }

    /// The ids a message and its label arguments use.
    fn ids_of(t: &Text) -> Vec<String> {
        let (id, args) = match t {
            Text::Plain(_) => return Vec::new(),
            Text::Joined(parts) => return parts.iter().flat_map(ids_of).collect(),
            Text::Message { id, args } => (id, args),
        };
        let mut out = vec![(*id).to_owned()];
        for (_, a) in args {
            match a {
                MessageArg::Label(g, c) => out.push(format!("{g}-{c}")),
                MessageArg::Labels(l) => out.extend(l.iter().map(|(g, c)| format!("{g}-{c}"))),
                MessageArg::Message(m) => out.extend(ids_of(m)),
                MessageArg::Text(_) | MessageArg::Number(_) | MessageArg::Date(_) => {}
            }
        }
        out
    }

    /// Renders `t` in both languages: every id exists in both, every argument is filled.
    fn check_renders(t: &Text) {
        for id in ids_of(t) {
            assert_defined_in_both(&id);
        }
        for lang in [Lang::Vi, Lang::En] {
            let s = lang.text(t);
            assert!(!s.contains('{') && !s.contains("error-"), "{lang:?}: {s}");
        }
    }

    fn all_labels() -> Vec<String> {
        use motcua_domain::dossier::{lifecycle as dl, rating};
        use motcua_domain::petition::{deadlines, eligibility, kind, lifecycle as pl};
        fn ids<T: Labelled>(all: &[T]) -> Vec<String> {
            all.iter().map(|v| v.fluent_id()).collect()
        }
        [
            ids(&dl::Status::ALL),
            ids(&dl::ActionKind::ALL),
            ids(&dl::Channel::ALL),
            ids(&dl::Timeliness::ALL),
            ids(&motcua_domain::procedure::CopyKind::ALL),
            ids(&motcua_domain::procedure::ProcedureLevel::ALL),
            ids(&motcua_domain::role::Role::ALL),
            ids(&rating::Criterion::ALL),
            ids(&rating::Score::ALL),
            ids(&pl::Status::ALL),
            ids(&pl::ActionKind::ALL),
            ids(&kind::PetitionKind::ALL),
            ids(&kind::Source::ALL),
            ids(&kind::LogClass::ALL),
            ids(&deadlines::Complexity::ALL),
            ids(&deadlines::DeadlineState::ALL),
            ids(&eligibility::Ineligibility::ALL),
            ids(&motcua_domain::unit::UnitLevel::ALL),
            ids(&motcua_store::dossiers::WatchKind::ALL),
        ]
        .concat()
    }

    #[test]
    fn every_status_action_and_kind_has_a_name_in_both_languages() {
        let ids = all_labels();
        assert!(ids.len() > 100, "{}", ids.len());
        for id in &ids {
            assert_defined_in_both(id);
            assert_ne!(Lang::En.t(id), *id);
            assert_ne!(Lang::Vi.t(id), *id);
        }
        for flag in ["overdue", "long_pending", "due_soon"] {
            assert_defined_in_both(&format!("petition-watch-{flag}"));
        }
        assert_eq!(
            Lang::En.label(motcua_domain::dossier::lifecycle::Status::InProgress),
            "In progress"
        );
    }

    /// The Vietnamese names in the locales are the ones the printed forms and the CSV exports
    /// still take from the domain (`label_vi`): one wording on screen and on paper.
    #[test]
    fn vietnamese_names_match_the_domains_printed_wording() {
        use motcua_domain::dossier::lifecycle as dl;
        use motcua_domain::petition::{PetitionKind, lifecycle as pl};
        for s in dl::Status::ALL {
            assert_eq!(Lang::Vi.label(s), s.label_vi());
        }
        for s in pl::Status::ALL {
            assert_eq!(Lang::Vi.label(s), s.label_vi());
        }
        for k in PetitionKind::ALL {
            assert_eq!(Lang::Vi.label(k), k.label_vi());
        }
        for r in motcua_domain::petition::eligibility::Ineligibility::ALL {
            assert_eq!(Lang::Vi.label(r), r.label_vi());
        }
    }

    fn lifecycle_errors() -> Vec<motcua_domain::dossier::lifecycle::LifecycleError> {
        use motcua_domain::dossier::lifecycle::{ActionKind, LifecycleError as E, Status};
        let mut out = vec![
            E::Finished {
                status: Status::Returned,
            },
            E::NotAllowed {
                action: ActionKind::ReturnResult,
                status: Status::InProgress,
                allowed: vec![ActionKind::HandOver, ActionKind::Refuse],
            },
            E::NotAllowed {
                action: ActionKind::HandOver,
                status: Status::Stopped,
                allowed: Vec::new(),
            },
            E::SecondSupplement,
            E::SecondApology,
            E::ApologyTooLate,
            E::NewDueNotLater,
            E::NewDueNotWorking {
                reason: "ngày 01/05/2026 là Ngày Quốc tế Lao động".into(),
            },
            E::NewDueTooFar {
                latest: "17:00 20/05/2026".into(),
            },
        ];
        out.extend(motcua_domain::message::Missing::ALL.map(E::Missing));
        out
    }

    fn petition_errors() -> Vec<motcua_domain::petition::PetitionError> {
        use chrono::NaiveDate;
        use motcua_domain::petition::PetitionError as E;
        use motcua_domain::petition::PetitionKind as K;
        use motcua_domain::petition::deadlines::Complexity;
        use motcua_domain::petition::eligibility::Ineligibility;
        use motcua_domain::petition::lifecycle::{ActionKind, Status};
        use motcua_domain::petition::reception::HeadRole;
        let day = NaiveDate::from_ymd_opt(2026, 3, 18).unwrap_or_default();
        let mut out = vec![
            E::KindMissing,
            E::MixedMustSplit(vec![K::Complaint, K::Denunciation]),
            E::ReasonNotApplicable {
                reason: Ineligibility::Anonymous,
                kind: K::Complaint,
            },
            E::Finished {
                status: Status::Decided,
            },
            E::NotAllowed {
                action: ActionKind::Decide,
                status: Status::Registered,
                allowed: vec![ActionKind::Classify, ActionKind::Withdraw],
            },
            E::NotAllowed {
                action: ActionKind::Decide,
                status: Status::Filed,
                allowed: Vec::new(),
            },
            E::AlreadyForwarded,
            E::ExtensionBeyondLimit("tối đa 30 ngày".into()),
            E::ExtensionNotApplicable(K::Complaint),
            E::ComplexityNotApplicable {
                complexity: Complexity::EspeciallyComplex,
                kind: K::Feedback,
            },
            E::ContinueAfterWithdrawalNotApplicable(K::Recommendation),
            E::NoResolutionLimit("phản ánh".into()),
            E::NoSignatories,
            E::SignatureMissing(vec!["Nguyễn Văn A".into(), "Trần Thị B".into()]),
            E::RepresentativesRequired {
                signatories: 12,
                min: 1,
                max: 5,
            },
            E::TooManyRepresentatives {
                signatories: 12,
                representatives: 6,
                max: 5,
            },
            E::AppointmentMissing,
            E::SecondInstanceTooEarly { first_day: day },
            E::SecondInstanceOutOfWindow {
                last_day: day,
                basis: "Luật Khiếu nại 2011, Điều 33".into(),
            },
            E::FilingLimitExpired {
                last_day: day,
                basis: "Luật Khiếu nại 2011, Điều 9".into(),
            },
            E::InvalidRange { from: day, to: day },
            E::DelegationNotAllowed {
                since: day,
                basis: "Luật Tiếp công dân".into(),
            },
            E::Rules("dòng 3".into()),
            E::Calendar(motcua_calendar::CalendarError::InvalidLimit("0".into())),
        ];
        out.extend(HeadRole::ALL.map(E::NoReceptionDuty));
        out.extend(motcua_domain::message::Missing::ALL.map(E::Missing));
        out
    }

    /// Every refusal of the dossier and petition rules renders in both languages, and its
    /// Vietnamese is, byte for byte, the domain's own wording (its `Display`, used in logs).
    #[test]
    fn every_domain_refusal_renders_in_both_languages() {
        let texts: Vec<(Text, String)> = lifecycle_errors()
            .iter()
            .map(|e| (Text::of(e), e.to_string()))
            .chain(
                petition_errors()
                    .iter()
                    .map(|e| (Text::of(e), e.to_string())),
            )
            .collect();
        assert!(texts.len() > 40);
        for (t, display) in &texts {
            check_renders(t);
            assert_eq!(Lang::Vi.text(t), *display);
            // A calendar error is already bilingual and passed through as it is.
            if !matches!(t, Text::Message { id, .. } if id.ends_with("calendar_error")) {
                assert_ne!(Lang::En.text(t), *display, "not translated: {display}");
            }
        }
    }

    /// The source of every crate (`crates/*/src`), read at test time so that a file added
    /// later is checked without being listed here.
    fn sources() -> Vec<(std::path::PathBuf, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    out.push((path, text));
                }
            }
        }
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut out = Vec::new();
        for c in std::fs::read_dir(&crates).into_iter().flatten().flatten() {
            walk(&c.path().join("src"), &mut out);
        }
        assert!(
            out.len() > 100,
            "crates not found from {}",
            crates.display()
        );
        out
    }

    /// The ids given literally to `Text::id` and `Text::with` in `src`.
    fn text_ids(src: &str) -> Vec<String> {
        let mut out = Vec::new();
        for call in ["Text::id(", "Text::with("] {
            for after in src.split(call).skip(1) {
                let after = after.trim_start();
                if let Some(lit) = after.strip_prefix('"')
                    && let Some((id, _)) = lit.split_once('"')
                    && !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))
                {
                    out.push(id.to_owned());
                }
            }
        }
        out
    }

    /// Every message id a crate names in `Text::id("…")` or `Text::with("…", …)` exists in both
    /// languages: a missing one would show its id on the page.
    #[test]
    fn every_text_id_in_the_sources_exists_in_both_languages() {
        let mut checked = 0;
        for (path, src) in sources() {
            for id in text_ids(&src) {
                assert!(
                    defined(&VI_FTL).contains(&id) && defined(&EN_FTL).contains(&id),
                    "{id} (in {}) is missing in locales/vi or locales/en",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(checked > 200, "{checked}");
    }

    /// The `{ $name }` placeholders of each message of `files`.
    fn placeholders(files: &[&str]) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut out = std::collections::BTreeMap::new();
        for line in files.iter().flat_map(|f| f.lines()) {
            let Some((id, body)) = line.split_once(" = ") else {
                continue;
            };
            if !line.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let mut vars: Vec<String> = body
                .split("{ $")
                .skip(1)
                .filter_map(|v| v.split([' ', '}']).next())
                .map(str::to_owned)
                .collect();
            vars.sort();
            vars.dedup();
            out.insert(id.trim().to_owned(), vars);
        }
        out
    }

    #[test]
    fn every_validation_and_conflict_id_exists_in_both_languages_with_the_same_arguments() {
        let sources = sources();
        let mut ids: Vec<&str> = sources
            .iter()
            .flat_map(|(_, src)| src.split('"').skip(1).step_by(2))
            .filter(|lit| {
                (lit.starts_with("validation-") || lit.starts_with("store-conflict-"))
                    && lit
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))
                    && !lit.ends_with('-')
            })
            .filter(|lit| *lit != "validation-field" && *lit != "validation-what")
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert!(ids.len() > 60, "{}", ids.len());
        let (vi, en) = (placeholders(&VI_FTL), placeholders(&EN_FTL));
        for id in ids {
            assert_defined_in_both(id);
        }
        let ours = |id: &&String| id.starts_with("validation-") || id.starts_with("store-");
        for (id, vars) in vi.iter().filter(|(id, _)| ours(id)) {
            // `too_long` gives Vietnamese its grouped number and English the plain one.
            if id != "validation-too_long" {
                assert_eq!(Some(vars), en.get(id), "{id}: arguments differ");
            }
        }
    }

    /// Real refusals of the domain, each rendered with its arguments in both languages.
    #[test]
    fn every_domain_validation_message_renders_with_its_arguments() {
        use motcua_domain::DomainError;
        use motcua_domain::dossier::applicant::{ApplicantForm, Email, Phone, TaxCode};
        use motcua_domain::dossier::citizen_id::CitizenId;
        use motcua_domain::unit::{UnitChange, UnitChangeKind, UnitCode, UnitLevel};
        let day = chrono::NaiveDate::from_ymd_opt(2025, 7, 1).expect("date");
        let unit = motcua_domain::ids::UnitId::new;
        let mut errors: Vec<DomainError> = [
            "",
            "09a",
            "9123456789",
            "01234567890",
            "0612345678",
            "03123456789",
            "091234",
        ]
        .iter()
        .filter_map(|p| Phone::parse(p).err())
        .collect();
        errors.extend(
            [
                "",
                "a b@c.d",
                "ab.c",
                "a@b@c.d",
                "@b.c",
                "a@b",
                "a@.b.",
                &"a".repeat(300),
            ]
            .iter()
            .filter_map(|m| Email::parse(m).err()),
        );
        errors.extend(
            ["", "12a", "123", "0123456789-12"]
                .iter()
                .filter_map(|t| TaxCode::parse(t).err()),
        );
        errors.extend(
            [
                "",
                "07908500123a",
                "079-085",
                "123456789",
                "0790850",
                "0790850012345",
                "999085001234",
            ]
            .iter()
            .filter_map(|c| CitizenId::parse(c).err()),
        );
        let id = CitizenId::parse("079085001234").expect("a valid number");
        errors.extend(
            [1800, 1700, 2085, 1990]
                .iter()
                .filter_map(|y| id.check_birth_year(*y).err()),
        );
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).expect("a date");
        errors.push(ApplicantForm::default().parse(today).expect_err("empty"));
        for birth_year in ["abc", "2031"] {
            errors.push(
                ApplicantForm {
                    kind: "robot".into(),
                    name: "x".repeat(1000),
                    address: "\u{7}".into(),
                    birth_year: birth_year.into(),
                    ..ApplicantForm::default()
                }
                .parse(today)
                .expect_err("bad"),
            );
        }
        errors.extend(UnitLevel::parse("galaxy").err());
        errors.extend(["", "a b"].iter().filter_map(|c| UnitCode::parse(c).err()));
        errors.extend(
            ["", "a b"]
                .iter()
                .filter_map(|c| motcua_domain::procedure::ProcedureCode::parse(c).err()),
        );
        errors.extend(UnitChangeKind::parse("x").err());
        for kind in [
            UnitChangeKind::Merge,
            UnitChangeKind::Split,
            UnitChangeKind::Rename,
            UnitChangeKind::Abolish,
        ] {
            errors.extend(UnitChange::new(kind, vec![], vec![], day, "").err());
        }
        let u = unit();
        errors.extend(UnitChange::new(UnitChangeKind::Rename, vec![u], vec![u], day, "x").err());
        errors
            .extend(UnitChange::new(UnitChangeKind::Rename, vec![u], vec![unit()], day, "").err());
        errors.extend(motcua_domain::role::Role::parse("king").err());
        errors.extend(
            motcua_domain::role::RoleGrant::new(motcua_domain::role::Role::Head, None).err(),
        );
        errors.extend(
            motcua_domain::role::RoleGrant::new(motcua_domain::role::Role::Citizen, Some(u)).err(),
        );
        errors.extend(
            ["", &"a".repeat(65), "á"]
                .iter()
                .filter_map(|l| motcua_domain::account::Login::parse(l).err()),
        );
        errors.extend(motcua_domain::ids::UnitId::parse("x").err());
        let fields: Vec<_> = errors.iter().flat_map(DomainError::fields).collect();
        let mut long: Vec<_> = motcua_domain::limits::LIMITS
            .iter()
            .filter_map(|l| motcua_domain::limits::too_long(l.field, &"x".repeat(l.max_chars + 1)))
            .collect();
        long.extend(motcua_domain::limits::too_long("x", &"x".repeat(6000)));
        assert!(
            fields.len() > 50 && long.len() > 40,
            "{} {}",
            fields.len(),
            long.len()
        );
        for f in fields.into_iter().chain(&long) {
            check_renders(&f.message);
            if !matches!(f.message, Text::Plain(_)) {
                assert_ne!(Lang::En.text(&f.message), Lang::Vi.text(&f.message), "{f}");
            }
            assert_eq!(Lang::Vi.text(&f.message), f.message.to_string());
        }
    }

    /// The refusals of dossier codes, attached files, ratings and catalogue entries, each
    /// rendered in both languages; the Vietnamese is the domain's own wording (`Display`).
    #[test]
    fn every_code_upload_rating_and_procedure_refusal_renders_in_both_languages() {
        use motcua_domain::dossier::code::CodeProblem as C;
        use motcua_domain::dossier::upload::{FileKind, UploadError as U};
        use motcua_domain::procedure::{CopyKind, LimitKind, ProcedureLevel, Quantity};
        let name = || "scan.pdf".to_owned();
        let mut texts: Vec<(Text, String)> = [
            C::Empty,
            C::WrongCharacters("/ ?".into()),
            C::MissingDateAndSequence,
            C::MissingDate,
            C::MissingSequence,
            C::TooManyParts(4),
            C::MissingAgency,
            C::AgencyTooLong(41),
            C::AgencyMalformed,
            C::DateNotSixDigits("2610".into()),
            C::ImpossibleDate("261345".into()),
            C::SequenceNotDigits("09A5".into()),
            C::SequenceTooShort(3),
            C::SequenceTooLong(8),
        ]
        .iter()
        .map(|p| (p.text(), p.to_string()))
        .collect();
        let mut uploads = vec![
            U::Empty { name: name() },
            U::TooLarge {
                name: name(),
                size: 12 << 20,
                max: 10 << 20,
            },
            U::UnsupportedContent {
                name: name(),
                looks_like: None,
            },
            U::TooManyFiles { count: 21, max: 20 },
            U::TotalTooLarge {
                total: 60 << 20,
                max: 50 << 20,
            },
            U::Duplicate {
                first: name(),
                second: "b.pdf".into(),
            },
        ];
        for what in ["program", "archive", "old_office", "gif", "phone_media"] {
            uploads.push(U::UnsupportedContent {
                name: name(),
                looks_like: Some(what),
            });
        }
        for actual in FileKind::ALL {
            uploads.push(U::ExtensionMismatch {
                name: name(),
                extension: "png".into(),
                actual,
            });
            uploads.push(U::UnsupportedExtension {
                name: name(),
                extension: "docx".into(),
                actual,
            });
            uploads.push(U::ContentTypeMismatch {
                name: name(),
                declared: "image/png".into(),
                actual,
            });
        }
        texts.extend(uploads.iter().map(|e| (e.text(), e.to_string())));
        let mut errors: Vec<motcua_domain::DomainError> = vec![
            motcua_domain::dossier::code::DossierCode::new(
                "h15",
                chrono::NaiveDate::from_ymd_opt(2026, 1, 2).expect("date"),
                1,
                4,
            )
            .expect_err("lowercase"),
        ];
        errors.extend(
            motcua_domain::dossier::rating::RatingForm {
                answers: [("a", "na"), ("b", "x")]
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
                comment: "x".repeat(5000),
            }
            .parse()
            .err(),
        );
        errors.extend(ProcedureLevel::parse("x").err());
        errors.extend(LimitKind::parse("x").err());
        errors.extend(Quantity::parse("x").err());
        errors.extend(CopyKind::parse("x").err());
        for e in &errors {
            texts.extend(
                e.fields()
                    .iter()
                    .map(|f| (f.message.clone(), f.message.to_string())),
            );
        }
        assert!(texts.len() > 45, "{}", texts.len());
        for (t, display) in &texts {
            check_renders(t);
            assert_eq!(Lang::Vi.text(t), *display);
            assert_ne!(Lang::En.text(t), *display, "not translated: {display}");
        }
    }
}
