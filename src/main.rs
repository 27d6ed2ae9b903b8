//! The `papers` binary: parse the command line, run it, report errors in one place.

use std::process::ExitCode;

use clap::{ArgMatches, CommandFactory, FromArgMatches};

mod cli;

// Import parses on one thread and writes on another, so most allocations are freed
// on a thread other than the one that made them; mimalloc handles that far better
// than glibc (the README's performance section has the figures).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // clap reports usage errors itself and exits with 2.
    let matches = cli::Cli::command().get_matches();
    let cli = cli::Cli::from_arg_matches(&matches)
        .unwrap_or_else(|err| err.format(&mut cli::Cli::command()).exit());
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        // Ctrl-C: what was kept and how to go on, and the shell's code for it.
        Err(err) if err.downcast_ref::<cli::Interrupted>().is_some() => {
            eprintln!("papers: {err:#}");
            ExitCode::from(130)
        }
        // Flags that parsed but do not go together: said as clap says its own, with
        // the command's usage.
        Err(err) if err.downcast_ref::<cli::UsageError>().is_some() => usage_error(&matches, &err),
        Err(err) => {
            eprintln!("papers: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// Exits with `err` as clap's usage error of the (sub)command `matches` ran.
fn usage_error(matches: &ArgMatches, err: &anyhow::Error) -> ! {
    let mut ran = cli::Cli::command();
    ran.build();
    let mut matched = matches;
    while let Some((name, sub)) = matched.subcommand() {
        match ran.find_subcommand(name) {
            Some(found) => (ran, matched) = (found.clone(), sub),
            None => break,
        }
    }
    ran.error(clap::error::ErrorKind::ArgumentConflict, format!("{err:#}")).exit()
}

/// `papers show … | head` closing the pipe early is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
