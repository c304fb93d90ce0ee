//! Group commit on SQLite: many write transactions, one durable commit.
//!
//! SQLite has one writer at a time. With durable commits (`synchronous=FULL`) every commit
//! waits for the disk (about a millisecond here), so one commit per request caps a server at
//! about a thousand writes a second however fast the rest is. So write
//! transactions share a batch: each runs inside a savepoint of one open transaction (the
//! first, alone in it, needs none), in turn, and then waits; a flusher commits the batch once
//! those queued before it are done, then answers them all. A caller still hears "committed"
//! only after the commit reached the disk, and a failed transaction rolls back to its
//! savepoint without touching the others in the batch.
//!
//! The writers take turns on a fair (FIFO) lock, and the flusher queues on that lock like a
//! writer: everyone who was waiting when the first of a batch finished gets into that batch.
//!
//! A transaction's writes whose answer nobody needs wait in the batch's [`Script`] and go to
//! SQLite with its next statement, or with its `RELEASE`, in one call (see [`crate::script`]):
//! SQLite's write lock is held through every call of every transaction, so fewer calls are
//! more transactions a second. Its `SAVEPOINT` waits there too.
//!
//! PostgreSQL used this too, but there it put every write of every server on one connection
//! at a time; its transactions now run side by side (see [`crate::lanes`]) and PostgreSQL
//! groups their commits itself, so the writer is SQLite's alone.

use std::sync::{Arc, Weak};

use sqlx::pool::PoolConnection;
use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, Sqlite, SqliteConnection, SqlitePool};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard, watch};

use crate::error::{StoreError, StoreResult};
use crate::script::{Script, Statement};

/// A batch's fate: `None` while open, then the commit's result, shared by all its writers.
type Outcome = Option<Result<(), Arc<str>>>;

/// The open batch: the connection holding the write lock, if a batch is open.
#[derive(Debug)]
struct Batch {
    conn: Option<PoolConnection<Sqlite>>,
    /// A transaction was dropped without commit or rollback (a `?` or a panic): its writes
    /// must be undone before anyone else writes.
    dropped: Option<Scope>,
    done: watch::Sender<Outcome>,
    /// What the running transaction has queued and not sent.
    script: Script,
    /// The running transaction's `SAVEPOINT` is still in `script`: it has not begun on the
    /// connection, so undoing it is forgetting the script.
    savepoint_queued: bool,
}

/// What a transaction's writes are, to undo them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// It opened the batch, so the batch holds its writes alone until it ends: it needs no
    /// savepoint, and undoing it is rolling the batch back. A bulk import, alone on the
    /// server, then pays nothing for group commit (SQLite journals a savepoint's pages).
    Batch,
    /// It joined an open batch, inside a savepoint.
    Savepoint,
}

/// The group writer of one pool; clones share it.
#[derive(Clone, Debug)]
pub struct Writer {
    batch: Arc<Mutex<Batch>>,
    flush: Arc<Notify>,
    pool: SqlitePool,
}

impl Writer {
    /// Starts the flusher; it ends when the last clone of the writer is dropped.
    pub fn new(pool: SqlitePool) -> Self {
        let batch = Arc::new(Mutex::new(Batch {
            conn: None,
            dropped: None,
            done: watch::channel(None).0,
            script: Script::default(),
            savepoint_queued: false,
        }));
        let flush = Arc::new(Notify::new());
        tokio::spawn(flusher(Arc::downgrade(&batch), Arc::clone(&flush)));
        Self { batch, flush, pool }
    }

