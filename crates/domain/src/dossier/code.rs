//! The dossier code (mã số hồ sơ) printed on the receipt: `<agency>-YYMMDD-NNNN`
//! (TT 01/2018/TT-VPCP Đ19; NĐ 61/2018 Đ26).
//!
//! - `agency` is the receiving agency's identifier under TT 10/2016/TT-BTTTT, such as
//!   `H15.50.05.13` or `000.00.31.H56`: ASCII letters, digits and dots.
//! - `YYMMDD` is the day of receipt.
//! - `NNNN` is the running number within the day. The circular shows four digits; ministry
//!   portals use six or seven, so parsing accepts 4–7 and a code keeps the width it was issued
//!   with (a code is never rewritten once issued).
//!
//! Citizens type these codes on phones to track their dossier, so [`DossierCode::parse`]
//! forgives what keyboards do (case, `_`, spaces, en and em dashes, the letter O for zero in
//! the numeric parts) and, when the code is still wrong, says which part is wrong and how.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::message::{MessageArg, Text};

pub const AGENCY_MAX: usize = 40;
pub const MIN_WIDTH: usize = 4;
pub const MAX_WIDTH: usize = 7;
pub const DEFAULT_WIDTH: usize = 4;

/// A well-formed dossier code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DossierCode {
    agency: String,
    date: NaiveDate,
    sequence: u32,
    width: usize,
}

/// Why a typed code is not a dossier code. [`CodeProblem::text`] is the message for the
/// person who typed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeProblem {
    Empty,
    /// Characters other than letters, digits, dots and dashes (listed once each, in order).
    WrongCharacters(String),
    /// Only the agency part, with no date or number after it.
    MissingDateAndSequence,
    /// Two parts, the second not looking like a date.
    MissingDate,
    /// Two parts, the second looking like a date.
    MissingSequence,
    /// More than three dash-separated parts.
    TooManyParts(usize),
    MissingAgency,
    AgencyTooLong(usize),
    /// An agency part with an empty group between dots (`H15..05`, `.H15`, `H15.`).
    AgencyMalformed,
    /// The date part is not six digits; carries what was there.
    DateNotSixDigits(String),
    /// Six digits that are not a calendar date (month 13, 30 February…).
    ImpossibleDate(String),
    SequenceNotDigits(String),
    SequenceTooShort(usize),
    SequenceTooLong(usize),
}

impl CodeProblem {
    /// What is wrong and how to fix it, in the reader's language.
    #[must_use]
    pub fn text(&self) -> Text {
        let with = |id, args: Vec<(&'static str, MessageArg)>| Text::with(id, args);
        match self {
            Self::Empty => Text::id("validation-dossier_code-empty"),
            Self::WrongCharacters(cs) => with(
                "validation-dossier_code-wrong_characters",
                vec![("chars", cs.as_str().into())],
            ),
            Self::MissingDateAndSequence => {
                Text::id("validation-dossier_code-missing_date_and_sequence")
            }
            Self::MissingDate => Text::id("validation-dossier_code-missing_date"),
            Self::MissingSequence => Text::id("validation-dossier_code-missing_sequence"),
            Self::TooManyParts(n) => with(
                "validation-dossier_code-too_many_parts",
                vec![("n", (*n).into())],
            ),
            Self::MissingAgency => Text::id("validation-dossier_code-missing_agency"),
            Self::AgencyTooLong(n) => with(
                "validation-dossier_code-agency_too_long",
                vec![("n", (*n).into()), ("max", AGENCY_MAX.into())],
            ),
            Self::AgencyMalformed => Text::id("validation-dossier_code-agency_malformed"),
            Self::DateNotSixDigits(d) => with(
                "validation-dossier_code-date_not_six_digits",
                vec![("shown", d.as_str().into())],
            ),
            Self::ImpossibleDate(d) => with(
                "validation-dossier_code-impossible_date",
                vec![
                    ("shown", d.as_str().into()),
                    ("yy", d[..2].into()),
                    ("mm", d[2..4].into()),
                    ("dd", d[4..].into()),
                ],
            ),
            Self::SequenceNotDigits(s) => with(
                "validation-dossier_code-sequence_not_digits",
                vec![("shown", s.as_str().into())],
            ),
            Self::SequenceTooShort(n) => with(
                "validation-dossier_code-sequence_too_short",
                vec![("n", (*n).into())],
            ),
            Self::SequenceTooLong(n) => with(
                "validation-dossier_code-sequence_too_long",
                vec![("n", (*n).into())],
            ),
        }
    }
}

impl fmt::Display for CodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.text().fmt(f)
    }
}

