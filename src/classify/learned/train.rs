//! Training a [`Model`]: one-vs-rest logistic regression by stochastic gradient
//! descent in a fixed order (so the same labels always give the same model), and a
//! threshold per topic chosen on out-of-fold predictions of a cross-validation.

use super::features::{Sparse, Tokens, Vocabulary};
use super::model::{Model, TopicModel, sigmoid};

/// What a labelled paper says about one topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Yes,
    No,
    /// Not labelled, but taken as outside the topic, counting [`UNLIKELY_WEIGHT`]:
    /// the shipped papers for a user's new topic, among which some belong to it.
    Unlikely,
    /// Not labelled for this topic: left out of its training.
    Unknown,
}

/// How much an assumed negative counts against a labelled one.
pub const UNLIKELY_WEIGHT: f32 = 0.1;

impl Label {
    /// The target and the weight of a paper of `weight` with this label.
    fn target(self, weight: f32) -> Option<(f32, f32)> {
        match self {
            Label::Yes => Some((1.0, weight)),
            Label::No => Some((0.0, weight)),
            Label::Unlikely => Some((0.0, weight * UNLIKELY_WEIGHT)),
            Label::Unknown => None,
        }
    }
}

/// One training paper: its text, and per model topic what it is.
#[derive(Debug, Clone)]
pub struct Example {
    pub title: String,
    pub abstract_text: String,
    /// The taxonomy's score of each topic as a fraction of its threshold.
    pub phrases: Vec<(String, f32)>,
    pub categories: Vec<String>,
    pub labels: Vec<Label>,
    /// How much it counts (a user's own labels count more).
    pub weight: f32,
    /// Drawn at random, so with the natural mix of topics: thresholds are chosen
    /// on these papers, where a topic has enough of them.
    pub natural: bool,
}

/// The knobs of training; [`Settings::default`] is what the shipped model used.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    pub folds: usize,
    /// Words and pairs need to be in this many papers to become features.
    pub min_df: usize,
    /// Thresholds are chosen in this range, so a topic with few labels can
    /// neither fire on everything nor never.
    pub threshold_range: (f32, f32),
    /// A threshold is not lowered below the precision this reaches on held-out folds.
    pub min_precision: f32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            epochs: 20,
            learning_rate: 0.5,
            l2: 1e-5,
            folds: 5,
            min_df: 3,
            threshold_range: (0.15, 0.8),
            min_precision: 0.75,
        }
    }
}

/// Trains a model for `slugs` on `examples`.
pub fn train(examples: &[Example], slugs: &[String], settings: Settings) -> Model {
    let tokens: Vec<Tokens> =
        examples.iter().map(|e| Tokens::new(&e.title, &e.abstract_text, &e.categories)).collect();
    let vocabulary = Vocabulary::build(&tokens, slugs, settings.min_df);
    // Every paper is seen twice: with its categories, and without them as in
    // labelled sets and feeds that lack them, so that neither case is out of its
    // depth. Row `i + n` is paper `i` without categories.
    let n = examples.len();
    let phrase_slugs: Vec<&str> = vocabulary.phrase_slugs().collect();
    let mut features: Vec<Sparse> = Vec::with_capacity(2 * n);
    for categories in [true, false] {
        for e in examples {
            let mut out = Vec::new();
            let cats: &[String] = if categories { &e.categories } else { &[] };
            vocabulary.features(
                &e.title,
                &e.abstract_text,
                cats,
                |i| e.phrases.iter().find(|(slug, _)| slug == phrase_slugs[i]).map_or(0.0, |(_, f)| *f),
                &mut out,
            );
            features.push(out);
        }
    }
    let rows = |papers: &[usize]| -> Vec<usize> { papers.iter().flat_map(|&i| [i, i + n]).collect() };
    let k = slugs.len();
    let order = shuffled(n);
    // Out-of-fold probabilities: each paper scored by a model that never saw it.
    let mut held_out = vec![vec![0.0f32; k]; 2 * n];
    for fold in 0..settings.folds {
        let in_fold = |position: usize| position % settings.folds == fold;
        let training: Vec<usize> =
            order.iter().enumerate().filter(|(p, _)| !in_fold(*p)).map(|(_, &i)| i).collect();
        let (weights, bias) = fit(&features, examples, &rows(&training), (vocabulary.len(), k), settings);
        for (_, &i) in order.iter().enumerate().filter(|(p, _)| in_fold(*p)) {
            for row in [i, i + n] {
                held_out[row] = scores(&weights, &bias, &features[row], k);
            }
        }
    }
    let (weights, bias) = fit(&features, examples, &rows(&order), (vocabulary.len(), k), settings);
    let topics = slugs
        .iter()
        .enumerate()
        .map(|(j, slug)| TopicModel {
            slug: slug.clone(),
            bias: bias[j],
            threshold: threshold(examples, &held_out, j, settings),
        })
        .collect();
    Model::quantised(topics, vocabulary, &weights)
}

