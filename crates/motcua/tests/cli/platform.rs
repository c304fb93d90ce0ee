//! The platform commands as an operator runs them: `serve --demo`, `units merge`, `token`,
//! `procedures import|export`, `audit verify`.

use std::path::{Path, PathBuf};

use motcua_test_support::cli::{Server, Site, assert_ok, assert_refused, err, out};

use crate::{sites, sqlite_site};

/// Starts `motcua serve --demo` on a free port and waits until it listens.
fn serve_demo(site: &Site) -> Server {
    // A small history: the generator's volume is a benchmark, not a test.
    site.serve(&["--demo", "--demo-dossiers", "300"])
}

fn http_status(addr: &str, path: &str) -> u16 {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connects");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("writes");
    let mut response = String::new();
    s.read_to_string(&mut response).expect("reads");
    response
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status line")
}

fn with_demo(site: &Site) {
    serve_demo(site).stop();
}

#[test]
fn serve_demo_loads_once_prints_the_logins_and_answers_healthz() {
    for site in sites() {
        let server = serve_demo(&site);
        let (addr, printed) = (&server.addr, &server.printed);
        assert!(printed.contains("Đã nạp dữ liệu mẫu"), "{printed}");
        // Two years of history, about the size asked for (each day's count is drawn at random).
        let history: usize = printed
            .split("Lịch sử hai năm: ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no history line: {printed}"));
        assert!(
            (200..=400).contains(&history),
            "{history} dossiers: {printed}"
        );
        for login in ["quantri", "motcua.baclieu", "lanhdao.baclieu", "congdan"] {
            assert!(printed.contains(login), "{login} missing: {printed}");
        }
        assert_eq!(http_status(addr, "/healthz"), 200);
        assert_eq!(http_status(addr, "/procedures"), 200);
        server.stop();
        let server = serve_demo(&site);
        assert!(
            server.printed.contains("Dữ liệu mẫu đã có"),
            "{}",
            server.printed
        );
        server.stop();
    }
}

#[test]
fn a_merge_recorded_from_the_command_line_keeps_history_under_the_old_units() {
    for site in sites() {
        with_demo(&site);
        let merged = site.run(&[
            "units",
            "merge",
            "--from",
            "31834",
            "--from",
            "31840",
            "--into",
            "31899",
            "--name",
            "Phường Đông Bạc Liêu",
            "--level",
            "commune",
            "--parent",
            "96",
            "--effective",
            "2027-01-01",
            "--basis",
            "Nghị quyết thử nghiệm",
        ]);
        assert_ok(&merged);
        let before = out(&site.run(&["units", "list", "--date", "2026-12-31"]));
        let after = out(&site.run(&["units", "list", "--date", "2027-01-01"]));
        assert!(before.contains("Phường Vĩnh Trạch"), "{before}");
        assert!(!before.contains("Phường Đông Bạc Liêu"), "{before}");
        assert!(after.contains("Phường Đông Bạc Liêu"), "{after}");
        assert!(!after.contains("Phường Vĩnh Trạch"), "{after}");
        // A unit that is not in force the day before cannot be merged.
        assert_refused(
            &site.run(&[
                "units",
                "merge",
                "--from",
                "00000",
                "--into",
                "31825",
                "--effective",
                "2027-06-01",
                "--basis",
                "x",
            ]),
            "lỗi",
        );
        assert_ok(&site.run(&["audit", "verify"]));
    }
}

#[test]
fn an_api_token_is_printed_once_listed_and_revoked() {
    for site in sites() {
        with_demo(&site);
        let created = site.run(&[
            "token",
            "create",
            "--user",
            "quantri",
            "--name",
            "Cổng DVC tỉnh",
            "--scope",
            "catalogue:read",
        ]);
        assert_ok(&created);
        let token = out(&created).trim().to_owned();
        assert!(token.len() >= 32, "{token}");
        let listed = out(&site.run(&["token", "list", "--user", "quantri"]));
        assert!(listed.contains("Cổng DVC tỉnh"), "{listed}");
        // The plaintext is never stored or listed.
        assert!(!listed.contains(&token));
        let id = listed.split_whitespace().next().expect("an id").to_owned();
        assert_ok(&site.run(&["token", "revoke", &id]));
        assert!(out(&site.run(&["token", "list", "--user", "quantri"])).contains("revoked"));
        assert_refused(
            &site.run(&[
                "token", "create", "--user", "khongco", "--name", "x", "--scope", "a:b",
            ]),
            "không có tài khoản",
        );
    }
}

