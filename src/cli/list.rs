//! `papers list` and `papers weeks`: the stored papers, filtered and formatted.

use anyhow::Result;

use super::args::{ListArgs, ListFormat, ListSort, OutputFormat, WeeksArgs};
use super::messages::{info, note};
use super::{Settings, resolve};
use papers::classify::{Classifier, Taxonomy};
use papers::export::list::{CSV_HEADER, Listed, Table, TableWidths, csv_rows, markdown};
use papers::export::record::PaperRecord;
use papers::model::StoredPaper;
use papers::query::{self, PaperFilter, RankedPapers, SortKey, Staleness, section_of};
use papers::store::{Matches, PaperQuery, Store};
use papers::wording::fit::join_fitting;
use papers::wording::thousands;

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
    let source = match args.sort {
        ListSort::Importance => Source::Ranked(query::by_importance(store, classifier, query)?),
        _ => Source::Matches(store.matches(query)?),
    };
    // A table's columns fit its widest cells, so it reads its papers twice: once
    // for the widths, once to write them.
    let table = match args.format {
        ListFormat::Table => {
            let mut widths = TableWidths::default();
            source.each(store, |papers| {
                widths.add(papers, &query.topics);
                Ok(())
            })?;
            Some(Table::new(&widths, settings.width, settings.color, &query.topics))
        }
        _ => None,
    };
    let mut output = Output { format: args.format, written: 0, table };
    let mut staleness = Staleness::default();
    // Papers come a chunk at a time and are written as they come, so memory stays
    // flat however many match (a ranking by importance holds their keys alone).
    source.each(store, |papers| {
        for paper in papers {
            staleness.count(paper.topics_hash.as_deref(), classifier.fingerprint());
        }
        output.chunk(papers, taxonomy)
    })?;
    output.finish()?;
    Ok(staleness)
}

/// Where the listed papers come from.
enum Source {
    /// Ranked by importance (which scores them all first), read a chunk at a time.
    Ranked(RankedPapers),
    /// In the query's order, read from the store a chunk at a time.
    Matches(Matches),
}

impl Source {
    fn each(&self, store: &Store, mut each: impl FnMut(&[StoredPaper]) -> Result<()>) -> Result<()> {
        match self {
            Source::Ranked(ranked) => ranked.read(store, |papers| each(&papers)),
            Source::Matches(matches) => store.read_matches(matches, |papers| each(&papers)),
        }
    }
}

/// A list being written in its format, a chunk of papers at a time.
struct Output<'q> {
    format: ListFormat,
    /// Papers written so far.
    written: usize,
    /// The table, its column widths known, when that is the format.
    table: Option<Table<'q>>,
}

impl Output<'_> {
    fn chunk(&mut self, papers: &[StoredPaper], taxonomy: &Taxonomy) -> Result<()> {
        if let Some(table) = &self.table {
            let header = if self.written == 0 && !papers.is_empty() { table.header() } else { String::new() };
            out!("{header}{}", table.rows(papers))?;
            self.written += papers.len();
            return Ok(());
        }
        let listed: Vec<Listed> =
            papers.iter().map(|p| Listed { stored: p, section: section_of(taxonomy, p) }).collect();
        let records = || listed.iter().map(|l| PaperRecord::new(l.stored).in_section(l.section));
        match self.format {
            // Written above.
            ListFormat::Table => {}
            ListFormat::Json => {
                let mut text = String::new();
                for (n, record) in records().enumerate() {
                    // Byte for byte the elements of a pretty-printed array.
                    text.push_str(if self.written + n == 0 { "[\n  " } else { ",\n  " });
                    text.push_str(&serde_json::to_string_pretty(&record)?.replace('\n', "\n  "));
                }
                out!("{text}")?;
            }
            ListFormat::Jsonl => {
                let mut text = String::new();
                for record in records() {
                    text.push_str(&serde_json::to_string(&record)?);
                    text.push('\n');
                }
                out!("{text}")?;
            }
            ListFormat::Csv => {
                out!("{}{}", if self.written == 0 { CSV_HEADER } else { "" }, csv_rows(&listed))?
            }
            ListFormat::Markdown => out!("{}", markdown(&listed))?,
        }
        self.written += listed.len();
        Ok(())
    }

    /// Ends the list: closes the JSON array.
    fn finish(self) -> Result<()> {
        match self.format {
            ListFormat::Json if self.written == 0 => outln!("[]")?,
            ListFormat::Json => outln!("\n]")?,
            _ => {}
        }
        Ok(())
    }
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
    let counts: Vec<(String, String)> = weeks
        .iter()
        .map(|w| (format!("{} new", thousands(w.papers)), format!("{} replaced", thousands(w.replaced))))
        .collect();
    let new_w = counts.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let replaced_w = counts.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
    for (week, (new, replaced)) in weeks.iter().zip(&counts) {
        let line = format!("{}  {new:>new_w$}  {replaced:>replaced_w$}  ", week.week);
        let top: Vec<String> = week.top_topics.iter().map(|(t, n)| format!("{t} {n}")).collect();
        let room = settings.width.map(|w| w.saturating_sub(line.chars().count()));
        outln!("{}", format!("{line}{}", join_fitting(&top, ", ", room)).trim_end())?;
    }
    Ok(())
}
