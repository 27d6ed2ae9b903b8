//! Command-line arguments (clap derive). The doc comments are the `--help` text.
//! Weeks, dates, categories, tracked specs, label changes, seconds, addresses and
//! announcement days parse with the library's own types as clap reads them, so a
//! bad value is a usage error (exit 2) before anything runs; the few parsers here
//! add what only the command line knows (the variable a value came from).

use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

use papers::arxiv::categories;
use papers::export::list::ListFormat;
use papers::export::render::Format;
use papers::http::settings::{HttpUrl, Seconds};
use papers::id::VersionedId;
use papers::ingest::TrackedSpec;
use papers::model::Named;
use papers::model::digest::Summary;
use papers::query::ListOrder;
use papers::query::labels::LabelChange;
use papers::week::{AnnouncedDay, WeekExpr, listing_date};

/// What `papers --help` ends with: a week's digest, from fetching to publishing.
const WEEKLY_RECIPE: &str = "\
The weekly digest:
  papers track add cat:cs.CL cat:cs.LG     once: what to follow
  papers fetch --week last                 the week's papers from arXiv
  papers signals --week last               Hugging Face's upvotes, comments and summaries
  papers export --week last --draft        the digest, and the next ten below the cut
  papers pick ID [--section S]             keep a paper in (under another section)
  papers drop ID                           keep one out
  papers note ID \"Why it matters.\"         a line of your own under its heading
  papers export --week last -o digest.md   the digest to publish (.html, .json, .bib too)";

