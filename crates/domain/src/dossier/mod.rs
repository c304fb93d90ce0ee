//! One-stop dossiers (hồ sơ): what comes in at the desk or the online portal, how its clock runs,
//! and how it moves.
//!
//! The boundary types take raw strings and bytes and give typed values or every problem at
//! once, with Vietnamese messages keyed by the raw field names so a form can show each beside
//! its field. Reading order: [`citizen_id`] (the Căn cước number), [`applicant`] (who applies),
//! [`code`] (the dossier code printed on the receipt), [`upload`] (attached files),
//! [`lifecycle`] (states, actions and the rules between them), [`timing`] (due dates and step
//! budgets from the legal-time engine), [`rating`] (the citizen's satisfaction rating after the
//! result).

pub mod applicant;
pub mod citizen_id;
pub mod code;
pub mod lifecycle;
pub mod rating;
pub mod record;
pub mod timing;
pub mod upload;
