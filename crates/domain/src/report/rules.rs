//! The feedback clock: how long a unit has to acknowledge a place report (or refuse it), to ask
//! the reporter for more, to answer, and to publish the answer. Versioned data with the source of
//! each value (`data/reports/feedback-rules.toml`), because the decree on feedback about
//! administrative rules does not speak of a dark street light, and provinces set their own
//! limits for street reports: most values are motcua's defaults, marked so, for the province to
//! replace without a new release.

use chrono::NaiveDate;
use motcua_calendar::rules::Sourced;
use serde::{Deserialize, Serialize};

use crate::petition::rules::{Period, in_force, sorted_versions};

const SHIPPED: &str = include_str!("../../../../data/reports/feedback-rules.toml");

/// A rule file that cannot be used, with what is wrong in it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("quy tắc thời hạn phản ánh không hợp lệ / invalid feedback rules: {0}")]
pub struct RulesError(pub String);

/// The feedback limits in force from one date, each counted from the report's receipt except
/// `publish`, counted from the answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackRuleSet {
    pub id: String,
    pub title: String,
    pub effective_from: NaiveDate,
    /// Acknowledge the report, or refuse it as not the unit's matter.
    pub acknowledge: Sourced<Period>,
    /// Ask the reporter for what is missing.
    pub more_information: Sourced<Period>,
    /// Answer: the report fixed, planned, or closed with reasons.
    pub answer: Sourced<Period>,
    /// Publish the answer, from the answer.
    pub publish: Sourced<Period>,
    /// How long before a limit a report is shown as due soon.
    pub warning_lead: Sourced<Period>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(rename = "ruleset")]
    rulesets: Vec<FeedbackRuleSet>,
}

/// Every version of the feedback limits, oldest first.
#[derive(Clone, Debug)]
pub struct FeedbackRuleBook {
    versions: Vec<FeedbackRuleSet>,
}

impl FeedbackRuleBook {
    /// The limits that ship with the program.
    pub fn shipped() -> Result<Self, RulesError> {
        Self::from_toml(SHIPPED)
    }

    /// Parses a rule book, e.g. a province's replacement for the shipped file.
    pub fn from_toml(text: &str) -> Result<Self, RulesError> {
        let file: RulesFile = toml::from_str(text).map_err(|e| RulesError(e.to_string()))?;
        let versions = sorted_versions(file.rulesets, |r| r.effective_from, |r| &r.id)
            .map_err(|e| RulesError(e.to_string()))?;
        for r in &versions {
            for (name, p) in [
                ("acknowledge", &r.acknowledge),
                ("more_information", &r.more_information),
                ("answer", &r.answer),
                ("publish", &r.publish),
            ] {
                if p.value.days == 0 {
                    return Err(RulesError(format!("{}: {name} = 0", r.id)));
                }
            }
            if r.acknowledge.value.days > r.answer.value.days {
                return Err(RulesError(format!(
                    "{}: acknowledge is longer than answer",
                    r.id
                )));
            }
        }
        Ok(Self { versions })
    }

    /// The limits in force on `date`.
    #[must_use]
    pub fn in_force(&self, date: NaiveDate) -> &FeedbackRuleSet {
        in_force(&self.versions, date, |r| r.effective_from)
    }

    #[must_use]
    pub fn versions(&self) -> &[FeedbackRuleSet] {
        &self.versions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_load_and_say_their_sources() {
        let book = FeedbackRuleBook::shipped().unwrap();
        let r = book.in_force(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
        assert!(r.acknowledge.value.days <= r.answer.value.days);
        for p in [&r.acknowledge, &r.more_information, &r.answer, &r.publish] {
            assert!(!p.source.trim().is_empty());
        }
    }

    #[test]
    fn a_zero_limit_is_refused() {
        let text = SHIPPED.replacen("value = { days = 15,", "value = { days = 0,", 1);
        assert_ne!(text, SHIPPED);
        assert!(FeedbackRuleBook::from_toml(&text).is_err());
    }
}