impl std::error::Error for CodeProblem {}

impl From<CodeProblem> for DomainError {
    fn from(p: CodeProblem) -> Self {
        DomainError::invalid("code", p.text())
    }
}

impl DossierCode {
    /// Builds a code at issue time. `width` is the sequence's digit count (4–7); the sequence
    /// must fit in it, because widening it silently would print a different code from the one
    /// the numbering scheme promised.
    pub fn new(
        agency: &str,
        date: NaiveDate,
        sequence: u32,
        width: usize,
    ) -> Result<Self, DomainError> {
        check_agency(agency)?;
        if !(2000..=2099).contains(&date.year()) {
            return Err(DomainError::invalid(
                "date",
                Text::id("validation-dossier_code-year_range"),
            ));
        }
        if !(MIN_WIDTH..=MAX_WIDTH).contains(&width) {
            return Err(DomainError::invalid(
                "width",
                Text::with(
                    "validation-dossier_code-width",
                    vec![("min", MIN_WIDTH.into()), ("max", MAX_WIDTH.into())],
                ),
            ));
        }
        let limit = 10u32.pow(u32::try_from(width).unwrap_or(7));
        if sequence >= limit {
            return Err(DomainError::invalid(
                "sequence",
                Text::with(
                    "validation-dossier_code-sequence_too_wide",
                    vec![("sequence", sequence.into()), ("width", width.into())],
                ),
            ));
        }
        Ok(Self {
            agency: agency.to_owned(),
            date,
            sequence,
            width,
        })
    }

