//! Registering a petition and acting on it. Each is one transaction holding the petition row,
//! its event, its audit entry and (for a new petition) its duplicate candidates, so a failure
//! leaves nothing half-written. Audit entries and events never carry a protected sender's
//! identity: they name the case by code and pseudonym.

use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use motcua_calendar::{CountingRules, WorkingCalendar};
use motcua_domain::ids::{PetitionId, UnitId, UserId, VisitId};
use motcua_domain::message::MessageArg;
use motcua_domain::petition::deadlines::{
    Complexity, DeadlineState, Deadlines, Extension, Instance, ResolutionCase, Suspension,
};
use motcua_domain::petition::eligibility::Ineligibility;
use motcua_domain::petition::lifecycle::{ClockChange, Command, Snapshot, Status, Transition};
use motcua_domain::petition::rules::PetitionRuleSet;
use motcua_domain::petition::second_instance::{self, FirstInstance, FirstInstanceEnd};
use motcua_domain::petition::signatories::Signatories;
use motcua_domain::petition::{PetitionError, PetitionKind, Source};
use motcua_domain::similar::{self, DuplicateScore, Signature};
use motcua_domain::vn_date;
use motcua_store::petitions::{self, PetitionEvent, PetitionRecord, SenderRecord};
use motcua_store::{reception, units};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::duplicates::{self, percent};
use super::identity::{self, Identity};
use crate::{Actor, Context, Error, FieldMessage, Result, Text};

/// A second complaint: the first-instance case it follows and when its decision was received
/// (or its deadline lapsed without one).
#[derive(Clone, Debug)]
pub struct SecondInstance {
    /// The first-instance case's code, as the citizen or the officer gives it.
    pub first_code: String,
    pub decision_received_on: Option<NaiveDate>,
}

/// A validated registration.
#[derive(Clone, Debug)]
pub struct Registration {
    pub unit: UnitId,
    pub kind: PetitionKind,
    pub source: Source,
    pub forwarded_by: String,
    pub visit: Option<VisitId>,
    pub received_at: DateTime<Utc>,
    pub subject: String,
    pub content: String,
    /// Whom a complaint or denunciation is about (required for these two kinds).
    pub respondent: String,
    /// A denunciation without a name: not handled as a denunciation, kept for inspection.
    pub anonymous: bool,
    pub sender: Identity,
    /// Several people signing: who signed and who represents them.
    pub signatories: Option<Signatories>,
    pub several_places: bool,
    pub remote_area: bool,
    pub second_instance: Option<SecondInstance>,
    /// The citizen's account, for a petition they filed online themselves. It is kept only as
    /// a keyed index ([`identity::filer_index`]), and the case is registered by the system,
    /// not by them, so that no row names the account in clear.
    pub filed_by: Option<UserId>,
    /// Files sent with the petition, already checked.
    pub files: Vec<crate::dossiers::UploadedFile>,
}

/// What the case keeps besides its columns: the lifecycle and clock details.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CaseState {
    #[serde(default)]
    pub reasons: Vec<Ineligibility>,
    #[serde(default)]
    pub extensions: Vec<Extension>,
    #[serde(default)]
    pub suspensions: Vec<Suspension>,
    #[serde(default)]
    pub same_content_forwarded: bool,
    #[serde(default)]
    pub withdrawal_recorded: bool,
    #[serde(default)]
    pub several_places: bool,
    /// The linked duplicate was already decided: this petition repeats a settled matter.
    #[serde(default)]
    pub repeats_decided: Option<String>,
}

impl CaseState {
    /// The state of a stored petition; a row with an unreadable state is treated as fresh
    /// rather than blocking every action on it.
    #[must_use]
    pub fn of(p: &PetitionRecord) -> Self {
        serde_json::from_str(&p.case_state).unwrap_or_default()
    }
}

/// The rule set a petition is counted under: the one in force on the day it was received.
fn rules_for(ctx: &Context, received: DateTime<Utc>) -> &PetitionRuleSet {
    ctx.petition_rules().in_force(vn_date(received))
}

fn calendar_error(e: impl std::fmt::Display) -> Error {
    Error::field(
        "received_at",
        Text::Message {
            id: "pet-error-calendar",
            args: vec![("detail", MessageArg::Text(e.to_string()))],
        },
    )
}

