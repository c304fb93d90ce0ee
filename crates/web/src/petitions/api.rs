//! The petition register over JSON: register, list, read, act, link or dismiss a duplicate,
//! reveal a protected sender (named handlers, with a reason), and the steering figures.
//! A protected denouncer is shown by pseudonym only; the identity leaves the server only in
//! the answer to a reveal.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use motcua_domain::ids::PetitionId;
use motcua_domain::petition::PetitionKind;
use motcua_domain::petition::lifecycle::Status;
use motcua_domain::policy::Action;
use motcua_store::petitions::{self, PetitionRecord};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::access::{self, actor};
use super::input::{ActionInput, DuplicateInput, RegisterInput, RevealInput};
use super::view::{
    DashboardCell, DuplicateDto, ListQuery, allowed_codes, dashboard_cells, duplicate_dtos,
    list_filter,
};
use super::{act, register};
use crate::api::ApiError;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{ApiJson, Query};
use crate::i18n::Lang;
use crate::state::AppState;

/// The routes under `/api/v1/petitions`.
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_petitions, create_petition))
        .routes(routes!(dashboard))
        .routes(routes!(run_watch))
        .routes(routes!(get_petition))
        .routes(routes!(act_on_petition))
        .routes(routes!(reveal_identity))
        .routes(routes!(decide_duplicate))
}

/// The sender in clear: only for a petition whose sender is not protected.
#[derive(Serialize, ToSchema)]
pub struct SenderDto {
    pub name: String,
    pub address: String,
    pub id_number: String,
    pub phone: String,
}

#[derive(Serialize, ToSchema)]
pub struct PetitionDto {
    pub id: String,
    pub code: String,
    pub unit_id: String,
    pub kind: String,
    pub kind_label: String,
    pub source: String,
    pub status: String,
    pub status_label: String,
    pub subject: String,
    /// Whom a complaint or denunciation concerns (empty when not given).
    pub respondent: String,
    /// The working copy: for a protected denouncer, every identifying detail is masked.
    pub content: String,
    pub protected: bool,
    pub anonymous: bool,
    /// How the sender is named here: their name, or a pseudonym.
    pub sender_label: String,
    pub sender: Option<SenderDto>,
    pub signatory_count: i64,
    pub received_at: DateTime<Utc>,
    /// `acceptance` (classify and accept or refuse) or `resolution`.
    pub deadline_kind: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub reply_due_at: Option<DateTime<Utc>>,
    pub complexity: String,
    pub extensions: i64,
    pub instance: i64,
    pub forwarded_to: String,
    pub reason_code: Option<String>,
    pub decision_summary: String,
    /// `due_soon`, `overdue` or `long_pending`, from the deadline watch.
    pub watch_flag: Option<String>,
    pub version: i64,
    /// What the caller may do now (empty in lists).
    pub allowed_actions: Vec<String>,
    pub duplicates: Vec<DuplicateDto>,
}

impl PetitionDto {
    #[must_use]
    pub fn new(
        p: &PetitionRecord,
        allowed: Vec<String>,
        duplicates: Vec<DuplicateDto>,
        lang: Lang,
    ) -> Self {
        let kind = PetitionKind::parse(&p.kind);
        let status = Status::parse(&p.status);
        Self {
            id: p.id.to_string(),
            code: p.code.clone(),
            unit_id: p.unit.to_string(),
            kind: p.kind.clone(),
            kind_label: kind.map_or_else(|| p.kind.clone(), |k| lang.label(k)),
            source: p.source.clone(),
            status: p.status.clone(),
            status_label: status.map_or_else(|| p.status.clone(), |s| lang.label(s)),
            subject: p.subject.clone(),
            respondent: p.respondent.clone(),
            content: p.content.clone(),
            protected: p.protected,
            anonymous: p.anonymous,
            sender_label: p.pseudonym.clone(),
            sender: (!p.protected && !p.anonymous).then(|| SenderDto {
                name: p.sender.name.clone(),
                address: p.sender.address.clone(),
                id_number: p.sender.id_number.clone(),
                phone: p.sender.phone.clone(),
            }),
            signatory_count: p.signatory_count,
            received_at: p.received_at,
            deadline_kind: p.deadline_kind.clone(),
            due_at: p.due_at,
            reply_due_at: p.reply_due_at,
            complexity: p.complexity.clone(),
            extensions: p.extensions,
            instance: p.instance,
            forwarded_to: p.forwarded_to.clone(),
            reason_code: p.reason_code.clone(),
            decision_summary: p.decision_summary.clone(),
            watch_flag: p.watch_flag.clone(),
            version: p.version,
            allowed_actions: allowed,
            duplicates,
        }
    }
}

