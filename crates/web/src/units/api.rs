//! `/api/v1/units`: the administrative tree.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use motcua_domain::ids::UnitId;
use motcua_domain::policy::Action;
use motcua_domain::unit::Unit;
use motcua_store::units;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::ApiError;
use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::extract::{ApiJson, Query};
use crate::pages::today_vn;
use crate::state::AppState;
use crate::units::input::{UnitInput, in_input_terms};

/// One version of an administrative unit.
#[derive(Serialize, ToSchema)]
pub struct UnitDto {
    pub id: String,
    pub code: String,
    pub name: String,
    /// `province`, `district`, `commune`, `agency` or `department`.
    pub level: String,
    pub parent_id: Option<String>,
    pub remote_area: bool,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
}

impl From<Unit> for UnitDto {
    fn from(u: Unit) -> Self {
        Self {
            id: u.id.to_string(),
            code: u.code.to_string(),
            name: u.name,
            level: u.level.code().to_owned(),
            parent_id: u.parent.map(|p| p.to_string()),
            remote_area: u.remote_area,
            effective_from: u.effective_from,
            effective_to: u.effective_to,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct UnitsQuery {
    /// The day the tree is read for (default: today in Vietnam).
    pub date: Option<NaiveDate>,
}

/// The units in force on a day.
#[utoipa::path(
    get,
    path = "/api/v1/units",
    tag = "units",
    params(UnitsQuery),
    responses(
        (status = 200, description = "Units in force, ordered by code", body = [UnitDto]),
        (status = 400, description = "Malformed query", body = ApiError),
    )
)]
pub async fn list_units(
    State(state): State<AppState>,
    Query(q): Query<UnitsQuery>,
) -> Result<Json<Vec<UnitDto>>, AppError> {
    let date = q.date.unwrap_or_else(today_vn);
    let list = units::list_in_force(state.db(), date).await?;
    Ok(Json(list.into_iter().map(UnitDto::from).collect()))
}

/// One unit version.
#[utoipa::path(
    get,
    path = "/api/v1/units/{id}",
    tag = "units",
    params(("id" = String, Path, description = "Unit version id (UUID)")),
    responses(
        (status = 200, description = "The unit", body = UnitDto),
        (status = 404, description = "No such unit", body = ApiError),
    )
)]
pub async fn get_unit(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<UnitDto>, AppError> {
    let id = UnitId::parse(&id).map_err(|_| AppError::NotFound)?;
    Ok(Json(units::get(state.db(), id).await?.into()))
}

/// Creates a unit (unit administrators within their units; a province needs a system
/// administrator). Needs the `units:write` scope with a token.
#[utoipa::path(
    post,
    path = "/api/v1/units",
    tag = "units",
    security(("bearer" = [])),
    request_body = UnitInput,
    responses(
        (status = 201, description = "Created", body = UnitDto),
        (status = 400, description = "Malformed JSON or unknown field", body = ApiError),
        (status = 401, description = "Not authenticated", body = ApiError),
        (status = 403, description = "Not allowed", body = ApiError),
        (status = 404, description = "Parent unit not found or outside your units", body = ApiError),
        (status = 409, description = "Code already in use", body = ApiError),
        (status = 422, description = "Invalid fields", body = ApiError),
    )
)]
pub async fn create_unit(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<UnitInput>,
) -> Result<(StatusCode, Json<UnitDto>), AppError> {
    let new = input.parse()?;
    // Authorization on the parent (a province needs system-wide rights), before any write.
    authz::require(&state, Some(&user), Action::ManageUnit, new.parent).await?;
    let unit = motcua_app::units::create(state.app(), &user.actor(), new)
        .await
        .map_err(|e| in_input_terms(e.into()))?;
    Ok((StatusCode::CREATED, Json(unit.into())))
}
