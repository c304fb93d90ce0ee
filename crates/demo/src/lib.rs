//! motcua's generated data, apart from the binary that asks for it.
//!
//! - [`demo`] (`motcua serve --demo`): the demo units, catalogue and one account per role,
//!   loaded once; with [`demo::history`], two years of dossiers, and with
//!   [`demo::petitions`], petitions and citizen-reception days.
//! - [`seed`] (`motcua seed`): many believable cases in bulk for load tests and benchmarks,
//!   over the demo's units and accounts.
//!
//! Neither needs the web server: accounts are hashed by `motcua_app::accounts::password`, the
//! petitions go through `motcua_app::petitions`, everything else through the store.

pub mod demo;
pub mod seed;
