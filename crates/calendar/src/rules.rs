//! Counting rules: how a legal time limit is counted. Each rule set is a versioned record with
//! an effective date and, per rule, its legal source and how sure we are of it. A case uses the
//! rule set in force on the day it started.

use chrono::NaiveDate;
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::error::CalendarError;
use crate::holidays::Confidence;

/// When a period counted in days ends on its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodEnd {
    /// At the close of the last working window of that day (when the office shuts).
    CloseOfBusiness,
    /// At 24:00 of that day (the Civil Code's default for periods in days).
    Midnight,
}

/// What a supplement request does to the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupplementClock {
    /// The time limit is counted again from zero once the complete dossier is received.
    Restart,
    /// The clock stops while the applicant completes the dossier and resumes after.
    Pause,
}

/// The cut-off time of day: `"15:00"`, or `"none"` for no cut-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoff(pub Option<NaiveTime>);

impl Serialize for Cutoff {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(t) => s.serialize_str(&t.format("%H:%M").to_string()),
            None => s.serialize_str("none"),
        }
    }
}

impl<'de> Deserialize<'de> for Cutoff {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text.eq_ignore_ascii_case("none") {
            return Ok(Cutoff(None));
        }
        NaiveTime::parse_from_str(&text, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(&text, "%H:%M:%S"))
            .map(|t| Cutoff(Some(t)))
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "giờ chốt \"{text}\" phải có dạng HH:MM hoặc \"none\" / cut-off must be HH:MM or \"none\""
                ))
            })
    }
}

/// One rule value with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sourced<T> {
    pub value: T,
    /// The legal basis, as pages and printed notices cite it.
    pub source: String,
    #[serde(default)]
    pub confidence: Confidence,
    /// What is still to check about the rule: for whoever maintains the data, never shown.
    #[serde(default)]
    pub note: String,
}

/// The counting rules in force from one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountingRules {
    pub id: String,
    pub title: String,
    pub effective_from: NaiveDate,
    /// Anything received at or after this time counts as received at the start of the next
    /// working day. `None` disables the cut-off.
    pub cutoff: Sourced<Cutoff>,
    /// Anything received on a day off (or outside working hours) counts as received at the
    /// start of the next working day.
    pub day_off_receipt_next_working_day: Sourced<bool>,
    /// Periods in days start the day after receipt.
    pub days_start_next_day: Sourced<bool>,
    /// When the last day of a period in days ends.
    pub period_end: Sourced<PeriodEnd>,
    /// A period in calendar days whose last day is a day off ends on the next working day.
    pub day_off_end_moves_to_next_working_day: Sourced<bool>,
    /// What a supplement request does to the clock.
    pub supplement_clock: Sourced<SupplementClock>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(rename = "ruleset")]
    rulesets: Vec<CountingRules>,
}

/// Every version of the counting rules, oldest first.
#[derive(Debug, Clone)]
pub struct CountingRuleBook {
    versions: Vec<CountingRules>,
}

impl CountingRuleBook {
    pub fn from_toml(text: &str) -> Result<Self, CalendarError> {
        let mut file: RulesFile =
            toml::from_str(text).map_err(|e| CalendarError::InvalidData(e.to_string()))?;
        if file.rulesets.is_empty() {
            return Err(CalendarError::InvalidData(
                "không có bộ quy tắc tính thời hạn nào / no counting rule set".into(),
            ));
        }
        file.rulesets.sort_by_key(|r| r.effective_from);
        Ok(Self {
            versions: file.rulesets,
        })
    }

    /// The rule set in force on `date`; before the first one, the first one (the engine has
    /// to count somehow, and it is the oldest rule we know of).
    pub fn in_force(&self, date: NaiveDate) -> &CountingRules {
        self.versions
            .iter()
            .rev()
            .find(|r| r.effective_from <= date)
            .unwrap_or(&self.versions[0])
    }

    pub fn versions(&self) -> &[CountingRules] {
        &self.versions
    }
}
