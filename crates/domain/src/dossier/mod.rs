//! Dossiers (hồ sơ): what comes in at the one-stop desk or the online portal, checked before a
//! dossier exists.
//!
//! Everything here is a boundary type: raw strings and bytes go in, typed values or every
//! problem at once come out, with Vietnamese messages keyed by the raw field names so a form can
//! show each beside its field. Reading order: [`citizen_id`] (the Căn cước number),
//! [`applicant`] (who applies), [`code`] (the dossier code printed on the receipt), [`upload`]
//! (attached files), [`rating`] (the citizen's satisfaction rating after the result).

pub mod applicant;
pub mod citizen_id;
pub mod code;
pub mod rating;
pub mod upload;
