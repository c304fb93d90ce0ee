//! One-stop dossiers (hồ sơ): receiving one ([`intake`]), acting on it ([`act`]), what the
//! applicant is told ([`notices`], outbox rows written with the change), the files it brings
//! ([`uploads`]), the citizen's [`rating`] and the late [`watch`] the server runs on a
//! schedule.

pub mod act;
pub mod intake;
pub mod notices;
pub mod rating;
pub mod team;
pub mod uploads;
pub mod watch;

pub use act::{ActRequest, act};
pub use intake::{Intake, IntakeDocument, check_documents, intake};
pub use rating::{Rate, rate};
pub use uploads::UploadedFile;

use motcua_domain::dossier::lifecycle::{LifecycleError, Snapshot};
use motcua_domain::dossier::record::DossierRecord;
use motcua_domain::message::Text;
use motcua_store::Tx;

use crate::{Error, Result};
use notices::Notice;

fn calendar_error(e: motcua_calendar::CalendarError) -> Error {
    Error::field(
        "received_at",
        Text::with(
            "validation-dossier-due_calendar",
            vec![("problem", e.to_string().into())],
        ),
    )
}

/// The rule-level refusals of the state machine, with the allowed actions attached.
impl From<LifecycleError> for Error {
    fn from(e: LifecycleError) -> Self {
        let allowed = match &e {
            LifecycleError::NotAllowed { allowed, .. } => {
                allowed.iter().map(|a| a.code().to_owned()).collect()
            }
            _ => Vec::new(),
        };
        Self::Rule {
            code: e.code(),
            message: motcua_domain::message::Text::of(&e),
            allowed,
        }
    }
}

/// The snapshot the state machine decides on.
#[must_use]
pub fn snapshot(d: &DossierRecord) -> Snapshot {
    d.snapshot()
}

async fn queue_notices(tx: &mut Tx, d: &DossierRecord, list: Vec<Notice>) -> Result<()> {
    for n in list {
        notices::enqueue(tx, d, &n).await?;
    }
    Ok(())
}
