//! Uploaded files, stored once per content hash.

use chrono::{DateTime, Utc};

use super::StoredFile;
use crate::db::{Db, Tx, on_pool, on_tx};
use crate::error::{StoreError, StoreResult};

/// Stores a file's content once; a second upload of the same bytes costs nothing.
pub async fn store_file(tx: &mut Tx, file: &StoredFile, now: DateTime<Utc>) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO stored_file (sha256, kind, size_bytes, content, created_at) \
        VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING";
    let size = i64::try_from(file.content.len()).unwrap_or(i64::MAX);
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(&file.sha256)
            .bind(&file.kind)
            .bind(size)
            .bind(&file.content)
            .bind(now)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

pub async fn get_file(db: &Db, sha256: &str) -> StoreResult<StoredFile> {
    const SQL: &str = "SELECT sha256, kind, content FROM stored_file WHERE sha256 = $1";
    let row: Option<(String, String, Vec<u8>)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(sha256).fetch_optional(p).await?
    });
    let (sha256, kind, content) = row.ok_or(StoreError::NotFound { entity: "file" })?;
    Ok(StoredFile {
        sha256,
        kind,
        content,
    })
}
