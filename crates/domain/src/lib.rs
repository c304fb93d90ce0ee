//! motcua's domain: the types and rules of local government, with no I/O.
//!
//! Reading order: [`ids`] and [`error`] (the vocabulary), [`unit`] (the administrative tree and
//! its 2025-style reorganisations), [`role`] and [`policy`] (who may do what, decided in one
//! place), [`procedure`] and [`catalogue`] (the procedure catalogue and its files), [`audit`]
//! (the hash chain), [`text`] (Vietnamese folding for search), [`account`] (logins, waits after failed logins),
//! [`vn_time`] (UTC+7), [`dossier`] (one-stop dossiers: intake, clock, lifecycle), [`petition`]
//! (complaints, denunciations, recommendations, feedback; citizen reception), [`report`] (place
//! reports: a problem in the street, its category, place, states and clock), [`poll`] (opinion polls: one vote per person, results after the close), [`similar`]
//! (duplicate-petition candidates: the same person or the same matter, scored), [`spreadsheet`]
//! (export cells that a spreadsheet would run as formulas), [`limits`] (the longest text each
//! free-text field accepts).

pub mod account;
pub mod audit;
pub mod catalogue;
pub mod checkpoint;
pub mod comment;
pub mod dossier;
pub mod error;
pub mod explain;
pub mod ids;
pub mod limits;
pub mod message;
pub mod news;
pub mod petition;
pub mod policy;
pub mod poll;
pub mod procedure;
pub mod report;
pub mod role;
pub mod similar;
pub mod spreadsheet;
pub mod stats;
pub mod text;
pub mod unit;
pub mod vn_time;

pub use error::{DomainError, FieldError};
pub use vn_time::{from_vn_local, vn_date, vn_local};
