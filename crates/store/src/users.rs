//! People who log in, their role grants, and login attempts (for the login waits, shared across servers).

use chrono::{DateTime, Utc};
use motcua_domain::account::Login;
use motcua_domain::ids::{RoleGrantId, UnitId, UserId};
use motcua_domain::message::Text;
use motcua_domain::policy::Principal;
use motcua_domain::role::{Role, RoleGrant};
use serde::Serialize;
use sqlx::FromRow;

use crate::audit::{self, AuditContext};
use crate::db::{Db, Tx, now, on_pool, on_tx, on_write};
use crate::error::{OnConflict, StoreError, StoreResult};

/// A user as the rest of the program sees it. The password hash is deliberately absent: it
/// comes only with [`Credentials`], for the login check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub login: Login,
    pub full_name: String,
    pub email: Option<String>,
    /// The unit the person works in (officers) or none (citizens).
    pub unit: Option<UnitId>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the login check needs.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub user: User,
    /// PHC string (argon2id), computed and checked by the web crate.
    pub password_hash: String,
}

#[derive(Clone, Debug)]
pub struct NewUser {
    pub login: Login,
    pub full_name: String,
    pub email: Option<String>,
    pub password_hash: String,
    pub unit: Option<UnitId>,
}

#[derive(FromRow)]
struct UserRow {
    user_id: String,
    login: String,
    full_name: String,
    email: Option<String>,
    password_hash: String,
    unit_id: Option<String>,
    disabled: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl UserRow {
    fn into_credentials(self) -> StoreResult<Credentials> {
        let bad = |e| StoreError::corrupt("app_user", e);
        Ok(Credentials {
            user: User {
                id: UserId::parse(&self.user_id).map_err(bad)?,
                login: Login::parse(&self.login).map_err(bad)?,
                full_name: self.full_name,
                email: self.email,
                unit: self
                    .unit_id
                    .as_deref()
                    .map(UnitId::parse)
                    .transpose()
                    .map_err(bad)?,
                disabled: self.disabled,
                created_at: self.created_at,
                updated_at: self.updated_at,
            },
            password_hash: self.password_hash,
        })
    }
}

const INSERT: &str = "INSERT INTO app_user (user_id, login, full_name, email, password_hash, \
     unit_id, disabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)";
const SELECT_BY_ID: &str = "SELECT user_id, login, full_name, email, password_hash, unit_id, \
     disabled, created_at, updated_at FROM app_user WHERE user_id = $1";
const SELECT_BY_LOGIN: &str = "SELECT user_id, login, full_name, email, password_hash, unit_id, \
     disabled, created_at, updated_at FROM app_user WHERE login = $1";
const SELECT_BY_UNIT: &str = "SELECT user_id, login, full_name, email, password_hash, unit_id, \
     disabled, created_at, updated_at FROM app_user WHERE unit_id = $1 ORDER BY login";
const SELECT_ALL: &str = "SELECT user_id, login, full_name, email, password_hash, unit_id, \
     disabled, created_at, updated_at FROM app_user ORDER BY login";
const UNIT_EXISTS: &str = "SELECT COUNT(*) FROM unit WHERE unit_id = $1";
const UPDATE_PROFILE: &str = "UPDATE app_user SET full_name = $2, email = $3, unit_id = $4, \
     updated_at = $5 WHERE user_id = $1";
const UPDATE_PASSWORD: &str =
    "UPDATE app_user SET password_hash = $2, updated_at = $3 WHERE user_id = $1";
const UPDATE_DISABLED: &str =
    "UPDATE app_user SET disabled = $2, updated_at = $3 WHERE user_id = $1";
const DELETE_SESSIONS: &str = "DELETE FROM session WHERE user_id = $1";

const INSERT_GRANT: &str = "INSERT INTO role_grant (grant_id, user_id, role, unit_id, created_at) \
     VALUES ($1, $2, $3, $4, $5)";
const SELECT_GRANTS: &str = "SELECT grant_id, role, unit_id FROM role_grant WHERE user_id = $1 \
     ORDER BY created_at, grant_id";
const SELECT_GRANT: &str = "SELECT grant_id, role, unit_id FROM role_grant WHERE grant_id = $1";
const SELECT_GRANT_OWNER: &str = "SELECT user_id FROM role_grant WHERE grant_id = $1";
const DELETE_GRANT: &str = "DELETE FROM role_grant WHERE grant_id = $1";

const DELETE_ATTEMPTS_BEFORE: &str = "DELETE FROM login_attempt WHERE attempted_at < $1";
const INSERT_ATTEMPT: &str = "INSERT INTO login_attempt (attempt_id, login, attempted_at, \
     success, ip) VALUES ($1, $2, $3, $4, $5)";
const SELECT_PAIR_LAST_SUCCESS: &str = "SELECT MAX(attempted_at) FROM login_attempt \
     WHERE login = $1 AND ip = $2 AND success = $3";
const SELECT_PAIR_FAILURES: &str = "SELECT COUNT(*), MAX(attempted_at) FROM login_attempt \
     WHERE login = $1 AND ip = $2 AND success = $3 AND cleared_at IS NULL AND attempted_at > $4";
const SELECT_ADDRESS_FAILURES: &str = "SELECT COUNT(*), MAX(attempted_at) FROM login_attempt \
     WHERE ip = $1 AND success = $2 AND cleared_at IS NULL AND attempted_at > $3";
const CLEAR_FAILURES: &str = "UPDATE login_attempt SET cleared_at = $2 \
     WHERE login = $1 AND success = $3 AND cleared_at IS NULL";

async fn ensure_unit(tx: &mut Tx, unit: Option<UnitId>) -> StoreResult<()> {
    if let Some(u) = unit {
        let n: i64 = on_tx!(tx, c => {
            sqlx::query_scalar(UNIT_EXISTS).bind(u.to_string()).fetch_one(&mut *c).await?
        });
        if n == 0 {
            return Err(StoreError::NotFound { entity: "unit" });
        }
    }
    Ok(())
}

pub async fn get_in_tx(tx: &mut Tx, id: UserId) -> StoreResult<User> {
    let row: Option<UserRow> = on_tx!(tx, c => {
        sqlx::query_as(SELECT_BY_ID).bind(id.to_string()).fetch_optional(&mut *c).await?
    });
    Ok(row
        .ok_or(StoreError::NotFound { entity: "user" })?
        .into_credentials()?
        .user)
}

/// Creates a user. The login must be free and the unit (if any) must exist.
pub async fn create(tx: &mut Tx, ctx: &AuditContext, new: NewUser) -> StoreResult<User> {
    ensure_unit(tx, new.unit).await?;
    let t = now();
    let user = User {
        id: UserId::new(),
        login: new.login,
        full_name: new.full_name,
        email: new.email,
        unit: new.unit,
        disabled: false,
        created_at: t,
        updated_at: t,
    };
    let r: StoreResult<_> = on_tx!(tx, c => {
        sqlx::query(INSERT)
            .bind(user.id.to_string())
            .bind(user.login.as_str())
            .bind(&user.full_name)
            .bind(&user.email)
            .bind(&new.password_hash)
            .bind(user.unit.map(|u| u.to_string()))
            .bind(false)
            .bind(t)
            .execute(&mut *c)
            .await
            .map(|_| ())
            .map_err(StoreError::from)
    });
    r.on_unique("user", "login", Text::id("store-conflict-user_login"))?;
    audit::record::<User, User>(
        tx,
        ctx,
        "user.create",
        "user",
        &user.id.to_string(),
        None,
        Some(&user),
    )
    .await?;
    Ok(user)
}

pub async fn get(db: &Db, id: UserId) -> StoreResult<User> {
    let row: Option<UserRow> = on_pool!(db, p => {
        sqlx::query_as(SELECT_BY_ID).bind(id.to_string()).fetch_optional(p).await?
    });
    Ok(row
        .ok_or(StoreError::NotFound { entity: "user" })?
        .into_credentials()?
        .user)
}

/// One row of an account joined with its role grants (`app_user u LEFT JOIN role_grant g`);
/// the grant columns are null for an account without grants.
#[derive(FromRow)]
pub(crate) struct UserGrantRow {
    #[sqlx(flatten)]
    user: UserRow,
    grant_id: Option<String>,
    role: Option<String>,
    grant_unit_id: Option<String>,
}

/// The columns of [`UserGrantRow`], in a query over `app_user u LEFT JOIN role_grant g`, to be
/// ordered by [`USER_GRANT_ORDER`].
pub(crate) const USER_GRANT_COLUMNS: &str = "u.user_id, u.login, u.full_name, u.email, \
     u.password_hash, u.unit_id, u.disabled, u.created_at, u.updated_at, g.grant_id, g.role, \
     g.unit_id AS grant_unit_id";
pub(crate) const USER_GRANT_ORDER: &str = "g.created_at, g.grant_id";

/// The account of the first row and the grants of all of them; `None` for no rows.
pub(crate) fn fold_grants(rows: Vec<UserGrantRow>) -> StoreResult<Option<(User, Vec<RoleGrant>)>> {
    let mut grants = Vec::new();
    let mut user = None;
    for r in rows {
        if let (Some(grant_id), Some(role)) = (r.grant_id, r.role) {
            grants.push(RoleGrant::try_from(GrantRow {
                grant_id,
                role,
                unit_id: r.grant_unit_id,
            })?);
        }
        if user.is_none() {
            user = Some(r.user.into_credentials()?.user);
        }
    }
    Ok(user.map(|u| (u, grants)))
}

/// A user with their role grants, in one query: every authenticated request asks for both.
pub async fn get_with_grants(db: &Db, id: UserId) -> StoreResult<(User, Vec<RoleGrant>)> {
    let sql = format!(
        "SELECT {USER_GRANT_COLUMNS} FROM app_user u LEFT JOIN role_grant g \
         ON g.user_id = u.user_id WHERE u.user_id = $1 ORDER BY {USER_GRANT_ORDER}"
    );
    let rows: Vec<UserGrantRow> = on_pool!(db, p => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).fetch_all(p).await?
    });
    fold_grants(rows)?.ok_or(StoreError::NotFound { entity: "user" })
}

