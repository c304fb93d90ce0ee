//! The personal identification number on a Căn cước / Căn cước công dân card (số định danh cá
//! nhân, Luật Căn cước 2023 Đ12): 12 digits whose first six say where the birth was registered,
//! the century and sex, and the year of birth.
//!
//! Layout (Thông tư 07/2016/TT-BCA Đ7 and Phụ lục I, carried over by the later circulars):
//!
//! | digits | meaning |
//! |---|---|
//! | 1–3 | province where the birth was registered (table below) |
//! | 4 | century and sex: 0/1 = 1900–1999 male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s |
//! | 5–6 | last two digits of the birth year |
//! | 7–12 | random |
//!
//! Checking the structure catches the common typing slips at the counter (a digit dropped, two
//! swapped in the year) before the dossier is issued a receipt, and lets the officer compare the
//! year on the form with the year the number encodes.
//!
//! The province codes are the 63 pre-2025 provinces. They did not change with the 2025 merger:
//! a number is issued once and stays on the person for life, so a person born in Hà Giang keeps
//! 002 even though Hà Giang is now part of Tuyên Quang. The circular also allows a country code
//! for births registered abroad; we have found no published table of those codes, so such a
//! number is rejected as an unknown province and the officer must check it by hand.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::message::Text;

/// The province codes of Phụ lục I, Thông tư 07/2016/TT-BCA (01/02/2016), in the order of the
/// appendix. Cross-checked against two published copies of the appendix (moinhat123.blogspot.com,
/// news.thuvienphapluat.vn).
pub const PROVINCE_CODES: [(&str, &str); 63] = [
    ("001", "Hà Nội"),
    ("002", "Hà Giang"),
    ("004", "Cao Bằng"),
    ("006", "Bắc Kạn"),
    ("008", "Tuyên Quang"),
    ("010", "Lào Cai"),
    ("011", "Điện Biên"),
    ("012", "Lai Châu"),
    ("014", "Sơn La"),
    ("015", "Yên Bái"),
    ("017", "Hòa Bình"),
    ("019", "Thái Nguyên"),
    ("020", "Lạng Sơn"),
    ("022", "Quảng Ninh"),
    ("024", "Bắc Giang"),
    ("025", "Phú Thọ"),
    ("026", "Vĩnh Phúc"),
    ("027", "Bắc Ninh"),
    ("030", "Hải Dương"),
    ("031", "Hải Phòng"),
    ("033", "Hưng Yên"),
    ("034", "Thái Bình"),
    ("035", "Hà Nam"),
    ("036", "Nam Định"),
    ("037", "Ninh Bình"),
    ("038", "Thanh Hóa"),
    ("040", "Nghệ An"),
    ("042", "Hà Tĩnh"),
    ("044", "Quảng Bình"),
    ("045", "Quảng Trị"),
    ("046", "Thừa Thiên Huế"),
    ("048", "Đà Nẵng"),
    ("049", "Quảng Nam"),
    ("051", "Quảng Ngãi"),
    ("052", "Bình Định"),
    ("054", "Phú Yên"),
    ("056", "Khánh Hòa"),
    ("058", "Ninh Thuận"),
    ("060", "Bình Thuận"),
    ("062", "Kon Tum"),
    ("064", "Gia Lai"),
    ("066", "Đắk Lắk"),
    ("067", "Đắk Nông"),
    ("068", "Lâm Đồng"),
    ("070", "Bình Phước"),
    ("072", "Tây Ninh"),
    ("074", "Bình Dương"),
    ("075", "Đồng Nai"),
    ("077", "Bà Rịa - Vũng Tàu"),
    ("079", "Hồ Chí Minh"),
    ("080", "Long An"),
    ("082", "Tiền Giang"),
    ("083", "Bến Tre"),
    ("084", "Trà Vinh"),
    ("086", "Vĩnh Long"),
    ("087", "Đồng Tháp"),
    ("089", "An Giang"),
    ("091", "Kiên Giang"),
    ("092", "Cần Thơ"),
    ("093", "Hậu Giang"),
    ("094", "Sóc Trăng"),
    ("095", "Bạc Liêu"),
    ("096", "Cà Mau"),
];

