//! The command line: argument definitions and the composition root.
//!
//! This is the only module that wires the others together: it resolves settings
//! (flags, then `PAPERS_*` variables, then defaults), opens the store, and hands
//! each subcommand what it needs.

/// `println!` that returns a closed stdout (`papers list | head`) as an error, which
/// `main` treats as success, instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

/// `print!` with the same care as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod args;
mod completions;
mod edit;
mod export;
mod fetch;
mod harvest;
mod hints;
mod import;
mod interrupt;
mod list;
mod messages;
mod network;
mod pager;
mod progress;
mod resolve;
mod show;
mod signals;
mod stats;
mod topics;
mod track;
mod train;

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};

pub use args::{Cli, ColorChoice, Command};
pub use interrupt::Interrupted;

/// A flag value the command line's parser could not see was wrong (a range that
/// ends before it starts): a usage error, like clap's own, found before any
/// database is opened.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

use papers::classify::files::{classifier_with, reading_classifier, taxonomy_in_use};
use papers::classify::{Classifier, Taxonomy};
use papers::files::{default_database, user_model};
use papers::store::{Store, StoreError};
use papers::week::Schedule;

/// Settings every subcommand may use, resolved once: the flags, then the
/// environment (`PAPERS_*` through clap; `PAGER`, `NO_COLOR`, `COLUMNS`, the
/// terminals and the command line here), then defaults. The home and config
/// folders are looked up when a default path is needed.
pub struct Settings {
    pub db: PathBuf,
    /// A taxonomy file named by --taxonomy or PAPERS_TAXONOMY.
    pub taxonomy_file: Option<PathBuf>,
    /// -1 quiet, 0 normal, 1+ verbose.
    pub verbosity: i8,
    pub color: bool,
    pub schedule: Schedule,
    /// The width to fit output to (see [`messages::terminal_width`]), taken before
    /// a pager takes over standard output.
    pub width: Option<usize>,
    /// Whether standard error is a terminal, where progress shows as a bar.
    pub stderr_terminal: bool,
    /// The width to fit messages and progress on standard error to.
    pub stderr_width: Option<usize>,
    /// The pager long output goes through, if any.
    pager: Option<String>,
    /// The command line as typed, which names a run holding the run lock.
    pub command_line: String,
}

impl Settings {
    fn resolve(cli: &Cli) -> Result<Settings> {
        let db = match &cli.db {
            Some(path) => path.clone(),
            None => default_database()
                .context("cannot find a home directory for the database; pass --db PATH or set PAPERS_DB")?,
        };
        let stdout_terminal = std::io::stdout().is_terminal();
        let typed = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned());
        Ok(Settings {
            db,
            taxonomy_file: cli.taxonomy.clone(),
            verbosity: i8::try_from(cli.verbose).unwrap_or(i8::MAX) - i8::from(cli.quiet),
            color: color_enabled(cli.color, stdout_terminal),
            schedule: Schedule::with_holidays(cli.holidays.iter().copied()),
            width: messages::terminal_width(),
            stderr_terminal: std::io::stderr().is_terminal(),
            stderr_width: messages::stderr_width(),
            pager: pager::command(stdout_terminal, cli.no_pager, std::env::var("PAGER").ok().as_deref()),
            command_line: std::iter::once("papers".to_string()).chain(typed).collect::<Vec<_>>().join(" "),
        })
    }

    /// The taxonomy in use: --taxonomy/PAPERS_TAXONOMY, else the user's file in the
    /// config dir, else the built-in one.
    pub fn taxonomy(&self) -> Result<Taxonomy> {
        Ok(taxonomy_in_use(self.taxonomy_file.as_deref())?)
    }

    /// The classifier for [`Settings::taxonomy`], with the model `papers train`
    /// saved beside the database when there is one.
    pub fn classifier(&self) -> Result<Classifier> {
        Ok(classifier_with(self.taxonomy()?, &self.model_path())?)
    }

    /// The classifier for commands that only read what is stored (`list`, `show`,
    /// `export`): a damaged model of the user's is named in a note.
    pub fn reading_classifier(&self) -> Result<Classifier> {
        let (classifier, damaged) = reading_classifier(self.taxonomy()?, &self.model_path());
        if let Some(err) = damaged {
            let words = hints::flagged(&err).unwrap_or_else(|| err.to_string());
            messages::note(self, format!("{words}; using the built-in model meanwhile"));
        }
        Ok(classifier)
    }

    /// Where `papers train` saves the user's model.
    pub fn model_path(&self) -> PathBuf {
        user_model(&self.db)
    }

    /// Opens the database, creating it and its folder if needed.
    pub fn open_store(&self) -> Result<Store> {
        with_path(Store::open(&self.db), &self.db)
    }

    /// Opens the existing database for reading; a missing one is an error, and
    /// nothing is created.
    pub fn read_store(&self) -> Result<Store> {
        with_path(Store::open_read_only(&self.db), &self.db)
    }
}

/// A store error, named with the database's path unless it names it already.
fn with_path(opened: Result<Store, StoreError>, path: &std::path::Path) -> Result<Store> {
    opened.map_err(|err| match err.names_path() {
        true => err.into(),
        false => anyhow::Error::new(err).context(format!("cannot open database {}", path.display())),
    })
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    resolve::check_ranges(&cli.command)?;
    let settings = Settings::resolve(&cli)?;
    let pager = settings.pager.as_deref().filter(|_| pages(&cli.command)).and_then(pager::Pager::start);
    let result = dispatch(settings, cli.command).map_err(hints::with_hints);
    if let Some(pager) = pager {
        pager.finish();
    }
    result
}

/// The commands whose output can run past a screen, and so goes through a pager
/// on a terminal.
fn pages(command: &Command) -> bool {
    match command {
        Command::List(_)
        | Command::Weeks(_)
        | Command::Show(_)
        | Command::Stats(_)
        | Command::Explain(_)
        | Command::Topics(_)
        | Command::Eval(_)
        | Command::Taxonomy(args::TaxonomyCommand::Show) => true,
        Command::Export(args) => args.output.is_none(),
        _ => false,
    }
}

fn dispatch(settings: Settings, command: Command) -> Result<()> {
    match command {
        Command::Fetch(args) => fetch::run(&settings, &args),
        Command::Harvest(args) => harvest::run(&settings, &args),
        Command::Signals(args) => signals::run(&settings, &args),
        Command::Track(command) => track::run(&settings, &command),
        Command::Import(args) => import::run(&settings, &args),
        Command::List(args) => list::run(&settings, &args),
        Command::Weeks(args) => list::weeks(&settings, &args),
        Command::Export(args) => export::run(&settings, &args),
        Command::Show(args) => show::run(&settings, &args),
        Command::Stats(args) => stats::run(&settings, &args),
        Command::Taxonomy(command) => topics::taxonomy(&settings, &command),
        Command::Classify(args) => topics::classify(&settings, &args),
        Command::Label(args) => topics::label(&settings, &args),
        Command::Explain(args) => topics::explain(&settings, &args),
        Command::Topics(args) => topics::topics(&settings, &args),
        Command::Eval(args) => topics::eval(&settings, &args),
        Command::Train(args) => train::run(&settings, &args),
        Command::Pick(args) => edit::pick(&settings, &args),
        Command::Drop(args) => edit::drop(&settings, &args),
        Command::Note(args) => edit::note(&settings, &args),
        Command::Completions(args) => completions::completions(&args),
        Command::Man(args) => completions::man(&args),
    }
}

fn color_enabled(choice: ColorChoice, stdout_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && stdout_terminal,
    }
}
