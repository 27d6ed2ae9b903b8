//! The digest's papers read back from the store a page at a time, as the
//! renderers ask for them: only the ranked candidates stay in memory, never the week's
//! abstracts. While one page is being written, the next ones are made on a
//! second thread.

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::Candidate;
use super::entry::{abs_url, entry};
use super::keys::BibKeys;
use crate::model::StoredPaper;
use crate::model::digest::{CutPaper, DigestPaper, DigestPapers, PAGE, PapersError, Summary};
use crate::model::signals::attention_badge;
use crate::query::ranked::rounded;
use crate::store::{PaperKey, Store, StoreError};
use crate::tex;

/// Pages made ahead of the renderer.
const AHEAD: usize = 2;

/// The candidates shown in each section, and the store to read them from.
pub(super) struct StorePapers {
    inner: Arc<Inner>,
    /// The thread making the pages the renderer will ask for next if it goes on
    /// in order; started with the first request.
    ahead: Mutex<Option<Ahead>>,
    /// The citation keys given so far, in digest order.
    keys: Mutex<(Vec<String>, BibKeys)>,
}

/// A page: a section and a range of places in it.
type Page = (usize, Range<usize>);

/// The read-ahead thread's two ends, and the pages asked of it, oldest first. It
/// stops when the sending end is dropped.
struct Ahead {
    asks: Sender<Page>,
    made: Receiver<Result<Vec<DigestPaper>, StoreError>>,
    pending: VecDeque<Page>,
}

impl Ahead {
    fn start(inner: Arc<Inner>) -> Ahead {
        let (asks, asked) = channel::<Page>();
        let (give, made) = channel();
        std::thread::spawn(move || {
            for (section, range) in asked {
                if give.send(inner.make(section, range, false)).is_err() {
                    break;
                }
            }
        });
        Ahead { asks, made, pending: VecDeque::new() }
    }

    /// The made page, if it is `wanted`; pages asked before it are dropped.
    fn take(&mut self, wanted: &Page) -> Option<Result<Vec<DigestPaper>, StoreError>> {
        while let Some(page) = self.pending.pop_front() {
            // A closed channel means the thread died (a panic in `entry`): make it here.
            let made = self.made.recv().ok()?;
            if page == *wanted {
                return Some(made);
            }
        }
        None
    }
}

struct Inner {
    store: Mutex<Store>,
    sections: Vec<Vec<Candidate>>,
    /// Where each section starts in digest order.
    starts: Vec<usize>,
    summary: Summary,
}

impl StorePapers {
    pub(super) fn new(store: Store, sections: Vec<Vec<Candidate>>, summary: Summary) -> StorePapers {
        let starts = sections
            .iter()
            .scan(0, |next, chosen| {
                let start = *next;
                *next += chosen.len();
                Some(start)
            })
            .collect();
        let inner = Inner { store: Mutex::new(store), sections, starts, summary };
        StorePapers {
            inner: Arc::new(inner),
            ahead: Mutex::new(None),
            keys: Mutex::new((Vec::new(), BibKeys::default())),
        }
    }

    /// The page after `range` of `section`: the rest of the section, a page at a
    /// time, then the next section's first page.
    fn next_page(&self, section: usize, range: &Range<usize>) -> Option<Page> {
        let sections = &self.inner.sections;
        let (section, start) = match range.end < sections[section].len() {
            true => (section, range.end),
            false => (section + 1, 0),
        };
        let size = sections.get(section)?.len();
        Some((section, start..(start + PAGE).min(size)))
    }

    /// Numbers the entries of `range` of `section` and gives them citation keys,
    /// the same as before if they had some. Every earlier paper must have its key.
    fn number(&self, section: usize, range: &Range<usize>, entries: &mut [DigestPaper]) {
        let first = self.inner.starts[section] + range.start;
        let mut keys = lock(&self.keys);
        let (given, bib) = &mut *keys;
        for (i, paper) in entries.iter_mut().enumerate() {
            paper.number = format!("{}.{}", section + 1, range.start + i + 1);
            paper.bibtex_key = match given.get(first + i) {
                Some(key) => key.clone(),
                None => {
                    let key = bib.next(&paper.authors, paper.year, &paper.title);
                    given.push(key.clone());
                    key
                }
            };
        }
    }
}

