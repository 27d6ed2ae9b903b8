//! `papers fetch --announced`: the RSS announcement feed of the tracked
//! categories. It records what arXiv announced on its day (new, cross-listed,
//! replaced), which makes that day the papers' listing date instead of the
//! estimate from their submission time, and fetches the metadata of papers (or
//! versions) not yet stored through the API's `id_list`.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};

use super::args::FetchArgs;
use super::network::{connect, describe_run};
use super::progress::Reporter;
use super::{Settings, classified, parse_listing_date};
use papers::arxiv::categories;
use papers::arxiv::pager;
use papers::arxiv::rss::{AnnounceType, Announcement};
use papers::export::plural;
use papers::id::ArxivId;
use papers::model::Paper;
use papers::store::{PaperRow, RunSummary, Store};
use papers::week::Schedule;

/// The most items arXiv puts in one feed.
const FEED_CAP: usize = 2000;

pub fn run(settings: &Settings, store: &mut Store, args: &FetchArgs, day: &str) -> Result<()> {
    let expected = match day {
        "latest" => None,
        text => Some(parse_listing_date(text, "--announced")?),
    };
    let feeds = feed_names(store, args)?;
    let reporter = Reporter::new(settings);
    let client = connect(&args.network, &reporter)?;
    client.check_delay(&args.network.rss_url)?;
    client.check_delay(&args.network.api_url)?;
    let classifier = settings.classifier()?;
    let started = Instant::now();
    let label = format!("announcements of {}", feeds.join("+"));
    let run_id = store.start_run(&label)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let result = runtime.block_on(async {
        // One feed per category: a feed stops at 2000 items, which a combined one
        // (or a whole archive's) can reach on a busy day.
        let (mut all, mut day) = (Vec::new(), None);
        for name in &feeds {
            let (feed, skipped) = client.rss(std::slice::from_ref(name)).await?;
            for problem in skipped {
                reporter.warn(&format!("skipped an item of the {name} feed: {problem}"));
            }
            if feed.items.len() >= FEED_CAP {
                reporter.warn(&format!(
                    "the {name} feed has {FEED_CAP} items, arXiv's limit, so it may be cut short; track its categories one by one"
                ));
            }
            if let Some(first) = feed.items.first() {
                day.get_or_insert(feed.announced.unwrap_or(first.announced));
            }
            all.extend(feed.items);
        }
        let Some(day) = day else {
            return Ok(None);
        };
        if let Some(expected) = expected.filter(|expected| *expected != day) {
            bail!(
                "the feed holds the announcements of {day}, not {expected}: arXiv's RSS keeps only the latest day; use `papers fetch --week` for earlier ones"
            );
        }
        let items = unique(all);
        let wanted = missing(store, &items)?;
        reporter.status(format!("{}; fetching {} from the API", plural(items.len() as u64, "announcement"), wanted.len()));
        let mut papers = pager::fetch_ids(&client, &wanted).await?;
        papers.extend(from_feed(&items, &wanted, &papers, &settings.schedule));
        Ok(Some((day, items, papers)))
    });
    reporter.finish();
    let stats = client.stats();
    let outcome = result.and_then(|fetched| {
        let Some((day, items, papers)) = fetched else {
            return Ok(None);
        };
        let mut batch = store.begin_import()?;
        for paper in papers {
            batch.upsert(&classified(&classifier, PaperRow::dated(paper, &settings.schedule)?))?;
        }
        let mut unknown = Vec::new();
        for item in &items {
            if !batch.announce(&item.id, item.version, item.announce_type.as_str(), item.announced)? {
                unknown.push(item.id.to_string());
            }
        }
        let counts = batch.commit()?;
        if !unknown.is_empty() {
            reporter.warn(&format!("left out {}: the API returned nothing for them", unknown.join(", ")));
        }
        Ok(Some((day, tally(&items), counts)))
    });
    let (status, error) = match &outcome {
        Ok(_) => ("done", None),
        Err(e) => ("failed", Some(format!("{e:#}"))),
    };
    let counts =
        outcome.as_ref().ok().and_then(Option::as_ref).map(|(_, _, counts)| *counts).unwrap_or_default();
    let summary = RunSummary { status: status.into(), pages: 0, counts, retries: stats.retries, error };
    store.finish_run(run_id, &summary)?;
    match outcome? {
        None if settings.verbosity >= 0 => {
            eprintln!(
                "papers: the feed of {} is empty: arXiv announces nothing on weekends and holidays",
                feeds.join("+")
            );
        }
        Some((day, tally, _)) if settings.verbosity >= 0 => {
            eprintln!(
                "papers: {label} on {day}: {tally}; stored {}",
                describe_run(&summary, &stats, started)
            );
        }
        _ => {}
    }
    Ok(())
}

