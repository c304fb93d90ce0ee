//! Identity keys and demo petitions as an operator meets them: `serve --demo` creates the key
//! file and a register of petitions whose denouncers are sealed, `identity-keys status|rotate`
//! re-seal them, and a broken petition rules file stops the server with its name. Each test
//! runs on a fresh SQLite data folder and, when `MOTCUA_TEST_POSTGRES_URL` is set, again on a
//! fresh PostgreSQL database.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use sqlx::Connection;

const PG_ENV: &str = "MOTCUA_TEST_POSTGRES_URL";

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

    fn command(&self, rest: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_motcua"));
        c.args(self.args(rest))
            .env_remove("MOTCUA_IDENTITY_KEYS")
            .env_remove("MOTCUA_IDENTITY_KEYS_FILE")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, rest: &[&str]) -> Output {
        self.command(rest).output().expect("the binary runs")
    }

    /// One number from the site's database.
    fn count(&self, sql: &str) -> i64 {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async {
            match &self.pg {
                Some((url, _)) => {
                    let mut c = sqlx::PgConnection::connect(url).await.expect("connects");
                    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
                        .fetch_one(&mut c)
                        .await
                        .expect("counts")
                }
                None => {
                    let url = format!("sqlite://{}", self.data.join("motcua.sqlite3").display());
                    let mut c = sqlx::SqliteConnection::connect(&url)
                        .await
                        .expect("connects");
                    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
                        .fetch_one(&mut c)
                        .await
                        .expect("counts")
                }
            }
        })
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
    let data = std::env::temp_dir().join(format!("motcua-pet-{}", uuid::Uuid::now_v7()));
    let mut v = vec![Site {
        data: data.join("sqlite").join("data"),
        pg: None,
    }];
    if with_postgres && let Some(base) = motcua_test_support::postgres_or_skip() {
        let name = format!("motcua_pet_{}", uuid::Uuid::now_v7().simple());
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
        v.push(Site {
            data: data.join("postgres").join("data"),
            pg: Some((format!("{prefix}/{name}"), name)),
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

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Runs `serve --demo` (without dossier history) until it listens, then stops it; returns
/// what it printed.
fn demo(site: &Site) -> String {
    let mut server = Server(
        site.command(&[
            "serve",
            "--demo",
            "--demo-dossiers",
            "0",
            "--listen",
            "127.0.0.1:0",
        ])
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
        if line.starts_with("motcua đang chạy tại") {
            break;
        }
        assert!(
            n > 0 && started.elapsed() < Duration::from_secs(120),
            "serve did not start: {printed}"
        );
    }
    let _ = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status();
    let status = server.0.wait().expect("waits");
    assert!(status.success(), "{status:?}");
    printed
}

/// The number after `label` in `text`.
fn number_after(text: &str, label: &str) -> usize {
    text.split(label)
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| {
            n.trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no {label:?} in {text}"))
}

#[test]
fn the_demo_register_holds_every_kind_and_no_denouncer_in_clear_and_rotation_reseals_them() {
    for site in sites() {
        let printed = demo(&site);
        assert!(printed.contains("identity-keys.toml"), "{printed}");
        assert!(printed.contains("SEPARATELY"), "{printed}");
        let key_file = site
            .data
            .parent()
            .unwrap()
            .join("keys")
            .join("identity-keys.toml");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let key_text = std::fs::read_to_string(&key_file).unwrap();
        let key_line = key_text
            .lines()
            .find(|l| l.starts_with("index = "))
            .expect("an index key");
        assert!(!printed.contains(key_line.trim_start_matches("index = ")));

        for kind in ["khieu_nai", "to_cao", "kien_nghi", "phan_anh"] {
            let n = site.count(&format!(
                "SELECT COUNT(*) FROM petition WHERE kind = '{kind}'"
            ));
            assert!(n >= 10, "{n} petitions of kind {kind}");
        }
        let total = site.count("SELECT COUNT(*) FROM petition");
        assert!((250..=350).contains(&total), "{total} petitions");
        assert_eq!(
            site.count(
                "SELECT COUNT(*) FROM petition WHERE kind = 'to_cao' AND (sender_name <> '' \
                 OR sender_address <> '' OR sender_id_number <> '' OR sender_phone <> '')"
            ),
            0,
            "a denunciation shows its sender in clear"
        );
        let protected = site.count(
            "SELECT COUNT(*) FROM petition WHERE kind = 'to_cao' AND protected \
             AND sender_sealed LIKE 'v1.%' AND pseudonym LIKE 'Người tố cáo %'",
        );
        assert!(protected > 0);
        // Still open: some on track, some past their deadline for the dashboard.
        assert!(site.count("SELECT COUNT(*) FROM petition WHERE closed_at IS NULL") > 0);
        assert!(site.count("SELECT COUNT(*) FROM reception_visit") > 0);
        assert!(site.count("SELECT COUNT(*) FROM reception_day") >= 50);
        let sealed_visits =
            site.count("SELECT COUNT(*) FROM reception_visit WHERE visitor_sealed IS NOT NULL");
        let sealed = usize::try_from(protected + sealed_visits).unwrap();

        let status = site.run(&["identity-keys", "status"]);
        assert_ok(&status);
        let text = out(&status);
        assert_eq!(number_after(&text, "still under an old key: "), 0, "{text}");

        let rotated = site.run(&["identity-keys", "rotate"]);
        assert_ok(&rotated);
        let text = out(&rotated);
        assert_eq!(number_after(&text, "Đã mã hoá lại "), sealed, "{text}");
        assert!(!text.contains(key_line.trim_start_matches("index = ")));

        let status = site.run(&["identity-keys", "status"]);
        assert_ok(&status);
        let text = out(&status);
        assert_eq!(number_after(&text, "still under an old key: "), 0, "{text}");
        assert_eq!(
            text.matches("giá trị / values").count(),
            2,
            "two keys: {text}"
        );
        assert_eq!(
            site.count(&format!(
                "SELECT COUNT(*) FROM petition WHERE sender_sealed LIKE 'v1.{}.%'",
                text.split("current key: ")
                    .nth(1)
                    .and_then(|s| s.lines().next())
                    .unwrap()
                    .trim()
            )),
            protected
        );
        // What this version wrote needs no repair: `remask` leaves every row as it is.
        let remasked = site.run(&["identity-keys", "remask"]);
        assert_ok(&remasked);
        let text = out(&remasked);
        assert!(
            text.contains(&format!("re-masked 0 of {protected} petitions")),
            "{text}"
        );
        assert!(
            text.contains(&format!("0 of {sealed_visits} visits")),
            "{text}"
        );
        // The server starts with the rotated file, and the demo is not loaded twice.
        assert!(demo(&site).contains("Dữ liệu mẫu đã có"));
    }
}

#[test]
fn a_missing_named_key_file_or_a_broken_rules_file_stops_the_server_with_its_name() {
    let site = sqlite_site();
    let missing = site.data.join("nowhere").join("keys.toml");
    let o = site.run(&[
        "serve",
        "--identity-keys",
        missing.to_str().unwrap(),
        "--listen",
        "127.0.0.1:0",
    ]);
    assert!(!o.status.success());
    assert!(err(&o).contains("nowhere"), "{}", err(&o));
    assert!(!missing.exists(), "a named key file is never created");

    std::fs::create_dir_all(site.data.join("petitions")).unwrap();
    std::fs::write(
        site.data.join("petitions").join("petition-rules.toml"),
        "[[ruleset]]\nid = 1\n",
    )
    .unwrap();
    let o = site.run(&["serve", "--listen", "127.0.0.1:0"]);
    assert!(!o.status.success());
    assert!(err(&o).contains("petition-rules.toml"), "{}", err(&o));
    assert!(!err(&o).contains("panicked"), "{}", err(&o));
}
