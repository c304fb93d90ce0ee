//! The petition rule book: legal time limits and limits on representatives as versioned data.
//! Each rule set has an effective date; each value its source and confidence, because several
//! of them come from unofficial copies of the 2026 decrees or are our own defaults, and an
//! administrator must be able to correct them without a new release.

use chrono::NaiveDate;
use motcua_calendar::TimeLimit;
use motcua_calendar::rules::Sourced;
use serde::{Deserialize, Serialize};

use super::error::PetitionError;

const SHIPPED: &str = include_str!("../../../../data/petitions/petition-rules.toml");

/// How the days of a period are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCount {
    CalendarDays,
    WorkingDays,
}

impl DayCount {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::CalendarDays => "calendar_days",
            Self::WorkingDays => "working_days",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::CalendarDays => "ngày",
            Self::WorkingDays => "ngày làm việc",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::CalendarDays, Self::WorkingDays]
            .into_iter()
            .find(|x| x.code() == s.trim())
    }

    #[must_use]
    pub const fn limit(self, days: u32) -> TimeLimit {
        match self {
            Self::CalendarDays => TimeLimit::CalendarDays(days),
            Self::WorkingDays => TimeLimit::WorkingDays(days),
        }
    }
}

/// A number of days and how they are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub days: u32,
    pub counting: DayCount,
}

impl Period {
    #[must_use]
    pub const fn limit(self) -> TimeLimit {
        self.counting.limit(self.days)
    }
}

/// Resolution limits of one instance of a complaint, by complexity and area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolutionLimits {
    pub counting: DayCount,
    pub normal: u32,
    pub complex: u32,
    pub remote_normal: u32,
    pub remote_complex: u32,
}

impl ResolutionLimits {
    #[must_use]
    pub const fn period(self, complex: bool, remote: bool) -> Period {
        let days = match (complex, remote) {
            (false, false) => self.normal,
            (true, false) => self.complex,
            (false, true) => self.remote_normal,
            (true, true) => self.remote_complex,
        };
        Period {
            days,
            counting: self.counting,
        }
    }
}

/// A period that is longer in remote areas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaPeriod {
    pub counting: DayCount,
    pub normal: u32,
    pub remote: u32,
}

impl AreaPeriod {
    #[must_use]
    pub const fn period(self, remote: bool) -> Period {
        Period {
            days: if remote { self.remote } else { self.normal },
            counting: self.counting,
        }
    }
}

/// The denunciation check period, longer when verification spans several places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckPeriod {
    pub counting: DayCount,
    pub normal: u32,
    pub several_places: u32,
}

impl CheckPeriod {
    #[must_use]
    pub const fn period(self, several_places: bool) -> Period {
        Period {
            days: if several_places {
                self.several_places
            } else {
                self.normal
            },
            counting: self.counting,
        }
    }
}

/// How far a denunciation's resolution may be extended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtensionLimits {
    /// Calendar days per extension, at most.
    pub max_days: u32,
    /// Extensions allowed for a complex case.
    pub complex: u32,
    /// Extensions allowed for an especially complex case.
    pub especially_complex: u32,
}

/// How many representatives a group of signatories appoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepresentativeLimits {
    /// From this many signatories on, representatives are required.
    pub group_from: u32,
    /// At most this many representatives up to `large_group_above` signatories.
    pub group_max: u32,
    /// Above this many signatories, the large-group maximum applies.
    pub large_group_above: u32,
    pub large_group_max: u32,
    /// Below `group_from`, a group may appoint at most this many (or none).
    pub small_group_max: u32,
}

/// The petition rules in force from one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetitionRuleSet {
    pub id: String,
    pub title: String,
    pub effective_from: NaiveDate,
    /// Whether the one-stop receipt rules (15:00 cut-off, receipt on a day off counted on the
    /// next working day) also move the start of a petition's periods.
    pub one_stop_receipt_rules: Sourced<bool>,
    /// Thời hiệu: from knowing of the decision or act to filing the complaint.
    pub complaint_filing_limit: Sourced<Period>,
    /// From receipt of a complaint to the acceptance decision (or notice of non-acceptance).
    pub complaint_acceptance: Sourced<Period>,
    pub complaint_first_instance: Sourced<ResolutionLimits>,
    pub complaint_second_instance: Sourced<ResolutionLimits>,
    /// From receiving the first-instance decision (or its deadline lapsing) to filing again.
    pub second_complaint_window: Sourced<AreaPeriod>,
    /// From receipt of a denunciation to logging, classifying and checking it.
    pub denunciation_check: Sourced<CheckPeriod>,
    /// From receipt to forwarding a denunciation outside competence.
    pub denunciation_forward: Sourced<Period>,
    /// From acceptance to the conclusion, before extensions.
    pub denunciation_resolution: Sourced<Period>,
    pub denunciation_extension: Sourced<ExtensionLimits>,
    /// From receipt to classifying and handling any petition.
    pub petition_handling: Sourced<Period>,
    /// From a reception session to the written reply to the citizen.
    pub citizen_reply: Sourced<Period>,
    /// From receipt to the alert to the heads about a petition still pending.
    pub escalation_alert: Sourced<Period>,
    /// How long before a deadline it is shown as "due soon".
    pub warning_lead: Sourced<Period>,
    pub representatives: Sourced<RepresentativeLimits>,
}

