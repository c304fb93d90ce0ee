//! `/api/v1/dossiers`: intake, the queue, one dossier with its allowed actions, and actions.

use crate::i18n::Lang;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use motcua_domain::dossier::applicant::{Applicant, ApplicantForm, ApplicantKind};
use motcua_domain::dossier::lifecycle::{ActionKind, Channel, Status};
use motcua_domain::dossier::upload::UploadLimits;
use motcua_domain::ids::{DossierId, UnitId};
use motcua_domain::policy::Action;
use motcua_domain::procedure::ProcedureCode;
use motcua_domain::role::Role;
use motcua_store::dossiers::{self, ApplicantRecord, DossierFilter, DossierRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiError;
use crate::auth::CurrentUser;
use crate::authz;
use crate::dossiers::input::{self, ActionInput};
use crate::dossiers::service::{self, ActRequest, Actor, Intake, IntakeDocument, UploadedFile};
use crate::dossiers::uploads;
use crate::error::AppError;
use crate::extract::{ApiJson, Query};
use crate::state::AppState;

/// The applicant as typed; see the intake page for the rules.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ApplicantInput {
    /// `person` or `organisation`.
    pub kind: String,
    pub name: String,
    /// 12-digit Căn cước number (person).
    pub citizen_id: String,
    pub birth_year: String,
    /// Tax code (organisation).
    pub tax_code: String,
    pub representative: String,
    pub phone: String,
    pub email: String,
    pub address: String,
}

impl From<ApplicantInput> for ApplicantForm {
    fn from(a: ApplicantInput) -> Self {
        Self {
            kind: a.kind,
            name: a.name,
            citizen_id: a.citizen_id,
            birth_year: a.birth_year,
            tax_code: a.tax_code,
            representative: a.representative,
            phone: a.phone,
            email: a.email,
            address: a.address,
        }
    }
}

/// The stored form of a checked applicant.
#[must_use]
pub fn applicant_record(
    a: &Applicant,
    user: Option<motcua_domain::ids::UserId>,
) -> ApplicantRecord {
    let (kind, id_number) = match &a.kind {
        ApplicantKind::Person { citizen_id, .. } => ("person", citizen_id.to_string()),
        ApplicantKind::Organisation { tax_code, .. } => {
            ("organisation", tax_code.as_str().to_owned())
        }
    };
    ApplicantRecord {
        kind: kind.to_owned(),
        name: a.name.clone(),
        id_number,
        phone: a.phone.as_ref().map(|p| p.as_str().to_owned()),
        email: a.email.as_ref().map(|e| e.as_str().to_owned()),
        address: a.address.clone(),
        user_id: user,
        masked_name: a.masked_name(),
    }
}

/// One line of the checklist: seen on paper (`provided`) and/or a file.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DocumentInput {
    /// Position in the procedure's list of required documents, from 0.
    pub position: u32,
    pub provided: bool,
    pub file_name: String,
    /// The file's bytes, base64; PDF, JPEG or PNG, checked by content.
    pub content_base64: String,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct IntakeInput {
    /// The receiving unit; an officer's own unit by default.
    pub unit_id: String,
    pub procedure_code: String,
    /// `desk` (default for officers), `online` (always for citizens) or `post`.
    pub channel: String,
    pub applicant: ApplicantInput,
    pub documents: Vec<DocumentInput>,
    pub return_place: String,
}

/// A dossier as officers see it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DossierDto {
    pub id: String,
    pub code: String,
    pub version: i64,
    pub status: String,
    pub status_label: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub channel: String,
    pub applicant_name: String,
    pub step_index: Option<u16>,
    pub step_count: u16,
    pub step_role: Option<String>,
    pub step_due_at: Option<DateTime<Utc>>,
    pub received_at: DateTime<Utc>,
    pub due_at: Option<DateTime<Utc>>,
    pub original_due_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    /// `at_risk` or `late`, set by the late watch.
    pub watch: Option<String>,
    pub watch_reason: Option<String>,
    pub logbook_number: i64,
    /// What this caller may do now (action codes).
    pub allowed_actions: Vec<String>,
}

