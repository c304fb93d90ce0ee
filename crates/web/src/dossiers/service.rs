//! Receiving a dossier and acting on it: each is one transaction holding the dossier row, its
//! event, its audit entry and its notices, so a failure leaves nothing half-written.

use chrono::{DateTime, Datelike, Utc};
use motcua_domain::dossier::code::DossierCode;
use motcua_domain::dossier::lifecycle::{
    ActionKind, Channel, ClockChange, Command, LifecycleError, Snapshot, Status, Timeliness,
};
use motcua_domain::dossier::timing::{self, SupplementCycle};
use motcua_domain::ids::{DossierId, UnitId, UserId};
use motcua_domain::procedure::{ProcedureCode, ProcedureVersion};
use motcua_domain::role::Role;
use motcua_domain::vn_date;
use motcua_store::dossiers::{
    self, ApplicantRecord, DocumentRecord, DossierRecord, EventRecord, FileRef, StoredFile,
};
use motcua_store::{Tx, audit};
use serde_json::json;

use crate::error::{AppError, FieldMessage};
use crate::state::AppState;

use super::notices::{self, Notice};

pub use crate::auth::Actor;

/// A file that passed the upload checks (content sniffed, size within limits).
#[derive(Clone, Debug)]
pub struct UploadedFile {
    pub name: String,
    pub sha256: String,
    /// `pdf`, `jpeg` or `png`.
    pub kind: String,
    pub content: Vec<u8>,
}

/// One line of the checklist at intake: ticked by the desk (paper seen) and/or a file.
#[derive(Clone, Debug)]
pub struct IntakeDocument {
    pub position: u32,
    pub provided: bool,
    pub file: Option<UploadedFile>,
}

/// A validated intake.
#[derive(Clone, Debug)]
pub struct Intake {
    pub unit: UnitId,
    /// The unit and its ancestors, when the caller read them to authorize the intake.
    pub unit_path: Option<Vec<UnitId>>,
    pub procedure: ProcedureCode,
    /// The procedure's version in force on the day of submission, when the caller already
    /// looked it up (to check the checklist); otherwise the intake looks it up.
    pub in_force: Option<ProcedureVersion>,
    pub channel: Channel,
    pub applicant: ApplicantRecord,
    pub documents: Vec<IntakeDocument>,
    pub return_place: String,
    pub submitted_at: DateTime<Utc>,
}

fn calendar_error(e: motcua_calendar::CalendarError) -> AppError {
    AppError::field(
        "received_at",
        format!("Không tính được hạn giải quyết: {e}"),
    )
}

/// The rule-level refusals of the state machine, with the allowed actions attached.
impl From<LifecycleError> for AppError {
    fn from(e: LifecycleError) -> Self {
        let allowed = match &e {
            LifecycleError::NotAllowed { allowed, .. } => {
                allowed.iter().map(|a| a.code().to_owned()).collect()
            }
            _ => Vec::new(),
        };
        Self::Rule {
            code: e.code(),
            message: motcua_domain::message::Text::of(&e),
            allowed,
        }
    }
}

