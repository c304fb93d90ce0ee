//! motcua's use cases: what an officer, a citizen or an administrator can do, whichever way
//! they asked (a page, the API, the command line, the demo loader).
//!
//! Each capability has a module of its own, named as in every other crate: `dossiers`,
//! `petitions`, `reports`, `polls`, `reception`, `catalogue`, `units`, `accounts`, `audit`; `history` writes
//! cases handled before they reached this database. An operation takes the
//! [`Context`] (database, working calendars, rule books, identity keys, caches, the clock), the
//! [`Actor`] and typed input; it opens the transaction, applies the domain rules, writes through
//! the store (which appends the audit entry in the same transaction) and returns an [`Error`]
//! of this layer. The web layer parses, authorizes, calls one operation and renders.

pub mod accounts;
pub mod actor;
pub mod audit;
pub mod catalogue;
pub mod clocks;
pub mod comments;
pub mod context;
pub mod dossiers;
pub mod error;
pub mod history;
pub mod news;
pub mod petitions;
pub mod polls;
pub mod reception;
pub mod reports;
pub mod units;

pub use actor::Actor;
pub use context::Context;
pub use error::{Error, FieldMessage, Result};
pub use motcua_domain::message::Text;
