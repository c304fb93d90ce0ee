//! Administrative procedures (thủ tục hành chính) and their versions.
//!
//! A procedure is identified by its code (the national code where there is one); each
//! version carries an effective-from date, and a dossier uses the version in force on the day
//! it was received. Time limits and step budgets are [`Quantity`] values in hundredths of the
//! limit's unit, so "0,5 ngày" is exact and sums never drift.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::ProcedureVersionId;
use crate::message::{MessageArg, Text};
use crate::role::Role;
use crate::text::fold;
use crate::unit::UnitCode;
use crate::{DomainError, FieldError};

/// A procedure code such as `1.001193` (national) or a local code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProcedureCode(String);

impl ProcedureCode {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        crate::unit::parse_code(s, "procedure").map(Self)
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The level of government that decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureLevel {
    Province,
    Commune,
}

impl ProcedureLevel {
    pub const ALL: [Self; 2] = [Self::Province, Self::Commune];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::Commune => "commune",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Province => "Cấp tỉnh",
            Self::Commune => "Cấp xã",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match fold(s.trim()).as_str() {
            "province" | "tinh" | "cap tinh" => Ok(Self::Province),
            "commune" | "xa" | "cap xa" => Ok(Self::Commune),
            _ => Err(DomainError::invalid(
                "level",
                Text::with(
                    "validation-procedure-level",
                    vec![("shown", s.trim().into())],
                ),
            )),
        }
    }
}

/// How a time limit is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    WorkingDays,
    WorkingHours,
    CalendarDays,
    /// Answered within the day of receipt (counted as one working day; budgets are fractions
    /// of that day).
    SameDay,
}

impl LimitKind {
    pub const ALL: [Self; 4] = [
        Self::WorkingDays,
        Self::WorkingHours,
        Self::CalendarDays,
        Self::SameDay,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::WorkingDays => "working_days",
            Self::WorkingHours => "working_hours",
            Self::CalendarDays => "calendar_days",
            Self::SameDay => "same_day",
        }
    }

    /// The unit of a quantity of this kind, for labels ("3 ngày làm việc").
    #[must_use]
    pub const fn unit_vi(self) -> &'static str {
        match self {
            Self::WorkingDays => "ngày làm việc",
            Self::WorkingHours => "giờ làm việc",
            Self::CalendarDays => "ngày",
            Self::SameDay => "ngày (trong ngày)",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let f = fold(s.trim());
        Self::ALL
            .into_iter()
            .find(|k| k.code() == f)
            .or(match f.as_str() {
                "ngay lam viec" => Some(Self::WorkingDays),
                "gio lam viec" => Some(Self::WorkingHours),
                "ngay" | "ngay lich" => Some(Self::CalendarDays),
                "trong ngay" => Some(Self::SameDay),
                _ => None,
            })
            .ok_or_else(|| {
                DomainError::invalid(
                    "limit_kind",
                    Text::with(
                        "validation-procedure-limit_kind",
                        vec![("shown", s.trim().into())],
                    ),
                )
            })
    }
}

/// A non-negative amount in hundredths (days or hours, by the limit kind): `Quantity(50)` is
/// half a day.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Quantity(u32);

impl Quantity {
    pub const ZERO: Self = Self(0);

    #[must_use]
    pub const fn from_hundredths(h: u32) -> Self {
        Self(h)
    }

    #[must_use]
    pub const fn whole(n: u32) -> Self {
        Self(n * 100)
    }

    #[must_use]
    pub const fn hundredths(self) -> u32 {
        self.0
    }

    /// Parses "3", "0.5", "0,5", "1.25" (at most two decimals; `.` or `,`).
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let bad = || {
            DomainError::invalid(
                "quantity",
                Text::with(
                    "validation-procedure-quantity",
                    vec![("shown", s.trim().into())],
                ),
            )
        };
        let t = s.trim();
        let (int, frac) = match t.split_once(['.', ',']) {
            Some((i, f)) => (i, f),
            None => (t, ""),
        };
        if int.is_empty() && frac.is_empty()
            || !int.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 2
            || int.len() > 6
        {
            return Err(bad());
        }
        let whole: u32 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| bad())?
        };
        let mut cents: u32 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad())?
        };
        if frac.len() == 1 {
            cents *= 10;
        }
        Ok(Self(whole * 100 + cents))
    }

    /// The sum, or `None` on overflow (only with absurd inputs).
    #[must_use]
    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(other.0).map(Self)
    }
}