/// Keep up with arXiv offline: fetch papers, sort them by topic and announcement
/// week, and write weekly digests.
#[derive(Debug, Parser)]
#[command(name = "papers", version, about, max_term_width = 100, next_help_heading = "Global options",
          after_help = WEEKLY_RECIPE)]
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

    /// The taxonomy file [default: $XDG_CONFIG_HOME/papers/taxonomy.toml if present, else the built-in one]
    #[arg(long, global = true, env = "PAPERS_TAXONOMY", value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,

    /// Evenings (New York dates) with no arXiv announcement, comma-separated;
    /// their batches are listed with the next announcement
    #[arg(long, global = true, env = "PAPERS_HOLIDAYS", value_delimiter = ',', value_name = "DATES",
          value_parser = listing_date)]
    pub holidays: Vec<NaiveDate>,

    /// Never page long output (on a terminal it goes through $PAGER, or `less -FRX`)
    #[arg(long, global = true)]
    pub no_pager: bool,

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
    /// Fetch papers from the arXiv API: the tracked set, or what the flags select
    Fetch(FetchArgs),
    /// Harvest whole OAI-PMH sets incrementally (arXivRaw: full version histories)
    Harvest(HarvestArgs),
    /// Read community signals (Hugging Face daily papers: upvotes, comments, code, stars) for a week
    Signals(SignalsArgs),
    /// Manage the tracked set: categories, authors, queries and single papers
    #[command(subcommand)]
    Track(TrackCommand),
    /// Import saved arXiv API responses (Atom feeds) into the database
    Import(ImportArgs),
    /// List stored papers by topic, week, category, author and full text
    List(ListArgs),
    /// The weeks in the database, with paper counts and top topics
    Weeks(WeeksArgs),
    /// Write a week's digest: papers by section, ranked and summarised
    Export(ExportArgs),
    /// Show everything stored about one paper
    Show(ShowArgs),
    /// Count what the database holds
    Stats(StatsArgs),
    /// Show or copy the taxonomy of topics
    #[command(subcommand)]
    Taxonomy(TaxonomyCommand),
    /// Re-compute stored papers' topics with the current taxonomy
    Classify(ClassifyArgs),
    /// Set manual topic labels: papers label 2405.12981 +attention -inference
    Label(LabelArgs),
    /// Why a paper has (or lacks) each topic: matched phrases, priors, near misses
    Explain(ExplainArgs),
    /// Papers per topic, grouped by digest section
    Topics(TopicsArgs),
    /// Measure the phrases alone and the model on labelled papers, side by side
    Eval(EvalArgs),
    /// Learn topics from the shipped labelled papers and your own labels, then re-classify
    Train(TrainArgs),
    /// Pick papers for a week's digest: they stay in it whatever their rank (and under
    /// the section you name), and the score learns your taste
    Pick(PickArgs),
    /// Drop papers from a week's digest: they stay out whatever their rank, and the
    /// score learns your taste from them too
    Drop(DropArgs),
    /// Put your own line under a paper's heading in a week's digest
    Note(NoteArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print a man page (roff): papers(1), or a command's (`papers man track add`);
    /// --dir writes every page
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print, e.g. `export` or `track add`
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Vec<String>,

    /// Write every page (papers.1, papers-fetch.1, …) into this folder instead
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Read today's RSS announcements of the tracked categories: which papers were new,
    /// cross-listed or replaced, on which day. With a DATE, insist the feed is that day's
    #[arg(long, value_name = "DATE", num_args = 0..=1, default_missing_value = "latest",
          conflicts_with_all = ["week", "since", "until", "query", "author", "ids", "dry_run", "history", "signals"])]
    pub announced: Option<AnnouncedDay>,

    /// Papers listed in this week: 2024-W21, a date, `this` (the default) or `last`
    #[arg(long, value_name = "W", num_args = 0..=1, default_missing_value = "this", conflicts_with_all = ["since", "until"])]
    pub week: Option<WeekExpr>,

    /// Papers listed on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = listing_date)]
    pub since: Option<NaiveDate>,

    /// With --since: papers listed up to this date, inclusive [default: today]
    #[arg(long, value_name = "DATE", value_parser = listing_date, requires = "since")]
    pub until: Option<NaiveDate>,

    /// A category (cs.CL) or archive wildcard (cs.*) instead of the tracked set; repeatable
    #[arg(long = "category", value_name = "C", value_parser = categories::validate)]
    pub categories: Vec<String>,

    /// A raw arXiv query, e.g. 'ti:attention AND abs:"kv cache"'
    #[arg(long, value_name = "Q", value_parser = raw_query)]
    pub query: Option<String>,

    /// An author, as arXiv's au: field matches it
    #[arg(long, value_name = "A")]
    pub author: Option<String>,

    /// A single paper to refresh; repeatable
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<VersionedId>,

    /// Print the queries and windows it would send, and send nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Show the log of earlier fetch runs and exit
    #[arg(long, conflicts_with = "dry_run")]
    pub history: bool,

    /// Then read the same days' community signals, as `papers signals` does
    #[arg(long, conflicts_with_all = ["dry_run", "history"])]
    pub signals: bool,

    #[command(flatten)]
    pub network: NetworkArgs,

    #[command(flatten)]
    pub hf: HfArgs,

    /// Entries per request (at most 2000)
    #[arg(long, value_name = "N", default_value_t = papers::arxiv::pager::DEFAULT_PAGE_SIZE,
          value_parser = clap::value_parser!(u32).range(1..=2000))]
    pub page_size: u32,
}

#[derive(Debug, Subcommand)]
pub enum TrackCommand {
    /// Track more: cat:cs.CL, cat:cs.*, au:"Tri Dao", q:'ti:attention', or an id such as 2405.12981
    Add {
        #[arg(required = true, value_name = "SPEC")]
        specs: Vec<TrackedSpec>,
    },
    /// Stop tracking these specs
    Rm {
        #[arg(required = true, value_name = "SPEC")]
        specs: Vec<TrackedSpec>,
    },
    /// List the tracked set
    List,
}

/// `--sort`'s values, the library's names for [`ListOrder`]s.
fn list_orders() -> impl TypedValueParser<Value = ListOrder> {
    let importance = "Most important first: community signals, then venue, code, topic fit, authors";
    named_with::<ListOrder>(move |name| match name {
        "importance" => PossibleValue::new(name).help(importance),
        _ => PossibleValue::new(name),
    })
}

/// A value given by one of the library's names for it (which `--help` lists).
fn named<T: Named + Send + Sync>() -> impl TypedValueParser<Value = T> {
    named_with(PossibleValue::new)
}

