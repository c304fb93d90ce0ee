//! Units: the administrative tree.
//!
//! Pages under `/admin/units` (the tree, adding a unit, recording a merge) are in `pages`; the
//! API under `/api/v1/units` (reading the tree, adding a unit) is in `api`. Both call
//! `motcua_app::units` to write. A new unit is parsed once, in `input`, for both.

pub(crate) mod api;
mod input;
mod pages;

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub(crate) fn pages() -> Router<AppState> {
    Router::new()
        .route("/admin/units", get(pages::page).post(pages::create))
        .route("/admin/units/merge", post(pages::merge))
}

pub(crate) fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::list_units, api::create_unit))
        .routes(routes!(api::get_unit))
}
