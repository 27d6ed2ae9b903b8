//! `papers list` and `papers weeks`: the stored papers, filtered and formatted.

use anyhow::Result;

use super::args::{ListArgs, ListFormat, ListSort, OutputFormat, WeeksArgs};
use super::messages::{info, note};
use super::{Settings, parse_listing_date, today};
use papers::export::fit::join_fitting;
use papers::export::list::{Listed, csv, markdown, table};
use papers::export::record::PaperRecord;
use papers::export::thousands;
use papers::query::{self, PaperFilter, SortKey, Staleness, section_of};
use papers::week::IsoWeek;

/// Top topics shown per week by `papers weeks`.
const TOP_TOPICS: usize = 3;

pub fn run(settings: &Settings, args: &ListArgs) -> Result<()> {
    let classifier = settings.reading_classifier()?;
    let taxonomy = classifier.taxonomy();
    let query = filter(args)?.resolve(&classifier)?;
    let store = settings.read_store()?;
    let papers = match args.sort {
        ListSort::Importance => query::by_importance(&store, &classifier, &query)?,
        _ => store.find_papers(&query)?,
    };
    note_if_stale(settings, Staleness::of(&papers, classifier.fingerprint()));
    if papers.is_empty() {
        info(settings, "no papers match");
    }
    let listed: Vec<Listed> =
        papers.iter().map(|p| Listed { stored: p, section: section_of(taxonomy, p) }).collect();
    let records = || listed.iter().map(|l| PaperRecord::new(l.stored).in_section(l.section));
    match args.format {
        ListFormat::Table if !listed.is_empty() => {
            out!("{}", table(&listed, settings.width, settings.color, &query.topics))?
        }
        ListFormat::Table => {}
        ListFormat::Json => outln!("{}", serde_json::to_string_pretty(&records().collect::<Vec<_>>())?)?,
        ListFormat::Jsonl => {
            for record in records() {
                outln!("{}", serde_json::to_string(&record)?)?;
            }
        }
        ListFormat::Csv => out!("{}", csv(&listed))?,
        ListFormat::Markdown => out!("{}", markdown(&listed))?,
    }
    Ok(())
}

/// The filter as typed: dates parsed, everything else checked by the query layer.
fn filter(args: &ListArgs) -> Result<PaperFilter> {
    let listed = match (&args.week, &args.since, &args.until) {
        (Some(week), _, _) => query::Listed::Week(IsoWeek::parse_expr(week, today())?),
        (None, since, until) => query::Listed::Dates {
            since: since.as_deref().map(|s| parse_listing_date(s, "--since")).transpose()?,
            until: until.as_deref().map(|u| parse_listing_date(u, "--until")).transpose()?,
        },
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
