//! `/api/v1/dossiers`: intake, the queue, one dossier with its allowed actions, and actions.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use motcua_app::dossiers::uploads;
use motcua_domain::dossier::lifecycle::ActionKind;
use motcua_domain::dossier::upload::UploadLimits;
use motcua_domain::ids::DossierId;
use motcua_domain::policy::Action;
use motcua_store::dossiers::{self, DossierRecord};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::input::{ActionInput, IntakeInput, QueueQuery, RatingRequest, queue_filter};
use super::view::{PublicDossier, lookup_public};
use super::{act_on, actions_for, actions_on, load_for, target, target_on};
use crate::api::ApiError;
use crate::auth::{ClientIp, CurrentUser};
use crate::error::AppError;
use crate::extract::{ApiJson, Query};
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::state::AppState;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_dossiers, create_dossier))
        .routes(routes!(get_dossier))
        .routes(routes!(act_on_dossier))
        .routes(routes!(track_dossier))
        .routes(routes!(rate_dossier))
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
            .map_err(|_| AppError::field(&field, Text::id("validation-dossier-base64")))?;
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
    let intake = input.parse(&state, &user, files).await?;
    let (unit, unit_path) = (intake.unit, intake.unit_path.clone());
    let d = motcua_app::dossiers::intake(state.app(), &user.actor(), intake).await?;
    let allowed = match unit_path {
        // A new dossier is handled where it was received, whose ancestry the intake's
        // permission check has just read.
        Some(path) if d.handling_unit == unit => codes(actions_on(
            &user,
            &d,
            &target_on(&d, path),
            state.app().now(),
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
    Ok(codes(actions_for(state, user, d, state.app().now()).await?))
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
    let d = load_for(&state, Some(&user), id, Action::ViewDossier).await?;
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
    let before = dossiers::get(state.db(), id).await?;
    let target = target(&state, Some(&user), &before).await?;
    let d = act_on(&state, &user, before, &target, &input, Vec::new()).await?;
    // The permission target is the handling unit's path: the same unless the dossier moved.
    let allowed = if target.unit_path.first() == Some(&d.handling_unit) {
        actions_on(&user, &d, &target, state.app().now())
            .into_iter()
            .map(|k| k.code().to_owned())
            .collect()
    } else {
        allowed_codes(&state, &user, &d).await?
    };
    Ok(Json(DossierDto::new(&d, allowed, lang)))
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
    let mut f = queue_filter(&state, &user, &q)?;
    f.units = crate::authz::subtrees(&state, &f.units).await?;
    let list = dossiers::list(state.db(), &f).await?;
    // The list shows no buttons; the detail call gives the allowed actions.
    Ok(Json(
        list.iter()
            .map(|d| DossierDto::new(d, Vec::new(), lang))
            .collect(),
    ))
}

/// Look up a dossier by its code (public, rate-limited).
#[utoipa::path(
    get,
    path = "/api/v1/track/{code}",
    operation_id = "track_dossier",
    params(("code" = String, Path, description = "The dossier code, as printed on the receipt")),
    responses(
        (status = 200, body = PublicDossier),
        (status = 404, description = "`dossier_code_invalid` (the message says what is wrong with it) or `dossier_not_found` (with the nearest codes)", body = crate::api::ApiError),
        (status = 429, description = "`too_many_requests`: too many look-ups from this address this minute", body = crate::api::ApiError),
    ),
    tag = "tracking"
)]
pub async fn track_dossier(
    State(state): State<AppState>,
    client: ClientIp,
    lang: Lang,
    Path(code): Path<String>,
) -> Result<Json<PublicDossier>, AppError> {
    Ok(Json(lookup_public(&state, &client, &code, lang).await?))
}

/// Rate a returned dossier, once.
#[utoipa::path(
    post,
    path = "/api/v1/track/{code}/rating",
    operation_id = "rate_dossier",
    tag = "tracking",
    params(("code" = String, Path)),
    request_body = RatingRequest,
    responses(
        (status = 204, description = "Recorded"),
        (status = 404, description = "`dossier_code_invalid` or `dossier_not_found`", body = crate::api::ApiError),
        (status = 409, description = "`rating_not_open` (not returned yet) or `conflict` (already rated)", body = crate::api::ApiError),
        (status = 422, description = "`validation_failed`: a criterion unanswered, or `verify` wrong", body = crate::api::ApiError),
        (status = 429, description = "`too_many_requests`: too many look-ups from this address this minute", body = crate::api::ApiError),
    )
)]
pub async fn rate_dossier(
    State(state): State<AppState>,
    client: ClientIp,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<RatingRequest>,
) -> Result<axum::http::StatusCode, AppError> {
    super::rate(&state, &client, &code, input.into()).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