/// Formats with `.` and no trailing zeros ("3", "0.5", "1.25"), the form the files use.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (w, c) = (self.0 / 100, self.0 % 100);
        match c {
            0 => write!(f, "{w}"),
            c if c % 10 == 0 => write!(f, "{w}.{}", c / 10),
            c => write!(f, "{w}.{c:02}"),
        }
    }
}

/// Which form of a document the applicant brings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyKind {
    Original,
    Copy,
    CertifiedCopy,
    OriginalOrCopy,
}

impl CopyKind {
    pub const ALL: [Self; 4] = [
        Self::Original,
        Self::Copy,
        Self::CertifiedCopy,
        Self::OriginalOrCopy,
    ];

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Original => "bản chính",
            Self::Copy => "bản sao",
            Self::CertifiedCopy => "bản sao có chứng thực",
            Self::OriginalOrCopy => "bản chính hoặc bản sao",
        }
    }

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Original => "original",
            Self::Copy => "copy",
            Self::CertifiedCopy => "certified_copy",
            Self::OriginalOrCopy => "original_or_copy",
        }
    }

    /// Matches the Vietnamese label on folded text (so "Bản sao có chứng thực" and
    /// "ban sao co chung thuc" agree) or the code.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let f = fold(s.trim());
        let f = f.split_whitespace().collect::<Vec<_>>().join(" ");
        Self::ALL
            .into_iter()
            .find(|k| fold(k.label_vi()) == f || k.code() == f)
            .ok_or_else(|| {
                DomainError::invalid(
                    "documents",
                    Text::with(
                        "validation-procedure-copy_kind",
                        vec![("shown", s.trim().into())],
                    ),
                )
            })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredDocument {
    pub name: String,
    pub copy_kind: CopyKind,
    pub count: u32,
}

impl RequiredDocument {
    /// A document the published procedure lists "(nếu có)": brought only when it exists (a
    /// divorce decision, a land paper of a party), so a dossier without it is complete.
    #[must_use]
    pub fn is_optional(&self) -> bool {
        crate::text::fold(&self.name).contains("(neu co)")
    }
}

/// One internal step: who does it and how much of the committed limit it may use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub name: String,
    pub role: Role,
    /// In the unit of the procedure's limit kind.
    pub budget: Quantity,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    /// As published ("50.000 đồng/lần; miễn cho hộ nghèo").
    pub text: String,
    /// The usual amount, when there is one (for totals and payment).
    pub amount_vnd: Option<i64>,
}

/// How far the procedure can be done online (dịch vụ công trực tuyến), as the catalogue of
/// the national portal classes it since Decree 42/2022: partly (forms and files sent online,
/// the rest at the desk) or fully (start to finish, fees and result included).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnlineLevel {
    #[default]
    None,
    Partial,
    Full,
}

impl OnlineLevel {
    pub const ALL: [Self; 3] = [Self::None, Self::Partial, Self::Full];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Partial => "partial",
            Self::Full => "full",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::None => "Không trực tuyến",
            Self::Partial => "Trực tuyến một phần",
            Self::Full => "Trực tuyến toàn trình",
        }
    }

    /// The code or the folded label ("toan trinh", "mot phan"); empty is none.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let f = fold(s.trim());
        match f.as_str() {
            "" | "none" | "khong" | "khong truc tuyen" => Ok(Self::None),
            "partial" | "mot phan" | "truc tuyen mot phan" => Ok(Self::Partial),
            "full" | "toan trinh" | "truc tuyen toan trinh" => Ok(Self::Full),
            _ => Err(DomainError::invalid(
                "online_level",
                Text::with(
                    "validation-procedure-online_level",
                    vec![("shown", s.trim().into())],
                ),
            )),
        }
    }

    #[must_use]
    pub const fn is_online(self) -> bool {
        !matches!(self, Self::None)
    }
}

