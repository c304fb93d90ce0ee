//! Citizen reception (tiếp công dân): the heads' periodic reception duty as versioned data and
//! a check of a planned schedule against it, the columns of the reception log, and the grounds
//! on which reception may be refused.
//!
//! A schedule is checked week by week or month by month, always whole calendar weeks
//! (Monday–Sunday) and months: a reception day planned just outside the period still covers
//! its week, so pass the neighbouring plans' days too. A week or month with no working day at
//! all (a long Tết break) requires nothing, and one with fewer working days than the rule asks
//! requires only as many as it has.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use motcua_calendar::WorkingCalendar;
use motcua_calendar::holidays::Confidence;
use motcua_calendar::rules::Sourced;
use serde::{Deserialize, Serialize};

use super::deadlines::{Deadlines, Due};
use super::error::PetitionError;
use super::rules::{Period, in_force, sorted_versions};
use crate::vn_time::{from_vn_local, vn_local};

const SHIPPED: &str = include_str!("../../../../data/petitions/reception-rules.toml");

/// A head with a periodic reception duty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadRole {
    CommuneChairman,
    /// Until the district level was abolished in 2025.
    DistrictChairman,
    ProvinceChairman,
    SpecialisedBodyHead,
    PublicServiceUnitHead,
}

impl HeadRole {
    pub const ALL: [Self; 5] = [
        Self::CommuneChairman,
        Self::DistrictChairman,
        Self::ProvinceChairman,
        Self::SpecialisedBodyHead,
        Self::PublicServiceUnitHead,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::CommuneChairman => "commune_chairman",
            Self::DistrictChairman => "district_chairman",
            Self::ProvinceChairman => "province_chairman",
            Self::SpecialisedBodyHead => "specialised_body_head",
            Self::PublicServiceUnitHead => "public_service_unit_head",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::CommuneChairman => "Chủ tịch UBND cấp xã",
            Self::DistrictChairman => "Chủ tịch UBND cấp huyện",
            Self::ProvinceChairman => "Chủ tịch UBND cấp tỉnh",
            Self::SpecialisedBodyHead => "Thủ trưởng cơ quan chuyên môn",
            Self::PublicServiceUnitHead => "Người đứng đầu đơn vị sự nghiệp công lập",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

impl fmt::Display for HeadRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

/// The span a reception duty is counted over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    Week,
    Month,
}

impl Per {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Week => "tuần",
            Self::Month => "tháng",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Week, Self::Month]
            .into_iter()
            .find(|x| x.code() == s.trim())
    }

    /// The whole week or month containing `day`, first and last day.
    fn span(self, day: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Self::Week => {
                let start = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
                (start, start + Days::new(6))
            }
            Self::Month => {
                let start = day.with_day(1).unwrap_or(day);
                let end = (start + Months::new(1)).pred_opt().unwrap_or(start);
                (start, end)
            }
        }
    }
}

/// A head's periodic reception duty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadDuty {
    pub role: HeadRole,
    /// At least this many reception days…
    pub days: u32,
    /// …in each week or month.
    pub per: Per,
    /// The legal basis, as the schedule page cites it.
    pub source: String,
    #[serde(default)]
    pub confidence: Confidence,
    /// What is still to check about the rule: for whoever maintains the data, never shown.
    #[serde(default)]
    pub note: String,
}

/// The reception rules in force from one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceptionRuleSet {
    pub id: String,
    pub title: String,
    pub effective_from: NaiveDate,
    /// May a deputy hold the head's periodic reception?
    pub delegation_to_deputy: Sourced<bool>,
    /// From having grounds to refuse a persistent petitioner to the refusal notice (Mẫu 01/TCD).
    pub refusal_notice: Sourced<Period>,
    #[serde(rename = "head")]
    pub heads: Vec<HeadDuty>,
}

impl ReceptionRuleSet {
    #[must_use]
    pub fn duty(&self, role: HeadRole) -> Option<&HeadDuty> {
        self.heads.iter().find(|h| h.role == role)
    }

