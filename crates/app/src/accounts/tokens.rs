//! API tokens for integrations: issued (shown once) and revoked.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{ApiTokenId, UserId};
use motcua_store::tokens::{self, ApiToken, NewApiToken};

use crate::{Actor, Context, Result};

/// A token about to be issued to `user`.
#[derive(Debug)]
pub struct IssueToken {
    pub user: UserId,
    /// A name to recognise it by.
    pub name: String,
    pub scopes: Vec<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Issues a token; its plaintext is in the answer and nowhere else.
pub async fn issue_token(ctx: &Context, actor: &Actor, input: IssueToken) -> Result<NewApiToken> {
    let mut tx = ctx.db().begin().await?;
    let created = tokens::create(
        &mut tx,
        &actor.audit(),
        input.user,
        &input.name,
        &input.scopes,
        input.expires_at,
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Revokes a token (revoking a revoked one changes nothing).
pub async fn revoke_token(ctx: &Context, actor: &Actor, token: ApiTokenId) -> Result<ApiToken> {
    let mut tx = ctx.db().begin().await?;
    let revoked = tokens::revoke(&mut tx, &actor.audit(), token).await?;
    tx.commit().await?;
    Ok(revoked)
}
