//! CSRF protection, in two layers.
//!
//! 1. **Where the browser says the request comes from.** On every unsafe request
//!    (POST/PUT/PATCH/DELETE) that did not authenticate with a bearer token, a
//!    `Sec-Fetch-Site` other than `same-origin` or `none` is refused; a browser too old to send
//!    it still sends `Origin` on a form post, which must then be this site's (the public URL, or
//!    the `Host` the browser itself put on the request). Requests with neither header are not
//!    from a browser page (scripts, API clients) and go on to the token check.
//! 2. **A secret token.** Every session has one, rendered into each form as the hidden field
//!    `csrf_token` (and available to scripts for the `X-CSRF-Token` header); every unsafe
//!    request that carries a session cookie must present it, whatever other headers it has.
//!    The login form, which has no session yet, uses a double-submit token instead: a random
//!    value in the `motcua_login_csrf` cookie (HttpOnly, SameSite=Strict, path `/login`) that
//!    the form must repeat; another site can neither read the cookie nor set it, so it cannot
//!    log a victim into the attacker's account.
//!
//! Only a request that authenticated with a bearer token skips both: a browser never adds that
//! header on its own, so it carries no ambient authority. Anonymous requests (no session
//! cookie, not the login form) pass the token check, as they act for nobody. A cookie whose
//! session has ended gets "session expired", except on the login form, which is how one starts
//! a new session.

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;

use super::{Credential, CurrentUser, SESSION_COOKIE, cookie};
use crate::error::AppError;
use crate::state::AppState;

pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";
/// The login form's double-submit cookie.
pub const LOGIN_COOKIE: &str = "motcua_login_csrf";
const LOGIN_PATH: &str = "/login";

pub async fn verify(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return next.run(req).await;
    }
    let user = req.extensions().get::<CurrentUser>();
    if user.is_some_and(|u| matches!(u.credential, Credential::Token { .. })) {
        return next.run(req).await;
    }
    let public = state.config().public_url.as_deref().unwrap_or_default();
    if cross_site(req.headers(), public) {
        tracing::warn!(
            path = %req.uri().path(),
            origin = ?req.headers().get(header::ORIGIN),
            site = ?req.headers().get("sec-fetch-site"),
            "cross-site request refused"
        );
        return AppError::Csrf.into_response();
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let expected = match user {
        Some(u) => u.csrf_token.clone(),
        None if req.uri().path() == LOGIN_PATH => {
            // The login handler reads only forms and answers anything else with a 415.
            if !content_type.starts_with("application/x-www-form-urlencoded") {
                return next.run(req).await;
            }
            match cookie(req.headers(), LOGIN_COOKIE).filter(|v| well_formed(v)) {
                Some(v) => v.to_owned(),
                None => return AppError::Csrf.into_response(),
            }
        }
        None if cookie(req.headers(), SESSION_COOKIE).is_some() => {
            return AppError::SessionExpired.into_response();
        }
        None => return next.run(req).await,
    };

    if let Some(given) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return if same(given, &expected) {
            next.run(req).await
        } else {
            AppError::Csrf.into_response()
        };
    }

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

/// Whether the browser tells us the request comes from another site. `public` is the
/// configured public URL (`https://host[:port]`, perhaps with a path).
fn cross_site(headers: &HeaderMap, public: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        // `none`: the person typed the address or used a bookmark, no page was involved.
        return !matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return true;
    };
    let origin = origin.trim_end_matches('/');
    if origin.eq_ignore_ascii_case(origin_of(public)) {
        return false;
    }
    // The `Host` the browser put on this very request: an attacker's page cannot choose it
    // (and a request whose `Host` the attacker chose carries no victim's cookie).
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    !(origin_host.is_some_and(|o| !host.is_empty() && o.eq_ignore_ascii_case(host)))
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// A fresh login-form token: 32 random bytes, URL-safe base64 (43 characters).
pub fn new_login_token() -> Result<String, AppError> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| AppError::internal(anyhow::anyhow!("random: {e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b))
}

/// The login-form token this browser already holds, if it looks like one we made.
#[must_use]
pub fn login_token(headers: &HeaderMap) -> Option<&str> {
    cookie(headers, LOGIN_COOKIE).filter(|v| well_formed(v))
}

fn well_formed(v: &str) -> bool {
    v.len() == 43
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `Set-Cookie` for the login-form token. It lives as long as the browser session, and only
/// the login form's own post carries it back.
#[must_use]
pub fn login_cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{LOGIN_COOKIE}={token}; Path={LOGIN_PATH}; HttpOnly; SameSite=Strict{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("motcua_login_csrf=; Path=/login; Max-Age=0"))
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

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn fetch_metadata_decides_when_the_browser_sends_it() {
        let public = "https://dvc.example.gov.vn";
        for (site, refused) in [
            ("same-origin", false),
            ("none", false),
            ("same-site", true),
            ("cross-site", true),
            ("garbage", true),
        ] {
            let h = headers(&[("sec-fetch-site", site), ("origin", public)]);
            assert_eq!(cross_site(&h, public), refused, "{site}");
        }
    }

    #[test]
    fn without_fetch_metadata_the_origin_must_be_this_site() {
        let public = "https://dvc.example.gov.vn/motcua";
        let h = |o: &str| headers(&[("origin", o), ("host", "10.0.0.5:8080")]);
        assert!(!cross_site(&h("https://dvc.example.gov.vn"), public));
        assert!(!cross_site(&h("HTTPS://DVC.example.gov.vn/"), public));
        assert!(!cross_site(&h("http://10.0.0.5:8080"), public));
        assert!(cross_site(&h("https://evil.example"), public));
        assert!(cross_site(&h("null"), public));
        assert!(cross_site(
            &h("https://dvc.example.gov.vn.evil.example"),
            public
        ));
        assert!(
            !cross_site(&headers(&[]), public),
            "no browser page involved"
        );
    }

    #[test]
    fn login_tokens_are_fresh_and_well_formed() {
        let (a, b) = (new_login_token().unwrap(), new_login_token().unwrap());
        assert_ne!(a, b);
        assert!(well_formed(&a));
        assert!(!well_formed("short"));
        assert!(!well_formed(&"a;".repeat(22)[..43]));
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
