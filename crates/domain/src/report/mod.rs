//! Place reports (phản ánh, kiến nghị về hạ tầng, môi trường, trật tự đô thị): a problem in the
//! street, reported with a place and a category, routed to the unit that answers for it and
//! handled on the feedback clock.
//!
//! Reading order: [`place`] (coordinates, unit boundaries, distances), [`category`] (what can be
//! reported where, with the category's extra questions), [`state`] (the states a report moves
//! through, as data), [`rules`] (the feedback clock's limits, versioned with their sources),
//! [`input`] (what one report must say, and the limits on it).

pub mod category;
pub mod input;
pub mod place;
pub mod rules;
pub mod state;
