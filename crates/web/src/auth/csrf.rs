//! CSRF protection with the synchronizer-token pattern.
//!
//! Every session has a secret token, rendered into each form as the hidden field `csrf_token`
//! (and available to scripts for the `X-CSRF-Token` header). Every unsafe request
//! (POST/PUT/PATCH/DELETE) that carries a session cookie must present it. Requests without a
//! session cookie (anonymous forms, bearer-token API calls) carry no ambient authority and
//! pass. A cookie whose session has ended gets "session expired", except on the login form,
//! which is how one starts a new session.

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{CurrentUser, SESSION_COOKIE, StaleSession, cookie};
use crate::error::AppError;
use crate::startup::AppState;

pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";

pub async fn verify(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) || cookie(req.headers(), SESSION_COOKIE).is_none()
        || req.headers().contains_key(header::AUTHORIZATION)
    {
        return next.run(req).await;
    }
    let expected = match req.extensions().get::<CurrentUser>() {
        Some(u) => u.csrf_token.clone(),
        None => {
            if req.uri().path() == "/login" && req.extensions().get::<StaleSession>().is_some() {
                return next.run(req).await;
            }
            return AppError::SessionExpired.into_response();
        }
    };

    if let Some(given) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return if same(given, &expected) {
            next.run(req).await
        } else {
            AppError::Csrf.into_response()
        };
    }

    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let (parts, body) = req.into_parts();
    let limit = state.config().body_limit_for(&content_type);
    let bytes = match to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => return AppError::PayloadTooLarge.into_response(),
    };
    let given = if content_type.starts_with("application/x-www-form-urlencoded") {
        form_field(&bytes)
    } else if content_type.starts_with("multipart/form-data") {
        let probe = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
        multipart_field(probe, &state).await
    } else {
        None
    };
    match given {
        Some(g) if same(&g, &expected) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => AppError::Csrf.into_response(),
    }
}

fn form_field(bytes: &[u8]) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).ok()?;
    pairs
        .into_iter()
        .find_map(|(k, v)| (k == FIELD).then_some(v))
}

async fn multipart_field(req: Request, state: &AppState) -> Option<String> {
    let mut mp = Multipart::from_request(req, state).await.ok()?;
    while let Ok(Some(field)) = mp.next_field().await {
        if field.name() == Some(FIELD) {
            return field.text().await.ok();
        }
    }
    None
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() || b.is_empty() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_by_content_and_never_match_empty() {
        assert!(same("abc", "abc"));
        assert!(!same("abd", "abc"));
        assert!(!same("ab", "abc"));
        assert!(!same("", ""));
    }

    #[test]
    fn the_token_is_found_among_other_form_fields() {
        assert_eq!(
            form_field(b"a=1&csrf_token=xyz&b=2").as_deref(),
            Some("xyz")
        );
        assert_eq!(form_field(b"a=1"), None);
    }
}
