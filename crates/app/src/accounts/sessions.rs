//! Sessions: begun at login or after a password change, ended at logout.

use chrono::Duration;
use motcua_domain::ids::SessionId;
use motcua_store::sessions;

use super::acting_user;
use crate::{Actor, Context, Error, Result};

/// A session about to begin for the acting person.
#[derive(Debug)]
pub struct NewSession {
    pub lifetime: Duration,
    /// The browser's `User-Agent`, shortened, to help the person recognise their sessions.
    pub user_agent: Option<String>,
}

/// Begins a session for the acting person (just authenticated); returns its secret token.
pub async fn start_session(ctx: &Context, actor: &Actor, input: NewSession) -> Result<String> {
    let user = acting_user(actor)?;
    // The person was just authenticated: any failure here is unexpected.
    let mut tx = ctx.db().begin().await.map_err(Error::internal)?;
    let new = sessions::create(
        &mut tx,
        &actor.audit(),
        user,
        input.lifetime,
        actor.ip.clone(),
        input.user_agent,
    )
    .await
    .map_err(Error::internal)?;
    tx.commit().await.map_err(Error::internal)?;
    Ok(new.token)
}

/// Ends a session; one already gone (expired, or ended by a password change) is no error.
pub async fn end_session(ctx: &Context, actor: &Actor, session: SessionId) -> Result<()> {
    let mut tx = ctx.db().begin().await.map_err(Error::internal)?;
    match sessions::delete(&mut tx, &actor.audit(), session).await {
        Ok(()) | Err(motcua_store::StoreError::NotFound { .. }) => {}
        Err(e) => return Err(Error::internal(e)),
    }
    tx.commit().await.map_err(Error::internal)?;
    Ok(())
}
