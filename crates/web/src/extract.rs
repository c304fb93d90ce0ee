//! Wrappers around axum's body and query extractors whose rejections become [`AppError`]s,
//! so malformed input gets the same clear answer as every other error.

use axum::body::Bytes;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::error::{AppError, Malformed};

/// An `application/x-www-form-urlencoded` body (or query, for GET forms).
#[derive(Debug)]
pub struct PageForm<T>(pub T);

/// A JSON body (`application/json`): fields the type does not have are refused
/// (`unknown_field`), see [`parse_json`].
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

/// Query parameters.
#[derive(Debug)]
pub struct Query<T>(pub T);

fn too_large_or(status: StatusCode, other: AppError) -> AppError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        other
    }
}

impl<S, T> FromRequest<S> for PageForm<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(v)) => Ok(Self(v)),
            Err(FormRejection::InvalidFormContentType(_)) => Err(AppError::UnsupportedMediaType),
            Err(e) => Err(too_large_or(
                e.status(),
                AppError::Malformed {
                    what: Malformed::Form,
                    detail: e.body_text(),
                },
            )),
        }
    }
}

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = match Bytes::from_request(req, state).await {
            Ok(b) => b,
            Err(e) => {
                return Err(too_large_or(
                    e.status(),
                    AppError::Malformed {
                        what: Malformed::Json,
                        detail: e.body_text(),
                    },
                ));
            }
        };
        parse_json(&bytes).map(Self)
    }
}

/// `application/json`, or a `+json` type, with any parameters.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|sub| sub.ends_with("+json"))
}

/// Parses a JSON body into `T`, refusing any field `T` does not have.
///
/// `#[serde(deny_unknown_fields)]` cannot be put on types that page forms share (a form also
/// carries its CSRF field), nor does it reach through `#[serde(flatten)]`; watching for every
/// value serde skips refuses unknown fields for every body type alike, nested ones included.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut unknown = Vec::new();
    let mut note = |path: serde_ignored::Path<'_>| unknown.push(path.to_string());
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed: Result<T, serde_path_to_error::Error<serde_json::Error>> =
        serde_path_to_error::deserialize(serde_ignored::Deserializer::new(&mut de, &mut note));
    let value = match parsed {
        Ok(v) => v,
        Err(e) => return Err(json_error(&e)),
    };
    de.end().map_err(|e| AppError::Malformed {
        what: Malformed::Json,
        detail: e.to_string(),
    })?;
    if unknown.is_empty() {
        Ok(value)
    } else {
        Err(AppError::UnknownFields(unknown))
    }
}

fn json_error(e: &serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let inner = e.inner();
    let path = e.path().to_string();
    // The message serde gives a type marked `deny_unknown_fields`: "unknown field `x`, …".
    if inner.classify() == Category::Data
        && let Some(name) = inner
            .to_string()
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name.to_owned())
    {
        let full = if path == "." || path.is_empty() {
            name
        } else {
            format!("{path}.{name}")
        };
        return AppError::UnknownFields(vec![full]);
    }
    let detail = if inner.classify() == Category::Data && path != "." {
        format!("{path}: {inner}")
    } else {
        inner.to_string()
    };
    AppError::Malformed {
        what: Malformed::Json,
        detail,
    }
}

impl<S, T> FromRequestParts<S> for Query<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(e @ QueryRejection::FailedToDeserializeQueryString(_)) => {
                Err(AppError::Malformed {
                    what: Malformed::Query,
                    detail: e.body_text(),
                })
            }
            Err(e) => Err(AppError::Malformed {
                what: Malformed::Query,
                detail: e.body_text(),
            }),
        }
    }
}
