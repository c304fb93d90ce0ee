//! What a report must say, and the limits on what it may carry. The limits are ours (no law sets
//! them); `docs/REPORTS.md` lists them for the people who meet them.

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::message::{MessageArg, Text};

/// The longest title, characters.
pub const TITLE_MAX_CHARS: usize = 120;
/// The longest description, characters: GeoReport v2 allows 4,000.
pub const DESCRIPTION_MAX_CHARS: usize = 4_000;
/// The longest address, characters.
pub const ADDRESS_MAX_CHARS: usize = 300;
/// Photos with one report.
pub const MAX_PHOTOS: usize = 5;
/// The largest photo accepted, bytes, before resizing: a phone's full-size picture fits.
pub const PHOTO_MAX_BYTES: usize = 12 * 1024 * 1024;
/// The longest side of a stored photo, pixels.
pub const PHOTO_MAX_SIDE: u32 = 1600;
/// A photo's pixel count refused before decoding it (a small file may claim a huge image).
pub const PHOTO_MAX_PIXELS: u64 = 50_000_000;
/// Nearby open reports offered to the person filing: radius, metres, and how many.
pub const SUGGEST_RADIUS_M: f64 = 250.0;
pub const SUGGEST_MAX: usize = 5;
/// The radius staff search for duplicates, metres.
pub const STAFF_RADIUS_M: f64 = 1_000.0;

/// How the report reached us.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Desk,
    Phone,
    Open311,
}

impl Channel {
    pub const ALL: [Self; 4] = [Self::Web, Self::Desk, Self::Phone, Self::Open311];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Desk => "desk",
            Self::Phone => "phone",
            Self::Open311 => "open311",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s.trim())
    }
}

fn too_long(field: &'static str, max: usize) -> FieldError {
    FieldError::new(
        field,
        Text::with(
            "validation-report-too_long",
            vec![(
                "max",
                MessageArg::Number(i64::try_from(max).unwrap_or(i64::MAX)),
            )],
        ),
    )
}

/// The typed text of a report, checked: a title (made from the description's start when the
/// client sends none, as Open311 clients do), a description, an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportText {
    pub title: String,
    pub description: String,
    pub address: String,
}

impl ReportText {
    pub fn parse(title: &str, description: &str, address: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let description = description.trim().replace("\r\n", "\n");
        let address = address.trim().to_owned();
        let mut title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if description.is_empty() {
            errors.push(FieldError::new(
                "description",
                Text::id("validation-report-description_required"),
            ));
        } else if description.chars().count() > DESCRIPTION_MAX_CHARS {
            errors.push(too_long("description", DESCRIPTION_MAX_CHARS));
        }
        if title.is_empty() {
            title = description
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .take(80)
                .collect();
        } else if title.chars().count() > TITLE_MAX_CHARS {
            errors.push(too_long("title", TITLE_MAX_CHARS));
        }
        if address.chars().count() > ADDRESS_MAX_CHARS {
            errors.push(too_long("address_string", ADDRESS_MAX_CHARS));
        }
        if errors.is_empty() {
            Ok(Self {
                title,
                description,
                address,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_title_is_taken_from_the_description() {
        let t = ReportText::parse("", "  Đèn đường   tắt cả tuần  ", "").unwrap();
        assert_eq!(t.title, "Đèn đường tắt cả tuần");
        assert_eq!(t.description, "Đèn đường   tắt cả tuần");
    }

    #[test]
    fn empty_and_long_texts_are_refused_by_field() {
        let e = ReportText::parse("x", " ", "").unwrap_err();
        assert_eq!(e[0].field, "description");
        let long = "a".repeat(DESCRIPTION_MAX_CHARS + 1);
        let e = ReportText::parse(&"t".repeat(121), &long, "").unwrap_err();
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["description", "title"]);
        assert!(ReportText::parse("t", &"a".repeat(DESCRIPTION_MAX_CHARS), "").is_ok());
    }
}