async fn detail(
    state: &AppState,
    user: &CurrentUser,
    p: &PetitionRecord,
    lang: Lang,
) -> Result<PetitionDto, AppError> {
    let allowed = allowed_codes(state, user, p).await?;
    let dups = duplicate_dtos(state, user, p).await?;
    Ok(PetitionDto::new(p, allowed, dups, lang))
}

#[utoipa::path(
    post,
    path = "/api/v1/petitions",
    tag = "petitions",
    security(("bearer" = [])),
    request_body = RegisterInput,
    responses(
        (status = 201, body = PetitionDto),
        (status = 422, description = "`validation_failed`: no content, no sender where one is required, a mixed petition", body = ApiError),
        (status = 409, description = "`second_instance_out_of_window`: a second complaint filed outside its window", body = ApiError),
        (status = 403, description = "`forbidden`: the caller handles no petitions, or not for this unit", body = ApiError),
        (status = 404, description = "`not_found`: the unit", body = ApiError),
    )
)]
pub async fn create_petition(
    State(state): State<AppState>,
    user: CurrentUser,
    lang: Lang,
    ApiJson(input): ApiJson<RegisterInput>,
) -> Result<(StatusCode, Json<PetitionDto>), AppError> {
    let p = register(&state, &user, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(detail(&state, &user, &p, lang).await?),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/petitions",
    tag = "petitions",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, body = [PetitionDto]),
        (status = 400, description = "`search_too_long`: `q` has more than 200 characters or 12 words", body = ApiError),
        (status = 403, description = "`forbidden`: the caller sees no petitions, or not of this unit", body = ApiError),
        (status = 422, description = "`validation_failed`: an unknown kind, status or unit id", body = ApiError),
    )
)]
pub async fn list_petitions(
    State(state): State<AppState>,
    user: CurrentUser,
    lang: Lang,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<PetitionDto>>, AppError> {
    let f = list_filter(&state, &user, &q).await?;
    let list = petitions::list(state.db(), &f).await?;
    Ok(Json(
        list.iter()
            .map(|p| PetitionDto::new(p, Vec::new(), Vec::new(), lang))
            .collect(),
    ))
}

fn parse_id(raw: &str) -> Result<PetitionId, AppError> {
    PetitionId::parse(raw).map_err(|_| AppError::NotFound)
}

#[utoipa::path(
    get,
    path = "/api/v1/petitions/{id}",
    tag = "petitions",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    responses(
        (status = 200, body = PetitionDto),
        (status = 403, description = "`forbidden`: visible to the caller's roles but not in their units", body = ApiError),
        (status = 404, description = "`not_found`: no petition with this id that the caller may know of", body = ApiError),
    )
)]
pub async fn get_petition(
    State(state): State<AppState>,
    user: CurrentUser,
    lang: Lang,
    Path(id): Path<String>,
) -> Result<Json<PetitionDto>, AppError> {
    let p = access::load_for(&state, &user, parse_id(&id)?, Action::ViewPetition).await?;
    Ok(Json(detail(&state, &user, &p, lang).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/petitions/{id}/actions",
    tag = "petitions",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = ActionInput,
    responses(
        (status = 200, body = PetitionDto),
        (status = 403, description = "`forbidden`: the caller does not handle this petition", body = ApiError),
        (status = 404, description = "`not_found`: no petition with this id that the caller may know of", body = ApiError),
        (status = 409, description = "`conflict` (someone changed the petition since `version`), `action_not_allowed` (with the allowed actions), `extension_beyond_limit`, `petition_finished`", body = ApiError),
        (status = 422, description = "`validation_failed`", body = ApiError),
    )
)]
pub async fn act_on_petition(
    State(state): State<AppState>,
    user: CurrentUser,
    lang: Lang,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ActionInput>,
) -> Result<Json<PetitionDto>, AppError> {
    let p = act(&state, &user, parse_id(&id)?, &input).await?;
    Ok(Json(detail(&state, &user, &p, lang).await?))
}

#[derive(Serialize, ToSchema)]
pub struct IdentityDto {
    pub name: String,
    pub address: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub signatories: Vec<String>,
    pub representatives: Vec<String>,
    pub original_content: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/petitions/{id}/reveal",
    tag = "petitions",
    security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = RevealInput,
    responses(
        (status = 200, body = IdentityDto),
        (status = 403, description = "Not a handler named on the case", body = ApiError),
        (status = 404, description = "`not_found`: no petition with this id that the caller may know of", body = ApiError),
        (status = 409, description = "`identity_not_protected`: the sender is not protected; the case shows them", body = ApiError),
        (status = 422, description = "`validation_failed`: no reason given", body = ApiError),
    )
)]
pub async fn reveal_identity(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RevealInput>,
) -> Result<Json<IdentityDto>, AppError> {
    let p = access::load_for(&state, &user, parse_id(&id)?, Action::HandlePetition).await?;
    let who =
        motcua_app::petitions::identity::reveal(state.app(), &actor(&user), &p, &input.reason)
            .await?;
    Ok(Json(IdentityDto {
        name: who.name,
        address: who.address,
        id_number: who.id_number,
        phone: who.phone,
        email: who.email,
        signatories: who.signatories,
        representatives: who.representatives,
        original_content: who.original_content,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/petitions/{id}/duplicates/{candidate}",
    tag = "petitions",
    security(("bearer" = [])),
    params(("id" = String, Path), ("candidate" = String, Path)),
    request_body = DuplicateInput,
    responses(
        (status = 200, body = PetitionDto),
        (status = 403, description = "`forbidden`: the caller does not handle this petition", body = ApiError),
        (status = 404, description = "`not_found`: the petition or the candidate", body = ApiError),
        (status = 409, description = "`duplicate_already_decided`", body = ApiError),
        (status = 422, description = "`validation_failed`: `decision` is neither `link` nor `dismiss`", body = ApiError),
    )
)]
pub async fn decide_duplicate(
    State(state): State<AppState>,
    user: CurrentUser,
    lang: Lang,
    Path((id, candidate)): Path<(String, String)>,
    ApiJson(input): ApiJson<DuplicateInput>,
) -> Result<Json<PetitionDto>, AppError> {
    let p = access::load_for(&state, &user, parse_id(&id)?, Action::HandlePetition).await?;
    let link = input.parse()?;
    let p = motcua_app::petitions::duplicates::decide_duplicate(
        state.app(),
        &actor(&user),
        &p,
        parse_id(&candidate)?,
        link,
    )
    .await?;
    Ok(Json(detail(&state, &user, &p, lang).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/petitions/dashboard",
    tag = "petitions",
    security(("bearer" = [])),
    responses((status = 200, body = [DashboardCell]), (status = 403, body = ApiError))
)]
pub async fn dashboard(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<DashboardCell>>, AppError> {
    Ok(Json(dashboard_cells(&state, &user).await?))
}

/// What one run of the deadline watch did.
#[derive(Serialize, ToSchema)]
pub struct WatchRunDto {
    pub checked: u64,
    pub due_soon: u64,
    pub overdue: u64,
    pub long_pending: u64,
    pub changed: u64,
}

/// Runs the deadline watch now (as the scheduled job does), for administrators and tests.
#[utoipa::path(
    post,
    path = "/api/v1/petitions/watch",
    tag = "petitions",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "How many were checked and flagged", body = WatchRunDto),
        (status = 403, description = "`forbidden`: not a system administrator", body = ApiError),
    )
)]
pub async fn run_watch(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<WatchRunDto>, AppError> {
    // The scheduled job runs it anyway; on demand it is an operator's tool.
    if !user
        .grants
        .iter()
        .any(|g| g.role == motcua_domain::role::Role::SystemAdmin)
    {
        return Err(AppError::Forbidden);
    }
    let r = motcua_app::petitions::watch::run(state.app(), motcua_store::now()).await?;
    Ok(Json(WatchRunDto {
        checked: r.checked,
        due_soon: r.due_soon,
        overdue: r.overdue,
        long_pending: r.long_pending,
        changed: r.changed,
    }))
}
