//! The importance prior: how likely a paper is to matter, judged from the paper
//! alone, and the learned weights that rank a week with it and the community's
//! attention.
//!
//! Two logistic regressions (heads) read the same features: the words and word
//! pairs of the title and abstract and the categories, as the topic model sees
//! them (so a paper is read once for both), its topic probabilities, the facts
//! of its metadata ([`facts`]) and its authors' record ([`record`]).
//! - **featured**: the probability that Hugging Face's community features it,
//!   learned from which of 37,070 listed papers of 2026 were featured;
//! - **picked**: the probability that a curator picks it for a weekly "top
//!   papers" list, learned from a curator's picks among the papers of their weeks.
//!   Its training papers have no authors or comments, so it reads words only.
//!
//! Both are computed when a paper is stored, with the shipped authors' record
//! (what the user's database learns is added when a week is ranked). The
//! [`Ranking`] weights, fitted on the curator's weeks, combine them with the
//! community's signals into one score. `data/importance.bin` holds it all and is
//! made by `examples/train_importance.rs` from the data in `data/README.md`.

pub mod facts;
mod file;
pub mod fit;
pub mod record;
pub mod taste;
pub mod train;

use std::sync::LazyLock;

use chrono::NaiveDate;

pub use facts::{FACT_NAMES, Facts, PaperFacts};
pub use file::ImportanceError;
pub use record::{AuthorRecord, Counts, RECORD_NAMES};

use super::learned::features::{Kind, Sparse};

/// The model shipped with the binary.
const BUILTIN: &[u8] = include_bytes!("../../../data/importance.bin");

static BUILTIN_MODEL: LazyLock<Option<ImportanceModel>> =
    LazyLock::new(|| (!BUILTIN.is_empty()).then(|| ImportanceModel::from_bytes(BUILTIN).ok()).flatten());

/// The model shipped with the binary, if it has one.
pub fn builtin() -> Option<&'static ImportanceModel> {
    BUILTIN_MODEL.as_ref()
}

/// The heads, by index.
pub const FEATURED: usize = 0;
pub const PICKED: usize = 1;
pub const HEAD_NAMES: [&str; 2] = ["community prior", "curator prior"];

pub use crate::model::signals::Prior;

/// One head: a logistic regression over the prior's features.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub bias: f32,
    /// Per text feature of [`ImportanceModel::names`].
    pub text: Vec<f32>,
    /// Per topic of [`ImportanceModel::topics`]: the weight of its probability.
    pub topics: Vec<f32>,
    pub facts: Facts,
    /// The weights of the two [`record::record_features`].
    pub record: [f32; 2],
}

/// The signals a week's ranking combines, in the order of [`Ranking`]'s weights.
pub const RANK_NAMES: [&str; 6] = ["curator prior", "featured", "upvotes", "comments", "stars", "topic fit"];
/// The signals that are the community's attention, known once signals are fetched.
pub const ATTENTION: std::ops::Range<usize> = 1..5;
pub const CURATOR_SIGNAL: usize = 0;
pub const TOPIC_FIT_SIGNAL: usize = 5;

/// How the final score is made: `Σ weight × (value − mean)`, so that a paper
/// like the average one scores about 0. Fitted on the curator's weeks.
///
/// A paper whose attention is unknown (its days' signals were never fetched)
/// gets the attention it can expect: its probability of being featured (the
/// community head's) times what a featured paper scores, on average.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub weights: [f32; RANK_NAMES.len()],
    /// Each signal's mean over the training weeks' papers.
    pub means: [f32; RANK_NAMES.len()],
    /// Each signal's mean over the training weeks' featured papers.
    pub featured_means: [f32; RANK_NAMES.len()],
    /// Points for a paper by an author the user tracks: set by hand, as no data
    /// says what the user's own list is worth.
    pub tracked_author: f32,
}

impl Ranking {
    /// Each signal's share of the score.
    pub fn parts(&self, values: &[f32; RANK_NAMES.len()]) -> [f32; RANK_NAMES.len()] {
        std::array::from_fn(|i| self.weights[i] * (values[i] - self.means[i]))
    }

    /// The attention's share of the score that a paper featured with probability
    /// `featured` can expect.
    pub fn expected_attention(&self, featured: f32) -> f32 {
        ATTENTION.map(|i| self.weights[i] * (featured * self.featured_means[i] - self.means[i])).sum()
    }
}

/// The prior and the ranking, as `data/importance.bin` holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportanceModel {
    /// The text features' kinds and names, as the topic model's vocabulary has them.
    pub names: Vec<(Kind, String)>,
    /// The topics whose probabilities are features.
    pub topics: Vec<String>,
    pub heads: [Head; 2],
    pub ranking: Ranking,
    pub record: AuthorRecord,
    /// The last day of the data the shipped authors' record counts; a database
    /// learns its own record from the papers listed after it.
    pub record_until: NaiveDate,
    /// A hash of the model's file, which names it in stored papers' fingerprints.
    pub digest: u64,
}

