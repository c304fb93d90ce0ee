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
//! holds, counting from the first lane of its block: a quiet server keeps appending to one
//! lane. The lanes come in blocks of [`BLOCK`], one block per server: as it connects, a server
//! claims a free block with a session-level advisory lock, held on a connection of its own for
//! as long as it runs, so that up to [`BLOCKS`] servers never wait for each other's lanes (when
//! they did share lanes, two servers ran 16 transactions at a time between them, as one did).
//! A server that finds no free block, or cannot hold the claim, starts at a random lane; a lane
//! that another server holds is then waited for, which is slower and never wrong.
//! SQLite has one writer at a time and one lane, 0; its transactions go through
//! [`crate::group_commit`] instead.

use std::sync::{Arc, Mutex, PoisonError};

use sqlx::postgres::PgConnectOptions;
use sqlx::{AssertSqlSafe, Connection, PgConnection, PgPool, Postgres, Transaction};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::StoreResult;

/// A server's lanes: as many as its connections, so that it always finds one of its own free.
pub const BLOCK: u16 = 16;
/// How many servers get lanes of their own.
pub const BLOCKS: u16 = 4;
/// How many lanes there are in all.
pub const LANES: u16 = BLOCK * BLOCKS;

/// Advisory-lock key of lane 0 ("motcua-audit" as digits); lane `n` is this plus `n`.
const LOCK_KEY: i64 = 0x6d6f_7463_7561_0000;
/// Session-lock key of block 0; block `n` is this plus `n`.
const BLOCK_KEY: i64 = 0x6d6f_7463_7561_1000;

/// The lanes this server's open transactions hold; clones share them.
#[derive(Clone, Debug)]
pub struct Lanes {
    first: u16,
    held: Arc<Mutex<u64>>,
    /// At most [`BLOCK`] transactions hold lanes at once, so that they all fit in the block:
    /// more would spill into the next server's lanes and wait there (measured with the pool
    /// full: 1.6 lane requests waiting on average, none with this bound).
    turns: Arc<Semaphore>,
    /// The connection whose session holds this server's block; closing it gives the block
    /// back (so does the server's end, however it ends).
    _claim: Option<Arc<Mutex<PgConnection>>>,
}

impl Lanes {
    /// Claims a block of lanes on the database that `opts` reaches.
    pub async fn claim(opts: &PgConnectOptions) -> Self {
        match claim_block(opts).await {
            Some((block, conn)) => Self {
                first: block * BLOCK,
                held: Arc::new(Mutex::new(0)),
                turns: Arc::new(Semaphore::new(BLOCK.into())),
                _claim: Some(Arc::new(Mutex::new(conn))),
            },
            None => Self::starting_at(random_lane()),
        }
    }

    /// Lanes counted from `first` (taken modulo [`LANES`]), with no block claimed: for tests
    /// that need two servers on the same lane.
    #[must_use]
    pub fn starting_at(first: u16) -> Self {
        Self {
            first: first % LANES,
            held: Arc::new(Mutex::new(0)),
            turns: Arc::new(Semaphore::new(BLOCK.into())),
            _claim: None,
        }
    }

    /// The first lane of this server's block (or where it starts without one).
    #[must_use]
    pub fn first(&self) -> u16 {
        self.first
    }

    /// The first lane from the starting one that none of this server's transactions holds.
    /// [`Lanes::begin`] lets at most [`BLOCK`] transactions in at once, so one is always free;
    /// were none, the starting lane would be shared, and its lock waited for. The lane keeps
    /// `turn`, the transaction's place among those [`BLOCK`], until it is given back.
    fn take_lane(&self, turn: Option<OwnedSemaphorePermit>) -> Lane {
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
            _turn: turn,
        }
    }

    /// Begins a write transaction holding a lane: `BEGIN` and the lane's lock in one round trip.
    pub(crate) async fn begin(&self, pool: &PgPool) -> StoreResult<PgTx> {
        // The semaphore is never closed, so the permit always comes.
        let turn = Arc::clone(&self.turns).acquire_owned().await.ok();
        let lane = self.take_lane(turn);
        let open = format!(
            "BEGIN; SELECT pg_advisory_xact_lock({})",
            LOCK_KEY + i64::from(lane.number)
        );
        let tx = pool.begin_with(AssertSqlSafe(open)).await?;
        Ok(PgTx { tx, lane })
    }
}

/// The first block whose session lock is free, and the connection now holding it; `None` if
/// every block is claimed or the claim cannot be made.
async fn claim_block(opts: &PgConnectOptions) -> Option<(u16, PgConnection)> {
    let mut conn = PgConnection::connect_with(opts).await.ok()?;
    for block in 0..BLOCKS {
        let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(BLOCK_KEY + i64::from(block))
            .fetch_one(&mut conn)
            .await
            .ok()?;
        if got {
            return Some((block, conn));
        }
    }
    None
}

fn random_lane() -> u16 {
    let mut b = [0u8; 2];
    // Without randomness such a server starts at lane 0: slower, never wrong.
    getrandom::fill(&mut b).map_or(0, |()| u16::from_le_bytes(b) % LANES)
}

/// A lane taken by one transaction; given back when the transaction ends (the advisory lock
/// itself is released by PostgreSQL at commit or rollback).
#[derive(Debug)]
struct Lane {
    number: u16,
    owned: bool,
    lanes: Lanes,
    _turn: Option<OwnedSemaphorePermit>,
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
        let lanes = Lanes::starting_at(LANES - 2);
        let a = lanes.take_lane(None);
        let b = lanes.take_lane(None);
        let c = lanes.take_lane(None);
        assert_eq!((a.number, b.number, c.number), (LANES - 2, LANES - 1, 0));
        drop(b);
        assert_eq!(lanes.take_lane(None).number, LANES - 1);
        drop(a);
        drop(c);
        assert_eq!(
            lanes.take_lane(None).number,
            LANES - 2,
            "a quiet server keeps to one lane"
        );
    }

    #[test]
    fn when_every_lane_is_held_the_starting_one_is_shared() {
        let lanes = Lanes::starting_at(3);
        let all: Vec<Lane> = (0..LANES).map(|_| lanes.take_lane(None)).collect();
        assert_eq!(
            all.iter().map(|l| l.number).max(),
            Some(LANES - 1),
            "every lane is handed out before one is shared"
        );
        let extra = lanes.take_lane(None);
        assert_eq!(extra.number, 3);
        assert!(!extra.owned);
        drop(extra);
        drop(all);
        assert_eq!(lanes.take_lane(None).number, 3);
    }
}
