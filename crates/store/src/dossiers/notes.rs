//! Internal notes on a dossier, for its officers only.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{DossierId, UserId};

use crate::db::{Db, Tx, on_pool, on_tx};
use crate::error::StoreResult;

/// One internal note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteRecord {
    pub author: Option<UserId>,
    pub author_name: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

pub async fn add_note(tx: &mut Tx, id: DossierId, note: &NoteRecord) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO dossier_note \
        (note_id, dossier_id, author_id, author_name, body, created_at) \
        VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(id.to_string())
            .bind(note.author.map(|u| u.to_string()))
            .bind(&note.author_name)
            .bind(&note.body)
            .bind(note.at)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// The dossier's notes, oldest first.
pub async fn notes(db: &Db, id: DossierId) -> StoreResult<Vec<NoteRecord>> {
    const SQL: &str = "SELECT author_id, author_name, body, created_at FROM dossier_note \
        WHERE dossier_id = $1 ORDER BY created_at, note_id";
    let rows: Vec<(Option<String>, String, String, DateTime<Utc>)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(id.to_string()).fetch_all(p).await?
    });
    Ok(rows
        .into_iter()
        .map(|(author, author_name, body, at)| NoteRecord {
            author: author.and_then(|a| UserId::parse(&a).ok()),
            author_name,
            body,
            at,
        })
        .collect())
}
