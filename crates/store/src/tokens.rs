//! API tokens for integrations: shown once, stored as SHA-256, scoped, revocable, and expiring
//! ([`DEFAULT_LIFETIME_DAYS`] unless the operator chooses otherwise).

use chrono::{DateTime, Utc};
use motcua_domain::DomainError;
use motcua_domain::ids::{ApiTokenId, UserId};
use motcua_domain::message::Text;
use motcua_domain::role::RoleGrant;
use serde::Serialize;
use sqlx::FromRow;

use crate::audit::{self, AuditContext};
use crate::cache::{GENERATION_COLUMN, Generation};
use crate::db::{Db, Tx, now, on_pool, on_tx, on_write};
use crate::error::{StoreError, StoreResult};
use crate::secret::{new_token, token_hash};
use crate::users::{USER_GRANT_COLUMNS, USER_GRANT_ORDER, User, UserGrantRow, fold_grants};

/// Prefix that makes leaked tokens recognisable to secret scanners and to people.
pub const TOKEN_PREFIX: &str = "mct_";

/// How long a new token lives when its creator does not say: a leaked integration token stops
/// working on its own within a quarter, and the integrator gets [`WARN_DAYS`] of warnings.
/// Migration 0010 gave tokens that had no expiry this lifetime from the day it ran.
pub const DEFAULT_LIFETIME_DAYS: u32 = 90;

/// A token that expires within this many days is marked in `motcua token list` and its API
/// answers carry a `Warning` header.
pub const WARN_DAYS: i64 = 14;

/// The longest lifetime a token may be given. Without a cap, an expiry in the year 9999 would
/// be a non-expiring token by another name; a key that must outlive this is re-issued.
pub const MAX_LIFETIME_DAYS: i64 = 730;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: ApiTokenId,
    /// The token acts as this user, limited to `scopes`.
    pub user_id: UserId,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Operational, kept to the minute and out of the audit trail.
    #[serde(skip)]
    pub last_used_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    /// Whether the recorded last use is more than a minute before `now`.
    #[must_use]
    pub fn use_is_stale(&self, now: DateTime<Utc>) -> bool {
        self.last_used_at
            .is_none_or(|t| now - t > chrono::Duration::seconds(60))
    }

    /// Whether the token no longer opens the API at `now`.
    #[must_use]
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|e| e <= now)
    }

    /// The expiry, when it is less than [`WARN_DAYS`] away (and not yet past) at `now`.
    #[must_use]
    pub fn expires_soon(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.expires_at
            .filter(|e| *e > now && *e - now <= chrono::Duration::days(WARN_DAYS))
    }

    #[must_use]
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// A created token with its plaintext, which is shown once and never stored.
#[derive(Debug)]
pub struct NewApiToken {
    pub plaintext: String,
    pub token: ApiToken,
}

/// A scope is a short machine word like `catalogue:read`.
pub fn parse_scope(s: &str) -> Result<String, DomainError> {
    let s = s.trim();
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | ':' | '-')
        });
    if ok {
        Ok(s.to_owned())
    } else {
        Err(DomainError::invalid(
            "scopes",
            Text::with("validation-token-scope", vec![("shown", s.into())]),
        ))
    }
}

#[derive(FromRow)]
struct TokenRow {
    token_id: String,
    user_id: String,
    name: String,
    scopes: String,
    created_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    last_used_at: Option<DateTime<Utc>>,
}

impl TryFrom<TokenRow> for ApiToken {
    type Error = StoreError;
    fn try_from(r: TokenRow) -> StoreResult<Self> {
        let bad = |e| StoreError::corrupt("api_token", e);
        Ok(Self {
            id: ApiTokenId::parse(&r.token_id).map_err(bad)?,
            user_id: UserId::parse(&r.user_id).map_err(bad)?,
            name: r.name,
            scopes: r.scopes.split_whitespace().map(str::to_owned).collect(),
            created_at: r.created_at,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
            last_used_at: r.last_used_at,
        })
    }
}

const INSERT: &str = "INSERT INTO api_token (token_id, token_hash, user_id, name, scopes, \
     created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
