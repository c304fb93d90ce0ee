//! The legal-time configuration: statutory holiday rules, yearly schedules, counting rules and
//! working hours. The defaults ship inside the program (from `data/calendar/`); an
//! administrator's files, read by the caller from the data folder, replace or extend them.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::NaiveDate;

use crate::error::CalendarError;
use crate::holidays::{HolidayCalendar, YearSchedule};
use crate::rules::{CountingRuleBook, CountingRules};
use crate::schedule::{UnitSchedule, WeeklySchedule};
use crate::working::WorkingCalendar;

const HOLIDAY_RULES: &str = include_str!("../../../data/calendar/holiday-rules.toml");
const COUNTING_RULES: &str = include_str!("../../../data/calendar/counting-rules.toml");
const WORKING_HOURS: &str = include_str!("../../../data/calendar/working-hours.toml");
const SCHEDULES: [(&str, &str); 4] = [
    (
        "2024",
        include_str!("../../../data/calendar/schedules/2024.toml"),
    ),
    (
        "2025",
        include_str!("../../../data/calendar/schedules/2025.toml"),
    ),
    (
        "2026",
        include_str!("../../../data/calendar/schedules/2026.toml"),
    ),
    (
        "2027",
        include_str!("../../../data/calendar/schedules/2027.toml"),
    ),
];

/// Everything the engine needs to compute legal time.
#[derive(Debug, Clone)]
pub struct LegalTime {
    pub holidays: HolidayCalendar,
    pub counting: CountingRuleBook,
    pub default_hours: WeeklySchedule,
    pub unit_hours: BTreeMap<String, UnitSchedule>,
}

/// Which file a parse error came from, so an administrator can find it.
fn in_file(name: &str) -> impl Fn(CalendarError) -> CalendarError + '_ {
    move |e| CalendarError::InvalidData(format!("{name}: {e}"))
}

impl LegalTime {
    /// The defaults that ship with the program.
    pub fn shipped() -> Result<Self, CalendarError> {
        let mut holidays = HolidayCalendar::from_rules_toml(HOLIDAY_RULES)
            .map_err(in_file("holiday-rules.toml"))?;
        for (year, text) in SCHEDULES {
            holidays.add_schedule(
                YearSchedule::from_toml(text)
                    .map_err(in_file(&format!("schedules/{year}.toml")))?,
            );
        }
        Ok(Self {
            holidays,
            counting: CountingRuleBook::from_toml(COUNTING_RULES)
                .map_err(in_file("counting-rules.toml"))?,
            default_hours: WeeklySchedule::from_toml(WORKING_HOURS)
                .map_err(in_file("working-hours.toml"))?
                .schedule,
            unit_hours: BTreeMap::new(),
        })
    }

    /// Replaces the statutory holiday rules, keeping the yearly schedules.
    pub fn replace_holiday_rules(&mut self, name: &str, text: &str) -> Result<(), CalendarError> {
        let mut rules = HolidayCalendar::from_rules_toml(text).map_err(in_file(name))?;
        for year in crate::lunar::FIRST_YEAR..=crate::lunar::LAST_YEAR {
            if let Some(s) = self.holidays.schedule(year) {
                rules.add_schedule(s.clone());
            }
        }
        self.holidays = rules;
        Ok(())
    }

    /// Adds or replaces one year's schedule.
    pub fn add_schedule(&mut self, name: &str, text: &str) -> Result<(), CalendarError> {
        self.holidays
            .add_schedule(YearSchedule::from_toml(text).map_err(in_file(name))?);
        Ok(())
    }

    pub fn replace_counting_rules(&mut self, name: &str, text: &str) -> Result<(), CalendarError> {
        self.counting = CountingRuleBook::from_toml(text).map_err(in_file(name))?;
        Ok(())
    }

    pub fn replace_default_hours(&mut self, name: &str, text: &str) -> Result<(), CalendarError> {
        self.default_hours = WeeklySchedule::from_toml(text)
            .map_err(in_file(name))?
            .schedule;
        Ok(())
    }

    /// Adds a unit's working hours; the file must name its unit.
    pub fn add_unit_hours(&mut self, name: &str, text: &str) -> Result<(), CalendarError> {
        let parsed = WeeklySchedule::from_toml(text).map_err(in_file(name))?;
        let unit = parsed.unit.clone().ok_or_else(|| {
            CalendarError::InvalidData(format!(
                "{name}: thiếu mã đơn vị (unit = \"…\") / the file does not name its unit"
            ))
        })?;
        self.unit_hours.insert(unit, parsed);
        Ok(())
    }

    /// The counting rules in force on `date`.
    pub fn counting_rules(&self, date: NaiveDate) -> &CountingRules {
        self.counting.in_force(date)
    }

    /// The working calendar of `unit` (or the default hours) over `years`.
    pub fn calendar(
        &self,
        unit: Option<&str>,
        years: RangeInclusive<i32>,
    ) -> Result<WorkingCalendar, CalendarError> {
        let hours = match unit {
            None => &self.default_hours,
            Some(code) => {
                &self
                    .unit_hours
                    .get(code)
                    .ok_or_else(|| CalendarError::UnknownUnit {
                        unit: code.to_string(),
                        known: self.unit_hours.keys().cloned().collect(),
                    })?
                    .schedule
            }
        };
        WorkingCalendar::build(&self.holidays, hours, years)
    }
}
