//! Holidays, working time and due dates with the defaults that ship in `data/calendar/`.

use chrono::{Days, NaiveDate, NaiveDateTime};
use motcua_calendar::due::Action;
use motcua_calendar::{ClockEvent, DayKind, LegalTime, OffDay, TimeLimit, Why, WorkingCalendar};
use proptest::prelude::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("valid test instant")
}

fn legal() -> LegalTime {
    LegalTime::shipped().expect("the shipped defaults parse")
}

fn calendar() -> WorkingCalendar {
    legal()
        .calendar(None, 2023..=2028)
        .expect("calendar builds")
}

fn kinds_of(legal: &LegalTime, year: i32) -> Vec<(NaiveDate, DayKind)> {
    legal
        .holidays
        .year(year)
        .expect("year in range")
        .into_iter()
        .map(|d| (d.date, d.kind))
        .collect()
}

#[test]
fn the_2026_schedule_lists_every_official_day() {
    use DayKind::*;
    let days = kinds_of(&legal(), 2026);
    let expected = vec![
        (ymd(2026, 1, 1), Holiday),
        (ymd(2026, 1, 2), SwapDayOff),
        (ymd(2026, 1, 10), MakeupWorkday),
        (ymd(2026, 2, 16), Holiday),
        (ymd(2026, 2, 17), Holiday),
        (ymd(2026, 2, 18), Holiday),
        (ymd(2026, 2, 19), Holiday),
        (ymd(2026, 2, 20), Holiday),
        (ymd(2026, 4, 26), Holiday),
        (ymd(2026, 4, 27), Compensatory),
        (ymd(2026, 4, 30), Holiday),
        (ymd(2026, 5, 1), Holiday),
        (ymd(2026, 8, 22), MakeupWorkday),
        (ymd(2026, 8, 31), SwapDayOff),
        (ymd(2026, 9, 1), Holiday),
        (ymd(2026, 9, 2), Holiday),
    ];
    assert_eq!(days, expected);
}

#[test]
fn civil_servants_have_25_days_off_around_the_holidays_of_2026() {
    // Count every day of each unbroken run of days off that contains a listed holiday: the
    // press summed the 2026 breaks as 4 + 9 + 3 + 4 + 5 = 25.
    let cal = calendar();
    let mut total = 0;
    let mut run = 0;
    let mut run_has_holiday = false;
    let mut day = ymd(2026, 1, 1);
    while day <= ymd(2027, 1, 1) {
        if cal.is_working_day(day).expect("in range") {
            if run_has_holiday {
                total += run;
            }
            run = 0;
            run_has_holiday = false;
        } else {
            run += 1;
            run_has_holiday |= cal.entry(day).expect("in range").is_some();
        }
        day = day + Days::new(1);
    }
    assert_eq!(total, 25);
}

#[test]
fn the_2024_and_2025_schedules_move_tet_as_announced() {
    let cal = calendar();
    // 2024: Thursday 8/2 off and Thursday 15/2 worked, unlike the statutory default.
    assert!(!cal.is_working_day(ymd(2024, 2, 8)).expect("in range"));
    assert!(cal.is_working_day(ymd(2024, 2, 15)).expect("in range"));
    // 2025: Monday 27/1 off; Monday 3/2 worked.
    assert!(!cal.is_working_day(ymd(2025, 1, 27)).expect("in range"));
    assert!(cal.is_working_day(ymd(2025, 2, 3)).expect("in range"));
    // Make-up Saturday 26/4/2025 is worked; Friday 2/5/2025 is not.
    assert!(cal.is_working_day(ymd(2025, 4, 26)).expect("in range"));
    assert!(!cal.is_working_day(ymd(2025, 5, 2)).expect("in range"));
}

#[test]
fn a_year_without_an_official_schedule_uses_the_statutory_defaults() {
    use DayKind::*;
    let legal = legal();
    let days = kinds_of(&legal, 2027);
    // Tết 2027 is Saturday 6/2: the eve (Friday 5/2) and mùng 1–4, with the weekend's two
    // Tết days compensated on Wednesday and Thursday.
    for d in 5..=9 {
        assert!(days.contains(&(ymd(2027, 2, d), Holiday)), "5..9/2: {d}");
    }
    assert!(days.contains(&(ymd(2027, 2, 10), Compensatory)));
    assert!(days.contains(&(ymd(2027, 2, 11), Compensatory)));
    // 2/9/2027 is a Thursday; the fallback joins it to the weekend with Friday 3/9.
    assert!(days.contains(&(ymd(2027, 9, 3), Holiday)));
    assert_eq!(
        legal.holidays.schedule(2027).map(|s| s.status),
        Some(motcua_calendar::holidays::ScheduleStatus::Provisional)
    );
}

