//! The ingest engine through the library alone (no binary): fetch runs against the
//! mock export API with an in-memory store, an observer and a stop flag.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Duration as Span;
use papers::arxiv::client::{ArxivClient, ArxivUrls};
use papers::classify::{Classifier, Taxonomy};
use papers::http::client::{ClientConfig, HttpClient, Limiter, RetryPolicy};
use papers::ingest::fetch::{Period, Plan, Selection, fetch, plan};
use papers::ingest::{Context, Event, Observer, RunReport, StopFlag};
use papers::store::{RunStatus, Store};
use papers::week::{IsoWeek, Schedule};

use crate::mock_arxiv::{Fault, MockArxiv, corpus};

/// 2024-W21 lists v1 submissions from 2024-05-16T18:00Z to 2024-05-23T18:00Z.
fn mock() -> MockArxiv {
    MockArxiv::start(corpus("2024-05-14T18:00:00Z", Span::minutes(37), 430))
}

fn expected(mock: &MockArxiv) -> usize {
    // Every third paper of the corpus is cs.CV only.
    mock.ids_between("2024-05-16T18:00:00Z", "2024-05-23T18:00:00Z")
        .iter()
        .filter(|id| id.rsplit('.').next().and_then(|n| n.parse::<usize>().ok()).is_some_and(|n| n % 3 != 0))
        .count()
}

fn client(mock: &MockArxiv, timeout: Duration) -> ArxivClient {
    let config = ClientConfig {
        retry: RetryPolicy {
            attempts: 5,
            base: Duration::from_millis(5),
            max: Duration::from_millis(20),
            quick: Duration::from_millis(5),
            max_asked: Duration::from_millis(20),
        },
        timeout,
    };
    let urls = ArxivUrls {
        api: mock.url.clone(),
        oai: format!("{}/oai", mock.base),
        rss: format!("{}/rss", mock.base),
    };
    let http = HttpClient::new(config, Arc::new(Limiter::new(Duration::ZERO))).expect("http");
    ArxivClient::new(http, urls).expect("client")
}

/// Records events; raises the stop flag after `stop_after` statuses (pages).
struct Recorder {
    events: Mutex<Vec<Event>>,
    stop: StopFlag,
    stop_after: Option<usize>,
}

impl Observer for Recorder {
    fn event(&self, event: Event) {
        let mut events = self.events.lock().expect("lock");
        events.push(event);
        let pages = events.iter().filter(|e| matches!(e, Event::FetchPage { .. })).count();
        if self.stop_after.is_some_and(|n| pages >= n) {
            self.stop.stop();
        }
    }
}

struct Run {
    store: Store,
    classifier: Classifier,
    schedule: Schedule,
}

impl Run {
    fn new() -> Run {
        Run {
            store: Store::open_in_memory().expect("store"),
            classifier: Classifier::new(Taxonomy::builtin().expect("taxonomy")),
            schedule: Schedule::default(),
        }
    }

    fn plan(&self) -> Plan {
        let selection = Selection::Named {
            categories: vec!["cs.CL".into(), "cs.LG".into()],
            query: None,
            author: None,
            ids: Vec::new(),
        };
        plan(&self.store, &self.schedule, Period::Week(IsoWeek::new(2024, 21).expect("week")), &selection)
            .expect("plan")
    }

    /// One fetch of the week at 50 a page.
    fn fetch(&mut self, client: &ArxivClient, observer: &Recorder) -> Result<RunReport, String> {
        let plan = self.plan();
        let context = Context {
            classifier: &self.classifier,
            schedule: &self.schedule,
            observer,
            stop: &observer.stop,
        };
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime
            .block_on(fetch(&mut self.store, client, &context, &plan, 50))
            .map_err(|failed| papers::error_chain(&failed.error))
    }

    fn stored(&self) -> usize {
        self.store.stats(0).expect("stats").papers as usize
    }
}

fn recorder(stop_after: Option<usize>) -> Recorder {
    Recorder { events: Mutex::new(Vec::new()), stop: StopFlag::new(), stop_after }
}

