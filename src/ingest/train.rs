//! Training the topic model on the user's hand: the shipped labelled papers and
//! the user's own labels learned, the model saved whole, the stored papers
//! re-classified with it, and for each topic of the user's own the papers whose
//! label would teach it most.

use std::collections::HashSet;
use std::path::Path;

use super::reclassify;
use crate::classify::eval::parse_jsonl;
use crate::classify::learned::least_sure::{LeastSure, Unsure};
use crate::classify::learned::train::{TopicFit, Trained};
use crate::classify::learned::{BACKGROUND_PAPERS, TRAINING_SET, train_model};
use crate::classify::{Classifier, Taxonomy};
use crate::files::{FileError, write_atomically};
use crate::id::ArxivId;
use crate::model::LabelledPaper;
use crate::store::{Store, StoreError};

/// Papers suggested for labelling, per topic of the user's own.
const SUGGESTIONS: usize = 8;

/// Why a model could not be trained, saved or used.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// The labelled papers built into the binary do not parse.
    #[error("the shipped training set: {0}")]
    Shipped(String),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A model trained and saved, with what it learned from.
#[derive(Debug)]
pub struct SavedModel {
    pub trained: Trained,
    /// Labelled papers shipped with the binary.
    pub shipped: usize,
    /// The user's labelled papers.
    pub user: Vec<LabelledPaper>,
    /// The model's topics the taxonomy does not have (the user's own), by slug.
    pub new_topics: Vec<String>,
    /// The size of the saved model.
    pub bytes: usize,
    /// From the start of training to the model saved.
    pub seconds: f64,
}

/// How a topic of the user's own did, and the papers worth labelling next for it
/// (nearest its threshold first), with their titles.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnTopic {
    pub slug: String,
    pub fit: TopicFit,
    pub threshold: f32,
    pub suggestions: Vec<(Unsure, String)>,
}

/// Trains a model on the shipped papers and, when `store` is given, the user's
/// labels in it (and a sample of its papers as the background of the user's own
/// topics), with `rules`' phrases as features; saves it to `path`.
pub fn train_and_save(
    rules: &Classifier,
    store: Option<&Store>,
    path: &Path,
) -> Result<SavedModel, TrainError> {
    let shipped = parse_jsonl(TRAINING_SET).map_err(TrainError::Shipped)?;
    let (user, background) = match store {
        Some(store) => (store.labelled_papers()?, store.sample_papers(BACKGROUND_PAPERS)?),
        None => (Vec::new(), Vec::new()),
    };
    let started = std::time::Instant::now();
    let trained = train_model(rules, &shipped, &user, &background);
    let bytes = trained.model.to_bytes();
    write_atomically(path, |out| {
        out.write_all(&bytes).map_err(|source| FileError { path: path.to_path_buf(), source })
    })?;
    let new_topics = (trained.model.topics.iter().map(|t| t.slug.clone()))
        .filter(|slug| rules.taxonomy().topic(slug).is_none())
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    Ok(SavedModel { trained, shipped: shipped.len(), user, new_topics, bytes: bytes.len(), seconds })
}

impl SavedModel {
    /// How each topic of the user's own did, with no papers suggested.
    pub fn own_topics(&self) -> Vec<OwnTopic> {
        let Trained { model, fits } = &self.trained;
        (fits.iter().zip(&model.topics).filter(|(fit, _)| fit.own))
            .map(|(fit, topic)| OwnTopic {
                slug: topic.slug.clone(),
                fit: *fit,
                threshold: topic.threshold,
                suggestions: Vec::new(),
            })
            .collect()
    }

    /// Re-classifies every stored paper with the model (and `taxonomy`), watching
    /// for the papers each topic of the user's own is least sure of, which are not
    /// labelled for it yet; returns how many papers were classified and the topics
    /// with their suggestions.
    pub fn reclassify(
        self,
        store: &mut Store,
        taxonomy: &Taxonomy,
    ) -> Result<(u64, Vec<OwnTopic>), TrainError> {
        let mut own = self.own_topics();
        let labelled_for = |slug: &str| -> HashSet<String> {
            (self.user.iter())
                .filter(|u| u.added.iter().chain(&u.removed).any(|t| t == slug))
                .map(|u| u.id.to_string())
                .collect()
        };
        let watched = own.iter().map(|t| (t.slug.clone(), labelled_for(&t.slug))).collect();
        let mut least_sure = LeastSure::new(&self.trained.model, watched, SUGGESTIONS);
        let classifier = Classifier::with_model(taxonomy.clone(), Some(self.trained.model));
        let count = reclassify(store, &classifier, None, |id, p| least_sure.observe(id, p))?;
        let Some(model) = classifier.model() else { return Ok((count, own)) };
        for (slug, unsure) in least_sure.finish(model) {
            if let Some(topic) = own.iter_mut().find(|t| t.slug == slug) {
                topic.suggestions = titled(store, unsure)?;
            }
        }
        Ok((count, own))
    }
}

/// The title of each paper (empty when it is not stored, or its id unreadable).
fn titled(store: &Store, unsure: Vec<Unsure>) -> Result<Vec<(Unsure, String)>, StoreError> {
    let mut titled = Vec::new();
    for paper in unsure {
        let title = match ArxivId::parse(&paper.id) {
            Ok(id) => store.paper(&id)?.map(|p| p.paper.title).unwrap_or_default(),
            Err(_) => String::new(),
        };
        titled.push((paper, title));
    }
    Ok(titled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_trained_on_the_shipped_papers_alone_is_saved_and_has_no_own_topics() {
        let dir = std::env::temp_dir().join(format!("papers-train-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("papers.model");
        let rules = Classifier::rules_only(Taxonomy::builtin().expect("the built-in taxonomy"));
        let saved = train_and_save(&rules, None, &path).expect("trained");
        assert_eq!(std::fs::metadata(&path).expect("saved").len(), saved.bytes as u64);
        assert!(saved.shipped > 1_000);
        assert!(saved.user.is_empty() && saved.new_topics.is_empty());
        assert_eq!(saved.own_topics(), Vec::new());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
