//! `motcua`: the one binary. Subcommands live in `cli/`, one module each.

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

/// glibc's allocator took about 14 % of the server's CPU under the lifecycle load (`perf`:
/// `_int_malloc`, `_int_free`, `malloc_consolidate`, …): every request allocates and frees
/// small buffers across threads. See docs/BENCHMARKS.md for the figures with and without.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Before anything is created: the database, its WAL, backups and keys are private.
    cli::private::restrict_umask();
    let matches = cli::bilingual(cli::Cli::command()).get_matches();
    let args = match cli::Cli::from_arg_matches(&matches) {
        Ok(args) => args,
        Err(e) => e.exit(),
    };
    match cli::run(args) {
        Ok(code) => code,
        // The reader went away (`| head`): nothing more to say, and not a failure.
        Err(err)
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("lỗi / error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
