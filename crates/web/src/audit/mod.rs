//! The audit log in the web layer: it has no pages and no API; the server signs checkpoints
//! of it ([`checkpoints`], shared with the command line in `motcua_app::audit`) every job slot.

pub use motcua_app::audit::checkpoints;
