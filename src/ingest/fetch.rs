//! Fetching from the export API: a plan (what to search, over which submission
//! window), and the resumable run that pages through it. Each page is stored with
//! its query's progress in one transaction, so a rerun resumes where a run stopped;
//! a window with more results than the API can page through is split into days,
//! then hours.

use std::collections::VecDeque;

use chrono::{NaiveDate, Utc};

use super::report::{RunLog, Tally};
use super::{Context, Event, IngestError, RunFailure, RunReport, TrackedSpec, Unreadable, Work, classified};
use crate::arxiv::client::ArxivClient;
use crate::arxiv::pager::{self, SPLIT_ABOVE};
use crate::arxiv::query::{Selector, Window};
use crate::id::ArxivId;
use crate::model::Paper;
use crate::store::{PaperRow, Progress, Store};
use crate::week::{IsoWeek, Schedule, WeekExpr};

/// The listing days a fetch covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week(IsoWeek),
    /// Listing dates, both inclusive.
    Days {
        first: NaiveDate,
        last: NaiveDate,
    },
}

/// What to fetch: the tracked set, or what the user named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Tracked,
    /// Validated category codes, a validated raw query, an author, single papers.
    Named {
        categories: Vec<String>,
        query: Option<String>,
        author: Option<String>,
        ids: Vec<ArxivId>,
    },
}

impl Period {
    /// The days asked for: from `since` to `until` (today when left out), else
    /// `week` (this week when left out). A range that ends before it starts is
    /// refused.
    pub fn asked(
        week: Option<WeekExpr>,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Period, BackwardsRange> {
        match since {
            Some(first) => {
                let last = until.unwrap_or(today);
                BackwardsRange::check(first, last)?;
                Ok(Period::Days { first, last })
            }
            None => Ok(Period::Week(week.unwrap_or(WeekExpr::This).resolve(today))),
        }
    }
}

/// A range of days whose last comes before its first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{last} is before {first}")]
pub struct BackwardsRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl BackwardsRange {
    /// Refuses `first..=last` when it runs backwards.
    pub fn check(first: NaiveDate, last: NaiveDate) -> Result<(), BackwardsRange> {
        match last < first {
            true => Err(BackwardsRange { first, last }),
            false => Ok(()),
        }
    }
}

impl Selection {
    /// What a user named; the tracked set when they named nothing.
    pub fn named(
        categories: Vec<String>,
        query: Option<String>,
        author: Option<String>,
        ids: Vec<ArxivId>,
    ) -> Selection {
        match categories.is_empty() && query.is_none() && author.is_none() && ids.is_empty() {
            true => Selection::Tracked,
            false => Selection::Named { categories, query, author, ids },
        }
    }
}

/// What a run will ask for, resolved from the selection or the tracked set.
#[derive(Debug, Clone)]
pub struct Plan {
    /// "week 2024-W21" or "listed 2024-05-20 to 2024-05-24".
    pub label: String,
    /// The v1 submission times listed in the period.
    pub window: Window,
    pub selectors: Vec<Selector>,
    /// Single papers to refresh by `id_list`.
    pub ids: Vec<ArxivId>,
}

/// One search over one submission window.
#[derive(Debug, Clone)]
pub struct Search {
    pub selector: Selector,
    pub window: Window,
}

impl Search {
    /// The `search_query` sent for it.
    pub fn query(&self) -> String {
        self.selector.search_query(Some(&self.window))
    }