impl PetitionRuleSet {
    fn validate(&self) -> Result<(), String> {
        let periods = [
            ("complaint_filing_limit", self.complaint_filing_limit.value),
            ("complaint_acceptance", self.complaint_acceptance.value),
            ("denunciation_forward", self.denunciation_forward.value),
            (
                "denunciation_resolution",
                self.denunciation_resolution.value,
            ),
            ("petition_handling", self.petition_handling.value),
            ("citizen_reply", self.citizen_reply.value),
            ("escalation_alert", self.escalation_alert.value),
        ];
        for (name, p) in periods {
            if p.days == 0 {
                return Err(format!("{name}: số ngày phải lớn hơn 0"));
            }
        }
        for (name, r) in [
            (
                "complaint_first_instance",
                self.complaint_first_instance.value,
            ),
            (
                "complaint_second_instance",
                self.complaint_second_instance.value,
            ),
        ] {
            if r.normal == 0 || r.complex < r.normal || r.remote_normal < r.normal {
                return Err(format!(
                    "{name}: thời hạn phải lớn hơn 0, vụ việc phức tạp và vùng sâu, vùng xa không ngắn hơn thông thường"
                ));
            }
            if r.remote_complex < r.complex || r.remote_complex < r.remote_normal {
                return Err(format!(
                    "{name}: remote_complex không được ngắn hơn complex hoặc remote_normal"
                ));
            }
        }
        let w = self.second_complaint_window.value;
        if w.normal == 0 || w.remote < w.normal {
            return Err(
                "second_complaint_window: số ngày phải lớn hơn 0, vùng sâu, vùng xa không ngắn hơn"
                    .into(),
            );
        }
        let c = self.denunciation_check.value;
        if c.normal == 0 || c.several_places < c.normal {
            return Err(
                "denunciation_check: số ngày phải lớn hơn 0, nhiều địa điểm không ngắn hơn".into(),
            );
        }
        let e = self.denunciation_extension.value;
        if e.especially_complex < e.complex {
            return Err(
                "denunciation_extension: especially_complex không được nhỏ hơn complex".into(),
            );
        }
        let r = self.representatives.value;
        if r.group_from < 2 || r.large_group_above < r.group_from || r.group_max == 0 {
            return Err(
                "representatives: cần 2 ≤ group_from ≤ large_group_above và group_max ≥ 1".into(),
            );
        }
        if r.large_group_max < r.group_max {
            return Err("representatives: large_group_max không được nhỏ hơn group_max".into());
        }
        Ok(())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(rename = "ruleset")]
    rulesets: Vec<PetitionRuleSet>,
}

/// Every version of the petition rules, oldest first.
#[derive(Clone, Debug)]
pub struct PetitionRuleBook {
    versions: Vec<PetitionRuleSet>,
}

impl PetitionRuleBook {
    /// The rules that ship with the program (`data/petitions/petition-rules.toml`).
    pub fn shipped() -> Result<Self, PetitionError> {
        Self::from_toml(SHIPPED)
    }

    /// Parses a rule book, e.g. an administrator's replacement for the shipped file.
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

    /// The rule set in force on `date`; before the first one, the first one (the oldest rule
    /// known is a better guess than none).
    #[must_use]
    pub fn in_force(&self, date: NaiveDate) -> &PetitionRuleSet {
        in_force(&self.versions, date, |r| r.effective_from)
    }

    #[must_use]
    pub fn versions(&self) -> &[PetitionRuleSet] {
        &self.versions
    }
}

/// Sorts rule sets by date, refusing an empty book and two sets from the same day (which one
/// would be in force is then anybody's guess).
pub(crate) fn sorted_versions<T>(
    mut versions: Vec<T>,
    date: impl Fn(&T) -> NaiveDate,
    id: impl Fn(&T) -> &str,
) -> Result<Vec<T>, PetitionError> {
    if versions.is_empty() {
        return Err(PetitionError::Rules(
            "không có bộ quy tắc nào ([[ruleset]])".into(),
        ));
    }
    versions.sort_by_key(&date);
    for pair in versions.windows(2) {
        if date(&pair[0]) == date(&pair[1]) {
            return Err(PetitionError::Rules(format!(
                "hai bộ quy tắc «{}» và «{}» cùng có hiệu lực từ {}",
                id(&pair[0]),
                id(&pair[1]),
                date(&pair[0]).format("%d/%m/%Y")
            )));
        }
    }
    Ok(versions)
}

