//! The only place where the two SQL dialects differ. Everything else is portable SQL.

use crate::db::Tx;
use crate::error::StoreResult;

/// Advisory-lock key for the audit chain ("motcua-audit" as digits, any constant will do).
const AUDIT_LOCK_KEY: i64 = 0x6d6f_7463_7561_0001;

/// Serialises audit appends so that two transactions cannot both chain onto the same last
/// entry. On SQLite the write transaction (BEGIN IMMEDIATE) already holds the only write lock;
/// on PostgreSQL a transaction-scoped advisory lock does it, released at commit or rollback.
pub(crate) async fn lock_audit_chain(tx: &mut Tx) -> StoreResult<()> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(AUDIT_LOCK_KEY)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}
