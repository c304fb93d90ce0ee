//! Petitions (đơn): complaints, denunciations, recommendations and feedback reports, from the
//! register to the decision, and the citizen reception that feeds them. Plain types and pure
//! functions; the store and the web layer call them and keep the results.
//!
//! Reading order: [`kind`] (what a petition is about, where it came from, why a mixed one is
//! split), [`eligibility`] (reasons against handling or acceptance, and the outcomes),
//! [`signatories`] (many signers and their representatives), [`rules`] (the legal values as
//! versioned data), [`deadlines`] (every due moment, suspensions, extensions, on track or not),
//! [`lifecycle`] (states, actions and the rules between them), [`second_instance`] (filing
//! limit and the second-complaint window), [`redact`] (masking a protected denouncer in free
//! text), [`reception`] (heads' reception schedules, the
//! reception log, refusal grounds), [`error`] (codes and messages).

pub mod deadlines;
pub mod eligibility;
pub mod error;
pub mod kind;
pub mod lifecycle;
pub mod reception;
pub mod redact;
pub mod rules;
pub mod second_instance;
pub mod signatories;

pub use error::PetitionError;
pub use kind::{PetitionKind, Source};
