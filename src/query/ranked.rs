//! Ranking stored papers by [`importance`]: scoring each paper of a scan from what
//! is stored with it, then refining the best placed with what costs more to work
//! out (the database's own authors' record, the writer's taste), and `list --sort
//! importance` (and the papers a list shows, in whichever order).
//!
//! [`importance`]: super::importance

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::QueryError;
use super::importance::{Evidence, Importance, fold, record_bound};
use crate::classify::importance::PaperFacts;
use crate::classify::importance::record::{Counts, distinct_keys, record_features};
use crate::classify::importance::taste::{AlignedTaste, Taste};
use crate::classify::importance::{ImportanceModel, Ranking, builtin};
use crate::classify::{Classifier, Document};
use crate::model::signals::{ImportanceExplained, Prior};
use crate::model::{Paper, StoredPaper};
use crate::store::{Matches, PaperKey, PaperQuery, ScannedPaper, SortKey, Store, StoreError};

/// Papers refined: those that can reach this place, when no place is asked for.
pub const REFINE_REACH: usize = 200;
/// ... but no more papers than this many times the place.
pub const REFINED_PER_PLACE: usize = 10;

/// A paper as ranked: how to read it back, its score and what it was made from.
#[derive(Debug, Clone)]
pub(crate) struct Scored {
    pub key: PaperKey,
    pub id: String,
    pub importance: Importance,
    pub evidence: Evidence,
    /// As in [`StoredPaper::replaced`].
    pub replaced: Option<u32>,
    /// As in [`StoredPaper::relisted`].
    pub relisted: Option<NaiveDate>,
}

impl Scored {
    /// Most important first, ties by id.
    pub fn order(a: &Scored, b: &Scored) -> Ordering {
        b.importance.score.total_cmp(&a.importance.score).then_with(|| a.id.cmp(&b.id))
    }
}

/// The ranking's weights: the shipped model's. Without one (a build without
/// `data/importance.bin`) every weight is 0 and papers are ranked by id.
fn ranking() -> &'static Ranking {
    static NONE: std::sync::LazyLock<Ranking> = std::sync::LazyLock::new(|| Ranking {
        weights: [0.0; 6],
        means: [0.0; 6],
        featured_means: [0.0; 6],
        tracked_author: 0.0,
    });
    builtin().map_or(&NONE, |model| &model.ranking)
}

/// Scores scanned papers; knows the authors the user tracks and which days'
/// signals were read.
pub(crate) struct Scorer<'c> {
    /// Tracked authors' names, folded.
    tracked: Vec<String>,
    read_days: HashSet<NaiveDate>,
    /// Works out the prior of papers stored without one (by an older `papers`,
    /// before `papers classify` stores it).
    classifier: &'c Classifier,
}

impl<'c> Scorer<'c> {
    pub fn new(store: &Store, classifier: &'c Classifier) -> Result<Scorer<'c>, StoreError> {
        let tracked =
            store.tracked()?.into_iter().filter(|t| t.kind == "au").map(|t| fold(&t.value)).collect();
        let read_days = store.all_signal_days()?.into_iter().collect();
        Ok(Scorer { tracked, read_days, classifier })
    }

    /// The prior of a paper stored without one, worked out now.
    fn missing_prior(&self, paper: &Paper) -> Option<Prior> {
        self.classifier.topics_of(paper).prior
    }

    /// [`Scorer::missing_prior`] of a scanned paper.
    fn missing_scanned_prior(&self, paper: &ScannedPaper<'_>) -> Result<Option<Prior>, StoreError> {
        let categories: Vec<String> = paper.categories().map(str::to_string).collect();
        let authors = paper.authors()?;
        let names: Vec<&str> = authors.iter().map(|a| a.name.as_str()).collect();
        let facts = PaperFacts {
            id: paper.id,
            title: paper.title,
            abstract_text: paper.abstract_text,
            comment: paper.comment,
            journal_ref: paper.journal_ref,
            authors: &names,
        };
        Ok(self.classifier.assess(&facts, &categories).prior)
    }

    /// Whether any of `names` is tracked.
    fn tracks_any<'a>(&self, mut names: impl Iterator<Item = &'a str>) -> bool {
        !self.tracked.is_empty() && names.any(|name| self.tracked.contains(&fold(name)))
    }

