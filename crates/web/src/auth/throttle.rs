//! Login rate limiting by client address, counted in the database (the store's
//! `login_attempt` table) so that every server sees the same count.

use chrono::{DateTime, Utc};
use motcua_store::{Db, StoreResult};

const FAILURES_FROM_IP: &str = "SELECT COUNT(*) FROM login_attempt \
     WHERE ip = $1 AND success = $2 AND attempted_at > $3";

// TODO(store): move next to `users::recent_failures` as `users::recent_failures_from_ip`.
/// Failed attempts from `ip` after `since`, whatever login they named.
pub async fn failures_from_ip(db: &Db, ip: &str, since: DateTime<Utc>) -> StoreResult<i64> {
    Ok(match db {
        Db::Sqlite(p, _) => {
            sqlx::query_scalar(FAILURES_FROM_IP)
                .bind(ip)
                .bind(false)
                .bind(since)
                .fetch_one(p)
                .await?
        }
        Db::Postgres(p, _) => {
            sqlx::query_scalar(FAILURES_FROM_IP)
                .bind(ip)
                .bind(false)
                .bind(since)
                .fetch_one(p)
                .await?
        }
    })
}
