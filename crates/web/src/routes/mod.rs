//! The server-rendered pages.

pub mod account;
pub mod admin;
pub mod catalogue;
pub mod health;
pub mod home;
pub mod lang;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::error::AppError;
use crate::startup::AppState;

const STYLE_CSS: &str = include_str!("../../static/style.css");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/static/style.css", get(style_css))
        .route("/", get(home::home))
        .route("/login", get(account::login_form).post(account::login))
        .route("/logout", axum::routing::post(account::logout))
        .route(
            "/account/password",
            get(account::password_form).post(account::change_password),
        )
        .route("/procedures", get(catalogue::list))
        .route("/procedures/{code}", get(catalogue::detail))
        .merge(admin::router())
}

async fn style_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE_CSS,
    )
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}
