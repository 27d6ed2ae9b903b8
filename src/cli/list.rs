//! `papers list` and `papers weeks`: the stored papers, filtered and formatted.

use anyhow::Result;

use super::args::{ListArgs, ListFormat, ListSort, OutputFormat, WeeksArgs};
use super::messages::{info, note};
use super::{Settings, resolve};
use papers::classify::Classifier;
use papers::export::list::{ListFormat as Format, ListWriter, Table, TableWidths, weeks_lines};
use papers::query::{self, ListedPapers, PaperFilter, SortKey, Staleness, section_of};
use papers::store::{PaperQuery, Store};

/// Top topics shown per week by `papers weeks`.
const TOP_TOPICS: usize = 3;

pub fn run(settings: &Settings, args: &ListArgs) -> Result<()> {
    let classifier = settings.reading_classifier()?;
    let query = filter(args)?.resolve(&classifier)?;
    let store = settings.read_store()?;
    // One snapshot for every read: a list read twice (a table) reads the same papers
    // even while an import commits.
    let staleness = store.in_snapshot(|| write(settings, args, &store, &classifier, &query))?;
    note_if_stale(settings, staleness);
    if staleness.papers == 0 {
        info(settings, "no papers match");
    }
    Ok(())
}

/// Writes the papers `query` finds in `args`' format and says how many were
/// classified with another taxonomy.
fn write(
    settings: &Settings,
    args: &ListArgs,
    store: &Store,
    classifier: &Classifier,
    query: &PaperQuery,
) -> Result<Staleness> {
    let taxonomy = classifier.taxonomy();
    let papers = ListedPapers::find(store, classifier, query, args.sort == ListSort::Importance)?;
    // A table's columns fit its widest cells, so it reads its papers twice: once
    // for the widths, once to write them.
    let table = match args.format {
        ListFormat::Table => {
            let mut widths = TableWidths::default();
            papers.each(store, |papers| {
                widths.add(papers, &query.topics);
                anyhow::Ok(())
            })?;
            Some(Table::new(&widths, settings.width, settings.color, &query.topics))
        }
        _ => None,
    };
    let format = match args.format {
        ListFormat::Table => Format::Table,
        ListFormat::Json => Format::Json,
        ListFormat::Jsonl => Format::Jsonl,
        ListFormat::Csv => Format::Csv,
        ListFormat::Markdown => Format::Markdown,
    };
    let mut output = ListWriter::new(format, table);
    let mut staleness = Staleness::default();
    // Papers come a chunk at a time and are written as they come, so memory stays
    // flat however many match (a ranking by importance holds their keys alone).
    papers.each(store, |papers| {
        for paper in papers {
            staleness.count(paper.topics_hash.as_deref(), classifier.fingerprint());
        }
        out!("{}", output.chunk(papers, |p| section_of(taxonomy, p))?)?;
        anyhow::Ok(())
    })?;
    out!("{}", output.finish())?;
    Ok(staleness)
}

/// The filter as typed: dates parsed, everything else checked by the query layer.
fn filter(args: &ListArgs) -> Result<PaperFilter> {
    let listed = match (&args.week, &args.since, &args.until) {
        (Some(week), _, _) => query::Listed::Week(resolve::week(*week)),
        (None, since, until) => {
            if let (Some(since), Some(until)) = (since, until) {
                resolve::ordered(*since, *until, "--since")?;
            }
            query::Listed::Dates { since: *since, until: *until }
        }
    };
    Ok(PaperFilter {
        listed,
        topics: args.topics.clone(),
        section: args.section.clone(),
        categories: args.categories.clone(),
        words: args.search.clone(),
        author: args.author.clone(),
        new_only: args.new_only,
        sort: match args.sort {
            ListSort::Listed => SortKey::Listed,
            ListSort::Published => SortKey::Published,
            ListSort::Score => SortKey::Score,
            ListSort::Title => SortKey::Title,
            // Ranked by the query layer after the store has found the papers.
            ListSort::Importance => SortKey::Listed,
        },
        reverse: args.reverse,
        limit: args.limit,
    })
}

/// Says so when some papers were classified with another taxonomy.
pub fn note_if_stale(settings: &Settings, staleness: Staleness) {
    if staleness.stale > 0 && settings.verbosity >= 0 {
        let which = match staleness.all() {
            true => "all".to_string(),
            false => format!("{} of {}", staleness.stale, staleness.papers),
        };
        note(
            settings,
            format!(
                "{which} of these papers were classified with another taxonomy; run `papers classify` to update them"
            ),
        );
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