    /// Waits for the writer's turn and opens the batch, or a savepoint in the open batch.
    pub async fn begin(&self) -> StoreResult<GroupTx> {
        let mut batch = Arc::clone(&self.batch).lock_owned().await;
        batch.undo_dropped().await;
        let scope = match batch.conn.as_mut() {
            None => {
                let mut conn = self.pool.acquire().await?;
                // Takes the write lock now, not at the first write: a deferred transaction that
                // reads and then writes can fail with SQLITE_BUSY when another writer got in
                // between.
                sqlx::raw_sql("BEGIN IMMEDIATE").execute(&mut *conn).await?;
                batch.conn = Some(conn);
                Scope::Batch
            }
            Some(_) => {
                batch.script.push_sql("SAVEPOINT w");
                batch.savepoint_queued = true;
                Scope::Savepoint
            }
        };
        Ok(GroupTx {
            batch: Some(batch),
            scope,
            flush: Arc::clone(&self.flush),
            along: Along::None,
        })
    }
}

impl Batch {
    /// Undoes the writes of a transaction that was dropped unfinished.
    async fn undo_dropped(&mut self) {
        if let Some(scope) = self.dropped.take() {
            self.undo(scope).await;
        }
    }

    async fn undo(&mut self, scope: Scope) {
        match scope {
            Scope::Batch => self.fail("rolled back").await,
            Scope::Savepoint => self.rollback_savepoint().await,
        }
    }

    /// Sends the queued script, ending with `last` if given, and returns the rows it yields
    /// (those of the statements queued to be fetched: the others are writes without rows).
    async fn send(&mut self, last: Option<&str>) -> StoreResult<Vec<SqliteRow>> {
        if let Some(sql) = last {
            self.script.push_sql(sql);
        }
        if self.script.is_empty() {
            return Ok(Vec::new());
        }
        let (sql, args) = self.script.take()?;
        self.savepoint_queued = false;
        let conn = self.conn.as_mut().ok_or(StoreError::BatchLost)?;
        Ok(sqlx::query_with(AssertSqlSafe(sql), args)
            .fetch_all(&mut **conn)
            .await?)
    }

    async fn rollback_savepoint(&mut self) {
        self.script.clear();
        if std::mem::take(&mut self.savepoint_queued) {
            return;
        }
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        let undone = sqlx::raw_sql("ROLLBACK TO w; RELEASE w")
            .execute(&mut **conn)
            .await;
        // SQLite rolls the whole transaction back by itself after some errors (a full disk, an
        // I/O error); then the savepoint is gone and so is the batch.
        if let Err(e) = undone {
            self.fail(&e.to_string()).await;
        }
    }

    /// Ends the batch without committing: every writer waiting on it hears the error.
    async fn fail(&mut self, why: &str) {
        self.script.clear();
        self.savepoint_queued = false;
        if let Some(mut conn) = self.conn.take()
            && sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await.is_err()
        {
            // A connection in an unknown state must not go back to the pool.
            let _ = conn.close().await;
        }
        self.finish(Err(why.into()));
    }

    /// Commits the open batch, if any, and answers its writers.
    async fn commit(&mut self) {
        self.undo_dropped().await;
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        match sqlx::raw_sql("COMMIT").execute(&mut **conn).await {
            Ok(_) => {
                self.conn = None;
                self.finish(Ok(()));
            }
            Err(e) => self.fail(&e.to_string()).await,
        }
    }

    fn finish(&mut self, outcome: Result<(), Arc<str>>) {
        let done = std::mem::replace(&mut self.done, watch::channel(None).0);
        done.send_replace(Some(outcome));
    }
}

async fn flusher(batch: Weak<Mutex<Batch>>, flush: Arc<Notify>) {
    loop {
        flush.notified().await;
        let Some(batch) = batch.upgrade() else {
            return;
        };
        batch.lock().await.commit().await;
    }
}

/// One write transaction in a batch. Use it as a connection; end it with
/// [`GroupTx::commit`] or [`GroupTx::rollback`] (dropping it rolls back too).
#[derive(Debug)]
pub struct GroupTx {
    batch: Option<OwnedMutexGuard<Batch>>,
    scope: Scope,
    flush: Arc<Notify>,
    along: Along,
}

