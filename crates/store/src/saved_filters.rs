//! A person's saved queue filters: a name and the queue page's query string.

use chrono::{DateTime, Utc};
use motcua_domain::ids::UserId;
use motcua_domain::message::Text;

use crate::db::{Db, on_pool, on_write};
use crate::error::{OnConflict, StoreError, StoreResult};

/// The most filters one person keeps.
pub const MAX_PER_USER: i64 = 20;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedFilter {
    pub id: String,
    pub name: String,
    pub query: String,
}

/// Saves a filter under a name the person has not used yet.
pub async fn save(
    db: &Db,
    user: UserId,
    name: &str,
    query: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO saved_filter (filter_id, user_id, name, query, created_at) \
        VALUES ($1, $2, $3, $4, $5)";
    on_write!(db, c => {
        sqlx::query(SQL)
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(user.to_string())
            .bind(name)
            .bind(query)
            .bind(at)
            .execute(&mut *c)
            .await
            .map(|_| ())
    })
    .map_err(StoreError::from)
    .on_unique(
        "saved_filter",
        "name",
        Text::id("store-conflict-saved_filter_name"),
    )
}

/// The person's filters, in the order they were saved.
pub async fn list(db: &Db, user: UserId) -> StoreResult<Vec<SavedFilter>> {
    const SQL: &str =
        "SELECT filter_id, name, query FROM saved_filter WHERE user_id = $1 ORDER BY created_at";
    let rows: Vec<(String, String, String)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(user.to_string()).fetch_all(p).await?
    });
    Ok(rows
        .into_iter()
        .map(|(id, name, query)| SavedFilter { id, name, query })
        .collect())
}

/// Deletes one of the person's filters; another person's is left alone.
pub async fn delete(db: &Db, user: UserId, id: &str) -> StoreResult<()> {
    const SQL: &str = "DELETE FROM saved_filter WHERE filter_id = $1 AND user_id = $2";
    on_write!(db, c => {
        sqlx::query(SQL)
            .bind(id)
            .bind(user.to_string())
            .execute(&mut *c)
            .await
            .map(|_| ())
    })
    .map_err(StoreError::from)
}
