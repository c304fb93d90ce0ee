//! Filing windows of a complaint: the 90-day limit (thời hiệu) from knowing of the decision or
//! act, with time lost to illness, disaster and other obstacles not counted (Law on Complaints
//! 2011 Art. 9), and the window for a second complaint after the first-instance decision was
//! received or its deadline lapsed (Art. 33). Days are counted by the calendar crate under the
//! petition counting rules, so a window ending on a day off ends on the next working day.

use chrono::{NaiveDate, NaiveDateTime};
use motcua_calendar::ClockEvent;
use serde::{Deserialize, Serialize};

use super::deadlines::Deadlines;
use super::error::PetitionError;
use super::rules::Period;

/// What opened the window for a second complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstInstanceEnd {
    /// The complainant received the first-instance decision.
    DecisionReceived,
    /// The first-instance deadline lapsed without a decision.
    DeadlineLapsed,
}

impl FirstInstanceEnd {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::DecisionReceived => "decision_received",
            Self::DeadlineLapsed => "deadline_lapsed",
        }
    }

    #[must_use]
    pub const fn label_vi(self) -> &'static str {
        match self {
            Self::DecisionReceived => "Đã nhận quyết định giải quyết lần đầu",
            Self::DeadlineLapsed => "Hết thời hạn giải quyết lần đầu mà chưa được giải quyết",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::DecisionReceived, Self::DeadlineLapsed]
            .into_iter()
            .find(|x| x.code() == s.trim())
    }
}

/// The link from a second complaint to the first instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstInstance {
    pub end: FirstInstanceEnd,
    /// The day the decision was received, or the day the first-instance deadline lapsed.
    pub on: NaiveDate,
}

/// A filing window: from the event to the last day a complaint may be filed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilingWindow {
    pub opens: NaiveDate,
    pub last_day: NaiveDate,
    pub period: Period,
    pub source: String,
}

impl FilingWindow {
    #[must_use]
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.opens <= day && day <= self.last_day
    }
}

/// Days not counted towards the filing limit (illness, disaster, work far away…), both ends
/// included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedInterval {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
}

fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(0, 0, 0).unwrap_or_default()
}

/// The last day of `period` counted from `start` with the clock stopped by `events`.
fn last_day(
    d: &Deadlines<'_>,
    start: NaiveDate,
    period: Period,
    events: &[ClockEvent],
) -> Result<NaiveDate, PetitionError> {
    let reading = d
        .calendar()
        .run_clock(midnight(start), period.limit(), d.counting(), events)?;
    reading
        .due
        .map(|due| due.date())
        .ok_or(PetitionError::Missing(
            crate::message::Missing::ExcludedPeriodEnd,
        ))
}

/// The window for a second complaint, under the rule set of `d` (choose the one in force on
/// `first.on`).
pub fn second_complaint_window(
    d: &Deadlines<'_>,
    first: FirstInstance,
    remote: bool,
) -> Result<FilingWindow, PetitionError> {
    let rule = &d.rules().second_complaint_window;
    let period = rule.value.period(remote);
    Ok(FilingWindow {
        opens: first.on,
        last_day: last_day(d, first.on, period, &[])?,
        period,
        source: rule.source.clone(),
    })
}

/// Is a second complaint filed on `filed_on` inside its window? The error names the last
/// allowed day.
pub fn check_second_complaint(
    d: &Deadlines<'_>,
    first: FirstInstance,
    remote: bool,
    filed_on: NaiveDate,
) -> Result<FilingWindow, PetitionError> {
    let window = second_complaint_window(d, first, remote)?;
    if filed_on < window.opens {
        return Err(PetitionError::SecondInstanceTooEarly {
            first_day: window.opens,
        });
    }
    if filed_on > window.last_day {
        return Err(PetitionError::SecondInstanceOutOfWindow {
            last_day: window.last_day,
            basis: window.source,
        });
    }
    Ok(window)
}

/// Sorted, checked and with overlaps merged, so the clock gets its events in order.
fn merged(excluded: &[ExcludedInterval]) -> Result<Vec<(NaiveDate, NaiveDate)>, PetitionError> {
    let mut spans = Vec::with_capacity(excluded.len());
    for x in excluded {
        if x.from > x.to {
            return Err(PetitionError::InvalidRange {
                from: x.from,
                to: x.to,
            });
        }
        if x.reason.trim().is_empty() {
            return Err(PetitionError::Missing(
                crate::message::Missing::ExcludedPeriodReason,
            ));
        }
        spans.push((x.from, x.to));
    }
    spans.sort();
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(spans.len());
    for (from, to) in spans {
        match out.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => out.push((from, to)),
        }
    }
    Ok(out)
}

