//! Where a petition stands, as the statistics count it. Like dossiers (see `tally`), every
//! petition is one line of a tally, keyed by its unit, kind and the months it was received, is
//! due and was closed, and whether it closed late; a write moves it between lines. The
//! dashboards' petition figures are sums over the lines, except two things a month cannot
//! tell, which the caller counts from the petition table: whether a case due in the month the
//! period is judged in is past due, and whether one received in the month of the escalation
//! cut-off was received before it.

use chrono::{DateTime, Utc};

use super::{Month, Period};

/// The columns a petition's tally line is keyed by.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CaseKey {
    pub unit: String,
    pub kind: String,
    pub received: Month,
    pub due: Option<Month>,
    pub closed: Option<Month>,
    /// Closed after its due date.
    pub late: bool,
}

impl CaseKey {
    #[must_use]
    pub fn of(
        unit: &str,
        kind: &str,
        received_at: DateTime<Utc>,
        due_at: Option<DateTime<Utc>>,
        closed_at: Option<DateTime<Utc>>,
    ) -> Self {
        Self {
            unit: unit.to_owned(),
            kind: kind.to_owned(),
            received: Month::of(received_at),
            due: due_at.map(Month::of),
            closed: closed_at.map(Month::of),
            late: matches!((closed_at, due_at), (Some(c), Some(d)) if c > d),
        }
    }
}

/// One kind's figures over a period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseCounts {
    /// Received in the period.
    pub received: i64,
    /// Closed in the period by their due date (or with none), and after it.
    pub closed_on_time: i64,
    pub closed_late: i64,
    /// Open at the period's end: not yet due (or with no due date) when judged, and past due.
    pub open_within: i64,
    pub open_over: i64,
    /// Open at the period's end and received before the escalation cut-off.
    pub open_long: i64,
}

/// What the lines left undecided, for the caller to count from the cases themselves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Undecided {
    /// Open at the end and due in the month of the judging moment, before or after it.
    pub due_in_month: i64,
    /// Open at the end and received in the month of the cut-off, before or after it.
    pub received_in_month: i64,
}

/// How a period's cases are judged: at `at` (the period's end, or now while it runs), with
/// cases received before `long_before` pending too long.
#[derive(Clone, Copy, Debug)]
pub struct Judging {
    pub period: Period,
    pub at: DateTime<Utc>,
    pub long_before: DateTime<Utc>,
}

impl Judging {
    /// Adds `n` cases of line `key`.
    pub fn add(&self, key: &CaseKey, n: i64, c: &mut CaseCounts, u: &mut Undecided) {
        let p = self.period;
        if p.contains(key.received) {
            c.received += n;
        }
        match key.closed {
            Some(m) if p.contains(m) => {
                if key.late {
                    c.closed_late += n;
                } else {
                    c.closed_on_time += n;
                }
            }
            Some(m) if m < p.first => {}
            // Open at the period's end: received by then, not closed by then.
            _ if key.received <= p.last => {
                let at = Month::of(self.at);
                match key.due {
                    None => c.open_within += n,
                    Some(d) if d > at => c.open_within += n,
                    Some(d) if d < at => c.open_over += n,
                    // Judged at the very start of the month: nothing due in it is past yet.
                    Some(_) if self.at == at.start() => c.open_within += n,
                    Some(_) => u.due_in_month += n,
                }
                let cut = Month::of(self.long_before);
                if key.received < cut {
                    c.open_long += n;
                } else if key.received == cut && self.long_before > cut.start() {
                    u.received_in_month += n;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_past_period_is_decided_by_months_alone() {
        let m = |s| Month::parse(s).unwrap();
        let j = Judging {
            period: Period::month(m("2026-05")),
            at: m("2026-06").start(),
            long_before: m("2026-04").start(),
        };
        let (mut c, mut u) = (CaseCounts::default(), Undecided::default());
        // Received in March, due in May, still open: over, and pending too long.
        let k = CaseKey::of(
            "u",
            "k",
            at("2026-03-10T03:00:00Z"),
            Some(at("2026-05-20T03:00:00Z")),
            None,
        );
        j.add(&k, 1, &mut c, &mut u);
        // Received in May, due in June, closed in June after its due date: open within at May's end.
        let k = CaseKey::of(
            "u",
            "k",
            at("2026-05-10T03:00:00Z"),
            Some(at("2026-06-02T03:00:00Z")),
            Some(at("2026-06-20T03:00:00Z")),
        );
        assert!(k.late);
        j.add(&k, 1, &mut c, &mut u);
        // Closed late in May.
        let k = CaseKey::of(
            "u",
            "k",
            at("2026-04-10T03:00:00Z"),
            Some(at("2026-05-01T03:00:00Z")),
            Some(at("2026-05-09T03:00:00Z")),
        );
        j.add(&k, 1, &mut c, &mut u);
        assert_eq!(
            c,
            CaseCounts {
                received: 1,
                closed_on_time: 0,
                closed_late: 1,
                open_within: 1,
                open_over: 1,
                open_long: 1,
            }
        );
        assert_eq!(u, Undecided::default());
    }

    #[test]
    fn the_running_month_leaves_its_dues_and_the_cut_off_month_to_the_caller() {
        let j = Judging {
            period: Period::month(Month::parse("2026-12").unwrap()),
            at: at("2026-12-07T03:00:00Z"),
            long_before: at("2026-10-23T03:00:00Z"),
        };
        let (mut c, mut u) = (CaseCounts::default(), Undecided::default());
        let k = CaseKey::of(
            "u",
            "k",
            at("2026-10-25T03:00:00Z"),
            Some(at("2026-12-20T03:00:00Z")),
            None,
        );
        j.add(&k, 2, &mut c, &mut u);
        assert_eq!(
            u,
            Undecided {
                due_in_month: 2,
                received_in_month: 2
            }
        );
        assert_eq!((c.open_within, c.open_over, c.open_long), (0, 0, 0));
    }
}
