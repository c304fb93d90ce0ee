//! A dossier's clock: the due date promised at receipt, the due moment of each internal step,
//! and the due date after a supplement. Every figure comes from the legal-time engine
//! (`motcua-calendar`) under the counting rules in force on the day of receipt; this module only
//! converts between the catalogue's quantities, UTC instants and the engine's local times.

use chrono::{DateTime, NaiveDate, Utc};
use motcua_calendar::{
    CalendarError, ClockEvent, CountingRules, Step as ExplainStep, TimeLimit, WorkingCalendar,
    rules::SupplementClock,
};

use crate::dossier::lifecycle::LifecycleError;
use crate::message::{MessageArg, Text};
use crate::procedure::{LimitKind, ProcedureDraft, Quantity};
use crate::vn_time::{from_vn_local, vn_local};

/// Which of the procedure's limits the dossier is promised: the committed one when the locality
/// has shortened it (a promise to do better than the law), otherwise the legal one.
#[must_use]
pub fn promised_quantity(p: &ProcedureDraft) -> Quantity {
    if p.committed_limit.hundredths() > 0 && p.committed_limit < p.legal_limit {
        p.committed_limit
    } else {
        p.legal_limit
    }
}

/// A catalogue quantity as an engine limit. Whole days stay days (so the day-counting rules of
/// the Civil Code apply); a fraction of a day is counted to the minute, with `day_minutes` the
/// length of a working day in the unit's schedule.
#[must_use]
pub fn time_limit(kind: LimitKind, q: Quantity, day_minutes: u32) -> TimeLimit {
    let h = q.hundredths();
    match kind {
        LimitKind::SameDay => TimeLimit::SameDay,
        LimitKind::CalendarDays => TimeLimit::CalendarDays(h.div_ceil(100)),
        LimitKind::WorkingDays if h.is_multiple_of(100) => TimeLimit::WorkingDays(h / 100),
        LimitKind::WorkingDays => TimeLimit::WorkingMinutes(h * day_minutes / 100),
        LimitKind::WorkingHours if h.is_multiple_of(100) => TimeLimit::WorkingHours(h / 100),
        LimitKind::WorkingHours => TimeLimit::WorkingMinutes(h * 60 / 100),
    }
}

/// A step's budget as working minutes: steps are short and hand-overs happen at any minute, so
/// they are measured to the minute whatever the procedure's unit.
#[must_use]
pub fn step_budget_minutes(kind: LimitKind, budget: Quantity, day_minutes: u32) -> u32 {
    let h = budget.hundredths();
    match kind {
        LimitKind::WorkingHours => h * 60 / 100,
        // A calendar day is still worked only in working hours; a same-day procedure's steps
        // share its one day.
        LimitKind::WorkingDays | LimitKind::CalendarDays | LimitKind::SameDay => {
            h * day_minutes / 100
        }
    }
}

/// Working minutes in the first working day on or after `date`: the length of "one day" when
/// a budget is a fraction of a day.
pub fn day_minutes(cal: &WorkingCalendar, date: NaiveDate) -> Result<u32, CalendarError> {
    let day = cal.next_working_day(date)?;
    let minutes = cal.working_minutes_between(cal.opening(day)?, cal.closing(day)?)?;
    Ok(u32::try_from(minutes).unwrap_or(u32::MAX))
}

/// The due moment and the explanation of every day counted or skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueDate {
    pub due: DateTime<Utc>,
    pub explanation: Vec<ExplainStep>,
}

/// The due date of a dossier received at `received` with `limit`, under `rules`.
pub fn due_at(
    cal: &WorkingCalendar,
    rules: &CountingRules,
    received: DateTime<Utc>,
    limit: TimeLimit,
) -> Result<DueDate, CalendarError> {
    let (due, explanation) = cal.due_explained(vn_local(received), limit, rules)?;
    Ok(DueDate {
        due: from_vn_local(due),
        explanation,
    })
}