    fn validate(&self) -> Result<(), String> {
        let mut seen = BTreeSet::new();
        for h in &self.heads {
            if !seen.insert(h.role) {
                return Err(format!("{}: khai báo hai lần", h.role.code()));
            }
            if h.days == 0 {
                return Err(format!("{}: số ngày phải lớn hơn 0", h.role.code()));
            }
        }
        if self.refusal_notice.value.days == 0 {
            return Err("refusal_notice: số ngày phải lớn hơn 0".into());
        }
        Ok(())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(rename = "ruleset")]
    rulesets: Vec<ReceptionRuleSet>,
}

/// Every version of the reception rules, oldest first.
#[derive(Clone, Debug)]
pub struct ReceptionRuleBook {
    versions: Vec<ReceptionRuleSet>,
}

impl ReceptionRuleBook {
    /// The rules that ship with the program (`data/petitions/reception-rules.toml`).
    pub fn shipped() -> Result<Self, PetitionError> {
        Self::from_toml(SHIPPED)
    }

    pub fn from_toml(text: &str) -> Result<Self, PetitionError> {
        let file: RulesFile =
            toml::from_str(text).map_err(|e| PetitionError::Rules(e.to_string()))?;
        let versions = sorted_versions(file.rulesets, |r| r.effective_from, |r| &r.id)?;
        for r in &versions {
            r.validate()
                .map_err(|e| PetitionError::Rules(format!("{}: {e}", r.id)))?;
        }
        Ok(Self { versions })
    }

    #[must_use]
    pub fn in_force(&self, date: NaiveDate) -> &ReceptionRuleSet {
        in_force(&self.versions, date, |r| r.effective_from)
    }

    #[must_use]
    pub fn versions(&self) -> &[ReceptionRuleSet] {
        &self.versions
    }
}

/// A week or month in which the plan has fewer reception days than the rule requires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScheduleGap {
    pub per: Per,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub required: u32,
    pub planned: u32,
}

impl ScheduleGap {
    #[must_use]
    pub fn message_vi(&self) -> String {
        format!(
            "{} {}–{}: có {} ngày tiếp công dân, cần ít nhất {} ngày.",
            match self.per {
                Per::Week => "Tuần",
                Per::Month => "Tháng",
            },
            self.from.format("%d/%m/%Y"),
            self.to.format("%d/%m/%Y"),
            self.planned,
            self.required
        )
    }
}

/// The result of checking a head's planned reception days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScheduleCheck {
    pub role: HeadRole,
    pub duty_days: u32,
    pub per: Per,
    pub source: String,
    pub gaps: Vec<ScheduleGap>,
    /// Planned days that are not working days (worth a second look, not counted as missing).
    pub on_days_off: Vec<NaiveDate>,
}

impl ScheduleCheck {
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.gaps.is_empty()
    }
}

