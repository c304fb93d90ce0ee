//! The `motcua` binary as an operator runs it: a [`Site`] is a folder of its own holding the
//! data folder (`ROOT/data`, with the SQLite file) and, by default, the keys folder
//! (`ROOT/keys`), and, on PostgreSQL, a fresh database of its own. The binary's path comes from
//! the test (`env!("CARGO_BIN_EXE_motcua")`, known only to the binary's own crate).

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use sqlx::Connection as _;

use crate::db::{Backend, FreshDatabase, block_on};

/// A site: its folders, and its database when it runs on PostgreSQL. Dropping it removes both.
#[derive(Debug)]
pub struct Site {
    bin: PathBuf,
    pub root: PathBuf,
    pub data: PathBuf,
    database: Option<FreshDatabase>,
}

impl Site {
    /// A site on SQLite, for tests that are about the command line rather than the database.
    pub fn sqlite(bin: &str) -> Self {
        Self::at(bin, fresh_root(), None)
    }

    /// A site on SQLite and, when PostgreSQL is configured, one on PostgreSQL; without it the
    /// running test is reported as skipped (and fails under CI) after running on SQLite.
    pub fn both(bin: &str) -> Vec<Self> {
        let mut sites = vec![Self::sqlite(bin)];
        if crate::postgres_or_skip().is_some() {
            sites.push(Self::at(
                bin,
                fresh_root(),
                Some(FreshDatabase::create_blocking(Backend::Postgres)),
            ));
        }
        sites
    }

    /// Another site in `root`, on the same backend as this one (with a database of its own).
    pub fn another_at(&self, root: PathBuf) -> Self {
        let database = self
            .database
            .as_ref()
            .map(|_| FreshDatabase::create_blocking(Backend::Postgres));
        Self::at(self.bin.to_str().expect("a UTF-8 path"), root, database)
    }

    fn at(bin: &str, root: PathBuf, database: Option<FreshDatabase>) -> Self {
        Self {
            bin: PathBuf::from(bin),
            data: root.join("data"),
            root,
            database,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.database.is_some()
    }

    /// The keys folder the commands use when not told another.
    pub fn keys(&self) -> PathBuf {
        self.root.join("keys")
    }

    /// The site's database URL.
    pub fn url(&self) -> String {
        match &self.database {
            Some(db) => db.url().to_owned(),
            None => format!("sqlite://{}", self.data.join("motcua.sqlite3").display()),
        }
    }

    /// `rest` followed by the site's `--data` and, on PostgreSQL, `--database-url`.
    pub fn args(&self, rest: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = rest.iter().map(|s| (*s).to_owned()).collect();
        v.push("--data".into());
        v.push(self.data.display().to_string());
        if let Some(db) = &self.database {
            v.push("--database-url".into());
            v.push(db.url().to_owned());
        }
        v
    }

    /// The binary with [`Site::args`], no input, and no identity keys from the environment.
    pub fn command(&self, rest: &[&str]) -> Command {
        let mut c = command(&self.bin);
        c.args(self.args(rest));
        c
    }

    /// Runs `motcua REST` on the site to its end.
    pub fn run(&self, rest: &[&str]) -> Output {
        self.command(rest).output().expect("the binary runs")
    }

    /// Starts `motcua serve EXTRA` on a free port and waits until it listens.
    pub fn serve(&self, extra: &[&str]) -> Server {
        let mut args = vec!["serve"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--listen", "127.0.0.1:0"]);
        let mut child = self
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts");
        let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
        let mut server = Server {
            child,
            addr: String::new(),
            printed: String::new(),
        };
        let started = Instant::now();
        loop {
            let mut line = String::new();
            let n = reader.read_line(&mut line).unwrap_or(0);
            server.printed.push_str(&line);
            if let Some(addr) = line.trim().strip_prefix("motcua đang chạy tại http://") {
                server.addr = addr.split_whitespace().next().unwrap_or(addr).to_owned();
                // Keep reading in the background so the server never blocks on a full pipe.
                std::thread::spawn(move || {
                    let mut sink = String::new();
                    while reader.read_line(&mut sink).unwrap_or(0) > 0 {
                        sink.clear();
                    }
                });
                return server;
            }
            assert!(
                n > 0 && started.elapsed() < Duration::from_secs(120),
                "serve did not start: {}",
                server.printed
            );
        }
    }

    /// Runs SQL statements on the site's database directly, as an intruder with access to it
    /// would.
    pub fn execute(&self, sql: &[String]) {
        let (url, sql, pg) = (self.url(), sql.to_vec(), self.is_postgres());
        block_on(async move {
            if pg {
                let mut c = sqlx::PgConnection::connect(&url).await.expect("connects");
                for s in &sql {
                    sqlx::query(sqlx::AssertSqlSafe(s.clone()))
                        .execute(&mut c)
                        .await
                        .unwrap_or_else(|e| panic!("{s}: {e}"));
                }
            } else {
                let mut c = sqlx::SqliteConnection::connect(&url)
                    .await
                    .expect("connects");
                for s in &sql {
                    sqlx::query(sqlx::AssertSqlSafe(s.clone()))
                        .execute(&mut c)
                        .await
                        .unwrap_or_else(|e| panic!("{s}: {e}"));
                }
            }
        });
    }

    /// One number from the site's database.
    pub fn number(&self, sql: &str) -> i64 {
        let (url, sql, pg) = (self.url(), sql.to_owned(), self.is_postgres());
        block_on(async move {
            let q = sqlx::AssertSqlSafe(sql.clone());
            let n = if pg {
                let mut c = sqlx::PgConnection::connect(&url).await.expect("connects");
                sqlx::query_scalar(q).fetch_one(&mut c).await
            } else {
                let mut c = sqlx::SqliteConnection::connect(&url)
                    .await
                    .expect("connects");
                sqlx::query_scalar(q).fetch_one(&mut c).await
            };
            n.unwrap_or_else(|e| panic!("{sql}: {e}"))
        })
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn fresh_root() -> PathBuf {
    std::env::temp_dir().join(format!("motcua-cli-{}", uuid::Uuid::now_v7()))
}

fn command(bin: &Path) -> Command {
    let mut c = Command::new(bin);
    c.env_remove("MOTCUA_IDENTITY_KEYS")
        .env_remove("MOTCUA_IDENTITY_KEYS_FILE")
        .stdin(Stdio::null());
    c
}

/// Runs the binary with exactly `args` (no site's) to its end.
pub fn run(bin: &str, args: &[String]) -> Output {
    command(Path::new(bin))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A running `motcua serve`: its address and what it printed until it listened. Killed if the
/// test fails before stopping it.
#[derive(Debug)]
pub struct Server {
    child: Child,
    pub addr: String,
    pub printed: String,
}

impl Server {
    /// SIGTERM: the server finishes the requests in flight and must exit cleanly.
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let status = self.child.wait().expect("waits");
        assert!(status.success(), "{status:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
pub fn assert_ok(o: &Output) {
    assert!(o.status.success(), "stdout: {}\nstderr: {}", out(o), err(o));
}

/// The command failed, without a panic, saying `needle`.
#[track_caller]
pub fn assert_refused(o: &Output, needle: &str) {
    assert!(!o.status.success(), "expected a refusal: {}", out(o));
    let e = err(o);
    assert!(!e.contains("panicked"), "{e}");
    assert!(e.contains(needle), "missing {needle:?} in {e}");
}
