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
use crate::i18n::Text;

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
                    detail: e.body_text().into(),
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
                        detail: e.body_text().into(),
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
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
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
    if has_escaped_nul(bytes) {
        return Err(AppError::Malformed {
            what: Malformed::Json,
            detail: Text::id(NUL_DETAIL),
        });
    }
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
        detail: e.to_string().into(),
    })?;
    if unknown.is_empty() {
        Ok(value)
    } else {
        Err(AppError::UnknownFields(unknown))
    }
}

/// No text anyone types holds a NUL, and PostgreSQL cannot store one: refused at the door,
/// the same on both databases, rather than failing in the query.
const NUL_DETAIL: &str = "error-detail-nul";

/// Whether a JSON string in `bytes` holds `\u0000`. A raw NUL inside a string is not JSON at
/// all, so the escape is the only way one gets through the parser.
fn has_escaped_nul(bytes: &[u8]) -> bool {
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match (in_string, bytes[i]) {
            (false, b'"') => in_string = true,
            (true, b'"') => in_string = false,
            (true, b'\\') => {
                let escape = bytes.get(i + 1..i + 6);
                if escape.is_some_and(|e| e.eq_ignore_ascii_case(b"u0000")) {
                    return true;
                }
                // Skip the escaped character, so `\\` and `\"` do not end or start anything.
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    false
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
        // The path already ends at the unknown key, except at the top, where it is ".".
        let full = if path == "." || path.is_empty() {
            name
        } else if path == name || path.ends_with(&format!(".{name}")) {
            path
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
        // The parser's own words (English), as they name the place in the body.
        detail: detail.into(),
    }
}

impl<S, T> FromRequestParts<S> for Query<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts
            .uri
            .query()
            .is_some_and(|q| q.to_ascii_lowercase().contains("%00"))
        {
            return Err(AppError::Malformed {
                what: Malformed::Query,
                detail: Text::id(NUL_DETAIL),
            });
        }
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(e @ QueryRejection::FailedToDeserializeQueryString(_)) => {
                Err(AppError::Malformed {
                    what: Malformed::Query,
                    detail: e.body_text().into(),
                })
            }
            Err(e) => Err(AppError::Malformed {
                what: Malformed::Query,
                detail: e.body_text().into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    struct Open {
        name: String,
        inner: Inner,
    }

    #[derive(Debug, Default, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct Inner {
        x: i64,
    }

    fn code_and_fields(e: &AppError) -> (&'static str, Vec<String>) {
        match e {
            AppError::UnknownFields(f) => (e.code(), f.clone()),
            other => (other.code(), Vec::new()),
        }
    }

    #[test]
    fn unknown_fields_are_refused_with_their_path_whether_or_not_the_type_denies_them() {
        let e = parse_json::<Open>(br#"{"name":"a","nickname":"b"}"#).unwrap_err();
        assert_eq!(
            code_and_fields(&e),
            ("unknown_field", vec!["nickname".into()])
        );
        let e = parse_json::<Open>(br#"{"inner":{"x":1,"y":2}}"#).unwrap_err();
        assert_eq!(
            code_and_fields(&e),
            ("unknown_field", vec!["inner.y".into()])
        );
        assert_eq!(
            parse_json::<Open>(br#"{"inner":{"x":3}}"#).unwrap().inner.x,
            3
        );
    }

    #[test]
    fn broken_json_trailing_text_and_wrong_types_are_malformed_json() {
        for body in [&b"{\"name\": "[..], b"{} {}", b"{\"inner\":{\"x\":\"1\"}}"] {
            let e = parse_json::<Open>(body).unwrap_err();
            assert_eq!(
                e.code(),
                "malformed_json",
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn an_escaped_nul_is_refused_but_an_escaped_backslash_before_u0000_is_text() {
        assert!(has_escaped_nul(br#"{"name":"a\u0000b"}"#));
        assert!(has_escaped_nul(br#"{"name":"\U0000"}"#));
        assert!(!has_escaped_nul(br#"{"name":"a\\u0000b"}"#));
        assert!(!has_escaped_nul(br#"{"name":"a\"\\"}"#));
        let e = parse_json::<Open>(br#"{"name":"a\u0000"}"#).unwrap_err();
        assert_eq!(e.code(), "malformed_json");
        assert_eq!(
            parse_json::<Open>(br#"{"name":"a\\u0000"}"#).unwrap().name,
            "a\\u0000"
        );
    }
}
