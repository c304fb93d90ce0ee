//! One petition: by id or code, its timeline and its named handlers.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{PetitionId, UserId};

use super::rows::{COLUMNS, PetitionRow, opt, parse_id};
use super::{PetitionEvent, PetitionRecord};
use crate::db::{Db, on_pool};
use crate::error::{StoreError, StoreResult};

pub(super) async fn fetch_where(db: &Db, column: &str, value: &str) -> StoreResult<PetitionRecord> {
    let sql = format!("SELECT {COLUMNS} FROM petition WHERE {column} = $1");
    let row: Option<PetitionRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(value).fetch_optional(p).await?
    });
    row.ok_or(StoreError::NotFound { entity: "petition" })?
        .try_into()
}

pub async fn get(db: &Db, id: PetitionId) -> StoreResult<PetitionRecord> {
    fetch_where(db, "petition_id", &id.to_string()).await
}

pub async fn get_by_code(db: &Db, code: &str) -> StoreResult<PetitionRecord> {
    fetch_where(db, "code", code).await
}

pub async fn events(db: &Db, id: PetitionId) -> StoreResult<Vec<PetitionEvent>> {
    type Row = (
        i64,
        DateTime<Utc>,
        String,
        Option<String>,
        String,
        Option<String>,
        String,
        String,
        String,
    );
    let rows: Vec<Row> = on_pool!(db, p => {
        sqlx::query_as("SELECT seq, at, action, actor_user_id, actor_name, from_status, \
                        to_status, note, details FROM petition_event WHERE petition_id = $1 \
                        ORDER BY seq")
            .bind(id.to_string())
            .fetch_all(p)
            .await?
    });
    rows.into_iter()
        .map(|r| {
            Ok(PetitionEvent {
                seq: r.0,
                at: r.1,
                action: r.2,
                actor: opt(r.3.as_deref(), UserId::parse)?,
                actor_name: r.4,
                from_status: r.5,
                to_status: r.6,
                note: r.7,
                details: r.8,
            })
        })
        .collect()
}

pub async fn handlers(db: &Db, id: PetitionId) -> StoreResult<Vec<UserId>> {
    let rows: Vec<String> = on_pool!(db, p => {
        sqlx::query_scalar("SELECT user_id FROM petition_handler WHERE petition_id = $1 \
                            ORDER BY assigned_at, user_id")
            .bind(id.to_string())
            .fetch_all(p)
            .await?
    });
    rows.iter().map(|u| id_of(u)).collect()
}

pub(super) fn id_of(u: &str) -> StoreResult<UserId> {
    parse_id(u, UserId::parse)
}

/// The files sent with a petition, in the order they were sent.
pub async fn files(db: &Db, id: PetitionId) -> StoreResult<Vec<super::PetitionFile>> {
    const SQL: &str =
        "SELECT position, name, sha256 FROM petition_file WHERE petition_id = $1 ORDER BY position";
    let rows: Vec<(i64, String, String)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(id.to_string()).fetch_all(p).await?
    });
    rows.into_iter()
        .map(|(position, name, sha256)| {
            Ok(super::PetitionFile {
                position: u32::try_from(position)
                    .map_err(|e| StoreError::corrupt("petition_file", e))?,
                name,
                sha256,
            })
        })
        .collect()
}
