//! Uploaded files, checked by content (not by name) before they reach a dossier, and stored
//! once per SHA-256.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::upload::{self, UploadLimits};
use motcua_store::Tx;
use motcua_store::dossiers::{self, FileRef, StoredFile};

use crate::{Error, Result};

/// A file that passed the upload checks (content sniffed, size within limits).
#[derive(Clone, Debug)]
pub struct UploadedFile {
    pub name: String,
    pub sha256: String,
    /// `pdf`, `jpeg` or `png`.
    pub kind: String,
    pub content: Vec<u8>,
}

/// Checks one file for the checklist line `field`; the message names the file and the problem.
pub fn accept(
    field: &str,
    name: &str,
    content_type: Option<&str>,
    bytes: Vec<u8>,
    limits: &UploadLimits,
) -> Result<UploadedFile> {
    let checked = upload::check_upload(name, content_type, &bytes, limits)
        .map_err(|e| Error::field(field, e.to_string()))?;
    Ok(UploadedFile {
        name: checked.safe_name,
        sha256: checked.sha256_hex,
        kind: checked.kind.extension().replace("jpg", "jpeg"),
        content: bytes,
    })
}

/// Checks the files of one dossier together: count, total size, the same file twice.
pub fn accept_batch(files: &[UploadedFile], limits: &UploadLimits) -> Result<()> {
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
    upload::check_batch(&checked, limits).map_err(|e| Error::field("documents", e.to_string()))
}

/// Stores an uploaded file's content (once per SHA-256) and returns the dossier's reference.
pub(crate) async fn store_upload(
    tx: &mut Tx,
    f: &UploadedFile,
    now: DateTime<Utc>,
) -> Result<FileRef> {
    let stored = StoredFile {
        sha256: f.sha256.clone(),
        kind: f.kind.clone(),
        content: f.content.clone(),
    };
    dossiers::store_file(tx, &stored, now).await?;
    Ok(FileRef {
        name: f.name.clone(),
        sha256: f.sha256.clone(),
    })
}

/// Stores a checked file before any dossier holds it: a form that came back with errors keeps
/// its good files, so nobody picks a file twice. A file never attached stays in the store, as
/// any content shared by hash may.
pub async fn keep(ctx: &crate::Context, f: &UploadedFile) -> Result<()> {
    let mut tx = ctx.db().begin().await?;
    store_upload(&mut tx, f, ctx.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// A kept file read back by its hash, under the name it was sent with.
pub async fn kept(ctx: &crate::Context, sha256: &str, name: &str) -> Result<UploadedFile> {
    let stored = dossiers::get_file(ctx.db(), sha256).await?;
    Ok(UploadedFile {
        name: name.to_owned(),
        sha256: stored.sha256,
        kind: stored.kind,
        content: stored.content,
    })
}
