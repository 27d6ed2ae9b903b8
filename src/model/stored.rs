//! What the store gives back when it reads a paper: the newest version's metadata
//! plus what was derived on the way in (listing date, week, versions, topics,
//! announcements), and the manual labels a user gave it.

use chrono::{DateTime, NaiveDate, Utc};

use super::Paper;
use super::signals::{CommunitySignals, Prior};
use crate::id::ArxivId;
use crate::week::IsoWeek;

/// One version known for a stored paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRecord {
    pub version: u32,
    /// When that version was submitted, if a source told us.
    pub submitted: Option<DateTime<Utc>>,
    /// Its listing date: from the announcement feed when `announce_type` is set,
    /// else estimated from the submission time.
    pub announced: Option<NaiveDate>,
    /// What the announcement feed called it (new, cross, replace, replace-cross).
    pub announce_type: Option<String>,
}

/// A paper as stored: the newest version's metadata plus what the store derived.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPaper {
    pub paper: Paper,
    /// The listing date (the day arXiv announced it).
    pub announced: NaiveDate,
    pub week: IsoWeek,
    /// Known versions, oldest first.
    pub versions: Vec<VersionRecord>,
    /// Topics, best first (manual ones last).
    pub topics: Vec<StoredTopic>,
    /// The taxonomy fingerprint behind `topics`; `None` if never classified.
    pub topics_hash: Option<String>,
    /// In a view of listing dates: the version announced in them when the paper
    /// itself was listed earlier (a replacement), else `None`.
    pub replaced: Option<u32>,
    /// With `replaced`: the day that version was listed, which is when the view
    /// lists the paper.
    pub relisted: Option<NaiveDate>,
    /// What the announcement feed reported, oldest first (filled by `Store::paper`).
    pub announcements: Vec<AnnouncementRecord>,
    /// What Hugging Face's community made of it, if it was featured there.
    pub signals: Option<CommunitySignals>,
    /// Its importance prior, when it was classified with one.
    pub prior: Option<Prior>,
    /// The topic it came nearest to without getting it (halfway to the threshold
    /// or more), which files it under a section when none of its topics does.
    pub near_topic: Option<StoredTopic>,
}

impl StoredPaper {
    /// The day the view lists the paper: its replacement's listing day when it is
    /// there as a replacement, else its own.
    pub fn listed_in_view(&self) -> NaiveDate {
        self.relisted.unwrap_or(self.announced)
    }
}

/// One announcement of a paper, as the RSS feed gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnouncementRecord {
    pub announced: NaiveDate,
    pub version: u32,
    pub announce_type: String,
}

/// One topic of a stored paper.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredTopic {
    pub slug: String,
    pub score: f64,
    /// Added by a manual label rather than the classifier.
    pub manual: bool,
}

/// "(v3, replaced)": how views mark a paper listed again for a new version.
pub fn replaced_mark(version: u32) -> String {
    format!("(v{version}, replaced)")
}

/// A stored paper with the manual labels given to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledPaper {
    pub id: ArxivId,
    pub title: String,
    pub abstract_text: String,
    pub categories: Vec<String>,
    /// Topics labelled on (`+topic`) and off (`-topic`).
    pub added: Vec<String>,
    pub removed: Vec<String>,
}
