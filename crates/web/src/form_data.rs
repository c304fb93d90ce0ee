//! A submitted page form, urlencoded or multipart: the forms that carry files (a dossier, its
//! supplement, a petition filed online) do so only sometimes, and one reader lets every handler
//! see plain fields and files the same way.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;

use crate::error::{AppError, Malformed};
use crate::extract::PageForm;

/// A file field as sent; checked later by `dossiers::uploads::accept`.
#[derive(Debug)]
pub struct FilePart {
    pub field: String,
    pub file_name: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct FormData {
    pub fields: Vec<(String, String)>,
    /// Only file inputs where a file was chosen (browsers send empty parts for the others).
    pub files: Vec<FilePart>,
}

impl FormData {
    /// The first value of `name`, or "".
    #[must_use]
    pub fn get(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Whether a checkbox named `name` was ticked.
    #[must_use]
    pub fn ticked(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, v)| k == name && !v.is_empty())
    }
}

fn malformed(e: &axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::Malformed {
            what: Malformed::Form,
            detail: e.body_text().into(),
        }
    }
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("multipart/form-data"));
        if !multipart {
            let PageForm(fields) =
                PageForm::<Vec<(String, String)>>::from_request(req, state).await?;
            return Ok(Self {
                fields,
                files: Vec::new(),
            });
        }
        let mut mp =
            Multipart::from_request(req, state)
                .await
                .map_err(|e| AppError::Malformed {
                    what: Malformed::Form,
                    detail: e.body_text().into(),
                })?;
        let mut out = Self::default();
        while let Some(field) = mp.next_field().await.map_err(|e| malformed(&e))? {
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(str::to_owned) {
                Some(file_name) => {
                    let content_type = field.content_type().map(str::to_owned);
                    let bytes = field.bytes().await.map_err(|e| malformed(&e))?;
                    if !bytes.is_empty() || !file_name.is_empty() {
                        out.files.push(FilePart {
                            field: name,
                            file_name,
                            content_type,
                            bytes: bytes.to_vec(),
                        });
                    }
                }
                None => {
                    let text = field.text().await.map_err(|e| malformed(&e))?;
                    out.fields.push((name, text));
                }
            }
        }
        Ok(out)
    }
}
