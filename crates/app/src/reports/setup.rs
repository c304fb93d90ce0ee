//! What an administrator (or the demo loader) configures: unit boundaries and categories.

use motcua_domain::ids::UnitId;
use motcua_domain::report::category::Category;
use motcua_domain::report::place::Boundary;
use motcua_store::reports::setup;

use crate::{Actor, Context, Result};

/// Replaces a unit's boundary.
pub async fn set_boundary(
    ctx: &Context,
    actor: &Actor,
    unit: UnitId,
    parts: &[Boundary],
) -> Result<()> {
    motcua_store::units::get(ctx.db(), unit).await?;
    let mut tx = ctx.db().begin().await?;
    setup::replace_boundary(&mut tx, &actor.audit(), unit, parts, ctx.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds or replaces a category.
pub async fn save_category(ctx: &Context, actor: &Actor, category: &Category) -> Result<()> {
    motcua_store::units::get(ctx.db(), category.unit).await?;
    let mut tx = ctx.db().begin().await?;
    setup::save_category(&mut tx, &actor.audit(), category, true, ctx.now()).await?;
    tx.commit().await?;
    Ok(())
}
