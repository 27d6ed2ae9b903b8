//! `papers fetch`: bring a week's (or a date range's) papers in from the export API,
//! page by page, each page stored with its progress so that a rerun resumes.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::{Result, bail};
use chrono::Utc;

use super::announced;
use super::args::FetchArgs;
use super::network::{connect, describe_run, run_summary, stop_on_ctrl_c};
use super::progress::Reporter;
use super::{Settings, classified, parse_listing_date, today};
use papers::arxiv::categories;
use papers::arxiv::client::{ArxivClient, FetchError};
use papers::arxiv::pager::{self, SPLIT_ABOVE};
use papers::arxiv::query::{Selector, Window, validate_raw};
use papers::classify::Classifier;
use papers::export::plural;
use papers::id::ArxivId;
use papers::model::Paper;
use papers::store::{ImportCounts, PaperRow, Progress, Store};
use papers::week::{IsoWeek, Schedule};

/// One search over one submission window.
#[derive(Debug, Clone)]
struct Work {
    selector: Selector,
    window: Window,
}

impl Work {
    fn query(&self) -> String {
        self.selector.search_query(Some(&self.window))
    }

    /// Smaller windows covering this one: days, then hours; `None` when an hour is
    /// already as fine as arXiv's minute-precision dates usefully go.
    fn split(&self) -> Option<Vec<Work>> {
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
            .map(|window| Work { selector: self.selector.clone(), window });
        Some(parts.collect())
    }
}

/// What the run asked for, resolved from flags or the tracked set.
struct Plan {
    label: String,
    window: Window,
    selectors: Vec<Selector>,
    ids: Vec<ArxivId>,
}

pub fn run(settings: &Settings, args: &FetchArgs) -> Result<()> {
    let mut store = settings.open_store()?;
    if args.history {
        return print_history(&store);
    }
    if let Some(day) = &args.announced {
        return announced::run(settings, &mut store, args, day);
    }
    let plan = plan(settings, &store, args)?;
    let work: Vec<Work> =
        plan.selectors.iter().map(|s| Work { selector: s.clone(), window: plan.window }).collect();
    if args.dry_run {
        return print_dry_run(&plan, &work, args.page_size);
    }
    let reporter = Reporter::new(settings);
    let client = connect(&args.network, &reporter)?;
    client.check_delay(&args.network.api_url)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(fetch(settings, &mut store, &client, &reporter, &plan, work, args.page_size))
}

fn plan(settings: &Settings, store: &Store, args: &FetchArgs) -> Result<Plan> {
    let (label, (start, end)) = match (&args.week, &args.since) {
        (_, Some(since)) => {
            let first = parse_listing_date(since, "--since")?;
            let last = match &args.until {
                Some(until) => parse_listing_date(until, "--until")?,
                None => today(),
            };
            if last < first {
                bail!("--until {last} is before --since {first}");
            }
            (format!("listed {first} to {last}"), settings.schedule.submission_window_between(first, last))
        }
        (week, None) => {
            let text = week.as_deref().unwrap_or("this");
            let week = IsoWeek::parse_expr(text, today())?;
            (format!("week {week}"), settings.schedule.submission_window(week))
        }
    };
    let mut selectors = Vec::new();
    let mut ids: Vec<ArxivId> = args.ids.iter().map(|v| v.id.clone()).collect();
    let explicit =
        !args.categories.is_empty() || args.query.is_some() || args.author.is_some() || !ids.is_empty();
    if explicit {
        let codes = args.categories.iter().map(|c| categories::validate(c)).collect::<Result<Vec<_>, _>>()?;
        if !codes.is_empty() {
            selectors.push(Selector::Categories(codes));
        }
        if let Some(query) = &args.query {
            validate_raw(query).map_err(|e| anyhow::anyhow!("--query: {e}"))?;
            selectors.push(Selector::Raw(query.clone()));
        }
        selectors.extend(args.author.iter().map(|a| Selector::Author(a.clone())));
    } else {
        let mut codes = Vec::new();
        for item in store.tracked()? {
            match item.kind.as_str() {
                "cat" => codes.push(item.value),
                "au" => selectors.push(Selector::Author(item.value)),
                "q" => selectors.push(Selector::Raw(item.value)),
                _ => ids.push(ArxivId::parse(&item.value)?),
            }
        }
        if !codes.is_empty() {
            selectors.insert(0, Selector::Categories(codes));
        }
        if selectors.is_empty() && ids.is_empty() {
            bail!(
                "nothing to fetch: track something first (papers track add cat:cs.CL) or pass --category, --query, --author or --id"
            );
        }
    }
    Ok(Plan { label, window: Window::new(start, end), selectors, ids })
}

impl Plan {
    /// What the run asked for, for the run log: the period and every selector.
    fn describe(&self) -> String {
        let mut parts: Vec<String> = self.selectors.iter().map(|s| s.search_query(None)).collect();
        if !self.ids.is_empty() {
            parts.push(format!("{} tracked ids", self.ids.len()));
        }
        format!("{}: {}", self.label, parts.join("; "))
    }
}

