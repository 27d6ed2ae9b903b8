//! The read side: what the commands ask of the database, in the user's terms,
//! and the user's own hand on what it holds (manual labels, digest edits).
//!
//! Turns what a user typed (an id as written, plain words and author names,
//! topics, a section, categories, listing dates, `+topic` labels) into store
//! queries and changes; looks up papers, topics and sections; gathers why a paper
//! has its topics; says when stored topics are stale; decides which papers a
//! weekly digest shows, in what order; and finds the papers and weeks a writer's
//! edits are for. Failures become messages that say what to do next. The store's
//! query languages (SQL, FTS5) stay in the store, and nothing here formats output.

pub mod digest;
pub mod edits;
pub mod explain;
mod filter;
pub mod importance;
pub mod labels;
mod paper;
mod ranked;
mod section;
mod staleness;
mod taste;

use crate::arxiv::categories::UnknownCategory;
use crate::id::{ArxivId, IdError};
use crate::store::{SearchError, StoreError};

pub use crate::store::SortKey;
pub use filter::{ListOrder, Listed, PaperFilter};
pub use paper::find_paper;
pub use ranked::{ListedPapers, RankedPapers, by_importance, explain_importance};
pub use section::{FiledBy, check_label_topic, filed_by, find_section, resolve_topic, section_of};
pub use staleness::Staleness;
pub use taste::learn_taste;

/// Why a read could not be done.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Id(#[from] IdError),
    #[error("paper {0} is not in the database")]
    NotFound(ArxivId),
    #[error("unknown topic '{slug}'; {}the topics are {topics}", .nearest.as_ref().map(|n| format!("did you mean '{n}'? ")).unwrap_or_default())]
    UnknownTopic { slug: String, nearest: Option<String>, topics: String },
    #[error("'{typed}' is another name for the topic '{slug}'; label with +{slug}")]
    OtherName { typed: String, slug: String },
    #[error("'{0}' is not a topic slug: use up to 40 lower-case letters, digits and hyphens (e.g. robotics)")]
    BadTopicSlug(String),
    #[error("unknown section '{wanted}'; the sections are {sections}")]
    UnknownSection { wanted: String, sections: String },
    #[error("none of the topics asked for is in section '{0}'")]
    NoTopicInSection(String),
    #[error("a category filter takes one category code, not '{0}'")]
    CategoryPattern(String),
    #[error(transparent)]
    Category(#[from] UnknownCategory),
    #[error("new papers alone need a week or dates: it leaves out the papers replaced in those days")]
    NewOnlyWithoutDates,
    #[error("the dates end on {until}, before they start on {since}")]
    UntilBeforeSince { since: chrono::NaiveDate, until: chrono::NaiveDate },
    #[error("{0}")]
    Taste(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}
