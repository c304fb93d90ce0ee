//! Logging in and out, and changing one's password.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration as ChronoDuration;
use chrono::{DateTime, Utc};
use motcua_app::{Actor, accounts};
use motcua_domain::account::Login;
use motcua_store::{sessions, users};
use serde::Deserialize;

use crate::auth::{ClientIp, CurrentUser, csrf, is_https, password, redirect, session_cookie};
use crate::error::AppError;
use crate::extract::{PageForm, Query};
use crate::pages::{FormErrors, PageCtx};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "accounts/login.html")]
pub struct LoginPage {
    p: PageCtx,
    login: String,
    next: String,
    error: Option<String>,
    /// The single sign-on provider's name, when one is configured.
    sso: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    bye: Option<String>,
    /// Set after a password was reset with a one-time code.
    #[serde(default)]
    reset: Option<String>,
}

pub async fn login_form(
    State(state): State<AppState>,
    mut p: PageCtx,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Result<Response, AppError> {
    if q.bye.is_some() {
        let n = p.t("logout-done");
        p = p.with_notice(n);
    } else if q.reset.is_some() {
        let n = p.t("reset-done");
        p = p.with_notice(n);
    }
    let mut set_cookie = None;
    if p.csrf.is_empty() {
        let (token, cookie) = login_csrf(&state, &headers)?;
        p.csrf = token;
        set_cookie = cookie;
    }
    let mut res = LoginPage {
        p,
        login: String::new(),
        next: redirect::safe_next(q.next.as_deref()),
        error: None,
        sso: sso_name(&state),
    }
    .into_response();
    if let Some(c) = set_cookie {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(res)
}

/// The login form with a message on top (a failed single sign-on lands here).
pub(crate) fn login_page_with_error(
    state: &AppState,
    mut p: PageCtx,
    headers: &HeaderMap,
    status: StatusCode,
    message: String,
) -> Result<Response, AppError> {
    let mut set_cookie = None;
    if p.csrf.is_empty() {
        let (token, cookie) = login_csrf(state, headers)?;
        p.csrf = token;
        set_cookie = cookie;
    }
    let mut res = (
        status,
        LoginPage {
            p,
            login: String::new(),
            next: redirect::HOME.to_owned(),
            error: Some(message),
            sso: sso_name(state),
        },
    )
        .into_response();
    if let Some(c) = set_cookie {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(res)
}

fn sso_name(state: &AppState) -> Option<String> {
    state.oidc().map(|o| o.display_name().to_owned())
}

/// The login form's anti-forgery token for this browser: the one its cookie holds, or a new
/// one with the cookie to set (see [`csrf`]).
fn login_csrf(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, Option<HeaderValue>), AppError> {
    if let Some(t) = csrf::login_token(headers) {
        return Ok((t.to_owned(), None));
    }
    let token = csrf::new_login_token()?;
    let cookie = csrf::login_cookie(&token, is_https(state, headers));
    Ok((token, Some(cookie)))
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

/// "45 giây", "3 phút": how long until `until`, rounded up, in the page's language.
fn wait_text(p: &PageCtx, until: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (until - now).num_seconds().max(1);
    if secs < 120 {
        p.t1("login-wait-seconds", "n", secs)
    } else {
        p.t1("login-wait-minutes", "n", (secs + 59) / 60)
    }
}

pub async fn login(
    State(state): State<AppState>,
    current: Option<CurrentUser>,
    mut p: PageCtx,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PageForm(form): PageForm<LoginForm>,
) -> Result<Response, AppError> {
    let db = state.db();
    // Decided and made a header value before anything is written: a target that cannot be a
    // `Location` must not fail the request after the session row exists.
    let next = redirect::safe_next(form.next.as_deref());
    let location =
        HeaderValue::from_str(&next).unwrap_or_else(|_| HeaderValue::from_static(redirect::HOME));
    if p.csrf.is_empty()
        && let Some(t) = csrf::login_token(&headers)
    {
        // The page shown again after a failure keeps the token the browser already holds.
        p.csrf = t.to_owned();
    }
    let typed_login = form.login.trim().chars().take(64).collect::<String>();
    let sso = sso_name(&state);
    let page = |p: PageCtx, status: StatusCode, msg: String| {
        (
            status,
            LoginPage {
                p,
                login: typed_login.clone(),
                next: next.clone(),
                error: Some(msg),
                sso: sso.clone(),
            },
        )
            .into_response()
    };
    let throttle = state.config().login_throttle;
    let now = motcua_store::now();
    let back =
        |d: std::time::Duration| now - ChronoDuration::from_std(d).unwrap_or(ChronoDuration::MAX);
    let since = back(throttle.lookback);
    // Without a known address every such client shares one key: stricter, never looser.
    let addr = ip.clone().unwrap_or_else(|| "unknown".to_owned());

    let from_addr = users::address_failures(db, &addr, back(throttle.lookback_per_ip))
        .await
        .map_err(AppError::internal)?;
    if let Some(until) = throttle
        .per_address()
        .wait_until(from_addr.count, from_addr.last, now)
    {
        tracing::warn!(ip = %addr, failures = from_addr.count, "login attempts from this address must wait");
        let msg = p.t1("login-rate-limited", "wait", wait_text(&p, until, now));
        return Ok(with_retry_after(
            page(p, StatusCode::TOO_MANY_REQUESTS, msg),
            until,
            now,
        ));
    }

    let Ok(login) = Login::parse(&form.login) else {
        // Same work as for a real account, so the answer reveals nothing.
        password::verify(form.password, None).await?;
        let msg = p.t("login-failed");
        return Ok(page(p, StatusCode::UNAUTHORIZED, msg));
    };

    let pair = users::pair_failures(db, &login, &addr, since)
        .await
        .map_err(AppError::internal)?;
    if let Some(until) = throttle.per_pair().wait_until(pair.count, pair.last, now) {
        // Refused unheard and not counted: trying again during the wait changes nothing.
        let msg = p.t1("login-wait", "wait", wait_text(&p, until, now));
        return Ok(with_retry_after(
            page(p, StatusCode::TOO_MANY_REQUESTS, msg),
            until,
            now,
        ));
    }

    let creds = users::find_by_login(db, &login)
        .await
        .map_err(AppError::internal)?;
    let ok = password::verify(
        form.password,
        creds.as_ref().map(|c| c.password_hash.clone()),
    )
    .await?;
    users::record_login_attempt(db, &login, ok, Some(&addr), now)
        .await
        .map_err(AppError::internal)?;

    let creds = match creds {
        Some(c) if ok => c,
        _ => {
            let wait = throttle
                .per_pair()
                .delay_after(pair.count + 1)
                .max(throttle.per_address().delay_after(from_addr.count + 1));
            let msg = if wait > ChronoDuration::zero() {
                tracing::warn!(login = %login, ip = %addr, failures = pair.count + 1, "repeated login failures: next try must wait");
                p.t1("login-failed-wait", "wait", wait_text(&p, now + wait, now))
            } else {
                p.t("login-failed")
            };
            return Ok(page(p, StatusCode::UNAUTHORIZED, msg));
        }
    };
    if creds.user.disabled {
        let msg = p.t("login-disabled");
        return Ok(page(p, StatusCode::FORBIDDEN, msg));
    }

    signed_in(&state, current, ip, &headers, &creds.user, location).await
}

/// Starts a session for `user`, who has just proved who they are (a password, a one-time
/// code, the identity provider), and sends the browser on to `location`.
pub(crate) async fn signed_in(
    state: &AppState,
    current: Option<CurrentUser>,
    ip: Option<String>,
    headers: &HeaderMap,
    user: &users::User,
    location: HeaderValue,
) -> Result<Response, AppError> {
    // A session this browser already had ends: a login always gets a fresh token, so a token
    // planted before login (session fixation) is worth nothing.
    if let Some(previous) = current {
        end_session(state, &previous).await?;
    }
    let actor = Actor {
        user: Some(user.id),
        name: user.full_name.clone(),
        ip,
        cache: None,
    };
    let token = start_session(state, &actor, headers).await?;
    accounts::record_login(state.app(), user.id).await?;
    tracing::info!(user = %user.id, "logged in");
    let mut res = StatusCode::SEE_OTHER.into_response();
    res.headers_mut().insert(header::LOCATION, location);
    res.headers_mut()
        .append(header::SET_COOKIE, session_cookie(state, headers, &token));
    Ok(res)
}

fn with_retry_after(
    mut res: Response,
    until: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Response {
    let secs = (until - now).num_seconds().max(1);
    if let Ok(v) = secs.to_string().parse() {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// Creates a session in the database and returns the cookie token.
pub(crate) async fn start_session(
    state: &AppState,
    actor: &Actor,
    headers: &HeaderMap,
) -> Result<String, AppError> {
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(256).collect::<String>());
    let lifetime = ChronoDuration::from_std(state.config().session_lifetime)
        .unwrap_or(ChronoDuration::hours(12));
    let new = accounts::NewSession {
        lifetime,
        user_agent,
    };
    Ok(accounts::start_session(state.app(), actor, new).await?)
}

/// Deletes the session `user` came with (if they came with one).
async fn end_session(state: &AppState, user: &CurrentUser) -> Result<(), AppError> {
    if let Some(id) = user.session_id() {
        accounts::end_session(state.app(), &user.actor(), id).await?;
    }
    Ok(())
}

pub async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, AppError> {
    end_session(&state, &user).await?;
    let mut res = Redirect::to("/login?bye=1").into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, crate::auth::clear_session_cookie());
    Ok(res)
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/password.html")]
pub struct PasswordPage {
    p: PageCtx,
    form: FormErrors,
}

pub async fn password_form(p: PageCtx, _user: CurrentUser) -> PasswordPage {
    PasswordPage {
        p,
        form: FormErrors::default(),
    }
}

/// A new password's length, and that it was typed twice the same (fields `new`, `confirm`).
pub(crate) fn check_new_password(p: &PageCtx, errors: &mut FormErrors, new: &str, confirm: &str) {
    let len = new.chars().count();
    if len < password::MIN_LEN {
        errors.add("new", p.t("password-too-short"));
    } else if len > password::MAX_LEN {
        errors.add("new", p.t("password-too-long"));
    }
    if new != confirm {
        errors.add("confirm", p.t("password-mismatch"));
    }
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    p: PageCtx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PageForm(form): PageForm<PasswordForm>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::default();
    if form.current.is_empty() {
        errors.add("current", p.t("field-required"));
    }
    check_new_password(&p, &mut errors, &form.new, &form.confirm);
    if !form.current.is_empty() {
        let creds = users::find_by_login(
            state.db(),
            &Login::parse(&user.login).map_err(AppError::from)?,
        )
        .await
        .map_err(AppError::internal)?;
        let ok = password::verify(form.current, creds.map(|c| c.password_hash)).await?;
        if !ok {
            errors.add("current", p.t("password-wrong"));
        }
    }
    if errors.has_errors() {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            PasswordPage { p, form: errors },
        )
            .into_response());
    }

    let hash = password::hash(form.new).await?;
    // This also ends every session of the user, this one included.
    accounts::change_password(state.app(), &user.actor(), &hash).await?;
    let actor = Actor { ip, ..user.actor() };
    let token = start_session(&state, &actor, &headers).await?;
    tracing::info!(user = %user.user_id, "password changed");

    let notice = p.t("password-changed");
    let mut p = p.with_notice(notice);
    // The new session has a new CSRF token; the page is rendered before the next request sees
    // it, so look it up from the token we just made.
    let now = motcua_store::now();
    if let Ok(Some(s)) = sessions::find_valid(
        state.db(),
        &token,
        now,
        ChronoDuration::from_std(state.config().session_idle_timeout)
            .unwrap_or(ChronoDuration::hours(2)),
    )
    .await
    {
        p.csrf = s.csrf_secret;
    }
    let mut res = PasswordPage {
        p,
        form: FormErrors::default(),
    }
    .into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, session_cookie(&state, &headers, &token));
    Ok(res)
}
