//! Acting on a dossier: one transaction holding the changed row, its event, the documents an
//! action brought, its audit entry and its notices.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::lifecycle::Command;
use motcua_domain::dossier::record::{Acting, DossierRecord};
use motcua_domain::dossier::timing;
use motcua_domain::ids::UserId;
use motcua_domain::message::Text;
use motcua_domain::vn_date;
use motcua_store::dossiers::{self, DocumentRecord};

use super::uploads::{UploadedFile, store_upload};
use super::{calendar_error, notices, queue_notices};
use crate::{Actor, Context, Error, Result};

/// An action as asked for, with the version the officer saw.
#[derive(Clone, Debug)]
pub struct ActRequest {
    /// The dossier as the caller loaded it to check the permission. Saving it checks that it
    /// has not changed since, so it need not be read again.
    pub dossier: DossierRecord,
    pub expected_version: i64,
    pub command: Command,
    /// For a hand-over: who receives the next step (optional; the step's role is enough).
    pub receiver: Option<(UserId, String)>,
    /// For a resubmission: the documents brought.
    pub documents: Vec<(String, UploadedFile)>,
    pub at: DateTime<Utc>,
}

/// Acts on a dossier. The caller has already checked the permission for this action.
pub async fn act(ctx: &Context, actor: &Actor, req: ActRequest) -> Result<DossierRecord> {
    let db = ctx.db();
    let before = &req.dossier;
    if before.version != req.expected_version {
        return Err(dossiers::stale().into());
    }
    let now = req.at;
    let transition = before.snapshot().decide(&req.command, now)?;
    let cache = ctx.cache();
    let version = cache
        .version(db, actor.cache, before.procedure_version)
        .await?;
    let unit = cache.unit(db, actor.cache, before.handling_unit).await?;
    let cal = ctx
        .clocks()
        .calendar(unit.code.as_str())
        .map_err(calendar_error)?;
    let received_day = vn_date(before.received_at);
    let rules = ctx.clocks().rules_by_id(&before.rules_id, received_day);
    // An apology's new date must be a moment the unit's office is open, within one more time
    // limit of the procedure (see `timing::check_new_due`).
    if let Command::Apologise { new_due, .. } = &req.command {
        let day_minutes = timing::day_minutes(&cal, received_day).map_err(calendar_error)?;
        let limit = timing::time_limit(before.limit_kind, before.limit_amount, day_minutes);
        let current = before.snapshot().due_at;
        timing::check_new_due(&cal, rules, current, *new_due, limit).map_err(|e| match e {
            timing::NewDueProblem::Rule(rule) => Error::from(rule),
            timing::NewDueProblem::Calendar(cal) => Error::field(
                "new_due",
                Text::with(
                    "validation-dossier-new_due_calendar",
                    vec![("problem", cal.to_string().into())],
                ),
            ),
        })?;
    }

    let (d, event) = before
        .after(
            Acting {
                command: &req.command,
                transition: &transition,
                version: &version,
                at: now,
                actor: actor.user,
                actor_name: actor.name.clone(),
                receiver: req.receiver.clone(),
            },
            &cal,
            rules,
        )
        .map_err(calendar_error)?;

    let mut tx = db.begin().await?;
    let mut docs = Vec::new();
    for (i, (name, f)) in req.documents.iter().enumerate() {
        let file = store_upload(&mut tx, f, now).await?;
        docs.push(DocumentRecord {
            position: u32::try_from(i).unwrap_or(u32::MAX),
            name: name.clone(),
            copy_kind: "copy".into(),
            provided: true,
            stage: "supplement".into(),
            file: Some(file),
            created_at: now,
        });
    }
    let saved = dossiers::act(&mut tx, &actor.audit(), before, &d, &event, &docs).await?;
    queue_notices(&mut tx, &saved, notices::after_action(&saved, &req.command)).await?;
    tx.commit().await?;
    Ok(saved)
}