const USER_EXISTS: &str = "SELECT COUNT(*) FROM app_user WHERE user_id = $1";
const SELECT_BY_ID: &str = "SELECT token_id, user_id, name, scopes, created_at, expires_at, \
     revoked_at, last_used_at FROM api_token WHERE token_id = $1";
const SELECT_FOR_USER: &str = "SELECT token_id, user_id, name, scopes, created_at, expires_at, \
     revoked_at, last_used_at FROM api_token WHERE user_id = $1 ORDER BY created_at";
const REVOKE: &str = "UPDATE api_token SET revoked_at = $2 WHERE token_id = $1";
const MARK_USED: &str = "UPDATE api_token SET last_used_at = $2 WHERE token_id = $1";

/// Creates a token for `user`; scopes are checked with [`parse_scope`]. Every token expires:
/// at `expires_at`, which must be after now and at most [`MAX_LIFETIME_DAYS`] away, or, when
/// `None`, [`DEFAULT_LIFETIME_DAYS`] from now.
pub async fn create(
    tx: &mut Tx,
    ctx: &AuditContext,
    user: UserId,
    name: &str,
    scopes: &[String],
    expires_at: Option<DateTime<Utc>>,
) -> StoreResult<NewApiToken> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DomainError::invalid("name", Text::id("validation-token-name")).into());
    }
    let scopes = scopes
        .iter()
        .map(|s| parse_scope(s))
        .collect::<Result<Vec<_>, _>>()?;
    let created_at = now();
    let expires_at = match expires_at {
        None => created_at + chrono::Duration::days(i64::from(DEFAULT_LIFETIME_DAYS)),
        Some(e) if e <= created_at => {
            return Err(DomainError::invalid(
                "expires_at",
                Text::id("validation-token-expiry_past"),
            )
            .into());
        }
        Some(e) if e - created_at > chrono::Duration::days(MAX_LIFETIME_DAYS) => {
            return Err(DomainError::invalid(
                "expires_at",
                Text::with(
                    "validation-token-expiry_too_far",
                    vec![("days", MAX_LIFETIME_DAYS.into())],
                ),
            )
            .into());
        }
        Some(e) => e,
    };
    let n: i64 = on_tx!(tx, c => {
        sqlx::query_scalar(USER_EXISTS).bind(user.to_string()).fetch_one(&mut *c).await?
    });
    if n == 0 {
        return Err(StoreError::NotFound { entity: "user" });
    }
    let plaintext = new_token(TOKEN_PREFIX)?;
    let token = ApiToken {
        id: ApiTokenId::new(),
        user_id: user,
        name: name.to_owned(),
        scopes,
        created_at,
        expires_at: Some(expires_at),
        revoked_at: None,
        last_used_at: None,
    };
    on_tx!(tx, c => {
        sqlx::query(INSERT)
            .bind(token.id.to_string())
            .bind(token_hash(&plaintext))
            .bind(user.to_string())
            .bind(&token.name)
            .bind(token.scopes.join(" "))
            .bind(token.created_at)
            .bind(token.expires_at)
            .execute(&mut *c)
            .await?;
    });
    audit::record::<ApiToken, _>(
        tx,
        ctx,
        "api_token.create",
        "api_token",
        &token.id.to_string(),
        None,
        Some(&token),
    )
    .await?;
    Ok(NewApiToken { plaintext, token })
}

/// A valid token with the account it acts as and that account's role grants.
#[derive(Clone, Debug)]
pub struct TokenHolder {
    pub token: ApiToken,
    pub user: User,
    pub grants: Vec<RoleGrant>,
    /// The units and procedures as of this query, for [`crate::cache::ReferenceCache`].
    pub cache: Generation,
}

/// What a bearer token turned out to be.
#[derive(Clone, Debug)]
pub enum TokenLookup {
    /// No unrevoked token of an enabled account has this plaintext.
    Unknown,
    /// The token exists but its expiry has passed: the caller says so, so that the integrator
    /// knows to ask for a new one rather than hunt for a typo.
    Expired(ApiToken),
    Valid(TokenHolder),
}

