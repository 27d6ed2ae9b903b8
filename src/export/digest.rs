//! The digest as the renderers show it: the model's [`Digest`] with its title,
//! introduction and listing days spelled out, and each section's papers asked
//! for a page at a time while the output is written, for templates (a lazy
//! sequence) and for JSON (a streamed array) alike.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{Datelike, Days};
use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectRepr, Serde};
use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::model::digest::{CutPaper, Digest, DigestPaper, DigestPapers, OTHER_SECTION, PAGE, PapersError};
use crate::wording::{plural, thousands};

/// "Top papers for the week from 20/05 to 26/05, 2024".
pub fn title(digest: &Digest) -> String {
    let (monday, sunday) = (digest.week.monday(), digest.week.sunday());
    format!(
        "Top papers for the week from {} to {}, {}",
        monday.format("%d/%m"),
        sunday.format("%d/%m"),
        sunday.year()
    )
}

/// "arXiv listings of Monday 20 May – Friday 24 May 2024 · 12 papers in cs.CL, cs.LG · 12 shown in 4 sections".
pub fn intro(digest: &Digest) -> String {
    let monday = digest.week.monday();
    let friday = monday + Days::new(4);
    let categories = match digest.top_categories.is_empty() {
        true => "no category".to_string(),
        false => digest.top_categories.join(", "),
    };
    format!(
        "arXiv listings of {} – {} · {} in {} · {} shown in {}",
        monday.format("%A %-d %B"),
        friday.format("%A %-d %B %Y"),
        plural(digest.papers_in_week as u64, "paper"),
        categories,
        thousands(digest.papers_shown() as u64),
        plural(digest.sections.len() as u64, "section"),
    )
}

/// "Week 21 of 2024 in 20 papers: reasoning & planning and benchmarks & evaluation
/// (6); agents & tool use (7); other papers (1).": the week and what its sections
/// are about, in section order.
pub fn themes(digest: &Digest) -> String {
    let shown = digest.papers_shown();
    let week = format!("Week {} of {}", digest.week.week(), digest.week.year());
    if shown == 0 {
        return format!("{week}: no papers.");
    }
    let parts: Vec<String> = digest
        .sections
        .iter()
        .map(|section| {
            let about = match (section.themes.is_empty(), section.name == OTHER_SECTION) {
                (_, true) => "other papers".to_string(),
                (true, false) => section.name.clone(),
                (false, false) => {
                    let names: Vec<String> = section.themes.iter().map(|t| lower_first(t)).collect();
                    match names.split_last() {
                        Some((last, [])) => last.clone(),
                        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                        None => String::new(),
                    }
                }
            };
            format!("{about} ({})", section.size)
        })
        .collect();
    format!("{week} in {}: {}.", plural(shown as u64, "paper"), parts.join("; "))
}

/// "Agents & tool use" → "agents & tool use", but "RAG" stays "RAG".
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(name[first.len_utf8()..].chars()).collect()
        }
        _ => name.to_string(),
    }
}

/// How the papers were ranked, and whether community signals were there to rank by.
pub fn ranking(digest: &Digest) -> String {
    match (digest.signal_days, digest.featured) {
        (0, 0) => "Community signals were not fetched for this week: papers are ranked by how much they read like a curator's pick and by their chance of being featured on Hugging Face (from their words, authors and metadata).".to_string(),
        (days, featured) => format!(
            "Ranked by importance: how much each paper reads like a curator's pick, and Hugging Face's community attention: featured or not, upvotes and comments ({} featured, {} of 7 days read).",
            plural(featured as u64, "paper"),
            days.min(7)
        ),
    }
}

/// The digest's fields in their documented order; `S` is how a section's papers
/// appear.
#[derive(Serialize)]
pub(super) struct View<'d, S> {
    week: String,
    title: String,
    intro: String,
    /// The week and what its sections are about.
    themes: String,
    ranking: String,
    /// How each paper is summarised: "full", "short" or "sentences".
    summary: &'static str,
    /// Whether the pictures Hugging Face shows for papers are to be shown.
    images: bool,
    /// Whether it is a draft: scores shown, and the papers below the cut.
    draft: bool,
    /// Days of the week whose community signals were read (0 to 7).
    signal_days: usize,
    /// Papers of the week whose community attention counted.
    featured: usize,
    first_listing: String,
    last_listing: String,
    papers_in_week: usize,
    papers_shown: usize,
    top_categories: &'d [String],
    sections: Vec<SectionView<'d, S>>,
    /// For a draft: the best papers left out, best first.
    #[serde(skip_serializing_if = "Option::is_none")]
    below_the_cut: Option<&'d [CutPaper]>,
}

#[derive(Serialize)]
pub(super) struct SectionView<'d, S> {
    number: usize,
    name: &'d str,
    themes: &'d [String],
    papers: S,
}

/// The first error met while fetching papers; rendering reports it in place of
/// the cut-short output.
pub(super) type Failure = Arc<Mutex<Option<PapersError>>>;