#[test]
fn a_raised_stop_flag_interrupts_after_the_page_and_the_next_run_resumes() {
    let mock = mock();
    let client = client(&mock, Duration::from_secs(10));
    let mut run = Run::new();
    let report = run.fetch(&client, &recorder(Some(2))).expect("interrupted, not failed");
    assert_eq!(report.status, RunStatus::Interrupted);
    assert_eq!((report.pages, report.counts.new), (2, 100));
    assert_eq!(run.stored(), 100);
    // The mock logs a request after answering it, so count the first run's requests
    // from its report rather than from the log, which may still be one short.
    let before = report.requests as usize;
    let report = run.fetch(&client, &recorder(None)).expect("completes");
    assert_eq!(report.status, RunStatus::Done);
    assert_eq!(mock.requests()[before].param("start"), Some("100"), "resumes after the stored pages");
    assert_eq!(run.stored(), expected(&mock));
    let log = run.store.runs(10).expect("runs");
    assert_eq!(log.iter().map(|r| r.status).collect::<Vec<_>>(), [RunStatus::Done, RunStatus::Interrupted]);
}

#[test]
fn a_failed_page_keeps_the_pages_before_it_for_the_next_run() {
    let mock = mock();
    let client = client(&mock, Duration::from_secs(10));
    let mut run = Run::new();
    mock.fail_next([Fault::Pass, Fault::Pass, Fault::BadRequest]);
    let error = run.fetch(&client, &recorder(None)).expect_err("the third page fails");
    assert!(error.contains("400"), "{error}");
    assert_eq!(run.stored(), 100, "two pages were kept");
    run.fetch(&client, &recorder(None)).expect("resumes");
    assert_eq!(run.stored(), expected(&mock));
}

#[test]
fn a_window_over_the_offset_cap_is_split_by_day() {
    let mock = mock();
    mock.inflate_wide_totals(9_500);
    let mut run = Run::new();
    run.fetch(&client(&mock, Duration::from_secs(10)), &recorder(None)).expect("fetch");
    assert_eq!(run.stored(), expected(&mock));
    let queries: Vec<String> =
        mock.requests().iter().filter_map(|r| r.param("search_query").map(str::to_string)).collect();
    assert!(queries.iter().any(|q| q.contains("[202405170000 TO 202405180000]")), "{queries:?}");
}

#[test]
fn every_fault_is_retried_and_the_result_is_the_same() {
    let mock = mock();
    // Five tries per request: no more than four faults in a row. The mock answers
    // one connection at a time, so the retry after the timed-out answer waits for
    // its sleep to end: the slow answer outlasts the timeout by a little, and the
    // quick one leaves that retry most of the timeout, however busy the machine.
    mock.fail_next([
        Fault::RateLimited,
        Fault::Unavailable,
        Fault::EmptyBody,
        Fault::NotXml,
        Fault::Pass,
        Fault::Truncated,
        Fault::Reset,
        Fault::Slow(Duration::from_millis(1600)),
        Fault::Slow(Duration::from_millis(10)),
        Fault::ShortPage,
        Fault::Pass,
        Fault::EmptyPage,
        Fault::Pass,
    ]);
    let mut run = Run::new();
    let observer = recorder(None);
    let report = run.fetch(&client(&mock, Duration::from_millis(1500)), &observer).expect("fetch");
    assert_eq!(run.stored(), expected(&mock), "complete, and no duplicates");
    // Four pages plus one retry per fault but the quick slow answer.
    assert_eq!((report.pages, report.requests, report.retries), (4, 13, 9));
    let events = observer.events.lock().expect("lock");
    let pages: Vec<(u64, u64, u64)> = events
        .iter()
        .filter_map(|e| match e {
            Event::FetchPage { page, next_start, total, .. } => Some((*page, *next_start, *total)),
            _ => None,
        })
        .collect();
    assert_eq!(pages.len(), 4, "one event a page: {pages:?}");
    assert!(pages.iter().enumerate().all(|(n, (page, _, _))| *page == n as u64 + 1), "{pages:?}");
    assert!(
        pages.last().is_some_and(|(_, next, total)| next == total),
        "the last page ends the results: {pages:?}"
    );
}
