//! A citizen's own account: `/dang-ky` (sign up, then the code sent to the phone or address) and
//! `/quen-mat-khau` (a forgotten password, the same way).
//!
//! The browser that asked for a code keeps the ticket in a cookie (HttpOnly, SameSite=Strict):
//! the confirming form never carries it, so another site cannot make a visitor's browser
//! confirm a code it did not ask for, and the ticket never appears in an address or a log.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use motcua_app::accounts::{self, SignUp};
use motcua_domain::account::{CodePurpose, Contact};
use serde::Deserialize;

use crate::accounts::pages::login::{check_new_password, signed_in};
use crate::auth::{ClientIp, CurrentUser, cookie, cookie_header, password, redirect};
use crate::error::AppError;
use crate::extract::PageForm;
use crate::pages::{FormErrors, PageCtx};
use crate::state::AppState;

const TICKET_COOKIE: &str = "motcua_code";

fn ticket_cookie(state: &AppState, headers: &HeaderMap, ticket: &str) -> HeaderValue {
    // Alive a little longer than the code, so that the page can say it has expired.
    let attributes = "Path=/; HttpOnly; SameSite=Strict; Max-Age=900";
    cookie_header(state, headers, TICKET_COOKIE, ticket, attributes)
}

fn clear_ticket_cookie() -> HeaderValue {
    HeaderValue::from_static("motcua_code=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

fn ticket(headers: &HeaderMap) -> &str {
    cookie(headers, TICKET_COOKIE).unwrap_or_default()
}

/// Where a code went (mostly hidden), if this browser's ticket still names an open code.
async fn pending(
    state: &AppState,
    headers: &HeaderMap,
    purpose: CodePurpose,
) -> Result<Option<String>, AppError> {
    Ok(accounts::pending_contact(state.app(), ticket(headers), purpose).await?)
}

/// Someone logged in has an account already.
fn home_if_signed_in(current: Option<&CurrentUser>) -> Option<Response> {
    current.map(|_| Redirect::to(redirect::HOME).into_response())
}

/// Puts an operation's error on the form: field messages beside their fields, the rest (too
/// many codes, a spent code) on top.
fn form_error(
    p: &PageCtx,
    e: motcua_app::Error,
    form: &mut FormErrors,
) -> Result<Option<String>, AppError> {
    match AppError::from(e) {
        AppError::Validation(fs) | AppError::TooLong(fs) => {
            for f in fs {
                form.add(&f.field, f.message);
            }
            Ok(None)
        }
        AppError::Rule { message, .. } => Ok(Some(p.lang.text(&message))),
        other => Err(other),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/signup.html")]
pub struct SignUpPage {
    p: PageCtx,
    form: SignUpForm,
    errors: FormErrors,
    alert: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct SignUpForm {
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn sign_up_form(p: PageCtx, current: Option<CurrentUser>) -> Response {
    home_if_signed_in(current.as_ref()).unwrap_or_else(|| {
        SignUpPage {
            p,
            form: SignUpForm::default(),
            errors: FormErrors::default(),
            alert: None,
        }
        .into_response()
    })
}

pub async fn sign_up(
    State(state): State<AppState>,
    p: PageCtx,
    current: Option<CurrentUser>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PageForm(form): PageForm<SignUpForm>,
) -> Result<Response, AppError> {
    if let Some(home) = home_if_signed_in(current.as_ref()) {
        return Ok(home);
    }
    let mut errors = FormErrors::default();
    let full_name = form.full_name.trim().to_owned();
    if full_name.is_empty() {
        errors.add("full_name", p.t("field-required"));
    } else if full_name.chars().count() > 200 {
        errors.add(
            "full_name",
            motcua_domain::message::Text::id("validation-user-full_name_too_long"),
        );
    }
    let contact = Contact::parse(&form.contact)
        .map_err(|e| errors.add("contact", e.fields()[0].message.clone()))
        .ok();
    check_new_password(&p, &mut errors, &form.new, &form.confirm);
    let mut alert = None;
    if let (Some(contact), false) = (contact, errors.has_errors()) {
        let input = SignUp {
            contact,
            full_name,
            password_hash: password::hash(form.new.clone()).await?,
        };
        match accounts::request_sign_up(state.app(), ip, input).await {
            Ok(sent) => {
                return Ok(code_sent(
                    &state,
                    &headers,
                    &sent.ticket,
                    "/dang-ky/xac-nhan",
                ));
            }
            Err(e) => alert = form_error(&p, e, &mut errors)?,
        }
    }
    let form = SignUpForm {
        new: String::new(),
        confirm: String::new(),
        ..form
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        SignUpPage {
            p,
            form,
            errors,
            alert,
        },
    )
        .into_response())
}

fn code_sent(state: &AppState, headers: &HeaderMap, ticket: &str, to: &'static str) -> Response {
    let mut res = Redirect::to(to).into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, ticket_cookie(state, headers, ticket));
    res
}

/// The page that asks for the code (and, for a reset, the new password).
#[derive(Template, WebTemplate)]
#[template(path = "accounts/code.html")]
pub struct CodePage {
    p: PageCtx,
    /// `dang-ky` or `quen-mat-khau`: where the form posts and where to ask again.
    path: &'static str,
    /// Where the code went, hidden in part; `None` when no code is waiting.
    sent_to: Option<String>,
    reset: bool,
    errors: FormErrors,
    alert: Option<String>,
}

impl CodePage {
    fn new(p: PageCtx, purpose: CodePurpose, sent_to: Option<String>) -> Self {
        let (path, reset) = match purpose {
            CodePurpose::SignUp => ("dang-ky", false),
            CodePurpose::Reset => ("quen-mat-khau", true),
        };
        Self {
            p,
            path,
            sent_to,
            reset,
            errors: FormErrors::default(),
            alert: None,
        }
    }
}

pub async fn sign_up_code_form(
    State(state): State<AppState>,
    p: PageCtx,
    headers: HeaderMap,
) -> Result<CodePage, AppError> {
    let sent_to = pending(&state, &headers, CodePurpose::SignUp).await?;
    Ok(CodePage::new(p, CodePurpose::SignUp, sent_to))
}

#[derive(Debug, Default, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

/// The code page again, with what went wrong.
async fn code_failed(
    state: &AppState,
    p: PageCtx,
    headers: &HeaderMap,
    purpose: CodePurpose,
    errors: FormErrors,
    alert: Option<String>,
) -> Result<Response, AppError> {
    let sent_to = pending(state, headers, purpose).await?;
    let page = CodePage {
        errors,
        alert,
        ..CodePage::new(p, purpose, sent_to)
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub async fn sign_up_confirm(
    State(state): State<AppState>,
    p: PageCtx,
    current: Option<CurrentUser>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PageForm(form): PageForm<CodeForm>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::default();
    match accounts::confirm_sign_up(state.app(), ip.clone(), ticket(&headers), &form.code).await {
        Ok(user) => {
            let mut res = signed_in(
                &state,
                current,
                ip,
                &headers,
                &user,
                HeaderValue::from_static("/?welcome=1"),
            )
            .await?;
            res.headers_mut()
                .append(header::SET_COOKIE, clear_ticket_cookie());
            Ok(res)
        }
        Err(e) => {
            let alert = form_error(&p, e, &mut errors)?;
            code_failed(&state, p, &headers, CodePurpose::SignUp, errors, alert).await
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/forgot.html")]
pub struct ForgotPage {
    p: PageCtx,
    contact: String,
    errors: FormErrors,
    alert: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    contact: String,
}

pub async fn forgot_form(p: PageCtx) -> ForgotPage {
    ForgotPage {
        p,
        contact: String::new(),
        errors: FormErrors::default(),
        alert: None,
    }
}

pub async fn forgot(
    State(state): State<AppState>,
    p: PageCtx,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PageForm(form): PageForm<ForgotForm>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::default();
    let mut alert = None;
    match Contact::parse(&form.contact) {
        Ok(contact) => match accounts::request_reset(state.app(), ip, &contact).await {
            Ok(sent) => {
                return Ok(code_sent(
                    &state,
                    &headers,
                    &sent.ticket,
                    "/quen-mat-khau/xac-nhan",
                ));
            }
            Err(e) => alert = form_error(&p, e, &mut errors)?,
        },
        Err(e) => errors.add("contact", e.fields()[0].message.clone()),
    }
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        ForgotPage {
            p,
            contact: form.contact.trim().chars().take(254).collect(),
            errors,
            alert,
        },
    )
        .into_response())
}

pub async fn reset_code_form(
    State(state): State<AppState>,
    p: PageCtx,
    headers: HeaderMap,
) -> Result<CodePage, AppError> {
    let sent_to = pending(&state, &headers, CodePurpose::Reset).await?;
    Ok(CodePage::new(p, CodePurpose::Reset, sent_to))
}

pub async fn reset(
    State(state): State<AppState>,
    p: PageCtx,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PageForm(form): PageForm<CodeForm>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::default();
    check_new_password(&p, &mut errors, &form.new, &form.confirm);
    if form.code.trim().is_empty() {
        errors.add("code", p.t("field-required"));
    }
    if errors.has_errors() {
        return code_failed(&state, p, &headers, CodePurpose::Reset, errors, None).await;
    }
    let hash = password::hash(form.new).await?;
    match accounts::confirm_reset(state.app(), ip, ticket(&headers), &form.code, &hash).await {
        Ok(user) => {
            tracing::info!(user = %user, "password reset with a one-time code");
            let mut res = Redirect::to("/login?reset=1").into_response();
            res.headers_mut()
                .append(header::SET_COOKIE, clear_ticket_cookie());
            Ok(res)
        }
        Err(e) => {
            let alert = form_error(&p, e, &mut errors)?;
            code_failed(&state, p, &headers, CodePurpose::Reset, errors, alert).await
        }
    }
}
