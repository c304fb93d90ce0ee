//! Who applies: a person (identified by their Căn cước number) or an organisation (by its tax
//! code), with how to reach them.
//!
//! [`ApplicantForm`] is the raw form as it arrives from HTML or JSON; [`ApplicantForm::parse`]
//! reports every problem at once, keyed by the raw field names, so the desk officer fixes the
//! form in one pass instead of resubmitting once per mistake.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::citizen_id::CitizenId;
use crate::message::Text;
use crate::text::fold;
use crate::{DomainError, FieldError};

/// A Vietnamese telephone number in national form (`0…`).
///
/// Mobile numbers have 10 digits and start 03, 05, 07, 08 or 09 (the 11-digit 01x mobile
/// numbers were moved to 10 digits in 2018). Landlines have 11 digits and start 02 (area code
/// plus number, since the 2017 area-code change).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Accepts the ways people write numbers: spaces, dots, dashes and brackets as separators,
    /// and the country code as `+84`, `0084` or `84` (with or without a following `(0)`).
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        const F: &str = "phone";
        let shown = raw.trim();
        if shown.is_empty() {
            return Err(DomainError::invalid(F, Text::id("validation-phone-empty")));
        }
        let compact: String = shown
            .chars()
            .filter(|c| !(c.is_whitespace() || matches!(c, '.' | '-' | '(' | ')')))
            .collect();
        let (international, rest) = if let Some(r) = compact.strip_prefix("+84") {
            (true, r)
        } else if let Some(r) = compact.strip_prefix("0084") {
            (true, r)
        } else if compact.starts_with("84") && matches!(compact.len(), 11 | 12) {
            // Without the `+`, "84" is only a country code when what follows has the length of
            // a national number without its 0; "0849…" (a mobile number) never gets here.
            (true, &compact[2..])
        } else {
            (false, compact.as_str())
        };
        if !rest.chars().all(|c| c.is_ascii_digit()) {
            return Err(DomainError::invalid(
                F,
                Text::with("validation-phone-not_digits", vec![("shown", shown.into())]),
            ));
        }
        let national = if international {
            format!("0{}", rest.strip_prefix('0').unwrap_or(rest))
        } else {
            rest.to_owned()
        };
        if !national.starts_with('0') {
            return Err(DomainError::invalid(
                F,
                Text::with("validation-phone-no_prefix", vec![("shown", shown.into())]),
            ));
        }
        let n = national.len();
        let second = national.as_bytes().get(1).copied().unwrap_or(b'0');
        match (n, second) {
            (10, b'3' | b'5' | b'7' | b'8' | b'9') | (11, b'2') => Ok(Self(national)),
            (11, b'1') => Err(DomainError::invalid(
                F,
                Text::with("validation-phone-old_mobile", vec![("shown", shown.into())]),
            )),
            (10, _) => Err(DomainError::invalid(
                F,
                Text::with(
                    "validation-phone-mobile_prefix",
                    vec![("shown", shown.into())],
                ),
            )),
            (11, _) => Err(DomainError::invalid(
                F,
                Text::with(
                    "validation-phone-landline_prefix",
                    vec![("shown", shown.into())],
                ),
            )),
            _ => Err(DomainError::invalid(
                F,
                Text::with(
                    "validation-phone-length",
                    vec![("shown", shown.into()), ("n", n.into())],
                ),
            )),
        }
    }

    /// The national form, `0…`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The E.164 form, `+84…`, for SMS gateways.
    #[must_use]
    pub fn international(&self) -> String {
        format!("+84{}", &self.0[1..])
    }

    #[must_use]
    pub fn is_mobile(&self) -> bool {
        self.0.len() == 10
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Phone {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, DomainError> {
        Self::parse(&s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> Self {
        p.0
    }
}

/// An e-mail address that passes a sanity check. Only sending mail proves an address works;
/// this catches what a person mistypes (a space, a missing `@` or domain dot, two `@`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// RFC 5321's limit on a whole address in a mail path.
    pub const MAX_LEN: usize = crate::limits::EMAIL;

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        const F: &str = "email";
        let s = raw.trim();
        let bad = |id| DomainError::invalid(F, Text::with(id, vec![("shown", s.into())]));
        if s.is_empty() {
            return Err(DomainError::invalid(F, Text::id("validation-email-empty")));
        }
        if s.len() > Self::MAX_LEN {
            return Err(DomainError::invalid(
                F,
                Text::with(
                    "validation-email-too_long",
                    vec![("max", Self::MAX_LEN.into())],
                ),
            ));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("validation-email-space"));
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(bad("validation-email-no_at"));
        };
        if domain.contains('@') {
            return Err(bad("validation-email-two_at"));
        }
        if local.is_empty() {
            return Err(bad("validation-email-no_local"));
        }
        if !domain.contains('.') {
            return Err(bad("validation-email-no_domain"));
        }
        if domain.starts_with('.') || domain.ends_with('.') || domain.contains("..") {
            return Err(bad("validation-email-bad_domain"));
        }
        // Domains are case-insensitive; the local part may not be, so only the domain is
        // lowered, which makes "An@Gmail.com" and "An@gmail.com" compare equal where it is safe.
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, DomainError> {
        Self::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> Self {
        e.0
    }
}

/// An organisation's tax code (mã số thuế, which is also the enterprise code): 10 digits, or
/// 10 digits, `-` and 3 digits for a branch or dependent unit.
///
/// The tenth digit is a check digit, but we found no authoritative statement of the algorithm,
/// so it is not checked: rejecting a real company at the desk costs more than letting a typo
/// through to the specialist.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TaxCode(String);

impl TaxCode {
    /// Accepts spaces anywhere and a 13-digit run without the dash, and normalises both to
    /// `NNNNNNNNNN` or `NNNNNNNNNN-NNN`.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        const F: &str = "tax_code";
        let shown = raw.trim();
        if shown.is_empty() {
            return Err(DomainError::invalid(
                F,
                Text::id("validation-tax_code-empty"),
            ));
        }
        let compact: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let (main, branch) = match compact.split_once(['-', '–', '—']) {
            Some((m, b)) => (m, Some(b)),
            None if compact.len() == 13 => (&compact[..10], Some(&compact[10..])),
            None => (compact.as_str(), None),
        };
        if !digits(main) || !branch.is_none_or(digits) {
            return Err(DomainError::invalid(
                F,
                Text::with(
                    "validation-tax_code-not_digits",
                    vec![("shown", shown.into())],
                ),
            ));
        }
        if main.len() != 10 {
            return Err(DomainError::invalid(
                F,
                Text::with(
                    "validation-tax_code-length",
                    vec![("shown", shown.into()), ("n", main.len().into())],
                ),
            ));
        }
        match branch {
            None => Ok(Self(main.to_owned())),
            Some(b) if b.len() == 3 => Ok(Self(format!("{main}-{b}"))),
            Some(b) => Err(DomainError::invalid(
                F,
                Text::with(
                    "validation-tax_code-branch_length",
                    vec![("branch", b.into()), ("n", b.len().into())],
                ),
            )),
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The parent organisation's 10-digit code (itself when this is not a branch).
    #[must_use]
    pub fn parent(&self) -> &str {
        &self.0[..10]
    }

    #[must_use]
    pub fn is_branch(&self) -> bool {
        self.0.len() > 10
    }
}

impl fmt::Display for TaxCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for TaxCode {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, DomainError> {
        Self::parse(&s)
    }
}

impl From<TaxCode> for String {
    fn from(t: TaxCode) -> Self {
        t.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ApplicantKind {
    Person {
        citizen_id: CitizenId,
        /// When given, it has been checked against the year the Căn cước number encodes.
        birth_year: Option<i32>,
    },
    Organisation {
        tax_code: TaxCode,
        /// The person acting for the organisation (người đại diện), as written.
        representative: Option<String>,
    },
}

/// A checked applicant. At least one of `phone` and `email` is present.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    #[serde(flatten)]
    pub kind: ApplicantKind,
    pub name: String,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub address: String,
}

impl Applicant {
    #[must_use]
    pub fn is_person(&self) -> bool {
        matches!(self.kind, ApplicantKind::Person { .. })
    }

    /// The name as shown on public tracking pages (tra cứu hồ sơ), where anyone holding a
    /// dossier code can look.
    ///
    /// A person's name is personal data, so each word keeps its first letter and the rest
    /// become `*`, one per letter: "Nguyễn Văn An" → "N***** V** A*". The applicant can still
    /// recognise their dossier; a stranger learns little. Letters are counted after NFC
    /// composition, so a name typed with combining accents masks the same as a precomposed one.
    ///
    /// An organisation's name is kept: it is published in the business registry and is not
    /// personal data, and a company checking its dossier needs to see it.
    #[must_use]
    pub fn masked_name(&self) -> String {
        match self.kind {
            ApplicantKind::Organisation { .. } => self.name.clone(),
            ApplicantKind::Person { .. } => mask_person_name(&self.name),
        }
    }
}

/// A person's name as public pages show it; see [`Applicant::masked_name`].
#[must_use]
pub fn mask_person_name(name: &str) -> String {
    let composed: String = name.nfc().collect();
    composed
        .split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            let first = cs.next().map(String::from).unwrap_or_default();
            first + &"*".repeat(cs.count())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The applicant part of an intake form, as typed: the one declaration of the applicant's
/// fields, for the desk page, the online filing and the API. Empty strings mean "not given";
/// missing JSON fields default to empty, unknown ones are refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ApplicantInput))]
#[serde(default, deny_unknown_fields)]
pub struct ApplicantForm {
    /// `person` or `organisation` (or the Vietnamese "cá nhân" / "tổ chức").
    pub kind: String,
    pub name: String,
    /// 12-digit Căn cước number (person).
    pub citizen_id: String,
    pub birth_year: String,
    /// Tax code (organisation).
    pub tax_code: String,
    pub representative: String,
    pub phone: String,
    pub email: String,
    pub address: String,
}

const NAME_MAX: usize = crate::limits::NAME;
const ADDRESS_MAX: usize = crate::limits::ADDRESS;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Person,
    Organisation,
}

impl ApplicantForm {
    /// Checks everything and reports every problem at once.
    ///
    /// When `kind` itself is unreadable, the identity fields that were filled are still checked
    /// but neither is required, since we cannot tell which one should be.
    /// `today` (in Vietnam) bounds the year of birth: no one applies before they are born.
    pub fn parse(self, today: NaiveDate) -> Result<Applicant, DomainError> {
        let mut errors = Vec::new();
        let e = &mut errors;

        let kind = match fold(self.kind.trim()).as_str() {
            "person" | "ca nhan" | "cong dan" => Some(Kind::Person),
            "organisation" | "organization" | "to chuc" | "doanh nghiep" => {
                Some(Kind::Organisation)
            }
            "" => {
                push(e, "kind", Text::id("validation-applicant-kind-empty"));
                None
            }
            _ => {
                push(
                    e,
                    "kind",
                    Text::with(
                        "validation-applicant-kind-unknown",
                        vec![("kind", self.kind.trim().into())],
                    ),
                );
                None
            }
        };

        let name = text_field(
            e,
            "name",
            &self.name,
            [
                "validation-applicant-name-empty",
                "validation-applicant-name-too_long",
                "validation-applicant-name-control",
            ],
            NAME_MAX,
            true,
        );
        let address = text_field(
            e,
            "address",
            &self.address,
            [
                "validation-applicant-address-empty",
                "validation-applicant-address-too_long",
                "validation-applicant-address-control",
            ],
            ADDRESS_MAX,
            true,
        );
        let representative = text_field(
            e,
            "representative",
            &self.representative,
            [
                "validation-applicant-representative-empty",
                "validation-applicant-representative-too_long",
                "validation-applicant-representative-control",
            ],
            NAME_MAX,
            false,
        );

        let birth_year = match self.birth_year.trim() {
            "" => Ok(None),
            y => match y.parse::<i32>() {
                Ok(y) if y > today.year() && y <= 2399 => Err(DomainError::invalid(
                    "birth_year",
                    Text::with(
                        "validation-applicant-birth_year_future",
                        vec![("year", y.to_string().into())],
                    ),
                )),
                Ok(y) if (1900..=2399).contains(&y) => Ok(Some(y)),
                _ => Err(DomainError::invalid(
                    "birth_year",
                    Text::with("validation-applicant-birth_year", vec![("year", y.into())]),
                )),
            },
        };
        let birth_year = birth_year.map_err(|err| absorb(e, err)).ok().flatten();

        let wants_person = kind == Some(Kind::Person);
        let wants_org = kind == Some(Kind::Organisation);

        let citizen_id = if wants_person || (kind.is_none() && !self.citizen_id.trim().is_empty()) {
            CitizenId::parse(&self.citizen_id)
                .and_then(|id| {
                    if let Some(y) = birth_year {
                        id.check_birth_year(y)?;
                    }
                    Ok(id)
                })
                .map_err(|err| absorb(e, err))
                .ok()
        } else {
            None
        };
        let tax_code = if wants_org || (kind.is_none() && !self.tax_code.trim().is_empty()) {
            TaxCode::parse(&self.tax_code)
                .map_err(|err| absorb(e, err))
                .ok()
        } else {
            None
        };

        let phone = match self.phone.trim() {
            "" => None,
            p => Phone::parse(p).map_err(|err| absorb(e, err)).ok(),
        };
        let email = match self.email.trim() {
            "" => None,
            m => Email::parse(m).map_err(|err| absorb(e, err)).ok(),
        };
        if self.phone.trim().is_empty() && self.email.trim().is_empty() {
            push(e, "phone", Text::id("validation-applicant-no_contact"));
        }

        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        let kind = match (kind, citizen_id, tax_code) {
            (Some(Kind::Person), Some(citizen_id), _) => ApplicantKind::Person {
                citizen_id,
                birth_year,
            },
            (Some(Kind::Organisation), _, Some(tax_code)) => ApplicantKind::Organisation {
                tax_code,
                representative,
            },
            // Every other combination pushed an error above.
            _ => unreachable!("applicant kind without its identity and no error"),
        };
        Ok(Applicant {
            kind,
            name: name.unwrap_or_default(),
            phone,
            email,
            address: address.unwrap_or_default(),
        })
    }
}

/// Trims and collapses runs of whitespace (forms pasted from documents carry tabs and double
/// spaces) and composes to NFC (so a name typed with combining accents equals the precomposed
/// one), then checks presence, length and control characters.
fn text_field(
    errors: &mut Vec<FieldError>,
    field: &str,
    raw: &str,
    [empty, too_long, control]: [&'static str; 3],
    max: usize,
    required: bool,
) -> Option<String> {
    let value: String = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect();
    let n = value.chars().count();
    if n == 0 {
        if required {
            push(errors, field, Text::id(empty));
        }
        None
    } else if n > max {
        push(
            errors,
            field,
            Text::with(too_long, vec![("max", max.into()), ("n", n.into())]),
        );
        None
    } else if value.chars().any(char::is_control) {
        push(errors, field, Text::id(control));
        None
    } else {
        Some(value)
    }
}

fn push(errors: &mut Vec<FieldError>, field: &str, message: impl Into<Text>) {
    errors.push(FieldError {
        field: field.to_owned(),
        message: message.into(),
    });
}

fn absorb(errors: &mut Vec<FieldError>, e: DomainError) {
    let DomainError::Invalid(fields) = e;
    errors.extend(fields);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    #[test]
    fn a_birth_year_still_to_come_is_refused() {
        let mut f = person();
        f.birth_year = "2027".into();
        let e = f.parse(today()).unwrap_err();
        assert_eq!(
            msg(e),
            Text::with(
                "validation-applicant-birth_year_future",
                vec![("year", "2027".into())]
            )
            .to_string()
        );
        let mut f = person();
        f.birth_year = "2026".into();
        f.citizen_id = "079226001234".into();
        assert!(f.parse(today()).is_ok(), "born this year");
    }

    fn msg(e: DomainError) -> String {
        assert_eq!(e.fields().len(), 1, "{e}");
        e.fields()[0].message.to_string()
    }

    fn person() -> ApplicantForm {
        ApplicantForm {
            kind: "person".into(),
            name: "  Nguyễn   Văn An ".into(),
            citizen_id: "079 085 001 234".into(),
            birth_year: "1985".into(),
            phone: "+84 912 345 678".into(),
            address: "12 Lê Lợi, phường Bến Thành, TP Hồ Chí Minh".into(),
            ..ApplicantForm::default()
        }
    }

    fn fields(e: &DomainError) -> Vec<&str> {
        e.fields().iter().map(|f| f.field.as_str()).collect()
    }

    #[test]
    fn phones_normalise_to_national_form() {
        for (raw, national) in [
            ("0912345678", "0912345678"),
            ("0912 345 678", "0912345678"),
            ("0912.345.678", "0912345678"),
            ("091-234-5678", "0912345678"),
            ("+84912345678", "0912345678"),
            ("+84 (0) 912 345 678", "0912345678"),
            ("0084912345678", "0912345678"),
            ("84912345678", "0912345678"),
            ("0849123456", "0849123456"),
            ("0356789012", "0356789012"),
            ("(024) 3825 1234", "02438251234"),
            ("+84 24 3825 1234", "02438251234"),
            ("842438251234", "02438251234"),
        ] {
            let p = Phone::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(p.as_str(), national, "{raw}");
        }
        let m = Phone::parse("0912345678").unwrap();
        assert!(m.is_mobile());
        assert_eq!(m.international(), "+84912345678");
        assert!(!Phone::parse("02438251234").unwrap().is_mobile());
    }

    #[test]
    fn bad_phones_say_why() {
        let m = |raw: &str| msg(Phone::parse(raw).unwrap_err());
        assert_eq!(m(" "), "Vui lòng nhập số điện thoại.");
        assert!(m("09123a5678").contains("chỉ được gồm chữ số"));
        assert!(m("912345678").contains("phải bắt đầu bằng 0 hoặc +84"));
        assert!(m("01234567890").contains("đầu số di động 11 số cũ"));
        assert!(m("0112345678").contains("đầu số không hợp lệ"));
        assert!(m("0212345678").contains("đầu số không hợp lệ"));
        assert!(m("09123456789").contains("mã vùng 02"));
        assert!(m("091234567").contains("có 9 chữ số"));
        assert!(m("0912345678901").contains("có 13 chữ số"));
        assert!(m("+8491234567").contains("có 9 chữ số"));
        assert_eq!(Phone::parse("x").unwrap_err().fields()[0].field, "phone");
    }

    #[test]
    fn emails_get_a_sanity_check() {
        assert_eq!(
            Email::parse(" An.Nguyen@Gmail.COM ").unwrap().as_str(),
            "An.Nguyen@gmail.com"
        );
        assert!(Email::parse("a@ubnd.hanoi.gov.vn").is_ok());
        let m = |raw: &str| msg(Email::parse(raw).unwrap_err());
        assert_eq!(m(""), "Vui lòng nhập email.");
        assert_eq!(
            m("an gmail.com"),
            "Email «an gmail.com» không được chứa dấu cách."
        );
        assert_eq!(m("an.gmail.com"), "Email «an.gmail.com» thiếu ký tự @.");
        assert_eq!(m("a@b@c.vn"), "Email «a@b@c.vn» chỉ được có một ký tự @.");
        assert_eq!(
            m("@gmail.com"),
            "Email «@gmail.com» thiếu phần tên trước @."
        );
        assert!(m("an@gmail").contains("thiếu tên miền"));
        assert!(m("an@gmail.").contains("tên miền không hợp lệ"));
        assert!(m("an@.gmail.com").contains("tên miền không hợp lệ"));
        assert!(m("an@gmail..com").contains("tên miền không hợp lệ"));
        let long = format!("{}@gmail.com", "a".repeat(245));
        assert_eq!(long.len(), 255);
        assert_eq!(m(&long), "Email dài quá 254 ký tự.");
        assert!(Email::parse(&long[1..]).is_ok());
    }

    #[test]
    fn tax_codes_accept_branches() {
        for (raw, norm, branch) in [
            ("0101234567", "0101234567", false),
            (" 0101 234 567 ", "0101234567", false),
            ("0101234567-001", "0101234567-001", true),
            ("0101234567 - 001", "0101234567-001", true),
            ("0101234567–001", "0101234567-001", true),
            ("0101234567001", "0101234567-001", true),
        ] {
            let t = TaxCode::parse(raw).unwrap();
            assert_eq!(t.as_str(), norm, "{raw}");
            assert_eq!(t.is_branch(), branch);
            assert_eq!(t.parent(), "0101234567");
        }
        let m = |raw: &str| msg(TaxCode::parse(raw).unwrap_err());
        assert_eq!(m(""), "Vui lòng nhập mã số thuế.");
        assert!(m("010123456").contains("có 9 chữ số"));
        assert!(m("01012345678").contains("có 11 chữ số"));
        assert!(m("0101234567-01").contains("«01» có 2 chữ số"));
        assert!(m("0101234567-0001").contains("có 4 chữ số"));
        assert!(m("01O1234567").contains("chỉ gồm chữ số"));
        assert!(m("0101234567-0-1").contains("chỉ gồm chữ số"));
    }

    #[test]
    fn a_person_parses() {
        let a = person().parse(today()).unwrap();
        assert_eq!(a.name, "Nguyễn Văn An");
        assert_eq!(a.phone.as_ref().unwrap().as_str(), "0912345678");
        assert_eq!(a.email, None);
        let ApplicantKind::Person {
            citizen_id,
            birth_year,
        } = &a.kind
        else {
            panic!("not a person");
        };
        assert_eq!(citizen_id.as_str(), "079085001234");
        assert_eq!(*birth_year, Some(1985));
        assert!(a.is_person());
        assert_eq!(a.masked_name(), "N***** V** A*");
    }

    #[test]
    fn an_organisation_parses_and_ignores_person_fields() {
        let a = ApplicantForm {
            kind: "Tổ chức".into(),
            name: "Công ty TNHH Ánh Dương".into(),
            tax_code: "0101234567-001".into(),
            representative: " Trần Thị  Bình ".into(),
            citizen_id: "not looked at".into(),
            email: "lienhe@anhduong.vn".into(),
            address: "Hà Nội".into(),
            ..ApplicantForm::default()
        }
        .parse(today())
        .unwrap();
        assert_eq!(
            a.kind,
            ApplicantKind::Organisation {
                tax_code: TaxCode::parse("0101234567-001").unwrap(),
                representative: Some("Trần Thị Bình".into()),
            }
        );
        assert_eq!(a.masked_name(), "Công ty TNHH Ánh Dương");
    }

    #[test]
    fn kinds_parse_in_either_language() {
        for k in ["person", "Cá nhân", "ca nhan", "công dân"] {
            let f = ApplicantForm {
                kind: k.into(),
                ..person()
            };
            assert!(f.parse(today()).unwrap().is_person(), "{k}");
        }
    }

    #[test]
    fn all_errors_are_reported_at_once_with_raw_field_names() {
        let e = ApplicantForm {
            kind: "person".into(),
            birth_year: "19a5".into(),
            citizen_id: "12345".into(),
            phone: "123".into(),
            email: "x".into(),
            ..ApplicantForm::default()
        }
        .parse(today())
        .unwrap_err();
        assert_eq!(
            fields(&e),
            [
                "name",
                "address",
                "birth_year",
                "citizen_id",
                "phone",
                "email"
            ]
        );
        assert_eq!(
            e.fields()[0].message.to_string(),
            "Vui lòng nhập họ tên hoặc tên tổ chức."
        );
        assert_eq!(
            e.fields()[2].message.to_string(),
            "Năm sinh «19a5» không hợp lệ (ví dụ: 1985)."
        );
    }

    #[test]
    fn required_identity_follows_the_kind() {
        let e = ApplicantForm {
            citizen_id: String::new(),
            ..person()
        }
        .parse(today())
        .unwrap_err();
        assert_eq!(fields(&e), ["citizen_id"]);
        assert_eq!(
            e.fields()[0].message.to_string(),
            "Vui lòng nhập số căn cước."
        );

        let e = ApplicantForm {
            kind: "organisation".into(),
            ..person()
        }
        .parse(today())
        .unwrap_err();
        assert_eq!(fields(&e), ["tax_code"]);
    }

    #[test]
    fn unknown_kind_still_checks_what_was_filled() {
        let e = ApplicantForm {
            kind: String::new(),
            citizen_id: "003085001234".into(),
            ..person()
        }
        .parse(today())
        .unwrap_err();
        assert_eq!(fields(&e), ["kind", "citizen_id"]);
        assert_eq!(
            e.fields()[0].message.to_string(),
            "Vui lòng chọn người nộp là cá nhân hay tổ chức."
        );
        let e = ApplicantForm {
            kind: "hộ gia đình".into(),
            ..person()
        }
        .parse(today())
        .unwrap_err();
        assert_eq!(fields(&e), ["kind"]);
        assert!(e.fields()[0].message.to_string().contains("«hộ gia đình»"));
    }

    #[test]
    fn birth_year_must_match_the_card() {
        let e = ApplicantForm {
            birth_year: "1986".into(),
            ..person()
        }
        .parse(today())
        .unwrap_err();
        assert_eq!(fields(&e), ["birth_year"]);
        assert!(e.fields()[0].message.to_string().contains("năm sinh 1985"));
        let e = ApplicantForm {
            birth_year: "1850".into(),
            ..person()
        }
        .parse(today())
        .unwrap_err();
        assert_eq!(fields(&e), ["birth_year"]);
        let a = ApplicantForm {
            birth_year: " ".into(),
            ..person()
        }
        .parse(today())
        .unwrap();
        assert!(matches!(
            a.kind,
            ApplicantKind::Person {
                birth_year: None,
                ..
            }
        ));
    }

    #[test]
    fn phone_or_email_is_required() {
        let e = ApplicantForm {
            phone: " ".into(),
            ..person()
        }
        .parse(today())
        .unwrap_err();
        assert_eq!(fields(&e), ["phone"]);
        assert!(
            e.fields()[0]
                .message
                .to_string()
                .contains("điện thoại hoặc email")
        );
        let a = ApplicantForm {
            phone: String::new(),
            email: "an@gmail.com".into(),
            ..person()
        }
        .parse(today())
        .unwrap();
        assert_eq!(a.phone, None);
        assert!(a.email.is_some());
    }

    #[test]
    fn text_fields_are_bounded_and_clean() {
        let e = ApplicantForm {
            name: "A".repeat(201),
            address: "Số 1\u{0}".into(),
            kind: "organisation".into(),
            tax_code: "0101234567".into(),
            representative: "B".repeat(201),
            ..person()
        }
        .parse(today())
        .unwrap_err();
        assert_eq!(fields(&e), ["name", "address", "representative"]);
        assert_eq!(
            e.fields()[0].message.to_string(),
            "Họ tên hoặc tên tổ chức dài quá 200 ký tự (201 ký tự)."
        );
        assert_eq!(
            e.fields()[1].message.to_string(),
            "Địa chỉ có ký tự điều khiển không hợp lệ."
        );
        // Vietnamese letters count once each, not by their UTF-8 bytes.
        let a = ApplicantForm {
            name: "Ữ".repeat(200),
            ..person()
        }
        .parse(today())
        .unwrap();
        assert_eq!(a.name.chars().count(), 200);
    }

    #[test]
    fn masking_counts_letters_not_bytes() {
        let decomposed: String = "Lê Thị Ánh Tuyết".nfd().collect();
        let a = ApplicantForm {
            name: decomposed,
            ..person()
        }
        .parse(today())
        .unwrap();
        assert_eq!(a.masked_name(), "L* T** Á** T****");
        // The stored name is composed too, so names typed on different keyboards compare equal.
        assert_eq!(a.name, "Lê Thị Ánh Tuyết");
    }

    #[test]
    fn forms_deserialise_with_missing_fields_and_applicants_round_trip() {
        let f: ApplicantForm =
            serde_json::from_str(r#"{"kind":"person","name":"An","citizen_id":"001200012345","email":"a@b.vn","address":"x"}"#)
                .unwrap();
        let a = f.parse(today()).unwrap();
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["kind"], "person");
        assert_eq!(json["citizen_id"], "001200012345");
        let back: Applicant = serde_json::from_value(json).unwrap();
        assert_eq!(back, a);
    }
}
