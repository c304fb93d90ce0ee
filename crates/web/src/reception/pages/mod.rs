//! The reception pages, and what they share: the menu, the unit a page is about, the labels of
//! roles, kinds and classes, and the form errors an operation's refusal becomes.

pub(super) mod print;
pub(super) mod schedule;
pub(super) mod session;

use motcua_app::FieldMessage;
use motcua_app::reception::SessionKind;
use motcua_domain::ids::UnitId;
use motcua_domain::petition::PetitionKind;
use motcua_domain::petition::reception::HeadRole;
use motcua_domain::policy::Action;
use motcua_domain::unit::UnitLevel;

use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::pages::FormErrors;

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

fn session_kind_label(lang: Lang, kind: &str) -> String {
    match SessionKind::parse(kind) {
        Some(k) => lang.t(&format!("reception-kind-{}", k.code())),
        None => kind.to_owned(),
    }
}

fn class_of(kind: &str) -> &'static str {
    PetitionKind::parse(kind).map_or("", |k| k.class().label_vi())
}

/// A form's messages, in the page's language.
fn form_errors(lang: Lang, prefix: &str, messages: Vec<FieldMessage>) -> FormErrors {
    let mut errors = FormErrors::prefixed(prefix);
    for m in messages {
        errors.add(&m.field, lang.text(&m.message));
    }
    errors
}

/// An operation's refusal that belongs beside the form's fields; anything else is the page's
/// error.
fn refusal(e: motcua_app::Error) -> Result<Vec<FieldMessage>, AppError> {
    use motcua_app::Error as E;
    match e {
        E::Invalid(fields) | E::TooLong(fields) => Ok(fields),
        E::Conflict { field, message } => Ok(vec![FieldMessage::new(field, message)]),
        other => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reception::input::CLASSES;

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
        for kind in SessionKind::ALL {
            assert!(vi.contains(&format!("reception-kind-{}", kind.code())));
        }
    }

    #[test]
    fn the_three_log_classes_map_to_kinds_and_back() {
        for (label, kind) in CLASSES {
            assert_eq!(class_of(kind.code()), label);
        }
        assert_eq!(class_of("phan_anh"), "KN-PA");
    }
}