#[test]
fn an_api_token_expires_by_default_and_the_list_warns_before_it_does() {
    for site in sites() {
        with_demo(&site);
        let create = |extra: &[&str]| {
            let mut args = vec![
                "token", "create", "--user", "quantri", "--name", "Cổng", "--scope", "a:b",
            ];
            args.extend_from_slice(extra);
            site.run(&args)
        };
        let vn_day = |days: i64| {
            (chrono::Utc::now() + chrono::Duration::days(days))
                .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7"))
                .format("%Y-%m-%d")
                .to_string()
        };
        // The day is read before and after the run, in case the run straddles midnight.
        let before = vn_day(90);
        let default = create(&[]);
        let in_90 = vn_day(90);
        assert_ok(&default);
        let said = err(&default);
        assert!(
            said.contains(&format!("expires at {before}"))
                || said.contains(&format!("expires at {in_90}")),
            "{said}"
        );
        assert_ok(&create(&["--expires-in-days", "10"]));
        let last_day = vn_day(30);
        assert_ok(&create(&["--expires", &last_day]));
        let next_day = chrono::NaiveDate::parse_from_str(&last_day, "%Y-%m-%d")
            .expect("a date")
            .succ_opt()
            .expect("a next day");
        let listed = out(&site.run(&["token", "list", "--user", "quantri"]));
        let lines: Vec<&str> = listed.lines().collect();
        assert_eq!(lines.len(), 3, "{listed}");
        assert!(
            lines[0].contains(&format!("expires {before}"))
                || lines[0].contains(&format!("expires {in_90}")),
            "{listed}"
        );
        assert!(!lines[0].contains("EXPIRES SOON"), "{listed}");
        assert!(lines[1].contains("SẮP HẾT HẠN / EXPIRES SOON"), "{listed}");
        assert!(
            lines[2].contains(&format!("expires {next_day} 00:00")),
            "{listed}"
        );
        assert!(!listed.contains("never expires"), "{listed}");
        assert_refused(&create(&["--expires", "2020-01-01"]), "phải ở sau");
        assert_refused(&create(&["--expires", &vn_day(800)]), "tối đa 730 ngày");
        assert_refused(&create(&["--expires-in-days", "0"]), "0");
    }
}

fn example_csv() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/examples/procedures.csv")
}

#[test]
fn an_import_with_an_invalid_row_writes_nothing_unless_told_to_skip_it() {
    for site in sites() {
        with_demo(&site);
        let export = site.data.join("before.csv");
        assert_ok(&site.run(&["procedures", "export", export.to_str().expect("utf-8")]));
        let before = std::fs::read_to_string(&export).expect("exported");

        // One good row from the example file and one whose limit kind is nonsense.
        let text = std::fs::read_to_string(example_csv()).expect("example file");
        let mut lines = text.lines();
        let header = lines.next().expect("header");
        let good = lines
            .next()
            .expect("a row")
            .replacen("1.000894", "9.999901", 1);
        let bad =
            good.replacen("9.999901", "9.999902", 1)
                .replacen("working_days", "tuần trăng", 1);
        let file = site.data.join("import.csv");
        std::fs::write(&file, format!("{header}\n{good}\n{bad}\n")).expect("writes");

        let refused = site.run(&["procedures", "import", file.to_str().expect("utf-8")]);
        assert_refused(&refused, "dòng / row 3");
        let export2 = site.data.join("after-refusal.csv");
        assert_ok(&site.run(&["procedures", "export", export2.to_str().expect("utf-8")]));
        assert_eq!(std::fs::read_to_string(&export2).expect("exported"), before);

        let skipped = site.run(&[
            "procedures",
            "import",
            file.to_str().expect("utf-8"),
            "--skip-invalid",
        ]);
        assert_ok(&skipped);
        assert!(out(&skipped).contains("1 mới"), "{}", out(&skipped));

        // Export to XLSX and import it back: nothing changes.
        let xlsx = site.data.join("catalogue.xlsx");
        assert_ok(&site.run(&["procedures", "export", xlsx.to_str().expect("utf-8")]));
        let again = site.run(&["procedures", "import", xlsx.to_str().expect("utf-8")]);
        assert_ok(&again);
        assert!(
            out(&again).contains(" 0 mới, 0 cập nhật"),
            "{}",
            out(&again)
        );
    }
}

