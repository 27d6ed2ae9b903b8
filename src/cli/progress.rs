//! Progress on stderr for the long-running commands (`fetch`, `harvest`, `import`):
//! an indicatif spinner or byte bar on a terminal, plain lines otherwise, and
//! nothing but errors with `-q`.
//!
//! A bar leaves nothing behind: messages go out through the bar (`println`), which
//! clears it first; it is cleared when the run ends, fails or is dropped on an
//! error; and its line is cut short of the terminal's width, so neither a long
//! status nor the `^C` the terminal echoes can wrap it onto a line that a redraw
//! would no longer reach.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressFinish, ProgressStyle};

use super::Settings;
use super::messages::stderr_width;
use papers::http::client::ClientEvent;
use papers::ingest::{Event, Observer};
use papers::wording::fit::cut;
use papers::wording::{plural, thousands};

/// How often a bar redraws on its own, so elapsed time and waits stay current.
const TICK: Duration = Duration::from_millis(200);

/// Room kept free at the end of a bar's line: the terminal echoes `^C` there.
const MARGIN: usize = 3;
/// The spinner and the elapsed time before a status ("⠋ 12s ").
const SPINNER: usize = 7;
/// The longest wait shown before a status ("wait 120.0 s; ").
const WAIT: usize = 14;

/// Status and warnings of a network run, shared by its tasks (clones share the bar).
#[derive(Clone)]
pub struct Reporter {
    bar: Option<ProgressBar>,
    lines: bool,
    /// -v: warnings name the request.
    verbose: bool,
    /// Lines are cut to this many characters.
    width: Option<usize>,
}

impl Reporter {
    pub fn new(settings: &Settings) -> Reporter {
        let terminal = on_terminal(settings);
        let bar = terminal.then(|| styled(ProgressBar::new_spinner(), "{spinner} {elapsed} {prefix}{msg}"));
        Reporter {
            bar,
            lines: !terminal && settings.verbosity >= 0,
            verbose: settings.verbosity > 0,
            width: stderr_width(),
        }
    }

    /// Replaces the status: the spinner's message, or one plain line.
    pub fn status(&self, message: String) {
        match &self.bar {
            Some(bar) => {
                bar.set_prefix("");
                let room = self.width.map_or(usize::MAX, |w| w.saturating_sub(MARGIN + SPINNER + WAIT));
                bar.set_message(cut(&message, room));
            }
            None if self.lines => eprintln!("papers: {message}"),
            None => {}
        }
    }

    /// Shows waits on the spinner; reports retries everywhere but with -q.
    fn client_event(&self, event: &ClientEvent) {
        match (event, &self.bar) {
            (ClientEvent::Waiting(wait), Some(bar)) => {
                bar.set_prefix(format!("wait {:.1} s; ", wait.as_secs_f64()));
            }
            (ClientEvent::Waiting(_), None) => {}
            (ClientEvent::Retrying { attempt, attempts, reason, wait, request }, _) => {
                let retry = retry_warning(reason, *attempt, *attempts, wait.as_secs_f64(), self.width);
                match self.verbose && !request.is_empty() {
                    true => self.warn(&format!("{retry} [{request}]")),
                    false => self.warn(&retry),
                }
            }
        }
    }

    pub fn warn(&self, message: &str) {
        match &self.bar {
            Some(bar) => bar.println(format!("{WARNING}{message}")),
            None if self.lines => eprintln!("{WARNING}{message}"),
            None => {}
        }
    }

    /// Clears the bar for good: call it when the run ends, however it ends.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// "HTTP 503 Service Unavailable; try 1 of 5, again in 5.2 s": the cause first, cut
/// so that the whole warning fits in `width`.
fn retry_warning(reason: &str, attempt: u32, attempts: u32, wait: f64, width: Option<usize>) -> String {
    let tail = format!("; try {attempt} of {attempts}, again in {wait:.1} s");
    let room = width.map_or(usize::MAX, |w| w.saturating_sub(WARNING.len() + tail.len() + 1));
    format!("{}{tail}", cut(reason, room.max(12)))
}

/// What every warning starts with.
const WARNING: &str = "papers: warning: ";

impl Observer for Reporter {
    fn event(&self, event: Event) {
        match event {
            Event::FetchPage { page, next_start, total, query, counts } => self.status(format!(
                "page {page} ({next_start}/{total} of {query}); {} new, {} updated, {} unchanged",
                counts.new, counts.updated, counts.unchanged
            )),
            Event::HarvestPage { set, page, position, counts } => {
                let position = match position {
                    Some((done, size)) => format!(" ({} of {})", thousands(done), thousands(size)),
                    None => String::new(),
                };
                self.status(format!(
                    "set {set}: page {page}{position}; {} new, {} updated, {} unchanged",
                    counts.new, counts.updated, counts.unchanged
                ))
            }
            Event::Announced { items, missing } => {
                self.status(format!("{}; fetching {missing} from the API", plural(items, "announcement")))
            }
            Event::SignalsDay(day) => self.status(format!("Hugging Face daily papers of {day}")),
            Event::Warning(message) => self.warn(&message),
            Event::Client(event) => self.client_event(&event),
            Event::BytesRead(position) => {
                if let Some(bar) = &self.bar {
                    bar.set_position(position);
                }
            }
        }
    }
}

/// A bar over the bytes of one input (`size` when it is known, as for files; a
/// byte counter for pipes), on a terminal only; plain lines are not worth it.
pub fn byte_bar(settings: &Settings, name: &str, size: Option<u64>) -> Reporter {
    if !on_terminal(settings) {
        return Reporter { bar: None, lines: false, verbose: false, width: None };
    }
    let bar = match size {
        Some(size) => styled(
            ProgressBar::new(size),
            "{prefix} {wide_bar} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
        ),
        None => styled(ProgressBar::new_spinner(), "{spinner} {prefix} {bytes} {binary_bytes_per_sec}"),
    };
    bar.set_prefix(name.to_string());
    Reporter { bar: Some(bar), lines: false, verbose: false, width: None }
}

fn on_terminal(settings: &Settings) -> bool {
    settings.verbosity >= 0 && std::io::stderr().is_terminal()
}

fn styled(bar: ProgressBar, template: &str) -> ProgressBar {
    // Dropped on an early return (an error), the bar clears itself.
    let bar = bar.with_finish(ProgressFinish::AndClear);
    bar.set_style(ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar.enable_steady_tick(TICK);
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retry_warning_names_the_cause_first_and_fits_one_line() {
        let warning = retry_warning("HTTP 503 Service Unavailable", 1, 5, 5.24, Some(80));
        assert_eq!(warning, "HTTP 503 Service Unavailable; try 1 of 5, again in 5.2 s");
        let long =
            "error trying to connect: tcp connect error: some very long reason from deep down the stack";
        for width in [60, 80, 120] {
            let line = format!("{WARNING}{}", retry_warning(long, 2, 5, 10.0, Some(width)));
            assert!(line.chars().count() <= width, "{width}: {line}");
            assert!(line.ends_with("; try 2 of 5, again in 10.0 s"), "{line}");
        }
    }
}
