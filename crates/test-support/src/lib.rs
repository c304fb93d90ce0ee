//! What the test suites share: [`db`] (a fresh database on either backend and the
//! [`backend_test!`] matrix), [`cli`] (running the `motcua` binary on a site of its own), and
//! reporting a test that cannot run.
//!
//! The standard test harness has no "skipped at run time": a test that finds no PostgreSQL or no
//! Chromium and returns early counts as passed. [`skip`] makes such a test say so: it prints
//! `SKIPPED: <test>: <reason>` to stderr, appends `<test>\t<reason>` to the file named by
//! `MOTCUA_TEST_SKIP_LOG` (cargo shows a passing test's stderr only with `--nocapture`, so
//! `.ci/run` counts and lists the skips from that file), and under CI (`CI` set to anything but
//! `false`/`0`/empty) it panics instead: on CI a missing backend must fail the run, never pass it.

use std::io::Write as _;
use std::path::PathBuf;

pub mod cli;
pub mod db;

/// Environment variable naming the file that receives one line per skipped test.
pub const SKIP_LOG_ENV: &str = "MOTCUA_TEST_SKIP_LOG";

/// Environment variable with the PostgreSQL server the tests create their databases on.
pub const POSTGRES_ENV: &str = "MOTCUA_TEST_POSTGRES_URL";

/// Whether the tests run under CI, where nothing may be skipped.
pub fn under_ci() -> bool {
    ci_value(std::env::var("CI").ok().as_deref())
}

fn ci_value(v: Option<&str>) -> bool {
    match v.map(str::trim) {
        None | Some("") => false,
        Some(v) => !(v.eq_ignore_ascii_case("false") || v == "0"),
    }
}

/// The PostgreSQL server URL, if the tests are to use one.
pub fn postgres_url() -> Option<String> {
    std::env::var(POSTGRES_ENV)
        .ok()
        .filter(|s| !s.trim().is_empty())
}

/// The name of the running test: the standard harness names each test's thread after it.
/// A test body running on another thread (a runtime's worker) passes its name to
/// [`skip_named`] instead.
pub fn current_test() -> String {
    std::thread::current()
        .name()
        .filter(|n| *n != "main")
        .map_or_else(|| "(unnamed test)".to_owned(), str::to_owned)
}

/// The name libtest gives a test defined in `module_path` (from `module_path!()`, which starts
/// with the crate's name, as test names do not) as `case`.
pub fn test_name(module_path: &str, case: &str) -> String {
    let module = module_path.split_once("::").map_or("", |(_, rest)| rest);
    if module.is_empty() {
        case.to_owned()
    } else {
        format!("{module}::{case}")
    }
}

/// Reports the running test as skipped for `reason`; panics under CI. The caller returns
/// right after.
#[track_caller]
pub fn skip(reason: &str) {
    skip_named(&current_test(), reason);
}

/// [`skip`] with an explicit test name.
#[track_caller]
pub fn skip_named(test: &str, reason: &str) {
    let reason = reason.replace(['\n', '\t'], " ");
    eprintln!("SKIPPED: {test}: {reason}");
    if let Some(path) = std::env::var_os(SKIP_LOG_ENV).map(PathBuf::from) {
        // One short `write` per line on a file opened for appending: lines from parallel tests
        // (and test binaries) do not interleave.
        let line = format!("{test}\t{reason}\n");
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(line.as_bytes()));
        if let Err(e) = written {
            panic!(
                "cannot record the skip of {test} in {}: {e}",
                path.display()
            );
        }
    }
    if under_ci() {
        panic!("{test} cannot run ({reason}); under CI a skipped test fails the run");
    }
}

/// Skips the running test unless PostgreSQL is configured; returns the server URL otherwise.
#[track_caller]
pub fn postgres_or_skip() -> Option<String> {
    let url = postgres_url();
    if url.is_none() {
        skip(&format!(
            "{POSTGRES_ENV} is not set, the PostgreSQL case did not run"
        ));
    }
    url
}

/// Finds a program on `PATH`, as a shell would.
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(p: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &std::path::Path) -> bool {
    p.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_is_on_for_any_value_but_false_or_zero() {
        assert!(!ci_value(None));
        assert!(!ci_value(Some("")));
        assert!(!ci_value(Some("false")));
        assert!(!ci_value(Some("FALSE")));
        assert!(!ci_value(Some("0")));
        assert!(ci_value(Some("true")));
        assert!(ci_value(Some("1")));
    }

    #[test]
    fn the_test_name_is_the_thread_name() {
        assert_eq!(current_test(), "tests::the_test_name_is_the_thread_name");
    }

    #[test]
    fn a_test_name_drops_the_crate() {
        assert_eq!(
            test_name("store::units::merge", "postgres"),
            "units::merge::postgres"
        );
        assert_eq!(test_name("store", "postgres"), "postgres");
    }

    #[test]
    fn which_finds_sh_and_not_a_made_up_name() {
        assert!(which("sh").is_some());
        assert!(which("no-such-program-motcua").is_none());
    }
}