impl TokenLookup {
    /// The holder of a token that opens the API now, if it does.
    #[must_use]
    pub fn valid(self) -> Option<TokenHolder> {
        match self {
            Self::Valid(h) => Some(h),
            Self::Unknown | Self::Expired(_) => None,
        }
    }
}

/// The unrevoked token of an enabled account with this plaintext, with the account and its
/// grants, in one query: every API call asks for all three. Expiry is judged at `at`.
pub async fn find_by_plaintext(
    db: &Db,
    plaintext: &str,
    at: DateTime<Utc>,
) -> StoreResult<TokenLookup> {
    #[derive(FromRow)]
    struct Row {
        token_id: String,
        token_user_id: String,
        token_name: String,
        scopes: String,
        token_created_at: DateTime<Utc>,
        expires_at: Option<DateTime<Utc>>,
        revoked_at: Option<DateTime<Utc>>,
        last_used_at: Option<DateTime<Utc>>,
        catalog_generation: i64,
        #[sqlx(flatten)]
        account: UserGrantRow,
    }
    let sql = format!(
        "SELECT t.token_id, t.user_id AS token_user_id, t.name AS token_name, t.scopes, t.created_at AS token_created_at, \
         t.expires_at, t.revoked_at, t.last_used_at, {GENERATION_COLUMN}, {USER_GRANT_COLUMNS} \
         FROM api_token t JOIN app_user u ON u.user_id = t.user_id \
         LEFT JOIN role_grant g ON g.user_id = u.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = $2 \
         ORDER BY {USER_GRANT_ORDER}"
    );
    let rows: Vec<Row> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(token_hash(plaintext))
            .bind(false)
            .fetch_all(p)
            .await?
    });
    let Some(first) = rows.first() else {
        return Ok(TokenLookup::Unknown);
    };
    let token = ApiToken::try_from(TokenRow {
        token_id: first.token_id.clone(),
        user_id: first.token_user_id.clone(),
        name: first.token_name.clone(),
        scopes: first.scopes.clone(),
        created_at: first.token_created_at,
        expires_at: first.expires_at,
        revoked_at: first.revoked_at,
        last_used_at: first.last_used_at,
    })?;
    if token.is_expired(at) {
        return Ok(TokenLookup::Expired(token));
    }
    let cache = Generation(first.catalog_generation);
    let Some((user, grants)) = fold_grants(rows.into_iter().map(|r| r.account).collect())? else {
        return Ok(TokenLookup::Unknown);
    };
    Ok(TokenLookup::Valid(TokenHolder {
        token,
        user,
        grants,
        cache,
    }))
}

/// Notes when a token was last used (operational, not audited). Callers note it at most once a
/// minute (see [`ApiToken::use_is_stale`]): a write per API call would cost a durable commit each.
pub async fn mark_used(db: &Db, id: ApiTokenId, at: DateTime<Utc>) -> StoreResult<()> {
    on_write!(db, p => {
        sqlx::query(MARK_USED).bind(id.to_string()).bind(at).execute(&mut *p).await?;
    });
    Ok(())
}

pub async fn revoke(tx: &mut Tx, ctx: &AuditContext, id: ApiTokenId) -> StoreResult<ApiToken> {
    let row: Option<TokenRow> = on_tx!(tx, c => {
        sqlx::query_as(SELECT_BY_ID).bind(id.to_string()).fetch_optional(&mut *c).await?
    });
    let before = ApiToken::try_from(row.ok_or(StoreError::NotFound {
        entity: "api_token",
    })?)?;
    if before.revoked_at.is_some() {
        return Ok(before);
    }
    let mut after = before.clone();
    after.revoked_at = Some(now());
    on_tx!(tx, c => {
        sqlx::query(REVOKE).bind(id.to_string()).bind(after.revoked_at).execute(&mut *c).await?;
    });
    audit::record(
        tx,
        ctx,
        "api_token.revoke",
        "api_token",
        &id.to_string(),
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

pub async fn list_for_user(db: &Db, user: UserId) -> StoreResult<Vec<ApiToken>> {
    let rows: Vec<TokenRow> = on_pool!(db, p => {
        sqlx::query_as(SELECT_FOR_USER).bind(user.to_string()).fetch_all(p).await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}