/// The same due moment without the explanation (the fast path for intake and the demo).
pub fn due_fast(
    cal: &WorkingCalendar,
    rules: &CountingRules,
    received: DateTime<Utc>,
    limit: TimeLimit,
) -> Result<DateTime<Utc>, CalendarError> {
    cal.due(vn_local(received), limit, rules).map(from_vn_local)
}

/// When a step that started at `started` must be handed over.
pub fn step_due(
    cal: &WorkingCalendar,
    rules: &CountingRules,
    started: DateTime<Utc>,
    budget_minutes: u32,
) -> Result<DateTime<Utc>, CalendarError> {
    due_fast(
        cal,
        rules,
        started,
        TimeLimit::WorkingMinutes(budget_minutes),
    )
}

/// A supplement cycle: when it was requested and, if so, when the complete dossier came back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SupplementCycle {
    pub requested: DateTime<Utc>,
    pub resubmitted: Option<DateTime<Utc>>,
}

/// The due date after a supplement cycle, under the rule in force at receipt: the limit counts
/// again from zero after resubmission (Decree 61/2018 Art. 19(4)), or resumes with what was
/// left. `None` while the applicant has not resubmitted.
pub fn due_after_supplement(
    cal: &WorkingCalendar,
    rules: &CountingRules,
    received: DateTime<Utc>,
    limit: TimeLimit,
    cycle: SupplementCycle,
) -> Result<Option<DueDate>, CalendarError> {
    let mut events = vec![ClockEvent::Pause(vn_local(cycle.requested))];
    if let Some(back) = cycle.resubmitted {
        events.push(match rules.supplement_clock.value {
            SupplementClock::Restart => ClockEvent::Restart(vn_local(back)),
            SupplementClock::Pause => ClockEvent::Resume(vn_local(back)),
        });
    }
    let reading = cal.run_clock(vn_local(received), limit, rules, &events)?;
    Ok(reading.due.map(|due| DueDate {
        due: from_vn_local(due),
        explanation: reading.steps,
    }))
}

/// Working minutes from `now` until `due` (zero once it has passed): "due within N working
/// hours" for the late watch.
pub fn working_minutes_left(
    cal: &WorkingCalendar,
    now: DateTime<Utc>,
    due: DateTime<Utc>,
) -> Result<u64, CalendarError> {
    cal.working_minutes_between(vn_local(now), vn_local(due))
}

/// The latest due date an apology (form 04) may set: the current due date plus one more full
/// time limit of the dossier's procedure, counted by the same engine and rules as the first
/// one, and never earlier than the close of the next working day (so that a same-day or
/// hours-long procedure can still be re-appointed). The bound is the catalogue's own limit,
/// not a number chosen here: a 5-day procedure may slip by 5 more working days, a 30-day one
/// by 30.
pub fn latest_new_due(
    cal: &WorkingCalendar,
    rules: &CountingRules,
    current_due: DateTime<Utc>,
    limit: TimeLimit,
) -> Result<DateTime<Utc>, CalendarError> {
    let again = due_fast(cal, rules, current_due, limit)?;
    let next_day = cal.next_working_day(vn_local(current_due).date())?;
    Ok(again.max(from_vn_local(cal.closing(next_day)?)))
}