/// The last day to file a first complaint about a decision or act known on `knew_on`. Each
/// excluded interval that starts before the limit runs out stops the clock for its days; one
/// that starts after cannot revive an expired limit.
pub fn filing_limit(
    d: &Deadlines<'_>,
    knew_on: NaiveDate,
    excluded: &[ExcludedInterval],
) -> Result<FilingWindow, PetitionError> {
    let rule = &d.rules().complaint_filing_limit;
    let period = rule.value;
    let mut events = Vec::new();
    let mut last = last_day(d, knew_on, period, &events)?;
    for (from, to) in merged(excluded)? {
        if to <= knew_on {
            continue;
        }
        if from > last {
            break;
        }
        // The day of the pause and the day of the resumption are not counted: the clock counts
        // days strictly between, so pausing at `from` and resuming at `to` leaves out both ends.
        events.push(ClockEvent::Pause(midnight(from.max(knew_on))));
        events.push(ClockEvent::Resume(midnight(to)));
        last = last_day(d, knew_on, period, &events)?;
    }
    Ok(FilingWindow {
        opens: knew_on,
        last_day: last,
        period,
        source: rule.source.clone(),
    })
}

/// Is a first complaint filed on `filed_on` within the filing limit? The error names the last
/// allowed day.
pub fn check_filing_limit(
    d: &Deadlines<'_>,
    knew_on: NaiveDate,
    filed_on: NaiveDate,
    excluded: &[ExcludedInterval],
) -> Result<FilingWindow, PetitionError> {
    let window = filing_limit(d, knew_on, excluded)?;
    if filed_on > window.last_day {
        return Err(PetitionError::FilingLimitExpired {
            last_day: window.last_day,
            basis: window.source,
        });
    }
    Ok(window)
}

#[cfg(test)]
mod tests {
    use motcua_calendar::{LegalTime, WorkingCalendar};

    use super::super::rules::PetitionRuleBook;
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    struct Env {
        cal: WorkingCalendar,
        legal: LegalTime,
        book: PetitionRuleBook,
    }

    fn env() -> Env {
        let legal = LegalTime::shipped().unwrap();
        Env {
            cal: legal.calendar(None, 2025..=2027).unwrap(),
            legal,
            book: PetitionRuleBook::shipped().unwrap(),
        }
    }