impl Inner {
    /// The section and place of the paper at `position` in digest order.
    fn locate(&self, position: usize) -> Option<(usize, usize)> {
        let section = self.starts.partition_point(|start| *start <= position).checked_sub(1)?;
        let index = position - self.starts[section];
        (index < self.sections[section].len()).then_some((section, index))
    }

    /// The entries of `range` of `section`, not yet numbered, their summaries made
    /// on two threads if `split`.
    fn make(&self, section: usize, range: Range<usize>, split: bool) -> Result<Vec<DigestPaper>, StoreError> {
        let chosen = &self.sections[section][range];
        let keys: Vec<PaperKey> = chosen.iter().map(|p| p.scored.key).collect();
        let stored = lock(&self.store).papers_by_key(&keys)?;
        if stored.len() != chosen.len() {
            let gone = chosen.iter().find(|p| !stored.iter().any(|s| s.paper.id.as_str() == p.scored.id));
            let id = gone.map_or("", |p| p.scored.id.as_str());
            return Err(StoreError::Corrupt(format!("paper {id} was removed while the digest was made")));
        }
        let make = |part: &[StoredPaper], candidates: &[Candidate]| -> Vec<DigestPaper> {
            part.iter().zip(candidates).map(|(s, candidate)| entry(s, candidate, self.summary)).collect()
        };
        if !split {
            return Ok(make(&stored, chosen));
        }
        let half = stored.len() / 2;
        Ok(std::thread::scope(|scope| {
            let other = scope.spawn(|| make(&stored[half..], &chosen[half..]));
            let mut entries = make(&stored[..half], &chosen[..half]);
            entries.extend(other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
            entries
        }))
    }
}

impl DigestPapers for StorePapers {
    fn papers(&self, section: usize, range: Range<usize>) -> Result<Vec<DigestPaper>, PapersError> {
        let Some(chosen) = self.inner.sections.get(section) else {
            return Ok(Vec::new());
        };
        let range = range.start.min(chosen.len())..range.end.min(chosen.len());
        if range.is_empty() {
            return Ok(Vec::new());
        }
        // One request at a time, so keys are handed out in order.
        let mut ahead = lock(&self.ahead);
        let ahead = ahead.get_or_insert_with(|| Ahead::start(Arc::clone(&self.inner)));
        let page = (section, range);
        let mut made = match ahead.take(&page) {
            Some(made) => made?,
            None => {
                // Asked out of order: first give the earlier papers their keys.
                let first = self.inner.starts[section] + page.1.start;
                loop {
                    let given = lock(&self.keys).0.len();
                    let Some((s, i)) = self.inner.locate(given).filter(|_| given < first) else {
                        break;
                    };
                    let end = (i + PAGE).min(self.inner.sections[s].len());
                    let end = if s == section { end.min(page.1.start) } else { end };
                    let mut earlier = self.inner.make(s, i..end, true)?;
                    self.number(s, &(i..end), &mut earlier);
                }
                self.inner.make(section, page.1.clone(), true)?
            }
        };
        self.number(section, &page.1, &mut made);
        let mut last = ahead.pending.back().cloned().unwrap_or(page);
        while ahead.pending.len() < AHEAD {
            let Some(next) = self.next_page(last.0, &last.1) else {
                break;
            };
            if ahead.asks.send(next.clone()).is_err() {
                break;
            }
            ahead.pending.push_back(next.clone());
            last = next;
        }
        Ok(made)
    }
}

/// The papers a draft lists below the cut, in the order given; `names` are the
/// sections' names by index.
pub(super) fn below_the_cut(
    store: &Store,
    candidates: &[Candidate],
    names: &[&str],
) -> Result<Vec<CutPaper>, StoreError> {
    let keys: Vec<PaperKey> = candidates.iter().map(|c| c.scored.key).collect();
    let stored = store.papers_by_key(&keys)?;
    Ok(candidates
        .iter()
        .filter_map(|candidate| {
            let paper = stored.iter().find(|s| s.paper.id.as_str() == candidate.scored.id)?;
            Some(CutPaper {
                id: candidate.scored.id.clone(),
                title: tex::clean(&paper.paper.title).into_owned(),
                url: abs_url(&candidate.scored.id),
                section: names[candidate.section].to_string(),
                rank: rounded(candidate.scored.importance.score),
                attention: paper.signals.as_ref().map(attention_badge),
            })
        })
        .collect())
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