/// Checks an apology's new due date: later than the current one, no later than
/// [`latest_new_due`], and a moment the office is open (a working day of the unit's calendar,
/// inside one of its working windows, the closing minute included).
pub fn check_new_due(
    cal: &WorkingCalendar,
    rules: &CountingRules,
    current_due: DateTime<Utc>,
    new_due: DateTime<Utc>,
    limit: TimeLimit,
) -> Result<(), NewDueProblem> {
    if new_due <= current_due {
        return Err(LifecycleError::NewDueNotLater.into());
    }
    let latest = latest_new_due(cal, rules, current_due, limit)?;
    if new_due > latest {
        return Err(LifecycleError::NewDueTooFar {
            latest: vn_local(latest).format("%H:%M %d/%m/%Y").to_string(),
        }
        .into());
    }
    let local = vn_local(new_due);
    let day = local.date();
    if let Some(off) = cal.day_off(day)? {
        return Err(LifecycleError::NewDueNotWorking {
            reason: Text::with(
                "dossier-new_due-day_off",
                vec![
                    ("date", MessageArg::Date(day)),
                    ("name", crate::explain::off_text(&off.into()).into()),
                ],
            ),
        }
        .into());
    }
    let windows = cal.windows(day)?;
    let minute =
        u16::try_from(chrono::Timelike::hour(&local) * 60 + chrono::Timelike::minute(&local))
            .unwrap_or(u16::MAX);
    let exact = chrono::Timelike::second(&local) == 0 && chrono::Timelike::nanosecond(&local) == 0;
    let inside = windows
        .iter()
        .any(|w| w.start <= minute && (minute < w.end || (minute == w.end && exact)));
    if !inside {
        let hours: Vec<String> = windows
            .iter()
            .map(|w| format!("{}–{}", hhmm(w.start), hhmm(w.end)))
            .collect();
        return Err(LifecycleError::NewDueNotWorking {
            reason: Text::with(
                "dossier-new_due-outside_hours",
                vec![
                    ("time", local.format("%H:%M").to_string().into()),
                    ("hours", hours.join(", ").into()),
                ],
            ),
        }
        .into());
    }
    Ok(())
}

fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Why a new due date was refused: a rule the officer can fix, or a calendar that does not
/// cover the dates (a configuration problem).
#[derive(Debug)]
pub enum NewDueProblem {
    Rule(LifecycleError),
    Calendar(CalendarError),
}

impl From<LifecycleError> for NewDueProblem {
    fn from(e: LifecycleError) -> Self {
        Self::Rule(e)
    }
}

