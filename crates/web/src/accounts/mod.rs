//! Accounts: logging in and out, one's password, the people administrators manage.
//!
//! Pages: `/login`, `/logout` and `/account/password` in `pages::login`; a citizen's own
//! sign-up and forgotten password (`/dang-ky`, `/quen-mat-khau`, by one-time code) in
//! `pages::signup`; single sign-on (`/dang-nhap/oidc`) in `pages::sso`; `/admin/users…`
//! (the list, a new person, a person's roles, disabling, lifting login waits, a new
//! password, the last login) in
//! `pages::users`. API: `/api/v1/users` in `api`. Who may see whom, which both need, is in
//! `view`. Writes go through `motcua_app::accounts`; how a request proves who it is stays in
//! `crate::auth`.

mod api;
mod view;

mod pages {
    pub(crate) mod login;
    pub(crate) mod signup;
    pub(crate) mod sso;
    pub(crate) mod users;
}

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub(crate) fn pages() -> Router<AppState> {
    use pages::{login, signup, sso, users};
    Router::new()
        .route("/login", get(login::login_form).post(login::login))
        .route("/dang-ky", get(signup::sign_up_form).post(signup::sign_up))
        .route(
            "/dang-ky/xac-nhan",
            get(signup::sign_up_code_form).post(signup::sign_up_confirm),
        )
        .route(
            "/quen-mat-khau",
            get(signup::forgot_form).post(signup::forgot),
        )
        .route(
            "/quen-mat-khau/xac-nhan",
            get(signup::reset_code_form).post(signup::reset),
        )
        .route("/dang-nhap/oidc", get(sso::start))
        .route(crate::auth::oidc::RETURN_PATH, get(sso::finish))
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
        .route("/admin/users/{id}/password", post(users::reset_password))
}

pub(crate) fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::list_users))
        .routes(routes!(api::get_user))
}