    /// Smaller windows covering this one: days, then hours; `None` when an hour is
    /// already as fine as arXiv's minute-precision dates usefully go.
    fn split(&self) -> Option<Vec<Search>> {
        let length = self.window.end - self.window.start;
        let step = match length {
            l if l > chrono::Duration::days(1) => chrono::Duration::days(1),
            l if l > chrono::Duration::hours(1) => chrono::Duration::hours(1),
            _ => return None,
        };
        let parts = self
            .window
            .split(step)
            .into_iter()
            .map(|window| Search { selector: self.selector.clone(), window });
        Some(parts.collect())
    }
}

/// Resolves what a fetch asks for; the tracked set when nothing is named.
pub fn plan(
    store: &Store,
    schedule: &Schedule,
    period: Period,
    selection: &Selection,
) -> Result<Plan, IngestError> {
    let (label, (start, end)) = match period {
        Period::Week(week) => (format!("week {week}"), schedule.submission_window(week)),
        Period::Days { first, last } => {
            (format!("listed {first} to {last}"), schedule.submission_window_between(first, last))
        }
    };
    let mut selectors = Vec::new();
    let mut ids = Vec::new();
    match selection {
        Selection::Named { categories, query, author, ids: named } => {
            if !categories.is_empty() {
                selectors.push(Selector::Categories(categories.clone()));
            }
            selectors.extend(query.iter().map(|q| Selector::Raw(q.clone())));
            selectors.extend(author.iter().map(|a| Selector::Author(a.clone())));
            ids.extend(named.iter().cloned());
        }
        Selection::Tracked => {
            let mut codes = Vec::new();
            for item in store.tracked()? {
                match TrackedSpec::from_stored(&item)? {
                    TrackedSpec::Category(code) => codes.push(code),
                    TrackedSpec::Author(name) => selectors.push(Selector::Author(name)),
                    TrackedSpec::Query(query) => selectors.push(Selector::Raw(query)),
                    TrackedSpec::Paper(id) => ids.push(id),
                }
            }
            if !codes.is_empty() {
                selectors.insert(0, Selector::Categories(codes));
            }
            if selectors.is_empty() && ids.is_empty() {
                return Err(IngestError::NothingTracked(Work::Fetch));
            }
        }
    }
    Ok(Plan { label, window: Window::new(start, end), selectors, ids })
}

impl Plan {
    /// A plan that only refreshes single papers by `id_list`.
    pub fn ids(label: &str, ids: Vec<ArxivId>) -> Plan {
        let never = chrono::DateTime::UNIX_EPOCH;
        Plan { label: label.to_string(), window: Window::new(never, never), selectors: Vec::new(), ids }
    }

    /// One search per selector over the whole window (split later if too big).
    pub fn searches(&self) -> Vec<Search> {
        self.selectors.iter().map(|s| Search { selector: s.clone(), window: self.window }).collect()
    }