fn fail(failure: &Failure, error: PapersError) {
    let mut slot = failure.lock().unwrap_or_else(PoisonError::into_inner);
    slot.get_or_insert(error);
}

impl<'d, S> View<'d, S> {
    /// The view of `digest` whose section number `i` shows its papers as `papers(i, size)`.
    pub(super) fn new(digest: &'d Digest, mut papers: impl FnMut(usize, usize) -> S) -> View<'d, S> {
        let monday = digest.week.monday();
        View {
            week: digest.week.to_string(),
            title: title(digest),
            intro: intro(digest),
            themes: themes(digest),
            ranking: ranking(digest),
            summary: digest.summary.name(),
            images: digest.images,
            draft: digest.below_the_cut.is_some(),
            signal_days: digest.signal_days,
            featured: digest.featured,
            first_listing: monday.to_string(),
            last_listing: (monday + Days::new(4)).to_string(),
            papers_in_week: digest.papers_in_week,
            papers_shown: digest.papers_shown(),
            top_categories: &digest.top_categories,
            sections: digest
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| SectionView {
                    number: s.number,
                    name: &s.name,
                    themes: &s.themes,
                    papers: papers(i, s.size),
                })
                .collect(),
            below_the_cut: digest.below_the_cut.as_deref(),
        }
    }
}

/// A section's papers as a JSON array, fetched page by page while it is written.
pub(super) struct JsonPapers {
    source: Arc<dyn DigestPapers>,
    section: usize,
    size: usize,
    failure: Failure,
}

impl JsonPapers {
    pub(super) fn new(digest: &Digest, failure: &Failure, section: usize, size: usize) -> JsonPapers {
        JsonPapers { source: Arc::clone(&digest.papers), section, size, failure: Arc::clone(failure) }
    }
}

impl Serialize for JsonPapers {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let mut seq = serializer.serialize_seq(Some(self.size))?;
        for start in (0..self.size).step_by(PAGE) {
            let page = match self.source.papers(self.section, start..(start + PAGE).min(self.size)) {
                Ok(page) => page,
                Err(error) => {
                    let message = error.to_string();
                    fail(&self.failure, error);
                    return Err(Z::Error::custom(message));
                }
            };
            for paper in &page {
                seq.serialize_element(paper)?;
            }
        }
        seq.end()
    }
}

/// A section's papers for templates: a sequence that knows its length and fetches
/// its papers page by page as a loop walks it (or one by one when indexed).
pub(super) struct TemplatePapers {
    source: Arc<dyn DigestPapers>,
    section: usize,
    size: usize,
    failure: Failure,
}

impl std::fmt::Debug for TemplatePapers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TemplatePapers").field("section", &self.section).field("size", &self.size).finish()
    }
}

impl TemplatePapers {
    pub(super) fn value(digest: &Digest, failure: &Failure, section: usize, size: usize) -> Value {
        Value::from_object(TemplatePapers {
            source: Arc::clone(&digest.papers),
            section,
            size,
            failure: Arc::clone(failure),
        })
    }
}

impl Object for TemplatePapers {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let index = key.as_usize().filter(|i| *i < self.size)?;
        match self.source.papers(self.section, index..index + 1) {
            Ok(mut one) => one.pop().map(|paper| Value::from(Serde(paper))),
            Err(error) => {
                fail(&self.failure, error);
                None
            }
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Iter(Box::new(Pages { papers: Arc::clone(self), next: 0, page: Vec::new().into_iter() }))
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.size)
    }
}

/// A walk over a section's papers, one page held at a time.
struct Pages {
    papers: Arc<TemplatePapers>,
    /// The position of the first paper after `page`.
    next: usize,
    page: std::vec::IntoIter<DigestPaper>,
}

impl Iterator for Pages {
    type Item = Value;

    fn next(&mut self) -> Option<Value> {
        if self.page.len() == 0 && self.next < self.papers.size {
            let range = self.next..(self.next + PAGE).min(self.papers.size);
            self.next = range.end;
            match self.papers.source.papers(self.papers.section, range) {
                Ok(page) => self.page = page.into_iter(),
                Err(error) => {
                    fail(&self.papers.failure, error);
                    self.next = self.papers.size;
                }
            }
        }
        self.page.next().map(|paper| Value::from(Serde(paper)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.page.len() + (self.papers.size - self.next);
        (left, Some(left))
    }
}

/// A writer that keeps the first I/O error it meets, so that a closed pipe is
/// reported as such rather than as a template failure.
pub(super) struct KeepError<W> {
    pub(super) inner: W,
    pub(super) error: Option<std::io::Error>,
}

impl<W: Write> Write for KeepError<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.keep(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().map_err(|e| self.keep(e))
    }
}

impl<W> KeepError<W> {
    fn keep(&mut self, error: std::io::Error) -> std::io::Error {
        let kind = error.kind();
        self.error.get_or_insert(error);
        std::io::Error::from(kind)
    }
}
