//! The record of who opened a protected identity, and why.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{PetitionId, UserId};

use super::read::id_of;
use crate::db::{Db, Tx, on_pool, on_tx};
use crate::error::StoreResult;

/// One reveal of a protected identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevealRecord {
    pub user: UserId,
    pub reason: String,
    pub at: DateTime<Utc>,
}

pub async fn record_reveal(
    tx: &mut Tx,
    id: PetitionId,
    user: UserId,
    reason: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    on_tx!(tx, c => {
        sqlx::query("INSERT INTO identity_reveal (reveal_id, petition_id, user_id, reason, at) \
                     VALUES ($1, $2, $3, $4, $5)")
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(id.to_string())
            .bind(user.to_string())
            .bind(reason)
            .bind(at)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

pub async fn reveals(db: &Db, id: PetitionId) -> StoreResult<Vec<RevealRecord>> {
    let rows: Vec<(String, String, DateTime<Utc>)> = on_pool!(db, p => {
        sqlx::query_as("SELECT user_id, reason, at FROM identity_reveal WHERE petition_id = $1 \
                        ORDER BY at")
            .bind(id.to_string())
            .fetch_all(p)
            .await?
    });
    rows.into_iter()
        .map(|(u, reason, at)| {
            Ok(RevealRecord {
                user: id_of(&u)?,
                reason,
                at,
            })
        })
        .collect()
}
