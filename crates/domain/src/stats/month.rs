//! Calendar months on Vietnam's clock: the grain of every statistic. A month is kept as the
//! number yyyymm (202605), which sorts, compares and indexes as the month does.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::{from_vn_local, vn_date};

/// A month, 2000-01 to 2199-12.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i64);

impl Month {
    #[must_use]
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((2000..2200).contains(&year) && (1..=12).contains(&month))
            .then(|| Self(i64::from(year) * 100 + i64::from(month)))
    }

    /// The month of this instant in Vietnam.
    #[must_use]
    pub fn of(at: DateTime<Utc>) -> Self {
        let d = vn_date(at);
        // Instants outside 2000–2199 are clamped: they only come from bad clocks.
        Self(i64::from(d.year().clamp(2000, 2199)) * 100 + i64::from(d.month()))
    }

    /// The stored form, yyyymm.
    #[must_use]
    pub const fn code(self) -> i64 {
        self.0
    }

    #[must_use]
    pub fn from_code(code: i64) -> Option<Self> {
        Self::new(
            i32::try_from(code / 100).ok()?,
            u32::try_from(code % 100).ok()?,
        )
    }

    /// `2026-05`, as an `<input type="month">` sends it.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        Self::new(y.parse().ok()?, m.parse().ok()?)
    }

    #[must_use]
    pub fn year(self) -> i32 {
        i32::try_from(self.0 / 100).unwrap_or(2000)
    }

    #[must_use]
    pub fn month(self) -> u32 {
        u32::try_from(self.0 % 100).unwrap_or(1)
    }

    /// The month `n` months later (earlier when negative), clamped to the supported years.
    #[must_use]
    pub fn plus(self, n: i64) -> Self {
        let index = (self.0 / 100) * 12 + (self.0 % 100 - 1) + n;
        let index = index.clamp(2000 * 12, 2199 * 12 + 11);
        Self((index / 12) * 100 + index % 12 + 1)
    }

    /// How many months from `self` to `later` (0 for the same month).
    #[must_use]
    pub fn until(self, later: Self) -> i64 {
        (later.0 / 100 * 12 + later.0 % 100) - (self.0 / 100 * 12 + self.0 % 100)
    }

    #[must_use]
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).unwrap_or_default()
    }

    /// Midnight of the first day, in Vietnam.
    #[must_use]
    pub fn start(self) -> DateTime<Utc> {
        from_vn_local(self.first_day().and_time(chrono::NaiveTime::MIN))
    }

    /// The first instant after the month.
    #[must_use]
    pub fn end(self) -> DateTime<Utc> {
        self.plus(1).start()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn months_follow_vietnam_time() {
        // 17:30 UTC on 31 May is 00:30 on 1 June in Vietnam.
        let at = Utc.with_ymd_and_hms(2026, 5, 31, 17, 30, 0).unwrap();
        assert_eq!(Month::of(at).code(), 202_606);
        assert_eq!(
            Month::of(at).start(),
            Utc.with_ymd_and_hms(2026, 5, 31, 17, 0, 0).unwrap()
        );
    }

    #[test]
    fn arithmetic_crosses_years() {
        let m = Month::new(2026, 11).unwrap();
        assert_eq!(m.plus(2).to_string(), "2027-01");
        assert_eq!(m.plus(-11).to_string(), "2025-12");
        assert_eq!(m.until(m.plus(14)), 14);
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("1999-12"), None);
        assert_eq!(Month::parse("2026-05"), Month::new(2026, 5));
    }
}
