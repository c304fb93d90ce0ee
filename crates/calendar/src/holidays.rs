//! Public holidays: the statutory rules of the Labour Code as versioned data, plus the yearly
//! official schedules the government announces (swapped days, make-up Saturdays, the exact Tết
//! and National Day days).
//!
//! Nothing here is a constant in code: which holidays exist, from when, and on what legal
//! basis comes from `holiday-rules.toml`; what a given year looks like in practice comes from
//! that year's schedule file. A rule whose basis is unverified ships switched off.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::CalendarError;
use crate::lunar::{self, LunarDate};

/// What a listed day is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A statutory public holiday (ngày nghỉ lễ, Tết).
    Holiday,
    /// A day off given because a holiday fell on a weekly rest day (nghỉ bù).
    Compensatory,
    /// A working day swapped into a day off (nghỉ hoán đổi).
    SwapDayOff,
    /// A rest day worked to pay for a swapped day off (làm bù).
    MakeupWorkday,
}

impl DayKind {
    /// True when the day is not worked.
    pub fn is_day_off(self) -> bool {
        !matches!(self, DayKind::MakeupWorkday)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            DayKind::Holiday => "ngày nghỉ lễ, Tết",
            DayKind::Compensatory => "ngày nghỉ bù",
            DayKind::SwapDayOff => "ngày nghỉ hoán đổi",
            DayKind::MakeupWorkday => "ngày làm bù",
        }
    }
}

/// One listed day of a year, with where the rule comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayEntry {
    pub date: NaiveDate,
    pub name: String,
    pub kind: DayKind,
    pub source: String,
}

/// How sure we are of a rule. Unverified rules are configurable defaults, never hard-wired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Read in the legal text.
    Verified,
    /// From secondary sources (press, other software).
    Secondary,
    /// Believed, not found in a source.
    #[default]
    Unverified,
}

/// Where a holiday falls.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "calendar", rename_all = "snake_case")]
pub enum DateRule {
    /// A fixed solar date.
    Solar { month: u32, day: u32 },
    /// A fixed lunar date in the lunar year that begins in the solar year.
    Lunar { month: u8, day: u8 },
    /// The last day of the lunar year that ends in the solar year (the eve of Tết); the
    /// holiday's days run from there into the new year.
    LunarNewYearEve,
}

/// Which side of a holiday an extra adjacent day goes on, when the year's schedule does not
/// name it (the Prime Minister picks it each year; this is the fallback).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Before,
    After,
}

/// The fallback choice of the adjacent day, by the weekday of the holiday.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AdjacentDayRule {
    pub mon: Side,
    pub tue: Side,
    pub wed: Side,
    pub thu: Side,
    pub fri: Side,
    pub sat: Side,
    pub sun: Side,
    pub source: String,
}

impl AdjacentDayRule {
    fn side(&self, weekday: Weekday) -> Side {
        match weekday {
            Weekday::Mon => self.mon,
            Weekday::Tue => self.tue,
            Weekday::Wed => self.wed,
            Weekday::Thu => self.thu,
            Weekday::Fri => self.fri,
            Weekday::Sat => self.sat,
            Weekday::Sun => self.sun,
        }
    }
}

/// One statutory holiday.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HolidayRule {
    /// Stable key (`tet`, `national_day`…) that yearly schedules refer to.
    pub key: String,
    pub name: String,
    pub date: DateRule,
    /// Number of consecutive days from the date.
    #[serde(default = "one")]
    pub days: u8,
    /// An extra day adjacent to the holiday, chosen each year.
    #[serde(default)]
    pub adjacent_day: Option<AdjacentDayRule>,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// When the holiday itself starts to apply, if later than its rule set.
    #[serde(default)]
    pub effective_from: Option<NaiveDate>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// What is still to check about the rule: for whoever maintains the data, never shown.
    #[serde(default)]
    pub note: String,
}

fn one() -> u8 {
    1
}
fn yes() -> bool {
    true
}