    /// What the run asked for, for the run log: the period and every selector.
    fn describe(&self) -> String {
        let mut parts: Vec<String> = self.selectors.iter().map(|s| s.search_query(None)).collect();
        if !self.ids.is_empty() {
            parts.push(format!("{} ids", self.ids.len()));
        }
        format!("{}: {}", self.label, parts.join("; "))
    }
}

/// Runs `plan`: every search page by page, then the single papers. Resumes the
/// searches an earlier run left unfinished. The report's label is the plan's.
pub async fn fetch(
    store: &mut Store,
    client: &ArxivClient,
    context: &Context<'_>,
    plan: &Plan,
    page_size: u32,
) -> Result<RunReport, Box<RunFailure>> {
    let log = RunLog::start(store, &plan.describe(), &plan.label)
        .map_err(|e| RunFailure::before_start(&plan.label, e))?;
    let mut run = Fetch { store, client, context, page_size, tally: Tally::default() };
    let outcome = run.fetch_all(plan).await;
    let tally = run.tally;
    log.finish(store, outcome, tally, client.stats())
}

/// One fetch run: what it writes to, reads from and reports to.
struct Fetch<'a, 'c> {
    store: &'a mut Store,
    client: &'a ArxivClient,
    context: &'a Context<'c>,
    page_size: u32,
    tally: Tally,
}

impl Fetch<'_, '_> {
    /// Runs every search, then the id refresh. `Ok(false)` means interrupted.
    async fn fetch_all(&mut self, plan: &Plan) -> Result<bool, IngestError> {
        let mut queue: VecDeque<Search> = plan.searches().into();
        let mut finished_queries = Vec::new();
        let now = Utc::now();
        while let Some(item) = queue.pop_front() {
            let query = item.query();
            // A window still open when it was marked done may have grown since.
            let closed = item.window.end <= now;
            let (mut start, mut known_total) = match self.store.progress(&query)? {
                Some(Progress::Done) if closed => {
                    finished_queries.push(query);
                    continue;
                }
                Some(Progress::Split) => {
                    if let Some(parts) = item.split() {
                        parts.into_iter().rev().for_each(|part| queue.push_front(part));
                    }
                    finished_queries.push(query);
                    continue;
                }
                Some(Progress::Partial { next_start, total }) => (next_start, Some(total)),
                _ => (0, None),
            };
            loop {
                if self.context.stop.is_raised() {
                    return Ok(false);
                }
                let page = pager::fetch_page(self.client, &query, start, self.page_size, known_total).await?;
                let split = if start == 0 && page.total > SPLIT_ABOVE { item.split() } else { None };
                let state = match (&split, page.last) {
                    (Some(_), _) => Progress::Split,
                    (None, true) => Progress::Done,
                    (None, false) => Progress::Partial { next_start: page.next_start, total: page.total },
                };
                self.context.skipped(Unreadable::ApiEntry, &page.skipped);
                let in_window: Vec<&Paper> =
                    page.papers.iter().filter(|p| item.window.contains(p.published)).collect();
                self.store_page(&in_window, Some((&query, state)))?;
                let counts = self.tally.counts;
                self.context.observer.event(Event::FetchPage {
                    page: self.tally.pages,
                    next_start: page.next_start,
                    total: page.total,
                    query: query.clone(),
                    counts,
                });
                if let Some(parts) = split {
                    parts.into_iter().rev().for_each(|part| queue.push_front(part));
                    break;
                }
                if page.last {
                    break;
                }
                (start, known_total) = (page.next_start, Some(page.total));
            }
            finished_queries.push(query);
        }
        for batch in plan.ids.chunks(pager::IDS_PER_REQUEST) {
            if self.context.stop.is_raised() {
                return Ok(false);
            }
            let papers = pager::fetch_ids(self.client, batch).await?;
            self.store_page(&papers.iter().collect::<Vec<_>>(), None)?;
        }
        self.store.clear_progress(&finished_queries)?;
        Ok(true)
    }

    /// Stores one page, classified, and for a search its query's progress, in one transaction.
    fn store_page(
        &mut self,
        papers: &[&Paper],
        progress: Option<(&str, Progress)>,
    ) -> Result<(), IngestError> {
        let mut batch = self.store.begin_import()?;
        for paper in papers {
            let row = PaperRow::dated((*paper).clone(), self.context.schedule)?;
            batch.upsert(&classified(self.context.classifier, row))?;
        }
        if let Some((query, state)) = progress {
            batch.save_progress(query, state)?;
        }
        self.tally.counts.add(batch.commit()?);
        self.tally.pages += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    #[test]
    fn the_days_asked_for() {
        let today = date("2024-05-22");
        let this_week = Period::Week(IsoWeek::containing(today));
        assert_eq!(Period::asked(None, None, None, today), Ok(this_week));
        let last = Period::asked(Some(WeekExpr::Last), None, None, today);
        assert_eq!(last, Ok(Period::Week(IsoWeek::containing(date("2024-05-15")))));
        let to_today = Period::asked(None, Some(date("2024-05-01")), None, today);
        assert_eq!(to_today, Ok(Period::Days { first: date("2024-05-01"), last: today }));
        let backwards = Period::asked(None, Some(date("2024-05-21")), Some(date("2024-05-20")), today);
        assert_eq!(backwards, Err(BackwardsRange { first: date("2024-05-21"), last: date("2024-05-20") }));
    }

    #[test]
    fn naming_nothing_selects_the_tracked_set() {
        assert_eq!(Selection::named(Vec::new(), None, None, Vec::new()), Selection::Tracked);
        let author = Selection::named(Vec::new(), None, Some("Tri Dao".into()), Vec::new());
        let named = Selection::Named {
            categories: Vec::new(),
            query: None,
            author: Some("Tri Dao".into()),
            ids: Vec::new(),
        };
        assert_eq!(author, named);
    }
}
