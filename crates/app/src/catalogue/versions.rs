//! Adding procedure versions, one or a file's worth.

use motcua_domain::catalogue::ImportOutcome;
use motcua_domain::procedure::{ProcedureDraft, ProcedureVersion};
use motcua_store::procedures::{self, ImportReport};

use crate::{Actor, Context, Result};

/// Adds one version of a procedure.
pub async fn add_version(
    ctx: &Context,
    actor: &Actor,
    draft: ProcedureDraft,
) -> Result<ProcedureVersion> {
    let mut tx = ctx.db().begin().await?;
    let version = procedures::create_version(&mut tx, &actor.audit(), draft).await?;
    tx.commit().await?;
    Ok(version)
}

/// A parsed catalogue file.
#[derive(Debug)]
pub struct Import {
    pub outcome: ImportOutcome,
    /// Write the valid rows even if some rows are invalid; otherwise nothing is written then.
    pub skip_invalid: bool,
}

/// Writes a parsed catalogue file in one transaction: new versions added, changed ones
/// updated. `progress` hears (rows done, rows in all) as it goes.
pub async fn import(
    ctx: &Context,
    actor: &Actor,
    input: Import,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<ImportReport> {
    let mut tx = ctx.db().begin().await?;
    let report = procedures::import(
        &mut tx,
        &actor.audit(),
        input.outcome,
        input.skip_invalid,
        progress,
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}