impl DossierDto {
    fn new(d: &DossierRecord, allowed: Vec<String>, lang: Lang) -> Self {
        Self {
            id: d.id.to_string(),
            code: d.code.clone(),
            version: d.version,
            status: d.status.code().to_owned(),
            status_label: lang.label(d.status),
            procedure_code: d.procedure_code.clone(),
            procedure_name: d.procedure_name.clone(),
            channel: d.channel.code().to_owned(),
            applicant_name: d.applicant.name.clone(),
            step_index: d.step_index,
            step_count: d.step_count,
            step_role: d.step_role.map(|r| r.code().to_owned()),
            step_due_at: d.step_due_at,
            received_at: d.received_at,
            due_at: d.due_at,
            original_due_at: d.original_due_at,
            finished_at: d.finished_at,
            outcome: d.outcome.map(|o| o.code().to_owned()),
            watch: d.watch.as_ref().map(|w| w.kind.code().to_owned()),
            watch_reason: d.watch.as_ref().map(|w| w.reason.clone()),
            logbook_number: d.logbook_number,
            allowed_actions: allowed,
        }
    }
}

/// Builds a validated intake from the API or page input (files already decoded).
pub async fn build_intake(
    state: &AppState,
    user: &CurrentUser,
    input: IntakeInput,
    files: Vec<(u32, UploadedFile)>,
) -> Result<Intake, AppError> {
    let a = &input.applicant;
    let mut fields: Vec<(&str, &str)> = vec![
        ("unit_id", &input.unit_id),
        ("procedure_code", &input.procedure_code),
        ("channel", &input.channel),
        ("return_place", &input.return_place),
        ("kind", &a.kind),
        ("name", &a.name),
        ("citizen_id", &a.citizen_id),
        ("birth_year", &a.birth_year),
        ("tax_code", &a.tax_code),
        ("representative", &a.representative),
        ("phone", &a.phone),
        ("email", &a.email),
        ("address", &a.address),
    ];
    for d in &input.documents {
        fields.push(("file_name", &d.file_name));
    }
    AppError::check_lengths(&fields)?;
    let is_citizen = user.grants.iter().any(|g| g.role == Role::Citizen)
        && !authz::can_somewhere(user, Action::ReceiveDossier);
    let unit = if input.unit_id.trim().is_empty() {
        authz::scope_roots(user, Action::ReceiveDossier)
            .and_then(|r| r.first().copied())
            .ok_or_else(|| AppError::field("unit_id", "Chọn nơi tiếp nhận hồ sơ."))?
    } else {
        UnitId::parse(&input.unit_id)
            .map_err(|_| AppError::field("unit_id", "Nơi tiếp nhận không hợp lệ."))?
    };
    // A citizen files online at any centre (Decree 118/2025); an officer receives for a unit
    // in their scope.
    let unit_path = if is_citizen {
        None
    } else {
        let target = authz::unit_target(state, Some(user), unit).await?;
        authz::decide(Some(user), Action::ReceiveDossier, &target)?;
        Some(target.unit_path)
    };
    let channel = if is_citizen {
        Channel::Online
    } else if input.channel.trim().is_empty() {
        Channel::Desk
    } else {
        Channel::parse(&input.channel)
            .ok_or_else(|| AppError::field("channel", "Kênh nộp phải là desk, online hoặc post."))?
    };
    let mut errors = Vec::new();
    let applicant = match ApplicantForm::from(input.applicant).parse() {
        Ok(a) => Some(a),
        Err(e) => {
            errors.extend(AppError::from(e).field_messages());
            None
        }
    };
    let procedure = match ProcedureCode::parse(&input.procedure_code) {
        Ok(p) => Some(p),
        Err(_) => {
            errors.push(crate::error::FieldMessage {
                field: "procedure".into(),
                message: "Chọn thủ tục hành chính.".into(),
            });
            None
        }
    };
    let all_files: Vec<UploadedFile> = files.iter().map(|(_, f)| f.clone()).collect();
    if let Err(e) = uploads::accept_batch(&all_files, &UploadLimits::default()) {
        errors.extend(e.field_messages());
    }
    let mut documents: Vec<IntakeDocument> = input
        .documents
        .iter()
        .map(|d| IntakeDocument {
            position: d.position,
            // A citizen cannot vouch for paper the desk has not seen: online, only files count.
            provided: d.provided && !is_citizen,
            file: None,
        })
        .collect();
    for (position, file) in files {
        match documents.iter_mut().find(|d| d.position == position) {
            Some(d) => d.file = Some(file),
            None => documents.push(IntakeDocument {
                position,
                provided: false,
                file: Some(file),
            }),
        }
    }
    // Every problem in one answer: the officer fixes the applicant and the checklist together.
    let submitted_at = motcua_store::now();
    let mut in_force = None;
    if let Some(code) = &procedure {
        let today = motcua_domain::vn_date(submitted_at);
        let found = state
            .cache()
            .in_force(state.db(), user.cache, code, today)
            .await;
        if let Ok(version) = found {
            if let Err(e) = service::check_documents(&version, &documents) {
                errors.extend(e.field_messages());
            }
            in_force = Some(version);
        }
    }
    let (Some(applicant), Some(procedure), true) = (applicant, procedure, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    Ok(Intake {
        unit,
        unit_path,
        procedure,
        in_force,
        channel,
        applicant: applicant_record(&applicant, is_citizen.then_some(user.user_id)),
        documents,
        return_place: if input.return_place.trim().is_empty() {
            "Bộ phận Một cửa".to_owned()
        } else {
            input.return_place.trim().to_owned()
        },
        submitted_at,
    })
}

/// The actor behind a request.
#[must_use]
pub fn actor(user: &CurrentUser) -> Actor {
    user.actor()
}

/// Receive a dossier (desk officer), or file one online (citizen).
#[utoipa::path(
    post,
    path = "/api/v1/dossiers",
    tag = "dossiers",
    security(("bearer" = [])),
    request_body = IntakeInput,
    responses(
        (status = 201, body = DossierDto),
        (status = 422, description = "`validation_failed`: fields say what is wrong (ID number, missing documents, files)", body = ApiError),
        (status = 403, description = "`forbidden`: the caller may not receive dossiers for this unit", body = ApiError),
        (status = 404, description = "`not_found`: the receiving unit", body = ApiError),
        (status = 409, description = "A rule of the procedure refused the intake (the `code` says which)", body = ApiError),
    )
)]
pub async fn create_dossier(
    State(state): State<AppState>,
    user: CurrentUser,
    lang: Lang,
    ApiJson(mut input): ApiJson<IntakeInput>,
) -> Result<(StatusCode, Json<DossierDto>), AppError> {
    let limits = UploadLimits::default();
    let mut files = Vec::new();
    for (i, d) in input.documents.iter_mut().enumerate() {
        // A named file with no content is an empty upload, to be refused as such; only a
        // line with neither name nor content carries no file.
        if d.content_base64.is_empty() && d.file_name.trim().is_empty() {
            continue;
        }
        let field = format!("document_{}", d.position);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(d.content_base64.trim())
            .map_err(|_| AppError::field(&field, "Nội dung tệp không phải base64 hợp lệ."))?;
        d.content_base64.clear();
        let name = if d.file_name.is_empty() {
            format!("tep-{i}")
        } else {
            d.file_name.clone()
        };
        files.push((
            d.position,
            uploads::accept(&field, &name, None, bytes, &limits)?,
        ));
    }
    let intake = build_intake(&state, &user, input, files).await?;
    let (unit, unit_path) = (intake.unit, intake.unit_path.clone());
    let d = service::intake(&state, &actor(&user), intake).await?;
    let allowed = match unit_path {
        // A new dossier is handled where it was received, whose ancestry the intake's
        // permission check has just read.
        Some(path) if d.handling_unit == unit => codes(input::actions_on(
            &user,
            &d,
            &input::target_on(&d, path),
            motcua_store::now(),
        )),
        _ => allowed_codes(&state, &user, &d).await?,
    };
    Ok((
        StatusCode::CREATED,
        Json(DossierDto::new(&d, allowed, lang)),
    ))
}

