//! A citizen's saved drafts of online filings: one per person and procedure, what the form held
//! (as the page's own JSON) and when it was saved. Personal working state, like saved filters:
//! not audited, and nobody else reads it.

use chrono::{DateTime, Utc};
use motcua_domain::ids::UserId;

use crate::db::{Db, on_pool, on_write};
use crate::error::StoreResult;

/// The most drafts one person keeps.
pub const MAX_PER_USER: i64 = 20;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub procedure_code: String,
    /// What the form held, as the page wrote it.
    pub body: String,
    pub saved_at: DateTime<Utc>,
}

/// Saves the person's draft for a procedure, replacing the one saved before. Refused (`false`)
/// when the person already keeps [`MAX_PER_USER`] drafts of other procedures.
pub async fn save(
    db: &Db,
    user: UserId,
    procedure_code: &str,
    body: &str,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    const COUNT: &str =
        "SELECT COUNT(*) FROM filing_draft WHERE user_id = $1 AND procedure_code <> $2";
    const DELETE: &str = "DELETE FROM filing_draft WHERE user_id = $1 AND procedure_code = $2";
    const INSERT: &str = "INSERT INTO filing_draft (user_id, procedure_code, body, saved_at) \
        VALUES ($1, $2, $3, $4)";
    let user = user.to_string();
    on_write!(db, c => {
        let others: i64 = sqlx::query_scalar(COUNT)
            .bind(&user)
            .bind(procedure_code)
            .fetch_one(&mut *c)
            .await?;
        if others >= MAX_PER_USER {
            return Ok(false);
        }
        sqlx::query(DELETE).bind(&user).bind(procedure_code).execute(&mut *c).await?;
        sqlx::query(INSERT)
            .bind(&user)
            .bind(procedure_code)
            .bind(body)
            .bind(at)
            .execute(&mut *c)
            .await?;
    });
    Ok(true)
}

/// The person's draft for a procedure, if any.
pub async fn get(db: &Db, user: UserId, procedure_code: &str) -> StoreResult<Option<Draft>> {
    const SQL: &str = "SELECT procedure_code, body, saved_at FROM filing_draft \
        WHERE user_id = $1 AND procedure_code = $2";
    let row: Option<(String, String, DateTime<Utc>)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(user.to_string()).bind(procedure_code).fetch_optional(p).await?
    });
    Ok(row.map(|(procedure_code, body, saved_at)| Draft {
        procedure_code,
        body,
        saved_at,
    }))
}

/// The person's drafts, the latest first.
pub async fn list(db: &Db, user: UserId) -> StoreResult<Vec<Draft>> {
    const SQL: &str = "SELECT procedure_code, body, saved_at FROM filing_draft \
        WHERE user_id = $1 ORDER BY saved_at DESC";
    let rows: Vec<(String, String, DateTime<Utc>)> = on_pool!(db, p => {
        sqlx::query_as(SQL).bind(user.to_string()).fetch_all(p).await?
    });
    Ok(rows
        .into_iter()
        .map(|(procedure_code, body, saved_at)| Draft {
            procedure_code,
            body,
            saved_at,
        })
        .collect())
}

/// Deletes the person's draft for a procedure (none is no error).
pub async fn delete(db: &Db, user: UserId, procedure_code: &str) -> StoreResult<()> {
    const SQL: &str = "DELETE FROM filing_draft WHERE user_id = $1 AND procedure_code = $2";
    on_write!(db, c => {
        sqlx::query(SQL).bind(user.to_string()).bind(procedure_code).execute(&mut *c).await?;
    });
    Ok(())
}