    /// A paper's score from what is stored with it (see [`refine`]).
    pub fn score(&self, paper: &ScannedPaper<'_>) -> Result<Scored, StoreError> {
        let tracked_author =
            !self.tracked.is_empty() && self.tracks_any(paper.authors()?.iter().map(|a| a.name.as_str()));
        let listed = paper.relisted.unwrap_or(paper.announced);
        let prior = match paper.prior {
            Some(prior) => Some(prior),
            None => self.missing_scanned_prior(paper)?,
        };
        let evidence = Evidence {
            prior,
            best_score: paper.best_topic.map(|(_, score)| score),
            tracked_author,
            listed: Some(listed),
            attention: paper.attention,
            day_read: self.read_days.contains(&listed),
            ..Default::default()
        };
        Ok(Scored {
            key: paper.key,
            id: paper.id.to_string(),
            importance: Importance::of(ranking(), &evidence),
            evidence,
            replaced: paper.replaced,
            relisted: paper.relisted,
        })
    }

    /// The evidence of one stored paper, as [`Scorer::score`] would have it.
    fn evidence(&self, stored: &StoredPaper) -> Evidence {
        let listed = stored.listed_in_view();
        Evidence {
            prior: stored.prior.or_else(|| self.missing_prior(&stored.paper)),
            best_score: stored.topics.first().map(|t| t.score),
            tracked_author: self.tracks_any(stored.paper.authors.iter().map(|a| a.name.as_str())),
            listed: Some(listed),
            attention: stored.signals.as_ref().map(|s| s.attention()),
            day_read: self.read_days.contains(&listed),
            ..Default::default()
        }
    }
}

/// What refining a score looks up: the database's own authors' record and the
/// writer's taste, when there are any.
pub(crate) struct Refiner<'a> {
    store: &'a Store,
    classifier: &'a Classifier,
    model: Option<&'static ImportanceModel>,
    /// Whether the database has learned an authors' record of its own.
    learned_record: bool,
    taste: Option<AlignedTaste>,
}

impl<'a> Refiner<'a> {
    pub fn new(store: &'a Store, classifier: &'a Classifier) -> Result<Refiner<'a>, QueryError> {
        let model = builtin();
        let learned_record = model.is_some() && store.has_author_record()?;
        let taste = match (store.taste()?, classifier.model()) {
            (Some(stored), Some(topic_model)) => {
                let taste = Taste::from_bytes(&stored.bytes).map_err(|e| QueryError::Taste(e.to_string()))?;
                Some(taste.align(&topic_model.vocabulary.names))
            }
            _ => None,
        };
        Ok(Refiner { store, classifier, model, learned_record, taste })
    }

    /// The most refining can move the score of a paper with this evidence: the
    /// database's authors' record moves only an attention that is unknown.
    fn bound(&self, evidence: &Evidence) -> f32 {
        let record = match self.learned_record && evidence.attention_unknown() {
            true => record_bound(ranking()),
            false => 0.0,
        };
        let taste = self.taste.as_ref().map_or(0.0, AlignedTaste::bound);
        record + taste
    }

    /// `evidence` of `stored` with the database's authors' record and the taste
    /// added.
    fn refined(&self, stored: &StoredPaper, mut evidence: Evidence) -> Result<Evidence, StoreError> {
        if let Some(model) = self.model.filter(|_| self.learned_record) {
            evidence.record_shift = self.record_shift(model, stored)?;
        }
        if let Some(taste) = &self.taste {
            let paper = &stored.paper;
            let doc = Document {
                title: &paper.title,
                abstract_text: &paper.abstract_text,
                categories: &paper.categories,
            };
            if let Some((features, _)) = self.classifier.model_reading(doc) {
                evidence.taste = taste.points(&features);
            }
        }
        Ok(evidence)
    }

    /// How much the database's own record moves the community prior's log-odds.
    fn record_shift(&self, model: &ImportanceModel, stored: &StoredPaper) -> Result<f32, StoreError> {
        let names: Vec<&str> = stored.paper.authors.iter().map(|a| a.name.as_str()).collect();
        let keys: Vec<u64> = distinct_keys(&names).collect();
        let (learned, own) = self.store.author_record(&keys, stored.paper.id.as_str())?;
        if learned.is_empty() {
            return Ok(0.0);
        }
        let own_shipped = model.record.counted(stored.paper.id.as_str());
        let shipped: Vec<Counts> =
            keys.iter().map(|&key| model.record.counts_for(key, own_shipped)).collect();
        let both = keys.iter().zip(&shipped).map(|(key, &counts)| {
            let mine = learned.get(key).map_or(Counts::default(), |c| {
                // The paper itself is left out of its own record.
                let featured = c.featured.saturating_sub(u32::from(own == Some(true)));
                Counts { featured, papers: c.papers.saturating_sub(u32::from(own.is_some())) }
            });
            counts + mine
        });
        let with = model.record_points(record_features(both));
        Ok(with - model.record_points(record_features(shipped)))
    }
}

