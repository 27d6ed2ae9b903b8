//! `papers list` and `papers weeks`: the stored papers, filtered and formatted.

use anyhow::Result;

use super::args::{ListArgs, OutputFormat, WeeksArgs};
use super::messages::{info, note};
use super::{Settings, resolve};
use papers::export::list::{ListError, ListStyle, weeks_lines, write_list};
use papers::export::notes::stale_papers;
use papers::query::{self, ListedPapers, PaperFilter, Staleness};

/// Top topics shown per week by `papers weeks`.
const TOP_TOPICS: usize = 3;

pub fn run(settings: &Settings, args: &ListArgs) -> Result<()> {
    let classifier = settings.reading_classifier()?;
    let query = filter(args).resolve(&classifier)?;
    let store = settings.read_store()?;
    let style = ListStyle {
        format: args.format,
        width: settings.width,
        color: settings.color,
        queried: &query.topics,
    };
    // One snapshot for every read: a list read twice (a table) reads the same papers
    // even while an import commits.
    let listed = store.in_snapshot(|| {
        let papers = ListedPapers::find(&store, &classifier, &query, args.sort.by_importance())?;
        write_list(&style, &classifier, &|each| papers.each(&store, each), &mut std::io::stdout().lock())
    });
    // A failed write stays an I/O error (a closed pipe is then no error at all).
    let staleness = listed.map_err(|err| match err {
        ListError::Write(io) => anyhow::Error::from(io),
        ListError::Query(err) => err.into(),
        ListError::Store(err) => err.into(),
        other => other.into(),
    })?;
    note_if_stale(settings, staleness);
    if staleness.papers == 0 {
        info(settings, "no papers match");
    }
    Ok(())
}

/// The filter as typed: dates parsed (and their order checked before the command
/// ran), everything else checked by the query layer.
fn filter(args: &ListArgs) -> PaperFilter {
    let listed = match (&args.week, &args.since, &args.until) {
        (Some(week), _, _) => query::Listed::Week(resolve::week(*week)),
        (None, since, until) => query::Listed::Dates { since: *since, until: *until },
    };
    PaperFilter {
        listed,
        topics: args.topics.clone(),
        section: args.section.clone(),
        categories: args.categories.clone(),
        words: args.search.clone(),
        author: args.author.clone(),
        new_only: args.new_only,
        sort: args.sort.key(),
        reverse: args.reverse,
        limit: args.limit,
    }
}

/// Says so when some papers were classified with another taxonomy.
pub fn note_if_stale(settings: &Settings, staleness: Staleness) {
    if let Some(words) = stale_papers(staleness, "; run `papers classify` to update them") {
        note(settings, words);
    }
}

pub fn weeks(settings: &Settings, args: &WeeksArgs) -> Result<()> {
    let store = settings.read_store()?;
    let weeks = store.weeks(TOP_TOPICS)?;
    if args.format == OutputFormat::Json {
        outln!("{}", serde_json::to_string_pretty(&weeks)?)?;
        return Ok(());
    }
    if weeks.is_empty() {
        info(settings, "the database holds no papers yet");
    }
    out!("{}", weeks_lines(&weeks, settings.width))?;
    Ok(())
}
