//! One-stop dossiers: what a desk receives, how its clock runs, and how it moves.
//!
//! Reading order: [`lifecycle`] (states, actions and the rules between them), [`timing`] (due
//! dates and step budgets from the legal-time engine).

pub mod lifecycle;
pub mod timing;
