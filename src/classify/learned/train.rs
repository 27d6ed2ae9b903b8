//! Training a [`Model`]: one-vs-rest logistic regression by stochastic gradient
//! descent in a fixed order (so the same labels always give the same model), and a
//! threshold per topic chosen on out-of-fold predictions of a cross-validation.
//!
//! A category can only speak for a topic, never against it (its weights stay at 0
//! or above), so a paper's words decide its topics wherever it is filed: LLM work
//! posted only in cs.DC or eess.SP is judged like the same abstract in cs.CL. A
//! user's own topic learns from its words, its pairs, the categories and its own
//! phrases only: another topic's phrase score would let a broad parent outvote what
//! the user's labels mean.

use super::features::{Kind, Sparse, Tokens, Vocabulary};
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
    /// An unlabelled paper of the user's feed, there for the user's own topics
    /// alone: it is left out of the vocabulary, the folds' draw and the learning
    /// rate's schedule, so the other topics train exactly as without it. Such
    /// papers come after all others.
    pub background: bool,
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
    /// A shipped topic's threshold is chosen in this range, so that it can
    /// neither fire on everything nor never.
    pub threshold_range: (f32, f32),
    /// A threshold is not lowered below the precision this reaches on held-out folds.
    pub min_precision: f32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            epochs: 40,
            learning_rate: 0.5,
            l2: 1e-5,
            folds: 5,
            min_df: 3,
            threshold_range: (0.15, 0.8),
            min_precision: 0.8,
        }
    }
}

/// A topic to learn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicToLearn {
    pub slug: String,
    /// A user's own topic: it learns from its own labels' words, not from the
    /// phrase scores of the taxonomy's other topics.
    pub own: bool,
}

/// A trained model and how well each topic did on the papers it was trained on,
/// each scored by a model that never saw it.
#[derive(Debug, Clone)]
pub struct Trained {
    pub model: Model,
    /// In the model's topic order.
    pub fits: Vec<TopicFit>,
}

/// One topic's cross-validated counts at its chosen threshold: each paper scored
/// by a model trained without it. The threshold was chosen on the same held-out
/// scores, so on new papers expect less.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TopicFit {
    /// A user's own topic.
    pub own: bool,
    /// Papers labelled as in the topic, and how many of them it found.
    pub positives: usize,
    pub found: usize,
    /// Papers labelled as outside it (not assumed), and how many it took wrongly.
    pub negatives: usize,
    pub wrongly_taken: usize,
    /// Papers taken as outside it without a label, and how many of them it took:
    /// some of those belong to the topic, so they count apart.
    pub assumed: usize,
    pub assumed_taken: usize,
}

impl TopicFit {
    /// Of the labelled papers it took, the share that are labelled as in the topic.
    pub fn precision(&self) -> f64 {
        let taken = self.found + self.wrongly_taken;
        if taken == 0 { 0.0 } else { self.found as f64 / taken as f64 }
    }

    /// Of the papers labelled as in the topic, the share it found.
    pub fn recall(&self) -> f64 {
        if self.positives == 0 { 0.0 } else { self.found as f64 / self.positives as f64 }
    }

    /// What labels would help it most.
    pub fn advice(&self) -> Advice {
        if self.found + self.wrongly_taken + self.assumed_taken == 0 {
            Advice::MorePositives
        } else if self.negatives < FEW_NEGATIVES || self.precision() < LOW_PRECISION {
            Advice::Negatives
        } else {
            Advice::Enough
        }
    }
}

/// Below this many papers labelled outside a topic, it is told to get more.
const FEW_NEGATIVES: usize = 5;
/// Below this cross-validated precision, it is told to get negatives.
const LOW_PRECISION: f64 = 0.8;

/// What labels would help a topic most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advice {
    /// It takes nothing yet: more papers labelled in it.
    MorePositives,
    /// It takes papers outside it, or knows too few of them: papers labelled out of it.
    Negatives,
    Enough,
}

/// What a feature may do for a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    Free,
    /// Its weight stays at 0 or above: a category informs a topic, never vetoes it.
    NotAgainst,
    /// Left out: another topic's phrase score, for a user's own topic.
    Never,
}

