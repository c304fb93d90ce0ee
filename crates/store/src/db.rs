//! The database handle: one enum over the two backends, chosen from the URL.
//!
//! Queries are written once as `&'static str` in portable SQL (`$N` placeholders, which sqlx
//! also accepts on SQLite) and run through [`on_pool!`]/[`on_tx!`], which expand the same
//! block once per backend so that each copy is type-checked against its own driver.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::error::{StoreError, StoreResult};
use crate::group_commit::{GroupTx, Writer};
use crate::lanes::{Lanes, PgTx};

/// Runs `$body` with `$p` bound to the backend's pool (`&SqlitePool` or `&PgPool`).
macro_rules! on_pool {
    ($db:expr, $p:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($p, _) => $body,
            $crate::db::Db::Postgres($p, _) => $body,
        }
    };
}

/// Runs `$body` with `$c` bound to the transaction's connection (`&mut SqliteConnection` or
/// `&mut PgConnection`); use `&mut *$c` as the executor. On SQLite the statements queued by
/// [`queue_write!`] are sent first, in a call of their own.
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(t) => {
                let $c = t.conn().await?;
                $body
            }
            $crate::db::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// Runs `$body` as a write transaction of its own, with `$c` bound to its connection, and
/// commits it. One-statement writes outside a caller's transaction use this rather than the
/// pool: on SQLite every write must go through the group writer, or it would wait for the
/// writer's lock behind every batch.
macro_rules! on_write {
    ($db:expr, $c:ident => $body:expr) => {{
        let mut tx = $db.begin().await?;
        let out = $crate::db::on_tx!(&mut tx, $c => $body);
        tx.commit().await?;
        out
    }};
}

/// A write whose answer nobody needs (no rows, no count), `$q` bound as a `sqlx::query`:
/// `$bind` is `$q.bind(…)…`. `$sql` is what `sqlx::query` takes (a `&'static str`, or an
/// `AssertSqlSafe` of SQL built at run time), so that PostgreSQL gets it without a copy. On SQLite it is queued, and goes with the transaction's next
/// statement or its commit in one call (see [`crate::script`]), so an error it meets comes
/// from that call; on PostgreSQL it runs now.
macro_rules! queue_write {
    ($tx:expr, $sql:expr, |$q:ident| $bind:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(t) => {
                let $q = t.queue(sqlx::SqlSafeStr::into_sql_str($sql).as_str());
                $bind.done()?;
            }
            $crate::db::Tx::Postgres(t) => {
                let $q = sqlx::query($sql);
                $bind.execute(&mut **t).await?;
            }
        }
    };
}

/// Statements whose rows are wanted (reads, or writes `RETURNING` something), each
/// `($sql, |$q| $bind)` with `$q` bound as in [`queue_write!`]: a `Vec` of `$map` over their
/// rows in order, `$row` bound to each. On SQLite they go in one call with what is queued
/// before them.
macro_rules! fetch_rows {
    ($tx:expr, [$(($sql:expr, |$q:ident| $bind:expr)),+ $(,)?], |$row:ident| $map:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(t) => {
                $({
                    let $q = t.queue(sqlx::SqlSafeStr::into_sql_str($sql).as_str());
                    $bind.done()?;
                })+
                let mut out = Vec::new();
                for $row in t.fetch_queued().await? {
                    out.push($map);
                }
                out
            }
            $crate::db::Tx::Postgres(t) => {
                let mut out = Vec::new();
                $(
                    let $q = sqlx::query($sql);
                    for $row in $bind.fetch_all(&mut **t).await? {
                        out.push($map);
                    }
                )+
                out
            }
        }
    };
}

/// One statement whose first row is wanted, as in [`fetch_rows!`]: `Some($map)`, or `None`.
macro_rules! fetch_row {
    ($tx:expr, $sql:expr, |$q:ident| $bind:expr, |$row:ident| $map:expr) => {
        $crate::db::fetch_rows!($tx, [($sql, |$q| $bind)], |$row| $map)
            .into_iter()
            .next()
    };
}

pub(crate) use {fetch_row, fetch_rows, on_pool, on_tx, on_write, queue_write};

/// Which SQL dialect a handle speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pool, and what write transactions go through: on SQLite the group writer (see
/// [`crate::group_commit`]), on PostgreSQL the audit log's lanes (see [`crate::lanes`]).
/// Reads use the pool.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool, Writer),
    Postgres(PgPool, Lanes),
}

/// A transaction on either backend. Repository writes take `&mut Tx` so that a caller can
/// group several writes (and their audit entries) into one commit.
#[derive(Debug)]
pub enum Tx {
    Sqlite(GroupTx),
    Postgres(PgTx),
}