/// How a procedure is served, as Decision 766 counts it (indicators 3.1, 3.2, 4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    #[serde(default)]
    pub online: OnlineLevel,
    /// The result is a document (a certificate, a licence, a decision), which 766 expects to
    /// be issued electronically as well; not, say, a registration with nothing to hand over.
    #[serde(default = "yes")]
    pub paper_result: bool,
}

const fn yes() -> bool {
    true
}

impl Default for Service {
    /// What a procedure imported without these columns is taken to be: offered at the desk
    /// only, with a document as its result (most procedures have one).
    fn default() -> Self {
        Self {
            online: OnlineLevel::None,
            paper_result: true,
        }
    }
}

/// A procedure version as entered or imported, before it has an id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureDraft {
    pub code: ProcedureCode,
    pub name: String,
    pub field: String,
    pub level: ProcedureLevel,
    pub deciding_agency: UnitCode,
    pub limit_kind: LimitKind,
    pub legal_limit: Quantity,
    pub committed_limit: Quantity,
    pub fee: Fee,
    pub documents: Vec<RequiredDocument>,
    pub steps: Vec<Step>,
    pub effective_from: NaiveDate,
    pub legal_basis: String,
    #[serde(default)]
    pub service: Service,
}

/// A stored version of a procedure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureVersion {
    pub id: ProcedureVersionId,
    #[serde(flatten)]
    pub draft: ProcedureDraft,
}

impl std::ops::Deref for ProcedureVersion {
    type Target = ProcedureDraft;
    fn deref(&self) -> &ProcedureDraft {
        &self.draft
    }
}

/// A procedure with all its versions, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    pub code: ProcedureCode,
    pub versions: Vec<ProcedureVersion>,
}

impl Procedure {
    /// The version in force on `date`: the latest that started on or before it.
    #[must_use]
    pub fn in_force_on(&self, date: NaiveDate) -> Option<&ProcedureVersion> {
        self.versions
            .iter()
            .filter(|v| v.effective_from <= date)
            .max_by_key(|v| v.effective_from)
    }
}

fn field_error(field: &str, message: Text) -> FieldError {
    FieldError {
        field: field.to_owned(),
        message,
    }
}

/// Checks a required text; `field` also names it in the messages (`procedure-field-<field>`).
fn check_text(errors: &mut Vec<FieldError>, field: &'static str, value: &str, max: usize) {
    let n = value.trim().chars().count();
    let what = ("what", MessageArg::Label("procedure-field", field));
    if n == 0 {
        errors.push(field_error(
            field,
            Text::with("validation-procedure-empty", vec![what]),
        ));
    } else if n > max {
        errors.push(field_error(
            field,
            Text::with(
                "validation-procedure-too_long",
                vec![what, ("max", max.into())],
            ),
        ));
    }
}

