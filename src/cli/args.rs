//! Command-line arguments (clap derive). The doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::id::VersionedId;

/// Keep up with arXiv offline: fetch papers, sort them by topic and announcement
/// week, and write weekly digests.
#[derive(Debug, Parser)]
#[command(name = "papers", version, about, max_term_width = 100)]
pub struct Cli {
    /// The database file [default: $XDG_DATA_HOME/papers/papers.db]
    #[arg(long, global = true, env = "PAPERS_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// More detail on stderr (repeat for more)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Print only errors
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// When to use colours; NO_COLOR turns `auto` off
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Evenings (New York dates) with no arXiv announcement, comma-separated;
    /// their batches are listed with the next announcement
    #[arg(long, global = true, env = "PAPERS_HOLIDAYS", value_delimiter = ',', value_name = "DATES")]
    pub holidays: Vec<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import saved arXiv API responses (Atom feeds) into the database
    Import(ImportArgs),
    /// Show everything stored about one paper
    Show(ShowArgs),
    /// Count what the database holds
    Stats(StatsArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Atom files from the export API (one feed or several concatenated); `-` reads stdin
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The paper: 2405.12981, 2405.12981v2, hep-th/9901001, arXiv:…, or an abs URL
    #[arg(value_parser = parse_id, value_name = "ID")]
    pub id: VersionedId,

    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

fn parse_id(text: &str) -> Result<VersionedId, String> {
    VersionedId::parse(text).map_err(|e| e.to_string())
}