impl From<CalendarError> for NewDueProblem {
    fn from(e: CalendarError) -> Self {
        Self::Calendar(e)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;
    use motcua_calendar::LegalTime;

    use super::*;

    fn vn(s: &str) -> DateTime<Utc> {
        from_vn_local(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
    }

    fn setup() -> (WorkingCalendar, LegalTime) {
        let legal = LegalTime::shipped().unwrap();
        let cal = legal.calendar(None, 2025..=2027).unwrap();
        (cal, legal)
    }

    #[test]
    fn an_apology_new_due_is_a_working_moment_within_one_more_time_limit() {
        let (cal, legal) = setup();
        let rules = legal.counting_rules(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        let limit = TimeLimit::WorkingDays(5);
        let due = vn("2026-03-02 16:00");
        let check = |new_due| check_new_due(&cal, rules, due, new_due, limit);
        let rule = |r: Result<(), NewDueProblem>| match r {
            Err(NewDueProblem::Rule(e)) => e,
            other => panic!("expected a rule, got {other:?}"),
        };
        assert!(check(vn("2026-03-04 10:00")).is_ok());
        assert_eq!(rule(check(due)), LifecycleError::NewDueNotLater);
        let far = from_vn_local(
            NaiveDate::from_ymd_opt(9999, 12, 31)
                .unwrap()
                .and_hms_opt(10, 0, 0)
                .unwrap(),
        );
        assert_eq!(rule(check(far)).code(), "new_due_too_far");
        let sunday = rule(check(vn("2026-03-08 10:00")));
        assert_eq!(sunday.code(), "new_due_not_working_time");
        assert!(sunday.to_string().contains("Chủ Nhật"), "{sunday}");
        let night = rule(check(vn("2026-03-04 20:00")));
        assert!(night.to_string().contains("ngoài giờ làm việc"), "{night}");
        // The bound itself is allowed, a minute later is not.
        let latest = latest_new_due(&cal, rules, due, limit).unwrap();
        assert!(latest > vn("2026-03-08 00:00"));
        assert!(check(latest).is_ok(), "{latest}");
        assert_eq!(
            rule(check(latest + chrono::Duration::minutes(1))).code(),
            "new_due_too_far"
        );
        // A public holiday (Reunification Day, Thursday 30 April 2026) is refused by name.
        let before_holiday = vn("2026-04-27 16:00");
        let holiday = check_new_due(&cal, rules, before_holiday, vn("2026-04-30 09:00"), limit);
        let holiday = rule(holiday);
        assert_eq!(holiday.code(), "new_due_not_working_time");
        assert!(holiday.to_string().contains("30/04/2026"), "{holiday}");
    }

    #[test]
    fn committed_limit_wins_only_when_shorter() {
        let mut p = crate::procedure::tests::draft();
        p.legal_limit = Quantity::whole(5);
        p.committed_limit = Quantity::whole(3);
        assert_eq!(promised_quantity(&p), Quantity::whole(3));
        p.committed_limit = Quantity::ZERO;
        assert_eq!(promised_quantity(&p), Quantity::whole(5));
        p.committed_limit = Quantity::whole(7);
        assert_eq!(promised_quantity(&p), Quantity::whole(5));
    }

    #[test]
    fn quantities_become_engine_limits() {
        assert_eq!(
            time_limit(LimitKind::WorkingDays, Quantity::whole(3), 450),
            TimeLimit::WorkingDays(3)
        );
        assert_eq!(
            time_limit(LimitKind::WorkingDays, Quantity::from_hundredths(50), 450),
            TimeLimit::WorkingMinutes(225)
        );
        assert_eq!(
            time_limit(LimitKind::WorkingHours, Quantity::from_hundredths(150), 450),
            TimeLimit::WorkingMinutes(90)
        );
        assert_eq!(
            time_limit(LimitKind::CalendarDays, Quantity::from_hundredths(150), 450),
            TimeLimit::CalendarDays(2)
        );
        assert_eq!(
            step_budget_minutes(LimitKind::WorkingDays, Quantity::whole(1), 450),
            450
        );
    }

    #[test]
    fn due_date_skips_tet_and_applies_the_cutoff() {
        let (cal, legal) = setup();
        let rules = legal.counting_rules(NaiveDate::from_ymd_opt(2026, 2, 13).unwrap());
        // Friday 13 Feb 2026 at 16:00, after the 15:00 cut-off, just before Tết 2026.
        let due = due_at(
            &cal,
            rules,
            vn("2026-02-13 16:00"),
            TimeLimit::WorkingDays(3),
        )
        .unwrap();
        assert!(due.due > vn("2026-02-23 00:00"), "{}", due.due);
        assert!(!due.explanation.is_empty());
        let fast = due_fast(
            &cal,
            rules,
            vn("2026-02-13 16:00"),
            TimeLimit::WorkingDays(3),
        )
        .unwrap();
        assert_eq!(fast, due.due);
    }

    #[test]
    fn supplement_restart_gives_the_whole_limit_again() {
        let (cal, legal) = setup();
        let rules = legal.counting_rules(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        let received = vn("2026-03-02 09:00");
        let limit = TimeLimit::WorkingDays(5);
        let first = due_fast(&cal, rules, received, limit).unwrap();
        let waiting = due_after_supplement(
            &cal,
            rules,
            received,
            limit,
            SupplementCycle {
                requested: vn("2026-03-03 10:00"),
                resubmitted: None,
            },
        )
        .unwrap();
        assert!(
            waiting.is_none(),
            "no due date while the applicant has the dossier"
        );
        let back = vn("2026-03-10 09:00");
        let after = due_after_supplement(
            &cal,
            rules,
            received,
            limit,
            SupplementCycle {
                requested: vn("2026-03-03 10:00"),
                resubmitted: Some(back),
            },
        )
        .unwrap()
        .unwrap();
        assert!(after.due > first);
        assert_eq!(after.due, due_fast(&cal, rules, back, limit).unwrap());
    }

    #[test]
    fn minutes_left_is_zero_after_the_due_moment() {
        let (cal, _) = setup();
        let due = vn("2026-03-04 17:00");
        assert_eq!(
            working_minutes_left(&cal, vn("2026-03-05 09:00"), due).unwrap(),
            0
        );
        let left = working_minutes_left(&cal, vn("2026-03-04 15:00"), due).unwrap();
        assert_eq!(left, 120);
        let d = day_minutes(&cal, NaiveDate::from_ymd_opt(2026, 3, 7).unwrap()).unwrap();
        assert!(d > 0);
    }
}
