//! PostgreSQL write transactions, each holding one lane of the audit log.
//!
//! Every audit entry chains onto the last one of its chain, so appends to one chain take
//! turns, and the turn ends only when the transaction's commit has reached the disk: until
//! then the next writer cannot see the entry it must link to. With one chain, every write of
//! every server on one PostgreSQL waited for the previous write's commit, and a second server
//! added nothing (measured: × 0.95 the lifecycles of one). So the log is several chains
//! ("lanes"): a transaction takes one lane's lock as it begins (an advisory lock, released at
//! commit or rollback) and appends to that lane only; transactions on different lanes commit
//! side by side, and PostgreSQL flushes their commits together.
//!
//! The lane is taken first, before any row lock, so that waiting for a lane can never be part
//! of a deadlock. A server hands out the lowest lane that none of its own open transactions
//! holds, counting from a starting lane drawn when it connects: a quiet server keeps appending
//! to one lane, and two servers start far apart. A lane held by another server is waited for.
//! SQLite has one writer at a time and one lane, 0; its transactions go through
//! [`crate::group_commit`] instead.

use std::sync::{Arc, Mutex, PoisonError};

use sqlx::{AssertSqlSafe, PgPool, Postgres, Transaction};

use crate::error::StoreResult;

/// How many lanes PostgreSQL transactions use: as many as a server's connections, so that a
/// server always finds one of its own lanes free.
pub const LANES: u16 = 16;

/// Advisory-lock key of lane 0 ("motcua-audit" as digits); lane `n` is this plus `n`.
const LOCK_KEY: i64 = 0x6d6f_7463_7561_0000;

/// The lanes this server's open transactions hold; clones share them.
#[derive(Clone, Debug)]
pub struct Lanes {
    first: u16,
    held: Arc<Mutex<u16>>,
}

impl Lanes {
    /// A starting lane drawn at random, so that the servers sharing a database mostly take
    /// different lanes.
    pub(crate) fn new() -> Self {
        let mut b = [0u8; 2];
        // Without randomness every server starts at lane 0: slower when several share one
        // database, never wrong.
        let first = getrandom::fill(&mut b).map_or(0, |()| u16::from_le_bytes(b) % LANES);
        Self::starting_at(first)
    }

    /// Lanes counted from `first` (taken modulo [`LANES`]): for tests that need two servers on
    /// the same lane.
    #[must_use]
    pub fn starting_at(first: u16) -> Self {
        Self {
            first: first % LANES,
            held: Arc::new(Mutex::new(0)),
        }
    }

    /// The first lane from the starting one that none of this server's transactions holds.
    /// `None` when all are held, which the pool's size (at most [`LANES`] connections) rules
    /// out; the caller then shares the starting lane and waits for it.
    fn take(&self) -> Lane {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        let free = (0..LANES)
            .map(|i| (self.first + i) % LANES)
            .find(|&n| *held & (1 << n) == 0);
        if let Some(n) = free {
            *held |= 1 << n;
        }
        Lane {
            number: free.unwrap_or(self.first),
            owned: free.is_some(),
            lanes: self.clone(),
        }
    }

    /// Begins a write transaction holding a lane: `BEGIN` and the lane's lock in one round trip.
    pub(crate) async fn begin(&self, pool: &PgPool) -> StoreResult<PgTx> {
        let lane = self.take();
        let open = format!(
            "BEGIN; SELECT pg_advisory_xact_lock({})",
            LOCK_KEY + i64::from(lane.number)
        );
        let tx = pool.begin_with(AssertSqlSafe(open)).await?;
        Ok(PgTx { tx, lane })
    }
}

/// A lane taken by one transaction; given back when the transaction ends (the advisory lock
/// itself is released by PostgreSQL at commit or rollback).
#[derive(Debug)]
struct Lane {
    number: u16,
    owned: bool,
    lanes: Lanes,
}

impl Drop for Lane {
    fn drop(&mut self) {
        if self.owned {
            let mut held = self
                .lanes
                .held
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            *held &= !(1 << self.number);
        }
    }
}

/// A PostgreSQL write transaction and the audit lane it holds. Use it as a connection.
#[derive(Debug)]
pub struct PgTx {
    tx: Transaction<'static, Postgres>,
    lane: Lane,
}

impl PgTx {
    /// The audit lane this transaction appends to.
    #[must_use]
    pub fn lane(&self) -> i32 {
        i32::from(self.lane.number)
    }

    pub(crate) async fn commit(self) -> StoreResult<()> {
        self.tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn rollback(self) -> StoreResult<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

impl std::ops::Deref for PgTx {
    type Target = sqlx::PgConnection;

    fn deref(&self) -> &sqlx::PgConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for PgTx {
    fn deref_mut(&mut self) -> &mut sqlx::PgConnection {
        &mut self.tx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_takes_the_lowest_free_lane_from_its_start_and_gives_it_back() {
        let lanes = Lanes::starting_at(14);
        let a = lanes.take();
        let b = lanes.take();
        let c = lanes.take();
        assert_eq!((a.number, b.number, c.number), (14, 15, 0));
        drop(b);
        assert_eq!(lanes.take().number, 15);
        drop(a);
        drop(c);
        assert_eq!(lanes.take().number, 14, "a quiet server keeps to one lane");
    }

    #[test]
    fn when_every_lane_is_held_the_starting_one_is_shared() {
        let lanes = Lanes::starting_at(3);
        let all: Vec<Lane> = (0..LANES).map(|_| lanes.take()).collect();
        let extra = lanes.take();
        assert_eq!(extra.number, 3);
        assert!(!extra.owned);
        drop(extra);
        drop(all);
        assert_eq!(lanes.take().number, 3);
    }
}