#[test]
fn an_administrator_can_add_next_years_schedule() {
    let mut legal = legal();
    legal
        .add_schedule(
            "2028.toml",
            r#"
year = 2028
status = "official"
source = "Công văn của Văn phòng Chính phủ (ví dụ)"
[[day]]
date = "2028-01-03"
name = "Nghỉ hoán đổi"
kind = "swap_day_off"
"#,
        )
        .expect("valid schedule");
    let cal = legal.calendar(None, 2028..=2028).expect("builds");
    assert!(!cal.is_working_day(ymd(2028, 1, 3)).expect("in range"));
}

#[test]
fn the_culture_day_is_off_by_default_and_can_be_switched_on() {
    let mut legal = legal();
    let has = |l: &LegalTime| {
        l.holidays
            .year(2026)
            .expect("in range")
            .iter()
            .any(|d| d.date == ymd(2026, 11, 24))
    };
    assert!(!has(&legal));
    assert!(legal.holidays.set_enabled("culture_day", true));
    assert!(has(&legal));
}

#[test]
fn fifteen_working_days_across_tet_2026() {
    let cal = calendar();
    let legal = legal();
    let received = at("2026-02-02 09:00");
    let rules = legal.counting_rules(received.date());
    let (due, steps) = cal
        .due_explained(received, TimeLimit::WorkingDays(15), rules)
        .expect("computes");
    assert_eq!(due, at("2026-03-02 17:00"));
    assert_eq!(
        cal.due(received, TimeLimit::WorkingDays(15), rules)
            .expect("computes"),
        due
    );
    let counted: Vec<u32> = steps
        .iter()
        .filter(|s| s.action == Action::Counted)
        .filter_map(|s| s.n)
        .collect();
    assert_eq!(counted, (1..=15).collect::<Vec<_>>());
    let tet_skips = steps
        .iter()
        .filter(|s| s.action == Action::Skipped && s.reason.contains("Tết Nguyên Đán"))
        .count();
    assert_eq!(tet_skips, 5);
    // Each step carries its reason as data too, for pages in other languages; the Vietnamese
    // sentence is made from that data, so the two cannot disagree.
    for s in &steps {
        assert_eq!(s.reason, s.why.vietnamese());
    }
    let first_tet = steps
        .iter()
        .find(|s| s.action == Action::Skipped && s.kind == Some(DayKind::Holiday))
        .expect("a Tết day is skipped");
    let Why::Skipped {
        off: Some(OffDay::Listed { name, kind, source }),
    } = &first_tet.why
    else {
        panic!("a listed day off: {:?}", first_tet.why);
    };
    assert!(name.contains("Tết Nguyên Đán"), "{name}");
    assert_eq!(*kind, DayKind::Holiday);
    assert_eq!(
        first_tet.reason,
        format!("không tính: {name} (ngày nghỉ lễ, Tết) — {source}")
    );
    assert_eq!(
        steps.first().map(|s| s.why.clone()),
        Some(Why::Received {
            limit: TimeLimit::WorkingDays(15)
        })
    );
    assert_eq!(
        steps.last().map(|s| s.reason.as_str()),
        Some("hẹn trả kết quả")
    );
}

#[test]
fn after_the_cut_off_counting_starts_the_next_working_day() {
    let cal = calendar();
    let legal = legal();
    let received = at("2026-02-13 15:30");
    let rules = legal.counting_rules(received.date());
    let (due, steps) = cal
        .due_explained(received, TimeLimit::WorkingDays(1), rules)
        .expect("computes");
    assert_eq!(due, at("2026-02-24 17:00"));
    assert!(steps.iter().any(|s| s.action == Action::ReceiptMoved
        && s.date == ymd(2026, 2, 23)
        && s.reason.contains("15:00")));
    // Before the cut-off the same day counts.
    let early = cal
        .due(at("2026-02-13 14:59"), TimeLimit::WorkingDays(1), rules)
        .expect("computes");
    assert_eq!(early, at("2026-02-23 17:00"));
}

