//! Acting on a dossier: one transaction holding the changed row, its event, the documents an
//! action brought, its audit entry and its notices.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::lifecycle::{ActionKind, ClockChange, Command, Status, Timeliness};
use motcua_domain::dossier::record::{DossierRecord, EventRecord};
use motcua_domain::dossier::timing::{self, SupplementCycle};
use motcua_domain::ids::UserId;
use motcua_domain::message::Text;
use motcua_domain::role::Role;
use motcua_domain::vn_date;
use motcua_store::dossiers::{self, DocumentRecord};

use super::uploads::{UploadedFile, store_upload};
use super::{calendar_error, notices, queue_notices, snapshot};
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
    let transition = snapshot(before).decide(&req.command, now)?;
    let cache = ctx.cache();
    let version = cache
        .version(db, actor.cache, before.procedure_version)
        .await?;
    let p = &version.draft;
    let unit = cache.unit(db, actor.cache, before.handling_unit).await?;
    let cal = ctx
        .clocks()
        .calendar(unit.code.as_str())
        .map_err(calendar_error)?;
    let received_day = vn_date(before.received_at);
    let rules = ctx.clocks().rules_by_id(&before.rules_id, received_day);
    let day_minutes = timing::day_minutes(&cal, received_day).map_err(calendar_error)?;
    let limit = timing::time_limit(before.limit_kind, before.limit_amount, day_minutes);
    // An apology's new date must be a moment the unit's office is open, within one more time
    // limit of the procedure (see `timing::check_new_due`).
    if let Command::Apologise { new_due, .. } = &req.command {
        let current = snapshot(before).due_at;
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

    let mut d = before.clone();
    d.status = transition.status;
    let mut event = EventRecord {
        at: now,
        action: req.command.kind().code().into(),
        actor: actor.user,
        actor_name: actor.name.clone(),
        from_status: Some(before.status.code().into()),
        to_status: transition.status.code().into(),
        note: String::new(),
        details: serde_json::to_string(&req.command).unwrap_or_default(),
        ..EventRecord::default()
    };
    // The step that ends here, for the control sheet.
    if let Some(i) = transition.finished_step {
        let step = p.steps.get(usize::from(i));
        event.step_index = Some(i);
        event.step_name = step.map(|s| s.name.clone());
        event.step_started_at = before.step_started_at;
        event.step_due_at = before.step_due_at;
        event.step_budget_minutes = step.map(|s| {
            i64::from(timing::step_budget_minutes(
                p.limit_kind,
                s.budget,
                day_minutes,
            ))
        });
        event.timeliness = before.step_due_at.map(|due| Timeliness::of(now, due));
    }
    match &req.command {
        Command::HandOver { note }
        | Command::ReturnResult { note }
        | Command::Resubmit { note } => {
            event.note.clone_from(note);
        }
        Command::Refuse { reason } | Command::Stop { reason } => event.note.clone_from(reason),
        Command::Apologise { reason, .. } => event.note.clone_from(reason),
        Command::Transfer { to_unit, reason } => {
            event.note.clone_from(reason);
            event.from_unit = Some(before.handling_unit);
            event.to_unit = Some(*to_unit);
            d.handling_unit = *to_unit;
        }
        Command::RequestSupplement { .. } => {}
    }
    if let Some((user, name)) = &req.receiver {
        event.receiver = Some(*user);
        event.receiver_name = Some(name.clone());
    }
    // The next step, if the dossier moved to one (or restarted the same one after a
    // supplement or a transfer).
    d.step_index = transition.step;
    let starts_step = matches!(
        req.command.kind(),
        ActionKind::HandOver | ActionKind::Resubmit | ActionKind::Transfer
    );
    match transition.step {
        Some(i) if starts_step => {
            let step = p.steps.get(usize::from(i));
            d.step_role = step.map(|s| s.role);
            d.step_started_at = Some(now);
            d.step_due_at = match step {
                Some(s) => Some(
                    timing::step_due(
                        &cal,
                        rules,
                        now,
                        timing::step_budget_minutes(p.limit_kind, s.budget, day_minutes),
                    )
                    .map_err(calendar_error)?,
                ),
                None => None,
            };
            d.step_user = req.receiver.as_ref().map(|(u, _)| *u);
        }
        Some(_) => {}
        None => {
            // Back at the desk (result ready) or finished.
            d.step_role = (transition.status == Status::ResultReady).then_some(Role::DeskOfficer);
            d.step_started_at = (transition.status == Status::ResultReady).then_some(now);
            d.step_due_at = None;
            d.step_user = None;
        }
    }
    match transition.clock {
        Some(ClockChange::Stop) => {
            d.supplement_requested_at = Some(now);
            d.due_at = None;
        }
        Some(ClockChange::Start) => {
            d.resubmitted_at = Some(now);
            let cycle = SupplementCycle {
                requested: before.supplement_requested_at.unwrap_or(now),
                resubmitted: Some(now),
            };
            let due = timing::due_after_supplement(&cal, rules, before.received_at, limit, cycle)
                .map_err(calendar_error)?;
            d.due_at = due.map(|x| x.due);
        }
        Some(ClockChange::NewDue(new_due)) => {
            d.apologised_at = Some(now);
            d.due_at = Some(new_due);
        }
        None => {}
    }
    if transition.status.is_finished() {
        d.finished_at = Some(now);
        // The agency is measured by when the result was ready at the desk, not by when the
        // applicant came for it.
        let done = match before.status {
            Status::ResultReady => before.step_started_at.unwrap_or(now),
            _ => now,
        };
        d.outcome = d.due_at.map(|due| Timeliness::of(done, due));
        d.watch = None;
    }

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
