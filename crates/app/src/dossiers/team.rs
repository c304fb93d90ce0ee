//! Queue work for teams: an officer claims a dossier's current step or is assigned it, and
//! the officers of a dossier leave internal notes on it. Neither changes the dossier's status
//! or its clock; both are recorded with who did them, and notes are never shown outside.

use motcua_domain::dossier::lifecycle::Status;
use motcua_domain::dossier::record::{DossierRecord, EventRecord};
use motcua_domain::ids::UserId;
use motcua_domain::limits;
use motcua_domain::message::Text;
use motcua_store::dossiers::{self, NoteRecord};

use crate::{Actor, Context, Error, Result};

/// The event action of a claim or an assignment (not a lifecycle action: no status changes).
pub const ASSIGN: &str = "assign";

/// Gives the current step of `before` to `to`: the officer themself (a claim) or a colleague
/// (an assignment). The caller has checked that the actor may hand the step out and that `to`
/// works the step's role at the handling unit.
pub async fn assign(
    ctx: &Context,
    actor: &Actor,
    before: &DossierRecord,
    expected_version: i64,
    to: (UserId, String),
) -> Result<DossierRecord> {
    if before.version != expected_version {
        return Err(dossiers::stale().into());
    }
    if !matches!(before.status, Status::Received | Status::InProgress) {
        return Err(Error::Rule {
            code: "dossier_not_in_a_step",
            message: Text::id("dossier-error-not_in_a_step"),
            allowed: Vec::new(),
        });
    }
    let now = ctx.now();
    let mut d = before.clone();
    d.step_user = Some(to.0);
    let event = EventRecord {
        at: now,
        action: ASSIGN.into(),
        actor: actor.user,
        actor_name: actor.name.clone(),
        from_status: Some(before.status.code().into()),
        to_status: before.status.code().into(),
        step_index: before.step_index,
        receiver: Some(to.0),
        receiver_name: Some(to.1),
        ..EventRecord::default()
    };
    let mut tx = ctx.db().begin().await?;
    let saved = dossiers::act(&mut tx, &actor.audit(), before, &d, &event, &[]).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Adds an internal note to `d`, audited (the entry says a note was added, not what it says);
/// empty or over-long text is refused.
pub async fn add_note(ctx: &Context, actor: &Actor, d: &DossierRecord, body: &str) -> Result<()> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::field(
            "body",
            Text::id("validation-dossier-note_empty"),
        ));
    }
    // The web layer refuses a longer text with its field's label; this keeps any caller within.
    if body.chars().count() > limits::NOTE {
        return Err(Error::field(
            "body",
            Text::with(
                "validation-dossier-note_too_long",
                vec![(
                    "max",
                    i64::try_from(limits::NOTE).unwrap_or(i64::MAX).into(),
                )],
            ),
        ));
    }
    let note = NoteRecord {
        author: actor.user,
        author_name: actor.name.clone(),
        body: body.to_owned(),
        at: ctx.now(),
    };
    let mut tx = ctx.db().begin().await?;
    dossiers::add_note(&mut tx, d.id, &note).await?;
    motcua_store::audit::record(
        &mut tx,
        &actor.audit(),
        "dossier.note",
        "dossier",
        &d.id.to_string(),
        None::<&serde_json::Value>,
        Some(&serde_json::json!({ "note": "added" })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
