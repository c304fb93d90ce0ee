//! Files kept across a form's error rounds. A file that passed its checks in a form that came
//! back with errors is stored (by content, as every upload is) and the form carries a reference
//! to it, so nobody picks a file twice. The reference is signed for the person who sent the
//! file: one cannot forge a reference to a file one never had, nor reuse another person's.

use motcua_app::dossiers::{UploadedFile, uploads};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;

/// Separates the signed parts of a reference (none of them can contain it).
const SEP: char = '.';

fn mac(state: &AppState, user: &CurrentUser, sha256: &str, name: &str) -> String {
    let signed = format!("{}|{sha256}|{name}", user.user_id);
    state
        .app()
        .identity_keys()
        .blind_index("kept_upload", &signed)
}

/// Stores `f` and returns the reference the form carries (with the file's name beside it).
pub async fn keep(
    state: &AppState,
    user: &CurrentUser,
    f: &UploadedFile,
) -> Result<String, AppError> {
    uploads::keep(state.app(), f).await?;
    Ok(format!(
        "{}{SEP}{}",
        f.sha256,
        mac(state, user, &f.sha256, &f.name)
    ))
}

/// The kept file a reference names, if it is this person's and still stored. Anything else
/// (a forged or altered reference, another person's) is no file: the document then reads as
/// missing, as if nothing had been sent.
pub async fn restore(
    state: &AppState,
    user: &CurrentUser,
    reference: &str,
    name: &str,
) -> Result<Option<UploadedFile>, AppError> {
    let Some((sha256, signature)) = reference.trim().split_once(SEP) else {
        return Ok(None);
    };
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex(sha256) || !hex(signature) || mac(state, user, sha256, name) != signature {
        return Ok(None);
    }
    match uploads::kept(state.app(), sha256, name).await {
        Ok(f) => Ok(Some(f)),
        Err(motcua_app::Error::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
