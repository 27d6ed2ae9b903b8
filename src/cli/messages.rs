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

/// "papers: error: MESSAGE", always: a failure that does not end the command.
pub fn error(message: impl std::fmt::Display) {
    eprintln!("papers: error: {message}");
}

/// The width to fit: `COLUMNS`, else the terminal's; `None` (no cutting) when piped.
pub fn terminal_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return Some(columns);
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(terminal_size::Width(w), _)| usize::from(w))
}
