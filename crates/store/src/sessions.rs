//! Server-side sessions in the database, so that any server behind the load balancer
//! accepts a session made on another.

use chrono::{DateTime, Duration, Utc};
use motcua_domain::ids::{SessionId, UserId};
use serde::Serialize;
use sqlx::FromRow;

use crate::audit::{self, AuditContext};
use crate::db::{Db, Tx, now, on_pool, on_tx, on_write};
use crate::error::{StoreError, StoreResult};
use crate::secret::{new_token, token_hash};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Session {
    pub id: SessionId,
    pub user_id: UserId,
    /// Per-session secret from which the web layer derives or compares CSRF tokens.
    #[serde(skip)]
    pub csrf_secret: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A freshly created session and the token for the cookie. The token exists only here:
/// the database keeps its SHA-256.
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub session: Session,
}

#[derive(FromRow)]
struct SessionRow {
    session_id: String,
    user_id: String,
    csrf_secret: String,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    ip: Option<String>,
    user_agent: Option<String>,
}

impl TryFrom<SessionRow> for Session {
    type Error = StoreError;
    fn try_from(r: SessionRow) -> StoreResult<Self> {
        let bad = |e| StoreError::corrupt("session", e);
        Ok(Self {
            id: SessionId::parse(&r.session_id).map_err(bad)?,
            user_id: UserId::parse(&r.user_id).map_err(bad)?,
            csrf_secret: r.csrf_secret,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            expires_at: r.expires_at,
            ip: r.ip,
            user_agent: r.user_agent,
        })
    }
}

const INSERT: &str = "INSERT INTO session (session_id, token_hash, user_id, csrf_secret, \
     created_at, last_seen_at, expires_at, ip, user_agent) \
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)";
const SELECT_VALID: &str = "SELECT s.session_id, s.user_id, s.csrf_secret, s.created_at, \
     s.last_seen_at, s.expires_at, s.ip, s.user_agent \
     FROM session s JOIN app_user u ON u.user_id = s.user_id \
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.disabled = $4";
const TOUCH: &str = "UPDATE session SET last_seen_at = $2 WHERE session_id = $1";
const SELECT_BY_ID: &str = "SELECT session_id, user_id, csrf_secret, created_at, last_seen_at, \
     expires_at, ip, user_agent FROM session WHERE session_id = $1";
const DELETE: &str = "DELETE FROM session WHERE session_id = $1";
const DELETE_FOR_USER: &str = "DELETE FROM session WHERE user_id = $1";
const DELETE_EXPIRED: &str = "DELETE FROM session WHERE expires_at <= $1 OR last_seen_at <= $2";
const USER_ENABLED: &str = "SELECT COUNT(*) FROM app_user WHERE user_id = $1 AND disabled = $2";

/// Logs a user in: a new session valid until `now + lifetime`. Audited as `session.create`.
pub async fn create(
    tx: &mut Tx,
    ctx: &AuditContext,
    user_id: UserId,
    lifetime: Duration,
    ip: Option<String>,
    user_agent: Option<String>,
) -> StoreResult<NewSession> {
    let enabled: i64 = on_tx!(tx, c => {
        sqlx::query_scalar(USER_ENABLED)
            .bind(user_id.to_string())
            .bind(false)
            .fetch_one(&mut *c)
            .await?
    });
    if enabled == 0 {
        return Err(StoreError::NotFound { entity: "user" });
    }
    let token = new_token("")?;
    let t = now();
    let session = Session {
        id: SessionId::new(),
        user_id,
        csrf_secret: new_token("")?,
        created_at: t,
        last_seen_at: t,
        expires_at: t + lifetime,
        ip,
        user_agent,
    };
    on_tx!(tx, c => {
        sqlx::query(INSERT)
            .bind(session.id.to_string())
            .bind(token_hash(&token))
            .bind(user_id.to_string())
            .bind(&session.csrf_secret)
            .bind(t)
            .bind(session.expires_at)
            .bind(&session.ip)
            .bind(&session.user_agent)
            .execute(&mut *c)
            .await?;
    });
    audit::record::<Session, _>(
        tx,
        ctx,
        "session.create",
        "session",
        &session.id.to_string(),
        None,
        Some(&session),
    )
    .await?;
    Ok(NewSession { token, session })
}

/// The session for a cookie token, if it exists, has not expired, has been used within
/// `idle_timeout`, and its user is not disabled. Does not touch it.
pub async fn find_valid(
    db: &Db,
    token: &str,
    at: DateTime<Utc>,
    idle_timeout: Duration,
) -> StoreResult<Option<Session>> {
    let row: Option<SessionRow> = on_pool!(db, p => {
        sqlx::query_as(SELECT_VALID)
            .bind(token_hash(token))
            .bind(at)
            .bind(at - idle_timeout)
            .bind(false)
            .fetch_optional(p)
            .await?
    });
    row.map(Session::try_from).transpose()
}

/// Records activity (resets the idle timer). Not audited: it happens on every request.
pub async fn touch(db: &Db, id: SessionId, at: DateTime<Utc>) -> StoreResult<()> {
    let n = on_write!(db, p => {
        sqlx::query(TOUCH).bind(id.to_string()).bind(at).execute(&mut *p).await?.rows_affected()
    });
    if n == 0 {
        return Err(StoreError::NotFound { entity: "session" });
    }
    Ok(())
}

/// Logs out one session. Audited as `session.delete`.
pub async fn delete(tx: &mut Tx, ctx: &AuditContext, id: SessionId) -> StoreResult<()> {
    let row: Option<SessionRow> = on_tx!(tx, c => {
        let row = sqlx::query_as(SELECT_BY_ID).bind(id.to_string()).fetch_optional(&mut *c).await?;
        sqlx::query(DELETE).bind(id.to_string()).execute(&mut *c).await?;
        row
    });
    let before = Session::try_from(row.ok_or(StoreError::NotFound { entity: "session" })?)?;
    audit::record::<_, Session>(
        tx,
        ctx,
        "session.delete",
        "session",
        &id.to_string(),
        Some(&before),
        None,
    )
    .await?;
    Ok(())
}

/// Logs a user out everywhere; returns how many sessions ended.
pub async fn delete_all_for_user(
    tx: &mut Tx,
    ctx: &AuditContext,
    user: UserId,
) -> StoreResult<u64> {
    let n = on_tx!(tx, c => {
        sqlx::query(DELETE_FOR_USER).bind(user.to_string()).execute(&mut *c).await?.rows_affected()
    });
    audit::record::<(), _>(
        tx,
        ctx,
        "session.delete_all",
        "user",
        &user.to_string(),
        None,
        Some(&serde_json::json!({ "ended": n })),
    )
    .await?;
    Ok(n)
}

/// Housekeeping for a scheduled job: removes sessions that can no longer be used.
pub async fn delete_expired(
    db: &Db,
    at: DateTime<Utc>,
    idle_timeout: Duration,
) -> StoreResult<u64> {
    Ok(on_write!(db, p => {
        sqlx::query(DELETE_EXPIRED)
            .bind(at)
            .bind(at - idle_timeout)
            .execute(&mut *p)
            .await?
            .rows_affected()
    }))
}
