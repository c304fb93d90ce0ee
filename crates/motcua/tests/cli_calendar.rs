//! `motcua calendar …` as other programs use it: the exact output formats of DESIGN's interface
//! list, and a clear message with a non-zero exit (never a panic) for bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn motcua(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(args)
        // The shipped defaults are inside the binary; point the data folder at the repository's
        // so that its calendar files (the same ones) are read as an administrator's would be.
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("the binary runs")
}

fn motcua_with_input(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("writes");
    child.wait_with_output().expect("finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 output")
}

fn assert_refused(o: &Output, needle: &str) {
    assert!(!o.status.success(), "expected failure, got {o:?}");
    let err = stderr(o);
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(err.contains(needle), "missing {needle:?} in {err}");
}

#[test]
fn lunar_prints_one_json_object_per_date() {
    let o = motcua(&["calendar", "lunar", "2026-02-17", "2023-03-22"]);
    assert!(o.status.success(), "{o:?}");
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(
        lines[0],
        serde_json::json!({"solar":"2026-02-17","day":1,"month":1,"year":2026,"leap":false})
    );
    // 22/3/2023 is 1/2 nhuận (the leap second month of Quý Mão).
    assert_eq!(
        lines[1],
        serde_json::json!({"solar":"2023-03-22","day":1,"month":2,"year":2023,"leap":true})
    );
}

#[test]
fn lunar_reads_standard_input_when_given_no_dates() {
    let o = motcua_with_input(&["calendar", "lunar"], b"1985-01-21\n\n2030-02-02\n");
    assert!(o.status.success(), "{o:?}");
    let years: Vec<i64> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).expect("json")["year"]
                .as_i64()
                .expect("year")
        })
        .collect();
    assert_eq!(years, vec![1985, 2030]);
}

