//! A due date's explanation in the reader's language. The legal-time engine (`motcua-calendar`,
//! below this crate) keeps each step's reason as data ([`Why`]) next to its Vietnamese sentence;
//! this module turns the data into a [`Text`] that the web renders through Fluent. The names of
//! days off and the legal sources are quoted as the calendar files give them.

use chrono::Weekday;
use motcua_calendar::{DayKind, OffDay, Step, TimeLimit, Why};

use crate::message::{MessageArg, Text};

/// A time limit, e.g. "15 ngày làm việc" / "15 working days".
#[must_use]
pub fn limit_text(limit: TimeLimit) -> Text {
    let n = |v: u32| MessageArg::Number(i64::from(v));
    match limit {
        TimeLimit::WorkingDays(d) => Text::with("time-limit-working_days", vec![("n", n(d))]),
        TimeLimit::WorkingHours(h) => Text::with("time-limit-working_hours", vec![("n", n(h))]),
        TimeLimit::WorkingMinutes(m) => Text::with(
            "time-limit-working_minutes",
            vec![("h", n(m / 60)), ("m", n(m % 60))],
        ),
        TimeLimit::CalendarDays(d) => Text::with("time-limit-calendar_days", vec![("n", n(d))]),
        TimeLimit::SameDay => Text::id("time-limit-same_day"),
    }
}

fn day_kind(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Holiday => "holiday",
        DayKind::Compensatory => "compensatory",
        DayKind::SwapDayOff => "swap_day_off",
        DayKind::MakeupWorkday => "makeup_workday",
    }
}

