//! Citizen reception (tiếp công dân, Luật Tiếp công dân 2013; NĐ 154/2026): the heads' reception
//! schedule checked against the rule in force, reception sessions and their visits, the receipt
//! for documents received (Mẫu 02/TCD) and the reception log (Sổ tiếp công dân, Mẫu 03/TCD).
//!
//! Petition handlers record; heads and inspectors read. A visit about a denunciation keeps its
//! visitor sealed from the moment it is written: the clear columns hold only a pseudonym, so the
//! pages, the printed log and the exports cannot show the denouncer even by mistake.
//!
//! URLs: `/tiep-cong-dan` (schedule and sessions), `/tiep-cong-dan/lich` (add a reception
//! day), `/tiep-cong-dan/phien` (open a session), `/tiep-cong-dan/phien/{id}` (a session),
//! `/tiep-cong-dan/phien/{id}/luot` (add a visit), `/tiep-cong-dan/phien/{id}/ket-luan`
//! (conclusion notice), `/tiep-cong-dan/phien/{id}/luot/{visit}/bien-nhan[.pdf]` (receipt),
//! `/tiep-cong-dan/so` (the log).

mod print;
mod schedule;
mod session;

use axum::Router;
use axum::routing::{get, post};
use chrono::NaiveDate;
use motcua_domain::ids::UnitId;
use motcua_domain::petition::PetitionKind;
use motcua_domain::petition::reception::HeadRole;
use motcua_domain::policy::Action;
use motcua_domain::unit::UnitLevel;

use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tiep-cong-dan", get(schedule::page))
        .route("/tiep-cong-dan/lich", post(schedule::add_day))
        .route("/tiep-cong-dan/phien", post(schedule::open_session))
        .route("/tiep-cong-dan/phien/{id}", get(session::page))
        .route("/tiep-cong-dan/phien/{id}/luot", post(session::add_visit))
        .route(
            "/tiep-cong-dan/phien/{id}/ket-luan",
            post(session::conclude),
        )
        .route(
            "/tiep-cong-dan/phien/{id}/luot/{visit}/bien-nhan",
            get(print::receipt_html),
        )
        .route(
            "/tiep-cong-dan/phien/{id}/luot/{visit}/bien-nhan.pdf",
            get(print::receipt_pdf),
        )
        .route("/tiep-cong-dan/so", get(print::log))
}

/// What the reception menu offers this person.
#[derive(Clone, Debug, Default)]
pub struct ReceptionNav {
    pub can_record: bool,
    /// `?don_vi=…` to keep on links when the unit was chosen explicitly.
    pub unit_query: String,
}

impl ReceptionNav {
    fn of(user: &CurrentUser, unit: UnitId, explicit: bool) -> Self {
        Self {
            can_record: authz::can_somewhere(user, Action::HandlePetition),
            unit_query: if explicit {
                format!("?don_vi={unit}")
            } else {
                String::new()
            },
        }
    }
}

/// The unit a page is about: the one asked for, else the first the person may view petitions
/// of. Someone with system-wide rights has no unit of their own and must choose.
fn unit_of(lang: Lang, user: &CurrentUser, asked: &str) -> Result<(UnitId, bool), AppError> {
    let asked = asked.trim();
    if !asked.is_empty() {
        let unit = UnitId::parse(asked)
            .map_err(|_| AppError::field("don_vi", lang.t("reception-unit-invalid")))?;
        return Ok((unit, true));
    }
    match authz::scope_roots(user, Action::ViewPetition) {
        Some(roots) => roots
            .first()
            .map(|u| (*u, false))
            .ok_or(AppError::Forbidden),
        None => Err(AppError::field("don_vi", lang.t("reception-unit-choose"))),
    }
}

/// The head whose weekly or monthly reception the law asks of a unit of this level.
const fn head_of(level: UnitLevel) -> Option<HeadRole> {
    match level {
        UnitLevel::Commune => Some(HeadRole::CommuneChairman),
        UnitLevel::District => Some(HeadRole::DistrictChairman),
        UnitLevel::Province => Some(HeadRole::ProvinceChairman),
        UnitLevel::Agency => Some(HeadRole::SpecialisedBodyHead),
        UnitLevel::Department => None,
    }
}

fn role_label(lang: Lang, role: HeadRole) -> String {
    lang.t(&format!("reception-role-{}", role.code()))
}

/// The kinds of session the store knows, in the order the form offers them.
const SESSION_KINDS: [&str; 4] = ["periodic", "routine", "ad_hoc", "online"];

fn session_kind_label(lang: Lang, kind: &str) -> String {
    if SESSION_KINDS.contains(&kind) {
        lang.t(&format!("reception-kind-{kind}"))
    } else {
        kind.to_owned()
    }
}

/// The log's three classes, each stored as a petition kind: KN-PA is kept as a recommendation,
/// which is as far as a reception officer classifies it (the petition register splits it).
const CLASSES: [(&str, PetitionKind); 3] = [
    ("KN", PetitionKind::Complaint),
    ("TC", PetitionKind::Denunciation),
    ("KN-PA", PetitionKind::Recommendation),
];

fn class_of(kind: &str) -> &'static str {
    PetitionKind::parse(kind).map_or("", |k| k.class().label_vi())
}

/// `2026-03-18` (a date input) or `18/03/2026` (typed by hand).
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
        .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
}

/// Lines of a textarea, trimmed, without blank ones.
fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of a Fluent file (message lines only).
    fn keys(src: &str) -> Vec<String> {
        let mut k: Vec<String> = src
            .lines()
            .filter(|l| !l.starts_with(['#', ' ', '[', '*']) && l.contains(" = "))
            .map(|l| l.split(" = ").next().unwrap_or_default().trim().to_owned())
            .collect();
        k.sort();
        k
    }

    #[test]
    fn every_reception_message_exists_in_both_languages() {
        let vi = keys(include_str!("../../../../../locales/vi/reception.ftl"));
        let en = keys(include_str!("../../../../../locales/en/reception.ftl"));
        assert_eq!(vi, en);
        for role in HeadRole::ALL {
            assert!(vi.contains(&format!("reception-role-{}", role.code())));
        }
        for kind in SESSION_KINDS {
            assert!(vi.contains(&format!("reception-kind-{kind}")));
        }
    }

    #[test]
    fn dates_are_read_as_a_date_input_or_as_written_in_vietnam() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 18);
        assert_eq!(parse_date("2026-03-18"), d);
        assert_eq!(parse_date(" 18/03/2026 "), d);
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_date("18/03/26"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn the_three_log_classes_map_to_kinds_and_back() {
        for (label, kind) in CLASSES {
            assert_eq!(class_of(kind.code()), label);
        }
        assert_eq!(class_of("phan_anh"), "KN-PA");
    }
}
