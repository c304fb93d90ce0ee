//! The dashboard's figures for a period, added up from tally lines. Pure, so that the test
//! that recounts them from raw dossier rows checks this arithmetic as well as the tally.

use std::collections::{BTreeMap, BTreeSet};

use crate::dossier::lifecycle::Channel;

use super::{DigitalCounts, Finish, Month, Period};

/// A tally line as read back, with its sums.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TallyRow {
    pub unit_id: String,
    pub procedure_code: String,
    pub channel: Channel,
    pub received: Month,
    pub due: Option<Month>,
    pub finished: Option<Month>,
    pub finish: Finish,
    pub dossiers: i64,
    pub elapsed_minutes: i64,
    pub allowed_minutes: i64,
    pub rated: i64,
    pub rating_sum: i64,
    pub dissatisfied: i64,
    pub digital: DigitalCounts,
}

/// What a dashboard shows about dossiers over one period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DossierFigures {
    /// Received in the period, by channel (desk, online, post).
    pub received_desk: i64,
    pub received_online: i64,
    pub received_post: i64,
    /// Finished in the period.
    pub early: i64,
    pub on_time: i64,
    pub late: i64,
    pub unclocked: i64,
    /// Still open when the period ended: due after its end, due before it, due within the
    /// period's last month while that month is still running (split by the caller against
    /// the clock), and held by the applicant for a supplement.
    pub open_within: i64,
    pub open_over: i64,
    pub open_due_current: i64,
    pub awaiting: i64,
    pub elapsed_minutes: i64,
    pub allowed_minutes: i64,
    pub rated: i64,
    pub rating_sum: i64,
    pub dissatisfied: i64,
    /// Decision 766's facts of the dossiers received in the period (1.4, 3.6, 4.3, 4.4) and
    /// of those finished in it (4.1, 4.2: a result exists only once finished).
    pub digital_received: DigitalCounts,
    pub digital_finished: DigitalCounts,
}

impl DossierFigures {
    /// Adds one line. `running` is the month still in progress (this month): a line due in it
    /// cannot be judged from the tally alone.
    pub fn add(&mut self, r: &TallyRow, p: Period, running: Month) {
        if p.contains(r.received) {
            self.digital_received.add(&r.digital);
            match r.channel {
                Channel::Desk => self.received_desk += r.dossiers,
                Channel::Online => self.received_online += r.dossiers,
                Channel::Post => self.received_post += r.dossiers,
            }
        }
        match r.finished {
            Some(f) if p.contains(f) => {
                match r.finish {
                    Finish::Early => self.early += r.dossiers,
                    Finish::OnTime => self.on_time += r.dossiers,
                    Finish::Late => self.late += r.dossiers,
                    Finish::Unclocked | Finish::Open => self.unclocked += r.dossiers,
                }
                self.elapsed_minutes += r.elapsed_minutes;
                self.allowed_minutes += r.allowed_minutes;
                self.rated += r.rated;
                self.rating_sum += r.rating_sum;
                self.dissatisfied += r.dissatisfied;
                self.digital_finished.add(&r.digital);
            }
            Some(f) if f < p.first => {}
            // Open at the period's end: received by then, not finished by then.
            _ if r.received <= p.last => match r.due {
                None => self.awaiting += r.dossiers,
                Some(d) if d > p.last => self.open_within += r.dossiers,
                Some(d) if d == p.last && d == running => self.open_due_current += r.dossiers,
                Some(_) => self.open_over += r.dossiers,
            },
            _ => {}
        }
    }

    /// Moves the lines due this month into within and over: `over` of them are past due now.
    pub fn split_current(&mut self, over: i64) {
        let over = over.clamp(0, self.open_due_current);
        self.open_over += over;
        self.open_within += self.open_due_current - over;
        self.open_due_current = 0;
    }

    #[must_use]
    pub fn received(&self) -> i64 {
        self.received_desk + self.received_online + self.received_post
    }

    #[must_use]
    pub fn finished(&self) -> i64 {
        self.early + self.on_time + self.late + self.unclocked
    }

    #[must_use]
    pub fn open(&self) -> i64 {
        self.open_within + self.open_over + self.open_due_current + self.awaiting
    }

