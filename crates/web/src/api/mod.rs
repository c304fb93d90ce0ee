//! The JSON API under `/api/v1`, described by the OpenAPI 3.1 document at
//! `/api/v1/openapi.json`, which is generated from these handlers and types.

pub(crate) mod dossiers;
pub(crate) mod petitions;
mod procedures;
mod units;
mod users;

use std::sync::OnceLock;

use axum::Json;
use axum::Router;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{Credential, CurrentUser};
use crate::startup::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "motcua API", description = "JSON API of motcua, for integrations. Errors are `{\"error\":{\"code\",\"message\",\"fields\"}}`. A text field longer than its maximum (sender_name 200, sender_address 500, subject 300, content 20000, reason/note/text 5000 characters; the full table is in docs/SECURITY-C.md) answers 422 `too_long` naming each field. Bearer tokens expire (90 days by default): an expired one answers 401 `token_expired`, and in its last 14 days every answer carries `Warning: 299 motcua \"API token expires at …\"`."),
    modifiers(&BearerAuth),
    components(schemas(ApiError, ApiErrorDetail))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The error envelope of every failed API call.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    pub error: ApiErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ApiErrorDetail {
    /// Stable machine code, e.g. `validation_failed`, `not_found`, `forbidden`.
    pub code: String,
    /// Human message (Vietnamese by default).
    pub message: String,
    /// Per-field messages for validation errors.
    pub fields: std::collections::BTreeMap<String, String>,
}

fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(whoami))
        .routes(routes!(units::list_units, units::create_unit))
        .routes(routes!(units::get_unit))
        .routes(routes!(procedures::list_procedures))
        .routes(routes!(procedures::get_procedure))
        .routes(routes!(users::list_users))
        .routes(routes!(users::get_user))
        .routes(routes!(dossiers::list_dossiers, dossiers::create_dossier))
        .routes(routes!(dossiers::get_dossier))
        .routes(routes!(dossiers::act_on_dossier))
        .routes(routes!(
            petitions::list_petitions,
            petitions::create_petition
        ))
        .routes(routes!(petitions::dashboard))
        .routes(routes!(petitions::run_watch))
        .routes(routes!(petitions::get_petition))
        .routes(routes!(petitions::act_on_petition))
        .routes(routes!(petitions::reveal_identity))
        .routes(routes!(petitions::decide_duplicate))
        .routes(routes!(crate::routes::track::api))
        .routes(routes!(crate::routes::rating::api))
}

pub fn router() -> Router<AppState> {
    let (router, _) = api_router().split_for_parts();
    router.route("/api/v1/openapi.json", axum::routing::get(openapi_json))
}

/// The OpenAPI document, built once.
pub fn openapi() -> &'static utoipa::openapi::OpenApi {
    static DOC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOC.get_or_init(|| api_router().into_openapi())
}

async fn openapi_json() -> impl IntoResponse {
    Json(openapi())
}

/// Who the caller is.
#[derive(Serialize, ToSchema)]
pub struct WhoAmI {
    pub user_id: String,
    pub login: String,
    pub full_name: String,
    pub roles: Vec<GrantView>,
    /// `session` or `token`.
    pub auth: String,
    /// Scopes of the API token (empty for sessions).
    pub scopes: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct GrantView {
    pub role: String,
    pub unit_id: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/whoami",
    tag = "account",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = WhoAmI),
        (status = 401, description = "Not authenticated", body = ApiError),
    )
)]
async fn whoami(user: CurrentUser) -> Json<WhoAmI> {
    let (auth, scopes) = match &user.credential {
        Credential::Session(_) => ("session", Vec::new()),
        Credential::Token { scopes, .. } => ("token", scopes.clone()),
    };
    Json(WhoAmI {
        user_id: user.user_id.to_string(),
        login: user.login,
        full_name: user.full_name,
        roles: user
            .grants
            .iter()
            .map(|g| GrantView {
                role: g.role.code().to_owned(),
                unit_id: g.unit.map(|u| u.to_string()),
            })
            .collect(),
        auth: auth.to_owned(),
        scopes,
    })
}
