//! The period a dashboard looks at: a run of whole months, named as a month, a quarter, a year
//! or a range, with the period of the same length just before it for comparison.

use crate::DomainError;
use crate::message::{MessageArg, Text};

use super::Month;

/// The longest range a view may ask for. The tally answers any range, but a view over more
/// than ten years mixes procedures that no longer exist with their replacements and reads as
/// noise; it is a limit of meaning, not of speed.
pub const MAX_MONTHS: i64 = 120;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
    Range,
}

/// From `first` to `last`, both whole months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub first: Month,
    pub last: Month,
}

impl Period {
    /// Checks a range asked for in a form (`field_from`, `field_to` name the fields for the
    /// messages). `current` is this month: a period may end in it, never after.
    pub fn new(first: Month, last: Month, current: Month) -> Result<Self, DomainError> {
        if last < first {
            return Err(DomainError::invalid(
                "den",
                Text::id("stats-period-end_before_start"),
            ));
        }
        if first.until(last) + 1 > MAX_MONTHS {
            return Err(DomainError::invalid(
                "tu",
                Text::with(
                    "stats-period-too_long",
                    vec![("max", MessageArg::Number(MAX_MONTHS))],
                ),
            ));
        }
        if first > current {
            return Err(DomainError::invalid("tu", Text::id("stats-period-future")));
        }
        Ok(Self {
            first,
            last: last.min(current),
        })
    }

    #[must_use]
    pub const fn month(m: Month) -> Self {
        Self { first: m, last: m }
    }

    /// The quarter holding `m`.
    #[must_use]
    pub fn quarter_of(m: Month) -> Self {
        let first = Month::new(m.year(), (m.month() - 1) / 3 * 3 + 1).unwrap_or(m);
        Self {
            first,
            last: first.plus(2),
        }
    }

    /// The calendar year holding `m`.
    #[must_use]
    pub fn year_of(m: Month) -> Self {
        let first = Month::new(m.year(), 1).unwrap_or(m);
        Self {
            first,
            last: first.plus(11),
        }
    }

    #[must_use]
    pub fn kind(self) -> PeriodKind {
        let months = self.months();
        if months == 1 {
            PeriodKind::Month
        } else if months == 3 && self.first.month() % 3 == 1 {
            PeriodKind::Quarter
        } else if months == 12 && self.first.month() == 1 {
            PeriodKind::Year
        } else {
            PeriodKind::Range
        }
    }

    #[must_use]
    pub fn months(self) -> i64 {
        self.first.until(self.last) + 1
    }

    /// The period of the same length that ends the month before this one starts.
    #[must_use]
    pub fn previous(self) -> Self {
        let n = self.months();
        Self {
            first: self.first.plus(-n),
            last: self.first.plus(-1),
        }
    }

    #[must_use]
    pub fn contains(self, m: Month) -> bool {
        self.first <= m && m <= self.last
    }

    /// Every month of the period, in order.
    pub fn each(self) -> impl Iterator<Item = Month> {
        (0..self.months()).map(move |i| self.first.plus(i))
    }

    /// `05/2026`, `Quý 2/2026`, `Năm 2026` or `01/2026 – 06/2026`.
    #[must_use]
    pub fn label_vi(self) -> String {
        match self.kind() {
            PeriodKind::Month => format!("{:02}/{}", self.first.month(), self.first.year()),
            PeriodKind::Quarter => format!(
                "Quý {}/{}",
                (self.first.month() - 1) / 3 + 1,
                self.first.year()
            ),
            PeriodKind::Year => format!("Năm {}", self.first.year()),
            PeriodKind::Range => format!(
                "{:02}/{} – {:02}/{}",
                self.first.month(),
                self.first.year(),
                self.last.month(),
                self.last.year()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn kinds_and_previous_periods() {
        let now = m("2026-12");
        let q = Period::quarter_of(m("2026-05"));
        assert_eq!((q.first, q.last), (m("2026-04"), m("2026-06")));
        assert_eq!(q.kind(), PeriodKind::Quarter);
        assert_eq!(q.previous(), Period::quarter_of(m("2026-02")));
        assert_eq!(
            Period::year_of(m("2026-05")).previous().label_vi(),
            "Năm 2025"
        );
        let r = Period::new(m("2026-02"), m("2026-06"), now).unwrap();
        assert_eq!(r.kind(), PeriodKind::Range);
        assert_eq!(
            (r.previous().first, r.previous().last),
            (m("2025-09"), m("2026-01"))
        );
    }

    #[test]
    fn bad_ranges_are_refused_with_the_field_to_fix() {
        let now = m("2026-12");
        let e = Period::new(m("2026-06"), m("2026-02"), now).unwrap_err();
        assert_eq!(e.fields()[0].field, "den");
        assert!(Period::new(m("2010-01"), m("2026-06"), now).is_err());
        assert!(Period::new(m("2027-01"), m("2027-02"), now).is_err());
        // A period running into the future stops at this month.
        assert_eq!(
            Period::new(m("2026-10"), m("2027-03"), now).unwrap().last,
            now
        );
    }
}
