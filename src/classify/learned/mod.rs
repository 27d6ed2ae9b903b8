//! The learned classifier: a model trained on real labelled arXiv papers (and a
//! user's own labels), shipped inside the binary, that decides the topics it knows;
//! the taxonomy's phrases are among its features.

pub mod features;
pub mod model;
pub mod train;

pub use model::{Contribution, Model, ModelError, TopicModel};

/// The model trained on `data/labelled/train.jsonl` by `papers train`; empty
/// while none has been trained (the classifier then uses the phrases alone).
const BUILTIN: &[u8] = include_bytes!("../../../data/model.bin");

/// The model shipped with the binary, if it has one.
pub fn builtin() -> Option<Model> {
    (!BUILTIN.is_empty()).then(|| Model::from_bytes(BUILTIN).ok()).flatten()
}

/// The labelled papers the built-in model was trained on (JSON Lines).
pub const TRAINING_SET: &str = include_str!("../../../data/labelled/train.jsonl");
/// The held-out labelled papers it is measured on.
pub const TEST_SET: &str = include_str!("../../../data/labelled/test.jsonl");

use super::eval::Labelled;
use super::{Classifier, Document};
use train::{Example, Label, Settings};

/// How much more a user's own label counts than one of the shipped set.
pub const USER_WEIGHT: f32 = 3.0;

/// A user's labels of one paper: topics added and removed.
#[derive(Debug, Clone)]
pub struct UserLabels {
    pub id: String,
    pub title: String,
    pub abstract_text: String,
    pub categories: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// Trains a model on the shipped labels plus a user's, with `rules`' phrases as
/// features. Its topics are the taxonomy's that the shipped set labels, then the
/// user's own new slugs (sorted). A user label decides its topic for that paper
/// (and counts [`USER_WEIGHT`] times); the shipped papers are taken as outside
/// the user's new topics.
pub fn train_model(rules: &Classifier, shipped: &[Labelled], user: &[UserLabels]) -> Model {
    let taxonomy = rules.taxonomy();
    let labelled_slugs: std::collections::BTreeSet<&str> =
        shipped.iter().flat_map(|l| l.topics.iter().map(String::as_str)).collect();
    let mut slugs: Vec<String> = taxonomy
        .topics
        .iter()
        .map(|t| t.slug.clone())
        .filter(|s| labelled_slugs.contains(s.as_str()))
        .collect();
    let mut new: Vec<String> = user
        .iter()
        .flat_map(|u| u.added.iter().chain(&u.removed))
        .filter(|s| !slugs.contains(s))
        .cloned()
        .collect();
    new.sort();
    new.dedup();
    slugs.extend(new);
    let mut examples: Vec<Example> = shipped
        .iter()
        .map(|l| Example {
            title: l.title.clone(),
            abstract_text: l.abstract_text.clone(),
            categories: l.categories.clone(),
            labels: slugs.iter().map(|s| if l.topics.contains(s) { Label::Yes } else { Label::No }).collect(),
            weight: 1.0,
            natural: l.origin.as_deref() == Some("random"),
        })
        .collect();
    for labels in user {
        let decide = |slug: &String, otherwise: Label| {
            if labels.added.contains(slug) {
                Label::Yes
            } else if labels.removed.contains(slug) {
                Label::No
            } else {
                otherwise
            }
        };
        match shipped.iter().position(|l| l.id == labels.id) {
            Some(index) => {
                let example = &mut examples[index];
                example.labels = slugs.iter().zip(&example.labels).map(|(s, l)| decide(s, *l)).collect();
                example.weight = USER_WEIGHT;
            }
            None => examples.push(Example {
                title: labels.title.clone(),
                abstract_text: labels.abstract_text.clone(),
                categories: labels.categories.clone(),
                labels: slugs.iter().map(|s| decide(s, Label::Unknown)).collect(),
                weight: USER_WEIGHT,
                natural: false,
            }),
        }
    }
    train::train(&examples, &slugs, Settings::default(), |example, slug| {
        let doc = Document {
            title: &example.title,
            abstract_text: &example.abstract_text,
            categories: &example.categories,
        };
        rules.phrase_fractions(doc).into_iter().find(|(s, _)| s == slug).map_or(0.0, |(_, f)| f)
    })
}
