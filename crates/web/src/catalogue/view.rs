//! What the catalogue's pages, its API and other capabilities' pages show alike.

use motcua_domain::procedure::{LimitKind, ProcedureCode, ProcedureVersion, Quantity};
use motcua_store::procedures;

use crate::error::AppError;
use crate::i18n::Lang;
use crate::pages::today_vn;
use crate::state::AppState;

/// "3 ngày làm việc", "0.5 ngày (trong ngày)", in the page's language.
#[must_use]
pub fn limit_text(lang: Lang, kind: LimitKind, q: Quantity) -> String {
    let unit = match lang {
        Lang::Vi => kind.unit_vi(),
        Lang::En => match kind {
            LimitKind::WorkingDays => "working days",
            LimitKind::WorkingHours => "working hours",
            LimitKind::CalendarDays => "days",
            LimitKind::SameDay => "day (same day)",
        },
    };
    let n = match lang {
        Lang::Vi => q.to_string().replace('.', ","),
        Lang::En => q.to_string(),
    };
    format!("{n} {unit}")
}

/// The version in force today, or 404.
pub async fn in_force(state: &AppState, code: &str) -> Result<ProcedureVersion, AppError> {
    let code = ProcedureCode::parse(code).map_err(|_| AppError::NotFound)?;
    Ok(procedures::get_in_force(state.db(), &code, today_vn()).await?)
}