fn working_days_in(
    cal: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<u32, PetitionError> {
    let years = cal.years();
    let mut n = 0;
    let mut day = from;
    while day <= to {
        // Days beyond the calendar's years are unknown; they neither require nor excuse.
        if years.contains(&day.year()) && cal.is_working_day(day)? {
            n += 1;
        }
        day = day + Days::new(1);
    }
    Ok(n)
}

/// Checks the reception days `planned` for a head in `role` over `from..=to` against the rule
/// set in force, and lists the weeks or months that fall short.
pub fn check_schedule(
    cal: &WorkingCalendar,
    rules: &ReceptionRuleSet,
    role: HeadRole,
    from: NaiveDate,
    to: NaiveDate,
    planned: &[NaiveDate],
) -> Result<ScheduleCheck, PetitionError> {
    if from > to {
        return Err(PetitionError::InvalidRange { from, to });
    }
    let duty = rules
        .duty(role)
        .ok_or(PetitionError::NoReceptionDuty(role))?;
    let days: BTreeSet<NaiveDate> = planned.iter().copied().collect();
    let mut gaps = Vec::new();
    let (mut start, _) = duty.per.span(from);
    while start <= to {
        let (span_from, span_to) = duty.per.span(start);
        let required = duty.days.min(working_days_in(cal, span_from, span_to)?);
        let count = days.range(span_from..=span_to).count();
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        if count < required {
            gaps.push(ScheduleGap {
                per: duty.per,
                from: span_from,
                to: span_to,
                required,
                planned: count,
            });
        }
        start = span_to + Days::new(1);
    }
    let mut on_days_off = Vec::new();
    for &d in days.range(from..=to) {
        if cal.years().contains(&d.year()) && !cal.is_working_day(d)? {
            on_days_off.push(d);
        }
    }
    Ok(ScheduleCheck {
        role,
        duty_days: duty.days,
        per: duty.per,
        source: duty.source.clone(),
        gaps,
        on_days_off,
    })
}

/// May a deputy hold the head's periodic reception on `on`?
pub fn check_delegation(
    book: &ReceptionRuleBook,
    on: NaiveDate,
    by_deputy: bool,
) -> Result<(), PetitionError> {
    let rules = book.in_force(on);
    if by_deputy && !rules.delegation_to_deputy.value {
        return Err(PetitionError::DelegationNotAllowed {
            since: rules.effective_from,
            basis: rules.delegation_to_deputy.source.clone(),
        });
    }
    Ok(())
}

/// When the written refusal (Mẫu 01/TCD) is due after the grounds to refuse arose.
pub fn refusal_notice_due(
    d: &Deadlines<'_>,
    rules: &ReceptionRuleSet,
    grounds_at: DateTime<Utc>,
) -> Result<Due, PetitionError> {
    let limit = rules.refusal_notice.value.limit();
    let (due, explanation) =
        d.calendar()
            .due_explained(vn_local(grounds_at), limit, d.counting())?;
    Ok(Due {
        due: from_vn_local(due),
        limit,
        source: rules.refusal_notice.source.clone(),
        explanation,
    })
}

/// One column of the reception log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LogColumn {
    pub code: &'static str,
    pub title_vi: &'static str,
}

/// The 12 columns of the reception log, Sổ tiếp công dân (Mẫu 03/TCD, Decree 154/2026).
pub const RECEPTION_LOG_COLUMNS: [LogColumn; 12] = [
    LogColumn {
        code: "seq",
        title_vi: "STT",
    },
    LogColumn {
        code: "received_on",
        title_vi: "Ngày tiếp",
    },
    LogColumn {
        code: "name_address",
        title_vi: "Họ tên, địa chỉ",
    },
    LogColumn {
        code: "identity_number",
        title_vi: "Số CCCD/Hộ chiếu hoặc giấy tờ tùy thân khác",
    },
    LogColumn {
        code: "summary",
        title_vi: "Tóm tắt nội dung",
    },
    LogColumn {
        code: "class",
        title_vi: "Phân loại (KN, TC, KN-PA)",
    },
    LogColumn {
        code: "same_content_count",
        title_vi: "Số công dân có đơn cùng nội dung",
    },
    LogColumn {
        code: "resolved_by",
        title_vi: "Cơ quan đã giải quyết hết thẩm quyền",
    },
    LogColumn {
        code: "within_competence",
        title_vi: "Thuộc thẩm quyền",
    },
    LogColumn {
        code: "guided",
        title_vi: "Hướng dẫn (đến cơ quan nào, số văn bản)",
    },
    LogColumn {
        code: "forwarded",
        title_vi: "Chuyển đơn (đến cơ quan nào, số văn bản)",
    },
    LogColumn {
        code: "follow_up",
        title_vi: "Theo dõi kết quả",
    },
];

/// Grounds on which a reception officer may refuse to receive a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceptionRefusal {
    Incapacitated,
    Disorderly,
    PersistentRepeat,
    CarryingWeapons,
    RefusesSecurityCheck,
    UnauthorisedRecording,
    Incitement,
    NoCapacityNoRepresentative,
    ProxyWithoutPapers,
    OutsideScope,
    RepeatWithoutNewFacts,
    CourtJudgmentFinal,
    HandledElsewhere,
}

