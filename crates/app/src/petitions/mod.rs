//! Petitions (complaints, denunciations, recommendations, feedback): registering one, acting
//! on it on the legal clock, deciding duplicate candidates, the sealed identity of a
//! denouncer and its audited reveal, the deadline watch, and re-masking what older versions
//! derived from a sealed identity. Pages, the API, the command line and the generators go
//! through these, so they cannot disagree.

pub mod cases;
pub mod duplicates;
pub mod identity;
pub mod repair;
pub mod watch;

use motcua_domain::petition::PetitionError;

use crate::{Error, Text};

impl From<PetitionError> for Error {
    fn from(e: PetitionError) -> Self {
        let allowed = match &e {
            PetitionError::NotAllowed { allowed, .. } => {
                allowed.iter().map(|a| a.code().to_owned()).collect()
            }
            _ => Vec::new(),
        };
        Self::Rule {
            code: e.code(),
            message: Text::of(&e),
            allowed,
        }
    }
}