    /// What [`parse`](Self::parse) reads: trimmed, uppercased, every run of separators
    /// (space, `_`, `-`, en/em dash, minus sign, non-breaking hyphen) turned into one `-`, and
    /// in the last two parts (date and number, which are digits only) the letter O read as 0.
    #[must_use]
    pub fn normalise_input(raw: &str) -> String {
        let mut out = String::with_capacity(raw.len());
        for c in raw.trim().chars() {
            let sep = c.is_whitespace() || matches!(c, '-' | '_' | '–' | '—' | '−' | '‑' | '‐');
            if sep {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            } else {
                out.extend(c.to_uppercase());
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        let mut parts: Vec<String> = out.split('-').map(str::to_owned).collect();
        let n = parts.len();
        if n >= 2 {
            for p in &mut parts[n.saturating_sub(2).max(1)..] {
                *p = p.replace('O', "0");
            }
        }
        parts.join("-")
    }

    /// Reads a code as a person typed it, see [`normalise_input`](Self::normalise_input).
    pub fn parse(raw: &str) -> Result<Self, CodeProblem> {
        let s = Self::normalise_input(raw);
        if s.is_empty() {
            return Err(CodeProblem::Empty);
        }
        let mut wrong = String::new();
        for c in s.chars() {
            let allowed = c.is_ascii_alphanumeric() || c == '.' || c == '-';
            if !allowed && !wrong.contains(c) {
                if !wrong.is_empty() {
                    wrong.push(' ');
                }
                wrong.push(c);
            }
        }
        if !wrong.is_empty() {
            return Err(CodeProblem::WrongCharacters(wrong));
        }
        let parts: Vec<&str> = s.split('-').collect();
        let (agency, date, seq) = match parts.as_slice() {
            [a, d, q] => (*a, *d, *q),
            [_] => return Err(CodeProblem::MissingDateAndSequence),
            [first, last] => {
                let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
                return Err(
                    if digits(first)
                        && first.len() == 6
                        && digits(last)
                        && (MIN_WIDTH..=MAX_WIDTH).contains(&last.len())
                    {
                        CodeProblem::MissingAgency
                    } else if digits(last) && last.len() == 6 {
                        CodeProblem::MissingSequence
                    } else {
                        CodeProblem::MissingDate
                    },
                );
            }
            more => return Err(CodeProblem::TooManyParts(more.len())),
        };
        if agency.is_empty() {
            return Err(CodeProblem::MissingAgency);
        }
        check_agency_shape(agency)?;
        if date.len() != 6 || !date.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeProblem::DateNotSixDigits(date.to_owned()));
        }
        let num = |r: std::ops::Range<usize>| date[r].parse::<u32>().unwrap_or(0);
        let day = NaiveDate::from_ymd_opt(
            2000 + i32::try_from(num(0..2)).unwrap_or(0),
            num(2..4),
            num(4..6),
        )
        .ok_or_else(|| CodeProblem::ImpossibleDate(date.to_owned()))?;
        if !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeProblem::SequenceNotDigits(seq.to_owned()));
        }
        if seq.len() < MIN_WIDTH {
            return Err(CodeProblem::SequenceTooShort(seq.len()));
        }
        if seq.len() > MAX_WIDTH {
            return Err(CodeProblem::SequenceTooLong(seq.len()));
        }
        Ok(Self {
            agency: agency.to_owned(),
            date: day,
            sequence: seq.parse().unwrap_or(0),
            width: seq.len(),
        })
    }

    #[must_use]
    pub fn agency(&self) -> &str {
        &self.agency
    }

    /// The day of receipt.
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The running number within the day.
    #[must_use]
    pub fn sequence(&self) -> u32 {
        self.sequence
    }

    /// How many digits the running number is printed with.
    #[must_use]
    pub fn width(&self) -> usize {
        self.width
    }
}

fn check_agency_shape(agency: &str) -> Result<(), CodeProblem> {
    let n = agency.chars().count();
    if n > AGENCY_MAX {
        return Err(CodeProblem::AgencyTooLong(n));
    }
    let group_ok = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_alphanumeric());
    if !agency.split('.').all(group_ok) {
        return Err(CodeProblem::AgencyMalformed);
    }
    Ok(())
}

fn check_agency(agency: &str) -> Result<(), DomainError> {
    if agency.is_empty() {
        return Err(CodeProblem::MissingAgency.into());
    }
    check_agency_shape(agency).map_err(|p| DomainError::invalid("agency", p.text()))?;
    // Lowercase is accepted when a citizen types a code, but an issued code is canonical.
    if agency.bytes().any(|b| b.is_ascii_lowercase()) {
        return Err(DomainError::invalid(
            "agency",
            Text::id("validation-dossier_code-agency_lowercase"),
        ));
    }
    Ok(())
}

impl fmt::Display for DossierCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}-{:0w$}",
            self.agency,
            self.date.format("%y%m%d"),
            self.sequence,
            w = self.width
        )
    }
}

impl TryFrom<String> for DossierCode {
    type Error = CodeProblem;
    fn try_from(s: String) -> Result<Self, CodeProblem> {
        Self::parse(&s)
    }
}

