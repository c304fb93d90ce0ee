//! Citizen reception and petitions: registering a petition (from a reception session, by post,
//! online, or forwarded), its lifecycle on the legal clock, duplicate candidates, the sealed
//! identity of a denouncer, and the deadline watch. Pages and the API are thin layers over
//! [`service`], so they cannot disagree.

pub mod access;
pub mod duplicates;
pub mod identity;
pub mod input;
pub mod repair;
pub mod service;
pub mod watch;
