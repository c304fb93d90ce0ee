//! The `motcua` binary as an operator runs it, one module per area. Each test runs on a site of
//! its own (`motcua_test_support::cli::Site`): a fresh SQLite data folder and, when
//! `MOTCUA_TEST_POSTGRES_URL` is set, again on a fresh PostgreSQL database. A site's data folder
//! is `ROOT/data`; its keys folder, by default, `ROOT/keys`.

mod petitions;
mod platform;
mod security;
mod seed;

use motcua_test_support::cli::Site;

const BIN: &str = env!("CARGO_BIN_EXE_motcua");

/// The SQLite site alone, for tests that are about the command line rather than the database.
fn sqlite_site() -> Site {
    Site::sqlite(BIN)
}

/// SQLite and PostgreSQL; without PostgreSQL configured the test is reported as skipped (and
/// fails under CI) after running on SQLite.
fn sites() -> Vec<Site> {
    Site::both(BIN)
}
