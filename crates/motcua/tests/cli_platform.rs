//! The platform commands as an operator runs them: `serve --demo`, `units merge`, `token`,
//! `procedures import|export`, `audit verify`. Each test runs on a fresh SQLite data folder
//! and, when `MOTCUA_TEST_POSTGRES_URL` is set, again on a fresh PostgreSQL database.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use sqlx::Connection;

const PG_ENV: &str = "MOTCUA_TEST_POSTGRES_URL";

/// A data folder, and a database URL when the test runs on PostgreSQL.
struct Site {
    data: PathBuf,
    pg: Option<(String, String)>,
}

impl Site {
    fn args<'a>(&'a self, rest: &[&'a str]) -> Vec<String> {
        let mut v: Vec<String> = rest.iter().map(|s| (*s).to_owned()).collect();
        v.push("--data".into());
        v.push(self.data.display().to_string());
        if let Some((url, _)) = &self.pg {
            v.push("--database-url".into());
            v.push(url.clone());
        }
        v
    }

    fn run(&self, rest: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_motcua"))
            .args(self.args(rest))
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs")
    }

    fn sqlite_url(&self) -> String {
        format!("sqlite://{}", self.data.join("motcua.sqlite3").display())
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.data.parent().unwrap_or(&self.data));
        if let Some((_, name)) = &self.pg
            && let Ok(base) = std::env::var(PG_ENV)
        {
            let name = name.clone();
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Runtime::new().expect("runtime");
                rt.block_on(async {
                    if let Ok(mut c) = sqlx::PgConnection::connect(&base).await {
                        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut c).await;
                    }
                });
            })
            .join();
        }
    }
}

/// The SQLite site alone, for tests that are about the command line rather than the database.
fn sqlite_site() -> Site {
    sites_on(false).remove(0)
}

/// SQLite and PostgreSQL; without PostgreSQL configured the test is reported as skipped (and
/// fails under CI) after running on SQLite.
fn sites() -> Vec<Site> {
    sites_on(true)
}

fn sites_on(with_postgres: bool) -> Vec<Site> {
    let data = std::env::temp_dir().join(format!("motcua-cli-{}", uuid::Uuid::now_v7()));
    let mut v = vec![Site {
        data: data.join("sqlite").join("data"),
        pg: None,
    }];
    if with_postgres && let Some(base) = motcua_test_support::postgres_or_skip() {
        let name = format!("motcua_cli_{}", uuid::Uuid::now_v7().simple());
        let url = {
            let rt = tokio::runtime::Runtime::new().expect("runtime");
            rt.block_on(async {
                let mut c = sqlx::PgConnection::connect(&base)
                    .await
                    .expect("connect to PostgreSQL");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut c)
                    .await
                    .expect("create database");
            });
            let (prefix, _) = base.rsplit_once('/').expect("a URL with a database name");
            format!("{prefix}/{name}")
        };
        v.push(Site {
            data: data.join("postgres").join("data"),
            pg: Some((url, name)),
        });
    }
    for site in &v {
        std::fs::create_dir_all(&site.data).expect("a data folder");
    }
    v
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_ok(o: &Output) {
    assert!(o.status.success(), "stdout: {}\nstderr: {}", out(o), err(o));
}

fn assert_refused(o: &Output, needle: &str) {
    assert!(!o.status.success(), "expected a refusal: {}", out(o));
    let e = err(o);
    assert!(!e.contains("panicked"), "{e}");
    assert!(e.contains(needle), "missing {needle:?} in {e}");
}

/// A running `motcua serve`; killed if a test panics before stopping it.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Starts `motcua serve --demo` on a free port, waits until it listens, and returns the
/// process, its address and everything it printed until then.
fn serve_demo(site: &Site) -> (Server, String, String) {
    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_motcua"))
            // A small history: the generator's volume is a benchmark, not a test.
            .args(site.args(&[
                "serve",
                "--demo",
                "--demo-dossiers",
                "300",
                "--listen",
                "127.0.0.1:0",
            ]))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts"),
    );
    let mut reader = BufReader::new(server.0.stdout.take().expect("stdout"));
    let mut printed = String::new();
    let started = Instant::now();
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).unwrap_or(0);
        printed.push_str(&line);
        if let Some(addr) = line.trim().strip_prefix("motcua đang chạy tại http://") {
            let addr = addr.split_whitespace().next().unwrap_or(addr).to_owned();
            return (server, addr, printed);
        }
        assert!(
            n > 0 && started.elapsed() < Duration::from_secs(120),
            "serve did not start: {printed}"
        );
    }
}

fn stop(mut server: Server) {
    // SIGTERM: the server finishes requests in flight and exits cleanly.
    let _ = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status();
    let status = server.0.wait().expect("waits");
    assert!(status.success(), "{status:?}");
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
    let (child, _, _) = serve_demo(site);
    stop(child);
}

#[test]
fn serve_demo_loads_once_prints_the_logins_and_answers_healthz() {
    for site in sites() {
        let (child, addr, printed) = serve_demo(&site);
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
        assert_eq!(http_status(&addr, "/healthz"), 200);
        assert_eq!(http_status(&addr, "/procedures"), 200);
        stop(child);
        let (child, _, printed) = serve_demo(&site);
        assert!(printed.contains("Dữ liệu mẫu đã có"), "{printed}");
        stop(child);
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
    let url = site.sqlite_url();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let mut c = sqlx::SqliteConnection::connect(&url).await.expect("opens");
        for sql in [
            // The database refuses edits; an intruder with file access drops the guard first.
            "DROP TRIGGER audit_log_no_update",
            "UPDATE audit_log SET action = 'user.create' WHERE seq = 7",
        ] {
            sqlx::query(sql).execute(&mut c).await.expect("tampers");
        }
    });
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
        let (server, addr, _) = serve_demo(&site);
        for path in ["/procedures/9.999903", "/procedures?q=thu+tuc+script"] {
            let page = http_body(&addr, path);
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
        assert_eq!(http_status(&addr, "/procedures/1.001193"), 200);
        stop(server);
    }
}

#[test]
fn user_unlock_lifts_the_login_wait_and_says_how_many_failures_it_cleared() {
    async fn cleared(c: &mut sqlx::SqliteConnection) -> Result<i64, sqlx::Error> {
        let sql = "SELECT COUNT(*) FROM login_attempt WHERE cleared_at IS NOT NULL";
        sqlx::query_scalar(sql).fetch_one(c).await
    }
    let site = sqlite_site();
    assert_ok(&site.run(&["migrate"]));
    let url = site.sqlite_url();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let mut c = sqlx::SqliteConnection::connect(&url).await.expect("opens");
        for i in 0..3 {
            sqlx::query(
                "INSERT INTO login_attempt (attempt_id, login, attempted_at, success, ip) \
                 VALUES ($1, 'can.bo', CURRENT_TIMESTAMP, FALSE, '203.0.113.9')",
            )
            .bind(format!("a{i}"))
            .execute(&mut c)
            .await
            .expect("a failed attempt");
        }
        assert_eq!(cleared(&mut c).await.expect("count"), 0);
    });
    let o = site.run(&["user", "unlock", "--login", "Can.Bo"]);
    assert_ok(&o);
    assert!(out(&o).contains("(3 lần sai)"), "{}", out(&o));
    rt.block_on(async {
        let mut c = sqlx::SqliteConnection::connect(&url).await.expect("opens");
        assert_eq!(cleared(&mut c).await.expect("count"), 3);
    });
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