    /// Decision 766 2.1's numerator: finished early or on time, and open within the limit.
    #[must_use]
    pub fn on_time_total(&self) -> i64 {
        self.early + self.on_time + self.unclocked + self.open_within + self.awaiting
    }

    /// Its denominator: every dossier finished in the period or open at its end.
    #[must_use]
    pub fn handled_total(&self) -> i64 {
        self.finished() + self.open()
    }

    /// The share on time, in per mille (`None` with nothing to count).
    #[must_use]
    pub fn on_time_permille(&self) -> Option<i64> {
        permille(self.on_time_total(), self.handled_total())
    }

    /// Average minutes taken and allowed per finished dossier.
    #[must_use]
    pub fn average_days(&self) -> Option<(f64, f64)> {
        let n = self.finished();
        (n > 0).then(|| {
            #[allow(clippy::cast_precision_loss)]
            let per = |m: i64| m as f64 / n as f64 / 1440.0;
            (per(self.elapsed_minutes), per(self.allowed_minutes))
        })
    }

    /// Average rating in hundredths of a point (0–200).
    #[must_use]
    pub fn rating_average(&self) -> Option<i64> {
        (self.rated > 0).then(|| self.rating_sum / self.rated)
    }

    /// Share of ratings that were not dissatisfied, per mille.
    #[must_use]
    pub fn satisfied_permille(&self) -> Option<i64> {
        permille(self.rated - self.dissatisfied, self.rated)
    }
}

/// `num / den` in per mille, rounded half up; `None` when `den` is zero.
#[must_use]
pub fn permille(num: i64, den: i64) -> Option<i64> {
    (den > 0).then(|| (num * 2000 + den) / (den * 2))
}

/// Decision 766's counts over procedures for a period (3.1, 3.2, 3.5).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceFigures {
    /// Procedures served by the view's units.
    pub procedures: i64,
    /// Of them, offered online (partly or fully).
    pub online: i64,
    /// Of those, with an online dossier received in the period.
    pub online_used: i64,
    /// Procedures with a fee.
    pub fee_bearing: i64,
    /// Of those, with a dossier received in the period and paid online.
    pub fee_paid_online: i64,
}

/// A procedure as [`ServiceFigures`] counts it.
#[derive(Clone, Copy, Debug)]
pub struct Served<'a> {
    pub code: &'a str,
    pub online: bool,
    pub fee_bearing: bool,
}

impl ServiceFigures {
    /// Counts `catalogue` (the procedures served) against the view's tally `rows`.
    pub fn of<'a>(
        catalogue: impl IntoIterator<Item = Served<'a>>,
        rows: &[TallyRow],
        p: Period,
    ) -> Self {
        let (used, paid) = Self::used(rows, p);
        let mut out = Self::default();
        for s in catalogue {
            out.procedures += 1;
            if s.online {
                out.online += 1;
                out.online_used += i64::from(used.contains(s.code));
            }
            if s.fee_bearing {
                out.fee_bearing += 1;
                out.fee_paid_online += i64::from(paid.contains(s.code));
            }
        }
        out
    }

    /// The procedures with an online dossier received in `p`, and those with one paid online.
    #[must_use]
    pub fn used(rows: &[TallyRow], p: Period) -> (BTreeSet<&str>, BTreeSet<&str>) {
        let (mut used, mut paid) = (BTreeSet::new(), BTreeSet::new());
        for r in rows
            .iter()
            .filter(|r| r.dossiers > 0 && p.contains(r.received))
        {
            if r.channel == Channel::Online {
                used.insert(r.procedure_code.as_str());
            }
            if r.digital.paid_online > 0 {
                paid.insert(r.procedure_code.as_str());
            }
        }
        (used, paid)
    }
}

/// Figures per key (a procedure, a unit), and the total.
#[derive(Clone, Debug, Default)]
pub struct Breakdown {
    pub total: DossierFigures,
    pub by: BTreeMap<String, DossierFigures>,
}