/// For the login check: the user and the password hash, or `None` if no such login.
/// (Disabled users are returned too; the caller says "account disabled" after a correct
/// password only, so that the message does not reveal which accounts exist.)
pub async fn find_by_login(db: &Db, login: &Login) -> StoreResult<Option<Credentials>> {
    let row: Option<UserRow> = on_pool!(db, p => {
        sqlx::query_as(SELECT_BY_LOGIN).bind(login.as_str()).fetch_optional(p).await?
    });
    row.map(UserRow::into_credentials).transpose()
}

pub async fn list_by_unit(db: &Db, unit: UnitId) -> StoreResult<Vec<User>> {
    let rows: Vec<UserRow> = on_pool!(db, p => {
        sqlx::query_as(SELECT_BY_UNIT).bind(unit.to_string()).fetch_all(p).await?
    });
    rows.into_iter()
        .map(|r| r.into_credentials().map(|c| c.user))
        .collect()
}

pub async fn list_all(db: &Db) -> StoreResult<Vec<User>> {
    let rows: Vec<UserRow> = on_pool!(db, p => {
        sqlx::query_as(SELECT_ALL).fetch_all(p).await?
    });
    rows.into_iter()
        .map(|r| r.into_credentials().map(|c| c.user))
        .collect()
}

/// Changes name, email and unit.
pub async fn update_profile(
    tx: &mut Tx,
    ctx: &AuditContext,
    id: UserId,
    full_name: String,
    email: Option<String>,
    unit: Option<UnitId>,
) -> StoreResult<User> {
    let before = get_in_tx(tx, id).await?;
    ensure_unit(tx, unit).await?;
    let t = now();
    on_tx!(tx, c => {
        sqlx::query(UPDATE_PROFILE)
            .bind(id.to_string())
            .bind(&full_name)
            .bind(&email)
            .bind(unit.map(|u| u.to_string()))
            .bind(t)
            .execute(&mut *c)
            .await?;
    });
    let after = get_in_tx(tx, id).await?;
    audit::record(
        tx,
        ctx,
        "user.update",
        "user",
        &id.to_string(),
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Stores a new password hash and ends every session of the user (a password change must
/// log out whoever else holds the old one).
pub async fn set_password_hash(
    tx: &mut Tx,
    ctx: &AuditContext,
    id: UserId,
    password_hash: &str,
) -> StoreResult<()> {
    let before = get_in_tx(tx, id).await?;
    on_tx!(tx, c => {
        sqlx::query(UPDATE_PASSWORD)
            .bind(id.to_string())
            .bind(password_hash)
            .bind(now())
            .execute(&mut *c)
            .await?;
        sqlx::query(DELETE_SESSIONS).bind(id.to_string()).execute(&mut *c).await?;
    });
    // The digests cover the public fields only: the hash itself never enters the log.
    let after = get_in_tx(tx, id).await?;
    audit::record(
        tx,
        ctx,
        "user.password",
        "user",
        &id.to_string(),
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(())
}

/// Disables (or re-enables) a user. Disabling also ends their sessions. Users are never
/// deleted: history refers to them.
pub async fn set_disabled(
    tx: &mut Tx,
    ctx: &AuditContext,
    id: UserId,
    disabled: bool,
) -> StoreResult<User> {
    let before = get_in_tx(tx, id).await?;
    on_tx!(tx, c => {
        sqlx::query(UPDATE_DISABLED)
            .bind(id.to_string())
            .bind(disabled)
            .bind(now())
            .execute(&mut *c)
            .await?;
        if disabled {
            sqlx::query(DELETE_SESSIONS).bind(id.to_string()).execute(&mut *c).await?;
        }
    });
    let after = get_in_tx(tx, id).await?;
    let action = if disabled {
        "user.disable"
    } else {
        "user.enable"
    };
    audit::record(
        tx,
        ctx,
        action,
        "user",
        &id.to_string(),
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

#[derive(FromRow)]
struct GrantRow {
    grant_id: String,
    role: String,
    unit_id: Option<String>,
}

impl TryFrom<GrantRow> for RoleGrant {
    type Error = StoreError;
    fn try_from(r: GrantRow) -> StoreResult<Self> {
        let bad = |e| StoreError::corrupt("role_grant", e);
        Ok(Self {
            id: RoleGrantId::parse(&r.grant_id).map_err(bad)?,
            role: Role::parse(&r.role).map_err(bad)?,
            unit: r
                .unit_id
                .as_deref()
                .map(UnitId::parse)
                .transpose()
                .map_err(bad)?,
        })
    }
}

/// Grants a role (already checked by [`RoleGrant::new`]) to a user. Granting the same role
/// over the same unit twice is a conflict.
pub async fn grant_role(
    tx: &mut Tx,
    ctx: &AuditContext,
    user: UserId,
    grant: RoleGrant,
) -> StoreResult<RoleGrant> {
    let _ = get_in_tx(tx, user).await?;
    ensure_unit(tx, grant.unit).await?;
    let existing: Vec<GrantRow> = on_tx!(tx, c => {
        sqlx::query_as(SELECT_GRANTS).bind(user.to_string()).fetch_all(&mut *c).await?
    });
    for g in existing {
        let g = RoleGrant::try_from(g)?;
        if g.role == grant.role && g.unit == grant.unit {
            return Err(StoreError::Conflict {
                entity: "role_grant",
                field: "role",
                message: Text::id("store-conflict-user_role"),
            });
        }
    }
    on_tx!(tx, c => {
        sqlx::query(INSERT_GRANT)
            .bind(grant.id.to_string())
            .bind(user.to_string())
            .bind(grant.role.code())
            .bind(grant.unit.map(|u| u.to_string()))
            .bind(now())
            .execute(&mut *c)
            .await?;
    });
    audit::record::<RoleGrant, _>(
        tx,
        ctx,
        "role_grant.create",
        "user",
        &user.to_string(),
        None,
        Some(&grant),
    )
    .await?;
    Ok(grant)
}

pub async fn revoke_role(tx: &mut Tx, ctx: &AuditContext, grant: RoleGrantId) -> StoreResult<()> {
    let row: Option<GrantRow> = on_tx!(tx, c => {
        sqlx::query_as(SELECT_GRANT).bind(grant.to_string()).fetch_optional(&mut *c).await?
    });
    let before = RoleGrant::try_from(row.ok_or(StoreError::NotFound {
        entity: "role_grant",
    })?)?;
    let owner: String = on_tx!(tx, c => {
        let owner = sqlx::query_scalar(SELECT_GRANT_OWNER)
            .bind(grant.to_string())
            .fetch_one(&mut *c)
            .await?;
        sqlx::query(DELETE_GRANT).bind(grant.to_string()).execute(&mut *c).await?;
        owner
    });
    audit::record::<_, RoleGrant>(
        tx,
        ctx,
        "role_grant.delete",
        "user",
        &owner,
        Some(&before),
        None,
    )
    .await?;
    Ok(())
}

pub async fn list_grants(db: &Db, user: UserId) -> StoreResult<Vec<RoleGrant>> {
    let rows: Vec<GrantRow> = on_pool!(db, p => {
        sqlx::query_as(SELECT_GRANTS).bind(user.to_string()).fetch_all(p).await?
    });
    rows.into_iter().map(TryInto::try_into).collect()
}

/// Records one login attempt (not audited: this table is its own log). Attempts for
/// unknown logins are recorded too, so probing a name gets locked like a real one.
pub async fn record_login_attempt(
    db: &Db,
    login: &Login,
    success: bool,
    ip: Option<&str>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    on_write!(db, p => {
        sqlx::query(INSERT_ATTEMPT)
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(login.as_str())
            .bind(at)
            .bind(success)
            .bind(ip)
            .execute(&mut *p)
            .await?;
    });
    Ok(())
}

/// Failed logins that count against one key, and when the last of them was: for
/// [`motcua_domain::account::LoginBackoff::wait_until`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Failures {
    pub count: u64,
    pub last: Option<DateTime<Utc>>,
}

impl Failures {
    fn from_row((count, last): (i64, Option<DateTime<Utc>>)) -> Self {
        Self {
            count: u64::try_from(count).unwrap_or(0),
            last,
        }
    }
}

/// Failures of `login` from address `ip` after `since` and after that pair's last success,
/// not cleared by an administrator.
pub async fn pair_failures(
    db: &Db,
    login: &Login,
    ip: &str,
    since: DateTime<Utc>,
) -> StoreResult<Failures> {
    on_pool!(db, p => {
        let last_ok: Option<DateTime<Utc>> = sqlx::query_scalar(SELECT_PAIR_LAST_SUCCESS)
            .bind(login.as_str())
            .bind(ip)
            .bind(true)
            .fetch_one(p)
            .await?;
        let from = last_ok.map_or(since, |t| t.max(since));
        let row: (i64, Option<DateTime<Utc>>) = sqlx::query_as(SELECT_PAIR_FAILURES)
            .bind(login.as_str())
            .bind(ip)
            .bind(false)
            .bind(from)
            .fetch_one(p)
            .await?;
        Ok(Failures::from_row(row))
    })
}

/// Failures from address `ip` after `since`, whatever login they named, not cleared by an
/// administrator. A success does not reset them: a guesser with one account of their own
/// could otherwise wipe the count between guesses.
pub async fn address_failures(db: &Db, ip: &str, since: DateTime<Utc>) -> StoreResult<Failures> {
    on_pool!(db, p => {
        let row: (i64, Option<DateTime<Utc>>) = sqlx::query_as(SELECT_ADDRESS_FAILURES)
            .bind(ip)
            .bind(false)
            .bind(since)
            .fetch_one(p)
            .await?;
        Ok(Failures::from_row(row))
    })
}

/// An administrator lifts the waits on `login`: its failed attempts stop counting, from every
/// address (they stay in the table, marked, as a record of the attack). Returns how many were
/// cleared; audited.
pub async fn clear_login_failures(
    tx: &mut Tx,
    ctx: &AuditContext,
    login: &Login,
) -> StoreResult<u64> {
    let n = on_tx!(tx, c => {
        sqlx::query(CLEAR_FAILURES)
            .bind(login.as_str())
            .bind(now())
            .bind(false)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    audit::record(
        tx,
        ctx,
        "user.login_unlock",
        "login",
        login.as_str(),
        None::<&()>,
        Some(&serde_json::json!({ "cleared_failures": n })),
    )
    .await?;
    Ok(n)
}

/// Records that the person of `ctx` was shown `user`'s profile (name, email, unit, roles):
/// personal data, so every view is in the audit log.
pub async fn record_profile_view(db: &Db, ctx: &AuditContext, user: UserId) -> StoreResult<()> {
    audit::record_view(db, ctx, "user", &user.to_string(), "profile").await?;
    Ok(())
}

/// Housekeeping for a scheduled job: forgets attempts older than `before` (keep at least the
/// login throttle's look-back).
pub async fn delete_login_attempts_before(db: &Db, before: DateTime<Utc>) -> StoreResult<u64> {
    Ok(on_write!(db, p => {
        sqlx::query(DELETE_ATTEMPTS_BEFORE).bind(before).execute(&mut *p).await?.rows_affected()
    }))
}

/// The user and their grants, ready for [`motcua_domain::policy::authorize`]. A disabled
/// user is `NotFound`: they must not act at all.
pub async fn principal(db: &Db, id: UserId) -> StoreResult<(User, Principal)> {
    let user = get(db, id).await?;
    if user.disabled {
        return Err(StoreError::NotFound { entity: "user" });
    }
    let grants = list_grants(db, id).await?;
    Ok((user, Principal::user(id, grants)))
}

/// Notes a successful login (by password or through an identity provider), for the
/// administrators' pages. Not audited: the login attempts are their own log.
pub async fn record_login(db: &Db, id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
    const SQL: &str = "UPDATE app_user SET last_login_at = $2 WHERE user_id = $1";
    on_write!(db, c => {
        sqlx::query(SQL).bind(id.to_string()).bind(at).execute(&mut *c).await?;
    });
    Ok(())
}

/// When one account last logged in, if it ever did.
pub async fn last_login(db: &Db, id: UserId) -> StoreResult<Option<DateTime<Utc>>> {
    const SQL: &str = "SELECT last_login_at FROM app_user WHERE user_id = $1";
    let at: Option<Option<DateTime<Utc>>> = on_pool!(db, p => {
        sqlx::query_scalar(SQL).bind(id.to_string()).fetch_optional(p).await?
    });
    Ok(at.flatten())
}

/// When each account last logged in (accounts that never did are absent).
pub async fn last_logins(db: &Db) -> StoreResult<std::collections::HashMap<UserId, DateTime<Utc>>> {
    const SQL: &str = "SELECT user_id, last_login_at FROM app_user WHERE last_login_at IS NOT NULL";
    let rows: Vec<(String, DateTime<Utc>)> = on_pool!(db, p => {
        sqlx::query_as(SQL).fetch_all(p).await?
    });
    rows.into_iter()
        .map(|(id, at)| {
            UserId::parse(&id)
                .map(|id| (id, at))
                .map_err(|e| StoreError::corrupt("app_user", e))
        })
        .collect()
}
