//! Place reports: filing one (routing, photos, the clock), suggesting nearby reports, and what
//! staff do with them (states with public updates, re-routing, duplicates, moderation).
//!
//! What lives where: [`photos`] (a photo checked by its content, resized and stripped of its
//! metadata), [`routing`] (which unit answers for a place and a category), [`filing`] (a new
//! report, from any channel), [`handling`] (staff's changes and the followers' messages),
//! [`setup`] (boundaries and categories).

pub mod filing;
pub mod handling;
pub mod photos;
pub mod routing;
pub mod setup;