impl From<DossierCode> for String {
    fn from(c: DossierCode) -> Self {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_published_examples_parse() {
        let c = DossierCode::parse("H15.50.05.13-261008-0975").unwrap();
        assert_eq!(c.agency(), "H15.50.05.13");
        assert_eq!(c.date(), d(2026, 10, 8));
        assert_eq!(c.sequence(), 975);
        assert_eq!(c.width(), 4);
        assert_eq!(c.to_string(), "H15.50.05.13-261008-0975");
        let m = DossierCode::parse("000.00.31.H56-250701-0001234").unwrap();
        assert_eq!(m.width(), 7);
        assert_eq!(m.sequence(), 1234);
        assert_eq!(m.to_string(), "000.00.31.H56-250701-0001234");
    }

    #[test]
    fn what_phones_do_to_a_code_is_forgiven() {
        for raw in [
            "  h15.50.05.13-261008-0975 ",
            "H15.50.05.13_261008_0975",
            "H15.50.05.13 261008 0975",
            "H15.50.05.13 - 261008 - 0975",
            "H15.50.05.13–261008—0975",
            "H15.50.05.13--261008--0975",
            "H15.50.05.13-261OO8-O975",
            "h15.50.05.13-261o08-0975",
        ] {
            let c = DossierCode::parse(raw).unwrap_or_else(|p| panic!("{raw}: {p}"));
            assert_eq!(c.to_string(), "H15.50.05.13-261008-0975", "{raw}");
        }
        // The letter O stays a letter in the agency part, where letters are legitimate.
        assert_eq!(
            DossierCode::normalise_input("o15.50-261008-0975"),
            "O15.50-261008-0975"
        );
        assert_eq!(DossierCode::normalise_input(" - x - "), "X");
    }

    #[test]
    fn every_mistake_gets_its_diagnosis() {
        use CodeProblem::*;
        let p = |raw: &str| DossierCode::parse(raw).unwrap_err();
        assert_eq!(p(""), Empty);
        assert_eq!(p(" _ "), Empty);
        assert_eq!(p("H15.50/05-261008-0975#"), WrongCharacters("/ #".into()));
        assert_eq!(p("HĐ15-261008-0975"), WrongCharacters("Đ".into()));
        assert_eq!(p("H15.50.05.13"), MissingDateAndSequence);
        assert_eq!(p("H15.50.05.13-0975"), MissingDate);
        assert_eq!(p("H15.50.05.13-261008"), MissingSequence);
        assert_eq!(p("H15-50-261008-0975"), TooManyParts(4));
        assert_eq!(p("-261008-0975"), MissingAgency);
        assert_eq!(p("261008-0975"), MissingAgency);
        assert_eq!(
            p(&format!("{}-261008-0975", "A".repeat(41))),
            AgencyTooLong(41)
        );
        assert!(DossierCode::parse(&format!("{}-261008-0975", "A".repeat(40))).is_ok());
        assert_eq!(p("H15..05-261008-0975"), AgencyMalformed);
        assert_eq!(p(".H15-261008-0975"), AgencyMalformed);
        assert_eq!(p("H15.-261008-0975"), AgencyMalformed);
        assert_eq!(p("H15-26108-0975"), DateNotSixDigits("26108".into()));
        assert_eq!(p("H15-2610081-0975"), DateNotSixDigits("2610081".into()));
        assert_eq!(p("H15-26A008-0975"), DateNotSixDigits("26A008".into()));
        assert_eq!(p("H15-261345-0975"), ImpossibleDate("261345".into()));
        assert_eq!(p("H15-260230-0975"), ImpossibleDate("260230".into()));
        assert_eq!(p("H15-261000-0975"), ImpossibleDate("261000".into()));
        assert!(DossierCode::parse("H15-240229-0975").is_ok());
        assert_eq!(p("H15-250229-0975"), ImpossibleDate("250229".into()));
        assert_eq!(p("H15-261008-09A5"), SequenceNotDigits("09A5".into()));
        assert_eq!(p("H15-261008-975"), SequenceTooShort(3));
        assert_eq!(p("H15-261008-00000975"), SequenceTooLong(8));
    }

    #[test]
    fn hints_are_specific() {
        use CodeProblem::*;
        assert_eq!(
            ImpossibleDate("261345".into()).text().to_string(),
            "«261345» không phải ngày có thật (đọc là năm-tháng-ngày: 2026, tháng 13, ngày 45); hãy kiểm tra lại phần ngày."
        );
        assert_eq!(
            SequenceTooShort(3).text().to_string(),
            "Số thứ tự hồ sơ có 3 chữ số, ít nhất phải 4 (giữ cả các số 0 ở đầu, ví dụ 0975)."
        );
        assert!(
            MissingDate
                .text()
                .to_string()
                .starts_with("Thiếu phần ngày tiếp nhận")
        );
        assert!(
            MissingSequence
                .text()
                .to_string()
                .starts_with("Thiếu số thứ tự")
        );
        assert!(
            WrongCharacters("/".into())
                .text()
                .to_string()
                .ends_with("hãy bỏ: /.")
        );
        assert!(Empty.text().to_string().contains("giấy tiếp nhận"));
        let e: DomainError = TooManyParts(4).into();
        assert_eq!(e.fields()[0].field, "code");
        assert!(e.fields()[0].message.to_string().contains("đã nhập 4 phần"));
    }

    #[test]
    fn new_checks_what_it_issues() {
        let day = d(2026, 10, 8);
        let c = DossierCode::new("H15.50.05.13", day, 975, DEFAULT_WIDTH).unwrap();
        assert_eq!(c.to_string(), "H15.50.05.13-261008-0975");
        assert_eq!(
            DossierCode::new("H15", day, 42, 6).unwrap().to_string(),
            "H15-261008-000042"
        );
        assert!(DossierCode::new("H15", day, 9999, 4).is_ok());
        let e = DossierCode::new("H15", day, 10_000, 4).unwrap_err();
        assert_eq!(e.fields()[0].field, "sequence");
        assert!(
            e.fields()[0]
                .message
                .to_string()
                .contains("10000 không vừa 4 chữ số")
        );
        assert_eq!(
            DossierCode::new("H15", day, 1, 3).unwrap_err().fields()[0].field,
            "width"
        );
        assert_eq!(
            DossierCode::new("H15", day, 1, 8).unwrap_err().fields()[0].field,
            "width"
        );
        assert!(DossierCode::new("H15", day, 9_999_999, 7).is_ok());
        for bad in ["", "h15", "H15-1", "H 15", "H15..1", "Hà"] {
            assert!(DossierCode::new(bad, day, 1, 4).is_err(), "{bad}");
        }
        assert_eq!(
            DossierCode::new("H15", d(2100, 1, 1), 1, 4)
                .unwrap_err()
                .fields()[0]
                .field,
            "date"
        );
        assert!(DossierCode::new("H15", d(1999, 12, 31), 1, 4).is_err());
    }

    #[test]
    fn serde_uses_the_printed_form() {
        let c = DossierCode::parse("H15.50.05.13-261008-0975").unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"H15.50.05.13-261008-0975\"");
        assert_eq!(serde_json::from_str::<DossierCode>(&json).unwrap(), c);
        assert!(serde_json::from_str::<DossierCode>("\"H15-261345-0975\"").is_err());
    }

