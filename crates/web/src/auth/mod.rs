//! Who is asking: a session cookie (pages) or a bearer token (`/api/v1`).
//!
//! The [`identify`] middleware resolves the identity once per request and puts a
//! [`CurrentUser`] in the request extensions. Handlers ask for it with the [`CurrentUser`]
//! extractor (401 without one, or "session expired" when the cookie named a session that has
//! ended) and decide permissions only through [`crate::authz`].

pub mod csrf;
pub mod oidc;
pub use motcua_app::accounts::password;
pub mod redirect;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Duration as ChronoDuration;
use motcua_domain::ids::{ApiTokenId, SessionId, UserId};
use motcua_domain::role::RoleGrant;
use motcua_store::cache::Generation;
use motcua_store::{AuditContext, sessions, tokens, users};

use crate::config::CookieSecurity;
use crate::error::AppError;
use crate::pages::UserBadge;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "motcua_session";

/// How the request authenticated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    Session(SessionId),
    /// An API token limited to these scopes.
    Token {
        id: ApiTokenId,
        scopes: Vec<String>,
        /// The expiry, when it is close enough to warn about (see `tokens::WARN_DAYS`).
        expires_soon: Option<chrono::DateTime<chrono::Utc>>,
    },
}

pub use motcua_app::Actor;

/// The authenticated person for this request.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user_id: UserId,
    pub login: String,
    pub full_name: String,
    pub grants: Vec<RoleGrant>,
    /// The session's CSRF token (empty for API tokens, which need none).
    pub csrf_token: String,
    pub credential: Credential,
    pub ip: Option<String>,
    /// The reference-cache generation read with an API token; sessions do not read it, and their
    /// requests read units and procedures from the tables.
    pub cache: Option<Generation>,
}

impl CurrentUser {
    /// The person as the actor of a change.
    #[must_use]
    pub fn actor(&self) -> Actor {
        Actor {
            user: Some(self.user_id),
            name: self.full_name.clone(),
            ip: self.ip.clone(),
            cache: self.cache,
        }
    }

    #[must_use]
    pub fn badge(&self) -> UserBadge {
        UserBadge {
            full_name: self.full_name.clone(),
            can_admin_units: crate::authz::can_see_admin_units(self),
            can_admin_users: crate::authz::can_see_admin_users(self),
            can_admin_procedures: crate::authz::can_see_admin_procedures(self),
        }
    }

    #[must_use]
    pub fn audit(&self) -> AuditContext {
        AuditContext::user(self.user_id, self.ip.clone())
    }

    #[must_use]
    pub fn session_id(&self) -> Option<SessionId> {
        match &self.credential {
            Credential::Session(id) => Some(*id),
            Credential::Token { .. } => None,
        }
    }
}

/// Set when the request carried a session cookie that no longer names a live session.
#[derive(Clone, Copy, Debug)]
pub struct StaleSession;

/// The client address: the socket peer, or the first `X-Forwarded-For` entry behind a trusted
/// proxy.
#[derive(Clone, Debug)]
pub struct ClientIp(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        if let Some(u) = parts.extensions.get::<Self>() {
            return Ok(u.clone());
        }
        if parts.extensions.get::<StaleSession>().is_some() {
            Err(AppError::SessionExpired)
        } else {
            Err(AppError::Unauthenticated)
        }
    }
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for CurrentUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<Self>().cloned())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Self>()
            .cloned()
            .unwrap_or(Self(None)))
    }
}

/// The value of cookie `name`, if present.
#[must_use]
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find_map(|(k, v)| (k == name).then_some(v))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Whether the request came over HTTPS, as far as this server can tell.
pub(crate) fn is_https(state: &AppState, headers: &HeaderMap) -> bool {
    match state.config().cookie_security {
        CookieSecurity::Always => true,
        CookieSecurity::Never => false,
        CookieSecurity::Auto => {
            state.config().trusted_proxy
                && headers
                    .get("x-forwarded-proto")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
        }
    }
}

fn client_ip(state: &AppState, req: &Request) -> Option<String> {
    if state.config().trusted_proxy
        && let Some(first) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= 64)
    {
        return Some(first.to_owned());
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| ci.0.ip().to_string())
}

/// `Set-Cookie` for a new session token.
#[must_use]
pub fn session_cookie(state: &AppState, headers: &HeaderMap, token: &str) -> HeaderValue {
    let max_age = state.config().session_lifetime.as_secs();
    let attributes = format!("Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}");
    cookie_header(state, headers, SESSION_COOKIE, token, &attributes)
}

/// `Set-Cookie: NAME=VALUE; ATTRIBUTES`, with `Secure` when the request came over HTTPS. A value
/// that cannot be a header (it never happens: values are ours) removes the cookie instead.
pub(crate) fn cookie_header(
    state: &AppState,
    headers: &HeaderMap,
    name: &str,
    value: &str,
    attributes: &str,
) -> HeaderValue {
    let secure = if is_https(state, headers) {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!("{name}={value}; {attributes}{secure}"))
        .or_else(|_| HeaderValue::from_str(&format!("{name}=; Path=/; Max-Age=0")))
        .unwrap_or_else(|_| HeaderValue::from_static("motcua_session=; Path=/; Max-Age=0"))
}

