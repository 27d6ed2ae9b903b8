//! Reading arXiv's RSS announcement feeds: what was announced on the feed's day
//! (new, cross-listed, replaced), which makes that day the papers' listing date
//! instead of the estimate from their submission time, and the metadata of papers
//! (or versions) not yet stored, fetched through the API's `id_list`.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::report::{RunLog, Tally};
use super::{
    Context, Event, IngestError, RunFailure, RunReport, TrackedSpec, Unreadable, Warning, Work, classified,
};
use crate::arxiv::client::ArxivClient;
use crate::arxiv::pager;
use crate::arxiv::rss::{AnnounceType, Announcement};
use crate::id::ArxivId;
use crate::model::Paper;
use crate::store::{PaperRow, Store};
use crate::week::{AnnouncedDay, Schedule};

/// The most items arXiv puts in one feed.
const FEED_CAP: usize = 2000;

/// What the feeds announced, by kind (a paper in several feeds counted once).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnnouncementCounts {
    pub new: u64,
    pub cross: u64,
    pub replaced: u64,
    pub abstract_only: u64,
}

/// How an announcement read went.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnouncedReport {
    /// The feeds' day; `None` when every feed was empty (weekends, holidays).
    pub day: Option<NaiveDate>,
    pub announced: AnnouncementCounts,
    pub run: RunReport,
}

/// The feed names: these category codes, else the tracked categories; an archive
/// wildcard (`cs.*`) is the archive's feed (`cs`).
pub fn feed_names(store: &Store, categories: &[String]) -> Result<Vec<String>, IngestError> {
    let mut codes = categories.to_vec();
    if codes.is_empty() {
        for item in store.tracked()? {
            if let TrackedSpec::Category(code) = TrackedSpec::from_stored(&item)? {
                codes.push(code);
            }
        }
    }
    if codes.is_empty() {
        return Err(IngestError::NothingTracked(Work::Announcements));
    }
    Ok(codes.iter().map(|code| code.strip_suffix(".*").unwrap_or(code).to_string()).collect())
}

/// Reads `feeds` (one request each), checks the day is the one `asked` when it
/// names one, fetches what is missing and stores papers and announcements in one
/// transaction.
pub async fn read_announcements(
    store: &mut Store,
    client: &ArxivClient,
    context: &Context<'_>,
    feeds: &[String],
    asked: AnnouncedDay,
) -> Result<AnnouncedReport, Box<RunFailure>> {
    let expected = match asked {
        AnnouncedDay::Latest => None,
        AnnouncedDay::On(day) => Some(day),
    };
    let label = format!("announcements of {}", feeds.join("+"));
    let log = RunLog::start(store, &label, &label).map_err(|e| RunFailure::before_start(&label, e))?;
    let mut tally = Tally::default();
    let (found, outcome) = match read(store, client, context, feeds, expected, &mut tally).await {
        Ok(found) => (found, Ok(true)),
        Err(error) => (None, Err(error)),
    };
    let run = log.finish(store, outcome, tally, client.stats())?;
    let (day, announced) = found.map_or((None, AnnouncementCounts::default()), |(d, c)| (Some(d), c));
    Ok(AnnouncedReport { day, announced, run })
}

/// The read itself: `None` when every feed was empty.
async fn read(
    store: &mut Store,
    client: &ArxivClient,
    context: &Context<'_>,
    feeds: &[String],
    expected: Option<NaiveDate>,
    tally: &mut Tally,
) -> Result<Option<(NaiveDate, AnnouncementCounts)>, IngestError> {
    // One feed per category: a feed stops at 2000 items, which a combined one
    // (or a whole archive's) can reach on a busy day.
    let (mut all, mut day) = (Vec::new(), None);
    for name in feeds {
        let (feed, skipped) = client.rss(std::slice::from_ref(name)).await?;
        context.skipped(Unreadable::FeedItem { feed: name.clone() }, skipped);
        if feed.items.len() >= FEED_CAP {
            context.warn(Warning::FeedAtCap { feed: name.clone(), cap: FEED_CAP });
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
        return Err(IngestError::NotThatDay { day, asked: expected });
    }
    let items = unique(all);
    let wanted = missing(store, &items)?;
    context.observer.event(Event::Announced { items: items.len() as u64, missing: wanted.len() as u64 });
    let mut papers = pager::fetch_ids(client, &wanted).await?;
    papers.extend(from_feed(&items, &wanted, &papers, context.schedule));
    let mut batch = store.begin_import()?;
    for paper in papers {
        batch.upsert(&classified(context.classifier, PaperRow::dated(paper, context.schedule)?))?;
    }
    let mut unknown = Vec::new();
    for item in &items {
        if !batch.announce(&item.id, item.version, item.announce_type.as_str(), item.announced)? {
            unknown.push(item.id.clone());
        }
    }
    tally.counts = batch.commit()?;
    if !unknown.is_empty() {
        context.warn(Warning::NotReturned(unknown));
    }
    Ok(Some((day, count(&items))))
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
fn missing(store: &Store, items: &[Announcement]) -> Result<Vec<ArxivId>, IngestError> {
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

fn count(items: &[Announcement]) -> AnnouncementCounts {
    let count =
        |kinds: &[AnnounceType]| items.iter().filter(|i| kinds.contains(&i.announce_type)).count() as u64;
    AnnouncementCounts {
        new: count(&[AnnounceType::New]),
        cross: count(&[AnnounceType::Cross]),
        replaced: count(&[AnnounceType::Replace, AnnounceType::ReplaceCross]),
        abstract_only: count(&[AnnounceType::AbsOnly]),
    }
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
