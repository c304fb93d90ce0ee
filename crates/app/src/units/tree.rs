//! Adding a unit and recording a change of the tree.

use chrono::NaiveDate;
use motcua_domain::ids::UnitId;
use motcua_domain::unit::{NewUnit, Unit, UnitChange, UnitChangeKind};
use motcua_store::units::{self, SuccessorSpec};

use crate::{Actor, Context, Result};

/// Adds a unit. Who may add it under its parent is decided by the caller.
pub async fn create(ctx: &Context, actor: &Actor, new: NewUnit) -> Result<Unit> {
    let mut tx = ctx.db().begin().await?;
    let unit = units::create(&mut tx, &actor.audit(), new).await?;
    tx.commit().await?;
    Ok(unit)
}

/// A merge, split, rename or abolition, as decided by a legal act.
#[derive(Debug)]
pub struct RecordChange {
    pub kind: UnitChangeKind,
    pub predecessors: Vec<UnitId>,
    pub successors: Vec<SuccessorSpec>,
    /// The successors' first day; the predecessors end the day before.
    pub effective: NaiveDate,
    pub legal_basis: String,
}

/// Records a change of the tree: the predecessors end, the successors begin.
pub async fn record_change(
    ctx: &Context,
    actor: &Actor,
    input: RecordChange,
) -> Result<UnitChange> {
    let mut tx = ctx.db().begin().await?;
    let change = units::record_change(
        &mut tx,
        &actor.audit(),
        input.kind,
        &input.predecessors,
        input.successors,
        input.effective,
        &input.legal_basis,
    )
    .await?;
    tx.commit().await?;
    Ok(change)
}
