//! `papers list` and `papers weeks`: the stored papers, filtered and formatted.

use std::io::IsTerminal;

use anyhow::{Result, bail};

use super::args::{ListArgs, ListFormat, ListSort, OutputFormat, WeeksArgs};
use super::topics::{check_topic, week_range};
use super::{Settings, parse_listing_date};
use papers::arxiv::categories;
use papers::classify::{Section, Taxonomy};
use papers::export::list::{Listed, csv, markdown, table};
use papers::export::plural;
use papers::export::record::PaperRecord;
use papers::query::{author_expression, search_expression};
use papers::store::{PaperQuery, SortKey};

/// Open ends of a --since/--until range.
const EARLIEST: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(1, 1, 1).expect("a valid date");
const LATEST: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");

/// Top topics shown per week by `papers weeks`.
const TOP_TOPICS: usize = 3;

pub fn run(settings: &Settings, args: &ListArgs) -> Result<()> {
    let taxonomy = settings.taxonomy()?;
    let query = build_query(&taxonomy, args)?;
    let store = settings.open_store()?;
    let papers = store.find_papers(&query)?;
    warn_if_stale(settings, &papers, taxonomy.hash());
    if papers.is_empty() && settings.verbosity >= 0 {
        eprintln!("papers: no papers match");
    }
    let section_of = |p: &papers::store::StoredPaper| {
        p.topics.first().and_then(|t| taxonomy.section_of(&t.slug)).map(|s| s.name.as_str())
    };
    let listed: Vec<Listed> = papers.iter().map(|p| Listed { stored: p, section: section_of(p) }).collect();
    let records = || listed.iter().map(|l| PaperRecord::new(l.stored).in_section(l.section));
    match args.format {
        ListFormat::Table if !listed.is_empty() => {
            out!("{}", table(&listed, terminal_width(), settings.color))?
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

/// Validates the filters against the taxonomy and the category list.
fn build_query(taxonomy: &Taxonomy, args: &ListArgs) -> Result<PaperQuery> {
    let listed = match (&args.week, &args.since, &args.until) {
        (Some(week), _, _) => week_range(Some(week))?,
        (None, None, None) => None,
        (None, since, until) => {
            let first = since.as_deref().map(|s| parse_listing_date(s, "--since")).transpose()?;
            let last = until.as_deref().map(|u| parse_listing_date(u, "--until")).transpose()?;
            // Listing dates compare as text, so the open ends must be four-digit years.
            let (first, last) = (first.unwrap_or(EARLIEST), last.unwrap_or(LATEST));
            if last < first {
                bail!("--until {last} is before --since {first}");
            }
            Some((first, last))
        }
    };
    if args.new_only && listed.is_none() {
        bail!("--new-only needs --week, --since or --until: it leaves out the papers replaced in those days");
    }
    let mut topics = Vec::new();
    for topic in &args.topics {
        check_topic(taxonomy, topic)?;
        topics.push(topic.clone());
    }
    if let Some(wanted) = &args.section {
        let section = find_section(taxonomy, wanted)?;
        // A section narrows the topics; with --topic as well, both must agree.
        topics = match topics.is_empty() {
            true => section.topics.clone(),
            false => topics.into_iter().filter(|t| section.topics.contains(t)).collect(),
        };
        if topics.is_empty() {
            bail!("none of the --topic topics is in section '{}'", section.name);
        }
    }
    let categories = args
        .categories
        .iter()
        .map(|c| match c.ends_with(".*") {
            true => bail!("--category takes one category code, not '{c}'"),
            false => Ok(categories::validate(c)?),
        })
        .collect::<Result<Vec<_>>>()?;
    let mut fts = Vec::new();
    if let Some(text) = &args.search {
        fts.push(search_expression(text)?);
    }
    if let Some(name) = &args.author {
        fts.push(author_expression(name)?);
    }
    let sort = match args.sort {
        ListSort::Listed => SortKey::Listed,
        ListSort::Published => SortKey::Published,
        ListSort::Score => SortKey::Score,
        ListSort::Title => SortKey::Title,
    };
    Ok(PaperQuery {
        listed,
        topics,
        categories,
        fts: (!fts.is_empty()).then(|| fts.join(" AND ")),
        new_only: args.new_only,
        sort,
        reverse: args.reverse,
        limit: args.limit,
    })
}

/// Says so when some of `papers` were classified with another taxonomy than `hash`.
pub fn warn_if_stale(settings: &Settings, papers: &[papers::store::StoredPaper], hash: &str) {
    let stale = papers.iter().filter(|p| p.topics_hash.as_deref() != Some(hash)).count();
    if stale > 0 && settings.verbosity >= 0 {
        let which =
            if stale == papers.len() { "all".to_string() } else { format!("{stale} of {}", papers.len()) };
        eprintln!(
            "papers: note: {which} of these papers were classified with another taxonomy; run `papers classify` to update them"
        );
    }
}

/// A section by its name (any case) or its number from 1.
pub fn find_section<'t>(taxonomy: &'t Taxonomy, wanted: &str) -> Result<&'t Section> {
    let by_number =
        wanted.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| taxonomy.sections.get(i));
    let section =
        by_number.or_else(|| taxonomy.sections.iter().find(|s| s.name.eq_ignore_ascii_case(wanted.trim())));
    match section {
        Some(section) => Ok(section),
        None => {
            let names: Vec<String> = taxonomy
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{} ({})", i + 1, s.name))
                .collect();
            bail!("unknown section '{wanted}'; the sections are {}", names.join(", "))
        }
    }
}

/// The width to fit: `COLUMNS`, else the terminal's; `None` (no cutting) when piped.
fn terminal_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return Some(columns);
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(terminal_size::Width(w), _)| usize::from(w))
}

pub fn weeks(settings: &Settings, args: &WeeksArgs) -> Result<()> {
    let store = settings.open_store()?;
    let weeks = store.weeks(TOP_TOPICS)?;
    if args.format == OutputFormat::Json {
        outln!("{}", serde_json::to_string_pretty(&weeks)?)?;
        return Ok(());
    }
    if weeks.is_empty() && settings.verbosity >= 0 {
        eprintln!("papers: the database holds no papers yet");
    }
    for week in weeks {
        let top: Vec<String> = week.top_topics.iter().map(|(t, n)| format!("{t} {n}")).collect();
        outln!("{}  {:>12}  {}", week.week, plural(week.papers, "paper"), top.join(", "))?;
    }
    Ok(())
}