/// Per feature and topic (`feature * k + topic`), what the feature may do.
fn feature_uses(vocabulary: &Vocabulary, topics: &[TopicToLearn]) -> Vec<Use> {
    vocabulary
        .names
        .iter()
        .flat_map(|(kind, name)| {
            topics.iter().map(move |topic| match kind {
                Kind::Word | Kind::Pair => Use::Free,
                Kind::Category => Use::NotAgainst,
                Kind::Phrases if topic.own && *name != topic.slug => Use::Never,
                Kind::Phrases => Use::Free,
            })
        })
        .collect()
}

/// Trains a model for `topics` on `examples`.
pub fn train(examples: &[Example], topics: &[TopicToLearn], settings: Settings) -> Trained {
    let slugs: Vec<String> = topics.iter().map(|t| t.slug.clone()).collect();
    let slugs = slugs.as_slice();
    let labelled = examples.iter().take_while(|e| !e.background).count();
    let tokens: Vec<Tokens> =
        examples[..labelled].iter().map(|e| Tokens::new(&e.title, &e.abstract_text, &e.categories)).collect();
    let vocabulary = Vocabulary::build(&tokens, slugs, settings.min_df);
    let uses = feature_uses(&vocabulary, topics);
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
    let mut order = shuffled(labelled);
    order.extend(labelled..n);
    // Out-of-fold probabilities: each paper scored by a model that never saw it.
    let mut held_out = vec![vec![0.0f32; k]; 2 * n];
    for fold in 0..settings.folds {
        let in_fold = |position: usize| position % settings.folds == fold;
        let training: Vec<usize> =
            order.iter().enumerate().filter(|(p, _)| !in_fold(*p)).map(|(_, &i)| i).collect();
        let (weights, bias) = fit(&features, examples, &rows(&training), &uses, k, settings);
        for (_, &i) in order.iter().enumerate().filter(|(p, _)| in_fold(*p)) {
            for row in [i, i + n] {
                held_out[row] = scores(&weights, &bias, &features[row], k);
            }
        }
    }
    let (weights, bias) = fit(&features, examples, &rows(&order), &uses, k, settings);
    let thresholds: Vec<f32> = topics
        .iter()
        .enumerate()
        .map(|(j, topic)| threshold(examples, &held_out, j, topic.own, settings))
        .collect();
    let fits = thresholds
        .iter()
        .zip(topics)
        .enumerate()
        .map(|(j, (&t, topic))| TopicFit { own: topic.own, ..fit_of(examples, &held_out, j, t) })
        .collect();
    let topics = slugs
        .iter()
        .zip(thresholds)
        .enumerate()
        .map(|(j, (slug, threshold))| TopicModel { slug: slug.clone(), bias: bias[j], threshold })
        .collect();
    Trained { model: Model::quantised(topics, vocabulary, &weights), fits }
}

/// One topic's out-of-fold counts at `threshold`, on the papers with their
/// categories (each paper once).
fn fit_of(examples: &[Example], held_out: &[Vec<f32>], topic: usize, threshold: f32) -> TopicFit {
    let mut fit = TopicFit::default();
    for (example, p) in examples.iter().zip(held_out) {
        let taken = p[topic] >= threshold;
        match example.labels[topic] {
            Label::Yes => {
                fit.positives += 1;
                fit.found += usize::from(taken);
            }
            Label::No => {
                fit.negatives += 1;
                fit.wrongly_taken += usize::from(taken);
            }
            Label::Unlikely => {
                fit.assumed += 1;
                fit.assumed_taken += usize::from(taken);
            }
            Label::Unknown => {}
        }
    }
    fit
}