impl Breakdown {
    /// Adds up `rows`, grouped by `key_of(unit, procedure)`, then splits the running month's
    /// dues of each group with `past_due`: the open dossiers already past due, by (unit,
    /// procedure), as counted against the clock.
    pub fn of<'a>(
        rows: impl IntoIterator<Item = &'a TallyRow>,
        p: Period,
        running: Month,
        past_due: &[(String, String, i64)],
        key_of: impl Fn(&str, &str) -> String,
    ) -> Self {
        let mut out = Self::default();
        for r in rows {
            out.total.add(r, p, running);
            out.by
                .entry(key_of(&r.unit_id, &r.procedure_code))
                .or_default()
                .add(r, p, running);
        }
        let mut over: BTreeMap<String, i64> = BTreeMap::new();
        for (unit, procedure, n) in past_due {
            *over.entry(key_of(unit, procedure)).or_default() += n;
        }
        for (key, f) in &mut out.by {
            f.split_current(over.get(key).copied().unwrap_or(0));
        }
        out.total
            .split_current(past_due.iter().map(|(_, _, n)| n).sum());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(received: &str, due: Option<&str>, finished: Option<&str>, finish: Finish) -> TallyRow {
        TallyRow {
            unit_id: "u".into(),
            procedure_code: "p".into(),
            channel: Channel::Online,
            received: Month::parse(received).unwrap(),
            due: due.map(|d| Month::parse(d).unwrap()),
            finished: finished.map(|d| Month::parse(d).unwrap()),
            finish,
            dossiers: 1,
            elapsed_minutes: 1440,
            allowed_minutes: 2880,
            rated: 0,
            rating_sum: 0,
            dissatisfied: 0,
            digital: DigitalCounts::default(),
        }
    }

    #[test]
    fn a_dossier_counts_where_the_period_finds_it() {
        let m = |s| Month::parse(s).unwrap();
        let p = Period::month(m("2026-05"));
        let now = m("2026-12");
        let mut f = DossierFigures::default();
        // Received in April, finished late in May.
        f.add(
            &row("2026-04", Some("2026-04"), Some("2026-05"), Finish::Late),
            p,
            now,
        );
        // Received in May, still open, due in June: within the limit at May's end.
        f.add(&row("2026-05", Some("2026-06"), None, Finish::Open), p, now);
        // Received in May, finished in June, due in May: over the limit at May's end.
        f.add(
            &row("2026-05", Some("2026-05"), Some("2026-06"), Finish::Late),
            p,
            now,
        );
        // Finished in March: not in May at all.
        f.add(
            &row("2026-03", Some("2026-03"), Some("2026-03"), Finish::Early),
            p,
            now,
        );
        assert_eq!(
            (f.received(), f.late, f.open_within, f.open_over),
            (2, 1, 1, 1)
        );
        assert_eq!((f.on_time_total(), f.handled_total()), (1, 3));
        assert_eq!(f.on_time_permille(), Some(333));
        assert_eq!(f.average_days(), Some((1.0, 2.0)));
    }

    #[test]
    fn each_group_splits_its_own_running_dues() {
        let m = Month::parse("2026-12").unwrap();
        let mut a = row("2026-12", Some("2026-12"), None, Finish::Open);
        a.procedure_code = "a".into();
        let mut b = a.clone();
        b.procedure_code = "b".into();
        let past_due = vec![("u".to_owned(), "b".to_owned(), 1)];
        let by = Breakdown::of([&a, &b], Period::month(m), m, &past_due, |_, p| {
            p.to_owned()
        });
        assert_eq!((by.by["a"].open_within, by.by["a"].open_over), (1, 0));
        assert_eq!((by.by["b"].open_within, by.by["b"].open_over), (0, 1));
        assert_eq!((by.total.open_within, by.total.open_over), (1, 1));
        assert_eq!(by.by["a"].on_time_permille(), Some(1000));
    }

    #[test]
    fn the_running_month_waits_for_the_clock() {
        let m = Month::parse("2026-12").unwrap();
        let mut f = DossierFigures::default();
        f.add(
            &row("2026-12", Some("2026-12"), None, Finish::Open),
            Period::month(m),
            m,
        );
        f.add(
            &row("2026-12", Some("2026-12"), None, Finish::Open),
            Period::month(m),
            m,
        );
        assert_eq!(f.open_due_current, 2);
        f.split_current(1);
        assert_eq!((f.open_within, f.open_over, f.open_due_current), (1, 1, 0));
    }
}