/// The domain snapshot of a stored petition.
#[must_use]
pub fn snapshot(p: &PetitionRecord) -> Snapshot {
    let st = CaseState::of(p);
    let kind = PetitionKind::parse(&p.kind).unwrap_or(PetitionKind::Feedback);
    Snapshot {
        status: Status::parse(&p.status).unwrap_or(Status::Registered),
        kind,
        reasons: st.reasons,
        complexity: Complexity::parse(&p.complexity).unwrap_or(Complexity::Normal),
        remote: p.remote_area,
        extensions: st.extensions,
        same_content_forwarded: st.same_content_forwarded,
        withdrawal_recorded: st.withdrawal_recorded,
    }
}

/// The working calendar of `unit` and the counting rules in force when `received`.
async fn deadlines_for(
    ctx: &Context,
    unit: UnitId,
    received: DateTime<Utc>,
) -> Result<(Arc<WorkingCalendar>, &CountingRules)> {
    let unit = units::get(ctx.db(), unit).await?;
    let cal = ctx
        .clocks()
        .calendar(unit.code.as_str())
        .map_err(calendar_error)?;
    Ok((cal, ctx.clocks().rules_on(vn_date(received))))
}

/// Registers a petition: numbers it, seals a denouncer, computes its first deadline and the
/// reply to the citizen, and proposes duplicate candidates.
pub async fn register(ctx: &Context, actor: &Actor, req: Registration) -> Result<PetitionRecord> {
    let db = ctx.db();
    let now = ctx.now();
    let rules = rules_for(ctx, req.received_at);
    check_registration(&req, rules)?;
    let first_instance = match &req.second_instance {
        Some(si) => Some(check_second_instance(ctx, &req, si, rules).await?),
        None => None,
    };
    let (cal, counting) = deadlines_for(ctx, req.unit, req.received_at).await?;
    let dl = Deadlines::new(&cal, counting, rules);
    let unit = units::get(db, req.unit).await?;
    let mut tx = db.begin().await?;
    let year = vn_date(req.received_at).year();
    let number = petitions::next_number(&mut tx, unit.code.as_str(), year).await?;
    let opened = open_case(
        &dl,
        ctx.identity_keys(),
        Opening {
            id: PetitionId::new(),
            code: format!("{}-{year}-{number:06}", unit.code.as_str()),
            first_instance,
            at: now,
        },
        &req,
        actor,
    )?;
    let Opened {
        record: p,
        bands,
        event,
    } = opened;
    let id = p.id;
    petitions::register(&mut tx, &actor.audit(), &p, &bands, &event).await?;
    // The officer who registers a case handles it; a citizen filing online does not.
    if let Some(user) = actor.user.filter(|u| req.filed_by != Some(*u)) {
        petitions::add_handler(&mut tx, id, user, actor.user, now).await?;
    }
    let mut files = Vec::new();
    for (position, f) in (0u32..).zip(&req.files) {
        let stored = crate::dossiers::uploads::store_upload(&mut tx, f, now).await?;
        files.push(petitions::PetitionFile {
            position,
            name: stored.name,
            sha256: stored.sha256,
        });
    }
    petitions::insert_files(&mut tx, id, &files, now).await?;
    if let Some(visit) = req.visit {
        reception::link_petition(
            &mut tx,
            &actor.audit(),
            visit,
            id,
            &format!("Đã vào sổ đơn số {}", p.code),
        )
        .await?;
    }
    for (candidate, score, reasons) in find_duplicates(ctx, &p, &bands).await? {
        petitions::propose_duplicate(&mut tx, id, candidate, score, &reasons).await?;
    }
    tx.commit().await?;
    Ok(p)
}

/// What registering gives a new case besides the officer's input.
#[derive(Clone, Debug)]
pub struct Opening {
    pub id: PetitionId,
    /// `<unit code>-<year>-<number>`; empty when a history import numbers the case later.
    pub code: String,
    /// The first-instance case a second complaint follows, already checked.
    pub first_instance: Option<PetitionId>,
    /// When it was registered (the timeline's first moment).
    pub at: DateTime<Utc>,
}

/// A case as registered: its record, its LSH bands and its first timeline event.
#[derive(Clone, Debug)]
pub struct Opened {
    pub record: PetitionRecord,
    pub bands: Vec<String>,
    /// `seq` 1.
    pub event: PetitionEvent,
}