impl Tx {
    pub async fn commit(self) -> StoreResult<()> {
        match self {
            Self::Sqlite(t) => t.commit().await?,
            Self::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> StoreResult<()> {
        match self {
            Self::Sqlite(t) => t.rollback().await?,
            Self::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }

    #[must_use]
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// The audit lane this transaction appends to (always 0 on SQLite).
    #[must_use]
    pub fn lane(&self) -> i32 {
        match self {
            Self::Sqlite(_) => 0,
            Self::Postgres(t) => t.lane(),
        }
    }
}

/// The default SQLite file inside a data folder.
#[must_use]
pub fn default_sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}", data_dir.join("motcua.sqlite3").display())
}

/// Now, at the microsecond precision both databases keep, so that a value read back equals
/// the value written (the audit hash depends on it).
#[must_use]
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

impl Db {
    /// Opens a pool for `url` (`sqlite:…` or `postgres://…`). SQLite files are created if
    /// missing and every connection gets WAL, `synchronous=FULL` (an acknowledged write
    /// survives power loss), foreign keys and a busy timeout.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // A write transaction runs in a savepoint of the group commit's batch, and
                // SQLite journals the pages it changes for a possible rollback to it; in
                // memory, not in a temporary file.
                .pragma("temp_store", "memory")
                // Reads come straight from the mapped file rather than a `pread` per page
                // missing from the connection's small cache: at 1,000,000 place reports an
                // Open311 page of 1,000 spent a sixth of its time in those calls. The map is
                // address space, not memory; the kernel's page cache backs it.
                .pragma("mmap_size", "268435456");
            // Every connection to ":memory:" is a separate empty database, so an in-memory
            // pool must hold exactly one connection (and never let it go).
            let in_memory = url.contains(":memory:") || url.contains("mode=memory");
            let pool = if in_memory {
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .min_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None)
            } else {
                SqlitePoolOptions::new().max_connections(8)
            }
            // sqlx pings a connection each time the pool hands it out, to find one whose
            // server went away; a SQLite connection has no server, and the ping is a round
            // trip to the connection's thread: on every read and every write batch.
            .test_before_acquire(false)
            .connect_with(opts)
            .await?;
            let writer = Writer::new(pool.clone());
            Ok(Self::Sqlite(pool, writer))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(u32::from(crate::lanes::BLOCK))
                .connect_with(opts.clone())
                .await?;
            let lanes = Lanes::claim(&opts).await;
            Ok(Self::Postgres(pool, lanes))
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }

    /// Connects and applies the embedded migrations.
    pub async fn connect_and_migrate(url: &str) -> StoreResult<Self> {
        let db = Self::connect(url).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Applies the embedded migrations of this backend (idempotent; several servers starting
    /// at once are serialised by sqlx's migration lock).
    pub async fn migrate(&self) -> StoreResult<()> {
        match self {
            Self::Sqlite(p, _) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Self::Postgres(p, _) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        // The tally added by 0019 starts empty; a database that already held dossiers gets
        // it built once, here, rather than by a migration written twice in two dialects.
        crate::stats::backfill(self).await?;
        crate::stats::backfill_petitions(self).await?;
        Ok(())
    }

    /// Refreshes the planner's statistics after a bulk load. PostgreSQL's autovacuum would get
    /// there eventually; until it does, a freshly loaded table has none and the planner guesses
    /// (measured: a dossier's timeline read by a parallel bitmap scan of 3.7 million events, and
    /// public lookups at a quarter of their speed). SQLite picks the same indexes without
    /// statistics (scripts/explain-hot-queries.py), so it is left alone there.
    pub async fn analyze(&self) -> StoreResult<()> {
        if let Self::Postgres(p, _) = self {
            sqlx::raw_sql("ANALYZE").execute(p).await?;
        }
        Ok(())
    }

    /// For `/healthz`: the database answers a trivial query.
    pub async fn ping(&self) -> StoreResult<()> {
        on_pool!(self, p => {
            sqlx::query("SELECT 1").execute(p).await?;
        });
        Ok(())
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> StoreResult<Tx> {
        Ok(match self {
            // One writer at a time, in a shared batch: SQLite has one writer anyway. A write
            // appends to the audit log, and the head it chains onto goes with the
            // transaction's first fetch instead of in a call of its own.
            Self::Sqlite(_, w) => {
                let mut t = w.begin().await?;
                t.read_along(crate::audit::SQLITE_HEAD);
                Tx::Sqlite(t)
            }
            // Each transaction on its own connection, holding one lane of the audit log.
            Self::Postgres(p, lanes) => Tx::Postgres(lanes.begin(p).await?),
        })
    }

    #[must_use]
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(..) => Backend::Sqlite,
            Self::Postgres(..) => Backend::Postgres,
        }
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(p, _) => p.close().await,
            Self::Postgres(p, _) => p.close().await,
        }
    }
}

/// Drops a password from a URL before it goes into an error message or a log.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***{}", &url[..s], &url[at..]),
        _ => url.to_owned(),
    }
}

/// `rows` rows of `cols` parameters each: `(?, ?), (?, ?)` on SQLite, `($1, $2), ($3, $4)` on
/// PostgreSQL. SQLite gets anonymous parameters because sqlx binds a named one (`$N`) by asking
/// SQLite for each parameter's name, which walks the statement's list of names: binding a
/// statement of n named parameters costs n², and with `$N` that lookup took 40 % of a seed's
/// time (and 83 % of the demo history's at 4,000 parameters a statement). Anonymous parameters have no names to walk.
pub(crate) fn values_placeholders(backend: Backend, rows: usize, cols: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        s.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            match backend {
                Backend::Sqlite => s.push('?'),
                Backend::Postgres => {
                    s.push('$');
                    s.push_str(&(r * cols + c + 1).to_string());
                }
            }
        }
        s.push(')');
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_are_redacted() {
        assert_eq!(super::redact("foo://u:secret@host/db"), "foo://***@host/db");
        assert_eq!(super::redact("foo:bar"), "foo:bar");
    }
}
