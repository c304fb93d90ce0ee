//! The Vietnamese lunisolar calendar, computed astronomically for UTC+7.
//!
//! The method is the one Vietnamese calendars have used since 1968 (and that Hồ Ngọc Đức
//! published as an algorithm): a lunar month starts on the local day of a new moon; month 11
//! always contains the winter solstice; a year with 13 months repeats the first month that
//! contains no major solar term (the sun does not enter a new 30° sector of longitude). The
//! astronomy is Meeus' low-precision series for new moons and the sun's apparent longitude.
//!
//! Everything is computed in UTC+7, which is why some years differ from the Chinese calendar
//! (computed for UTC+8): Tết 1968, 1985, 2007 and 2030 among them.

use std::f64::consts::PI;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::CalendarError;

/// The offset of Vietnamese civil time from UTC, in hours.
pub const TIME_ZONE_HOURS: f64 = 7.0;

/// First solar year the engine supports.
pub const FIRST_YEAR: i32 = 1900;
/// Last solar year the engine supports.
pub const LAST_YEAR: i32 = 2199;

/// Mean length of a synodic month in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;
/// Julian day of the new moon of 1900-01-01 13:51 UTC, the epoch of the month index `k`.
const NEW_MOON_EPOCH: f64 = 2_415_021.076_998_695;

/// A date in the Vietnamese lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct LunarDate {
    /// The lunar year, numbered like the solar year in which it mostly falls.
    pub year: i32,
    /// Month 1..=12. A leap month carries the number of the month it repeats.
    pub month: u8,
    /// Day 1..=30.
    pub day: u8,
    /// True for the repeated (leap) month.
    pub leap: bool,
}

impl std::fmt::Display for LunarDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let leap = if self.leap { " (nhuận)" } else { "" };
        write!(
            f,
            "{}/{}{}/{} âm lịch",
            self.day, self.month, leap, self.year
        )
    }
}

/// One month of a lunar year: its number, whether it is the leap month, its first solar day
/// and its length (29 or 30 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LunarMonth {
    pub month: u8,
    pub leap: bool,
    pub first_day: NaiveDate,
    pub days: u8,
}

fn check_solar_range(date: NaiveDate) -> Result<(), CalendarError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(())
    } else {
        Err(CalendarError::YearOutOfRange {
            year: date.year(),
            first: FIRST_YEAR,
            last: LAST_YEAR,
        })
    }
}

/// Julian day number of a proleptic Gregorian date.
pub(crate) fn julian_day(date: NaiveDate) -> i64 {
    // chrono counts days from 0001-01-01 (day 1); that day is JDN 1_721_426.
    i64::from(date.num_days_from_ce()) + 1_721_425
}

fn date_from_julian_day(jd: i64) -> NaiveDate {
    let days = i32::try_from(jd - 1_721_425).unwrap_or(i32::MAX);
    // Every caller stays within the supported range, far inside chrono's.
    NaiveDate::from_num_days_from_ce_opt(days).unwrap_or(NaiveDate::MIN)
}

/// Julian date (TT, as Meeus gives it) of the `k`-th new moon after the 1900 epoch.
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85; // Julian centuries from 1900-01-01 12:00
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + SYNODIC_MONTH * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3; // sun's anomaly
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3; // moon's
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3; // latitude arg
    let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    // ΔT (TT − UT), in days, from the polynomial fits the method has always used.
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// The sun's apparent longitude, in radians in `[0, 2π)`, at Julian date `jdn`.
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2_451_545.0) / 36_525.0; // Julian centuries from J2000
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l.rem_euclid(2.0 * PI)
}

/// Local (UTC+7) Julian day number on which the `k`-th new moon falls.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k) + 0.5 + TIME_ZONE_HOURS / 24.0).floor() as i64
}

/// Which of the twelve 30° sectors of solar longitude the sun is in at the start of the
/// local day `day_number`; a major solar term begins each sector.
fn sun_sector(day_number: i64) -> i64 {
    let jd = day_number as f64 - 0.5 - TIME_ZONE_HOURS / 24.0;
    (sun_longitude(jd) / PI * 6.0).floor() as i64
}

