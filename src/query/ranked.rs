//! Ranking stored papers by [`importance`]: scoring each paper of a scan, adding
//! the authors' records where they can change the order, and `list --sort
//! importance`.
//!
//! [`importance`]: super::importance

use std::cmp::Ordering;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::NaiveDate;

use super::QueryError;
use super::importance::{
    AUTHORS_LOOKED_UP, Evidence, HISTORY_COUNT_CAP, HISTORY_LOOKUPS_PER_PLACE, HISTORY_REACH, Importance,
    fold, history_points, needs_history,
};
use crate::model::signals::ImportanceExplained;
use crate::model::{Author, StoredPaper};
use crate::store::{PaperKey, PaperQuery, ScannedPaper, SortKey, Store, StoreError};

/// A paper as ranked: how to read it back and its score.
#[derive(Debug, Clone)]
pub(crate) struct Scored {
    pub key: PaperKey,
    pub id: String,
    pub importance: Importance,
    /// As in [`StoredPaper::replaced`].
    pub replaced: Option<u32>,
    /// As in [`StoredPaper::relisted`].
    pub relisted: Option<NaiveDate>,
    /// Its listing date in the view: the replacement's for a replaced paper.
    pub listed: NaiveDate,
}

impl Scored {
    /// Most important first, ties by id.
    pub fn order(a: &Scored, b: &Scored) -> Ordering {
        b.importance.score.total_cmp(&a.importance.score).then_with(|| a.id.cmp(&b.id))
    }
}

/// Scores scanned papers; knows the authors the user tracks.
pub(crate) struct Scorer {
    /// Tracked authors' names, folded.
    tracked: Vec<String>,
}

impl Scorer {
    pub fn new(store: &Store) -> Result<Scorer, StoreError> {
        let tracked =
            store.tracked()?.into_iter().filter(|t| t.kind == "au").map(|t| fold(&t.value)).collect();
        Ok(Scorer { tracked })
    }

    /// Whether any of `authors` is tracked.
    fn tracks_any(&self, authors: &[Author]) -> bool {
        authors.iter().any(|a| self.tracked.contains(&fold(&a.name)))
    }

    /// A paper's score without its authors' record (see [`add_authors_records`]).
    pub fn score(&self, paper: &ScannedPaper<'_>) -> Result<Scored, StoreError> {
        let tracked_author = !self.tracked.is_empty() && self.tracks_any(&paper.authors()?);
        let listed = paper.relisted.unwrap_or(paper.announced);
        let evidence = Evidence {
            best_score: paper.best_topic.map(|(_, score)| score),
            comment: paper.comment,
            journal_ref: paper.journal_ref,
            abstract_text: paper.abstract_text,
            categories: paper.categories().count(),
            tracked_author,
            earlier_papers: None,
            listed: Some(listed),
            attention: paper.attention,
        };
        Ok(Scored {
            key: paper.key,
            id: paper.id.to_string(),
            importance: Importance::of(&evidence),
            replaced: paper.replaced,
            relisted: paper.relisted,
            listed,
        })
    }
}

/// Adds the authors' record to the score of every item that could reach the top
/// `top` (or the top [`HISTORY_REACH`]) with it, at most
/// [`HISTORY_LOOKUPS_PER_PLACE`] times that many: the most papers listed before it
/// by any of its first authors or its last. Leaves `items` most important first.
pub(crate) fn add_authors_records<T: AsRef<Scored> + AsMut<Scored>>(
    store: &Store,
    items: &mut [T],
    top: Option<usize>,
) -> Result<(), StoreError> {
    items.sort_by(|a, b| Scored::order(a.as_ref(), b.as_ref()));
    let place = top.unwrap_or(HISTORY_REACH);
    let cut = match items.len() > place {
        true => items.get(place.saturating_sub(1)).map(|item| item.as_ref().importance.score),
        false => None,
    };
    // In a week whose scores are close together (no community signals) nearly
    // every paper is in reach; the best placed are looked up, a few times the cut.
    let reach = items
        .iter()
        .take(place.saturating_mul(HISTORY_LOOKUPS_PER_PLACE))
        .take_while(|item| needs_history(item.as_ref().importance.score, cut))
        .count();
    let keys: Vec<PaperKey> = items[..reach].iter().map(|item| item.as_ref().key).collect();
    let listed: HashMap<&str, NaiveDate> =
        items[..reach].iter().map(|item| (item.as_ref().id.as_str(), item.as_ref().listed)).collect();
    let mut known: HashMap<(String, NaiveDate), u64> = HashMap::new();
    let mut points: HashMap<String, f64> = HashMap::new();
    for stored in store.papers_by_key(&keys)? {
        let before = listed.get(stored.paper.id.as_str()).copied().unwrap_or(stored.announced);
        let mut most = 0;
        for name in looked_up(&stored.paper.authors) {
            let count = match known.entry((name.to_string(), before)) {
                Entry::Occupied(held) => *held.get(),
                Entry::Vacant(slot) => {
                    *slot.insert(store.papers_by_author_before(name, before, HISTORY_COUNT_CAP)?)
                }
            };
            most = most.max(count);
        }
        points.insert(stored.paper.id.to_string(), history_points(most));
    }
    for item in &mut items[..reach] {
        let scored = item.as_mut();
        scored.importance.score += points.get(&scored.id).copied().unwrap_or(0.0);
    }
    // Scores only rose, and only in the prefix, whose every paper already ranked
    // above the rest: re-sorting the prefix puts the whole list in order.
    items[..reach].sort_by(|a, b| Scored::order(a.as_ref(), b.as_ref()));
    Ok(())
}