/// A versioned set of statutory holiday rules (one law or amendment).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HolidayRuleSet {
    pub id: String,
    pub title: String,
    pub effective_from: NaiveDate,
    #[serde(default)]
    pub effective_to: Option<NaiveDate>,
    pub source: String,
    #[serde(default)]
    pub confidence: Confidence,
    /// A holiday on a weekly rest day gives the next working day off.
    #[serde(default = "yes")]
    pub compensate_rest_days: bool,
    /// Source of the compensation rule.
    #[serde(default)]
    pub compensation_source: Option<String>,
    #[serde(rename = "holiday")]
    pub holidays: Vec<HolidayRule>,
}

impl HolidayRuleSet {
    fn in_force(&self, date: NaiveDate) -> bool {
        date >= self.effective_from && self.effective_to.is_none_or(|to| date <= to)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(rename = "ruleset")]
    rulesets: Vec<HolidayRuleSet>,
}

/// A day the year's schedule lists explicitly.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledDay {
    pub date: NaiveDate,
    pub name: String,
    pub kind: DayKind,
    #[serde(default)]
    pub source: Option<String>,
}

/// Explicit days for one statutory holiday in one year, replacing the computed ones.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayOverride {
    /// The `key` of the holiday rule.
    pub key: String,
    pub days: Vec<NaiveDate>,
    #[serde(default)]
    pub source: Option<String>,
}

/// The government's schedule for one year.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearSchedule {
    pub year: i32,
    /// `official` when taken from the announcement; `provisional` when the year's
    /// announcement was not yet available and the file only records the computed defaults.
    pub status: ScheduleStatus,
    pub source: String,
    #[serde(default, rename = "holiday")]
    pub overrides: Vec<HolidayOverride>,
    #[serde(default, rename = "day")]
    pub days: Vec<ScheduledDay>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleStatus {
    Official,
    Provisional,
}

impl YearSchedule {
    /// Parses one yearly schedule file.
    pub fn from_toml(text: &str) -> Result<Self, CalendarError> {
        let schedule: YearSchedule =
            toml::from_str(text).map_err(|e| CalendarError::InvalidData(e.to_string()))?;
        for d in schedule.days.iter().map(|d| d.date).chain(
            schedule
                .overrides
                .iter()
                .flat_map(|o| o.days.iter().copied()),
        ) {
            if d.year() != schedule.year {
                return Err(CalendarError::InvalidData(format!(
                    "lịch năm {} có ngày {d} của năm khác / the {} schedule lists {d}",
                    schedule.year, schedule.year
                )));
            }
        }
        Ok(schedule)
    }
}

/// Statutory rules plus yearly schedules: everything needed to list a year's days off.
#[derive(Debug, Clone, Default)]
pub struct HolidayCalendar {
    rulesets: Vec<HolidayRuleSet>,
    schedules: BTreeMap<i32, YearSchedule>,
}

impl HolidayCalendar {
    /// Parses the statutory rule sets.
    pub fn from_rules_toml(text: &str) -> Result<Self, CalendarError> {
        let file: RulesFile =
            toml::from_str(text).map_err(|e| CalendarError::InvalidData(e.to_string()))?;
        for set in &file.rulesets {
            for h in &set.holidays {
                if h.days == 0 {
                    return Err(CalendarError::InvalidData(format!(
                        "ngày lễ {} có 0 ngày / holiday {} has 0 days",
                        h.key, h.key
                    )));
                }
            }
        }
        Ok(Self {
            rulesets: file.rulesets,
            schedules: BTreeMap::new(),
        })
    }

    /// Adds (or replaces) the schedule of one year. A later call for the same year wins, so
    /// an administrator's file in the data folder overrides the one shipped.
    pub fn add_schedule(&mut self, schedule: YearSchedule) {
        self.schedules.insert(schedule.year, schedule);
    }

    /// Switches a statutory holiday on or off in every rule set that has it (for rules whose
    /// legal basis is unverified, such as a newly announced holiday).
    pub fn set_enabled(&mut self, key: &str, enabled: bool) -> bool {
        let mut found = false;
        for h in self.rulesets.iter_mut().flat_map(|s| s.holidays.iter_mut()) {
            if h.key == key {
                h.enabled = enabled;
                found = true;
            }
        }
        found
    }