async fn allowed_codes(
    state: &AppState,
    user: &CurrentUser,
    d: &DossierRecord,
) -> Result<Vec<String>, AppError> {
    Ok(codes(
        input::actions_for(state, user, d, motcua_store::now()).await?,
    ))
}

fn codes(actions: Vec<ActionKind>) -> Vec<String> {
    actions.into_iter().map(|k| k.code().to_owned()).collect()
}

/// One dossier, with what the caller may do now.
#[utoipa::path(
    get,
    path = "/api/v1/dossiers/{id}",
    tag = "dossiers",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    responses(
        (status = 200, body = DossierDto),
        (status = 403, description = "`forbidden`: visible to the caller's roles but not in their units", body = ApiError),
        (status = 404, description = "`not_found`: no dossier with this id that the caller may know of", body = ApiError),
    )
)]
pub async fn get_dossier(
    State(state): State<AppState>,
    user: CurrentUser,
    lang: Lang,
    Path(id): Path<String>,
) -> Result<Json<DossierDto>, AppError> {
    let id = DossierId::parse(&id).map_err(|_| AppError::NotFound)?;
    let d = input::load_for(&state, Some(&user), id, Action::ViewDossier).await?;
    let allowed = allowed_codes(&state, &user, &d).await?;
    Ok(Json(DossierDto::new(&d, allowed, lang)))
}

