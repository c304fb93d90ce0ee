//! What a catalogue search asks for, parsed once for the public pages and the API.

use motcua_domain::procedure::ProcedureLevel;
use motcua_store::procedures::ProcedureFilter;
use serde::Deserialize;

use crate::error::AppError;
use crate::pages::today_vn;

/// Page size of the list.
pub const PAGE_SIZE: u32 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct CatalogueQuery {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub page: Option<u32>,
}

/// Turns query parameters into the store's filter; bad values are a clear 400.
pub fn filter_from(q: &CatalogueQuery, limit: u32) -> Result<ProcedureFilter, AppError> {
    let mut f = ProcedureFilter::on(today_vn());
    f.query = crate::search::search_text(q.q.as_deref())?;
    f.field = q
        .field
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    f.level = match q.level.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(l) => Some(ProcedureLevel::parse(l)?),
    };
    f.limit = limit;
    f.offset = q.page.unwrap_or(0).saturating_mul(limit);
    Ok(f)
}