    pub fn rulesets(&self) -> &[HolidayRuleSet] {
        &self.rulesets
    }

    pub fn schedule(&self, year: i32) -> Option<&YearSchedule> {
        self.schedules.get(&year)
    }

    /// Every listed day of solar year `year`, sorted by date.
    pub fn year(&self, year: i32) -> Result<Vec<DayEntry>, CalendarError> {
        if !(lunar::FIRST_YEAR..=lunar::LAST_YEAR).contains(&year) {
            return Err(CalendarError::YearOutOfRange {
                year,
                first: lunar::FIRST_YEAR,
                last: lunar::LAST_YEAR,
            });
        }
        let schedule = self.schedules.get(&year);
        let mut days: BTreeMap<NaiveDate, DayEntry> = BTreeMap::new();
        let mut compensate = Vec::new();

        for set in &self.rulesets {
            for rule in set.holidays.iter().filter(|h| h.enabled) {
                let source = rule.source.clone().unwrap_or_else(|| set.source.clone());
                let listed = schedule.and_then(|s| s.overrides.iter().find(|o| o.key == rule.key));
                let (dates, source) = match listed {
                    Some(o) => (
                        o.days.clone(),
                        o.source
                            .clone()
                            .or_else(|| schedule.map(|s| s.source.clone()))
                            .unwrap_or(source),
                    ),
                    None => (computed_dates(rule, year)?, source),
                };
                for date in dates {
                    let in_force =
                        set.in_force(date) && rule.effective_from.is_none_or(|from| date >= from);
                    if !in_force || date.year() != year {
                        continue;
                    }
                    if set.compensate_rest_days && is_weekly_rest_day(date) {
                        let why = set
                            .compensation_source
                            .clone()
                            .unwrap_or_else(|| set.source.clone());
                        compensate.push((date, rule.name.clone(), why));
                    }
                    days.insert(
                        date,
                        DayEntry {
                            date,
                            name: rule.name.clone(),
                            kind: DayKind::Holiday,
                            source: source.clone(),
                        },
                    );
                }
            }
        }

        if let Some(s) = schedule {
            for d in &s.days {
                days.insert(
                    d.date,
                    DayEntry {
                        date: d.date,
                        name: d.name.clone(),
                        kind: d.kind,
                        source: d.source.clone().unwrap_or_else(|| s.source.clone()),
                    },
                );
            }
        }

        // Each holiday on a rest day gives the next day that is neither a rest day nor
        // already off; several in a row give consecutive days.
        for (holiday, name, source) in compensate {
            let mut day = holiday;
            loop {
                day = day + Days::new(1);
                let taken = days.get(&day).is_some_and(|e| e.kind.is_day_off());
                if !is_weekly_rest_day(day) && !taken {
                    break;
                }
            }
            days.insert(
                day,
                DayEntry {
                    date: day,
                    name: format!("Nghỉ bù {name} ({})", holiday.format("%d/%m/%Y")),
                    kind: DayKind::Compensatory,
                    source,
                },
            );
        }

        // A compensatory day can spill into January of the next year; it belongs there.
        Ok(days
            .into_values()
            .filter(|d| d.date.year() == year)
            .collect())
    }
}

