//! The weekly digest as the query layer hands it to the renderers: the week's
//! counts, its sections in order, and a source that gives each section's papers,
//! already ranked, numbered and summarised, a page at a time.
//!
//! The papers are not held here: a week can have thousands, and the renderers
//! ask for them as they write, so a digest of any size renders in bounded memory.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::model::signals::CommunitySignals;
use crate::week::IsoWeek;

/// Title of the section for papers whose topics are in no section.
pub const OTHER_SECTION: &str = "Other papers";

/// One week's digest: what it counts and how it is divided; the papers come from
/// [`Digest::papers`].
#[derive(Clone)]
pub struct Digest {
    pub week: IsoWeek,
    /// Every paper listed (or replaced) in the week, shown or not.
    pub papers_in_week: usize,
    /// The commonest primary categories of those papers, most papers first.
    pub top_categories: Vec<String>,
    /// The sections shown, in order, each with at least one paper.
    pub sections: Vec<DigestSection>,
    /// Days of the week whose community signals (Hugging Face's daily papers) were
    /// read; none means the ranking had only the papers' own signals.
    pub signal_days: usize,
    /// Papers of the week (shown or not) whose community attention counted.
    pub featured: usize,
    /// Where the sections' papers come from.
    pub papers: Arc<dyn DigestPapers>,
}

impl Digest {
    /// How many papers the digest shows, over all its sections.
    pub fn papers_shown(&self) -> usize {
        self.sections.iter().map(|s| s.size).sum()
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Digest")
            .field("week", &self.week)
            .field("papers_in_week", &self.papers_in_week)
            .field("top_categories", &self.top_categories)
            .field("sections", &self.sections)
            .field("signal_days", &self.signal_days)
            .field("featured", &self.featured)
            .finish_non_exhaustive()
    }
}

/// A section of the digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSection {
    /// From 1, in digest order.
    pub number: usize,
    pub name: String,
    /// How many papers it shows.
    pub size: usize,
}

/// One paper as the digest shows it; the field names are part of the JSON and
/// template contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DigestPaper {
    /// "1.2": section and place in it.
    pub number: String,
    pub id: String,
    pub version: u32,
    /// As a person reads it (TeX made readable).
    pub title: String,
    /// As arXiv has it, TeX and all.
    pub title_raw: String,
    pub url: String,
    pub authors: Vec<String>,
    /// "A, B, C, et al.".
    pub authors_short: String,
    pub primary_category: String,
    pub categories: Vec<String>,
    pub topic: String,
    pub topics: Vec<String>,
    /// Its importance score (see `query::importance`), rounded to hundredths.
    pub rank: f64,
    /// "▲ 123 · ★ 2.1k" when it was featured on Hugging Face.
    pub attention: Option<String>,
    /// What Hugging Face's community made of it.
    pub signals: Option<CommunitySignals>,
    /// The part of the comment or journal ref that names a venue.
    pub venue: Option<String>,
    pub code_url: Option<String>,
    /// Whether the writer picked it for the week (`papers pick`).
    pub picked: bool,
    pub comment: Option<String>,
    pub journal_ref: Option<String>,
    pub dois: Vec<String>,
    pub year: i32,
    pub announced: String,
    /// The version announced in this week, for a paper first listed earlier.
    pub replaced: Option<u32>,
    /// "(v3, replaced)" for such a paper.
    pub mark: Option<String>,
    /// The abstract in short paragraphs (or its first K sentences), made readable.
    pub summary: Vec<String>,
    /// The abstract as arXiv has it.
    pub abstract_raw: String,
    /// A citation key unique within the digest.
    pub bibtex_key: String,
}

/// How many papers renderers ask for at once (a page); sources may prepare the
/// next page of this size while the last is being written.
pub const PAGE: usize = 256;

/// Why a digest's papers could not be had (a database error, say).
pub type PapersError = Box<dyn std::error::Error + Send + Sync>;

/// Hands out a digest's papers on demand.
pub trait DigestPapers: Send + Sync {
    /// The papers at positions `range` of section `section` (an index into
    /// [`Digest::sections`]), in digest order. The same paper comes back the same
    /// whenever and in whatever order it is asked for.
    fn papers(&self, section: usize, range: Range<usize>) -> Result<Vec<DigestPaper>, PapersError>;
}

/// Papers already in memory, one list per section: for small digests and tests.
impl DigestPapers for Vec<Vec<DigestPaper>> {
    fn papers(&self, section: usize, range: Range<usize>) -> Result<Vec<DigestPaper>, PapersError> {
        let papers = self.get(section).map(Vec::as_slice).unwrap_or_default();
        let range = range.start.min(papers.len())..range.end.min(papers.len());
        Ok(papers[range].to_vec())
    }
}
