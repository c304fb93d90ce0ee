//! Signing in through the province's OpenID Connect provider: `/dang-nhap/oidc` sends the
//! browser there, `/dang-nhap/oidc/ve` takes it back (see [`crate::auth::oidc`]).

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use motcua_app::accounts::{self, OidcPerson};
use serde::Deserialize;

use crate::accounts::pages::login::signed_in;
use crate::auth::oidc::{COOKIE, OidcError, RETURN_PATH, Return};
use crate::auth::{ClientIp, CurrentUser, cookie, cookie_header, redirect};
use crate::error::AppError;
use crate::extract::Query;
use crate::pages::PageCtx;
use crate::state::AppState;

fn attempt_cookie(state: &AppState, headers: &HeaderMap, value: &str, max_age: u32) -> HeaderValue {
    // Lax, not Strict: the provider's redirect back is a navigation from another site, and
    // it must bring the cookie.
    let attributes = format!("Path={RETURN_PATH}; HttpOnly; SameSite=Lax; Max-Age={max_age}");
    cookie_header(state, headers, COOKIE, value, &attributes)
}

/// The login page's message for a failed single sign-on, and the status it goes with.
fn failed(p: &PageCtx, e: &OidcError) -> (StatusCode, String) {
    match e {
        OidcError::Mismatch(_) => (StatusCode::BAD_REQUEST, p.t("sso-mismatch")),
        OidcError::Refused(_) => (StatusCode::UNAUTHORIZED, p.t("sso-refused")),
        OidcError::Provider(_) => (StatusCode::BAD_GATEWAY, p.t("sso-unavailable")),
    }
}

#[derive(Debug, Deserialize)]
pub struct StartQuery {
    #[serde(default)]
    next: Option<String>,
}

/// `GET /dang-nhap/oidc`: to the provider.
pub async fn start(
    State(state): State<AppState>,
    p: PageCtx,
    headers: HeaderMap,
    Query(q): Query<StartQuery>,
) -> Result<Response, AppError> {
    let Some(oidc) = state.oidc() else {
        return Err(AppError::NotFound);
    };
    let next = redirect::safe_next(q.next.as_deref());
    let keys = state.app().identity_keys();
    match oidc
        .start(keys, &state.public_base(), next, motcua_store::now())
        .await
    {
        Ok((url, sealed)) => {
            let location = HeaderValue::from_str(&url).map_err(AppError::internal)?;
            let mut res = StatusCode::SEE_OTHER.into_response();
            res.headers_mut().insert(header::LOCATION, location);
            res.headers_mut().append(
                header::SET_COOKIE,
                attempt_cookie(&state, &headers, &sealed, 600),
            );
            Ok(res)
        }
        Err(e) => {
            tracing::error!(error = %e, "single sign-on could not start");
            let (status, message) = failed(&p, &e);
            super::login::login_page_with_error(&state, p, &headers, status, message)
        }
    }
}

/// `GET /dang-nhap/oidc/ve`: back from the provider, signed in or told why not.
pub async fn finish(
    State(state): State<AppState>,
    p: PageCtx,
    current: Option<CurrentUser>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Query(ret): Query<Return>,
) -> Result<Response, AppError> {
    let Some(oidc) = state.oidc() else {
        return Err(AppError::NotFound);
    };
    let keys = state.app().identity_keys();
    let sealed = cookie(&headers, COOKIE);
    let outcome = oidc
        .finish(keys, &state.public_base(), sealed, ret, motcua_store::now())
        .await;
    let verified = match outcome {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, "single sign-on refused");
            let (status, message) = failed(&p, &e);
            let mut res =
                super::login::login_page_with_error(&state, p, &headers, status, message)?;
            res.headers_mut()
                .append(header::SET_COOKIE, attempt_cookie(&state, &headers, "", 0));
            return Ok(res);
        }
    };
    let next = verified.next.clone();
    let person = OidcPerson {
        issuer: verified.issuer,
        subject: verified.subject,
        name: verified.name,
        email: verified.email,
    };
    let user = match accounts::sign_in_with_oidc(state.app(), ip.clone(), person).await {
        Ok(u) => u,
        Err(motcua_app::Error::Forbidden) => {
            let message = p.t("login-disabled");
            return super::login::login_page_with_error(
                &state,
                p,
                &headers,
                StatusCode::FORBIDDEN,
                message,
            );
        }
        Err(e) => return Err(e.into()),
    };
    let location =
        HeaderValue::from_str(&next).unwrap_or_else(|_| HeaderValue::from_static(redirect::HOME));
    let mut res = signed_in(&state, current, ip, &headers, &user, location).await?;
    res.headers_mut()
        .append(header::SET_COOKIE, attempt_cookie(&state, &headers, "", 0));
    Ok(res)
}