impl ImportanceModel {
    /// The heads' weights arranged for a topic model with this vocabulary and these
    /// topics: features and topics are matched by name, so a model `papers train`
    /// made from a user's labels reads papers the same way.
    pub fn align(&self, names: &[(Kind, String)], topics: &[String]) -> Aligned<'_> {
        let text = match names == self.names.as_slice() {
            true => (0..names.len()).map(|i| self.head_pair(|h| h.text[i])).collect(),
            false => {
                let index: std::collections::HashMap<(Kind, &str), usize> = self
                    .names
                    .iter()
                    .enumerate()
                    .map(|(i, (kind, name))| ((*kind, name.as_str()), i))
                    .collect();
                names
                    .iter()
                    .map(|(kind, name)| {
                        index
                            .get(&(*kind, name.as_str()))
                            .map_or([0.0; 2], |&i| self.head_pair(|h| h.text[i]))
                    })
                    .collect()
            }
        };
        let topic_weights = topics
            .iter()
            .map(|slug| {
                self.topics
                    .iter()
                    .position(|t| t == slug)
                    .map_or([0.0; 2], |i| self.head_pair(|h| h.topics[i]))
            })
            .collect();
        Aligned {
            model: self,
            bias: self.head_pair(|h| h.bias),
            text,
            topics: topic_weights,
            facts: std::array::from_fn(|i| self.head_pair(|h| h.facts[i])),
        }
    }

    fn head_pair(&self, weight: impl Fn(&Head) -> f32) -> [f32; 2] {
        [weight(&self.heads[FEATURED]), weight(&self.heads[PICKED])]
    }

    /// The community head's points for an authors' record.
    pub fn record_points(&self, features: [f32; 2]) -> f32 {
        let weights = self.heads[FEATURED].record;
        weights[0] * features[0] + weights[1] * features[1]
    }

    /// The shipped authors' record of a paper's authors, the paper itself left out.
    pub fn record_of(&self, id: &str, authors: &[&str]) -> [f32; 2] {
        let own = self.record.counted(id);
        record::record_features(record::distinct_keys(authors).map(|key| self.record.counts_for(key, own)))
    }
}

/// How the prior judged one paper.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PriorExplanation {
    pub heads: [HeadExplanation; 2],
}

/// How one head came to its log-odds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HeadExplanation {
    pub head: &'static str,
    pub log_odds: f32,
    /// Where a paper with no features would stand.
    pub bias: f32,
    /// The features that moved it most.
    pub parts: Vec<PriorPart>,
}

/// One feature's share of a head's log-odds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PriorPart {
    /// `word`, `pair`, `category`, `phrases`, `topic`, `fact` or `record`.
    pub kind: &'static str,
    pub feature: String,
    pub points: f32,
}

/// The heads' weights for one topic model's features, ready to score papers.
#[derive(Debug, Clone, PartialEq)]
pub struct Aligned<'m> {
    model: &'m ImportanceModel,
    bias: [f32; 2],
    /// Per feature of the topic model.
    text: Vec<[f32; 2]>,
    /// Per topic of the topic model.
    topics: Vec<[f32; 2]>,
    facts: [[f32; 2]; FACT_NAMES.len()],
}

impl Aligned<'_> {
    /// The prior of a paper with these topic-model features and probabilities.
    pub fn prior(&self, features: &Sparse, probabilities: &[f32], paper: &PaperFacts) -> Prior {
        let facts = facts::facts(paper);
        let record = self.model.record_of(paper.id, paper.authors);
        let mut sum = self.bias;
        sum[FEATURED] += self.model.record_points(record);
        let mut add = |weights: &[f32; 2], value: f32| {
            sum[0] += weights[0] * value;
            sum[1] += weights[1] * value;
        };
        for &(feature, value) in features {
            if let Some(weights) = self.text.get(feature as usize) {
                add(weights, value);
            }
        }
        for (weights, &p) in self.topics.iter().zip(probabilities) {
            add(weights, p);
        }
        for (weights, &value) in self.facts.iter().zip(&facts) {
            add(weights, value);
        }
        Prior { featured: sum[FEATURED], picked: sum[PICKED] }
    }

    /// How each head came to its log-odds for a paper: every feature's points,
    /// strongest first (at most `limit` per head). `names` are the topic model's
    /// features, `topics` its topic slugs.
    pub fn explain(
        &self,
        features: &Sparse,
        probabilities: &[f32],
        paper: &PaperFacts,
        (names, topics): (&[(Kind, String)], &[String]),
        limit: usize,
    ) -> PriorExplanation {
        let prior = self.prior(features, probabilities, paper);
        let facts = facts::facts(paper);
        let record = self.model.record_of(paper.id, paper.authors);
        let heads = [FEATURED, PICKED].map(|head| {
            let mut parts: Vec<PriorPart> = Vec::new();
            let mut add = |kind: &'static str, feature: String, points: f32| {
                if points != 0.0 {
                    parts.push(PriorPart { kind, feature, points });
                }
            };
            for &(feature, value) in features {
                if let (Some(weights), Some((kind, name))) =
                    (self.text.get(feature as usize), names.get(feature as usize))
                {
                    add(kind.name(), name.clone(), weights[head] * value);
                }
            }
            for ((weights, &p), slug) in self.topics.iter().zip(probabilities).zip(topics) {
                add("topic", slug.clone(), weights[head] * p);
            }
            for ((weights, &value), name) in self.facts.iter().zip(&facts).zip(FACT_NAMES) {
                add("fact", name.to_string(), weights[head] * value);
            }
            if head == FEATURED {
                let weights = self.model.heads[FEATURED].record;
                for ((weight, value), name) in weights.iter().zip(record).zip(RECORD_NAMES) {
                    add("record", name.to_string(), weight * value);
                }
            }
            parts.sort_by(|a, b| {
                b.points.abs().total_cmp(&a.points.abs()).then_with(|| a.feature.cmp(&b.feature))
            });
            parts.truncate(limit);
            let log_odds = if head == FEATURED { prior.featured } else { prior.picked };
            HeadExplanation { head: HEAD_NAMES[head], log_odds, bias: self.bias[head], parts }
        });
        PriorExplanation { heads }
    }
}
