//! Accounts: logging in and out, one's password, the people administrators manage.
//!
//! Pages: `/login`, `/logout` and `/account/password` in `pages::login`; `/admin/users…`
//! (the list, a new person, a person's roles, disabling, lifting login waits) in
//! `pages::users`. API: `/api/v1/users` in `api`. Who may see whom, which both need, is in
//! `view`. Writes go through `motcua_app::accounts`; how a request proves who it is stays in
//! `crate::auth`.

mod api;
mod view;

mod pages {
    pub(crate) mod login;
    pub(crate) mod users;
}

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub(crate) fn pages() -> Router<AppState> {
    use pages::{login, users};
    Router::new()
        .route("/login", get(login::login_form).post(login::login))
        .route("/logout", post(login::logout))
        .route(
            "/account/password",
            get(login::password_form).post(login::change_password),
        )
        .route("/admin/users", get(users::list).post(users::create))
        .route("/admin/users/{id}", get(users::detail))
        .route("/admin/users/{id}/grants", post(users::grant))
        .route("/admin/users/{id}/status", post(users::set_status))
        .route("/admin/users/{id}/unlock", post(users::unlock))
}

pub(crate) fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::list_users))
        .routes(routes!(api::get_user))
}
