//! The ingest engine: everything that brings papers into a [`Store`].
//!
//! One place runs a fetch (export API), a harvest (OAI-PMH), an announcement read
//! (RSS), an import (saved Atom files), a read of community signals (Hugging
//! Face's daily papers), and the re-classification of stored papers, with a newly
//! trained model among them ([`train`]). Each run reports progress through one
//! [`Observer`], stops cleanly when its [`StopFlag`] is raised, writes the run log
//! once, and returns a [`RunReport`]. Nothing here parses flags or prints: the
//! command line is one observer among others.
//!
//! [`Store`]: crate::store::Store

pub mod announced;
mod ctrl_c;
pub mod fetch;
pub mod harvest;
pub mod import;
pub mod imports;
mod report;
pub mod run_lock;
pub mod signals;
mod tracked;
pub mod train;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub use report::{Ended, RunFailure, RunOutcome, RunReport};
pub use tracked::{TrackedSpec, TrackedSpecError, UntrackError, track, untrack};

use crate::classify::importance::PaperFacts;
use crate::http::client::{ClientEvent, FetchError};
use chrono::NaiveDate;

use crate::classify::{Assessment, Classifier};
use crate::id::ArxivId;
use crate::store::{Classified, ImportCounts, PaperRow, PaperText, Store, StoreError};
use crate::week::Schedule;

/// Something a run tells its observer while it works.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A page of a fetch's search is stored: the `page`-th of the run, up to
    /// `next_start` of `total` results of `query`, with the run's counts so far.
    FetchPage { page: u64, next_start: u64, total: u64, query: String, counts: ImportCounts },
    /// A page of an OAI-PMH harvest of `set` is stored; `position` is how many
    /// records of how many the server says it has gone through, when it says.
    HarvestPage { set: String, page: u64, position: Option<(u64, u64)>, counts: ImportCounts },
    /// An announcement feed is read: `items` announcements, `missing` of them
    /// not yet stored, which are fetched from the API next.
    Announced { items: u64, missing: u64 },
    /// Hugging Face's daily papers of this day are being read.
    SignalsDay(NaiveDate),
    /// Something the user should know that does not stop the run.
    Warning(Warning),
    /// A wait or retry of the HTTP client.
    Client(ClientEvent),
    /// An import has read this many bytes of its input.
    BytesRead(u64),
}

/// Something the user should know that does not stop the run.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Something a source sent that could not be read (`problem` says why); the
    /// run goes on without it.
    Skipped { what: Unreadable, problem: String },
    /// The resumption token of the harvest of `set` expired: it starts again.
    TokenExpired { set: String },
    /// arXiv no longer accepts the resumption token of `set` (`problem` says how it
    /// refused it): the harvest starts again.
    TokenRefused { set: String, problem: String },
    /// The announcement feed `feed` holds `cap` items, as many as arXiv puts in
    /// one, so it may be cut short.
    FeedAtCap { feed: String, cap: usize },
    /// Announced papers the API returned nothing for, left out.
    NotReturned(Vec<ArxivId>),
}

/// Where a [`Warning::Skipped`] came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Unreadable {
    /// An entry of an export-API page.
    ApiEntry,
    /// A record of an OAI-PMH page.
    OaiRecord,
    /// An item of an announcement feed.
    FeedItem { feed: String },
    /// An item of Hugging Face's daily papers of a day.
    DailyPaper { day: NaiveDate },
}

/// Receives a run's [`Event`]s (a progress bar, a log, a test's recorder).
pub trait Observer: Send + Sync {
    fn event(&self, event: Event);
}

/// An observer that ignores everything.
pub struct Silent;

impl Observer for Silent {
    fn event(&self, _: Event) {}
}

/// Raised (from a signal handler, another thread, a test) to stop a run after the
/// page in hand; the run then reports itself interrupted and can be resumed.
#[derive(Debug, Clone, Default)]
pub struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    pub fn new() -> StopFlag {
        StopFlag::default()
    }

    pub fn stop(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_raised(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// What every run works with besides the store and the network.
pub struct Context<'a> {
    pub classifier: &'a Classifier,
    pub schedule: &'a Schedule,
    pub observer: &'a dyn Observer,
    pub stop: &'a StopFlag,
}

impl Context<'_> {
    fn warn(&self, warning: Warning) {
        self.observer.event(Event::Warning(warning));
    }

    /// Warns of each `problem` with what a source sent, as `what` was skipped.
    fn skipped<P: std::fmt::Display>(&self, what: Unreadable, problems: impl IntoIterator<Item = P>) {
        for problem in problems {
            self.warn(Warning::Skipped { what: what.clone(), problem: problem.to_string() });
        }
    }
}

/// The kinds of run, for errors that the CLI words with its own flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    Fetch,
    Harvest,
    Announcements,
}

impl std::fmt::Display for Work {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Work::Fetch => "nothing to fetch",
            Work::Harvest => "no set to harvest",
            Work::Announcements => "no category to read announcements for",
        })
    }
}

/// Why a run could not be set up or carried out.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The request itself is wrong (a bad set name, …).
    #[error("{0}")]
    Request(String),
    /// The RSS feed is of another day than the one asked for: it keeps only the
    /// latest announcement.
    #[error("the feed holds the announcements of {day}, not {asked}: arXiv's RSS keeps only the latest day")]
    NotThatDay { day: chrono::NaiveDate, asked: chrono::NaiveDate },
    /// Nothing was named and nothing is tracked, so the run has nothing to do.
    #[error("{0}: nothing is tracked and nothing was named")]
    NothingTracked(Work),
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Spec(#[from] TrackedSpecError),
}

/// Encodes a paper for the store with its topics and importance prior from
/// `classifier`.
pub fn classified(classifier: &Classifier, row: PaperRow) -> PaperRow {
    let assigned = stored(classifier.topics_of(row.paper()));
    row.with_topics(assigned.topics, classifier.fingerprint())
        .with_prior(assigned.prior)
        .with_near(assigned.near)
}

/// Re-computes the topics (and importance priors) of the stored papers, those
/// listed in `range` or all, handing `watch` each paper's id and the model's
/// probabilities for it.
pub fn reclassify(
    store: &mut Store,
    classifier: &Classifier,
    range: Option<(NaiveDate, NaiveDate)>,
    mut watch: impl FnMut(&str, &[f32]),
) -> Result<u64, StoreError> {
    store.reclassify(range, classifier.fingerprint(), |paper: PaperText| {
        let facts = PaperFacts {
            id: paper.id,
            title: paper.title,
            abstract_text: paper.abstract_text,
            comment: paper.comment,
            journal_ref: paper.journal_ref,
            authors: paper.authors,
        };
        stored(
            classifier
                .assess_watching(&facts, paper.categories, |probabilities| watch(paper.id, probabilities)),
        )
    })
}

/// An assessment as the store keeps it.
fn stored(assessed: Assessment) -> Classified {
    Classified {
        topics: assessed.topics.into_iter().map(|t| (t.slug, t.score)).collect(),
        near: assessed.near.map(|t| (t.slug, t.score)),
        prior: assessed.prior,
    }
}