/// Act on a dossier: hand over, request a supplement, refuse, apologise, stop, transfer,
/// return. The body carries the version the caller saw.
#[utoipa::path(
    post,
    path = "/api/v1/dossiers/{id}/actions",
    tag = "dossiers",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = ActionInput,
    responses(
        (status = 200, body = DossierDto),
        (status = 403, description = "`forbidden`: the caller's roles or units do not allow this action", body = ApiError),
        (status = 404, description = "`not_found`: no dossier with this id that the caller may know of", body = ApiError),
        (status = 409, description = "`conflict` (someone acted first: reload), `action_not_allowed` (fields.allowed lists what is), `dossier_finished`, `second_supplement`, `second_apology`, `apology_too_late`, `new_due_not_later`", body = ApiError),
        (status = 422, description = "`validation_failed`: a field the action needs is missing or wrong", body = ApiError),
    )
)]
pub async fn act_on_dossier(
    State(state): State<AppState>,
    user: CurrentUser,
    lang: Lang,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ActionInput>,
) -> Result<Json<DossierDto>, AppError> {
    let id = DossierId::parse(&id).map_err(|_| AppError::NotFound)?;
    let before = motcua_store::dossiers::get(state.db(), id).await?;
    let target = input::target(&state, Some(&user), &before).await?;
    let d = act_on(&state, &user, before, &target, &input, Vec::new()).await?;
    // The permission target is the handling unit's path: the same unless the dossier moved.
    let allowed = if target.unit_path.first() == Some(&d.handling_unit) {
        input::actions_on(&user, &d, &target, motcua_store::now())
            .into_iter()
            .map(|k| k.code().to_owned())
            .collect()
    } else {
        allowed_codes(&state, &user, &d).await?
    };
    Ok(Json(DossierDto::new(&d, allowed, lang)))
}

/// Checks the permission for the action on this dossier's current step, then acts.
pub async fn act(
    state: &AppState,
    user: &CurrentUser,
    id: DossierId,
    input: &ActionInput,
    documents: Vec<(String, UploadedFile)>,
) -> Result<DossierRecord, AppError> {
    let d = motcua_store::dossiers::get(state.db(), id).await?;
    let target = input::target(state, Some(user), &d).await?;
    act_on(state, user, d, &target, input, documents).await
}