/// [`named`], each name offered as `offered` makes it (with its help, say).
fn named_with<T: Named + Send + Sync>(
    offered: impl Fn(&'static str) -> PossibleValue,
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(T::NAMES.iter().map(|(name, _)| offered(name))).try_map(|name| T::named(&name))
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Papers with this topic (repeat for any of several)
    #[arg(long = "topic", value_name = "T")]
    pub topics: Vec<String>,
    /// Papers in this digest section (its name, or its number from 1)
    #[arg(long, value_name = "S")]
    pub section: Option<String>,
    /// Papers listed in this week: 2024-W21, a date, `this` or `last`
    #[arg(long, value_name = "W", conflicts_with_all = ["since", "until"])]
    pub week: Option<WeekExpr>,
    /// Papers listed on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = listing_date)]
    pub since: Option<NaiveDate>,
    /// Papers listed up to this date, inclusive (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = listing_date)]
    pub until: Option<NaiveDate>,
    /// Papers in this category, primary or cross-listed (repeat for any of several)
    #[arg(long = "category", value_name = "C", value_parser = categories::validate)]
    pub categories: Vec<String>,
    /// Only papers first listed in the week or dates, not those replaced by a new version there
    #[arg(long)]
    pub new_only: bool,
    /// Papers by this author (words of the name, in order)
    #[arg(long, value_name = "A")]
    pub author: Option<String>,
    /// Full-text search of title, abstract and authors: words and "quoted phrases", all required
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Order of the results
    #[arg(long, default_value = "listed", value_parser = list_orders())]
    pub sort: ListOrder,
    /// Reverse the order
    #[arg(long)]
    pub reverse: bool,
    /// At most this many papers
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Output format
    #[arg(long, default_value = "table", value_parser = named::<ListFormat>())]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct HarvestArgs {
    /// An OAI set (cs, cs:cs:CL, physics:hep-th) or a category code (cs.CL); repeatable
    /// [default: the sets of the tracked categories]
    #[arg(long = "set", value_name = "SET")]
    pub sets: Vec<String>,

    /// Records changed on or after this day (YYYY-MM-DD) [default: where the last harvest of the set ended]
    #[arg(long, value_name = "DATE", value_parser = listing_date)]
    pub from: Option<NaiveDate>,

    /// Records changed up to this day, inclusive; leave it out for incremental harvests
    #[arg(long, value_name = "DATE", value_parser = listing_date)]
    pub until: Option<NaiveDate>,

    #[command(flatten)]
    pub network: NetworkArgs,
}

/// Where arXiv is and how fast to ask it; shared by `fetch` and `harvest`.
#[derive(Debug, Args)]
pub struct NetworkArgs {
    /// The export API endpoint (for mirrors and tests)
    #[arg(long, env = "PAPERS_API_URL", value_name = "URL", default_value = papers::arxiv::client::DEFAULT_API_URL)]
    pub api_url: HttpUrl,

    /// The OAI-PMH endpoint
    #[arg(long, env = "PAPERS_OAI_URL", value_name = "URL", default_value = papers::arxiv::client::DEFAULT_OAI_URL)]
    pub oai_url: HttpUrl,

    /// The RSS announcement feeds' base address (categories are appended)
    #[arg(long, env = "PAPERS_RSS_URL", value_name = "URL", default_value = papers::arxiv::client::DEFAULT_RSS_URL)]
    pub rss_url: HttpUrl,

    /// When another papers run is already fetching the same thing into this database,
    /// wait for it to end instead of stopping
    #[arg(long)]
    pub wait: bool,

    /// Seconds between the end of one request and the start of the next (at least 3 for arxiv.org)
    #[arg(long, value_name = "SECONDS", default_value_t = Seconds(Duration::from_secs(3)))]
    pub delay: Seconds,

    /// The first wait before retrying a failed request (then doubling)
    #[arg(long, env = "PAPERS_RETRY_BASE", value_name = "SECONDS", hide = true, value_parser = retry_base)]
    pub retry_base: Option<Seconds>,

    /// How long one request may take
    #[arg(long, env = "PAPERS_HTTP_TIMEOUT", value_name = "SECONDS", hide = true,
          default_value_t = Seconds(Duration::from_secs(120)), value_parser = http_timeout)]
    pub http_timeout: Seconds,
}

