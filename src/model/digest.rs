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
    /// How each paper is summarised.
    pub summary: Summary,
    /// Whether the pictures Hugging Face shows for papers are shown too.
    pub images: bool,
    /// For a draft: the best papers the digest leaves out, best first; `None`
    /// when it is not a draft.
    pub below_the_cut: Option<Vec<CutPaper>>,
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
            .field("summary", &self.summary)
            .field("images", &self.images)
            .field("below_the_cut", &self.below_the_cut)
            .finish_non_exhaustive()
    }
}

/// How a digest summarises each paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Summary {
    /// The whole abstract in short paragraphs.
    #[default]
    Full,
    /// One paragraph: Hugging Face's one-line summary when known, else the
    /// abstract's most informative sentences.
    Short,
    /// The abstract's first this many sentences, as one paragraph.
    Sentences(usize),
}

/// A count of sentences has no name.
impl super::Named for Summary {
    const NAMES: &'static [(&'static str, Summary)] = &[("full", Summary::Full), ("short", Summary::Short)];
}

impl Summary {
    /// "full", "short" or "sentences": what templates test.
    pub fn name(self) -> &'static str {
        match self {
            Summary::Full => "full",
            Summary::Short => "short",
            Summary::Sentences(_) => "sentences",
        }
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
    /// The names of the topics its papers are filed by, most papers first (at most
    /// three); those the writer moved here, or filed by no topic, are not counted.
    pub themes: Vec<String>,
}

/// A paper a draft digest lists below the cut, for the writer to swap in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CutPaper {
    pub id: String,
    /// As a person reads it.
    pub title: String,
    pub url: String,
    /// The section it would be shown under.
    pub section: String,
    /// Its importance score, rounded to hundredths.
    pub rank: f64,
    /// "▲ 123 · ★ 2.1k" when it was featured on Hugging Face.
    pub attention: Option<String>,
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
    /// The writer's own line about it (`papers note`).
    pub note: Option<String>,
    pub comment: Option<String>,
    pub journal_ref: Option<String>,
    pub dois: Vec<String>,
    pub year: i32,
    pub announced: String,
    /// The version announced in this week, for a paper first listed earlier.
    pub replaced: Option<u32>,
    /// "(v3, replaced)" for such a paper.
    pub mark: Option<String>,
    /// Its summary, made readable, as the digest's [`Summary`] says: paragraphs
    /// of the whole abstract, or one paragraph.
    pub summary: Vec<String>,
    /// The whole abstract in short paragraphs, made readable.
    #[serde(rename = "abstract")]
    pub abstract_paragraphs: Vec<String>,
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