    fn agency() -> impl Strategy<Value = String> {
        proptest::collection::vec("[A-Z0-9]{1,5}", 1..6)
            .prop_map(|groups| groups.join("."))
            .prop_filter("at most 40 characters", |a| a.len() <= AGENCY_MAX)
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(
            agency in agency(),
            days in 0i64..36_524,
            width in MIN_WIDTH..=MAX_WIDTH,
            seq in 0u32..10_000_000,
        ) {
            let date = d(2000, 1, 1) + chrono::Days::new(u64::try_from(days).unwrap());
            let seq = seq % 10u32.pow(u32::try_from(width).unwrap());
            let code = DossierCode::new(&agency, date, seq, width).unwrap();
            let text = code.to_string();
            prop_assert_eq!(DossierCode::parse(&text).unwrap(), code.clone());
            // And as a citizen might retype it.
            let sloppy = format!("  {} ", text.to_lowercase().replace('-', " _ "));
            prop_assert_eq!(DossierCode::parse(&sloppy).unwrap(), code);
        }

        #[test]
        fn parse_never_panics_and_normalising_is_idempotent(s in "\\PC{0,40}") {
            let _ = DossierCode::parse(&s);
            let once = DossierCode::normalise_input(&s);
            prop_assert_eq!(DossierCode::normalise_input(&once), once.clone());
        }
    }
}