pub(crate) fn in_force<T>(versions: &[T], on: NaiveDate, date: impl Fn(&T) -> NaiveDate) -> &T {
    versions
        .iter()
        .rev()
        .find(|r| date(r) <= on)
        .unwrap_or(&versions[0])
}

#[cfg(test)]
mod tests {
    use motcua_calendar::holidays::Confidence;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn shipped_rules_switch_on_1_july_2026() {
        let book = PetitionRuleBook::shipped().unwrap();
        assert_eq!(book.versions().len(), 2);
        let old = book.in_force(d(2026, 6, 30));
        assert_eq!(
            old.complaint_acceptance.value,
            Period {
                days: 10,
                counting: DayCount::CalendarDays
            }
        );
        let new = book.in_force(d(2026, 7, 1));
        assert_eq!(
            new.complaint_acceptance.value.limit(),
            TimeLimit::WorkingDays(7)
        );
        assert_eq!(new.id, "luat136-2025");
        // Before the first rule set, the oldest one applies.
        assert_eq!(book.in_force(d(2015, 1, 1)).id, "kn2011-tc2018");
    }

    #[test]
    fn shipped_values_match_the_law() {
        let book = PetitionRuleBook::shipped().unwrap();
        for r in book.versions() {
            let first = r.complaint_first_instance.value;
            assert_eq!(first.period(false, false).days, 30);
            assert_eq!(first.period(true, false).days, 45);
            assert_eq!(first.period(false, true).days, 45);
            assert_eq!(first.period(true, true).days, 60);
            let second = r.complaint_second_instance.value;
            assert_eq!(
                [
                    second.normal,
                    second.complex,
                    second.remote_normal,
                    second.remote_complex
                ],
                [45, 60, 60, 70]
            );
            assert_eq!(r.second_complaint_window.value.period(true).days, 45);
            assert_eq!(
                r.denunciation_check.value.period(true).limit(),
                TimeLimit::WorkingDays(10)
            );
            assert_eq!(r.denunciation_extension.value.especially_complex, 2);
            assert_eq!(r.complaint_filing_limit.value.days, 90);
            assert!(!r.one_stop_receipt_rules.value);
            assert_eq!(r.warning_lead.confidence, Confidence::Unverified);
            assert_eq!(r.petition_handling.confidence, Confidence::Unverified);
            assert!(!r.complaint_filing_limit.source.is_empty());
        }
    }

    fn one_set(extra: &str) -> String {
        let shipped = SHIPPED;
        let second = shipped.find("\n[[ruleset]]\nid = \"luat136").unwrap();
        format!("{}{extra}", &shipped[..second])
    }

    #[test]
    fn an_administrator_file_replaces_the_values() {
        let text = one_set("").replace(
            "value = { days = 3, counting = \"working_days\" }",
            "value = { days = 5, counting = \"calendar_days\" }",
        );
        let book = PetitionRuleBook::from_toml(&text).unwrap();
        assert_eq!(book.versions().len(), 1);
        assert_eq!(
            book.in_force(d(2030, 1, 1)).warning_lead.value,
            Period {
                days: 5,
                counting: DayCount::CalendarDays
            }
        );
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let err = PetitionRuleBook::from_toml("").unwrap_err();
        assert_eq!(err.code(), "invalid_rules");
        let err = PetitionRuleBook::from_toml("ruleset = []").unwrap_err();
        assert!(err.to_string().contains("không có bộ quy tắc"), "{err}");
        let unknown = one_set("").replace("[ruleset.warning_lead]", "[ruleset.warning_leed]");
        assert_eq!(
            PetitionRuleBook::from_toml(&unknown).unwrap_err().code(),
            "invalid_rules"
        );
        let zero = one_set("").replace(
            "value = { days = 90, counting = \"calendar_days\" }",
            "value = { days = 0, counting = \"calendar_days\" }",
        );
        let err = PetitionRuleBook::from_toml(&zero).unwrap_err();
        assert!(err.to_string().contains("complaint_filing_limit"), "{err}");
        let bad_counting =
            one_set("").replace("counting = \"calendar_days\"", "counting = \"days\"");
        assert!(PetitionRuleBook::from_toml(&bad_counting).is_err());
        let twice = format!(
            "{}\n{}",
            one_set(""),
            one_set("").replace("kn2011-tc2018", "copy")
        );
        let err = PetitionRuleBook::from_toml(&twice).unwrap_err();
        assert!(err.to_string().contains("cùng có hiệu lực"), "{err}");
        let reps = one_set("").replace("large_group_max = 5", "large_group_max = 1");
        assert!(PetitionRuleBook::from_toml(&reps).is_err());
    }

    #[test]
    fn day_count_codes_round_trip() {
        for c in [DayCount::CalendarDays, DayCount::WorkingDays] {
            assert_eq!(DayCount::parse(c.code()), Some(c));
            assert!(!c.label_vi().is_empty());
        }
        assert_eq!(DayCount::parse("hours"), None);
    }
}