#[test]
fn solar_converts_a_leap_month_date() {
    let o = motcua(&[
        "calendar", "solar", "--year", "2023", "--month", "2", "--day", "1", "--leap",
    ]);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(stdout(&o).trim(), r#"{"solar":"2023-03-22"}"#);
}

#[test]
fn holidays_json_lists_dates_names_and_kinds() {
    let o = motcua(&["calendar", "holidays", "2026", "--json"]);
    assert!(o.status.success(), "{o:?}");
    let days: Vec<Value> = serde_json::from_str(&stdout(&o)).expect("a JSON array");
    let find = |date: &str| {
        days.iter()
            .find(|d| d["date"] == date)
            .unwrap_or_else(|| panic!("{date} missing"))
    };
    assert_eq!(find("2026-02-17")["kind"], "holiday");
    assert_eq!(find("2026-02-17")["name"], "Tết Nguyên Đán");
    assert_eq!(find("2026-04-27")["kind"], "compensatory");
    assert_eq!(find("2026-01-02")["kind"], "swap_day_off");
    assert_eq!(find("2026-01-10")["kind"], "makeup_workday");
    for d in &days {
        assert!(d["source"].as_str().is_some_and(|s| !s.is_empty()), "{d}");
    }
}

#[test]
fn due_prints_an_rfc3339_moment_in_vietnamese_time() {
    let o = motcua(&[
        "calendar",
        "due",
        "--from",
        "2026-02-02T02:00:00Z",
        "--working-days",
        "15",
    ]);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(stdout(&o).trim(), r#"{"due":"2026-03-02T17:00:00+07:00"}"#);
}

#[test]
fn due_in_working_hours_and_for_a_unit_with_saturday_hours() {
    let o = motcua(&[
        "calendar",
        "due",
        "--from",
        "2026-03-02T10:00:00+07:00",
        "--working-hours",
        "8",
    ]);
    assert_eq!(stdout(&o).trim(), r#"{"due":"2026-03-03T10:30:00+07:00"}"#);
    let o = motcua(&[
        "calendar",
        "due",
        "--from",
        "2026-03-06T09:00:00+07:00",
        "--working-days",
        "1",
        "--unit",
        "31825",
    ]);
    assert_eq!(stdout(&o).trim(), r#"{"due":"2026-03-07T11:30:00+07:00"}"#);
}

#[test]
fn explain_says_which_days_were_skipped_and_why() {
    let o = motcua(&[
        "calendar",
        "due",
        "--from",
        "2026-02-13T15:30:00+07:00",
        "--working-days",
        "1",
        "--explain",
    ]);
    assert!(o.status.success(), "{o:?}");
    let v: Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    assert_eq!(v["due"], "2026-02-24T17:00:00+07:00");
    let steps = v["explanation"].as_array().expect("explanation array");
    assert!(steps.iter().any(|s| s["action"] == "receipt_moved"
        && s["date"] == "2026-02-23"
        && s["reason"].as_str().is_some_and(|r| r.contains("15:00"))));
    let text = motcua(&[
        "calendar",
        "due",
        "--from",
        "2026-02-02T09:00:00+07:00",
        "--working-days",
        "15",
        "--explain",
        "text",
    ]);
    let out = stdout(&text);
    assert!(out.contains("Tết Nguyên Đán"), "{out}");
    assert!(out.contains("ngày làm việc thứ 15/15"), "{out}");
}

#[test]
fn help_is_in_vietnamese_and_english() {
    for args in [
        vec!["--help"],
        vec!["calendar", "--help"],
        vec!["calendar", "due", "--help"],
    ] {
        let o = motcua(&args);
        assert!(o.status.success());
        let out = stdout(&o);
        assert!(out.contains("Cách dùng / Usage"), "{out}");
        assert!(out.contains("In trợ giúp / Print help"), "{out}");
    }
}

#[test]
fn impossible_solar_dates_are_refused() {
    assert_refused(
        &motcua(&["calendar", "lunar", "2026-02-30"]),
        "không tồn tại",
    );
    assert_refused(
        &motcua(&["calendar", "lunar", "2026-13-01"]),
        "không tồn tại",
    );
    assert_refused(&motcua(&["calendar", "lunar", "hôm qua"]), "YYYY-MM-DD");
}

#[test]
fn one_bad_line_on_standard_input_fails_the_run_but_not_the_other_lines() {
    let o = motcua_with_input(
        &["calendar", "lunar"],
        b"2026-02-17\n2026-02-29\n2026-02-18\n",
    );
    assert_refused(&o, "2026-02-29");
    assert_eq!(stdout(&o).lines().count(), 2);
}

#[test]
fn impossible_lunar_dates_are_refused() {
    assert_refused(
        &motcua(&[
            "calendar", "solar", "--year", "2026", "--month", "13", "--day", "1",
        ]),
        "tháng 13",
    );
    // Month 12 of Ất Tỵ (ending in February 2026) has 29 days.
    assert_refused(
        &motcua(&[
            "calendar", "solar", "--year", "2025", "--month", "12", "--day", "30",
        ]),
        "29 ngày",
    );
    assert_refused(
        &motcua(&[
            "calendar", "solar", "--year", "2024", "--month", "2", "--day", "1", "--leap",
        ]),
        "không có tháng nhuận",
    );
    assert_refused(
        &motcua(&[
            "calendar", "solar", "--year", "2023", "--month", "3", "--day", "1", "--leap",
        ]),
        "nhuận tháng 2",
    );
}

#[test]
fn years_out_of_range_are_refused() {
    assert_refused(&motcua(&["calendar", "lunar", "1899-12-31"]), "1900–2199");
    assert_refused(&motcua(&["calendar", "holidays", "2200"]), "1900–2199");
    assert_refused(
        &motcua(&[
            "calendar", "solar", "--year", "2300", "--month", "1", "--day", "1",
        ]),
        "phạm vi",
    );
    assert_refused(
        &motcua(&[
            "calendar",
            "due",
            "--from",
            "2199-12-30T09:00:00+07:00",
            "--working-days",
            "30",
        ]),
        "phạm vi",
    );
}

#[test]
fn malformed_timestamps_and_limits_are_refused() {
    for from in [
        "2026-02-13",
        "2026-02-13T25:00:00+07:00",
        "hôm nay",
        "2026-02-30T09:00:00Z",
    ] {
        assert_refused(
            &motcua(&["calendar", "due", "--from", from, "--working-days", "1"]),
            "RFC 3339",
        );
    }
    // No limit, two limits, a negative limit: clap refuses with exit code 2.
    for extra in [
        vec![],
        vec!["--working-days", "1", "--same-day"],
        vec!["--working-days", "-3"],
    ] {
        let mut args = vec!["calendar", "due", "--from", "2026-02-13T09:00:00+07:00"];
        args.extend(extra);
        let o = motcua(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&o).contains("panicked"));
    }
    assert_refused(
        &motcua(&[
            "calendar",
            "due",
            "--from",
            "2026-02-13T09:00:00+07:00",
            "--working-days",
            "1",
            "--unit",
            "00000",
        ]),
        "không có lịch làm việc cho đơn vị",
    );
}
