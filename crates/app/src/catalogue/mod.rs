//! The procedure catalogue: procedure versions added one by one or imported from the
//! national CSV/XLSX export. Reading it needs no operation: pages and commands read
//! `motcua_store::procedures` directly.

mod versions;

pub use versions::{Import, add_version, import};