#[test]
fn same_day_procedures_roll_to_the_next_working_day_after_the_cut_off() {
    let cal = calendar();
    let legal = legal();
    let rules = legal.counting_rules(ymd(2026, 3, 2));
    let same = |t| cal.due(at(t), TimeLimit::SameDay, rules).expect("computes");
    assert_eq!(same("2026-03-02 09:00"), at("2026-03-02 17:00"));
    assert_eq!(same("2026-03-02 16:00"), at("2026-03-03 17:00"));
    // Saturday (not a make-up day): the next working day, Monday.
    assert_eq!(same("2026-03-07 09:00"), at("2026-03-09 17:00"));
}

#[test]
fn a_make_up_saturday_is_a_working_day() {
    let cal = calendar();
    let legal = legal();
    let rules = legal.counting_rules(ymd(2026, 1, 9));
    // Friday 9/1/2026, one working day: Saturday 10/1 is worked.
    let due = cal
        .due(at("2026-01-09 09:00"), TimeLimit::WorkingDays(1), rules)
        .expect("computes");
    assert_eq!(due, at("2026-01-10 17:00"));
}

#[test]
fn working_hours_count_from_the_moment_of_receipt_and_skip_lunch() {
    let cal = calendar();
    let legal = legal();
    let rules = legal.counting_rules(ymd(2026, 3, 2));
    let due = cal
        .due(at("2026-03-02 10:00"), TimeLimit::WorkingHours(8), rules)
        .expect("computes");
    // 1h30 before lunch, 3h30 after, then 3h on Tuesday morning.
    assert_eq!(due, at("2026-03-03 10:30"));
    // Received during lunch, counting starts at 13:30.
    let due = cal
        .due(at("2026-03-02 12:00"), TimeLimit::WorkingHours(2), rules)
        .expect("computes");
    assert_eq!(due, at("2026-03-02 15:30"));
}

#[test]
fn calendar_days_ending_on_a_day_off_end_on_the_next_working_day() {
    let cal = calendar();
    let legal = legal();
    let rules = legal.counting_rules(ymd(2026, 2, 10));
    // 10 days from Tuesday 10/2/2026 end on Friday 20/2, a Tết day; the period ends at the
    // close of Monday 23/2.
    let (due, steps) = cal
        .due_explained(at("2026-02-10 09:00"), TimeLimit::CalendarDays(10), rules)
        .expect("computes");
    assert_eq!(due, at("2026-02-23 17:00"));
    assert!(steps.iter().any(|s| s.action == Action::EndMoved));
}

#[test]
fn a_paused_clock_resumes_with_what_was_left() {
    let cal = calendar();
    let legal = legal();
    let received = at("2026-03-02 09:00");
    let rules = legal.counting_rules(received.date());
    let paused = cal
        .run_clock(
            received,
            TimeLimit::WorkingDays(10),
            rules,
            &[ClockEvent::Pause(at("2026-03-05 10:00"))],
        )
        .expect("runs");
    assert!(!paused.running);
    assert_eq!(paused.due, None);
    // 3 and 4 March were used; 8 working days remain.
    assert_eq!(paused.remaining, TimeLimit::WorkingDays(8));
    let resumed = cal
        .run_clock(
            received,
            TimeLimit::WorkingDays(10),
            rules,
            &[
                ClockEvent::Pause(at("2026-03-05 10:00")),
                ClockEvent::Resume(at("2026-03-10 09:00")),
            ],
        )
        .expect("runs");
    assert_eq!(resumed.due, Some(at("2026-03-20 17:00")));
}

#[test]
fn a_restarted_clock_counts_the_whole_limit_again() {
    let cal = calendar();
    let legal = legal();
    let received = at("2026-03-02 09:00");
    let rules = legal.counting_rules(received.date());
    let reading = cal
        .run_clock(
            received,
            TimeLimit::WorkingDays(10),
            rules,
            &[ClockEvent::Restart(at("2026-03-10 09:00"))],
        )
        .expect("runs");
    assert_eq!(reading.due, Some(at("2026-03-24 17:00")));
}

#[test]
fn a_clock_in_hours_pauses_to_the_minute() {
    let cal = calendar();
    let legal = legal();
    let received = at("2026-03-02 10:00");
    let rules = legal.counting_rules(received.date());
    let reading = cal
        .run_clock(
            received,
            TimeLimit::WorkingHours(8),
            rules,
            &[
                ClockEvent::Pause(at("2026-03-02 14:30")),
                ClockEvent::Resume(at("2026-03-04 08:00")),
            ],
        )
        .expect("runs");
    assert_eq!(reading.remaining, TimeLimit::WorkingMinutes(330));
    assert_eq!(reading.due, Some(at("2026-03-04 15:30")));
}

