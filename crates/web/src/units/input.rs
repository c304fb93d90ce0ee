//! A new unit as sent, from the admin page or the API alike, parsed once into the domain's
//! [`NewUnit`] with every field's message at once.

use chrono::NaiveDate;
use motcua_domain::ids::UnitId;
use motcua_domain::unit::{NewUnit, UnitCode, UnitLevel};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{AppError, FieldMessage};
use crate::i18n::Text;

/// A new unit.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
#[schema(as = NewUnitRequest)]
pub struct UnitInput {
    /// The official code (mã đơn vị hành chính), e.g. `31825`.
    pub code: String,
    pub name: String,
    /// `province`, `commune` or `department`.
    pub level: String,
    /// The parent unit's id; absent or empty for a province.
    pub parent_id: Option<String>,
    /// Vùng sâu, vùng xa: some petition time limits are longer there.
    pub remote_area: bool,
    /// The first day in force: `YYYY-MM-DD`, or `dd/mm/yyyy` as typed by hand.
    #[schema(example = "2025-07-01")]
    pub effective_from: String,
}

impl UnitInput {
    /// The unit to create: too long fields first (`too_long`), then every invalid field
    /// together (`validation_failed`), the domain's own checks included.
    pub fn parse(&self) -> Result<NewUnit, AppError> {
        AppError::check_lengths(&[
            ("code", &self.code),
            ("name", &self.name),
            ("level", &self.level),
            ("parent_id", self.parent_id.as_deref().unwrap_or_default()),
            ("effective_from", &self.effective_from),
        ])?;
        let mut errors = Vec::new();
        let mut first_of = |field: &str, e: motcua_domain::DomainError| {
            if let Some(f) = e.fields().first() {
                errors.push(FieldMessage {
                    field: field.to_owned(),
                    message: f.message.clone(),
                });
            }
        };
        let code = UnitCode::parse(&self.code)
            .map_err(|e| first_of("code", e))
            .ok();
        let level = UnitLevel::parse(&self.level)
            .map_err(|e| first_of("level", e))
            .ok();
        let parent = match self.parent_id.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(p) => UnitId::parse(p).map(Some),
        };
        let parent = parent
            .map_err(|_| {
                errors.push(FieldMessage {
                    field: "parent_id".into(),
                    message: Text::id("validation-unit-parent_invalid"),
                });
            })
            .ok();
        let effective_from = parse_date(&self.effective_from);
        if effective_from.is_none() {
            errors.push(FieldMessage {
                field: "effective_from".into(),
                message: Text::id("validation-unit-date"),
            });
        }
        let (Some(code), Some(level), Some(parent), Some(effective_from)) =
            (code, level, parent, effective_from)
        else {
            return Err(AppError::Validation(errors));
        };
        let new = NewUnit {
            code,
            name: self.name.trim().to_owned(),
            level,
            parent,
            remote_area: self.remote_area,
            effective_from,
            effective_to: None,
            schedule: None,
        };
        new.validate().map_err(|e| in_input_terms(e.into()))?;
        Ok(new)
    }
}

/// `e` with its fields named as this input names them: the domain and the store call the
/// parent `parent`; the input, the API and the page's select, `parent_id`.
pub fn in_input_terms(e: AppError) -> AppError {
    let rename = |fields: Vec<FieldMessage>| {
        fields
            .into_iter()
            .map(|f| FieldMessage {
                field: if f.field == "parent" {
                    "parent_id".into()
                } else {
                    f.field
                },
                message: f.message,
            })
            .collect()
    };
    match e {
        AppError::Validation(f) => AppError::Validation(rename(f)),
        AppError::TooLong(f) => AppError::TooLong(rename(f)),
        other => other,
    }
}

/// `2026-03-18` (a date input, the API) or `18/03/2026` (typed by hand).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: AppError) -> Vec<String> {
        e.field_messages().into_iter().map(|m| m.field).collect()
    }

    #[test]
    fn every_invalid_field_is_named_at_once() {
        let input = UnitInput {
            code: "ab c".into(),
            name: "Phường 1".into(),
            level: "hamlet".into(),
            parent_id: Some("not-an-id".into()),
            remote_area: false,
            effective_from: "31/02/2026".into(),
        };
        assert_eq!(
            fields(input.parse().unwrap_err()),
            ["code", "level", "parent_id", "effective_from"]
        );
    }

    #[test]
    fn both_date_forms_and_an_empty_parent_are_read() {
        let input = UnitInput {
            code: "31825".into(),
            name: " Phường Bạc Liêu ".into(),
            level: "province".into(),
            parent_id: Some(String::new()),
            remote_area: true,
            effective_from: "01/07/2025".into(),
        };
        let new = input.parse().unwrap();
        assert_eq!(
            new.effective_from,
            NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()
        );
        assert_eq!(new.parent, None);
        assert_eq!(new.name, "Phường Bạc Liêu");
        assert!(new.remote_area);
        let iso = UnitInput {
            effective_from: "2025-07-01".into(),
            ..input
        };
        assert_eq!(iso.parse().unwrap().effective_from, new.effective_from);
    }

    #[test]
    fn the_domain_checks_run_after_the_fields_parse() {
        let input = UnitInput {
            code: "31825".into(),
            name: "   ".into(),
            level: "commune".into(),
            parent_id: None,
            remote_area: false,
            effective_from: "2025-07-01".into(),
        };
        // A commune needs its parent, named as the input names it.
        assert_eq!(fields(input.parse().unwrap_err()), ["name", "parent_id"]);
    }
}