/// The feed names: the categories given with --category, else the tracked ones;
/// an archive wildcard (`cs.*`) is the archive's feed (`cs`).
fn feed_names(store: &Store, args: &FetchArgs) -> Result<Vec<String>> {
    let codes = match args.categories.is_empty() {
        false => args.categories.iter().map(|c| categories::validate(c)).collect::<Result<Vec<_>, _>>()?,
        true => store.tracked()?.into_iter().filter(|t| t.kind == "cat").map(|t| t.value).collect(),
    };
    if codes.is_empty() {
        bail!(
            "no category to read announcements for: track one (papers track add cat:cs.CL) or pass --category"
        );
    }
    Ok(codes.iter().map(|code| code.strip_suffix(".*").unwrap_or(code).to_string()).collect())
}

/// A paper in several of the feeds appears once, as its primary category's feed
/// calls it (`new` or `replace`; the others say `cross` or `replace-cross`).
fn unique(items: Vec<Announcement>) -> Vec<Announcement> {
    let mut kept: Vec<Announcement> = Vec::with_capacity(items.len());
    let mut at: HashMap<ArxivId, usize> = HashMap::new();
    for item in items {
        match at.get(&item.id) {
            Some(&i) => {
                let primary_over_cross = matches!(
                    (kept[i].announce_type, item.announce_type),
                    (AnnounceType::Cross, AnnounceType::New)
                        | (AnnounceType::ReplaceCross, AnnounceType::Replace)
                );
                if primary_over_cross {
                    kept[i] = item;
                }
            }
            None => {
                at.insert(item.id.clone(), kept.len());
                kept.push(item);
            }
        }
    }
    kept
}

/// The announced papers not stored, or stored at an older version than announced.
fn missing(store: &Store, items: &[Announcement]) -> Result<Vec<ArxivId>> {
    let mut wanted = Vec::new();
    for item in items {
        let stored = store.paper(&item.id)?;
        if stored.is_none_or(|s| s.paper.version < item.version) {
            wanted.push(item.id.clone());
        }
    }
    Ok(wanted)
}

/// New papers the API did not return (a mirror that lags, say), as the feed
/// describes them, with the latest submission time that is listed on their day.
/// Only papers that are surely new are made up this way: v1, with an id from the
/// month of the announcement or the one before. Without the API the first listing
/// date of anything else (a replacement, a cross-list of an older paper) is
/// unknown, and a guess would list it as new.
fn from_feed(
    items: &[Announcement],
    wanted: &[ArxivId],
    fetched: &[Paper],
    schedule: &Schedule,
) -> Vec<Paper> {
    let fetched: HashSet<&ArxivId> = fetched.iter().map(|p| &p.id).collect();
    items
        .iter()
        .filter(|item| matches!(item.announce_type, AnnounceType::New | AnnounceType::Cross))
        .filter(|item| item.version == 1 && id_from_around(&item.id, item.announced))
        .filter(|item| wanted.contains(&item.id) && !fetched.contains(&item.id))
        .filter_map(|item| {
            let (_, next_batch) = schedule.submission_window_between(item.announced, item.announced);
            item.clone().into_paper(next_batch - chrono::Duration::seconds(1))
        })
        .collect()
}

/// Whether a new-style id (`YYMM.NNNNN`, numbered in the month of submission) is
/// from the month of `day` or the one before.
fn id_from_around(id: &ArxivId, day: NaiveDate) -> bool {
    let Some(yymm) = id.as_str().split_once('.').and_then(|(yymm, _)| yymm.parse::<i32>().ok()) else {
        return false;
    };
    let month_index = |year: i32, month: i32| year * 12 + month;
    let id_month = month_index(2000 + yymm / 100, yymm % 100);
    let day_month = month_index(day.year(), day.month() as i32);
    (day_month - 1..=day_month).contains(&id_month)
}

/// "3 new, 1 cross-list, 2 replacements, 1 abstract-only change".
fn tally(items: &[Announcement]) -> String {
    let count =
        |kinds: &[AnnounceType]| items.iter().filter(|i| kinds.contains(&i.announce_type)).count() as u64;
    [
        plural(count(&[AnnounceType::New]), "new paper"),
        plural(count(&[AnnounceType::Cross]), "cross-list"),
        plural(count(&[AnnounceType::Replace, AnnounceType::ReplaceCross]), "replacement"),
        plural(count(&[AnnounceType::AbsOnly]), "abstract-only change"),
    ]
    .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ids_from_the_announcement_month_or_the_one_before_look_new() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
        let id = |text: &str| ArxivId::parse(text).expect("id");
        assert!(id_from_around(&id("2601.00042"), day));
        assert!(id_from_around(&id("2512.31999"), day), "submitted in December, announced in January");
        assert!(!id_from_around(&id("2511.00001"), day));
        assert!(!id_from_around(&id("2205.06398"), day));
        assert!(!id_from_around(&id("hep-th/9901001"), day), "old-style ids are from before 2007");
    }
}