/// Refines the scores of every item that could reach the top `top` (or the top
/// [`REFINE_REACH`]) once refined, and of every item `always` names (the writer's
/// picks, shown whatever their rank), at most [`REFINED_PER_PLACE`] times `top`
/// of the others in all; then orders `items`, most important first.
///
/// Refining moves each score by at most its bound (see [`Refiner::bound`]). After
/// refining, the `top`th score is at least the `top`th largest of the scores less
/// their bounds; a paper whose score plus its bound is below that cannot reach the
/// top, so it is left as it is. Within the cap, the top is exact.
pub(crate) fn refine<T: AsRef<Scored> + AsMut<Scored>>(
    refiner: &Refiner,
    items: &mut [T],
    top: Option<usize>,
    always: impl Fn(&T) -> bool,
) -> Result<(), QueryError> {
    let bounds: Vec<f64> =
        items.iter().map(|item| f64::from(refiner.bound(&item.as_ref().evidence))).collect();
    if bounds.iter().any(|b| *b > 0.0) {
        let place = top.unwrap_or(REFINE_REACH);
        let score = |i: usize| items[i].as_ref().importance.score;
        let mut lowest: Vec<f64> = (0..items.len()).map(|i| score(i) - bounds[i]).collect();
        let cut = match lowest.len() > place && place > 0 {
            true => *lowest.select_nth_unstable_by(place - 1, |a, b| b.total_cmp(a)).1,
            false => f64::NEG_INFINITY,
        };
        let mut reach: Vec<usize> = (0..items.len()).filter(|&i| score(i) + bounds[i] >= cut).collect();
        reach.sort_by(|&a, &b| Scored::order(items[a].as_ref(), items[b].as_ref()));
        reach.truncate(place.saturating_mul(REFINED_PER_PLACE));
        let picked: Vec<usize> =
            (0..items.len()).filter(|&i| always(&items[i]) && !reach.contains(&i)).collect();
        reach.extend(picked);
        let keys: Vec<PaperKey> = reach.iter().map(|&i| items[i].as_ref().key).collect();
        let at: HashMap<String, usize> = reach.iter().map(|&i| (items[i].as_ref().id.clone(), i)).collect();
        for stored in refiner.store.papers_by_key(&keys)? {
            let Some(&i) = at.get(stored.paper.id.as_str()) else {
                continue;
            };
            let scored = items[i].as_mut();
            scored.evidence = refiner.refined(&stored, scored.evidence)?;
            scored.importance = Importance::of(ranking(), &scored.evidence);
        }
    }
    items.sort_by(|a, b| Scored::order(a.as_ref(), b.as_ref()));
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
/// ranking, its own sort is ignored. They are read back with
/// [`RankedPapers::read`], a chunk at a time.
pub fn by_importance(
    store: &Store,
    classifier: &Classifier,
    query: &PaperQuery,
) -> Result<RankedPapers, QueryError> {
    let everything = PaperQuery { sort: SortKey::Listed, limit: None, reverse: false, ..query.clone() };
    let keys = store.paper_keys(&everything)?;
    let scorer = Scorer::new(store, classifier)?;
    let mut ranked = Vec::with_capacity(keys.len());
    store.scan_papers(&everything, &keys, |paper| -> Result<(), QueryError> {
        ranked.push(scorer.score(&paper)?);
        Ok(())
    })?;
    // A reversed ranking shows the least important: refining looks only at the top.
    let top = if query.reverse { Some(0) } else { query.limit };
    refine(&Refiner::new(store, classifier)?, &mut ranked, top, |_| false)?;
    if query.reverse {
        ranked.reverse();
    }
    ranked.truncate(query.limit.unwrap_or(usize::MAX));
    let views =
        ranked.into_iter().map(|s| RankedView { key: s.key, id: s.id, seen: (s.replaced, s.relisted) });
    Ok(RankedPapers { views: views.collect() })
}

/// Papers in the order of their importance, by key: what a ranking holds is a
/// few words a paper, and the papers themselves are read a chunk at a time.
pub struct RankedPapers {
    views: Vec<RankedView>,
}

/// A ranked paper and how the view shows it (as a replacement, and when).
struct RankedView {
    key: PaperKey,
    id: String,
    seen: (Option<u32>, Option<NaiveDate>),
}

/// Ranked papers read back at a time.
const RANKED_CHUNK: usize = 500;

impl RankedPapers {
    /// The papers, most important first, a chunk at a time.
    pub fn read<E: From<StoreError>>(
        &self,
        store: &Store,
        mut each: impl FnMut(Vec<StoredPaper>) -> Result<(), E>,
    ) -> Result<(), E> {
        // An empty ranking is one empty chunk, as it always was (a CSV list of
        // nothing still has its header).
        if self.views.is_empty() {
            return each(Vec::new());
        }
        for chunk in self.views.chunks(RANKED_CHUNK) {
            let keys: Vec<PaperKey> = chunk.iter().map(|view| view.key).collect();
            let seen: HashMap<&str, _> = chunk.iter().map(|view| (view.id.as_str(), view.seen)).collect();
            let mut papers = store.papers_by_key(&keys)?;
            for paper in &mut papers {
                if let Some(&seen) = seen.get(paper.paper.id.as_str()) {
                    (paper.replaced, paper.relisted) = seen;
                }
            }
            each(papers)?;
        }
        Ok(())
    }
}

/// The papers a list shows, read back a chunk at a time in its order.
pub enum ListedPapers {
    /// Ranked by importance (which scores them all first).
    Ranked(RankedPapers),
    /// In the query's order.
    Matches(Matches),
}

impl ListedPapers {
    /// The papers `query` finds, most important first when `ranked` (the query's
    /// own order is then left aside).
    pub fn find(
        store: &Store,
        classifier: &Classifier,
        query: &PaperQuery,
        ranked: bool,
    ) -> Result<ListedPapers, QueryError> {
        Ok(match ranked {
            true => ListedPapers::Ranked(by_importance(store, classifier, query)?),
            false => ListedPapers::Matches(store.matches(query)?),
        })
    }

    /// The papers in order, a chunk at a time.
    pub fn each<E: From<StoreError>>(
        &self,
        store: &Store,
        mut each: impl FnMut(&[StoredPaper]) -> Result<(), E>,
    ) -> Result<(), E> {
        match self {
            ListedPapers::Ranked(ranked) => ranked.read(store, |papers| each(&papers)),
            ListedPapers::Matches(matches) => store.read_matches(matches, |papers| each(&papers)),
        }
    }
}

/// How one stored paper's importance is made: the score and its parts, largest
/// first (always refined).
pub fn explain_importance(
    store: &Store,
    classifier: &Classifier,
    stored: &StoredPaper,
) -> Result<ImportanceExplained, QueryError> {
    let scorer = Scorer::new(store, classifier)?;
    let refiner = Refiner::new(store, classifier)?;
    let evidence = refiner.refined(stored, scorer.evidence(stored))?;
    let score = rounded(Importance::of(ranking(), &evidence).score);
    Ok(ImportanceExplained { score, parts: Importance::explain(ranking(), &evidence) })
}

/// A score as people read it: two decimals.
pub(super) fn rounded(score: f64) -> f64 {
    (score * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::classify::Taxonomy;
    use crate::ingest::classified;
    use crate::store::PaperRow;

    /// Two papers with the same text, one stored with its prior and one without
    /// (as an older `papers` stored it): the ranking works the missing one out.
    #[test]
    fn a_paper_stored_without_a_prior_is_scored_as_if_it_had_one() {
        let classifier = Classifier::new(Taxonomy::builtin().expect("taxonomy"));
        let day = NaiveDate::from_ymd_opt(2024, 5, 21).expect("date");
        let submitted = Utc.with_ymd_and_hms(2024, 5, 20, 12, 0, 0).single().expect("time");
        let paper = |id: &str| Paper {
            title: "Scaling test-time compute for reasoning agents".into(),
            abstract_text: "We release an open agent that reasons with tools and beats larger models.".into(),
            ..Paper::for_tests(id, submitted, &["Ann Lee", "Bo Chen"])
        };
        let mut store = Store::open_in_memory().expect("store");
        let mut batch = store.begin_import().expect("begin");
        let with = classified(&classifier, PaperRow::new(paper("2405.00001"), day).expect("row"));
        batch.upsert(&with).expect("upsert");
        batch.upsert(&PaperRow::new(paper("2405.00002"), day).expect("row")).expect("upsert");
        batch.commit().expect("commit");
        let stored = |id: &str| crate::query::find_paper(&store, id).expect("stored");
        assert!(stored("2405.00001").prior.is_some() && stored("2405.00002").prior.is_none());
        let score = |id: &str| explain_importance(&store, &classifier, &stored(id)).expect("explained").score;
        assert_eq!(score("2405.00001"), score("2405.00002"));
        let query = PaperQuery::default();
        let ranked = by_importance(&store, &classifier, &query).expect("ranked");
        let mut read = Vec::new();
        ranked
            .read(&store, |papers| {
                read.extend(papers.into_iter().map(|p| p.paper.id.to_string()));
                Ok::<(), StoreError>(())
            })
            .expect("read back");
        assert_eq!(read.len(), 2);
        let scorer = Scorer::new(&store, &classifier).expect("scorer");
        let keys = store.paper_keys(&query).expect("keys");
        let mut scores = Vec::new();
        store
            .scan_papers(&query, &keys, |paper| -> Result<(), QueryError> {
                scores.push(scorer.score(&paper)?.importance.score);
                Ok(())
            })
            .expect("scan");
        assert_eq!(scores[0], scores[1], "{scores:?}");
    }
}
