//! Leases and once-only job slots, so that several servers on one PostgreSQL run each
//! scheduled job exactly once.
//!
//! A lease is taken with a single conditional upsert: the row is inserted if absent, or taken
//! over if it has expired (or already belongs to the caller, which renews it). Concurrent
//! callers serialise on the row, and the loser's condition is false, so it gets no row back.

use chrono::{DateTime, Duration, Utc};

use crate::db::{Db, on_pool, on_write};
use crate::error::StoreResult;

const ACQUIRE: &str = "INSERT INTO job_lease (name, holder, expires_at) VALUES ($1, $2, $3) \
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
     WHERE job_lease.expires_at <= $4 OR job_lease.holder = excluded.holder \
     RETURNING holder";
const RELEASE: &str = "DELETE FROM job_lease WHERE name = $1 AND holder = $2";
const HOLDER: &str = "SELECT holder FROM job_lease WHERE name = $1 AND expires_at > $2";
const RECORD_RUN: &str = "INSERT INTO job_run (name, slot, holder, started_at) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (name, slot) DO NOTHING RETURNING name";

/// Takes (or renews) the lease `name` for `holder` until `now + ttl`. True if `holder` now
/// holds it; false if another holder's lease is still running.
pub async fn try_acquire_lease(
    db: &Db,
    name: &str,
    holder: &str,
    ttl: Duration,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let won: Option<String> = on_write!(db, p => {
        sqlx::query_scalar(ACQUIRE)
            .bind(name)
            .bind(holder)
            .bind(now + ttl)
            .bind(now)
            .fetch_optional(&mut *p)
            .await?
    });
    Ok(won.is_some())
}

/// Gives the lease up early (only if `holder` holds it). True if it did.
pub async fn release_lease(db: &Db, name: &str, holder: &str) -> StoreResult<bool> {
    let n = on_write!(db, p => {
        sqlx::query(RELEASE).bind(name).bind(holder).execute(&mut *p).await?.rows_affected()
    });
    Ok(n > 0)
}

/// Who holds the lease at `now`, if anyone.
pub async fn lease_holder(db: &Db, name: &str, now: DateTime<Utc>) -> StoreResult<Option<String>> {
    Ok(on_pool!(db, p => {
        sqlx::query_scalar(HOLDER).bind(name).bind(now).fetch_optional(p).await?
    }))
}

/// Claims the run of job `name` for `slot` (e.g. "2026-03-02" for a daily job). True for
/// exactly one caller per (name, slot), across all servers and restarts.
pub async fn record_job_run(
    db: &Db,
    name: &str,
    slot: &str,
    holder: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let claimed: Option<String> = on_write!(db, p => {
        sqlx::query_scalar(RECORD_RUN)
            .bind(name)
            .bind(slot)
            .bind(holder)
            .bind(now)
            .fetch_optional(&mut *p)
            .await?
    });
    Ok(claimed.is_some())
}
