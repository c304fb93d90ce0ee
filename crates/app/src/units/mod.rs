//! Units: the administrative tree (provinces, districts, communes, agencies, departments) and
//! its history of merges, splits, renames and abolitions. Reading the tree needs no operation:
//! pages and commands read `motcua_store::units` directly.

mod tree;

pub use tree::{RecordChange, create, record_change};