/// Saturday and Sunday: the weekly rest days of the civil service's 40-hour week.
fn is_weekly_rest_day(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn computed_dates(rule: &HolidayRule, year: i32) -> Result<Vec<NaiveDate>, CalendarError> {
    let first = match rule.date {
        DateRule::Solar { month, day } => NaiveDate::from_ymd_opt(year, month, day)
            .ok_or(CalendarError::NoSuchSolarDate { year, month, day })?,
        DateRule::Lunar { month, day } => lunar::lunar_to_solar(LunarDate {
            year,
            month,
            day,
            leap: false,
        })?,
        DateRule::LunarNewYearEve => lunar::lunar_new_year_eve(year)?,
    };
    let mut dates: Vec<NaiveDate> = (0..u64::from(rule.days))
        .map(|i| first + Days::new(i))
        .collect();
    if let Some(adjacent) = &rule.adjacent_day {
        let extra = match adjacent.side(first.weekday()) {
            Side::Before => first.pred_opt(),
            Side::After => dates.last().and_then(|d| d.succ_opt()),
        };
        dates.extend(extra);
    }
    dates.sort();
    Ok(dates)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = r#"
[[ruleset]]
id = "test"
title = "test rules"
effective_from = "2021-01-01"
source = "BLLĐ 2019"
confidence = "verified"

[[ruleset.holiday]]
key = "new_year"
name = "Tết Dương lịch"
date = { calendar = "solar", month = 1, day = 1 }

[[ruleset.holiday]]
key = "tet"
name = "Tết Nguyên Đán"
date = { calendar = "lunar_new_year_eve" }
days = 5

[[ruleset.holiday]]
key = "hung_kings"
name = "Giỗ Tổ Hùng Vương"
date = { calendar = "lunar", month = 3, day = 10 }

[[ruleset.holiday]]
key = "culture"
name = "Ngày Văn hóa Việt Nam"
date = { calendar = "solar", month = 11, day = 24 }
enabled = false
effective_from = "2026-11-24"
"#;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn tet_defaults_to_the_eve_and_the_first_four_days() {
        let cal = HolidayCalendar::from_rules_toml(RULES).expect("valid rules");
        let days = cal.year(2026).expect("in range");
        let tet: Vec<_> = days
            .iter()
            .filter(|d| d.name == "Tết Nguyên Đán")
            .map(|d| d.date)
            .collect();
        assert_eq!(tet, (16..=20).map(|d| ymd(2026, 2, d)).collect::<Vec<_>>());
    }

    #[test]
    fn a_holiday_on_sunday_gives_monday_off() {
        let cal = HolidayCalendar::from_rules_toml(RULES).expect("valid rules");
        let days = cal.year(2026).expect("in range");
        // Giỗ Tổ 2026 is Sunday 26 April.
        let comp = days
            .iter()
            .find(|d| d.kind == DayKind::Compensatory)
            .expect("a compensatory day");
        assert_eq!(comp.date, ymd(2026, 4, 27));
    }

    #[test]
    fn a_disabled_holiday_is_absent_until_switched_on() {
        let mut cal = HolidayCalendar::from_rules_toml(RULES).expect("valid rules");
        let has_culture = |cal: &HolidayCalendar, y| {
            cal.year(y)
                .expect("in range")
                .iter()
                .any(|d| d.name == "Ngày Văn hóa Việt Nam")
        };
        assert!(!has_culture(&cal, 2026));
        assert!(cal.set_enabled("culture", true));
        assert!(has_culture(&cal, 2026));
        // Its own effective date keeps it out of earlier years.
        assert!(!has_culture(&cal, 2025));
    }

    #[test]
    fn a_schedule_replaces_the_computed_tet_days() {
        let mut cal = HolidayCalendar::from_rules_toml(RULES).expect("valid rules");
        cal.add_schedule(
            YearSchedule::from_toml(
                r#"
year = 2025
status = "official"
source = "Thông báo của Bộ LĐTBXH"
[[holiday]]
key = "tet"
days = ["2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"]
"#,
            )
            .expect("valid schedule"),
        );
        let days = cal.year(2025).expect("in range");
        let tet: Vec<_> = days
            .iter()
            .filter(|d| d.name == "Tết Nguyên Đán")
            .map(|d| d.date)
            .collect();
        assert_eq!(tet, (27..=31).map(|d| ymd(2025, 1, d)).collect::<Vec<_>>());
        // Without the schedule, Saturday 1 February would have been a Tết day with
        // Monday 3 February off in compensation.
        assert!(!days.iter().any(|d| d.date == ymd(2025, 2, 3)));
    }

    #[test]
    fn a_schedule_listing_another_year_is_refused() {
        let err = YearSchedule::from_toml(
            r#"
year = 2025
status = "official"
source = "x"
[[day]]
date = "2024-12-31"
name = "x"
kind = "swap_day_off"
"#,
        )
        .expect_err("wrong year");
        assert!(matches!(err, CalendarError::InvalidData(_)));
    }
}
