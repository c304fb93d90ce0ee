//! One-stop dossiers in the web layer: the two operations
//! that change a dossier ([`service`]: intake and act, each one transaction with its audit entry
//! and notices), the notices themselves ([`notices`]), and the late watch ([`watch`]).

pub mod input;
pub mod notices;
pub mod service;
pub mod uploads;
pub mod watch;
