//! Uploaded files, checked by content (not by name) before they reach a dossier.

use motcua_domain::dossier::upload::{self, UploadLimits};

use super::service::UploadedFile;
use crate::error::AppError;

/// Checks one file for the checklist line `field`; the message names the file and the problem.
pub fn accept(
    field: &str,
    name: &str,
    content_type: Option<&str>,
    bytes: Vec<u8>,
    limits: &UploadLimits,
) -> Result<UploadedFile, AppError> {
    let checked = upload::check_upload(name, content_type, &bytes, limits)
        .map_err(|e| AppError::field(field, e.to_string()))?;
    Ok(UploadedFile {
        name: checked.safe_name,
        sha256: checked.sha256_hex,
        kind: checked.kind.extension().replace("jpg", "jpeg"),
        content: bytes,
    })
}

/// Checks the files of one dossier together: count, total size, the same file twice.
pub fn accept_batch(files: &[UploadedFile], limits: &UploadLimits) -> Result<(), AppError> {
    let checked: Vec<upload::CheckedFile> = files
        .iter()
        .map(|f| upload::CheckedFile {
            kind: match f.kind.as_str() {
                "pdf" => upload::FileKind::Pdf,
                "png" => upload::FileKind::Png,
                _ => upload::FileKind::Jpeg,
            },
            size: u64::try_from(f.content.len()).unwrap_or(u64::MAX),
            sha256_hex: f.sha256.clone(),
            safe_name: f.name.clone(),
        })
        .collect();
    upload::check_batch(&checked, limits).map_err(|e| AppError::field("documents", e.to_string()))
}
