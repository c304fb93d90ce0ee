//! Creating accounts, their roles, passwords, being disabled, login waits; the audited view of
//! a profile.

use motcua_domain::account::Login;
use motcua_domain::ids::UserId;
use motcua_domain::role::RoleGrant;
use motcua_store::users::{self, NewUser, User};

use super::acting_user;
use crate::{Actor, Context, Error, Result};

/// A new account and the roles it starts with.
#[derive(Debug)]
pub struct NewAccount {
    pub user: NewUser,
    pub roles: Vec<RoleGrant>,
}

/// Creates an account with its first roles, all or nothing.
pub async fn create(ctx: &Context, actor: &Actor, input: NewAccount) -> Result<User> {
    let audit = actor.audit();
    let mut tx = ctx.db().begin().await?;
    let user = users::create(&mut tx, &audit, input.user).await?;
    for grant in input.roles {
        users::grant_role(&mut tx, &audit, user.id, grant).await?;
    }
    tx.commit().await?;
    Ok(user)
}

/// Creates a citizen's own account (signed up with a code, or through the identity provider):
/// no unit, the citizen role.
pub(super) async fn create_citizen(
    tx: &mut motcua_store::Tx,
    audit: &motcua_store::audit::AuditContext,
    new: NewUser,
) -> Result<User> {
    let user = users::create(tx, audit, new).await?;
    let citizen = RoleGrant::new(motcua_domain::role::Role::Citizen, None)?;
    users::grant_role(tx, audit, user.id, citizen).await?;
    Ok(user)
}

/// Gives `user` a role (in a unit, or system-wide).
pub async fn grant_role(
    ctx: &Context,
    actor: &Actor,
    user: UserId,
    grant: RoleGrant,
) -> Result<RoleGrant> {
    let mut tx = ctx.db().begin().await?;
    let granted = users::grant_role(&mut tx, &actor.audit(), user, grant).await?;
    tx.commit().await?;
    Ok(granted)
}

/// Disables an account (its sessions and tokens stop working) or enables it again.
pub async fn set_disabled(
    ctx: &Context,
    actor: &Actor,
    user: UserId,
    disabled: bool,
) -> Result<User> {
    let mut tx = ctx.db().begin().await?;
    let user = users::set_disabled(&mut tx, &actor.audit(), user, disabled).await?;
    tx.commit().await?;
    Ok(user)
}

/// Lifts the waits that failed logins put on `login`, from every address; returns how many
/// failures were cleared.
pub async fn unlock(ctx: &Context, actor: &Actor, login: &Login) -> Result<u64> {
    let mut tx = ctx.db().begin().await?;
    let cleared = users::clear_login_failures(&mut tx, &actor.audit(), login).await?;
    tx.commit().await?;
    Ok(cleared)
}

/// Sets the acting person's own password (already hashed), which ends all their sessions.
pub async fn change_password(ctx: &Context, actor: &Actor, password_hash: &str) -> Result<()> {
    let user = acting_user(actor)?;
    let mut tx = ctx.db().begin().await.map_err(Error::internal)?;
    // The person was just authenticated: any failure here is unexpected.
    users::set_password_hash(&mut tx, &actor.audit(), user, password_hash)
        .await
        .map_err(Error::internal)?;
    tx.commit().await.map_err(Error::internal)?;
    Ok(())
}

/// Records that the actor was shown `user`'s profile (name, email, unit, roles): personal
/// data, so every view is audited.
pub async fn view_profile(ctx: &Context, actor: &Actor, user: UserId) -> Result<()> {
    users::record_profile_view(ctx.db(), &actor.audit(), user).await?;
    Ok(())
}

/// Sets a password an administrator gives the person (already hashed): their sessions end and
/// the waits failed logins put on them are lifted.
pub async fn reset_password(
    ctx: &Context,
    actor: &Actor,
    user: UserId,
    password_hash: &str,
) -> Result<()> {
    let audit = actor.audit();
    let mut tx = ctx.db().begin().await?;
    let account = users::get_in_tx(&mut tx, user).await?;
    users::set_password_hash(&mut tx, &audit, user, password_hash).await?;
    users::clear_login_failures(&mut tx, &audit, &account.login).await?;
    tx.commit().await?;
    Ok(())
}

/// Notes that `user` has just logged in.
pub async fn record_login(ctx: &Context, user: UserId) -> Result<()> {
    users::record_login(ctx.db(), user, ctx.now())
        .await
        .map_err(Error::internal)
}
