//! Progress on stderr for the long-running commands (`fetch`, `harvest`, `import`):
//! an indicatif spinner or byte bar on a terminal, plain lines otherwise, and
//! nothing but errors with `-q`.
//!
//! A bar leaves nothing behind: messages go out through the bar (`println`), which
//! clears it first; it is cleared when the run ends, fails or is dropped on an
//! error; and its line is cut short of the terminal's width, so neither a long
//! status nor the `^C` the terminal echoes can wrap it onto a line that a redraw
//! would no longer reach.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressFinish, ProgressStyle};

use super::Settings;
use papers::export::runs::{Shown, shown};
use papers::http::client::{self, ClientEvent};
use papers::ingest::{Event, Observer};
use papers::wording::fit::cut;

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
            width: settings.stderr_width,
        }
    }

    /// Replaces the status: the spinner's message, or one plain line.
    fn status(&self, message: String) {
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

    /// What a client tells of its waits and retries, shown here; its retries only
    /// when `retries` (the outcome of a run is said anyway).
    pub fn client_observer(&self, retries: bool) -> client::Observer {
        let reporter = self.clone();
        Box::new(move |event| {
            if retries || !matches!(event, ClientEvent::Retrying { .. }) {
                reporter.event(Event::Client(event.clone()))
            }
        })
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

/// What every warning starts with.
const WARNING: &str = "papers: warning: ";

impl Observer for Reporter {
    /// Waits show on the spinner; retries and other warnings everywhere but with -q.
    fn event(&self, event: Event) {
        let room = self.width.map(|w| w.saturating_sub(WARNING.len()));
        match (shown(&event, room, self.verbose), &self.bar) {
            (Some(Shown::Status(status)), _) => self.status(status),
            (Some(Shown::Warning(warning)), _) => self.warn(&warning),
            (Some(Shown::Waiting(wait)), Some(bar)) => bar.set_prefix(wait),
            (Some(Shown::Position(position)), Some(bar)) => bar.set_position(position),
            _ => {}
        }
    }
}

/// A bar over the bytes of one input (`size` when it is known, as for files; a
/// byte counter for pipes), on a terminal only; plain lines are not worth it.
pub fn byte_bar(settings: &Settings, name: &str, size: Option<u64>) -> Reporter {
    let bar = on_terminal(settings).then(|| {
        let bar = match size {
            Some(size) => styled(
                ProgressBar::new(size),
                "{prefix} {wide_bar} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
            ),
            None => styled(ProgressBar::new_spinner(), "{spinner} {prefix} {bytes} {binary_bytes_per_sec}"),
        };
        bar.set_prefix(name.to_string());
        bar
    });
    Reporter { bar, lines: false, verbose: false, width: None }
}

fn on_terminal(settings: &Settings) -> bool {
    settings.verbosity >= 0 && settings.stderr_terminal
}

fn styled(bar: ProgressBar, template: &str) -> ProgressBar {
    // Dropped on an early return (an error), the bar clears itself.
    let bar = bar.with_finish(ProgressFinish::AndClear);
    bar.set_style(ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar.enable_steady_tick(TICK);
    bar
}
