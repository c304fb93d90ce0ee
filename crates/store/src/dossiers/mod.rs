//! One-stop dossiers: intake (code and logbook numbers, documents, files), the dossier row with
//! its optimistic version, the event log that is both the timeline and the control sheet, the
//! desk queue, the late-watch flags, ratings and the logbook.
//!
//! A state change is a read-modify-write: the caller loads a [`DossierRecord`], lets the
//! domain decide, and calls [`save`] with the version it read. `save` updates only if the
//! version is unchanged, so of two officers acting at once exactly one wins; the loser gets
//! [`StoreError::Conflict`](crate::StoreError::Conflict) and nothing of theirs is written.

use chrono::{DateTime, Utc};

mod files;
mod import;
mod lists;
mod notes;
mod numbers;
mod read;
mod rows;
mod write;

pub use files::*;
pub use import::*;
pub use lists::*;
pub use notes::*;
pub use numbers::*;
pub use read::*;
pub use write::*;

pub use motcua_domain::dossier::record::{
    ApplicantRecord, DossierRecord, EventRecord, WatchFlag, WatchKind,
};

/// A line of the document checklist as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentRecord {
    pub position: u32,
    pub name: String,
    pub copy_kind: String,
    pub provided: bool,
    /// `intake` or `supplement`.
    pub stage: String,
    pub file: Option<FileRef>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRef {
    pub name: String,
    pub sha256: String,
}

/// A file's content, stored once per SHA-256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    pub sha256: String,
    /// `pdf`, `jpeg` or `png`, as sniffed.
    pub kind: String,
    pub content: Vec<u8>,
}