/// Receives a dossier: checks the checklist, numbers it, computes its due date, records it.
pub async fn intake(
    state: &AppState,
    actor: &Actor,
    mut req: Intake,
) -> Result<DossierRecord, AppError> {
    let db = state.db();
    let now = req.submitted_at;
    let today = vn_date(now);
    let catalog = state.catalog();
    let unit = catalog.unit(db, actor.catalog, req.unit).await?;
    let found = match req.in_force.take() {
        Some(v) => Ok(v),
        None => {
            catalog
                .in_force(db, actor.catalog, &req.procedure, today)
                .await
        }
    };
    let version = match found {
        Ok(v) => v,
        Err(motcua_store::StoreError::NotFound { .. }) => {
            return Err(AppError::field(
                "procedure",
                "Thủ tục không có trong danh mục hoặc chưa có hiệu lực vào ngày tiếp nhận.",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let p = &version.draft;
    check_documents(&version, &req.documents)?;

    let cal = state
        .clocks()
        .calendar(unit.code.as_str())
        .map_err(calendar_error)?;
    let rules = state.clocks().rules_on(today);
    let day_minutes = timing::day_minutes(&cal, today).map_err(calendar_error)?;
    let amount = timing::promised_quantity(p);
    let limit = timing::time_limit(p.limit_kind, amount, day_minutes);
    let due = timing::due_fast(&cal, rules, now, limit).map_err(calendar_error)?;
    let first_step = p.steps.first();
    let step_due = match first_step {
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

    let mut tx = db.begin().await?;
    let agency = unit.code.as_str().to_owned();
    let logbook_year = today.year();
    let (seq, logbook_number) =
        dossiers::next_numbers(&mut tx, &agency, today, unit.id, logbook_year).await?;
    let code = format_code(&agency, today, seq)?;
    let step_count = u16::try_from(p.steps.len().max(1)).unwrap_or(u16::MAX);
    let d = DossierRecord {
        id: DossierId::new(),
        code,
        agency_code: agency,
        receiving_unit: unit.id,
        handling_unit: unit.id,
        procedure_version: version.id,
        procedure_code: p.code.as_str().to_owned(),
        procedure_name: p.name.clone(),
        channel: req.channel,
        status: Status::Received,
        step_index: Some(0),
        step_count,
        step_role: Some(first_step.map_or(Role::DeskOfficer, |s| s.role)),
        step_started_at: Some(now),
        step_due_at: step_due,
        step_user: actor.user.filter(|_| req.channel == Channel::Desk),
        applicant: req.applicant,
        submitted_at: now,
        received_at: now,
        received_by: actor.user,
        rules_id: rules.id.clone(),
        limit_kind: p.limit_kind,
        limit_amount: amount,
        original_due_at: due,
        due_at: Some(due),
        supplement_requested_at: None,
        resubmitted_at: None,
        apologised_at: None,
        finished_at: None,
        outcome: None,
        watch: None,
        logbook_year,
        logbook_number,
        fee_text: p.fee.text.clone(),
        return_place: req.return_place,
        version: 1,
    };
    let mut docs = Vec::new();
    for (i, spec) in p.documents.iter().enumerate() {
        let position = u32::try_from(i).unwrap_or(u32::MAX);
        let given = req.documents.iter().find(|g| g.position == position);
        let file = match given.and_then(|g| g.file.as_ref()) {
            Some(f) => Some(store_upload(&mut tx, f, now).await?),
            None => None,
        };
        docs.push(DocumentRecord {
            position,
            name: spec.name.clone(),
            copy_kind: spec.copy_kind.code().to_owned(),
            provided: given.is_some_and(|g| g.provided) || file.is_some(),
            stage: "intake".into(),
            file,
            created_at: now,
        });
    }
    let event = EventRecord {
        seq: 1,
        at: now,
        action: "received".into(),
        actor: actor.user,
        actor_name: actor.name.clone(),
        to_status: Status::Received.code().into(),
        to_unit: Some(unit.id),
        step_index: Some(0),
        step_name: first_step.map(|s| s.name.clone()),
        step_started_at: Some(now),
        step_due_at: step_due,
        note: String::new(),
        details: json!({ "channel": d.channel.code(), "due_at": due, "rules": d.rules_id })
            .to_string(),
        ..EventRecord::default()
    };
    dossiers::insert(&mut tx, &d, &docs, &event).await?;
    audit::record(
        &mut tx,
        &actor.audit(),
        "dossier.receive",
        "dossier",
        &d.id.to_string(),
        None::<&()>,
        Some(&json!({ "code": d.code, "status": d.status.code(), "due_at": due })),
    )
    .await?;
    queue_notices(&mut tx, &d, notices::received(&d)).await?;
    tx.commit().await?;
    Ok(d)
}

/// `<agency>-YYMMDD-NNNN` (Circular 01/2018 Art. 19); the number widens past 9,999 a day, as
/// ministry portals' 6–7 digit numbers do.
pub fn format_code(agency: &str, day: chrono::NaiveDate, seq: i64) -> Result<String, AppError> {
    let seq = u32::try_from(seq).map_err(AppError::internal)?;
    let width = seq.to_string().len().max(4);
    Ok(DossierCode::new(agency, day, seq, width)?.to_string())
}

/// Every required document of `version` must be ticked as seen or come with a file.
pub fn check_documents(
    version: &ProcedureVersion,
    given: &[IntakeDocument],
) -> Result<(), AppError> {
    let count = version.draft.documents.len();
    if let Some(bad) = given
        .iter()
        .find(|g| usize::try_from(g.position).map_or(true, |p| p >= count))
    {
        return Err(AppError::field(
            "documents",
            format!(
                "Giấy tờ số {} không có trong thành phần hồ sơ của thủ tục.",
                bad.position + 1
            ),
        ));
    }
    let missing: Vec<FieldMessage> = version
        .draft
        .documents
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            !given.iter().any(|g| {
                usize::try_from(g.position).is_ok_and(|p| p == *i)
                    && (g.provided || g.file.is_some())
            })
        })
        .map(|(i, doc)| FieldMessage {
            field: format!("document_{i}"),
            message: format!("Thiếu giấy tờ bắt buộc: {}.", doc.name).into(),
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(missing))
    }
}

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

/// The snapshot the state machine decides on.
#[must_use]
pub fn snapshot(d: &DossierRecord) -> Snapshot {
    Snapshot {
        status: d.status,
        step: d.step_index,
        step_count: d.step_count,
        // While awaiting a supplement there is no due date; the apology rule is then moot.
        due_at: d.due_at.unwrap_or(d.original_due_at),
        supplement_requested: d.supplement_requested_at.is_some(),
        apologised: d.apologised_at.is_some(),
    }
}

/// Acts on a dossier. The caller has already checked the permission for this action.
pub async fn act(
    state: &AppState,
    actor: &Actor,
    req: ActRequest,
) -> Result<DossierRecord, AppError> {
    let db = state.db();
    let before = &req.dossier;
    if before.version != req.expected_version {
        return Err(dossiers::stale().into());
    }
    let now = req.at;
    let transition = snapshot(before).decide(&req.command, now)?;
    let catalog = state.catalog();
    let version = catalog
        .version(db, actor.catalog, before.procedure_version)
        .await?;
    let p = &version.draft;
    let unit = catalog
        .unit(db, actor.catalog, before.handling_unit)
        .await?;
    let cal = state
        .clocks()
        .calendar(unit.code.as_str())
        .map_err(calendar_error)?;
    let received_day = vn_date(before.received_at);
    let rules = state.clocks().rules_by_id(&before.rules_id, received_day);
    let day_minutes = timing::day_minutes(&cal, received_day).map_err(calendar_error)?;
    let limit = timing::time_limit(before.limit_kind, before.limit_amount, day_minutes);
    // An apology's new date must be a moment the unit's office is open, within one more time
    // limit of the procedure (see `timing::check_new_due`).
    if let Command::Apologise { new_due, .. } = &req.command {
        let current = snapshot(before).due_at;
        timing::check_new_due(&cal, rules, current, *new_due, limit).map_err(|e| match e {
            timing::NewDueProblem::Rule(rule) => AppError::from(rule),
            timing::NewDueProblem::Calendar(cal) => AppError::field(
                "new_due",
                format!("Không kiểm tra được ngày hẹn trả mới theo lịch làm việc: {cal}"),
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
    let saved = dossiers::save(&mut tx, &d, &event).await?;
    if !req.documents.is_empty() {
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
        dossiers::add_documents(&mut tx, saved.id, &docs).await?;
    }
    audit::record(
        &mut tx,
        &actor.audit(),
        &format!("dossier.{}", req.command.kind().code()),
        "dossier",
        &saved.id.to_string(),
        Some(&json!({ "status": before.status.code(), "version": before.version })),
        Some(&json!({ "status": saved.status.code(), "version": saved.version })),
    )
    .await?;
    queue_notices(&mut tx, &saved, notices::after_action(&saved, &req.command)).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Stores an uploaded file's content (once per SHA-256) and returns the dossier's reference.
async fn store_upload(
    tx: &mut Tx,
    f: &UploadedFile,
    now: DateTime<Utc>,
) -> Result<FileRef, AppError> {
    let stored = StoredFile {
        sha256: f.sha256.clone(),
        kind: f.kind.clone(),
        content: f.content.clone(),
    };
    dossiers::store_file(tx, &stored, now).await?;
    Ok(FileRef {
        name: f.name.clone(),
        sha256: f.sha256.clone(),
    })
}

async fn queue_notices(tx: &mut Tx, d: &DossierRecord, list: Vec<Notice>) -> Result<(), AppError> {
    for n in list {
        notices::enqueue(tx, d, &n).await?;
    }
    Ok(())
}
