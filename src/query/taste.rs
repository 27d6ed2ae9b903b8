//! Learning a writer's taste from their picks and drops: every paper of every week
//! with one, its score as the ranking gives it without a taste, and whether it was
//! picked (a dropped paper counts more against it; see
//! `classify::importance::taste`).

use std::collections::{HashMap, HashSet};

use super::QueryError;
use super::ranked::{Scored, Scorer};
use crate::classify::importance::record::id_hash;
use crate::classify::importance::taste::{TASTE_L2, Taste, TasteData, learn};
use crate::classify::{Classifier, Document};
use crate::model::edit::Choice;
use crate::store::{PaperKey, PaperQuery, Store};

/// Papers read back at a time while learning.
const CHUNK: usize = 500;
/// How much a paper the writer dropped counts against the taste, as a paper they
/// said no to out loud rather than passed over.
const DROPPED_WEIGHT: f32 = 3.0;
/// A week's papers not picked that the taste learns from, at most (a sample
/// stands for the rest): a year of picked weeks stays a few seconds' work.
const OTHERS_PER_WEEK: usize = 300;

/// The taste the picks in `store` teach, or `None` when there are no picks (or
/// the classifier has no model to read papers with).
pub fn learn_taste(store: &Store, classifier: &Classifier) -> Result<Option<Taste>, QueryError> {
    let Some(model) = classifier.model() else {
        return Ok(None);
    };
    let weeks = store.chosen_weeks()?;
    if weeks.is_empty() {
        return Ok(None);
    }
    let scorer = Scorer::new(store, classifier)?;
    let (mut features, mut scores, mut picked, mut weights) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for &week in weeks.keys() {
        let edits = store.edits(Some(week))?;
        let with = |choice: Choice| -> HashSet<String> {
            edits.iter().filter(|e| e.choice == Some(choice)).map(|e| e.id.clone()).collect()
        };
        let (chosen, dropped) = (with(Choice::Picked), with(Choice::Dropped));
        let query = PaperQuery { listed: Some((week.monday(), week.sunday())), ..Default::default() };
        let keys = store.paper_keys(&query)?;
        let mut scored: Vec<Scored> = Vec::with_capacity(keys.len());
        store.scan_papers(&query, &keys, |paper| -> Result<(), QueryError> {
            scored.push(scorer.score(&paper)?);
            Ok(())
        })?;
        // A big week's papers not picked are sampled, each standing for several.
        let others = scored.iter().filter(|s| !chosen.contains(&s.id)).count();
        let every = others.div_ceil(OTHERS_PER_WEEK).max(1) as u64;
        scored.retain(|s| {
            chosen.contains(&s.id) || dropped.contains(&s.id) || id_hash(&s.id).is_multiple_of(every)
        });
        for chunk in scored.chunks(CHUNK) {
            let keys: Vec<PaperKey> = chunk.iter().map(|s| s.key).collect();
            let score_of: HashMap<&str, f64> =
                chunk.iter().map(|s| (s.id.as_str(), s.importance.score)).collect();
            for stored in store.papers_by_key(&keys)? {
                let paper = &stored.paper;
                let Some(&score) = score_of.get(paper.id.as_str()) else {
                    continue;
                };
                let doc = Document {
                    title: &paper.title,
                    abstract_text: &paper.abstract_text,
                    categories: &paper.categories,
                };
                let Some((row, _)) = classifier.model_reading(doc) else {
                    continue;
                };
                let is_picked = chosen.contains(paper.id.as_str());
                features.push(row);
                scores.push(score as f32);
                picked.push(is_picked);
                weights.push(match (is_picked, dropped.contains(paper.id.as_str())) {
                    (true, _) => 1.0,
                    (false, true) => DROPPED_WEIGHT,
                    (false, false) => every as f32,
                });
            }
        }
    }
    if !picked.iter().any(|p| *p) {
        return Ok(None);
    }
    let data = TasteData {
        features: &features,
        scores: &scores,
        picked: &picked,
        weights: &weights,
        names: &model.vocabulary.names,
        weeks: weeks.len() as u32,
    };
    Ok(Some(learn(&data, TASTE_L2)))
}
