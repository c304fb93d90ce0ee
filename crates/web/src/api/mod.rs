//! The JSON API under `/api/v1`, described by the OpenAPI 3.1 document at
//! `/api/v1/openapi.json`, which is generated from these handlers and types.

mod document;

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
use crate::extract::ApiJson;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "motcua API", description = "JSON API of motcua, for integrations. Errors are `{\"error\":{\"code\",\"message\",\"fields\"}}`. A text field longer than its maximum (sender_name 200, sender_address 500, subject 300, content 20000, reason/note/text 5000 characters; the full table is in docs/SECURITY.md) answers 422 `too_long` naming each field. Bearer tokens expire (90 days by default): an expired one answers 401 `token_expired`, and in its last 14 days every answer carries `Warning: 299 motcua \"API token expires at …\"`."),
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
        .merge(crate::dossiers::api())
        .merge(crate::petitions::api())
        .merge(crate::accounts::api())
        .merge(crate::catalogue::api())
        .merge(crate::units::api())
        .merge(crate::polls::api())
}

pub fn router() -> Router<AppState> {
    let (router, _) = api_router().split_for_parts();
    router.route("/api/v1/openapi.json", axum::routing::get(openapi_json))
}

/// The OpenAPI document, built once: generated from the handlers, then completed with the
/// answers of the layers every request passes through ([`document::complete`]).
pub fn openapi() -> &'static serde_json::Value {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = serde_json::to_value(api_router().into_openapi())
            .expect("the OpenAPI document serialises");
        document::complete(&mut doc);
        doc
    })
}

async fn openapi_json() -> impl IntoResponse {
    Json(openapi())
}

/// The type a handler parses its JSON body into, read by the compiler from the handler's
/// signature (axum requires the body extractor to be the last argument).
trait JsonBodyOf<Args> {
    type Body;
}

macro_rules! json_body_of {
    ($($arg:ident),*) => {
        impl<F, Fut, $($arg,)* T> JsonBodyOf<($($arg,)* T,)> for F
        where
            F: Fn($($arg,)* ApiJson<T>) -> Fut,
        {
            type Body = T;
        }
    };
}
json_body_of!();
json_body_of!(A);
json_body_of!(A, B);
json_body_of!(A, B, C);
json_body_of!(A, B, C, D);
json_body_of!(A, B, C, D, E);

fn body_schema<Args, F>(_handler: &F) -> (String, serde_json::Value)
where
    F: JsonBodyOf<Args>,
    F::Body: ToSchema,
{
    (
        <F::Body as ToSchema>::name().into_owned(),
        serde_json::to_value(<F::Body as utoipa::PartialSchema>::schema()).unwrap_or_default(),
    )
}

/// One route that reads a JSON body: where it is served and the schema name of the type its
/// handler parses.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBodyType {
    pub method: String,
    pub path: String,
    /// The schema name of the parsed type.
    pub parsed: String,
    /// The parsed type's own schema, to hold against the document's schema of that name (two
    /// types sharing a name would share one entry there).
    pub schema: serde_json::Value,
}

macro_rules! body_route {
    ($handler:path, $doc:ty) => {{
        let method = <$doc as utoipa::Path>::methods()
            .first()
            .and_then(|m| serde_json::to_value(m).ok())
            .and_then(|m| m.as_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        let (parsed, schema) = body_schema(&$handler);
        RequestBodyType {
            method,
            path: <$doc as utoipa::Path>::path(),
            parsed,
            schema,
        }
    }};
}

/// Every API route that reads a JSON body, with the type its handler parses, for the test that
/// holds the document's request schemas to the handlers. The type name comes from the
/// handler's signature and the route from its `#[utoipa::path]`; none is typed by hand.
#[must_use]
pub fn request_body_types() -> Vec<RequestBodyType> {
    vec![
        body_route!(
            crate::units::api::create_unit,
            crate::units::api::__path_create_unit
        ),
        body_route!(
            crate::dossiers::api::create_dossier,
            crate::dossiers::api::__path_create_dossier
        ),
        body_route!(
            crate::dossiers::api::act_on_dossier,
            crate::dossiers::api::__path_act_on_dossier
        ),
        body_route!(
            crate::petitions::api::create_petition,
            crate::petitions::api::__path_create_petition
        ),
        body_route!(
            crate::petitions::api::act_on_petition,
            crate::petitions::api::__path_act_on_petition
        ),
        body_route!(
            crate::petitions::api::reveal_identity,
            crate::petitions::api::__path_reveal_identity
        ),
        body_route!(
            crate::petitions::api::decide_duplicate,
            crate::petitions::api::__path_decide_duplicate
        ),
        body_route!(
            crate::dossiers::api::rate_dossier,
            crate::dossiers::api::__path_rate_dossier
        ),
    ]
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
