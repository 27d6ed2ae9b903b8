//! The command line: argument definitions and the composition root.
//!
//! This is the only module that wires the others together: it resolves settings
//! (flags, then `PAPERS_*` variables, then defaults), opens the store, and hands
//! each subcommand what it needs.

mod args;
mod completions;
mod fetch;
mod import;
mod show;
mod stats;
mod track;

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;

pub use args::{Cli, ColorChoice, Command};

use crate::store::Store;
use crate::week::Schedule;

/// Settings every subcommand may use, resolved once.
pub struct Settings {
    pub db: PathBuf,
    /// -1 quiet, 0 normal, 1+ verbose.
    pub verbosity: i8,
    pub color: bool,
    pub schedule: Schedule,
}

impl Settings {
    fn resolve(cli: &Cli) -> Result<Settings> {
        let db = match &cli.db {
            Some(path) => path.clone(),
            None => default_db_path()?,
        };
        let holidays = cli
            .holidays
            .iter()
            .map(|text| {
                NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                    .with_context(|| format!("holiday '{text}' is not a date (use YYYY-MM-DD)"))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Settings {
            db,
            verbosity: i8::try_from(cli.verbose).unwrap_or(i8::MAX) - i8::from(cli.quiet),
            color: color_enabled(cli.color),
            schedule: Schedule::with_holidays(holidays),
        })
    }

    /// Opens the database, creating its folder if needed.
    pub fn open_store(&self) -> Result<Store> {
        if let Some(parent) = self.db.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create the folder {} for the database", parent.display()))?;
        }
        Store::open(&self.db).with_context(|| format!("cannot open database {}", self.db.display()))
    }
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let settings = Settings::resolve(&cli)?;
    match cli.command {
        Command::Fetch(args) => fetch::run(&settings, &args),
        Command::Track(command) => track::run(&settings, &command),
        Command::Import(args) => import::run(&settings, &args),
        Command::Show(args) => show::run(&settings, &args),
        Command::Stats(args) => stats::run(&settings, &args),
        Command::Completions(args) => completions::completions(&args),
        Command::Man => completions::man(),
    }
}

fn default_db_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "papers")
        .context("cannot find a home directory for the database; pass --db PATH or set PAPERS_DB")?;
    Ok(dirs.data_dir().join("papers.db"))
}

fn color_enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    }
}
