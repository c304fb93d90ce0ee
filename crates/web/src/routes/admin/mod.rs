//! Administration pages: units, users, the procedure catalogue.

pub mod procedures;
pub mod units;
pub mod users;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/units", get(units::page).post(units::create))
        .route("/admin/units/merge", post(units::merge))
        .route("/admin/users", get(users::list).post(users::create))
        .route("/admin/users/{id}", get(users::detail))
        .route("/admin/users/{id}/grants", post(users::grant))
        .route("/admin/users/{id}/status", post(users::set_status))
        .route("/admin/users/{id}/unlock", post(users::unlock))
        .route(
            "/admin/procedures",
            get(procedures::page).post(procedures::create),
        )
        .route("/admin/procedures/import", post(procedures::import))
        .route("/admin/procedures/export.csv", get(procedures::export_csv))
        .route(
            "/admin/procedures/export.xlsx",
            get(procedures::export_xlsx),
        )
}
