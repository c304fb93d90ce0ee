//! Runs a test body once per backend, each on its own fresh, migrated database.

use std::future::Future;
use std::path::PathBuf;

use motcua_store::Db;
use sqlx::Connection;

pub const PG_ENV: &str = "MOTCUA_TEST_POSTGRES_URL";

/// Defines `<name>_sqlite` and `<name>_postgres` tests running the same async body.
/// Attributes before the name (`#[ignore = "issue N: …"]`) go on both tests.
macro_rules! backend_test {
    ($(#[$meta:meta])* $name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($db: motcua_store::Db) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            $(#[$meta])*
            async fn sqlite() {
                crate::harness::on_sqlite(body).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            $(#[$meta])*
            async fn postgres() {
                if crate::harness::postgres_or_skip(&motcua_test_support::test_name(module_path!(), "postgres")) {
                    crate::harness::on_postgres(body).await;
                }
            }
        }
    };
}
pub(crate) use backend_test;

struct SqliteFile(PathBuf);

impl Drop for SqliteFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

pub async fn on_sqlite<F, Fut>(f: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let file = SqliteFile(
        std::env::temp_dir().join(format!("motcua-test-{}.sqlite3", uuid::Uuid::now_v7())),
    );
    let url = format!("sqlite://{}", file.0.display());
    let db = Db::connect_and_migrate(&url).await.expect("open sqlite");
    let result = tokio::spawn(f(db.clone())).await;
    db.close().await;
    drop(file);
    if let Err(e) = result {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Whether PostgreSQL is configured; if not, reports `test` as skipped (a failure under CI).
pub fn postgres_or_skip(test: &str) -> bool {
    let configured = motcua_test_support::postgres_url().is_some();
    if !configured {
        motcua_test_support::skip_named(
            test,
            &format!("{PG_ENV} is not set, the PostgreSQL case did not run"),
        );
    }
    configured
}

/// Replaces the database name in a PostgreSQL URL.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{}", &base[..path_start], name);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

pub async fn on_postgres<F, Fut>(f: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    // Reported under the test thread's name; `backend_test!` checks first, naming its case.
    if !postgres_or_skip(&motcua_test_support::current_test()) {
        return;
    }
    let admin_url = motcua_test_support::postgres_url().expect(PG_ENV);
    let name = format!("motcua_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("connect admin");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create test database");
    let db = Db::connect_and_migrate(&with_database(&admin_url, &name))
        .await
        .expect("open postgres");
    let result = tokio::spawn(f(db.clone())).await;
    db.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await
    .expect("drop test database");
    if let Err(e) = result {
        std::panic::resume_unwind(e.into_panic());
    }
}

#[test]
fn database_name_is_replaced() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        with_database("postgres://h/db?sslmode=disable", "y"),
        "postgres://h/y?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h", "z"), "postgres://h/z");
}

/// Runs raw SQL outside the store (to tamper with rows, as an intruder with database access
/// would).
pub async fn exec(db: &Db, sql: &str) -> Result<u64, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    match db {
        Db::Sqlite(p, _) => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected()),
        Db::Postgres(p, _) => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected()),
    }
}