fn print_dry_run(plan: &Plan, work: &[Work], page_size: u32) -> Result<()> {
    outln!(
        "{}: v1 submissions from {} to {} (UTC)",
        plan.label,
        plan.window.start.format("%Y-%m-%d %H:%M"),
        plan.window.end.format("%Y-%m-%d %H:%M")
    )?;
    for item in work {
        outln!("search_query={}", item.query())?;
    }
    for batch in plan.ids.chunks(pager::IDS_PER_REQUEST) {
        outln!("id_list={}", batch.iter().map(ArxivId::as_str).collect::<Vec<_>>().join(","))?;
    }
    let requests = work.len() + plan.ids.len().div_ceil(pager::IDS_PER_REQUEST);
    outln!(
        "{} at least: one per query, plus one per {page_size} results past the first page (nothing was sent)",
        plural(requests as u64, "request")
    )?;
    Ok(())
}

/// One fetch run: what it writes to, reads from and reports to.
struct Fetch<'a> {
    store: &'a mut Store,
    client: &'a ArxivClient,
    classifier: &'a Classifier,
    schedule: &'a Schedule,
    reporter: &'a Reporter,
    interrupted: Arc<AtomicBool>,
    page_size: u32,
    pages: u64,
    counts: ImportCounts,
}

async fn fetch(
    settings: &Settings,
    store: &mut Store,
    client: &ArxivClient,
    reporter: &Reporter,
    plan: &Plan,
    work: Vec<Work>,
    page_size: u32,
) -> Result<()> {
    let classifier = settings.classifier()?;
    let interrupted = stop_on_ctrl_c(reporter);
    let started = Instant::now();
    let run_id = store.start_run(&plan.describe())?;
    let mut run = Fetch {
        store,
        client,
        classifier: &classifier,
        schedule: &settings.schedule,
        reporter,
        interrupted,
        page_size,
        pages: 0,
        counts: ImportCounts::default(),
    };
    let result = run.fetch_all(plan, work).await;
    reporter.finish();
    let stats = client.stats();
    let summary = run_summary(&result, run.pages, run.counts, &stats);
    run.store.finish_run(run_id, &summary)?;
    if settings.verbosity >= 0 {
        eprintln!("papers: {}: {}", plan.label, describe_run(&summary, &stats, started));
    }
    match result {
        Ok(true) => Ok(()),
        Ok(false) => bail!("interrupted; run the same command again to resume where it stopped"),
        // Resuming cannot help a query arXiv refuses; everything else may pass next time.
        Err(e) if matches!(e.downcast_ref::<FetchError>(), Some(FetchError::Api { .. })) => Err(e),
        Err(e) => Err(e.context("fetch stopped; run the same command again to resume where it stopped")),
    }
}

impl Fetch<'_> {
    /// Runs every search, then the id refresh. `Ok(false)` means interrupted.
    async fn fetch_all(&mut self, plan: &Plan, work: Vec<Work>) -> Result<bool> {
        let mut queue: VecDeque<Work> = work.into();
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
                if self.interrupted.load(Ordering::SeqCst) {
                    return Ok(false);
                }
                let page = pager::fetch_page(self.client, &query, start, self.page_size, known_total).await?;
                let split = if start == 0 && page.total > SPLIT_ABOVE { item.split() } else { None };
                let state = match (&split, page.last) {
                    (Some(_), _) => Progress::Split,
                    (None, true) => Progress::Done,
                    (None, false) => Progress::Partial { next_start: page.next_start, total: page.total },
                };
                for skipped in &page.skipped {
                    self.reporter.warn(&format!("skipped an entry arXiv sent: {skipped}"));
                }
                let in_window: Vec<&Paper> =
                    page.papers.iter().filter(|p| item.window.contains(p.published)).collect();
                self.store_page(&in_window, Some((&query, state)))?;
                let counts = self.counts;
                self.reporter.status(format!(
                    "page {} ({}/{} of {query}); {} new, {} updated, {} unchanged",
                    self.pages, page.next_start, page.total, counts.new, counts.updated, counts.unchanged
                ));
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
            if self.interrupted.load(Ordering::SeqCst) {
                return Ok(false);
            }
            let papers = pager::fetch_ids(self.client, batch).await?;
            self.store_page(&papers.iter().collect::<Vec<_>>(), None)?;
        }
        self.store.clear_progress(&finished_queries)?;
        Ok(true)
    }

    /// Stores one page, classified, and for a search its query's progress, in one transaction.
    fn store_page(&mut self, papers: &[&Paper], progress: Option<(&str, Progress)>) -> Result<()> {
        let mut batch = self.store.begin_import()?;
        for paper in papers {
            batch.upsert(&classified(self.classifier, PaperRow::dated((*paper).clone(), self.schedule)?))?;
        }
        if let Some((query, state)) = progress {
            batch.save_progress(query, state)?;
        }
        self.counts.add(batch.commit()?);
        self.pages += 1;
        Ok(())
    }
}

fn print_history(store: &Store) -> Result<()> {
    let runs = store.runs(50)?;
    if runs.is_empty() {
        eprintln!("papers: no fetch has run yet");
    }
    for run in runs {
        outln!(
            "#{} {} {:<11} {}: {} pages, {} new, {} updated, {} unchanged, {} retries{}",
            run.id,
            run.started,
            run.status,
            run.request,
            run.pages,
            run.new,
            run.updated,
            run.unchanged,
            run.retries,
            run.error.map(|e| format!(" ({e})")).unwrap_or_default()
        )?;
    }
    Ok(())
}