/// Julian day number of the first day of lunar month 11 (the month containing the winter
/// solstice) that begins in solar year `year`.
fn lunar_month_11(year: i32) -> i64 {
    let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MIN);
    let off = julian_day(dec31) as f64 - 2_415_021.0;
    let k = (off / SYNODIC_MONTH).floor() as i64;
    let nm = new_moon_day(k);
    // The solstice is the start of sector 9 (270°); a new moon at or past it belongs to
    // the next cycle, so month 11 is the previous one.
    if sun_sector(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    }
}

/// Index (1-based, counted from month 11) of the leap month in the 13-month cycle that
/// starts at `a11`: the first month without a major solar term.
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

/// Converts a solar (Gregorian) date to the Vietnamese lunar calendar.
pub fn solar_to_lunar(date: NaiveDate) -> Result<LunarDate, CalendarError> {
    check_solar_range(date)?;
    Ok(solar_to_lunar_unchecked(date))
}

fn solar_to_lunar_unchecked(date: NaiveDate) -> LunarDate {
    let day_number = julian_day(date);
    let mut k = ((day_number as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64;
    // The estimate can miss by one month either way near a new moon.
    let mut month_start = new_moon_day(k + 1);
    while month_start > day_number {
        k -= 1;
        month_start = new_moon_day(k + 1);
    }
    while new_moon_day(k + 2) <= day_number {
        k += 1;
        month_start = new_moon_day(k + 1);
    }
    let year = date.year();
    let mut a11 = lunar_month_11(year);
    let mut b11 = a11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = year;
        a11 = lunar_month_11(year - 1);
    } else {
        lunar_year = year + 1;
        b11 = lunar_month_11(year + 1);
    }
    let day = day_number - month_start + 1;
    let diff = (month_start - a11) / 29;
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    LunarDate {
        year: lunar_year,
        month: month as u8,
        day: day as u8,
        leap,
    }
}

/// The months of lunar year `year` in order, with their lengths.
///
/// Lunar years 1899 (whose last months fall in January 1900) to 2199 are available.
pub fn lunar_year_months(year: i32) -> Result<Vec<LunarMonth>, CalendarError> {
    if !(FIRST_YEAR - 1..=LAST_YEAR).contains(&year) {
        return Err(CalendarError::YearOutOfRange {
            year,
            first: FIRST_YEAR - 1,
            last: LAST_YEAR,
        });
    }
    // Month 11 of the previous lunar year begins late in the previous solar year; walking
    // the new moons from there and labelling each month with the conversion above visits
    // every month of this lunar year, however the leap month falls.
    let a11 = lunar_month_11(year - 1);
    let k = ((a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut months = Vec::with_capacity(13);
    for i in 0..17 {
        let start = new_moon_day(k + i);
        let label = solar_to_lunar_unchecked(date_from_julian_day(start));
        if label.year < year {
            continue;
        }
        if label.year > year {
            break;
        }
        months.push(LunarMonth {
            month: label.month,
            leap: label.leap,
            first_day: date_from_julian_day(start),
            days: (new_moon_day(k + i + 1) - start) as u8,
        });
    }
    Ok(months)
}

/// The leap month of lunar year `year`, if it has one.
pub fn leap_month(year: i32) -> Result<Option<u8>, CalendarError> {
    Ok(lunar_year_months(year)?
        .iter()
        .find(|m| m.leap)
        .map(|m| m.month))
}

/// Converts a Vietnamese lunar date to the solar (Gregorian) calendar.
///
/// Fails with a precise reason when the date does not exist: a month outside 1..=12, a day
/// 30 in a 29-day month, a leap month the year does not have.
pub fn lunar_to_solar(date: LunarDate) -> Result<NaiveDate, CalendarError> {
    if !(1..=12).contains(&date.month) {
        return Err(CalendarError::NoSuchLunarMonth { month: date.month });
    }
    if !(1..=30).contains(&date.day) {
        return Err(CalendarError::NoSuchLunarDay {
            day: date.day,
            month: date.month,
            leap: date.leap,
            year: date.year,
            days_in_month: 30,
        });
    }
    let months = lunar_year_months(date.year)?;
    let Some(month) = months
        .iter()
        .find(|m| m.month == date.month && m.leap == date.leap)
    else {
        return Err(CalendarError::NoSuchLeapMonth {
            month: date.month,
            year: date.year,
            leap_month: months.iter().find(|m| m.leap).map(|m| m.month),
        });
    };
    if date.day > month.days {
        return Err(CalendarError::NoSuchLunarDay {
            day: date.day,
            month: date.month,
            leap: date.leap,
            year: date.year,
            days_in_month: month.days,
        });
    }
    let solar = month.first_day + chrono::Days::new(u64::from(date.day) - 1);
    check_solar_range(solar)?;
    Ok(solar)
}

/// The first day of lunar year `year` (mùng 1 Tết).
pub fn tet(year: i32) -> Result<NaiveDate, CalendarError> {
    lunar_to_solar(LunarDate {
        year,
        month: 1,
        day: 1,
        leap: false,
    })
}

/// The last day of the lunar year before `year`'s Tết (the day before mùng 1).
pub fn lunar_new_year_eve(year: i32) -> Result<NaiveDate, CalendarError> {
    let first = tet(year)?;
    first
        .pred_opt()
        .filter(|d| d.year() >= FIRST_YEAR)
        .ok_or(CalendarError::YearOutOfRange {
            year,
            first: FIRST_YEAR,
            last: LAST_YEAR,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn tet_2026_is_17_february() {
        assert_eq!(tet(2026).expect("in range"), ymd(2026, 2, 17));
        let l = solar_to_lunar(ymd(2026, 2, 17)).expect("in range");
        assert_eq!((l.year, l.month, l.day, l.leap), (2026, 1, 1, false));
    }

    #[test]
    fn vietnamese_tet_differs_from_chinese_in_1985() {
        // China celebrated on 20 February 1985; Vietnam a month earlier.
        assert_eq!(tet(1985).expect("in range"), ymd(1985, 1, 21));
    }

    #[test]
    fn year_2023_has_a_leap_second_month() {
        assert_eq!(leap_month(2023).expect("in range"), Some(2));
        assert_eq!(leap_month(2024).expect("in range"), None);
    }

    #[test]
    fn months_of_a_year_tile_the_days_between_two_tets() {
        let months = lunar_year_months(2025).expect("in range");
        let tets = (tet(2025).expect("in range"), tet(2026).expect("in range"));
        assert_eq!(months[0].first_day, tets.0);
        let total: i64 = months.iter().map(|m| i64::from(m.days)).sum();
        assert_eq!(total, (tets.1 - tets.0).num_days());
    }

    #[test]
    fn a_leap_month_the_year_lacks_is_refused() {
        let err = lunar_to_solar(LunarDate {
            year: 2024,
            month: 2,
            day: 1,
            leap: true,
        })
        .expect_err("2024 has no leap month");
        assert!(matches!(err, CalendarError::NoSuchLeapMonth { .. }));
    }

    #[test]
    fn day_30_of_a_29_day_month_is_refused() {
        let short = lunar_year_months(2026)
            .expect("in range")
            .into_iter()
            .find(|m| m.days == 29)
            .expect("every year has a 29-day month");
        let err = lunar_to_solar(LunarDate {
            year: 2026,
            month: short.month,
            day: 30,
            leap: short.leap,
        })
        .expect_err("no day 30");
        assert!(matches!(
            err,
            CalendarError::NoSuchLunarDay {
                days_in_month: 29,
                ..
            }
        ));
    }

    #[test]
    fn years_outside_the_range_are_refused() {
        assert!(solar_to_lunar(ymd(1899, 12, 31)).is_err());
        assert!(solar_to_lunar(ymd(2200, 1, 1)).is_err());
        assert!(solar_to_lunar(ymd(1900, 1, 1)).is_ok());
        assert!(solar_to_lunar(ymd(2199, 12, 31)).is_ok());
    }
}
