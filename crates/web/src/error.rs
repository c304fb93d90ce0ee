//! The one error type of the web layer.
//!
//! An [`AppError`] carries what the person should read (a Fluent key, shown in their language)
//! apart from the cause that goes to the log. Handlers return it; it becomes a response with an
//! [`ErrorPayload`] in the extensions, and the [`render_errors`] middleware turns that into an
//! HTML page or, under `/api/`, into `{"error":{"code","message","fields"}}`. Errors produced by
//! axum or tower-http themselves (unknown route, wrong method, body too large, …) go through the
//! same middleware, so every error looks the same.

use std::collections::BTreeMap;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::i18n::{FluentArg, Lang, Text};

/// The message beside a field that the body's type does not have.
const UNKNOWN_FIELD: &str = "validation-unknown_field";

/// A field-level message, shown beside the field in forms and under `fields` in the API, in
/// the language of the page or request that shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMessage {
    pub field: String,
    pub message: Text,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The body or query could not be parsed (`detail` says where).
    #[error("malformed {what}: {detail}")]
    Malformed { what: Malformed, detail: Text },
    /// Input parsed but broke rules; messages are per field.
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldMessage>),
    /// Text fields longer than their limit (`motcua_domain::limits`); a code of its own so
    /// that an integration can tell "shorten this" from other validation failures.
    #[error("too long: {0:?}")]
    TooLong(Vec<FieldMessage>),
    /// A JSON body named fields its type does not have (paths like `applicant.nickname`):
    /// refused rather than ignored, so a misspelt field is not silently lost.
    #[error("unknown fields: {0:?}")]
    UnknownFields(Vec<String>),
    #[error("not authenticated")]
    Unauthenticated,
    #[error("session expired")]
    SessionExpired,
    /// A bearer token whose expiry has passed: told apart from an unknown one so that the
    /// integrator asks for a new token instead of hunting for a typo.
    #[error("API token expired")]
    TokenExpired,
    #[error("CSRF token missing or wrong")]
    Csrf,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict on {field}")]
    Conflict { field: String, message: Text },
    /// A case rule refused the action (a second apology, an action the state does not allow):
    /// `code` is stable for the API, `message` is for the person, `allowed` lists what the
    /// case allows instead.
    #[error("rule {code}: {message:?}")]
    Rule {
        code: &'static str,
        message: Text,
        allowed: Vec<String>,
    },
    #[error("too many requests")]
    TooManyRequests,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// Anything unexpected: logged with its cause chain, shown as a generic message.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    Form,
    Json,
    Query,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Form => "form",
            Self::Json => "JSON",
            Self::Query => "query",
        })
    }
}