/// Fits every topic on the papers at `rows`, in that order, `epochs` times.
/// `(n, k)`: how many features and topics.
fn fit(
    features: &[Sparse],
    examples: &[Example],
    rows: &[usize],
    (n, k): (usize, usize),
    settings: Settings,
) -> (Vec<f32>, Vec<f32>) {
    let mut weights = vec![0.0f32; n * k];
    let mut bias = vec![0.0f32; k];
    let mut step = 0u32;
    // The average of the later epochs' weights: steadier than the last epoch's.
    let mut average = (vec![0.0f32; n * k], vec![0.0f32; k], 0.0f32);
    for epoch in 0..settings.epochs {
        for &i in rows {
            step += 1;
            let rate = settings.learning_rate / (1.0 + settings.learning_rate * settings.l2 * step as f32);
            let x = &features[i];
            let z = scores(&weights, &bias, x, k);
            let example = &examples[i % examples.len()];
            for (j, label) in example.labels.iter().enumerate() {
                let Some((y, weight)) = label.target(example.weight) else {
                    continue;
                };
                let gradient = (z[j] - y) * weight;
                for &(feature, value) in x {
                    let w = &mut weights[feature as usize * k + j];
                    *w -= rate * (gradient * value + settings.l2 * *w);
                }
                bias[j] -= rate * gradient;
            }
        }
        if epoch >= settings.epochs / 2 {
            average.0.iter_mut().zip(&weights).for_each(|(a, w)| *a += w);
            average.1.iter_mut().zip(&bias).for_each(|(a, b)| *a += b);
            average.2 += 1.0;
        }
    }
    let (mut weights, mut bias, count) = average;
    weights.iter_mut().chain(bias.iter_mut()).for_each(|w| *w /= count.max(1.0));
    (weights, bias)
}

fn scores(weights: &[f32], bias: &[f32], x: &Sparse, k: usize) -> Vec<f32> {
    let mut z = bias.to_vec();
    for &(feature, value) in x {
        let row = &weights[feature as usize * k..(feature as usize + 1) * k];
        z.iter_mut().zip(row).for_each(|(z, w)| *z += w * value);
    }
    z.into_iter().map(sigmoid).collect()
}

/// Papers of a topic needed among the natural ones to choose its threshold there;
/// a topic with fewer is a user's new topic, learned from a handful of labels.
const NATURAL_POSITIVES: usize = 10;
/// The lowest threshold of a new topic, whose probabilities stay low.
const NEW_TOPIC_LOWEST: f32 = 0.02;

fn natural_positives(examples: &[Example], topic: usize) -> usize {
    examples.iter().filter(|e| e.natural && e.labels[topic] == Label::Yes).count()
}

/// The threshold with the best F1 on held-out predictions among those precise
/// enough: reaching the minimum precision, or, for a topic that never does,
/// within a little of the best precision it reaches. Papers picked for their
/// topics would set it too low for a real week's mix, so only the natural ones
/// count when they hold enough of the topic.
fn threshold(examples: &[Example], held_out: &[Vec<f32>], topic: usize, settings: Settings) -> f32 {
    let new_topic = natural_positives(examples, topic) < NATURAL_POSITIVES;
    let counted = |e: &Example| e.natural || new_topic;
    let (low, high) = settings.threshold_range;
    let low = if new_topic { NEW_TOPIC_LOWEST } else { low };
    let steps = (low * 100.0).round() as u32..=(high * 100.0).round() as u32;
    let measured: Vec<(f32, f32, f32)> = steps
        .map(|step| {
            let candidate = step as f32 / 100.0;
            let (mut tp, mut fp, mut fn_) = (0.0f32, 0.0f32, 0.0f32);
            for (example, p) in examples.iter().cycle().zip(held_out).filter(|(e, _)| counted(e)) {
                // Assumed negatives count in full here: a real week holds them all.
                let Some((y, weight)) = example.labels[topic].target(example.weight) else {
                    continue;
                };
                let weight = if example.labels[topic] == Label::Unlikely { example.weight } else { weight };
                match (y > 0.5, p[topic] >= candidate) {
                    (true, true) => tp += weight,
                    (true, false) => fn_ += weight,
                    (false, true) => fp += weight,
                    (false, false) => {}
                }
            }
            let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
            let f1 = if tp == 0.0 { 0.0 } else { 2.0 * tp / (2.0 * tp + fp + fn_) };
            (candidate, precision, f1)
        })
        .collect();
    let best_precision = measured.iter().map(|m| m.1).fold(0.0f32, f32::max);
    if best_precision == 0.0 {
        // Nothing right at any threshold (no positive papers): never assign it.
        return 1.0;
    }
    let required = settings.min_precision.min(best_precision - PRECISION_SLACK);
    let mut best: Option<(f32, f32)> = None;
    for &(candidate, precision, f1) in &measured {
        if precision >= required && best.is_none_or(|(_, best_f1)| f1 > best_f1) {
            best = Some((candidate, f1));
        }
    }
    best.map_or(0.5, |(candidate, _)| candidate)
}

/// How far below its best precision a topic that never reaches the minimum may go.
const PRECISION_SLACK: f32 = 0.05;

/// 0..n in a fixed pseudo-random order (xorshift from a constant seed).
fn shuffled(n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order
}