impl ReceptionRefusal {
    pub const ALL: [Self; 13] = [
        Self::Incapacitated,
        Self::Disorderly,
        Self::PersistentRepeat,
        Self::CarryingWeapons,
        Self::RefusesSecurityCheck,
        Self::UnauthorisedRecording,
        Self::Incitement,
        Self::NoCapacityNoRepresentative,
        Self::ProxyWithoutPapers,
        Self::OutsideScope,
        Self::RepeatWithoutNewFacts,
        Self::CourtJudgmentFinal,
        Self::HandledElsewhere,
    ];

    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Incapacitated => "incapacitated",
            Self::Disorderly => "disorderly",
            Self::PersistentRepeat => "persistent_repeat",
            Self::CarryingWeapons => "carrying_weapons",
            Self::RefusesSecurityCheck => "refuses_security_check",
            Self::UnauthorisedRecording => "unauthorised_recording",
            Self::Incitement => "incitement",
            Self::NoCapacityNoRepresentative => "no_capacity_no_representative",
            Self::ProxyWithoutPapers => "proxy_without_papers",
            Self::OutsideScope => "outside_scope",
            Self::RepeatWithoutNewFacts => "repeat_without_new_facts",
            Self::CourtJudgmentFinal => "court_judgment_final",
            Self::HandledElsewhere => "handled_elsewhere",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::Incapacitated => {
                "Người trong tình trạng say do dùng chất kích thích, mắc bệnh tâm thần hoặc bệnh khác làm mất khả năng nhận thức, điều khiển hành vi"
            }
            Self::Disorderly => {
                "Người có hành vi đe dọa, xúc phạm người tiếp công dân hoặc vi phạm nội quy nơi tiếp công dân"
            }
            Self::PersistentRepeat => {
                "Vụ việc đã được giải quyết đúng chính sách, pháp luật, đã được giải thích, hướng dẫn nhưng vẫn cố tình khiếu nại, tố cáo kéo dài"
            }
            Self::CarryingWeapons => "Mang theo vũ khí, vật liệu nổ, công cụ hỗ trợ",
            Self::RefusesSecurityCheck => "Không chấp hành việc kiểm tra an ninh",
            Self::UnauthorisedRecording => "Ghi âm, ghi hình, phát trực tiếp khi không được phép",
            Self::Incitement => "Kích động, lôi kéo người khác gây rối",
            Self::NoCapacityNoRepresentative => {
                "Người không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp pháp"
            }
            Self::ProxyWithoutPapers => {
                "Người được ủy quyền, người đại diện không có giấy tờ chứng minh"
            }
            Self::OutsideScope => "Nội dung không thuộc phạm vi tiếp công dân",
            Self::RepeatWithoutNewFacts => {
                "Kiến nghị, phản ánh lặp lại đã được trả lời, không có tình tiết mới"
            }
            Self::CourtJudgmentFinal => "Vụ việc đã có bản án, quyết định có hiệu lực của Tòa án",
            Self::HandledElsewhere => "Vụ việc đang được cơ quan có thẩm quyền khác giải quyết",
        }
    }

    #[must_use]
    pub const fn source(self) -> &'static str {
        match self {
            Self::Incapacitated | Self::Disorderly | Self::PersistentRepeat => {
                "Luật Tiếp công dân 2013, Điều 9"
            }
            _ => "Nghị định 154/2026/NĐ-CP, Điều 4 (bản sao không chính thức)",
        }
    }

    /// The persistent petitioner gets a written refusal (Mẫu 01/TCD); the other grounds are
    /// applied on the spot.
    #[must_use]
    pub const fn needs_written_notice(self) -> bool {
        matches!(self, Self::PersistentRepeat)
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

impl fmt::Display for ReceptionRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_vi())
    }
}

#[cfg(test)]
mod tests {
    use motcua_calendar::LegalTime;

