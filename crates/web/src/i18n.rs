//! Vietnamese first, English second: Fluent messages from `locales/{vi,en}/*.ftl`, embedded at
//! compile time. The language comes from `?lang=` (which also sets the `lang` cookie), then the
//! `lang` cookie; the default is Vietnamese.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../../locales",
        fallback_language: "vi",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

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
        LOCALES
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
                };
                (Cow::Owned((*k).to_owned()), v)
            })
            .collect();
        LOCALES
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
        let mut vi = keys(include_str!("../../../locales/vi/main.ftl"));
        let mut en = keys(include_str!("../../../locales/en/main.ftl"));
        vi.sort();
        en.sort();
        assert_eq!(vi, en);
        assert!(vi.len() > 100);
    }
}