/// A one-row read that goes with the transaction's first fetch (see [`GroupTx::read_along`]).
#[derive(Debug)]
enum Along {
    None,
    Wanted(&'static str),
    Got(SqliteRow),
}

impl GroupTx {
    /// Keeps this transaction's writes and waits until the batch is durably committed.
    pub async fn commit(mut self) -> StoreResult<()> {
        let Some(mut batch) = self.batch.take() else {
            return Err(StoreError::BatchLost);
        };
        // Releasing at once, rather than leaving savepoints to nest until the COMMIT, keeps
        // SQLite from journalling every later writer's pages for a rollback that cannot come
        // (measured: 10 % fewer lifecycles a second without the RELEASE). It goes with the
        // queued writes.
        let release = (self.scope == Scope::Savepoint).then_some("RELEASE w");
        if let Err(e) = batch.send(release).await {
            batch.undo(self.scope).await;
            drop(batch);
            self.flush.notify_one();
            return Err(e);
        }
        let mut done = batch.done.subscribe();
        drop(batch);
        self.flush.notify_one();
        let outcome = done
            .wait_for(Option::is_some)
            .await
            .map_err(|_| StoreError::BatchLost)?
            .clone();
        match outcome {
            Some(Ok(())) => Ok(()),
            Some(Err(why)) => Err(StoreError::BatchFailed(why.to_string())),
            None => Err(StoreError::BatchLost),
        }
    }

    /// Undoes this transaction's writes; the rest of the batch is unaffected.
    pub async fn rollback(mut self) -> StoreResult<()> {
        if let Some(mut batch) = self.batch.take() {
            batch.undo(self.scope).await;
        }
        // An empty batch still holds SQLite's write lock until it is committed.
        self.flush.notify_one();
        Ok(())
    }
}

impl Drop for GroupTx {
    fn drop(&mut self) {
        if let Some(mut batch) = self.batch.take() {
            batch.dropped = Some(self.scope);
            self.flush.notify_one();
        }
    }
}

impl GroupTx {
    fn batch(&mut self) -> &mut Batch {
        // `begin` opens the batch before handing out a GroupTx, and only commit/rollback (which
        // consume it) take the batch away.
        self.batch
            .as_deref_mut()
            .expect("a live group transaction has its batch")
    }

    /// Queues `sql` to go with the transaction's next statement or its commit; bind its
    /// parameters on the statement returned. For writes whose answer nobody needs: an error
    /// they meet comes from the call that sends them.
    pub fn queue(&mut self, sql: &str) -> Statement<'_> {
        self.batch().script.statement(sql)
    }

    /// Sends what is queued and returns the rows it yields: queue writes without rows, and
    /// after them the statements whose rows are wanted.
    pub async fn fetch_queued(&mut self) -> StoreResult<Vec<SqliteRow>> {
        let along = match self.along {
            Along::Wanted(sql) => Some(sql),
            Along::None | Along::Got(_) => None,
        };
        if let Some(sql) = along {
            self.batch().script.push_sql(sql);
        }
        let mut rows = self.batch().send(None).await?;
        if along.is_some() {
            self.along = rows.pop().map_or(Along::None, Along::Got);
        }
        Ok(rows)
    }

    /// Has `sql`, a read that yields exactly one row and that nothing in the transaction
    /// changes before [`GroupTx::take_along`] asks for it, go at the end of the transaction's
    /// first fetch rather than in a call of its own. The audit chain's head is such a read:
    /// the transaction holds the write lock, and only its own audit entry moves the head.
    pub fn read_along(&mut self, sql: &'static str) {
        self.along = Along::Wanted(sql);
    }

    /// The row of [`GroupTx::read_along`], if a fetch has brought it; once.
    pub fn take_along(&mut self) -> Option<SqliteRow> {
        match std::mem::replace(&mut self.along, Along::None) {
            Along::Got(row) => Some(row),
            Along::None | Along::Wanted(_) => None,
        }
    }

    /// The connection, once what is queued has been sent: a statement run on it directly
    /// must not overtake the queued ones.
    pub async fn conn(&mut self) -> StoreResult<&mut SqliteConnection> {
        let batch = self.batch();
        batch.send(None).await?;
        batch.conn.as_deref_mut().ok_or(StoreError::BatchLost)
    }
}