#[test]
fn clock_events_out_of_order_or_out_of_turn_are_refused() {
    let cal = calendar();
    let legal = legal();
    let received = at("2026-03-02 10:00");
    let rules = legal.counting_rules(received.date());
    let limit = TimeLimit::WorkingDays(5);
    for events in [
        vec![ClockEvent::Resume(at("2026-03-03 08:00"))],
        vec![
            ClockEvent::Pause(at("2026-03-03 08:00")),
            ClockEvent::Pause(at("2026-03-04 08:00")),
        ],
        vec![
            ClockEvent::Pause(at("2026-03-04 08:00")),
            ClockEvent::Resume(at("2026-03-03 08:00")),
        ],
    ] {
        assert!(
            cal.run_clock(received, limit, rules, &events).is_err(),
            "{events:?}"
        );
    }
}

#[test]
fn elapsed_working_time_leaves_out_lunch_nights_and_holidays() {
    let cal = calendar();
    let minutes = cal
        .working_minutes_between(at("2026-02-13 10:00"), at("2026-02-23 08:30"))
        .expect("in range");
    // Friday 13/2: 1h30 + 3h30; then Tết and the weekends; Monday 23/2: 1h.
    assert_eq!(minutes, 5 * 60 + 60);
}

#[test]
fn a_unit_with_saturday_hours_counts_saturday() {
    let mut legal = legal();
    legal
        .add_unit_hours(
            "31825.toml",
            include_str!("../../../data/calendar/units/31825.toml"),
        )
        .expect("valid unit file");
    let cal = legal.calendar(Some("31825"), 2026..=2026).expect("builds");
    let rules = legal.counting_rules(ymd(2026, 3, 6));
    let due = cal
        .due(at("2026-03-06 09:00"), TimeLimit::WorkingDays(1), rules)
        .expect("computes");
    assert_eq!(due, at("2026-03-07 11:30"));
    assert!(legal.calendar(Some("99999"), 2026..=2026).is_err());
}

#[test]
fn the_rule_set_in_force_on_the_day_of_receipt_applies() {
    let legal = legal();
    assert_eq!(legal.counting_rules(ymd(2025, 6, 30)).id, "nd61-2018");
    assert_eq!(legal.counting_rules(ymd(2025, 7, 1)).id, "nd118-2025");
}

proptest! {
    #[test]
    fn due_dates_fall_at_a_close_of_business_after_receipt_and_grow_with_the_limit(
        offset_minutes in 0u64..(3 * 365 * 24 * 60),
        n in 0u32..60,
    ) {
        let cal = calendar();
        let legal = legal();
        let received = at("2024-01-01 00:00") + chrono::Duration::minutes(offset_minutes as i64);
        let rules = legal.counting_rules(received.date());
        let due = cal.due(received, TimeLimit::WorkingDays(n), rules).expect("computes");
        let next = cal.due(received, TimeLimit::WorkingDays(n + 1), rules).expect("computes");
        prop_assert!(due > received);
        prop_assert!(next > due);
        prop_assert!(cal.is_working_day(due.date()).expect("in range"));
        prop_assert_eq!(due, cal.closing(due.date()).expect("in range"));
        // At least n working days lie after the day of receipt, up to the due day (more when
        // receipt after the cut-off moved the start).
        prop_assert!(cal.working_days_between(received.date(), due.date()).expect("in range") >= n);
    }

    #[test]
    fn hours_limits_consume_exactly_that_much_working_time(
        offset_minutes in 0u64..(3 * 365 * 24 * 60),
        h in 1u32..100,
    ) {
        let cal = calendar();
        let legal = legal();
        let received = at("2024-01-01 00:00") + chrono::Duration::minutes(offset_minutes as i64);
        let rules = legal.counting_rules(received.date());
        let due = cal.due(received, TimeLimit::WorkingHours(h), rules).expect("computes");
        let worked = cal.working_minutes_between(received, due).expect("in range");
        // Everything between receipt and due is worked time, unless counting was moved past
        // the cut-off, in which case the part of the receipt day after it is not counted.
        prop_assert!(worked >= u64::from(h) * 60);
        prop_assert!(worked <= u64::from(h) * 60 + 8 * 60);
    }
}