/// The province name for a three-digit code, if the code is in the table.
#[must_use]
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCE_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// Sex as encoded in digit 4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Male => "Nam",
            Self::Female => "Nữ",
        }
    }
}

const FIELD: &str = "citizen_id";
const DIGITS: usize = 12;
/// The first year digit 4 can express (0 = 1900s) and the last (9 = 2300s).
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2399;

/// A structurally valid Căn cước number.
///
/// `Debug` prints the masked form so that a stray `{:?}` in a log line does not leak the
/// number; `Display` and serialisation give all twelve digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CitizenId(String);

impl CitizenId {
    /// Parses what an officer or citizen typed. Spaces and dots are dropped because people copy
    /// the number in groups ("079 085 001 234", "079.085.001.234"); anything else must be a
    /// digit.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let shown = raw.trim();
        if shown.is_empty() {
            return Err(DomainError::invalid(
                FIELD,
                Text::id("validation-citizen_id-empty"),
            ));
        }
        let compact: String = shown
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.')
            .collect();
        if let Some(c) = compact.chars().find(|c| c.is_alphabetic()) {
            return Err(DomainError::invalid(
                FIELD,
                Text::with(
                    "validation-citizen_id-letter",
                    vec![("char", c.to_string().into()), ("shown", shown.into())],
                ),
            ));
        }
        if let Some(c) = compact.chars().find(|c| !c.is_ascii_digit()) {
            return Err(DomainError::invalid(
                FIELD,
                Text::with(
                    "validation-citizen_id-not_digit",
                    vec![("char", c.to_string().into())],
                ),
            ));
        }
        let n = compact.len();
        if n == 9 {
            return Err(DomainError::invalid(
                FIELD,
                Text::id("validation-citizen_id-old_card"),
            ));
        }
        if n < DIGITS {
            return Err(DomainError::invalid(
                FIELD,
                Text::with(
                    "validation-citizen_id-too_short",
                    vec![("n", n.into()), ("missing", (DIGITS - n).into())],
                ),
            ));
        }
        if n > DIGITS {
            return Err(DomainError::invalid(
                FIELD,
                Text::with(
                    "validation-citizen_id-too_long",
                    vec![("n", n.into()), ("extra", (n - DIGITS).into())],
                ),
            ));
        }
        let code = &compact[..3];
        if province_name(code).is_none() {
            return Err(DomainError::invalid(
                FIELD,
                Text::with(
                    "validation-citizen_id-province",
                    vec![("code", code.into())],
                ),
            ));
        }
        Ok(Self(compact))
    }

    /// Parses, then checks the year the number encodes against the year on the form when one
    /// was given.
    pub fn parse_with_birth_year(raw: &str, birth_year: Option<i32>) -> Result<Self, DomainError> {
        let id = Self::parse(raw)?;
        if let Some(year) = birth_year {
            id.check_birth_year(year)?;
        }
        Ok(id)
    }

    /// Checks digit 4 (century) and digits 5–6 (year) against `year`. The error is reported
    /// on `birth_year` and says what each side says, since either may be the mistyped one.
    pub fn check_birth_year(&self, year: i32) -> Result<(), DomainError> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(DomainError::invalid(
                "birth_year",
                Text::with(
                    "validation-citizen_id-birth_year",
                    vec![("year", year.to_string().into())],
                ),
            ));
        }
        let (start, end) = self.century();
        let card = self.birth_year_hint();
        if !(start..=end).contains(&year) {
            return Err(DomainError::invalid(
                "birth_year",
                Text::with(
                    "validation-citizen_id-century",
                    vec![
                        ("digit", self.digit(3).to_string().into()),
                        ("start", start.to_string().into()),
                        ("end", end.to_string().into()),
                        ("year", year.to_string().into()),
                    ],
                ),
            ));
        }
        if card != year {
            return Err(DomainError::invalid(
                "birth_year",
                Text::with(
                    "validation-citizen_id-year",
                    vec![
                        ("digits", self.0[4..6].into()),
                        ("card", card.to_string().into()),
                        ("year", year.to_string().into()),
                    ],
                ),
            ));
        }
        Ok(())
    }

    fn digit(&self, i: usize) -> u8 {
        self.0.as_bytes()[i] - b'0'
    }

    fn century(&self) -> (i32, i32) {
        let start = FIRST_YEAR + 100 * i32::from(self.digit(3) / 2);
        (start, start + 99)
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The three-digit code of the province where the birth was registered.
    #[must_use]
    pub fn province_code(&self) -> &str {
        &self.0[..3]
    }

    #[must_use]
    pub fn province_name(&self) -> &'static str {
        // Parsing only admits codes in the table.
        province_name(self.province_code()).unwrap_or("")
    }

    /// The birth year the number encodes (century from digit 4, year from digits 5–6).
    #[must_use]
    pub fn birth_year_hint(&self) -> i32 {
        self.century().0 + i32::from(self.digit(4) * 10 + self.digit(5))
    }

    #[must_use]
    pub fn sex(&self) -> Sex {
        if self.digit(3).is_multiple_of(2) {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// For screens and receipts that must not show the whole number: the first four digits
    /// (province and century) and the last two, which are enough for a person to recognise
    /// their own number.
    #[must_use]
    pub fn masked(&self) -> String {
        format!("{}******{}", &self.0[..4], &self.0[10..])
    }
}

impl fmt::Display for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CitizenId({})", self.masked())
    }
}

