//! Citizen reception (tiếp công dân, Luật Tiếp công dân 2013; NĐ 154/2026): planning the heads'
//! reception days against the duty in force, opening a reception session and recording its
//! conclusion notice, and recording a visit as the next line of the unit's reception log, its
//! visitor sealed when they denounce.

pub mod schedule;
pub mod session;
pub mod visit;

pub use schedule::{NewDay, check_duty, plan_day};
pub use session::{Conclusion, NewSession, SessionKind, conclude, open_session};
pub use visit::{NewVisit, record_visit, seal_denouncer};

use crate::{Error, FieldMessage, Result};

/// Refuses text longer than its field's limit (`motcua_domain::limits`).
fn within_limits(fields: &[(&str, &str)]) -> Result<()> {
    let long = motcua_domain::limits::check(fields);
    if long.is_empty() {
        return Ok(());
    }
    Err(Error::TooLong(
        long.into_iter()
            .map(|f| FieldMessage::new(f.field, f.message))
            .collect(),
    ))
}
