//! The audit log's signed checkpoints ([`checkpoints`]): written by the server every job slot
//! and by `motcua audit head`, so both share one format and one file naming.

pub mod checkpoints;