impl TryFrom<String> for CitizenId {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, DomainError> {
        Self::parse(&s)
    }
}

impl From<CitizenId> for String {
    fn from(id: CitizenId) -> Self {
        id.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn message(e: DomainError) -> String {
        e.fields()[0].message.to_string()
    }

    #[test]
    fn the_table_has_63_distinct_sorted_codes() {
        let codes: Vec<_> = PROVINCE_CODES.iter().map(|(c, _)| *c).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, codes);
        assert_eq!(codes.len(), 63);
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit()))
        );
    }

    #[test]
    fn every_province_code_parses_and_is_named() {
        for (code, name) in PROVINCE_CODES {
            let id = CitizenId::parse(&format!("{code}085001234")).unwrap();
            assert_eq!(id.province_code(), code);
            assert_eq!(id.province_name(), name);
        }
        let named = |c: &str| {
            CitizenId::parse(&format!("{c}085001234"))
                .unwrap()
                .province_name()
        };
        assert_eq!(named("001"), "Hà Nội");
        assert_eq!(named("079"), "Hồ Chí Minh");
        assert_eq!(named("048"), "Đà Nẵng");
    }

    #[test]
    fn every_code_outside_the_table_is_rejected() {
        for n in 0..1000 {
            let code = format!("{n:03}");
            let r = CitizenId::parse(&format!("{code}085001234"));
            if province_name(&code).is_some() {
                assert!(r.is_ok(), "{code}");
            } else {
                let m = message(r.unwrap_err());
                assert!(m.contains(&format!("«{code}»")), "{m}");
                assert!(m.contains("mã tỉnh"), "{m}");
            }
        }
    }

    #[test]
    fn every_century_digit_decodes() {
        let cases = [
            (0, 1985, Sex::Male),
            (1, 1985, Sex::Female),
            (2, 2085, Sex::Male),
            (3, 2085, Sex::Female),
            (4, 2185, Sex::Male),
            (5, 2185, Sex::Female),
            (6, 2285, Sex::Male),
            (7, 2285, Sex::Female),
            (8, 2385, Sex::Male),
            (9, 2385, Sex::Female),
        ];
        for (d, year, sex) in cases {
            let id = CitizenId::parse(&format!("079{d}85001234")).unwrap();
            assert_eq!(id.birth_year_hint(), year, "digit {d}");
            assert_eq!(id.sex(), sex, "digit {d}");
            assert!(id.check_birth_year(year).is_ok());
            assert!(id.check_birth_year(year - 100).is_err());
            assert!(id.check_birth_year(year + 1).is_err());
        }
    }

    #[test]
    fn typing_variants_are_accepted() {
        for raw in [
            "079085001234",
            "  079085001234 ",
            "079 085 001 234",
            "079.085.001.234",
            "0790 8500 1234",
            "\t079085001234\n",
        ] {
            assert_eq!(
                CitizenId::parse(raw).unwrap().as_str(),
                "079085001234",
                "{raw:?}"
            );
        }
    }

    #[test]
    fn bad_input_gets_a_distinct_message() {
        let m = |raw: &str| message(CitizenId::parse(raw).unwrap_err());
        assert_eq!(m("  "), "Vui lòng nhập số căn cước.");
        assert_eq!(
            m("07908500123"),
            "Số căn cước phải có đúng 12 chữ số; mới nhập 11 chữ số (thiếu 1)."
        );
        assert_eq!(
            m("0790850012345"),
            "Số căn cước phải có đúng 12 chữ số; đã nhập 13 chữ số (thừa 1)."
        );
        assert!(m("123456789").contains("chứng minh nhân dân cũ"));
        assert_eq!(
            m("07908500123O"),
            "Số căn cước chỉ gồm chữ số, không có chữ cái (có «O» trong «07908500123O»)."
        );
        assert_eq!(
            m("079-085-001-234"),
            "Số căn cước chỉ gồm chữ số; hãy bỏ ký tự «-»."
        );
        assert!(m("003085001234").contains("«003»"));
        // Full-width and other Unicode digits are not ASCII digits and must not slip through.
        assert!(CitizenId::parse("０７９085001234").is_err());
        assert_eq!(
            CitizenId::parse("  ").unwrap_err().fields()[0].field,
            "citizen_id"
        );
    }

    #[test]
    fn birth_year_mismatches_say_both_sides() {
        let id = CitizenId::parse("079085001234").unwrap();
        let e = id.check_birth_year(1986).unwrap_err();
        assert_eq!(e.fields()[0].field, "birth_year");
        assert_eq!(
            e.fields()[0].message.to_string(),
            "Chữ số thứ 5–6 của số căn cước («85») cho biết năm sinh 1985, nhưng tờ khai ghi năm sinh 1986."
        );
        let e = id.check_birth_year(2085).unwrap_err();
        assert_eq!(
            e.fields()[0].message.to_string(),
            "Chữ số thứ 4 của số căn cước («0») cho biết người sinh trong khoảng 1900–1999, nhưng tờ khai ghi năm sinh 2085."
        );
        assert!(message(id.check_birth_year(1899).unwrap_err()).contains("1899 không hợp lệ"));
        assert!(CitizenId::parse_with_birth_year("079085001234", Some(1985)).is_ok());
        assert!(CitizenId::parse_with_birth_year("079085001234", None).is_ok());
        assert!(CitizenId::parse_with_birth_year("079085001234", Some(1958)).is_err());
    }

    #[test]
    fn masking_keeps_province_century_and_last_two() {
        let id = CitizenId::parse("079085001234").unwrap();
        assert_eq!(id.masked(), "0790******34");
        assert_eq!(format!("{id:?}"), "CitizenId(0790******34)");
        assert_eq!(id.to_string(), "079085001234");
    }

    #[test]
    fn serde_revalidates() {
        let id: CitizenId = serde_json::from_str("\"079085001234\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"079085001234\"");
        assert!(serde_json::from_str::<CitizenId>("\"003085001234\"").is_err());
    }

    proptest! {
        #[test]
        fn encoded_year_and_sex_round_trip(
            p in 0usize..63,
            year in FIRST_YEAR..=LAST_YEAR,
            female in any::<bool>(),
            tail in 0u32..1_000_000,
        ) {
            let century_digit = (year - FIRST_YEAR) / 100 * 2 + i32::from(female);
            let raw = format!("{}{}{:02}{:06}", PROVINCE_CODES[p].0, century_digit, year % 100, tail);
            let id = CitizenId::parse(&raw).unwrap();
            prop_assert_eq!(id.birth_year_hint(), year);
            prop_assert_eq!(id.sex(), if female { Sex::Female } else { Sex::Male });
            prop_assert!(id.check_birth_year(year).is_ok());
            prop_assert_eq!(id.to_string(), raw);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = CitizenId::parse(&s);
        }
    }
}