/// Builds a new case from a checked registration: seals a denouncer's identity and works from
/// a redacted copy of their words, keys the sender for duplicate search, and sets the first
/// deadline (and the reply due to a citizen received in person) under `dl`. The live
/// registration and a history import build a case with this one function.
pub fn open_case(
    dl: &Deadlines<'_>,
    keys: &motcua_vault::Keyring,
    opening: Opening,
    req: &Registration,
    actor: &Actor,
) -> Result<Opened> {
    let Opening {
        id,
        code,
        first_instance,
        at,
    } = opening;
    let rules = dl.rules();
    let first_due = dl.acceptance_due(req.kind, req.received_at, req.several_places)?;
    let reply_due = if req.source == Source::Reception {
        Some(dl.citizen_reply_due(req.received_at)?.due)
    } else {
        None
    };
    let protected = req.kind == PetitionKind::Denunciation && !req.anonymous;
    let (person_id_index, person_name_index) = if req.anonymous {
        (None, None)
    } else {
        identity::person_indexes(keys, &req.sender)
    };
    let mut typed_subject = req.subject.clone();
    let mut respondent = req.respondent.trim().to_owned();
    let (sender, sealed, content, representatives) = if protected {
        let mut sealed_identity = req.sender.clone();
        if sealed_identity.original_content.is_empty() {
            sealed_identity.original_content = req.content.clone();
        }
        if let Some(s) = &req.signatories {
            sealed_identity.signatories = s.people.iter().map(|p| p.name.clone()).collect();
            sealed_identity.representatives =
                s.representatives().iter().map(|p| p.name.clone()).collect();
        }
        let working = identity::redact(&req.content, &sealed_identity);
        // A subject the officer typed may name the denouncer too.
        typed_subject = identity::redact(&req.subject, &sealed_identity);
        respondent = identity::redact(&respondent, &sealed_identity);
        (
            SenderRecord::default(),
            Some(identity::seal(keys, id, &sealed_identity)),
            working,
            "[]".to_owned(),
        )
    } else {
        let reps: Vec<String> = req
            .signatories
            .as_ref()
            .map(|s| s.representatives().iter().map(|p| p.name.clone()).collect())
            .unwrap_or_default();
        (
            SenderRecord {
                name: req.sender.name.trim().to_owned(),
                address: req.sender.address.trim().to_owned(),
                id_number: req.sender.id_number.trim().to_owned(),
                phone: req.sender.phone.trim().to_owned(),
            },
            None,
            req.content.clone(),
            serde_json::to_string(&reps).unwrap_or_else(|_| "[]".into()),
        )
    };
    // Everything derived from the text (subject, search text, duplicate features) comes from
    // the working copy: for a protected denouncer the clear text exists only sealed.
    let subject = subject_of(&typed_subject, &content);
    let signature = Signature::of(&format!("{subject} {content}"));
    let bands: Vec<String> = signature
        .band_keys()
        .iter()
        .map(|b| format!("{b:016x}"))
        .collect();
    // Stored as the petition's sender name and printed in the register: record content.
    let pseudonym = if protected {
        format!("Người tố cáo {code}")
    } else if req.anonymous {
        "Đơn không rõ người gửi".to_owned()
    } else {
        sender.name.clone()
    };
    let case = CaseState {
        several_places: req.several_places,
        ..CaseState::default()
    };
    let record = PetitionRecord {
        id,
        code,
        unit: req.unit,
        kind: req.kind.code().to_owned(),
        source: req.source.code().to_owned(),
        forwarded_by: req.forwarded_by.trim().to_owned(),
        visit: req.visit,
        received_at: req.received_at,
        registered_by: if req.filed_by.is_some() {
            None
        } else {
            actor.user
        },
        filer_index: req.filed_by.map(|u| identity::filer_index(keys, u)),
        subject,
        content,
        respondent,
        anonymous: req.anonymous,
        protected,
        pseudonym,
        sender,
        sender_sealed: sealed,
        person_id_index,
        person_name_index,
        signatory_count: req
            .signatories
            .as_ref()
            .map_or(1, |s| i64::try_from(s.people.len()).unwrap_or(1)),
        representatives,
        status: Status::Registered.code().to_owned(),
        reason_code: None,
        forwarded_to: String::new(),
        complexity: Complexity::Normal.code().to_owned(),
        remote_area: req.remote_area,
        instance: if first_instance.is_some() { 2 } else { 1 },
        first_instance,
        rules_id: rules.id.clone(),
        deadline_kind: Some("acceptance".to_owned()),
        due_at: Some(first_due.due),
        reply_due_at: reply_due,
        accepted_at: None,
        suspended_at: None,
        extensions: 0,
        case_state: serde_json::to_string(&case).unwrap_or_else(|_| "{}".into()),
        decided_at: None,
        decision_summary: String::new(),
        closed_at: None,
        duplicate_of: None,
        signature: signature.to_string(),
        watch_flag: None,
        version: 1,
    };
    let event = PetitionEvent {
        seq: 1,
        at,
        action: "registered".into(),
        actor: actor.user,
        actor_name: actor.name.clone(),
        from_status: None,
        to_status: record.status.clone(),
        note: String::new(),
        details: json!({ "due_at": first_due.due, "source": first_due.source }).to_string(),
    };
    Ok(Opened {
        record,
        bands,
        event,
    })
}

