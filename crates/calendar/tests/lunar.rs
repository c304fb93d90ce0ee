//! The lunar calendar against golden data from an independent implementation, and its
//! structural properties over every day of the supported range.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use motcua_calendar::lunar::{self, FIRST_YEAR, LAST_YEAR, LunarDate, LunarMonth};
use proptest::prelude::*;

fn parse_date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("fixture dates are ISO dates")
}

/// Golden dates come from `scripts/gen_lunar_fixtures.py`, which takes them from two other
/// Vietnamese calendar implementations that agree with each other.
#[test]
fn every_golden_date_matches_the_independent_implementation() {
    let text = include_str!("fixtures/lunar_golden.csv");
    let mut checked = 0;
    let mut years = std::collections::BTreeSet::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let solar = parse_date(f[0]);
        let expected = LunarDate {
            year: f[1].parse().expect("year"),
            month: f[2].parse().expect("month"),
            day: f[3].parse().expect("day"),
            leap: f[4] == "1",
        };
        assert_eq!(
            lunar::solar_to_lunar(solar).expect("in range"),
            expected,
            "{solar}"
        );
        assert_eq!(
            lunar::lunar_to_solar(expected).expect("exists"),
            solar,
            "{expected:?}"
        );
        checked += 1;
        years.insert(chrono::Datelike::year(&solar));
    }
    // Every row of the fixture is checked, and the fixture is the whole of it: a truncated or
    // emptied file fails here rather than passing on fewer dates.
    assert_eq!(checked, 10_717, "golden dates checked");
    assert_eq!(
        years.into_iter().collect::<Vec<_>>(),
        (1900..=2199).collect::<Vec<_>>(),
        "every year of the fixture's span has golden dates"
    );
}

#[test]
fn every_tet_from_1900_to_2199_matches() {
    let text = include_str!("fixtures/tet.csv");
    let mut years = Vec::new();
    for line in text.lines().skip(1) {
        let (year, solar) = line.split_once(',').expect("two columns");
        let year: i32 = year.parse().expect("year");
        assert_eq!(
            lunar::tet(year).expect("in range"),
            parse_date(solar),
            "Tết {year}"
        );
        years.push(year);
    }
    assert_eq!(years, (FIRST_YEAR..=LAST_YEAR).collect::<Vec<_>>());
}

#[test]
fn tet_in_the_years_vietnam_and_china_differ() {
    // The Chinese calendar (UTC+8) has 30/1/1968, 20/2/1985, 18/2/2007 and 3/2/2030.
    for (year, vn) in [
        (1968, "1968-01-29"),
        (1985, "1985-01-21"),
        (2007, "2007-02-17"),
        (2030, "2030-02-02"),
    ] {
        assert_eq!(lunar::tet(year).expect("in range"), parse_date(vn));
    }
}

fn months_by_year() -> BTreeMap<i32, Vec<LunarMonth>> {
    (FIRST_YEAR - 1..=LAST_YEAR)
        .map(|y| (y, lunar::lunar_year_months(y).expect("in range")))
        .collect()
}

#[test]
fn every_year_has_12_or_13_months_of_29_or_30_days_and_at_most_one_leap_month() {
    for (year, months) in months_by_year() {
        // Lunar 1899 and 2199 straddle the range; their partial ends are still whole months.
        assert!(
            months.len() == 12 || months.len() == 13,
            "{year}: {} months",
            months.len()
        );
        let leaps = months.iter().filter(|m| m.leap).count();
        assert_eq!(leaps, usize::from(months.len() == 13), "{year}");
        for m in &months {
            assert!(
                m.days == 29 || m.days == 30,
                "{year}/{}: {} days",
                m.month,
                m.days
            );
        }
        // Months are numbered 1..=12 in order; a leap month follows the month it repeats.
        let numbers: Vec<u8> = months.iter().map(|m| m.month).collect();
        let mut expected: Vec<u8> = (1..=12).collect();
        if let Some(pos) = months.iter().position(|m| m.leap) {
            expected.insert(pos, months[pos].month);
            assert_eq!(months[pos - 1].month, months[pos].month, "{year}");
        }
        assert_eq!(numbers, expected, "{year}");
        // Consecutive months touch.
        for pair in months.windows(2) {
            assert_eq!(
                pair[0].first_day + Days::new(u64::from(pair[0].days)),
                pair[1].first_day
            );
        }
    }
}

#[test]
fn every_day_of_the_range_round_trips_solar_lunar_solar() {
    let table = months_by_year();
    let mut day = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("valid");
    let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).expect("valid");
    let mut previous: Option<LunarDate> = None;
    let mut count = 0u32;
    while day <= last {
        let l = lunar::solar_to_lunar(day).expect("in range");
        let month = table[&l.year]
            .iter()
            .find(|m| m.month == l.month && m.leap == l.leap)
            .unwrap_or_else(|| panic!("{day}: {l:?} is not a month of its year"));
        assert!(l.day >= 1 && l.day <= month.days, "{day}: {l:?}");
        assert_eq!(
            month.first_day + Days::new(u64::from(l.day) - 1),
            day,
            "{l:?}"
        );
        // Lunar days advance one at a time: either the next day of the month, or day 1.
        if let Some(p) = previous {
            assert!(l.day == p.day + 1 || l.day == 1, "{day}: {p:?} then {l:?}");
        }
        previous = Some(l);
        day = day.succ_opt().expect("in range");
        count += 1;
    }
    assert_eq!(count, 109_573);
}

proptest! {
    #[test]
    fn lunar_to_solar_inverts_solar_to_lunar(offset in 0u64..109_573) {
        let day = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("valid") + Days::new(offset);
        let l = lunar::solar_to_lunar(day).expect("in range");
        prop_assert_eq!(lunar::lunar_to_solar(l).expect("exists"), day);
    }

    #[test]
    fn nonexistent_lunar_dates_are_errors_not_panics(
        year in 1850i32..2250, month in 0u8..15, day in 0u8..33, leap: bool
    ) {
        let date = LunarDate { year, month, day, leap };
        if let Ok(solar) = lunar::lunar_to_solar(date) {
            prop_assert_eq!(lunar::solar_to_lunar(solar).expect("in range"), date);
        }
    }
}