    use super::super::rules::PetitionRuleBook;
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal() -> WorkingCalendar {
        LegalTime::shipped()
            .unwrap()
            .calendar(None, 2025..=2027)
            .unwrap()
    }

    fn days(list: &[&str]) -> Vec<NaiveDate> {
        list.iter().map(|s| day(s)).collect()
    }

    #[test]
    fn codes_round_trip() {
        for r in HeadRole::ALL {
            assert_eq!(HeadRole::parse(r.code()), Some(r));
            assert!(!r.label_vi().is_empty());
        }
        for p in [Per::Week, Per::Month] {
            assert_eq!(Per::parse(p.code()), Some(p));
        }
        for r in ReceptionRefusal::ALL {
            assert_eq!(ReceptionRefusal::parse(r.code()), Some(r));
            assert!(r.source().contains("Điều"));
        }
        assert_eq!(
            ReceptionRefusal::ALL
                .iter()
                .filter(|r| r.source().contains("Điều 9"))
                .count(),
            3
        );
        assert!(ReceptionRefusal::PersistentRepeat.needs_written_notice());
        assert!(!ReceptionRefusal::Incitement.needs_written_notice());
        assert_eq!(HeadRole::parse("mayor"), None);
    }

    #[test]
    fn the_log_has_the_twelve_columns_of_form_03() {
        assert_eq!(RECEPTION_LOG_COLUMNS.len(), 12);
        assert_eq!(RECEPTION_LOG_COLUMNS[0].title_vi, "STT");
        assert_eq!(RECEPTION_LOG_COLUMNS[6].code, "same_content_count");
        let mut codes: Vec<_> = RECEPTION_LOG_COLUMNS.iter().map(|c| c.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 12);
    }

    #[test]
    fn shipped_rules_forbid_delegation_from_1_july_2026() {
        let book = ReceptionRuleBook::shipped().unwrap();
        assert!(check_delegation(&book, day("2026-06-30"), true).is_ok());
        assert!(check_delegation(&book, day("2026-07-01"), false).is_ok());
        let err = check_delegation(&book, day("2026-07-01"), true).unwrap_err();
        assert_eq!(err.code(), "delegation_not_allowed");
        assert!(err.to_string().contains("01/07/2026"), "{err}");
        let new = book.in_force(day("2026-07-01"));
        assert_eq!(new.duty(HeadRole::CommuneChairman).unwrap().per, Per::Week);
        assert!(new.duty(HeadRole::DistrictChairman).is_none());
        let old = book.in_force(day("2020-01-01"));
        assert_eq!(old.duty(HeadRole::DistrictChairman).unwrap().days, 2);
    }

    #[test]
    fn a_weekly_schedule_with_a_missing_week_shows_the_gap() {
        let cal = cal();
        let book = ReceptionRuleBook::shipped().unwrap();
        let rules = book.in_force(day("2026-03-01"));
        // March 2026: Wednesdays, except the week of 16 March.
        let planned = days(&["2026-03-04", "2026-03-11", "2026-03-25", "2026-04-01"]);
        let check = check_schedule(
            &cal,
            rules,
            HeadRole::CommuneChairman,
            day("2026-03-01"),
            day("2026-03-31"),
            &planned,
        )
        .unwrap();
        assert!(!check.is_complete());
        // 1 March is a Sunday: its week (23 Feb–1 Mar) has no planned day either.
        let gaps: Vec<_> = check.gaps.iter().map(|g| (g.from, g.to)).collect();
        assert_eq!(
            gaps,
            vec![
                (day("2026-02-23"), day("2026-03-01")),
                (day("2026-03-16"), day("2026-03-22"))
            ]
        );
        assert!(check.gaps[1].message_vi().contains("16/03/2026–22/03/2026"));
        assert!(check.on_days_off.is_empty());
        // 30 March–5 April is covered by 1 April, outside the period.
        let with_prev = [planned.clone(), days(&["2026-02-25", "2026-03-18"])].concat();
        let check = check_schedule(
            &cal,
            rules,
            HeadRole::CommuneChairman,
            day("2026-03-01"),
            day("2026-03-31"),
            &with_prev,
        )
        .unwrap();
        assert!(check.is_complete(), "{:?}", check.gaps);
    }