#[test]
fn audit_verify_names_the_entry_an_intruder_edited() {
    let site = sqlite_site();
    with_demo(&site);
    assert_ok(&site.run(&["audit", "verify"]));
    site.execute(&[
        // The database refuses edits; an intruder with file access drops the guard first.
        "DROP TRIGGER audit_log_no_update".into(),
        "UPDATE audit_log SET action = 'user.create' WHERE seq = 7".into(),
    ]);
    let o = site.run(&["audit", "verify"]);
    assert_refused(&o, "số 7");
}

/// HTTP GET returning the body (a tiny client: the server is local and answers `close`).
fn http_body(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connects");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("writes");
    let mut response = String::new();
    s.read_to_string(&mut response).expect("reads");
    response
}

#[test]
fn script_and_sql_in_every_catalogue_field_are_stored_as_typed_and_shown_escaped() {
    const EVIL: &str = "<script>alert(1)</script>'; DROP TABLE procedure_version; --";
    for site in sites() {
        with_demo(&site);
        let header = "code,name,field,level,deciding_agency,limit_kind,legal_limit,committed_limit,fee_text,fee_amount_vnd,documents,steps,effective_from,legal_basis";
        // Every free-text field carries the same hostile text (CSV-quoted).
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let row = [
            "9.999903".to_owned(),
            q(&format!("Thủ tục {EVIL}")),
            q(&format!("Lĩnh vực {EVIL}")),
            "commune".into(),
            "31825".into(),
            "working_days".into(),
            "5".into(),
            "5".into(),
            q(&format!("Lệ phí {EVIL}")),
            "0".into(),
            q(&format!("Giấy tờ {}; bản chính; 1", EVIL.replace(';', ","))),
            q(&format!("Bước {}; desk_officer; 5", EVIL.replace(';', ","))),
            "2026-01-01".into(),
            q(&format!("Căn cứ {EVIL}")),
        ]
        .join(",");
        let file = site.data.join("evil.csv");
        std::fs::write(&file, format!("{header}\n{row}\n")).expect("writes");
        assert_ok(&site.run(&["procedures", "import", file.to_str().expect("utf-8")]));

        // Stored as typed: the export gives the text back byte for byte.
        let export = site.data.join("evil-export.csv");
        assert_ok(&site.run(&["procedures", "export", export.to_str().expect("utf-8")]));
        let exported = std::fs::read_to_string(&export).expect("exported");
        assert!(exported.contains(&format!("Căn cứ {EVIL}")), "{exported}");

        // Shown escaped on the public pages, and the catalogue still answers.
        let server = serve_demo(&site);
        let addr = &server.addr;
        for path in ["/procedures/9.999903", "/procedures?q=thu+tuc+script"] {
            let page = http_body(addr, path);
            assert!(page.starts_with("HTTP/1.1 200"), "{path}: {page}");
            assert!(
                !page.contains("<script>alert(1)</script>"),
                "{path} not escaped"
            );
            assert!(
                page.contains("&lt;script&gt;") || page.contains("&#60;script&#62;"),
                "{path}: the text is missing"
            );
        }
        assert_eq!(http_status(addr, "/procedures/1.001193"), 200);
        server.stop();
    }
}

#[test]
fn user_unlock_lifts_the_login_wait_and_says_how_many_failures_it_cleared() {
    const CLEARED: &str = "SELECT COUNT(*) FROM login_attempt WHERE cleared_at IS NOT NULL";
    let site = sqlite_site();
    assert_ok(&site.run(&["migrate"]));
    site.execute(
        &(0..3)
            .map(|i| {
                format!(
                    "INSERT INTO login_attempt (attempt_id, login, attempted_at, success, ip) \
                     VALUES ('a{i}', 'can.bo', CURRENT_TIMESTAMP, FALSE, '203.0.113.9')"
                )
            })
            .collect::<Vec<_>>(),
    );
    assert_eq!(site.number(CLEARED), 0);
    let o = site.run(&["user", "unlock", "--login", "Can.Bo"]);
    assert_ok(&o);
    assert!(out(&o).contains("(3 lần sai)"), "{}", out(&o));
    assert_eq!(site.number(CLEARED), 3);
}

#[test]
fn serve_refuses_a_public_url_that_is_not_http() {
    let site = sqlite_site();
    for bad in [
        "javascript:alert(1)",
        "https://",
        "https://a b",
        "https://x/?q=1",
        "//evil.example",
    ] {
        let o = site.run(&["serve", "--public-url", bad]);
        assert_refused(&o, "http(s)://");
    }
}
