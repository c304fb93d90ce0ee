//! Petitions: the register (complaints, denunciations, recommendations, feedback), their
//! timeline, the officers named on each case, duplicate candidates, and the audit of identity
//! reveals.
//!
//! A protected denouncer's identity is never written here in clear: the caller seals it (the
//! `motcua-vault` crate) into `sender_sealed` and passes keyed hashes for matching; the clear
//! sender columns then hold empty strings. State changes are read-modify-write with an
//! optimistic version, as for dossiers: of two officers acting at once exactly one wins.

use chrono::{DateTime, Utc};
use motcua_domain::ids::{PetitionId, UnitId, UserId, VisitId};

mod duplicates;
mod import;
mod lists;
mod read;
mod reveals;
mod rows;
mod write;

pub use duplicates::*;
pub use import::*;
pub use lists::*;
pub use read::*;
pub use reveals::*;
pub use write::*;

/// Who sent the petition, in clear. Empty strings for a protected or anonymous sender.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SenderRecord {
    pub name: String,
    pub address: String,
    pub id_number: String,
    pub phone: String,
}

/// A petition row. Codes (`kind`, `status`, …) are the domain's `code()` strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PetitionRecord {
    pub id: PetitionId,
    pub code: String,
    pub unit: UnitId,
    pub kind: String,
    pub source: String,
    pub forwarded_by: String,
    pub visit: Option<VisitId>,
    pub received_at: DateTime<Utc>,
    pub registered_by: Option<UserId>,
    /// For a petition a citizen filed online: the keyed blind index of their account's id
    /// (never the id in clear), which "my petitions" matches.
    pub filer_index: Option<String>,
    pub subject: String,
    pub content: String,
    /// Whom a complaint or denunciation is about; empty for the other kinds.
    pub respondent: String,
    pub anonymous: bool,
    pub protected: bool,
    pub pseudonym: String,
    pub sender: SenderRecord,
    pub sender_sealed: Option<String>,
    pub person_id_index: Option<String>,
    pub person_name_index: Option<String>,
    pub signatory_count: i64,
    /// JSON list of the representatives' names (empty for a protected sender: they are sealed).
    pub representatives: String,
    pub status: String,
    pub reason_code: Option<String>,
    pub forwarded_to: String,
    pub complexity: String,
    pub remote_area: bool,
    pub instance: i64,
    pub first_instance: Option<PetitionId>,
    pub rules_id: String,
    pub deadline_kind: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub reply_due_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub suspended_at: Option<DateTime<Utc>>,
    pub extensions: i64,
    /// JSON: classification reasons, extensions and suspensions (the domain's case state).
    pub case_state: String,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_summary: String,
    pub closed_at: Option<DateTime<Utc>>,
    pub duplicate_of: Option<PetitionId>,
    /// The content's MinHash signature, as stored text.
    pub signature: String,
    pub watch_flag: Option<String>,
    pub version: i64,
}

/// A file sent with a petition; its content is in `stored_file`, once per SHA-256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PetitionFile {
    pub position: u32,
    pub name: String,
    pub sha256: String,
}

/// One entry of a petition's timeline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PetitionEvent {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub action: String,
    pub actor: Option<UserId>,
    pub actor_name: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: String,
    /// JSON: the extension's days, the forwarding target, the decision's summary, …
    pub details: String,
}
