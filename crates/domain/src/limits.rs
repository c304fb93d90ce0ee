//! The longest text each free-text field accepts, in one table.
//!
//! Without a limit a petition's sender name or signatory list could be a megabyte: it would be
//! stored, indexed, sealed, printed on every notice and exported. The limits are generous for
//! what people write (a Vietnamese full name rarely passes 50 characters, an address 150) and
//! are counted in characters (Unicode scalar values), not bytes, so that diacritics cost
//! nothing extra. Inputs check their fields against [`LIMITS`] before anything else; a refusal
//! names each field that is too long, and the API answers `422` with the code `too_long`.
//! docs/SECURITY.md lists the table for operators and integrators.

use crate::error::FieldError;
use crate::message::{MessageArg, Text};

/// One row of the table: the field's machine name (as in forms and the API), its largest size
/// in characters; its name in messages is `validation-field-<field>` in the locales.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextLimit {
    pub field: &'static str,
    pub max_chars: usize,
}

/// A person's or organisation's name.
pub const NAME: usize = 200;
/// A postal address.
pub const ADDRESS: usize = 500;
/// A short title: a petition's subject, a unit's name, an agency that forwarded a petition.
pub const TITLE: usize = 300;
/// A reason, note or decision text given with an action.
pub const NOTE: usize = 5_000;
/// The full content of a petition or of a reception.
pub const CONTENT: usize = 20_000;
/// Identification and contact details.
pub const IDENTIFIER: usize = 30;
/// An e-mail address (RFC 5321's limit on a path).
pub const EMAIL: usize = 254;
/// The signatories of a petition signed by several people, one per line.
pub const SIGNATORIES: usize = 20_000;
/// A citizen's comment with a rating.
pub const COMMENT: usize = 2_000;

/// Any text field not in [`LIMITS`] (a code, a search, a free note of an admin form).
pub const DEFAULT_MAX_CHARS: usize = NOTE;

/// Every named free-text field. Field names are shared between inputs where they mean the same
/// thing (`reason`, `note`), so one row serves a dossier and a petition alike.
pub const LIMITS: &[TextLimit] = &[
    // petitions (registration, page and API)
    row("sender_name", NAME),
    row("sender_address", ADDRESS),
    row("sender_id_number", IDENTIFIER),
    row("sender_phone", IDENTIFIER),
    row("sender_email", EMAIL),
    row("forwarded_by", TITLE),
    row("subject", TITLE),
    row("content", CONTENT),
    row("signatories", SIGNATORIES),
    row("first_instance_code", IDENTIFIER * 2),
    // actions on petitions and dossiers
    row("reason", NOTE),
    row("note", NOTE),
    row("text", NOTE),
    row("complexity_reason", NOTE),
    row("agency", TITLE),
    row("items_text", NOTE),
    row("conclusion", NOTE),
    row("guidance", NOTE),
    row("document", TITLE),
    // reception (tiếp công dân): the visit form and the conclusion notice
    row("visitor_name", NAME),
    row("visitor_address", ADDRESS),
    row("visitor_id_number", IDENTIFIER),
    row("representatives", SIGNATORIES),
    row("prior_handling", NOTE),
    row("forwarded_to", TITLE),
    row("documents", NOTE),
    row("host_name", NAME),
    row("head_name", NAME),
    row("host_title", TITLE),
    row("place", TITLE),
    // applicants of dossiers
    row("name", NAME),
    row("address", ADDRESS),
    row("representative", NAME),
    row("phone", IDENTIFIER),
    row("email", EMAIL),
    row("citizen_id", IDENTIFIER),
    row("tax_code", IDENTIFIER),
    row("return_place", TITLE),
    row("file_name", TITLE),
    // accounts, units, ratings
    row("full_name", NAME),
    row("comment", COMMENT),
];

const fn row(field: &'static str, max_chars: usize) -> TextLimit {
    TextLimit { field, max_chars }
}

/// The row for `field`, if the table names it.
#[must_use]
pub fn limit_for(field: &str) -> Option<&'static TextLimit> {
    LIMITS.iter().find(|l| l.field == field)
}

/// The largest size of `field` in characters: its row, or [`DEFAULT_MAX_CHARS`].
#[must_use]
pub fn max_chars(field: &str) -> usize {
    limit_for(field).map_or(DEFAULT_MAX_CHARS, |l| l.max_chars)
}

/// `20000` as `20.000`, the way Vietnamese writes numbers.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The message for `field` when `value` is longer than its limit, or `None`.
#[must_use]
pub fn too_long(field: &str, value: &str) -> Option<FieldError> {
    let max = max_chars(field);
    // Counting stops one past the limit: a megabyte is refused without walking all of it.
    if value.chars().take(max + 1).count() <= max {
        return None;
    }
    // The field's name is `validation-field-<field>` in the locales.
    let label = limit_for(field).map_or("unknown", |l| l.field);
    Some(FieldError {
        field: field.to_owned(),
        message: Text::with(
            "validation-too_long",
            vec![
                ("label", MessageArg::Label("validation-field", label)),
                ("max", grouped(max).into()),
                ("n", max.into()),
            ],
        ),
    })
}

/// Every field of `fields` (name, value) that is too long; empty when all fit.
#[must_use]
pub fn check(fields: &[(&str, &str)]) -> Vec<FieldError> {
    fields
        .iter()
        .filter_map(|(name, value)| too_long(name, value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_is_named_once() {
        let mut names: Vec<_> = LIMITS.iter().map(|l| l.field).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before);
    }

    #[test]
    fn a_limit_counts_characters_not_bytes() {
        let name = "Đặng Thị Ngọc Ánh".repeat(11); // 187 characters, 250+ bytes
        assert!(name.len() > NAME && name.chars().count() <= NAME);
        assert_eq!(too_long("sender_name", &name), None);
        let long = "ư".repeat(NAME + 1);
        let e = too_long("sender_name", &long).expect("too long");
        assert_eq!(e.field, "sender_name");
        assert_eq!(
            e.message.to_string(),
            "Họ tên người gửi dài quá mức cho phép: tối đa 200 ký tự."
        );
        assert_eq!(too_long("sender_name", &"a".repeat(NAME)), None);
    }

    #[test]
    fn unknown_fields_get_the_default_and_numbers_are_grouped() {
        let e = too_long("x", &"a".repeat(DEFAULT_MAX_CHARS + 1)).expect("too long");
        assert!(
            e.message
                .to_string()
                .starts_with("Trường này dài quá mức cho phép: tối đa 5.000 ký tự"),
            "{}",
            e.message
        );
        assert_eq!(grouped(20_000), "20.000");
        assert_eq!(grouped(254), "254");
        let errs = check(&[("content", &"x".repeat(CONTENT + 1)), ("subject", "ngắn")]);
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.to_string().contains("20.000"));
    }
}
