//! Place reports in the web layer: the public pages (`/phan-anh`: the list and map, filing a
//! report, one report with its updates, its photos), staff's actions on a report, and the
//! Open311 GeoReport v2 endpoint (`/open311/v2`). Thin layers over `motcua_app::reports`.

mod open311;
mod pages;
pub(crate) mod photo_worker;
mod view;

/// The report pages.
pub(crate) fn pages() -> axum::Router<crate::state::AppState> {
    pages::router()
}

/// The Open311 GeoReport v2 endpoint.
pub(crate) fn open311() -> axum::Router<crate::state::AppState> {
    open311::router()
}
