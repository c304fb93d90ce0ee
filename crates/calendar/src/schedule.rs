//! Weekly working hours: several windows a day (morning, afternoon, an evening hour to clear a
//! backlog), per weekday, configurable per unit.

use std::fmt;

use chrono::{NaiveTime, Timelike, Weekday};
use serde::Deserialize;

use crate::error::CalendarError;

/// A window of working time within a day, `[start, end)`, in minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Window {
    pub start: u16,
    pub end: u16,
}

impl Window {
    pub fn minutes(self) -> u32 {
        u32::from(self.end - self.start)
    }

    pub fn start_time(self) -> NaiveTime {
        minutes_to_time(self.start)
    }

    pub fn end_time(self) -> NaiveTime {
        minutes_to_time(self.end)
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}–{:02}:{:02}",
            self.start / 60,
            self.start % 60,
            self.end / 60,
            self.end % 60
        )
    }
}

pub(crate) fn minutes_to_time(m: u16) -> NaiveTime {
    if m >= 24 * 60 {
        // 24:00, the end of the day; chrono has no such time, so use the last second.
        return NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
    }
    NaiveTime::from_hms_opt(u32::from(m / 60), u32::from(m % 60), 0).unwrap_or(NaiveTime::MIN)
}

pub(crate) fn time_to_minutes(t: NaiveTime) -> u16 {
    (t.hour() * 60 + t.minute()) as u16
}

/// Parses `HH:MM-HH:MM` (24:00 allowed as an end).
fn parse_window(text: &str) -> Result<Window, CalendarError> {
    let bad = || {
        CalendarError::InvalidData(format!(
            "khung giờ \"{text}\" phải có dạng HH:MM-HH:MM / window \"{text}\" must be HH:MM-HH:MM"
        ))
    };
    let (a, b) = text.trim().split_once('-').ok_or_else(bad)?;
    let parse = |s: &str| -> Result<u16, CalendarError> {
        let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
        let h: u16 = h.parse().map_err(|_| bad())?;
        let m: u16 = m.parse().map_err(|_| bad())?;
        if m >= 60 || h > 24 || (h == 24 && m != 0) {
            return Err(bad());
        }
        Ok(h * 60 + m)
    };
    let w = Window {
        start: parse(a)?,
        end: parse(b)?,
    };
    if w.start >= w.end {
        return Err(CalendarError::InvalidData(format!(
            "khung giờ \"{text}\" kết thúc trước khi bắt đầu / window \"{text}\" ends before it starts"
        )));
    }
    Ok(w)
}

/// Working windows for each day of the week, plus the windows of a make-up working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklySchedule {
    /// Monday first.
    days: [Vec<Window>; 7],
    makeup_day: Vec<Window>,
    /// Where these hours come from (a decision of the province or unit).
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScheduleFile {
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    name: Option<String>,
    source: String,
    week: WeekFile,
    #[serde(default)]
    makeup_day: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WeekFile {
    #[serde(default)]
    mon: Vec<String>,
    #[serde(default)]
    tue: Vec<String>,
    #[serde(default)]
    wed: Vec<String>,
    #[serde(default)]
    thu: Vec<String>,
    #[serde(default)]
    fri: Vec<String>,
    #[serde(default)]
    sat: Vec<String>,
    #[serde(default)]
    sun: Vec<String>,
}

/// A parsed schedule file: the unit it belongs to (absent for the default) and its hours.
#[derive(Debug, Clone)]
pub struct UnitSchedule {
    pub unit: Option<String>,
    pub name: Option<String>,
    pub schedule: WeeklySchedule,
}

impl WeeklySchedule {
    /// Builds a schedule from windows per weekday (Monday first).
    pub fn new(
        days: [Vec<Window>; 7],
        makeup_day: Vec<Window>,
        source: impl Into<String>,
    ) -> Result<Self, CalendarError> {
        for windows in days.iter().chain(std::iter::once(&makeup_day)) {
            for pair in windows.windows(2) {
                if pair[0].end > pair[1].start {
                    return Err(CalendarError::InvalidData(format!(
                        "các khung giờ {} và {} chồng lên nhau hoặc sai thứ tự / windows {} and {} overlap or are out of order",
                        pair[0], pair[1], pair[0], pair[1]
                    )));
                }
            }
        }
        if days.iter().all(Vec::is_empty) {
            return Err(CalendarError::InvalidData(
                "lịch làm việc không có giờ làm việc nào / the schedule has no working hours"
                    .into(),
            ));
        }
        Ok(Self {
            days,
            makeup_day,
            source: source.into(),
        })
    }

    /// Parses a schedule file (the default hours, or a unit's).
    pub fn from_toml(text: &str) -> Result<UnitSchedule, CalendarError> {
        let file: ScheduleFile =
            toml::from_str(text).map_err(|e| CalendarError::InvalidData(e.to_string()))?;
        let parse_day = |list: &[String]| -> Result<Vec<Window>, CalendarError> {
            list.iter().map(|s| parse_window(s)).collect()
        };
        let w = &file.week;
        let days = [
            parse_day(&w.mon)?,
            parse_day(&w.tue)?,
            parse_day(&w.wed)?,
            parse_day(&w.thu)?,
            parse_day(&w.fri)?,
            parse_day(&w.sat)?,
            parse_day(&w.sun)?,
        ];
        // A make-up Saturday is worked like an ordinary weekday unless the file says otherwise.
        let makeup = match &file.makeup_day {
            Some(list) => parse_day(list)?,
            None => days
                .iter()
                .find(|d| !d.is_empty())
                .cloned()
                .unwrap_or_default(),
        };
        Ok(UnitSchedule {
            unit: file.unit,
            name: file.name,
            schedule: Self::new(days, makeup, file.source)?,
        })
    }

    pub fn windows(&self, weekday: Weekday) -> &[Window] {
        &self.days[weekday.num_days_from_monday() as usize]
    }

    pub fn makeup_windows(&self) -> &[Window] {
        &self.makeup_day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_can_open_on_saturday_morning_and_stay_late() {
        let s = WeeklySchedule::from_toml(
            r#"
unit = "31825"
source = "Quyết định của UBND phường"
[week]
mon = ["07:30-11:30", "13:30-17:00", "17:00-18:00"]
sat = ["07:30-11:30"]
"#,
        )
        .expect("valid schedule");
        assert_eq!(s.unit.as_deref(), Some("31825"));
        assert_eq!(s.schedule.windows(Weekday::Mon).len(), 3);
        assert_eq!(s.schedule.windows(Weekday::Sat)[0].minutes(), 240);
        assert!(s.schedule.windows(Weekday::Tue).is_empty());
    }

    #[test]
    fn overlapping_or_malformed_windows_are_refused() {
        for bad in [
            r#"mon = ["07:30-11:30", "11:00-17:00"]"#,
            r#"mon = ["17:00-07:30"]"#,
            r#"mon = ["7h30-11h30"]"#,
            r#"mon = ["25:00-26:00"]"#,
        ] {
            let text = format!("source = \"x\"\n[week]\n{bad}\n");
            assert!(WeeklySchedule::from_toml(&text).is_err(), "{bad}");
        }
    }
}
