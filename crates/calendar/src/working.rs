//! The working calendar: for every day of a span of years, whether it is worked, in which
//! windows, and if not, why. Built once from holidays and a weekly schedule; every due-date
//! computation is then a walk over a table, with no date arithmetic beyond an index.

use std::ops::RangeInclusive;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Weekday};

use crate::error::CalendarError;
use crate::holidays::{DayEntry, DayKind, HolidayCalendar};
use crate::lunar;
use crate::schedule::{WeeklySchedule, Window, minutes_to_time, time_to_minutes};

const NO_ENTRY: u32 = u32::MAX;
/// Index of the make-up day's windows in `WorkingCalendar::windows` (after the 7 weekdays).
const MAKEUP: u8 = 7;

#[derive(Debug, Clone, Copy)]
struct DayInfo {
    /// Index into `windows`: a weekday's windows, or the make-up day's.
    windows: u8,
    /// True when a listed day off (holiday, compensatory, swap) cancels the windows.
    off: bool,
    /// Index into `entries`, or `NO_ENTRY` when the day is not listed.
    entry: u32,
    /// Derived from the above once, because due-date walks ask nothing else.
    working: bool,
}

/// Why a day is not worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOff<'a> {
    /// A listed day: holiday, compensatory day, swapped day off.
    Listed(&'a DayEntry),
    /// The weekly schedule has no hours on this weekday.
    WeeklyRest(Weekday),
}

impl DayOff<'_> {
    /// A short Vietnamese reason, e.g. "Tết Nguyên Đán (ngày nghỉ lễ, Tết)".
    pub fn reason(&self) -> String {
        match self {
            DayOff::Listed(e) => format!("{} ({})", e.name, e.kind.label_vi()),
            DayOff::WeeklyRest(w) => format!("{} (ngày nghỉ hằng tuần)", weekday_vi(*w)),
        }
    }
}

pub fn weekday_vi(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ Nhật",
    }
}

/// Working days and hours over a span of years, for one unit's schedule.
#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    first: NaiveDate,
    days: Vec<DayInfo>,
    windows: Vec<Vec<Window>>,
    entries: Vec<DayEntry>,
    years: RangeInclusive<i32>,
}

impl WorkingCalendar {
    /// Builds the table for `years` from the holidays and the unit's weekly schedule.
    pub fn build(
        holidays: &HolidayCalendar,
        schedule: &WeeklySchedule,
        years: RangeInclusive<i32>,
    ) -> Result<Self, CalendarError> {
        let (from, to) = (*years.start(), *years.end());
        for y in [from, to] {
            if !(lunar::FIRST_YEAR..=lunar::LAST_YEAR).contains(&y) {
                return Err(CalendarError::YearOutOfRange {
                    year: y,
                    first: lunar::FIRST_YEAR,
                    last: lunar::LAST_YEAR,
                });
            }
        }
        let first = NaiveDate::from_ymd_opt(from, 1, 1).ok_or(CalendarError::NoSuchSolarDate {
            year: from,
            month: 1,
            day: 1,
        })?;
        let mut windows: Vec<Vec<Window>> = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
        .iter()
        .map(|w| schedule.windows(*w).to_vec())
        .collect();
        windows.push(schedule.makeup_windows().to_vec());

        let mut days = Vec::new();
        let mut entries = Vec::new();
        for year in from..=to.max(from) {
            let listed = holidays.year(year)?;
            let mut listed = listed.into_iter().peekable();
            let mut day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(first);
            while day.year() == year {
                let weekday = day.weekday().num_days_from_monday() as u8;
                let mut info = DayInfo {
                    windows: weekday,
                    off: false,
                    entry: NO_ENTRY,
                    working: false,
                };
                if listed.peek().is_some_and(|e| e.date == day)
                    && let Some(entry) = listed.next()
                {
                    if entry.kind.is_day_off() {
                        info.off = true;
                    } else {
                        info.windows = MAKEUP;
                    }
                    info.entry = entries.len() as u32;
                    entries.push(entry);
                }
                info.working = !info.off && !windows[usize::from(info.windows)].is_empty();
                days.push(info);
                day = day + Days::new(1);
            }
        }
        Ok(Self {
            first,
            days,
            windows,
            entries,
            years,
        })
    }

    /// The years this table covers.
    pub fn years(&self) -> RangeInclusive<i32> {
        self.years.clone()
    }