/// How long a subject taken from the content is.
const SUBJECT_CHARS: usize = 120;

/// The subject as typed, or else the start of the (working copy of the) content, cut between
/// words so that a mask is never left half-written ("[đ…") for a reader to puzzle over.
#[must_use]
pub fn subject_of(typed: &str, working_content: &str) -> String {
    let typed = typed.trim();
    if !typed.is_empty() {
        return typed.to_owned();
    }
    let content = working_content.trim();
    if content.chars().count() <= SUBJECT_CHARS {
        return content.to_owned();
    }
    let head: String = content.chars().take(SUBJECT_CHARS).collect();
    // Back up to the last space outside a mask; a first word longer than the limit is cut.
    let mut cut = head.len();
    let mut inside_mask = false;
    let mut last_space = None;
    for (i, c) in head.char_indices() {
        match c {
            '[' => inside_mask = true,
            ']' => inside_mask = false,
            c if c.is_whitespace() && !inside_mask => last_space = Some(i),
            _ => {}
        }
    }
    if let Some(i) = last_space {
        cut = i;
    }
    format!("{}…", head[..cut].trim_end_matches([',', ';', ':', ' ']))
}

/// The checks of [`register`] that need no database: a form that failed elsewhere (its files)
/// shows these problems too, all at once.
pub fn check(ctx: &Context, req: &Registration) -> Result<()> {
    check_registration(req, rules_for(ctx, req.received_at))
}