impl ProcedureDraft {
    /// Checks every rule and reports every broken one, so a form or an import row shows all
    /// its problems at once.
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut e = Vec::new();
        check_text(&mut e, "name", &self.name, 500);
        check_text(&mut e, "field", &self.field, 200);
        check_text(&mut e, "legal_basis", &self.legal_basis, 4000);
        if self.fee.text.chars().count() > 1000 {
            e.push(field_error(
                "fee_text",
                Text::with(
                    "validation-procedure-fee_text",
                    vec![("max", 1000_i64.into())],
                ),
            ));
        }
        if self.fee.amount_vnd.is_some_and(|a| a < 0) {
            e.push(field_error(
                "fee_amount_vnd",
                Text::id("validation-procedure-fee_negative"),
            ));
        }
        if self.legal_limit == Quantity::ZERO && self.limit_kind != LimitKind::SameDay {
            e.push(field_error(
                "legal_limit",
                Text::id("validation-procedure-legal_limit_zero"),
            ));
        }
        if self.committed_limit > self.legal_limit {
            e.push(field_error(
                "committed_limit",
                Text::with(
                    "validation-procedure-committed_over_legal",
                    vec![
                        ("committed", self.committed_limit.to_string().into()),
                        ("legal", self.legal_limit.to_string().into()),
                    ],
                ),
            ));
        }
        for (i, d) in self.documents.iter().enumerate() {
            if d.name.trim().is_empty() {
                e.push(field_error(
                    "documents",
                    Text::with(
                        "validation-procedure-document_unnamed",
                        vec![("n", (i + 1).into())],
                    ),
                ));
            }
            // `|` separates items in catalogue files; a name holding one could not round-trip.
            if d.name.contains('|') {
                e.push(field_error(
                    "documents",
                    Text::with(
                        "validation-procedure-document_bar",
                        vec![("name", d.name.trim().into())],
                    ),
                ));
            }
            if d.count == 0 {
                e.push(field_error(
                    "documents",
                    Text::with(
                        "validation-procedure-document_count",
                        vec![("name", d.name.trim().into())],
                    ),
                ));
            }
        }
        let mut total = Some(Quantity::ZERO);
        for (i, s) in self.steps.iter().enumerate() {
            if s.name.trim().is_empty() {
                e.push(field_error(
                    "steps",
                    Text::with(
                        "validation-procedure-step_unnamed",
                        vec![("n", (i + 1).into())],
                    ),
                ));
            }
            if s.name.contains('|') {
                e.push(field_error(
                    "steps",
                    Text::with(
                        "validation-procedure-step_bar",
                        vec![("name", s.name.trim().into())],
                    ),
                ));
            }
            if !s.role.is_staff() {
                e.push(field_error(
                    "steps",
                    Text::with(
                        "validation-procedure-step_role",
                        vec![
                            ("name", s.name.trim().into()),
                            ("role", MessageArg::Label("role", s.role.code())),
                        ],
                    ),
                ));
            }
            total = total.and_then(|t| t.checked_add(s.budget));
        }
        match total {
            Some(t) if t > self.committed_limit => e.push(field_error(
                "steps",
                Text::with(
                    "validation-procedure-steps_over_committed",
                    vec![
                        ("total", t.to_string().into()),
                        ("committed", self.committed_limit.to_string().into()),
                    ],
                ),
            )),
            None => e.push(field_error(
                "steps",
                Text::id("validation-procedure-steps_overflow"),
            )),
            _ => {}
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(e))
        }
    }

    /// The text folded for search: code, name and field.
    #[must_use]
    pub fn search_text(&self) -> String {
        crate::text::search_text([self.code.as_str(), self.name.as_str(), self.field.as_str()])
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn draft() -> ProcedureDraft {
        ProcedureDraft {
            code: ProcedureCode::parse("1.000894").unwrap(),
            name: "Đăng ký kết hôn".into(),
            field: "Hộ tịch".into(),
            level: ProcedureLevel::Commune,
            deciding_agency: UnitCode::parse("H12.39").unwrap(),
            limit_kind: LimitKind::WorkingDays,
            legal_limit: Quantity::whole(5),
            committed_limit: Quantity::whole(3),
            fee: Fee {
                text: "Miễn lệ phí".into(),
                amount_vnd: Some(0),
            },
            documents: vec![RequiredDocument {
                name: "Tờ khai đăng ký kết hôn".into(),
                copy_kind: CopyKind::Original,
                count: 1,
            }],
            steps: vec![
                Step {
                    name: "Tiếp nhận".into(),
                    role: Role::DeskOfficer,
                    budget: Quantity::parse("0,5").unwrap(),
                },
                Step {
                    name: "Thẩm định".into(),
                    role: Role::Specialist,
                    budget: Quantity::parse("1.5").unwrap(),
                },
                Step {
                    name: "Ký".into(),
                    role: Role::Head,
                    budget: Quantity::whole(1),
                },
            ],
            effective_from: NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
            legal_basis: "Luật Hộ tịch 2014".into(),
            service: Service::default(),
        }
    }

    #[test]
    fn quantities_parse_and_print() {
        for (s, h) in [
            ("3", 300),
            ("0,5", 50),
            ("0.5", 50),
            ("1.25", 125),
            (".5", 50),
            ("2,", 200),
        ] {
            assert_eq!(Quantity::parse(s).unwrap().hundredths(), h, "{s}");
        }
        for bad in ["", "-1", "1.234", "abc", "1e3", "1,2,3", "1 000", "."] {
            assert!(Quantity::parse(bad).is_err(), "{bad}");
        }
        for (h, s) in [(300, "3"), (50, "0.5"), (125, "1.25"), (5, "0.05")] {
            assert_eq!(Quantity::from_hundredths(h).to_string(), s);
        }
    }

    proptest::proptest! {
        #[test]
        fn quantities_round_trip_through_text(h in 0u32..100_000_000) {
            let q = Quantity::from_hundredths(h);
            proptest::prop_assert_eq!(Quantity::parse(&q.to_string()).unwrap(), q);
            proptest::prop_assert_eq!(Quantity::parse(&q.to_string().replace('.', ",")).unwrap(), q);
        }
    }

    #[test]
    fn enums_parse_in_both_languages() {
        assert_eq!(
            ProcedureLevel::parse("Tỉnh").unwrap(),
            ProcedureLevel::Province
        );
        assert_eq!(
            ProcedureLevel::parse("xa").unwrap(),
            ProcedureLevel::Commune
        );
        assert!(ProcedureLevel::parse("huyện").is_err());
        assert_eq!(
            CopyKind::parse("Bản sao có chứng thực").unwrap(),
            CopyKind::CertifiedCopy
        );
        assert_eq!(
            CopyKind::parse("ban  chinh hoac ban sao").unwrap(),
            CopyKind::OriginalOrCopy
        );
        assert!(CopyKind::parse("bản photo").is_err());
        assert_eq!(LimitKind::parse("same_day").unwrap(), LimitKind::SameDay);
        assert_eq!(
            LimitKind::parse("Ngày làm việc").unwrap(),
            LimitKind::WorkingDays
        );
        assert!(LimitKind::parse("weeks").is_err());
    }

    #[test]
    fn a_sound_draft_validates() {
        draft().validate().unwrap();
    }

    #[test]
    fn budgets_may_not_exceed_the_committed_limit() {
        let mut d = draft();
        d.steps[1].budget = Quantity::parse("1.51").unwrap();
        let e = d.validate().unwrap_err();
        assert_eq!(e.fields()[0].field, "steps");
        assert!(e.fields()[0].message.to_string().contains("3.01"), "{e}");
    }

    #[test]
    fn committed_may_not_exceed_legal() {
        let mut d = draft();
        d.committed_limit = Quantity::whole(6);
        d.steps.clear();
        let e = d.validate().unwrap_err();
        assert_eq!(e.fields()[0].field, "committed_limit");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut d = draft();
        d.name = " ".into();
        d.fee.amount_vnd = Some(-1);
        d.documents[0].count = 0;
        d.steps[0].role = Role::Citizen;
        let fields: Vec<_> = d
            .validate()
            .unwrap_err()
            .fields()
            .iter()
            .map(|f| f.field.clone())
            .collect();
        assert_eq!(fields, ["name", "fee_amount_vnd", "documents", "steps"]);
    }

    #[test]
    fn the_version_in_force_is_the_latest_started() {
        let mut v1 = draft();
        v1.effective_from = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let v2 = draft();
        let p = Procedure {
            code: v1.code.clone(),
            versions: vec![
                ProcedureVersion {
                    id: ProcedureVersionId::new(),
                    draft: v1,
                },
                ProcedureVersion {
                    id: ProcedureVersionId::new(),
                    draft: v2,
                },
            ],
        };
        let on = |y, m, d| {
            p.in_force_on(NaiveDate::from_ymd_opt(y, m, d).unwrap())
                .map(|v| v.effective_from.to_string())
        };
        assert_eq!(on(2019, 12, 31), None);
        assert_eq!(on(2025, 6, 30).as_deref(), Some("2020-01-01"));
        assert_eq!(on(2025, 7, 1).as_deref(), Some("2025-07-01"));
    }

    #[test]
    fn search_text_is_folded() {
        assert_eq!(draft().search_text(), " 1 000894 dang ky ket hon ho tich ");
    }
}
