//! The search text of a list (`q`): bounded before it reaches the database, with one stable
//! API code and the same Vietnamese message on every page that searches.

use motcua_domain::text::bounded_search;

use crate::error::AppError;
use crate::i18n::Lang;

/// The API code of a search that is too long.
pub const TOO_LONG: &str = "search_too_long";

/// `q` trimmed (`None` when blank), or a 400 `search_too_long`.
pub fn search_text(q: Option<&str>) -> Result<Option<String>, AppError> {
    bounded_search(q).map_err(|e| AppError::Rule {
        code: TOO_LONG,
        message: e.to_string().into(),
        allowed: Vec::new(),
    })
}

/// The message to show beside a list's search box, if `e` is a refused search.
#[must_use]
pub fn refused_message(e: &AppError, lang: Lang) -> Option<String> {
    match e {
        AppError::Rule {
            code: TOO_LONG,
            message,
            ..
        } => Some(lang.text(message)),
        _ => None,
    }
}
