//! The audit log in the web layer: it has no pages and no API; the server signs checkpoints
//! of it ([`checkpoints`]) every job slot.

pub mod checkpoints;