    impl Env {
        fn at(&self, date: &str) -> Deadlines<'_> {
            let d = day(date);
            Deadlines::new(
                &self.cal,
                self.legal.counting_rules(d),
                self.book.in_force(d),
            )
        }
    }

    fn excluded(from: &str, to: &str) -> ExcludedInterval {
        ExcludedInterval {
            from: day(from),
            to: day(to),
            reason: "ốm nằm viện".into(),
        }
    }

    #[test]
    fn codes_round_trip() {
        for e in [
            FirstInstanceEnd::DecisionReceived,
            FirstInstanceEnd::DeadlineLapsed,
        ] {
            assert_eq!(FirstInstanceEnd::parse(e.code()), Some(e));
            assert!(!e.label_vi().is_empty());
        }
        assert_eq!(FirstInstanceEnd::parse("x"), None);
    }

    #[test]
    fn second_complaint_window_is_30_days_or_45_in_remote_areas() {
        let e = env();
        let d = e.at("2026-03-02");
        let first = FirstInstance {
            end: FirstInstanceEnd::DecisionReceived,
            on: day("2026-03-02"),
        };
        // 2 March + 30 days = 1 April (Wednesday).
        let w = check_second_complaint(&d, first, false, day("2026-04-01")).unwrap();
        assert_eq!(w.last_day, day("2026-04-01"));
        assert!(w.contains(day("2026-03-02")));
        assert!(w.source.contains("Điều 33"));
        let err = check_second_complaint(&d, first, false, day("2026-04-02")).unwrap_err();
        assert_eq!(err.code(), "second_instance_out_of_window");
        assert!(err.to_string().contains("01/04/2026"), "{err}");
        // Remote: 45 days → 16 April.
        let w = check_second_complaint(&d, first, true, day("2026-04-16")).unwrap();
        assert_eq!(w.last_day, day("2026-04-16"));
        let err = check_second_complaint(&d, first, false, day("2026-03-01")).unwrap_err();
        assert_eq!(err.code(), "second_instance_too_early");
    }

    #[test]
    fn a_window_ending_on_a_day_off_ends_on_the_next_working_day() {
        let e = env();
        let d = e.at("2026-03-05");
        let first = FirstInstance {
            end: FirstInstanceEnd::DeadlineLapsed,
            on: day("2026-03-05"),
        };
        // 5 March + 30 = Saturday 4 April → Monday 6 April.
        let w = second_complaint_window(&d, first, false).unwrap();
        assert_eq!(w.last_day, day("2026-04-06"));
    }

    #[test]
    fn filing_limit_is_90_days() {
        let e = env();
        let d = e.at("2026-01-01");
        // 2 January 2026 + 90 days = 2 April (Thursday).
        let w = check_filing_limit(&d, day("2026-01-02"), day("2026-04-02"), &[]).unwrap();
        assert_eq!(w.last_day, day("2026-04-02"));
        assert_eq!(w.period.days, 90);
        let err = check_filing_limit(&d, day("2026-01-02"), day("2026-04-03"), &[]).unwrap_err();
        assert_eq!(err.code(), "filing_limit_expired");
        assert!(err.to_string().contains("02/04/2026"), "{err}");
        assert!(err.to_string().contains("Điều 9"), "{err}");
    }

    #[test]
    fn time_not_counted_lengthens_the_limit_by_its_days() {
        let e = env();
        let d = e.at("2026-01-01");
        let knew = day("2026-01-02");
        // Five days in hospital (10–14 January): the last day moves from 2 to 7 April.
        let w = filing_limit(&d, knew, &[excluded("2026-01-10", "2026-01-14")]).unwrap();
        assert_eq!(w.last_day, day("2026-04-07"));
        assert!(
            check_filing_limit(
                &d,
                knew,
                day("2026-04-07"),
                &[excluded("2026-01-10", "2026-01-14")]
            )
            .is_ok()
        );
        // Overlapping intervals count once: 10–20 January is 11 days → 13 April.
        let w = filing_limit(
            &d,
            knew,
            &[
                excluded("2026-01-15", "2026-01-20"),
                excluded("2026-01-10", "2026-01-16"),
            ],
        )
        .unwrap();
        assert_eq!(w.last_day, day("2026-04-13"));
        // Adjacent intervals lose nothing between them.
        let w = filing_limit(
            &d,
            knew,
            &[
                excluded("2026-01-10", "2026-01-14"),
                excluded("2026-01-15", "2026-01-16"),
            ],
        )
        .unwrap();
        assert_eq!(w.last_day, day("2026-04-09"));
    }

    #[test]
    fn intervals_outside_the_limit_change_nothing() {
        let e = env();
        let d = e.at("2026-01-01");
        let knew = day("2026-01-02");
        let before = filing_limit(&d, knew, &[excluded("2025-12-01", "2025-12-20")]).unwrap();
        assert_eq!(before.last_day, day("2026-04-02"));
        // An illness after the limit ran out does not revive it.
        let after = filing_limit(&d, knew, &[excluded("2026-04-10", "2026-04-20")]).unwrap();
        assert_eq!(after.last_day, day("2026-04-02"));
        // An interval that began before knowing counts only from then: 2–6 January → +4 days.
        let straddling = filing_limit(&d, knew, &[excluded("2025-12-30", "2026-01-06")]).unwrap();
        assert_eq!(straddling.last_day, day("2026-04-06"));
    }

    #[test]
    fn bad_intervals_are_refused() {
        let e = env();
        let d = e.at("2026-01-01");
        let err = filing_limit(
            &d,
            day("2026-01-02"),
            &[excluded("2026-01-20", "2026-01-10")],
        )
        .unwrap_err();
        assert_eq!(err.code(), "invalid_date_range");
        assert!(err.to_string().contains("20/01/2026"), "{err}");
        let mut x = excluded("2026-01-10", "2026-01-12");
        x.reason = " ".into();
        let err = filing_limit(&d, day("2026-01-02"), &[x]).unwrap_err();
        assert_eq!(err.code(), "missing_field");
    }
}
