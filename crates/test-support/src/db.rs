//! A fresh database per test, on either backend, and [`backend_test!`], which runs one test body
//! on both.
//!
//! SQLite: a file in a new folder under the system's temporary folder. PostgreSQL: a database
//! with a unique name on the server named by [`crate::POSTGRES_ENV`]. Either is removed when its
//! [`FreshDatabase`] is dropped, except after a failure: then it is kept, and its URL printed,
//! to look at.

use std::cell::RefCell;
use std::future::Future;
use std::path::PathBuf;

pub use motcua_store::Db;
use sqlx::Connection as _;

/// The database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Defines a module per case holding a `sqlite` and a `postgres` test that run the same async
/// body; without [`crate::POSTGRES_ENV`] the `postgres` one is reported as skipped (and fails
/// under CI). The body's one argument is either a [`Db`] (a fresh, migrated database the test
/// owns) or a [`Backend`] (the test makes its databases with [`case_database_url`]).
/// Attributes before a case (`#[ignore = "issue N: …"]`) go on both of its tests.
///
/// ```text
/// backend_test!(a_user_is_found_by_login, |db| { … });
/// backend_test! {
///     async fn login_starts_a_session(backend: Backend) { … }
/// }
/// ```
#[macro_export]
macro_rules! backend_test {
    ($(#[$meta:meta])* $name:ident, |$db:ident| $body:block) => {
        $crate::backend_test! {
            $(#[$meta])*
            async fn $name($db: $crate::db::Db) $body
        }
    };
    ($(
        $(#[$meta:meta])*
        async fn $name:ident($arg:ident: $ty:ty) $body:block
    )*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn case($arg: $ty) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            $(#[$meta])*
            async fn sqlite() {
                $crate::db::run_case($crate::db::Backend::Sqlite, module_path!(), case).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            $(#[$meta])*
            async fn postgres() {
                $crate::db::run_case($crate::db::Backend::Postgres, module_path!(), case).await;
            }
        }
    )*};
}

/// What a [`backend_test!`] body can take as its argument.
pub trait CaseInput: Sized {
    /// Runs `case` on `backend`, giving it what it takes.
    fn run_on<F, Fut>(backend: Backend, case: F) -> impl Future<Output = ()>
    where
        F: FnOnce(Self) -> Fut,
        Fut: Future<Output = ()>;
}

impl CaseInput for Db {
    async fn run_on<F, Fut>(backend: Backend, case: F)
    where
        F: FnOnce(Self) -> Fut,
        Fut: Future<Output = ()>,
    {
        on_backend(backend, case).await;
    }
}

impl CaseInput for Backend {
    async fn run_on<F, Fut>(backend: Backend, case: F)
    where
        F: FnOnce(Self) -> Fut,
        Fut: Future<Output = ()>,
    {
        // The databases the case made live until it ends: a second server may still be using
        // the first one's database after the first has stopped.
        let made = CASE_DATABASES
            .scope(RefCell::new(Vec::new()), async {
                case(backend).await;
                CASE_DATABASES.with(RefCell::take)
            })
            .await;
        drop(made);
    }
}

/// The body of a [`backend_test!`] case on `backend`, named from the case's `module_path`.
pub async fn run_case<T, F, Fut>(backend: Backend, module_path: &str, case: F)
where
    T: CaseInput,
    F: FnOnce(T) -> Fut,
    Fut: Future<Output = ()>,
{
    if backend == Backend::Postgres && crate::postgres_url().is_none() {
        crate::skip_named(
            &crate::test_name(module_path, "postgres"),
            &postgres_missing(),
        );
        return;
    }
    T::run_on(backend, case).await;
}

fn postgres_missing() -> String {
    format!(
        "{} is not set, the PostgreSQL case did not run",
        crate::POSTGRES_ENV
    )
}

/// Runs `f` on a fresh, migrated database on `backend`, closed and removed after. Without
/// PostgreSQL configured the running test is reported as skipped instead (a failure under CI).
pub async fn on_backend<F, Fut>(backend: Backend, f: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    if backend == Backend::Postgres && crate::postgres_or_skip().is_none() {
        return;
    }
    let fresh = FreshDatabase::create(backend).await;
    let db = fresh.open().await;
    f(db.clone()).await;
    db.close().await;
    drop(fresh);
}

/// [`on_backend`] on SQLite.
pub async fn on_sqlite<F, Fut>(f: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    on_backend(Backend::Sqlite, f).await;
}

/// [`on_backend`] on PostgreSQL.
pub async fn on_postgres<F, Fut>(f: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    on_backend(Backend::Postgres, f).await;
}

tokio::task_local! {
    /// The databases made by the running [`backend_test!`] case that takes a [`Backend`].
    static CASE_DATABASES: RefCell<Vec<FreshDatabase>>;
}

/// The URL of a fresh, empty database on `backend` that lives until the running
/// [`backend_test!`] case ends. Panics outside such a case, which would leave it behind.
pub async fn case_database_url(backend: Backend) -> String {
    let fresh = FreshDatabase::create(backend).await;
    let url = fresh.url().to_owned();
    CASE_DATABASES
        .try_with(|made| made.borrow_mut().push(fresh))
        .expect("a case database is made inside a backend_test! case");
    url
}

/// A new, empty database, removed when dropped (kept when the test is failing).
#[derive(Debug)]
pub struct FreshDatabase {
    backend: Backend,
    url: String,
    place: Place,
}

#[derive(Debug)]
enum Place {
    Folder(PathBuf),
    Postgres { server: String, name: String },
}

impl FreshDatabase {
    /// Creates the database. PostgreSQL needs [`crate::POSTGRES_ENV`]; callers check first.
    pub async fn create(backend: Backend) -> Self {
        let name = format!("motcua_test_{}", uuid::Uuid::now_v7().simple());
        match backend {
            Backend::Sqlite => {
                let folder = std::env::temp_dir().join(&name);
                std::fs::create_dir_all(&folder).expect("a temporary folder");
                Self {
                    backend,
                    url: format!("sqlite://{}", folder.join("motcua.sqlite3").display()),
                    place: Place::Folder(folder),
                }
            }
            Backend::Postgres => {
                let server = crate::postgres_url()
                    .unwrap_or_else(|| panic!("{} is not set", crate::POSTGRES_ENV));
                let mut c = sqlx::PgConnection::connect(&server)
                    .await
                    .unwrap_or_else(|e| panic!("connect to {}: {e}", crate::POSTGRES_ENV));
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut c)
                    .await
                    .expect("create the test database");
                let _ = c.close().await;
                Self {
                    backend,
                    url: with_database(&server, &name),
                    place: Place::Postgres { server, name },
                }
            }
        }
    }

    /// [`FreshDatabase::create`] from code that is not async.
    pub fn create_blocking(backend: Backend) -> Self {
        block_on(Self::create(backend))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Opens the database, migrated.
    pub async fn open(&self) -> Db {
        Db::connect_and_migrate(&self.url)
            .await
            .unwrap_or_else(|e| panic!("open {}: {e}", self.url))
    }
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("the failed test's database is kept: {}", self.url);
            return;
        }
        match &self.place {
            Place::Folder(folder) => {
                let _ = std::fs::remove_dir_all(folder);
            }
            Place::Postgres { server, name } => {
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let server = server.clone();
                block_on(async move {
                    if let Ok(mut c) = sqlx::PgConnection::connect(&server).await {
                        let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut c).await;
                        let _ = c.close().await;
                    }
                });
            }
        }
    }
}

/// Runs `f` to completion on a runtime of its own, on a thread of its own: callable from
/// plain code and from inside another runtime alike (a `Drop`, a synchronous test).
pub fn block_on<T: Send + 'static>(f: impl Future<Output = T> + Send + 'static) -> T {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(f)
    })
    .join()
    .unwrap_or_else(|e| std::panic::resume_unwind(e))
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

/// Runs raw SQL outside the store (to tamper with rows, as an intruder with database access
/// would); returns the number of rows it changed.
pub async fn exec(db: &Db, sql: &str) -> Result<u64, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    match db {
        Db::Sqlite(p, _) => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected()),
        Db::Postgres(p, _) => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_name_is_replaced() {
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

    #[test]
    fn a_sqlite_database_is_a_folder_removed_after() {
        let fresh = FreshDatabase::create_blocking(Backend::Sqlite);
        let Place::Folder(folder) = &fresh.place else {
            unreachable!("a SQLite database")
        };
        let folder = folder.clone();
        assert!(folder.is_dir());
        assert!(fresh.url().starts_with("sqlite://"));
        drop(fresh);
        assert!(!folder.exists());
    }
}