/// `Set-Cookie` that removes the session cookie.
#[must_use]
pub fn clear_session_cookie() -> HeaderValue {
    HeaderValue::from_static("motcua_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

fn chrono(d: std::time::Duration) -> ChronoDuration {
    ChronoDuration::from_std(d).unwrap_or(ChronoDuration::MAX)
}

/// Resolves the bearer token or session cookie into a [`CurrentUser`] extension.
pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let ip = client_ip(&state, &req);
    req.extensions_mut().insert(ClientIp(ip.clone()));
    // Probes and the stylesheet need no identity: spare the database.
    let path = req.uri().path();
    if path.starts_with("/static/") || path == "/healthz" || path == "/readyz" {
        return next.run(req).await;
    }
    let now = motcua_store::now();

    if let Some(token) = bearer(req.headers()).map(str::to_owned) {
        let expires_soon = match user_for_token(&state, &token, now, ip).await {
            Ok(Some(user)) => {
                let soon = match &user.credential {
                    Credential::Token { expires_soon, .. } => *expires_soon,
                    Credential::Session(_) => None,
                };
                req.extensions_mut().insert(user);
                soon
            }
            Ok(None) => return AppError::Unauthenticated.into_response(),
            Err(e) => return e.into_response(),
        };
        let mut res = next.run(req).await;
        if let Some(at) = expires_soon {
            res.headers_mut()
                .insert(header::WARNING, token_expiry_warning(at));
        }
        return res;
    }

    let mut clear_cookie = false;
    let mut signed_in = false;
    if let Some(token) = cookie(req.headers(), SESSION_COOKIE).map(str::to_owned) {
        match user_for_session(&state, &token, now, ip).await {
            Ok(Some(user)) => {
                req.extensions_mut().insert(user);
                signed_in = true;
            }
            Ok(None) => {
                req.extensions_mut().insert(StaleSession);
                clear_cookie = true;
            }
            Err(e) => return e.into_response(),
        }
    }
    let mut res = next.run(req).await;
    // A page made for a signed-in person must not be kept by shared caches or the back button
    // of a shared computer at the desk.
    if signed_in && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if clear_cookie && !res.headers().contains_key(header::SET_COOKIE) {
        res.headers_mut()
            .append(header::SET_COOKIE, clear_session_cookie());
    }
    res
}

/// RFC 9111 obsoleted `Warning` for caches, but code 299 ("miscellaneous persistent warning")
/// is still the one header that HTTP clients and API gateways log without being told to; the
/// expiry is also given on its own in RFC 3339 so that a script can read it.
fn token_expiry_warning(at: chrono::DateTime<chrono::Utc>) -> HeaderValue {
    let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    HeaderValue::from_str(&format!(
        "299 motcua \"API token expires at {at}; ask for a new one (motcua token create)\""
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("299 motcua \"API token expires soon\""))
}

async fn user_for_session(
    state: &AppState,
    token: &str,
    now: chrono::DateTime<chrono::Utc>,
    ip: Option<String>,
) -> Result<Option<CurrentUser>, AppError> {
    let db = state.db();
    let idle = chrono(state.config().session_idle_timeout);
    let Some(session) = sessions::find_valid(db, token, now, idle)
        .await
        .map_err(AppError::internal)?
    else {
        return Ok(None);
    };
    // Refresh the idle timer at most once a minute: one write per minute, not per request.
    if now - session.last_seen_at > ChronoDuration::seconds(60)
        && let Err(e) = sessions::touch(db, session.id, now).await
    {
        tracing::warn!(error = %e, "could not refresh session");
    }
    let (user, grants) = user_and_grants(db, session.user_id).await?;
    Ok(Some(CurrentUser {
        user_id: user.id,
        login: user.login.to_string(),
        full_name: user.full_name,
        grants,
        csrf_token: session.csrf_secret,
        credential: Credential::Session(session.id),
        ip,
        cache: None,
    }))
}

/// The account behind a session or token, with its role grants.
async fn user_and_grants(
    db: &motcua_store::Db,
    id: motcua_domain::ids::UserId,
) -> Result<(users::User, Vec<motcua_domain::role::RoleGrant>), AppError> {
    users::get_with_grants(db, id)
        .await
        .map_err(AppError::internal)
}

async fn user_for_token(
    state: &AppState,
    token: &str,
    now: chrono::DateTime<chrono::Utc>,
    ip: Option<String>,
) -> Result<Option<CurrentUser>, AppError> {
    let db = state.db();
    let tokens::TokenHolder {
        token: tok,
        user,
        grants,
        cache,
    } = match tokens::find_by_plaintext(db, token, now)
        .await
        .map_err(AppError::internal)?
    {
        tokens::TokenLookup::Valid(holder) => holder,
        tokens::TokenLookup::Expired(_) => return Err(AppError::TokenExpired),
        tokens::TokenLookup::Unknown => return Ok(None),
    };
    if tok.use_is_stale(now)
        && let Err(e) = tokens::mark_used(db, tok.id, now).await
    {
        tracing::warn!(error = %e, "could not note token use");
    }
    Ok(Some(CurrentUser {
        user_id: user.id,
        login: user.login.to_string(),
        full_name: user.full_name,
        grants,
        csrf_token: String::new(),
        credential: Credential::Token {
            id: tok.id,
            expires_soon: tok.expires_soon(now),
            scopes: tok.scopes,
        },
        ip,
        cache: Some(cache),
    }))
}