    #[test]
    fn a_week_without_working_days_requires_nothing() {
        let cal = cal();
        let book = ReceptionRuleBook::shipped().unwrap();
        let rules = book.in_force(day("2026-02-01"));
        // Tết 2026: 14–22 February are days off; the week of 16–22 February has no working day.
        let planned = days(&["2026-02-04", "2026-02-11", "2026-02-25"]);
        let check = check_schedule(
            &cal,
            rules,
            HeadRole::CommuneChairman,
            day("2026-02-02"),
            day("2026-03-01"),
            &planned,
        )
        .unwrap();
        assert!(check.is_complete(), "{:?}", check.gaps);
    }

    #[test]
    fn monthly_duties_and_days_off_in_the_plan() {
        let cal = cal();
        let book = ReceptionRuleBook::shipped().unwrap();
        let rules = book.in_force(day("2026-07-01"));
        let planned = days(&["2026-07-15", "2026-09-05"]);
        let check = check_schedule(
            &cal,
            rules,
            HeadRole::ProvinceChairman,
            day("2026-07-01"),
            day("2026-09-30"),
            &planned,
        )
        .unwrap();
        assert_eq!(check.gaps.len(), 1);
        assert_eq!(check.gaps[0].from, day("2026-08-01"));
        assert_eq!(check.gaps[0].to, day("2026-08-31"));
        assert!(check.gaps[0].message_vi().starts_with("Tháng"));
        assert_eq!(check.on_days_off, days(&["2026-09-05"]), "a Saturday");
        let err = check_schedule(
            &cal,
            rules,
            HeadRole::DistrictChairman,
            day("2026-07-01"),
            day("2026-07-31"),
            &planned,
        )
        .unwrap_err();
        assert_eq!(err.code(), "no_reception_duty");
        let err = check_schedule(
            &cal,
            rules,
            HeadRole::ProvinceChairman,
            day("2026-07-31"),
            day("2026-07-01"),
            &planned,
        )
        .unwrap_err();
        assert_eq!(err.code(), "invalid_date_range");
    }

    #[test]
    fn bad_reception_files_are_refused() {
        assert_eq!(
            ReceptionRuleBook::from_toml("x = 1").unwrap_err().code(),
            "invalid_rules"
        );
        let twice = SHIPPED.replacen(
            "role = \"district_chairman\"",
            "role = \"commune_chairman\"",
            1,
        );
        let err = ReceptionRuleBook::from_toml(&twice).unwrap_err();
        assert!(err.to_string().contains("hai lần"), "{err}");
        let zero = SHIPPED.replacen("days = 1\nper = \"week\"", "days = 0\nper = \"week\"", 1);
        assert!(ReceptionRuleBook::from_toml(&zero).is_err());
        let weekly = SHIPPED.replace("per = \"month\"", "per = \"fortnight\"");
        assert!(ReceptionRuleBook::from_toml(&weekly).is_err());
    }

    #[test]
    fn the_refusal_notice_is_due_in_three_working_days() {
        let legal = LegalTime::shipped().unwrap();
        let cal = legal.calendar(None, 2025..=2027).unwrap();
        let book = PetitionRuleBook::shipped().unwrap();
        let on = day("2026-07-03");
        let d = Deadlines::new(&cal, legal.counting_rules(on), book.in_force(on));
        let rules = ReceptionRuleBook::shipped().unwrap();
        // Friday 3 July 2026 → Wednesday 8 July.
        let at = from_vn_local(on.and_hms_opt(10, 0, 0).unwrap());
        let due = refusal_notice_due(&d, rules.in_force(on), at).unwrap();
        assert_eq!(crate::vn_date(due.due), day("2026-07-08"));
        assert!(due.source.contains("Điều 4"));
    }
}