/// Where Hugging Face's daily papers are and how fast to ask for them.
#[derive(Debug, Args)]
pub struct HfArgs {
    /// Hugging Face's address, for its daily papers (for mirrors and tests)
    #[arg(long, env = "PAPERS_HF_URL", value_name = "URL", default_value = papers::hf::DEFAULT_HF_URL)]
    pub hf_url: HttpUrl,

    /// Seconds between requests to Hugging Face
    #[arg(long, env = "PAPERS_HF_DELAY", value_name = "SECONDS", default_value_t = Seconds(papers::hf::HF_DELAY))]
    pub hf_delay: Seconds,
}

#[derive(Debug, Args)]
pub struct SignalsArgs {
    /// The week whose days to read: 2024-W21, a date, `this` (the default) or `last`
    #[arg(long, value_name = "W", num_args = 0..=1, default_missing_value = "this", conflicts_with_all = ["since", "until"])]
    pub week: Option<WeekExpr>,

    /// The first day to read (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = listing_date, requires = "until")]
    pub since: Option<NaiveDate>,

    /// The last day to read (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = listing_date, requires = "since")]
    pub until: Option<NaiveDate>,

    #[command(flatten)]
    pub hf: HfArgs,

    #[command(flatten)]
    pub network: NetworkArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The week: 2024-W21, a date, `this` or `last`
    #[arg(long, value_name = "W")]
    pub week: WeekExpr,
    /// Output format [default: by --output's extension (.md, .html, .json, .bib,
    /// .csv), else markdown]
    #[arg(long, value_parser = named::<Format>())]
    pub format: Option<Format>,
    /// Write to this file instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Keep the N most important papers of the whole week [default: 20, unless
    /// --per-section is given]
    #[arg(long, value_name = "N", conflicts_with = "all", value_parser = at_least_one)]
    pub top: Option<usize>,
    /// At most this many papers per section
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub per_section: Option<usize>,
    /// Every paper of the week, not just the most important
    #[arg(long)]
    pub all: bool,
    /// Only these sections (name or number from 1); repeatable
    #[arg(long = "section", value_name = "S")]
    pub sections: Vec<String>,
    /// Only papers first listed in the week, not those replaced by a new version in it
    #[arg(long)]
    pub new_only: bool,
    /// How long each paper's summary is: `full` (the abstract in short paragraphs) or
    /// `short` (Hugging Face's one-line summary when known, else the abstract's two
    /// or three most informative sentences) [default: short for HTML, which folds the
    /// full abstract under it; full otherwise]
    #[arg(long, value_name = "LENGTH", value_parser = named::<Summary>())]
    pub summary: Option<Summary>,
    /// Summaries of only the first K sentences of each abstract, as one paragraph
    #[arg(long, value_name = "K", conflicts_with = "summary", value_parser = at_least_one)]
    pub summary_sentences: Option<usize>,
    /// A draft for the writer: every paper's score, and the next ten papers below the
    /// cut with theirs, to swap in with `papers pick`
    #[arg(long)]
    pub draft: bool,
    /// Leave out the pictures Hugging Face shows for papers (HTML)
    #[arg(long)]
    pub no_images: bool,
    /// Write the digest even when it has no paper (else that is an error, so that a
    /// scheduled job never publishes an empty digest)
    #[arg(long)]
    pub allow_empty: bool,
    /// A minijinja template to render with instead of the built-in one
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct WeeksArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, Subcommand)]
pub enum TaxonomyCommand {
    /// Print the taxonomy in use (TOML)
    Show,
    /// Write the built-in taxonomy to the config dir for editing
    Init {
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Only papers listed in this week (default: all papers)
    #[arg(long, value_name = "W")]
    pub week: Option<WeekExpr>,
}

#[derive(Debug, Args)]
pub struct LabelArgs {
    #[arg(value_name = "ID")]
    pub id: VersionedId,
    /// +topic adds a topic, -topic removes it; both override the classifier
    #[arg(required = true, value_name = "+TOPIC|-TOPIC", allow_hyphen_values = true)]
    pub changes: Vec<LabelChange>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[arg(value_name = "ID")]
    pub id: VersionedId,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct TopicsArgs {
    /// Only papers listed in this week
    #[arg(long, value_name = "W")]
    pub week: Option<WeekExpr>,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Train on the shipped labelled papers only, leaving your labels out
    #[arg(long)]
    pub shipped_only: bool,
    /// Write the model to this file instead of beside the database, and re-classify nothing
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").args(["ids", "import", "list", "relearn"]).required(true)))]
pub struct PickArgs {
    /// Papers to pick, each for the week it was listed in (or --week's)
    #[arg(value_name = "ID")]
    pub ids: Vec<VersionedId>,
    /// Pick the papers a file names: one id a line, or a past digest in Markdown (its
    /// arxiv.org links); `-` reads standard input; repeatable
    #[arg(long, value_name = "FILE", conflicts_with = "remove")]
    pub import: Vec<PathBuf>,
    /// The week the picks are for, instead of each paper's listing week (a paper listed
    /// again for a new version, or one not fetched yet)
    #[arg(long, value_name = "W")]
    pub week: Option<WeekExpr>,
    /// File the picked papers under this section (name or number from 1) instead of
    /// their topics'
    #[arg(long, value_name = "S", conflicts_with = "remove")]
    pub section: Option<String>,
    /// Take back the picks of these papers, and the sections they were moved to (of
    /// --week only, when given)
    #[arg(long, requires = "ids")]
    pub remove: bool,
    /// List your edits of digests, picks, drops and notes (of --week, or of every week)
    #[arg(long, conflicts_with_all = ["ids", "import", "remove", "relearn", "section"])]
    pub list: bool,
    /// Learn your taste again from the picks and drops as they are (after fetching
    /// more papers or signals for their weeks)
    #[arg(long, conflicts_with_all = ["ids", "import", "remove", "week", "section"])]
    pub relearn: bool,
}

#[derive(Debug, Args)]
pub struct DropArgs {
    /// Papers to drop, each from the week it was listed in (or --week's)
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<VersionedId>,
    /// The week to drop them from, instead of each paper's listing week
    #[arg(long, value_name = "W")]
    pub week: Option<WeekExpr>,
    /// Take back the drops of these papers (of --week only, when given)
    #[arg(long)]
    pub remove: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").args(["text", "clear"]).required(true)))]
pub struct NoteArgs {
    #[arg(value_name = "ID")]
    pub id: VersionedId,
    /// Your line, shown under the paper's heading (Markdown in the Markdown digest)
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,
    /// The week whose digest it is for, instead of the paper's listing week
    #[arg(long, value_name = "W")]
    pub week: Option<WeekExpr>,
    /// Remove the note
    #[arg(long, conflicts_with = "text")]
    pub clear: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// One paper per line: {"id", "title", "abstract", "categories"?, "topics"}
    /// [default: the shipped held-out test set]
    #[arg(value_name = "FILE.jsonl")]
    pub file: Option<PathBuf>,
    /// Also list every paper the classifier in use got wrong
    #[arg(long)]
    pub mistakes: bool,
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
    #[arg(value_name = "ID")]
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

/// A count of papers to keep: 0 would keep nothing.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1 (use --all for every paper)".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{text}' is not a whole number")),
    }
}

/// `PAPERS_RETRY_BASE`'s seconds (or the hidden `--retry-base`'s), named in errors.
fn retry_base(text: &str) -> Result<Seconds, String> {
    text.parse().map_err(|e| format!("PAPERS_RETRY_BASE: {e}"))
}

/// `PAPERS_HTTP_TIMEOUT`'s seconds (or the hidden `--http-timeout`'s), named in errors.
fn http_timeout(text: &str) -> Result<Seconds, String> {
    text.parse().map_err(|e| format!("PAPERS_HTTP_TIMEOUT: {e}"))
}

/// A raw arXiv query, checked for balanced parentheses and quotes.
fn raw_query(text: &str) -> Result<String, String> {
    papers::arxiv::query::validate_raw(text).map(|()| text.to_string())
}
