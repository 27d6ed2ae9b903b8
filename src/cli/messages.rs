//! What the command line says on stderr besides its output: information, notes
//! and errors, each as one `papers: …` line, silenced by `-q` where it can be; and
//! the width that tables and text are fitted to.

use std::io::IsTerminal;

use super::Settings;

/// "papers: MESSAGE", unless `-q`.
pub fn info(settings: &Settings, message: impl std::fmt::Display) {
    if settings.verbosity >= 0 {
        eprintln!("papers: {message}");
    }
}

/// "papers: note: MESSAGE", unless `-q`: something worth knowing about the output.
pub fn note(settings: &Settings, message: impl std::fmt::Display) {
    if settings.verbosity >= 0 {
        eprintln!("papers: note: {message}");
    }
}

/// "papers: warning: MESSAGE", always: part of the command failed, and the rest
/// stands.
pub fn warning(message: impl std::fmt::Display) {
    eprintln!("papers: warning: {message}");
}

/// "papers: error: MESSAGE", always: a failure that does not end the command.
pub fn error(message: impl std::fmt::Display) {
    eprintln!("papers: error: {message}");
}

/// The width to fit standard output to: `COLUMNS`, else the terminal's; `None` (no
/// cutting) when piped.
pub fn terminal_width() -> Option<usize> {
    columns().or_else(|| width_of(std::io::stdout()))
}

/// The width to fit messages and progress on standard error to, the same way.
pub fn stderr_width() -> Option<usize> {
    columns().or_else(|| width_of(std::io::stderr()))
}

/// `COLUMNS`, which sets the width wherever output goes (tests use it).
fn columns() -> Option<usize> {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&c: &usize| c > 0)
}

/// What `terminal_size` reads a stream's size through on this platform.
#[cfg(unix)]
use std::os::fd::AsFd as TerminalHandle;
#[cfg(windows)]
use std::os::windows::io::AsHandle as TerminalHandle;

fn width_of(stream: impl IsTerminal + TerminalHandle) -> Option<usize> {
    match stream.is_terminal() {
        true => terminal_size::terminal_size_of(stream).map(|(terminal_size::Width(w), _)| usize::from(w)),
        false => None,
    }
}
