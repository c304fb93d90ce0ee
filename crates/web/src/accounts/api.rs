//! `/api/v1/users`: people, for administrators (scoped to their units).

use axum::Json;
use axum::extract::{Path, State};
use motcua_domain::ids::UserId;
use motcua_domain::policy::Action;
use motcua_store::users::{self, User};
use serde::Serialize;
use utoipa::ToSchema;

use crate::accounts::view::{Paths, record_profile_view, visible_users};
use crate::api::{ApiError, GrantView};
use crate::auth::CurrentUser;
use crate::authz;
use crate::error::AppError;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct UserDto {
    pub id: String,
    pub login: String,
    pub full_name: String,
    pub email: Option<String>,
    pub unit_id: Option<String>,
    pub disabled: bool,
    pub roles: Vec<GrantView>,
}

async fn dto(state: &AppState, u: User) -> Result<UserDto, AppError> {
    let grants = users::list_grants(state.db(), u.id).await?;
    Ok(UserDto {
        id: u.id.to_string(),
        login: u.login.to_string(),
        full_name: u.full_name,
        email: u.email,
        unit_id: u.unit.map(|x| x.to_string()),
        disabled: u.disabled,
        roles: grants
            .iter()
            .map(|g| GrantView {
                role: g.role.code().to_owned(),
                unit_id: g.unit.map(|x| x.to_string()),
            })
            .collect(),
    })
}

/// The users the caller may see (needs `users:read` with a token).
#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Users in the caller's units", body = [UserDto]),
        (status = 401, description = "Not authenticated", body = ApiError),
        (status = 403, description = "Not an administrator", body = ApiError),
    )
)]
pub async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<UserDto>>, AppError> {
    if !authz::can_somewhere(&user, Action::ViewUser) {
        return Err(AppError::Forbidden);
    }
    let mut out = Vec::new();
    for u in visible_users(&state, &user).await? {
        record_profile_view(&state, &user, &u).await?;
        out.push(dto(&state, u).await?);
    }
    Ok(Json(out))
}

/// One user, if within the caller's units.
#[utoipa::path(
    get,
    path = "/api/v1/users/{id}",
    tag = "users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "User id (UUID)")),
    responses(
        (status = 200, description = "The user", body = UserDto),
        (status = 401, description = "Not authenticated", body = ApiError),
        (status = 403, description = "Not allowed", body = ApiError),
        (status = 404, description = "No such user in your units", body = ApiError),
    )
)]
pub async fn get_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<UserDto>, AppError> {
    let id = UserId::parse(&id).map_err(|_| AppError::NotFound)?;
    let target_user = users::get(state.db(), id).await?;
    let target = Paths::new(&state).target_of(&target_user).await?;
    authz::decide(Some(&user), Action::ViewUser, &target)?;
    record_profile_view(&state, &user, &target_user).await?;
    Ok(Json(dto(&state, target_user).await?))
}