impl AsRef<Scored> for Scored {
    fn as_ref(&self) -> &Scored {
        self
    }
}

impl AsMut<Scored> for Scored {
    fn as_mut(&mut self) -> &mut Scored {
        self
    }
}

/// The papers `query` finds, most important first; its limit applies to the
/// ranking, its own sort is ignored.
pub fn by_importance(store: &Store, query: &PaperQuery) -> Result<Vec<StoredPaper>, QueryError> {
    let everything = PaperQuery { sort: SortKey::Listed, limit: None, reverse: false, ..query.clone() };
    let keys = store.paper_keys(&everything)?;
    let scorer = Scorer::new(store)?;
    let mut ranked = Vec::with_capacity(keys.len());
    store.scan_papers(&everything, &keys, |paper| -> Result<(), QueryError> {
        ranked.push(scorer.score(&paper)?);
        Ok(())
    })?;
    add_authors_records(store, &mut ranked, query.limit)?;
    if query.reverse {
        ranked.reverse();
    }
    ranked.truncate(query.limit.unwrap_or(usize::MAX));
    let views: HashMap<&str, &Scored> = ranked.iter().map(|s| (s.id.as_str(), s)).collect();
    let keys: Vec<PaperKey> = ranked.iter().map(|s| s.key).collect();
    let mut papers = store.papers_by_key(&keys)?;
    for paper in &mut papers {
        if let Some(view) = views.get(paper.paper.id.as_str()) {
            (paper.replaced, paper.relisted) = (view.replaced, view.relisted);
        }
    }
    Ok(papers)
}

/// How one stored paper's importance is made: the score and its parts, largest
/// first (its authors' record always looked up).
pub fn explain_importance(store: &Store, stored: &StoredPaper) -> Result<ImportanceExplained, QueryError> {
    let scorer = Scorer::new(store)?;
    let paper = &stored.paper;
    let mut most = 0;
    for name in looked_up(&paper.authors) {
        most = most.max(store.papers_by_author_before(name, stored.announced, HISTORY_COUNT_CAP)?);
    }
    let evidence = Evidence {
        best_score: stored.topics.first().map(|t| t.score),
        comment: paper.comment.as_deref(),
        journal_ref: paper.journal_ref.as_deref(),
        abstract_text: &paper.abstract_text,
        categories: paper.categories.len(),
        tracked_author: scorer.tracks_any(&paper.authors),
        earlier_papers: Some(most),
        listed: Some(stored.listed_in_view()),
        attention: stored.signals.as_ref().map(|s| s.attention()),
    };
    let score = (Importance::of(&evidence).score * 100.0).round() / 100.0;
    Ok(ImportanceExplained { score, parts: Importance::explain(&evidence) })
}

/// The authors whose records count: the first few and the last.
fn looked_up(authors: &[Author]) -> impl Iterator<Item = &str> {
    let last = authors.len().saturating_sub(1);
    authors
        .iter()
        .enumerate()
        .filter(move |(i, _)| *i < AUTHORS_LOOKED_UP || *i == last)
        .map(|(_, a)| a.name.as_str())
}