fn weekday(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// Why a day is not worked, e.g. "Tết Nguyên Đán (public holiday)".
#[must_use]
pub fn off_text(off: &OffDay) -> Text {
    match off {
        OffDay::Listed { name, kind, .. } => Text::with(
            "day-off-listed",
            vec![
                ("name", name.as_str().into()),
                ("kind", MessageArg::Label("day-kind", day_kind(*kind))),
            ],
        ),
        OffDay::WeeklyRest(w) => Text::with(
            "day-off-weekly",
            vec![("weekday", MessageArg::Label("weekday", weekday(*w)))],
        ),
    }
}

fn skipped(off: &OffDay) -> Text {
    match off {
        OffDay::Listed { source, .. } => Text::with(
            "due-step-skipped-listed",
            vec![
                ("off", off_text(off).into()),
                ("source", source.as_str().into()),
            ],
        ),
        OffDay::WeeklyRest(_) => Text::with(
            "due-step-skipped-weekly",
            vec![("off", off_text(off).into())],
        ),
    }
}

/// What one step of an explanation says.
#[must_use]
pub fn why_text(why: &Why) -> Text {
    let n = |v: u32| MessageArg::Number(i64::from(v));
    let source = |s: &String| ("source", MessageArg::from(s.as_str()));
    match why {
        Why::Received { limit } => Text::with(
            "due-step-received",
            vec![("limit", limit_text(*limit).into())],
        ),
        Why::MovedFromDayOff { off, source: s } => Text::with(
            "due-step-moved-day_off",
            vec![
                (
                    "off",
                    off.as_ref()
                        .map_or_else(|| Text::id("day-off-unnamed"), off_text)
                        .into(),
                ),
                source(s),
            ],
        ),
        Why::MovedAfterCutoff { cutoff, source: s } => Text::with(
            "due-step-moved-cutoff",
            vec![
                ("cutoff", cutoff.format("%H:%M").to_string().into()),
                source(s),
            ],
        ),
        Why::MovedAfterHours { source: s } => {
            Text::with("due-step-moved-after_hours", vec![source(s)])
        }
        Why::Counted { k, n: of } => {
            Text::with("due-step-counted", vec![("k", n(*k)), ("n", n(*of))])
        }
        Why::HoursCounted { minutes, total } => Text::with(
            "due-step-hours",
            vec![
                ("h", n(minutes / 60)),
                ("m", n(minutes % 60)),
                ("th", n(total / 60)),
                ("tm", n(total % 60)),
            ],
        ),
        Why::LastCalendarDay {
            n: days,
            from,
            source: s,
        } => Text::with(
            "due-step-last_calendar_day",
            vec![
                ("n", n(*days)),
                ("from", MessageArg::Date(*from)),
                source(s),
            ],
        ),
        Why::Skipped { off: None } => Text::id("due-step-skipped"),
        Why::Skipped { off: Some(off) } => skipped(off),
        Why::EndMoved { off, source: s } => Text::with(
            "due-step-end_moved",
            vec![("skipped", skipped(off).into()), source(s)],
        ),
        Why::Paused { remaining } => Text::with(
            "due-step-paused",
            vec![("remaining", limit_text(*remaining).into())],
        ),
        Why::Resumed { remaining } => Text::with(
            "due-step-resumed",
            vec![("remaining", limit_text(*remaining).into())],
        ),
        Why::Restarted { limit } => Text::with(
            "due-step-restarted",
            vec![("limit", limit_text(*limit).into())],
        ),
        Why::Due => Text::id("due-step-due"),
    }
}

/// A step as one line: its date, its time when it has one, and why.
#[must_use]
pub fn step_text(step: &Step) -> Text {
    let when = match step.time {
        Some(t) => format!("{} {}", step.date.format("%d/%m/%Y"), t.format("%H:%M")),
        None => step.date.format("%d/%m/%Y").to_string(),
    };
    Text::with(
        "due-step-line",
        vec![("when", when.into()), ("why", why_text(&step.why).into())],
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;
    use fluent_templates::langid;
    use motcua_calendar::{LegalTime, WorkingCalendar};

    use super::*;

    fn explained(received: &str, limit: TimeLimit) -> Vec<Step> {
        let legal = LegalTime::shipped().expect("the shipped defaults parse");
        let cal: WorkingCalendar = legal.calendar(None, 2025..=2027).expect("calendar builds");
        let at = NaiveDateTime::parse_from_str(received, "%Y-%m-%d %H:%M").unwrap();
        cal.due_explained(at, limit, legal.counting_rules(at.date()))
            .expect("computes")
            .1
    }

    #[test]
    fn every_step_reads_in_vietnamese_exactly_as_the_engine_words_it() {
        // Across Tết 2026, received after the cut-off, and a limit in hours.
        for (at, limit) in [
            ("2026-02-13 15:30", TimeLimit::WorkingDays(15)),
            ("2026-02-14 09:00", TimeLimit::WorkingHours(20)),
            ("2026-04-29 10:00", TimeLimit::CalendarDays(5)),
            // Ten days ending on a Tết day: the end moves to the next working day.
            ("2026-02-10 09:00", TimeLimit::CalendarDays(10)),
        ] {
            for s in explained(at, limit) {
                assert_eq!(why_text(&s.why).to_string(), s.reason, "{s:?}");
            }
        }
    }

    #[test]
    fn in_english_the_steps_are_worded_in_english_with_names_and_sources_quoted() {
        let en = langid!("en");
        let steps = explained("2026-02-02 09:00", TimeLimit::WorkingDays(15));
        let lines: Vec<String> = steps.iter().map(|s| step_text(s).render(&en)).collect();
        assert!(
            lines[0].ends_with("received; time limit 15 working days"),
            "{}",
            lines[0]
        );
        assert!(
            lines.iter().any(|l| l.contains("working day 15 of 15")),
            "{lines:#?}"
        );
        let tet = steps
            .iter()
            .position(|s| {
                matches!(
                    &s.why,
                    Why::Skipped {
                        off: Some(OffDay::Listed { .. })
                    }
                )
            })
            .expect("a listed day off");
        assert!(lines[tet].contains("(public holiday)"), "{}", lines[tet]);
        assert_eq!(
            limit_text(TimeLimit::WorkingDays(1)).render(&en),
            "1 working day"
        );
        assert_eq!(
            limit_text(TimeLimit::WorkingMinutes(90)).render(&en),
            "1 h 30 min of working time"
        );
        assert_eq!(
            off_text(&OffDay::WeeklyRest(Weekday::Sun)).render(&en),
            "Sunday (weekly rest day)"
        );
        let due = Why::Due;
        assert_eq!(why_text(&due).render(&en), "results due");
    }
}