/// Fits every topic on the papers at `rows`, in that order, `epochs` times, each
/// feature used as `uses` allows; `k` topics.
fn fit(
    features: &[Sparse],
    examples: &[Example],
    rows: &[usize],
    uses: &[Use],
    k: usize,
    settings: Settings,
) -> (Vec<f32>, Vec<f32>) {
    let mut weights = vec![0.0f32; uses.len()];
    let mut bias = vec![0.0f32; k];
    let mut step = 0u32;
    // The average of the later epochs' weights: steadier than the last epoch's.
    let mut average = (vec![0.0f32; uses.len()], vec![0.0f32; k], 0.0f32);
    for epoch in 0..settings.epochs {
        for &i in rows {
            let example = &examples[i % examples.len()];
            step += u32::from(!example.background);
            let rate = settings.learning_rate / (1.0 + settings.learning_rate * settings.l2 * step as f32);
            let x = &features[i];
            let z = scores(&weights, &bias, x, k);
            for (j, label) in example.labels.iter().enumerate() {
                let Some((y, weight)) = label.target(example.weight) else {
                    continue;
                };
                let gradient = (z[j] - y) * weight;
                for &(feature, value) in x {
                    let slot = feature as usize * k + j;
                    let w = &mut weights[slot];
                    match uses[slot] {
                        Use::Free => *w -= rate * (gradient * value + settings.l2 * *w),
                        Use::NotAgainst => *w = (*w - rate * (gradient * value + settings.l2 * *w)).max(0.0),
                        Use::Never => {}
                    }
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

/// Papers of a shipped topic needed among the natural ones to choose its threshold
/// on them alone; with fewer, every labelled paper counts.
const NATURAL_POSITIVES: usize = 10;
/// The lowest threshold of a new topic, whose probabilities stay low.
const NEW_TOPIC_LOWEST: f32 = 0.02;
/// A new topic's threshold as a share of its positives' mean held-out probability.
const NEW_TOPIC_SHARE: f32 = 0.85;
/// The highest threshold of a new topic: a paper the model finds likelier in than
/// out is taken, however alike (and so however sure) the user's positives are.
const NEW_TOPIC_HIGHEST: f32 = 0.5;

fn natural_positives(examples: &[Example], topic: usize) -> usize {
    examples.iter().filter(|e| e.natural && e.labels[topic] == Label::Yes).count()
}

/// A shipped topic's threshold: the one with the best F1 on held-out predictions
/// among those precise enough, reaching the minimum precision or, for a topic that
/// never does, within a little of the best precision it reaches. Papers picked for
/// their topics would set it too low for a real week's mix, so only the natural
/// ones count when they hold enough of the topic. A user's own topic is set by
/// [`new_topic_threshold`].
fn threshold(
    examples: &[Example],
    held_out: &[Vec<f32>],
    topic: usize,
    own: bool,
    settings: Settings,
) -> f32 {
    if own {
        return new_topic_threshold(examples, held_out, topic);
    }
    let natural_only = natural_positives(examples, topic) >= NATURAL_POSITIVES;
    let counted = |e: &Example| e.natural || !natural_only;
    let (low, high) = settings.threshold_range;
    let steps = (low * 100.0).round() as u32..=(high * 100.0).round() as u32;
    let measured: Vec<(f32, f32, f32)> = steps
        .map(|step| {
            let candidate = step as f32 / 100.0;
            let (mut tp, mut fp, mut fn_) = (0.0f32, 0.0f32, 0.0f32);
            for (example, p) in examples.iter().cycle().zip(held_out).filter(|(e, _)| counted(e)) {
                // Every paper counts once here, whatever it weighed in training:
                // a user's label tripled would make the topic look more precise.
                let Some((y, _)) = example.labels[topic].target(1.0) else {
                    continue;
                };
                match (y > 0.5, p[topic] >= candidate) {
                    (true, true) => tp += 1.0,
                    (true, false) => fn_ += 1.0,
                    (false, true) => fp += 1.0,
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

/// A user's new topic: a share of the mean held-out probability of the papers
/// labelled in it, each counted once. Its other papers (the shipped ones and the
/// user's feed, taken as outside it) hold some of its papers unlabelled, so a
/// precision measured on them is too low by an amount that changes with every
/// draw of labels: chosen that way, the threshold of five narrow topics landed
/// anywhere from 0.02 to 0.62 and a topic found 3% of its papers or took twice
/// too many. How sure the model is of the user's own positives is steadier. This
/// is the rule of learning from positive and unlabelled papers (Elkan and Noto,
/// 2008: where a paper's probability of being labelled is `g`, its probability of
/// being in the topic is `g / c`, `c` the mean `g` of the labelled ones), with
/// the share set for precision: 0.5 takes every paper more likely in than out;
/// 0.85 was the share of 0.5, 0.7 and 0.85 that kept every narrow topic of
/// `examples/label_curve` at a precision of 0.8 or more from 20 labels.
fn new_topic_threshold(examples: &[Example], held_out: &[Vec<f32>], topic: usize) -> f32 {
    let positives: Vec<f32> = examples
        .iter()
        .zip(held_out)
        .filter(|(e, _)| e.labels[topic] == Label::Yes)
        .map(|(_, p)| p[topic])
        .collect();
    if positives.is_empty() {
        // Nothing to learn it from: never assign it.
        return 1.0;
    }
    let mean = positives.iter().sum::<f32>() / positives.len() as f32;
    (mean * NEW_TOPIC_SHARE).clamp(NEW_TOPIC_LOWEST, NEW_TOPIC_HIGHEST)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn example(label: Label, natural: bool) -> Example {
        Example {
            title: String::new(),
            abstract_text: String::new(),
            phrases: Vec::new(),
            categories: Vec::new(),
            labels: vec![label],
            weight: 1.0,
            natural,
            background: false,
        }
    }

    /// A new topic's threshold follows how sure the model is of its positives,
    /// whatever its unlabelled papers score: they hold some of its papers.
    #[test]
    fn a_new_topics_threshold_is_a_share_of_its_positives_mean() {
        let examples = [
            example(Label::Yes, false),
            example(Label::Yes, false),
            example(Label::No, false),
            example(Label::Unlikely, true),
            example(Label::Unlikely, true),
        ];
        // Each paper's held-out probability, with its categories and then without.
        let held_out: Vec<Vec<f32>> =
            [0.5, 0.3, 0.2, 0.35, 0.9, 0.0, 0.0, 0.0, 0.0, 0.0].map(|p| vec![p]).to_vec();
        let threshold = threshold(&examples, &held_out, 0, true, Settings::default());
        assert!((threshold - 0.4 * NEW_TOPIC_SHARE).abs() < 1e-6, "{threshold}");
        let unsure: Vec<Vec<f32>> = held_out.iter().map(|p| vec![p[0] / 100.0]).collect();
        assert_eq!(threshold_of(&examples, &unsure), NEW_TOPIC_LOWEST, "never below the floor");
        let sure: Vec<Vec<f32>> = held_out.iter().map(|_| vec![0.99]).collect();
        assert_eq!(
            threshold_of(&examples, &sure),
            NEW_TOPIC_HIGHEST,
            "a paper likelier in than out is taken"
        );
        let nothing_in = [example(Label::No, false), example(Label::Unlikely, true)];
        assert_eq!(
            threshold_of(&nothing_in, &[vec![0.9], vec![0.9], vec![0.9], vec![0.9]]),
            1.0,
            "never assigned"
        );
    }

    fn threshold_of(examples: &[Example], held_out: &[Vec<f32>]) -> f32 {
        threshold(examples, held_out, 0, true, Settings::default())
    }

    /// A shipped topic's threshold is chosen on the natural papers, at the best F1
    /// that reaches the minimum precision.
    #[test]
    fn a_shipped_topics_threshold_reaches_the_minimum_precision() {
        let mut examples = Vec::new();
        let mut scores = Vec::new();
        // 20 natural positives scored 0.6, 10 natural negatives at 0.5 and 10 at 0.3.
        for (label, p, n) in [(Label::Yes, 0.6, 20), (Label::No, 0.5, 10), (Label::No, 0.3, 10)] {
            for _ in 0..n {
                examples.push(example(label, true));
                scores.push(vec![p]);
            }
        }
        scores.extend(scores.clone());
        let threshold = threshold(&examples, &scores, 0, false, Settings::default());
        // At 0.31 to 0.5 it takes 30 papers, 20 right (0.67); above 0.5 only the 20.
        assert!(threshold > 0.5 && threshold <= 0.6, "{threshold}");
    }
}