impl AppError {
    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        Self::Internal(e.into())
    }

    pub fn field(field: impl Into<String>, message: impl Into<Text>) -> Self {
        Self::Validation(vec![FieldMessage {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// The field messages of a validation error; any other error as one message under
    /// `field` "_" (for collecting several problems before answering).
    #[must_use]
    pub fn field_messages(self) -> Vec<FieldMessage> {
        match self {
            Self::Validation(f) | Self::TooLong(f) => f,
            other => vec![FieldMessage {
                field: "_".into(),
                message: Text::Plain(other.to_string()),
            }],
        }
    }

    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Malformed { .. } | Self::UnknownFields(_) => StatusCode::BAD_REQUEST,
            Self::Validation(_) | Self::TooLong(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthenticated | Self::SessionExpired | Self::TokenExpired => {
                StatusCode::UNAUTHORIZED
            }
            Self::Csrf | Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::Rule { code, .. } => match *code {
                "missing_field"
                | "upload_rejected"
                | "new_due_not_working_time"
                | "new_due_too_far" => StatusCode::UNPROCESSABLE_ENTITY,
                crate::search::TOO_LONG => StatusCode::BAD_REQUEST,
                "dossier_not_found" | "dossier_code_invalid" => StatusCode::NOT_FOUND,
                _ => StatusCode::CONFLICT,
            },
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine code used in the JSON API.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed {
                what: Malformed::Form,
                ..
            } => "malformed_form",
            Self::Malformed {
                what: Malformed::Json,
                ..
            } => "malformed_json",
            Self::Malformed {
                what: Malformed::Query,
                ..
            } => "malformed_query",
            Self::Validation(_) => "validation_failed",
            Self::TooLong(_) => "too_long",
            Self::UnknownFields(_) => "unknown_field",
            Self::Unauthenticated => "unauthenticated",
            Self::SessionExpired => "session_expired",
            Self::TokenExpired => "token_expired",
            Self::Csrf => "csrf_token_invalid",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Conflict { .. } => "conflict",
            Self::Rule { code, .. } => code,
            Self::TooManyRequests => "too_many_requests",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal_error",
        }
    }

    fn payload(&self) -> ErrorPayload {
        let (key, args): (&'static str, Vec<(&'static str, FluentArg)>) = match self {
            Self::Malformed { what, detail } => (
                match what {
                    Malformed::Form => "error-invalid-form",
                    Malformed::Json => "error-invalid-json",
                    Malformed::Query => "error-invalid-query",
                },
                vec![("detail", FluentArg::Text(detail.clone()))],
            ),
            Self::Validation(_) => ("error-validation", vec![]),
            Self::TooLong(_) => ("error-too-long", vec![]),
            Self::UnknownFields(names) => (
                "error-unknown-field",
                vec![("detail", FluentArg::Str(names.join(", ")))],
            ),
            Self::Unauthenticated => ("error-unauthenticated", vec![]),
            Self::SessionExpired => ("error-session-expired", vec![]),
            Self::TokenExpired => ("error-token-expired", vec![]),
            Self::Csrf => ("error-csrf", vec![]),
            Self::Forbidden => ("error-forbidden", vec![]),
            Self::NotFound => ("error-not-found", vec![]),
            Self::Conflict { .. } => ("error-conflict", vec![]),
            Self::Rule { message, .. } => (
                "error-rule",
                vec![("detail", FluentArg::Text(message.clone()))],
            ),
            Self::TooManyRequests => ("error-too-many-requests", vec![]),
            Self::PayloadTooLarge => ("error-payload-too-large", vec![]),
            Self::UnsupportedMediaType => ("error-unsupported-media", vec![]),
            Self::MethodNotAllowed => ("error-method-not-allowed", vec![]),
            Self::Unavailable(_) => ("error-unavailable", vec![]),
            Self::Internal(_) => ("error-internal", vec![]),
        };
        let fields = match self {
            Self::Validation(f) | Self::TooLong(f) => f
                .iter()
                .map(|f| (f.field.clone(), f.message.clone()))
                .collect(),
            Self::UnknownFields(names) => names
                .iter()
                .map(|n| (n.clone(), Text::id(UNKNOWN_FIELD)))
                .collect(),
            Self::Conflict { field, message } => BTreeMap::from([(field.clone(), message.clone())]),
            Self::Rule { allowed, .. } if !allowed.is_empty() => {
                BTreeMap::from([("allowed".to_owned(), Text::Plain(allowed.join(",")))])
            }
            _ => BTreeMap::new(),
        };
        ErrorPayload {
            code: self.code(),
            key,
            args,
            fields,
        }
    }
}

impl AppError {
    /// The fields of `fields` (name, value) longer than their limit in
    /// `motcua_domain::limits`, as one error; `Ok` when every field fits. Inputs call this
    /// before parsing anything else, so that a megabyte is refused before it is read twice.
    pub fn check_lengths(fields: &[(&str, &str)]) -> Result<(), AppError> {
        let long = motcua_domain::limits::check(fields);
        if long.is_empty() {
            return Ok(());
        }
        Err(Self::TooLong(
            long.into_iter()
                .map(|f| FieldMessage {
                    field: f.field,
                    message: f.message,
                })
                .collect(),
        ))
    }
}

impl From<motcua_domain::DomainError> for AppError {
    fn from(e: motcua_domain::DomainError) -> Self {
        Self::Validation(
            e.fields()
                .iter()
                .map(|f| FieldMessage {
                    field: f.field.clone(),
                    message: f.message.clone(),
                })
                .collect(),
        )
    }
}

/// What the error renderer needs; travels in the response extensions.
#[derive(Clone, Debug)]
pub struct ErrorPayload {
    pub code: &'static str,
    key: &'static str,
    args: Vec<(&'static str, FluentArg)>,
    pub fields: BTreeMap<String, Text>,
}

impl ErrorPayload {
    fn message(&self, lang: Lang) -> String {
        if self.args.is_empty() {
            lang.t(self.key)
        } else {
            lang.t_args(self.key, &self.args)
        }
    }

    /// For errors that axum or tower-http produced before our handlers ran.
    fn for_status(status: StatusCode) -> Self {
        let e = match status {
            StatusCode::NOT_FOUND => AppError::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => AppError::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType,
            StatusCode::UNAUTHORIZED => AppError::Unauthenticated,
            StatusCode::FORBIDDEN => AppError::Forbidden,
            StatusCode::SERVICE_UNAVAILABLE => AppError::Unavailable(String::new()),
            s if s.is_client_error() => AppError::Malformed {
                what: Malformed::Form,
                detail: Text::Plain(String::new()),
            },
            _ => AppError::Internal(anyhow::anyhow!("unhandled status {status}")),
        };
        let mut p = e.payload();
        if matches!(e, AppError::Malformed { .. }) {
            p.code = "bad_request";
            p.key = "error-bad-request";
            p.args.clear();
        }
        p
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            Self::Internal(cause) => {
                tracing::error!(error.cause_chain = ?cause, error.message = %cause, "request failed");
            }
            Self::Unavailable(why) => tracing::warn!(reason = %why, "service unavailable"),
            other => tracing::debug!(error = %other, "request rejected"),
        }
        let mut res = status.into_response();
        res.extensions_mut().insert(self.payload());
        res
    }
}

#[derive(Serialize)]
struct ApiErrorBody<'a> {
    error: ApiErrorInner<'a>,
}

