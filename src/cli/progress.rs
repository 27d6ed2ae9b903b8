//! Progress on stderr for the long-running commands (`fetch`, `harvest`, `import`):
//! an indicatif spinner or byte bar on a terminal, plain lines otherwise, and
//! nothing but errors with `-q`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::Settings;
use papers::arxiv::client::ClientEvent;
use papers::ingest::{Event, Observer};

/// How often a bar redraws on its own, so elapsed time and waits stay current.
const TICK: Duration = Duration::from_millis(200);

/// Status and warnings of a network run, shared by its tasks (clones share the bar).
#[derive(Clone)]
pub struct Reporter {
    bar: Option<ProgressBar>,
    lines: bool,
}

impl Reporter {
    pub fn new(settings: &Settings) -> Reporter {
        let terminal = on_terminal(settings);
        let bar = terminal.then(|| styled(ProgressBar::new_spinner(), "{spinner} {elapsed} {prefix} {msg}"));
        Reporter { bar, lines: !terminal && settings.verbosity >= 0 }
    }

    /// Replaces the status: the spinner's message, or one plain line.
    pub fn status(&self, message: String) {
        match &self.bar {
            Some(bar) => {
                bar.set_prefix("");
                bar.set_message(message);
            }
            None if self.lines => eprintln!("papers: {message}"),
            None => {}
        }
    }

    /// Shows waits on the spinner; reports retries everywhere but with -q.
    fn client_event(&self, event: &ClientEvent) {
        match (event, &self.bar) {
            (ClientEvent::Waiting(wait), Some(bar)) => {
                bar.set_prefix(format!("waiting {:.1} s before the next request;", wait.as_secs_f64()));
            }
            (ClientEvent::Waiting(_), None) => {}
            (ClientEvent::Retrying { attempt, attempts, reason, wait }, _) => self.warn(&format!(
                "try {attempt} of {attempts} failed ({reason}); trying again in {:.1} s",
                wait.as_secs_f64()
            )),
        }
    }

    pub fn warn(&self, message: &str) {
        match &self.bar {
            Some(bar) => bar.println(format!("papers: warning: {message}")),
            None if self.lines => eprintln!("papers: warning: {message}"),
            None => {}
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Observer for Reporter {
    fn event(&self, event: Event) {
        match event {
            Event::Status(message) => self.status(message),
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
        return Reporter { bar: None, lines: false };
    }
    let bar = match size {
        Some(size) => styled(
            ProgressBar::new(size),
            "{prefix} {wide_bar} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
        ),
        None => styled(ProgressBar::new_spinner(), "{spinner} {prefix} {bytes} {binary_bytes_per_sec}"),
    };
    bar.set_prefix(name.to_string());
    Reporter { bar: Some(bar), lines: false }
}

fn on_terminal(settings: &Settings) -> bool {
    settings.verbosity >= 0 && std::io::stderr().is_terminal()
}

fn styled(bar: ProgressBar, template: &str) -> ProgressBar {
    bar.set_style(ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar.enable_steady_tick(TICK);
    bar
}
