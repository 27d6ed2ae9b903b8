//! The `papers` binary: parse the command line, run it, report errors in one place.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

mod cli;

// Import parses on one thread and writes on another, so most allocations are freed
// on a thread other than the one that made them; mimalloc handles that far better
// than glibc (the README's performance section has the figures).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // clap reports usage errors itself and exits with 2.
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        // Ctrl-C: what was kept and how to go on, and the shell's code for it.
        Err(err) if err.downcast_ref::<cli::Interrupted>().is_some() => {
            eprintln!("papers: {err:#}");
            ExitCode::from(130)
        }
        // Flags that parsed but do not go together: said as clap says its own.
        Err(err) if err.downcast_ref::<cli::UsageError>().is_some() => {
            cli::Cli::command().error(clap::error::ErrorKind::ArgumentConflict, format!("{err:#}")).exit()
        }
        Err(err) => {
            eprintln!("papers: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// `papers show … | head` closing the pipe early is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