#[derive(Serialize)]
struct ApiErrorInner<'a> {
    code: &'a str,
    message: String,
    fields: &'a BTreeMap<String, String>,
}

/// Marker: the body is already a finished error rendering; leave it alone.
#[derive(Clone, Copy, Debug)]
pub struct Rendered;

fn handler_rendered(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.starts_with("text/html")
                || ct.starts_with("application/json")
                || ct.starts_with("text/xml")
        })
}

/// Renders every error response: JSON under `/api/`, an HTML page elsewhere.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let lang = req.extensions().get::<Lang>().copied().unwrap_or_default();
    let mut res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error())
        || res.extensions().get::<Rendered>().is_some()
    {
        return res;
    }
    let payload = match res.extensions_mut().remove::<ErrorPayload>() {
        Some(p) => p,
        // A handler rendered this page itself (e.g. a form shown again with its errors).
        None if handler_rendered(&res) => return res,
        None => ErrorPayload::for_status(status),
    };
    let message = payload.message(lang);
    let fields: BTreeMap<String, String> = payload
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), lang.text(v)))
        .collect();
    let mut out = if is_api {
        let body = ApiErrorBody {
            error: ApiErrorInner {
                code: payload.code,
                message,
                fields: &fields,
            },
        };
        (status, axum::Json(body)).into_response()
    } else {
        let page = crate::pages::ErrorPage::new(lang, status, message, &fields);
        (status, Html(page.render_html())).into_response()
    };
    // Keep headers the handler set on purpose (Set-Cookie, WWW-Authenticate, Location, Allow).
    for name in [
        header::SET_COOKIE,
        header::WWW_AUTHENTICATE,
        header::ALLOW,
        header::RETRY_AFTER,
    ] {
        for v in res.headers().get_all(&name) {
            out.headers_mut().append(name.clone(), v.clone());
        }
    }
    if is_api
        && status == StatusCode::UNAUTHORIZED
        && !out.headers().contains_key(header::WWW_AUTHENTICATE)
    {
        out.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    out.extensions_mut().insert(Rendered);
    out
}

impl From<motcua_store::StoreError> for AppError {
    fn from(e: motcua_store::StoreError) -> Self {
        use motcua_store::StoreError as S;
        match e {
            S::NotFound { .. } => Self::NotFound,
            S::Conflict { field, message, .. } => Self::Conflict {
                field: field.to_owned(),
                message,
            },
            S::Invalid(d) => d.into(),
            other => Self::Internal(other.into()),
        }
    }
}

/// The use-case layer's errors, given their status and code; messages stay [`Text`] until the
/// response is rendered in the request's language.
impl From<motcua_app::Error> for AppError {
    fn from(e: motcua_app::Error) -> Self {
        use motcua_app::Error as E;
        let fields = |f: Vec<motcua_app::FieldMessage>| {
            f.into_iter()
                .map(|m| FieldMessage {
                    field: m.field,
                    message: m.message,
                })
                .collect()
        };
        match e {
            E::Invalid(f) => Self::Validation(fields(f)),
            E::TooLong(f) => Self::TooLong(fields(f)),
            E::Forbidden => Self::Forbidden,
            E::NotFound => Self::NotFound,
            E::Conflict { field, message } => Self::Conflict { field, message },
            E::Rule {
                code,
                message,
                allowed,
            } => Self::Rule {
                code,
                message,
                allowed,
            },
            E::Internal(cause) => Self::Internal(cause),
        }
    }
}
