//! motcua's storage: one set of portable SQL queries over SQLite (default) and PostgreSQL.
//!
//! Reading order: [`db`] (the `Db` handle, transactions, the dispatch macros), [`group_commit`]
//! (how SQLite write transactions share durable commits, and send their writes in one call
//! with the next statement: `script`), [`lanes`] (how PostgreSQL write
//! transactions append to the audit log side by side), [`error`], [`cache`] (the units and
//! procedure versions a server keeps between requests, and how it learns they changed),
//! then one module per repository. Writes take `&mut Tx` and an [`audit::AuditContext`] and
//! append their audit entry in the same transaction; the caller commits.

pub mod account_codes;
pub mod audit;
pub mod cache;
pub mod comments;
pub mod db;
mod dialect;
pub mod dossiers;
pub mod drafts;
pub mod error;
mod filter;
pub mod group_commit;
pub mod lanes;
pub mod leases;
pub mod news;
pub mod outbox;
pub mod petitions;
pub mod polls;
pub mod procedures;
pub mod reception;
pub mod reports;
pub mod saved_filters;
mod script;
mod secret;
pub mod sessions;
pub mod stats;
pub mod tokens;
pub mod units;
pub mod users;

pub use audit::AuditContext;
pub use db::{Backend, Db, Tx, default_sqlite_url, now};
pub use error::{StoreError, StoreResult};
pub use secret::token_hash;