fn check_registration(req: &Registration, rules: &PetitionRuleSet) -> Result<()> {
    let mut errors = Vec::new();
    if req.content.trim().is_empty() {
        errors.push(FieldMessage::new("content", Text::id("pet-error-content")));
    }
    // The law asks a complaint to name whom it is against (Luật Khiếu nại 2011, Đ8 k2) and a
    // denunciation the person denounced (Luật Tố cáo 2018, Đ23 k1). A citizen filing online
    // is asked for it; an officer registers a paper as it came, and the classification then
    // decides whether it can be handled.
    if req.filed_by.is_some()
        && matches!(
            req.kind,
            PetitionKind::Complaint | PetitionKind::Denunciation
        )
        && req.respondent.trim().is_empty()
    {
        errors.push(FieldMessage::new(
            "respondent",
            Text::Message {
                id: "pet-error-respondent",
                args: vec![(
                    "kind",
                    MessageArg::Label("petition-kind-lc", req.kind.code()),
                )],
            },
        ));
    }
    if req.anonymous && req.kind != PetitionKind::Denunciation {
        errors.push(FieldMessage::new(
            "sender_name",
            Text::Message {
                id: "pet-error-anonymous",
                args: vec![(
                    "kind",
                    MessageArg::Label("petition-kind-lc", req.kind.code()),
                )],
            },
        ));
    }
    if !req.anonymous {
        if req.sender.name.trim().is_empty() {
            errors.push(FieldMessage::new(
                "sender_name",
                Text::id("pet-error-sender-name"),
            ));
        }
        if req.sender.address.trim().is_empty() {
            errors.push(FieldMessage::new(
                "sender_address",
                Text::id("pet-error-sender-address"),
            ));
        }
    }
    if req.source == Source::Forwarded && req.forwarded_by.trim().is_empty() {
        errors.push(FieldMessage::new(
            "forwarded_by",
            Text::id("pet-error-forwarded-by"),
        ));
    }
    if let Some(s) = &req.signatories
        && let Err(e) = s.validate(&rules.representatives.value, req.kind)
    {
        errors.push(FieldMessage::new("signatories", Text::of(&e)));
    }
    if req.second_instance.is_some() && req.kind != PetitionKind::Complaint {
        errors.push(FieldMessage::new(
            "first_instance",
            Text::id("pet-error-second-not-complaint"),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

/// The first-instance case must be a complaint, and the second one filed inside its window.
async fn check_second_instance(
    ctx: &Context,
    req: &Registration,
    si: &SecondInstance,
    rules: &PetitionRuleSet,
) -> Result<PetitionId> {
    let first = match petitions::get_by_code(ctx.db(), si.first_code.trim()).await {
        Ok(p) => p,
        Err(motcua_store::StoreError::NotFound { .. }) => {
            return Err(Error::field(
                "first_instance",
                Text::id("pet-error-first-not-found"),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if first.kind != PetitionKind::Complaint.code() || first.instance != 1 {
        return Err(Error::field(
            "first_instance",
            Text::id("pet-error-first-not-complaint"),
        ));
    }
    // The window runs from the first decision's receipt, or from the day the first-instance
    // deadline lapsed without a decision.
    let end = match (si.decision_received_on, first.decided_at, first.due_at) {
        (Some(on), _, _) => FirstInstance {
            end: FirstInstanceEnd::DecisionReceived,
            on,
        },
        (None, Some(decided), _) => FirstInstance {
            end: FirstInstanceEnd::DecisionReceived,
            on: vn_date(decided),
        },
        (None, None, Some(due)) => FirstInstance {
            end: FirstInstanceEnd::DeadlineLapsed,
            on: vn_date(due),
        },
        (None, None, None) => {
            return Err(Error::field(
                "first_instance",
                Text::id("pet-error-first-open"),
            ));
        }
    };
    let (cal, counting) = deadlines_for(ctx, req.unit, req.received_at).await?;
    let dl = Deadlines::new(&cal, counting, rules);
    second_instance::check_second_complaint(&dl, end, req.remote_area, vn_date(req.received_at))?;
    Ok(first.id)
}

/// Scores the petitions that share a band or a sender with `p`: (candidate, percent, why).
async fn find_duplicates(
    ctx: &Context,
    p: &PetitionRecord,
    bands: &[String],
) -> Result<Vec<(PetitionId, i64, String)>> {
    let candidates = petitions::candidates(
        ctx.db(),
        p.id,
        bands,
        p.person_id_index.as_deref(),
        p.person_name_index.as_deref(),
        50,
    )
    .await?;
    let text = duplicates::compared_text(p);
    let mut out = Vec::new();
    for c in candidates {
        let person = duplicates::person_match(p, &c);
        let content = similar::content_similarity(&text, &duplicates::compared_text(&c));
        let score = DuplicateScore::new(content, person);
        if !score.is_candidate() {
            continue;
        }
        out.push((c.id, percent(score.total), duplicates::reasons(&score, &c)));
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.1));
    out.truncate(10);
    Ok(out)
}

/// Applies `cmd` to the petition read at `version`.
pub async fn act(
    ctx: &Context,
    actor: &Actor,
    p: &PetitionRecord,
    version: i64,
    cmd: &Command,
) -> Result<PetitionRecord> {
    if version != p.version {
        return Err(petitions::stale().into());
    }
    let now = ctx.now();
    let rules = rules_for(ctx, p.received_at);
    // Refused before the unit is read: most refusals need no calendar.
    snapshot(p).decide(cmd, rules)?;
    let (cal, counting) = deadlines_for(ctx, p.unit, p.received_at).await?;
    let dl = Deadlines::new(&cal, counting, rules);
    let Applied {
        record: next,
        event,
        ..
    } = advance(&dl, p, cmd, actor, now)?;
    let mut tx = ctx.db().begin().await?;
    let saved =
        petitions::save_action(&mut tx, &actor.audit(), cmd.kind().code(), p, &next, &event)
            .await?;
    tx.commit().await?;
    Ok(saved)
}

/// `cmd` applied to `p` at `at` under the deadlines `dl` of its unit and day of receipt:
/// everything the action changes, the resolution due date included, ready to save. The live
/// service and a history import walk a case through this one function.
pub fn advance(
    dl: &Deadlines<'_>,
    p: &PetitionRecord,
    cmd: &Command,
    actor: &Actor,
    at: DateTime<Utc>,
) -> Result<Applied> {
    let t = snapshot(p).decide(cmd, dl.rules())?;
    let mut applied = apply(p, &t, cmd, actor, at);
    if matches!(t.snapshot.status, Status::Accepted | Status::Suspended)
        && applied.record.accepted_at.is_some()
    {
        applied.record.deadline_kind = Some("resolution".into());
        applied.record.due_at = due_on(dl, &applied.record, &applied.state)?;
    }
    Ok(applied)
}

/// A permitted action applied to a petition: the record and case state as they are now, and the
/// timeline entry. The resolution due date is the caller's, since it needs the unit's calendar;
/// everything else an action changes is here, so the live service and a history import change
/// a petition the same way.
#[derive(Clone, Debug)]
pub struct Applied {
    pub record: PetitionRecord,
    pub state: CaseState,
    /// `seq` 0: [`petitions::save`] numbers it.
    pub event: PetitionEvent,
}

/// Applies transition `t` (what [`Snapshot::decide`] allowed for `cmd`) to `p` at `at`.
#[must_use]
pub fn apply(
    p: &PetitionRecord,
    t: &Transition,
    cmd: &Command,
    actor: &Actor,
    at: DateTime<Utc>,
) -> Applied {
    let mut st = CaseState::of(p);
    let mut next = p.clone();
    next.status = t.snapshot.status.code().to_owned();
    next.kind = t.snapshot.kind.code().to_owned();
    next.complexity = t.snapshot.complexity.code().to_owned();
    next.remote_area = t.snapshot.remote;
    st.reasons.clone_from(&t.snapshot.reasons);
    st.extensions.clone_from(&t.snapshot.extensions);
    st.withdrawal_recorded = t.snapshot.withdrawal_recorded;
    next.reason_code = st.reasons.first().map(|r| r.code().to_owned());
    next.extensions = i64::try_from(st.extensions.len()).unwrap_or(0);
    let mut details = json!({});
    let note = match cmd {
        Command::NotAccept { reason, note } => {
            next.reason_code = Some(reason.code().to_owned());
            details = json!({ "reason": reason.code() });
            note
        }
        Command::Forward { agency, note } => {
            next.forwarded_to = agency.trim().to_owned();
            details = json!({ "agency": agency });
            note
        }
        Command::Guide { guidance } => {
            details = json!({ "guidance": guidance });
            guidance
        }
        Command::Decide { summary } => {
            next.decision_summary = summary.trim().to_owned();
            next.decided_at = Some(at);
            summary
        }
        Command::Extend { days, reason } => {
            details = json!({ "days": days, "reason": reason });
            reason
        }
        Command::Accept {
            complexity_reason, ..
        } => {
            details = json!({ "complexity_reason": complexity_reason });
            complexity_reason
        }
        Command::File { note }
        | Command::KeepForInspection { note }
        | Command::Resume { note }
        | Command::Withdraw { note, .. } => note,
        Command::Suspend { reason } => reason,
        Command::Classify { .. } => "",
    };
    match t.clock {
        Some(ClockChange::Start) => {
            next.accepted_at = Some(at);
            st.suspensions.clear();
        }
        Some(ClockChange::Pause) => {
            st.suspensions.push(Suspension {
                from: at,
                until: None,
            });
            next.suspended_at = Some(at);
        }
        Some(ClockChange::Resume) => {
            if let Some(s) = st.suspensions.last_mut() {
                s.until = Some(at);
            }
            next.suspended_at = None;
        }
        Some(ClockChange::Extend(_)) | None => {}
    }
    if t.snapshot.status.is_finished() {
        next.closed_at = Some(at);
        next.due_at = None;
        next.deadline_kind = None;
        next.watch_flag = None;
    }
    next.case_state = serde_json::to_string(&st).unwrap_or_else(|_| "{}".into());
    let event = PetitionEvent {
        seq: 0,
        at,
        action: cmd.kind().code().to_owned(),
        actor: actor.user,
        actor_name: actor.name.clone(),
        from_status: Some(p.status.clone()),
        to_status: next.status.clone(),
        note: note.trim().chars().take(2000).collect(),
        details: details.to_string(),
    };
    Applied {
        record: next,
        state: st,
        event,
    }
}

/// The resolution due moment of an accepted case under its suspensions and extensions; `None`
/// while suspended.
pub async fn resolution_due(
    ctx: &Context,
    p: &PetitionRecord,
    st: &CaseState,
) -> Result<Option<DateTime<Utc>>> {
    if p.accepted_at.is_none() {
        return Ok(None);
    }
    let rules = rules_for(ctx, p.received_at);
    let (cal, counting) = deadlines_for(ctx, p.unit, p.received_at).await?;
    due_on(&Deadlines::new(&cal, counting, rules), p, st)
}

/// [`resolution_due`] under deadlines already built.
fn due_on(dl: &Deadlines<'_>, p: &PetitionRecord, st: &CaseState) -> Result<Option<DateTime<Utc>>> {
    let Some(accepted_at) = p.accepted_at else {
        return Ok(None);
    };
    let case = ResolutionCase {
        kind: PetitionKind::parse(&p.kind).unwrap_or(PetitionKind::Complaint),
        instance: if p.instance == 2 {
            Instance::Second
        } else {
            Instance::First
        },
        complexity: Complexity::parse(&p.complexity).unwrap_or(Complexity::Normal),
        remote: p.remote_area,
        accepted_at,
        extensions: &st.extensions,
        suspensions: &st.suspensions,
    };
    match dl.resolution_due(&case) {
        Ok(due) => Ok(due.map(|d| d.due)),
        // Recommendations and feedback have no resolution limit: the handling deadline stays.
        Err(PetitionError::NoResolutionLimit(_)) => Ok(p.due_at),
        Err(e) => Err(e.into()),
    }
}

/// Where the running deadline of an open petition stands now.
pub async fn deadline_state(
    ctx: &Context,
    p: &PetitionRecord,
    now: DateTime<Utc>,
) -> Result<Option<DeadlineState>> {
    let Some(due) = p.due_at else {
        return Ok(None);
    };
    if p.closed_at.is_some() || p.suspended_at.is_some() {
        return Ok(None);
    }
    let rules = rules_for(ctx, p.received_at);
    let (cal, counting) = deadlines_for(ctx, p.unit, p.received_at).await?;
    let dl = Deadlines::new(&cal, counting, rules);
    Ok(Some(dl.state(now, due)?))
}

/// Names another officer of the unit as a handler of the case.
pub async fn add_handler(
    ctx: &Context,
    actor: &Actor,
    p: &PetitionRecord,
    user: UserId,
) -> Result<()> {
    let now = ctx.now();
    let mut tx = ctx.db().begin().await?;
    petitions::name_handler(&mut tx, &actor.audit(), p, user, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Has the petition been pending past the escalation period at `now`?
pub async fn long_pending(ctx: &Context, p: &PetitionRecord, now: DateTime<Utc>) -> Result<bool> {
    if p.closed_at.is_some() {
        return Ok(false);
    }
    let rules = rules_for(ctx, p.received_at);
    let (cal, counting) = deadlines_for(ctx, p.unit, p.received_at).await?;
    let dl = Deadlines::new(&cal, counting, rules);
    Ok(dl.escalation_due(p.received_at)?.due < now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::petitions::identity::REDACTED;

    #[test]
    fn a_derived_subject_never_ends_inside_a_mask() {
        let content = format!(
            "Tôi là {REDACTED}, CCCD {REDACTED}, ĐT {REDACTED} hoặc {REDACTED}, tố cáo ông X."
        );
        // The fourth mark straddles the limit: the subject must stop before it.
        assert!(content.chars().count() > SUBJECT_CHARS);
        let subject = subject_of("", &content);
        assert!(subject.ends_with('…'), "{subject}");
        assert_eq!(
            subject.matches('[').count(),
            subject.matches(']').count(),
            "{subject}"
        );
        assert!(subject.chars().count() <= SUBJECT_CHARS + 1, "{subject}");
        assert!(
            content.starts_with(subject.trim_end_matches('…')),
            "{subject}"
        );
    }

    #[test]
    fn a_short_content_or_a_typed_subject_is_kept_whole() {
        assert_eq!(
            subject_of("", "  Ngập nước ở khóm 3.  "),
            "Ngập nước ở khóm 3."
        );
        assert_eq!(
            subject_of(" Đèn đường hỏng ", "x".repeat(500).as_str()),
            "Đèn đường hỏng"
        );
    }

    #[test]
    fn one_word_longer_than_the_limit_is_cut_at_the_limit() {
        let subject = subject_of("", &"a".repeat(300));
        assert_eq!(subject.chars().count(), SUBJECT_CHARS + 1);
    }
}
