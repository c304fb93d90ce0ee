//! One-time codes sent to a phone or address, to confirm a new account or reset a forgotten
//! password. The caller digests the ticket and the code with a key this module never sees; the
//! rows hold only those digests. Not audited on their own: the account they create or change
//! is.

use chrono::{DateTime, Duration, Utc};
use motcua_domain::ids::UserId;
use sqlx::FromRow;

use crate::db::{Db, Tx, on_pool, on_tx};
use crate::error::{StoreError, StoreResult};

/// A code about to be stored.
#[derive(Clone, Debug)]
pub struct NewCode {
    pub ticket_mac: String,
    pub purpose: &'static str,
    pub contact: String,
    pub user: Option<UserId>,
    pub full_name: Option<String>,
    pub password_hash: Option<String>,
    pub code_mac: String,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// The columns of [`OpenCode`].
const OPEN_COLUMNS: &str = "code_id, purpose, contact, user_id, full_name, password_hash, \
    code_mac, tries, expires_at";

/// A stored code, unused.
#[derive(Clone, Debug, FromRow)]
pub struct OpenCode {
    pub code_id: String,
    pub purpose: String,
    pub contact: String,
    pub user_id: Option<String>,
    pub full_name: Option<String>,
    pub password_hash: Option<String>,
    pub code_mac: String,
    pub tries: i64,
    pub expires_at: DateTime<Utc>,
}

impl OpenCode {
    pub fn user(&self) -> StoreResult<Option<UserId>> {
        self.user_id
            .as_deref()
            .map(UserId::parse)
            .transpose()
            .map_err(|e| StoreError::corrupt("account_code", e))
    }
}

/// How long a spent or expired row stays, for the per-contact and per-address counts.
const KEEP_AFTER_EXPIRY: Duration = Duration::days(1);

/// Stores a code and returns its id; rows long expired go in the same transaction.
pub async fn create(tx: &mut Tx, new: NewCode) -> StoreResult<String> {
    const INSERT: &str = "INSERT INTO account_code (code_id, ticket_mac, purpose, contact, \
        user_id, full_name, password_hash, code_mac, tries, ip, created_at, expires_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $11)";
    const PURGE: &str = "DELETE FROM account_code WHERE expires_at < $1";
    let id = uuid::Uuid::now_v7().to_string();
    on_tx!(tx, c => {
        sqlx::query(PURGE)
            .bind(new.created_at - KEEP_AFTER_EXPIRY)
            .execute(&mut *c)
            .await?;
        sqlx::query(INSERT)
            .bind(&id)
            .bind(&new.ticket_mac)
            .bind(new.purpose)
            .bind(&new.contact)
            .bind(new.user.map(|u| u.to_string()))
            .bind(&new.full_name)
            .bind(&new.password_hash)
            .bind(&new.code_mac)
            .bind(&new.ip)
            .bind(new.created_at)
            .bind(new.expires_at)
            .execute(&mut *c)
            .await?;
    });
    Ok(id)
}

/// Codes asked for since `since`: to this contact, and from this network address.
pub async fn recent_counts(
    db: &Db,
    contact: &str,
    ip: &str,
    since: DateTime<Utc>,
) -> StoreResult<(i64, i64)> {
    const BY_CONTACT: &str =
        "SELECT COUNT(*) FROM account_code WHERE contact = $1 AND created_at > $2";
    const BY_IP: &str = "SELECT COUNT(*) FROM account_code WHERE ip = $1 AND created_at > $2";
    on_pool!(db, p => {
        let a: i64 = sqlx::query_scalar(BY_CONTACT).bind(contact).bind(since).fetch_one(p).await?;
        let b: i64 = sqlx::query_scalar(BY_IP).bind(ip).bind(since).fetch_one(p).await?;
        Ok((a, b))
    })
}

/// The unused code a ticket names, for this purpose, with its row locked for the caller's
/// transaction on PostgreSQL (two tries at once count as two).
pub async fn find_open(
    tx: &mut Tx,
    ticket_mac: &str,
    purpose: &'static str,
) -> StoreResult<Option<OpenCode>> {
    let sql = format!(
        "SELECT {OPEN_COLUMNS} FROM account_code \
         WHERE ticket_mac = $1 AND purpose = $2 AND used_at IS NULL{}",
        if matches!(tx, Tx::Postgres(_)) {
            " FOR UPDATE"
        } else {
            ""
        }
    );
    let row: Option<OpenCode> = on_tx!(tx, c => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(ticket_mac)
            .bind(purpose)
            .fetch_optional(&mut *c)
            .await?
    });
    Ok(row)
}

/// The unused code a ticket names, read without a transaction: for showing where it went.
pub async fn peek(
    db: &Db,
    ticket_mac: &str,
    purpose: &'static str,
) -> StoreResult<Option<OpenCode>> {
    let sql = format!(
        "SELECT {OPEN_COLUMNS} FROM account_code \
         WHERE ticket_mac = $1 AND purpose = $2 AND used_at IS NULL"
    );
    let row: Option<OpenCode> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ticket_mac).bind(purpose).fetch_optional(p).await?
    });
    Ok(row)
}

/// Counts one wrong code against the ticket.
pub async fn add_try(tx: &mut Tx, code_id: &str) -> StoreResult<()> {
    const SQL: &str = "UPDATE account_code SET tries = tries + 1 WHERE code_id = $1";
    on_tx!(tx, c => {
        sqlx::query(SQL).bind(code_id).execute(&mut *c).await?;
    });
    Ok(())
}

/// Spends the code: it never works again.
pub async fn mark_used(tx: &mut Tx, code_id: &str, at: DateTime<Utc>) -> StoreResult<()> {
    const SQL: &str = "UPDATE account_code SET used_at = $2 WHERE code_id = $1";
    on_tx!(tx, c => {
        sqlx::query(SQL).bind(code_id).bind(at).execute(&mut *c).await?;
    });
    Ok(())
}

/// The account an OpenID Connect identity signs in to, if it has signed in before.
pub async fn oidc_user(db: &Db, issuer: &str, subject: &str) -> StoreResult<Option<UserId>> {
    const SQL: &str = "SELECT user_id FROM oidc_identity WHERE issuer = $1 AND subject = $2";
    let id: Option<String> = on_pool!(db, p => {
        sqlx::query_scalar(SQL).bind(issuer).bind(subject).fetch_optional(p).await?
    });
    id.as_deref()
        .map(UserId::parse)
        .transpose()
        .map_err(|e| StoreError::corrupt("oidc_identity", e))
}

/// Links an OpenID Connect identity to an account.
pub async fn link_oidc(
    tx: &mut Tx,
    issuer: &str,
    subject: &str,
    user: UserId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO oidc_identity (issuer, subject, user_id, created_at) \
        VALUES ($1, $2, $3, $4)";
    on_tx!(tx, c => {
        sqlx::query(SQL)
            .bind(issuer)
            .bind(subject)
            .bind(user.to_string())
            .bind(at)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}
