//! The procedure catalogue.
//!
//! Public pages `/procedures` and `/procedures/{code}` in `pages::public`; administration
//! under `/admin/procedures` (a new version, CSV/XLSX import and export) in `pages::admin`;
//! the API `/api/v1/procedures` in `api`. The search both the public pages and the API read is
//! parsed in `input`; what they show alike (and the desk's pages too) is in `view`. Writes go
//! through `motcua_app::catalogue`.

mod api;
pub(crate) mod input;
pub(crate) mod view;

mod pages {
    pub(crate) mod admin;
    pub(crate) mod public;
}

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub(crate) fn pages() -> Router<AppState> {
    use pages::{admin, public};
    Router::new()
        .route("/procedures", get(public::list))
        .route("/procedures/{code}", get(public::detail))
        .route("/admin/procedures", get(admin::page).post(admin::create))
        .route("/admin/procedures/import", post(admin::import))
        .route("/admin/procedures/export.csv", get(admin::export_csv))
        .route("/admin/procedures/export.xlsx", get(admin::export_xlsx))
}

pub(crate) fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::list_procedures))
        .routes(routes!(api::get_procedure))
}