/// [`act`] on a dossier already loaded, with its authorization target.
async fn act_on(
    state: &AppState,
    user: &CurrentUser,
    d: DossierRecord,
    target: &motcua_domain::policy::Target,
    input: &ActionInput,
    documents: Vec<(String, UploadedFile)>,
) -> Result<DossierRecord, AppError> {
    authz::decide(Some(user), Action::ViewDossier, target)?;
    let kind = input.kind()?;
    authz::decide(Some(user), input::permission(&d, kind), target)?;
    let command = input.command()?;
    let receiver = match input.receiver()? {
        Some(u) => {
            let who = motcua_store::users::get(state.db(), u)
                .await
                .map_err(|_| AppError::field("receiver", "Không tìm thấy người nhận."))?;
            Some((u, who.full_name))
        }
        None => None,
    };
    if let motcua_domain::dossier::lifecycle::Command::Transfer { to_unit, .. } = &command {
        if *to_unit == d.handling_unit {
            return Err(AppError::field(
                "to_unit",
                "Hồ sơ đang do chính cơ quan này giải quyết; chọn cơ quan khác để chuyển đến.",
            ));
        }
        motcua_store::units::get(state.db(), *to_unit)
            .await
            .map_err(|_| AppError::field("to_unit", "Không tìm thấy cơ quan nhận."))?;
    }
    service::act(
        state,
        &actor(user),
        ActRequest {
            dossier: d,
            expected_version: input.version,
            command,
            receiver,
            documents,
            at: motcua_store::now(),
        },
    )
    .await
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
pub struct QueueQuery {
    /// Status codes, comma-separated.
    pub status: Option<String>,
    pub procedure: Option<String>,
    /// Only open dossiers due within this many hours.
    pub due_within_hours: Option<u32>,
    /// Only open dossiers past their due date.
    pub late: Option<bool>,
    /// Only dossiers flagged by the late watch.
    pub flagged: Option<bool>,
    /// Only dossiers at steps of the caller's roles.
    pub mine: Option<bool>,
    /// Words of the code, applicant or procedure (diacritics optional); at most 200 characters and 12 words.
    pub q: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The filter a queue query stands for, scoped to the caller's units.
pub fn queue_filter(user: &CurrentUser, q: &QueueQuery) -> Result<DossierFilter, AppError> {
    let mut f = DossierFilter {
        limit: q.limit.unwrap_or(50),
        offset: q.offset.unwrap_or(0),
        ..DossierFilter::default()
    };
    match authz::scope_roots(user, Action::ViewDossier) {
        None => {}
        Some(roots) if roots.is_empty() => f.applicant_user = Some(user.user_id),
        Some(roots) => f.units = roots,
    }
    if let Some(s) = q.status.as_deref().filter(|s| !s.trim().is_empty()) {
        for code in s.split(',') {
            f.statuses.push(Status::parse(code.trim()).ok_or_else(|| {
                AppError::field(
                    "status",
                    format!("Trạng thái không hợp lệ: «{}».", code.trim()),
                )
            })?);
        }
    }
    f.procedure_code = q.procedure.clone().filter(|s| !s.trim().is_empty());
    let now = motcua_store::now();
    if let Some(h) = q.due_within_hours {
        f.due_before = Some(now + chrono::Duration::hours(i64::from(h.min(24 * 365))));
    }
    if q.late == Some(true) {
        f.late_at = Some(now);
    }
    f.flagged = q.flagged == Some(true);
    if q.mine == Some(true) {
        f.step_roles = user
            .grants
            .iter()
            .map(|g| g.role)
            .filter(|r| matches!(r, Role::DeskOfficer | Role::Specialist | Role::Head))
            .collect();
    }
    f.text = crate::search::search_text(q.q.as_deref())?;
    Ok(f)
}

/// The units at and below `roots`: a grant on a unit reaches its whole subtree, and the list
/// filter matches handling units exactly.
async fn subtrees(state: &AppState, roots: &[UnitId]) -> Result<Vec<UnitId>, AppError> {
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let all = motcua_store::units::list_all(state.db()).await?;
    let mut out: Vec<UnitId> = roots.to_vec();
    let mut i = 0;
    while let Some(parent) = out.get(i).copied() {
        for u in &all {
            if u.parent == Some(parent) && !out.contains(&u.id) {
                out.push(u.id);
            }
        }
        i += 1;
    }
    Ok(out)
}

/// The caller's queue: dossiers of their units (or, for a citizen, their own).
#[utoipa::path(
    get,
    path = "/api/v1/dossiers",
    tag = "dossiers",
    security(("bearer" = [])),
    params(QueueQuery),
    responses(
        (status = 200, body = [DossierDto]),
        (status = 400, description = "`search_too_long`: `q` has more than 200 characters or 12 words", body = ApiError),
        (status = 422, description = "`validation_failed`: an unknown status code", body = ApiError),
    )
)]
pub async fn list_dossiers(
    State(state): State<AppState>,
    user: CurrentUser,
    lang: Lang,
    Query(q): Query<QueueQuery>,
) -> Result<Json<Vec<DossierDto>>, AppError> {
    let mut f = queue_filter(&user, &q)?;
    f.units = subtrees(&state, &f.units).await?;
    let list = dossiers::list(state.db(), &f).await?;
    // The list shows no buttons; the detail call gives the allowed actions.
    Ok(Json(
        list.iter()
            .map(|d| DossierDto::new(d, Vec::new(), lang))
            .collect(),
    ))
}