    fn out_of_range(&self, day: NaiveDate) -> CalendarError {
        CalendarError::YearOutOfRange {
            year: day.year(),
            first: *self.years.start(),
            last: *self.years.end(),
        }
    }

    /// Position of `day` in the table. Due-date walks move by position, which is much cheaper
    /// than date arithmetic.
    pub(crate) fn index(&self, day: NaiveDate) -> Result<usize, CalendarError> {
        usize::try_from((day - self.first).num_days())
            .ok()
            .filter(|&i| i < self.days.len())
            .ok_or_else(|| self.out_of_range(day))
    }

    pub(crate) fn date_at(&self, index: usize) -> NaiveDate {
        self.first + Days::new(index as u64)
    }

    /// Whether the day at `index` is worked; an error past the end of the table.
    pub(crate) fn working_at(&self, index: usize) -> Result<bool, CalendarError> {
        match self.days.get(index) {
            Some(info) => Ok(info.working),
            None => Err(self.out_of_range(self.date_at(index))),
        }
    }

    fn info(&self, day: NaiveDate) -> Result<DayInfo, CalendarError> {
        Ok(self.days[self.index(day)?])
    }

    /// The working windows of `day`: empty on a day off.
    pub fn windows(&self, day: NaiveDate) -> Result<&[Window], CalendarError> {
        let info = self.info(day)?;
        if info.off {
            return Ok(&[]);
        }
        Ok(&self.windows[usize::from(info.windows)])
    }

    pub fn is_working_day(&self, day: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.info(day)?.working)
    }

    /// Why `day` is not worked, or `None` when it is.
    pub fn day_off(&self, day: NaiveDate) -> Result<Option<DayOff<'_>>, CalendarError> {
        let info = self.info(day)?;
        if !self.windows(day)?.is_empty() {
            return Ok(None);
        }
        if info.entry != NO_ENTRY && info.off {
            return Ok(Some(DayOff::Listed(&self.entries[info.entry as usize])));
        }
        Ok(Some(DayOff::WeeklyRest(day.weekday())))
    }

    /// The listed entry of `day` (a make-up working day, a holiday…), if any.
    pub fn entry(&self, day: NaiveDate) -> Result<Option<&DayEntry>, CalendarError> {
        let info = self.info(day)?;
        Ok((info.entry != NO_ENTRY).then(|| &self.entries[info.entry as usize]))
    }

    /// True when `day` is a make-up working day.
    pub fn is_makeup_day(&self, day: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self
            .entry(day)?
            .is_some_and(|e| e.kind == DayKind::MakeupWorkday))
    }

    /// The first working day strictly after `day`.
    pub fn next_working_day(&self, day: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut i = self.index(day)?;
        loop {
            i += 1;
            if self.working_at(i)? {
                return Ok(self.date_at(i));
            }
        }
    }

    /// The opening of the first window of `day` (which must be a working day).
    pub fn opening(&self, day: NaiveDate) -> Result<NaiveDateTime, CalendarError> {
        let w = self.windows(day)?;
        Ok(day.and_time(minutes_to_time(w.first().map_or(0, |w| w.start))))
    }

    /// The close of the last window of `day` (which must be a working day).
    pub fn closing(&self, day: NaiveDate) -> Result<NaiveDateTime, CalendarError> {
        let w = self.windows(day)?;
        Ok(day.and_time(minutes_to_time(w.last().map_or(24 * 60, |w| w.end))))
    }

    /// Working minutes between two instants.
    pub fn working_minutes_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<u64, CalendarError> {
        if to <= from {
            return Ok(0);
        }
        let mut total = 0u64;
        let mut day = from.date();
        while day <= to.date() {
            let lo = if day == from.date() {
                time_to_minutes(from.time())
            } else {
                0
            };
            let hi = if day == to.date() {
                time_to_minutes(to.time())
            } else {
                24 * 60
            };
            for w in self.windows(day)? {
                let (s, e) = (w.start.max(lo), w.end.min(hi));
                if e > s {
                    total += u64::from(e - s);
                }
            }
            day = day + Days::new(1);
        }
        Ok(total)
    }

    /// Working days strictly after `from` and up to and including `to`.
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<u32, CalendarError> {
        let mut n = 0;
        let mut day = from;
        while day < to {
            day = day + Days::new(1);
            if self.is_working_day(day)? {
                n += 1;
            }
        }
        Ok(n)
    }
}
