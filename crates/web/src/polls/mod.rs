//! Opinion polls in the web layer: the public list and a poll's page with its ballot and, once
//! they may be shown, its results (chart and CSV); a moderator's form for a new poll; the desk
//! officer's ballot for a person holding their ID card, and the desk's verification of a
//! citizen's account; `/api/v1/polls` reads the polls and their results. Thin layers over
//! `motcua_app::polls`.

pub(crate) mod api;
mod pages;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The poll pages.
pub(crate) fn pages() -> axum::Router<AppState> {
    pages::router()
}

/// The polls' read API.
pub(crate) fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::list_polls))
        .routes(routes!(api::get_poll))
}
