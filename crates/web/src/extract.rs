//! Wrappers around axum's body and query extractors whose rejections become [`AppError`]s,
//! so malformed input gets the same clear answer as every other error.

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{AppError, Malformed};

/// An `application/x-www-form-urlencoded` body (or query, for GET forms).
#[derive(Debug)]
pub struct PageForm<T>(pub T);

/// A JSON body. Types should use `#[serde(deny_unknown_fields)]`.
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
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::UnsupportedMediaType),
            Err(e) => Err(too_large_or(
                e.status(),
                AppError::Malformed {
                    what: Malformed::Json,
                    detail: e.body_text(),
                },
            )),
        }
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
