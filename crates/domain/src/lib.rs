//! motcua's domain: the types and rules of local government, with no I/O.
//!
//! Reading order: [`ids`] and [`error`] (the vocabulary), [`unit`] (the administrative tree and
//! its 2025-style reorganisations), [`role`] and [`policy`] (who may do what, decided in one
//! place), [`procedure`] and [`catalogue`] (the procedure catalogue and its files), [`audit`]
//! (the hash chain), [`text`] (Vietnamese folding for search), [`account`] (logins, lockout),
//! [`dossier`] (dossier intake: applicant, dossier code, uploads, satisfaction rating).

pub mod account;
pub mod audit;
pub mod catalogue;
pub mod dossier;
pub mod error;
pub mod ids;
pub mod policy;
pub mod procedure;
pub mod role;
pub mod text;
pub mod unit;

pub use error::{DomainError, FieldError};
