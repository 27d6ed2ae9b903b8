//! A trained model: per topic a logistic regression over [`features`](super::features)
//! with its own threshold, stored in a compact binary file (weights quantised to
//! 16 bits per topic) that the binary embeds and `papers train` writes.

use super::features::{FeatureId, Kind, MAX_FEATURES, Sparse, Vocabulary};
use crate::classify::bytes::{Malformed, Reader, put_str, put_u32};

const MAGIC: &[u8] = b"papers-model 1\n";

/// One topic's decision rule.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicModel {
    pub slug: String,
    pub bias: f32,
    /// The probability at or above which the topic is assigned.
    pub threshold: f32,
}

/// What made one feature push a topic up or down.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Contribution {
    /// `word`, `pair`, `category` or `phrases`.
    pub kind: &'static str,
    pub feature: String,
    /// Its weight times its value: positive pushes the topic up.
    pub points: f32,
}

/// Topics whose weights are read and summed together: the 17 built-in topics and
/// a user's few new ones in one group, summed in six vector registers.
const LANES: usize = 24;

/// One feature's weights for a group of [`LANES`] topics. They are the file's
/// 16-bit quanta held as f32 (exactly): summing them needs no conversion, which
/// took half the instructions of the dot products, and 24 lanes of f32 are about
/// the size of 32 of 16 bits.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(32))]
struct Lanes([f32; LANES]);

#[derive(Debug, Clone)]
pub struct Model {
    pub topics: Vec<TopicModel>,
    pub vocabulary: Vocabulary,
    /// Quantised weights, feature-major: a feature's row is [`Model::row_width`]
    /// groups of [`LANES`] topics (zero past the last topic), so that scoring a
    /// paper reads one short row per feature (up to 24 topics) and sums a fixed
    /// width that the compiler turns into vector instructions.
    weights: Vec<Lanes>,
    /// Per topic, the weight of one quantisation step.
    scales: Vec<f32>,
    /// A hash of the model's file, which names it in stored topics' fingerprints.
    pub digest: u64,
}

/// Why a model file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a papers model file ({0})")]
pub struct ModelError(String);

impl From<Malformed> for ModelError {
    fn from(malformed: Malformed) -> ModelError {
        ModelError(malformed.0)
    }
}

impl Model {
    /// The model with these weights (`weights[feature * topics + topic]`), quantised
    /// as its file stores them: per topic, 16 bits scaled to its largest weight.
    pub fn quantised(topics: Vec<TopicModel>, vocabulary: Vocabulary, weights: &[f32]) -> Model {
        let k = topics.len();
        let scales: Vec<f32> = (0..k)
            .map(|j| {
                let largest = weights.iter().skip(j).step_by(k).fold(0.0f32, |m, w| m.max(w.abs()));
                if largest > 0.0 { largest / f32::from(i16::MAX) } else { 1.0 }
            })
            .collect();
        let quantised = weights
            .iter()
            .enumerate()
            .map(|(index, weight)| (weight / scales[index % k]).round().clamp(-32767.0, 32767.0) as i16);
        let weights = rows_of(quantised, vocabulary.len(), k);
        let mut model = Model { topics, vocabulary, weights, scales, digest: 0 };
        model.digest = digest(&model.to_bytes());
        model
    }

    pub fn topic_index(&self, slug: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.slug == slug)
    }

    /// How many groups of [`LANES`] hold a feature's weights.
    fn row_width(&self) -> usize {
        self.topics.len().div_ceil(LANES)
    }

    /// The quantised weight of `feature` for `topic`, as the lanes hold it.
    fn lane(&self, feature: FeatureId, topic: usize) -> f32 {
        self.weights[feature as usize * self.row_width() + topic / LANES].0[topic % LANES]
    }

    fn quantum(&self, feature: FeatureId, topic: usize) -> i16 {
        // Exact: the lanes hold 16-bit integers.
        self.lane(feature, topic) as i16
    }

    /// The weight of `feature` for `topic`.
    pub fn weight(&self, feature: FeatureId, topic: usize) -> f32 {
        self.lane(feature, topic) * self.scales[topic]
    }

    /// The probability of each topic, in model order, into `out` (whose room is
    /// reused from paper to paper).
    pub fn probabilities(&self, features: &Sparse, out: &mut Vec<f32>) {
        // Sums of quantised weights times values, scaled once per topic at the end:
        // per feature, one row of multiply-adds that the compiler vectorises.
        // A group of topics at a time (one for up to 24), so that its sums stay in
        // registers.
        out.clear();
        let width = self.row_width();
        for (group, topics) in self.topics.chunks(LANES).enumerate() {
            let mut sum = [0.0f32; LANES];
            for &(feature, value) in features {
                let lanes = &self.weights[feature as usize * width + group].0;
                sum.iter_mut().zip(lanes).for_each(|(sum, &w)| *sum += w * value);
            }
            let scales = &self.scales[group * LANES..];
            let probabilities = topics.iter().zip(scales).zip(sum);
            out.extend(probabilities.map(|((topic, scale), sum)| sigmoid(topic.bias + scale * sum)));
        }
    }

    /// The features that moved `topic` most, strongest first (at most `limit`).
    pub fn contributions(&self, features: &Sparse, topic: usize, limit: usize) -> Vec<Contribution> {
        let mut all: Vec<Contribution> = features
            .iter()
            .map(|&(feature, value)| {
                let (kind, name) = &self.vocabulary.names[feature as usize];
                Contribution {
                    kind: kind.name(),
                    feature: name.clone(),
                    points: self.weight(feature, topic) * value,
                }
            })
            .filter(|c| c.points != 0.0)
            .collect();
        all.sort_by(|a, b| b.points.abs().total_cmp(&a.points.abs()).then_with(|| a.feature.cmp(&b.feature)));
        all.truncate(limit);
        all
    }

    /// The model as its file: the same model always gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let k = self.topics.len();
        let mut out = MAGIC.to_vec();
        put_u32(&mut out, k as u32);
        for (topic, scale) in self.topics.iter().zip(&self.scales) {
            put_str(&mut out, &topic.slug);
            out.extend(topic.bias.to_le_bytes());
            out.extend(topic.threshold.to_le_bytes());
            out.extend(scale.to_le_bytes());
        }
        put_u32(&mut out, self.vocabulary.len() as u32);
        for ((kind, name), idf) in self.vocabulary.names.iter().zip(&self.vocabulary.idf) {
            out.push(*kind as u8);
            put_str(&mut out, name);
            out.extend(idf.to_le_bytes());
        }
        for feature in 0..self.vocabulary.len() as FeatureId {
            for topic in 0..k {
                out.extend(self.quantum(feature, topic).to_le_bytes());
            }
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut input = Reader::new(bytes);
        input.header(MAGIC)?;
        let k = input.u32()? as usize;
        let mut topics = Vec::new();
        let mut scales = Vec::new();
        for _ in 0..k {
            let slug = input.string()?;
            let (bias, threshold, scale) = (input.f32()?, input.f32()?, input.f32()?);
            if topics.iter().any(|t: &TopicModel| t.slug == slug) {
                return Err(ModelError(format!("topic {slug} twice")));
            }
            if !(bias.is_finite() && threshold.is_finite() && scale.is_finite() && scale > 0.0) {
                return Err(ModelError(format!("topic {slug} has unusable numbers")));
            }
            topics.push(TopicModel { slug, bias, threshold });
            scales.push(scale);
        }
        let n = input.u32()? as usize;
        if n > MAX_FEATURES {
            return Err(ModelError(format!("{n} features, more than {MAX_FEATURES}")));
        }
        let mut names = Vec::new();
        let mut idf = Vec::new();
        for _ in 0..n {
            let code = input.u8()?;
            let kind =
                Kind::from_code(code).ok_or_else(|| ModelError(format!("unknown feature kind {code}")))?;
            names.push((kind, input.string()?));
            idf.push(input.f32()?);
        }
        let cells = n.checked_mul(k).and_then(|c| c.checked_mul(2));
        let raw = input.take(cells.ok_or_else(|| ModelError("impossible sizes".into()))?)?;
        if !input.at_end() {
            return Err(ModelError("trailing bytes".into()));
        }
        let quantised = raw.chunks_exact(2).map(|pair| i16::from_le_bytes([pair[0], pair[1]]));
        let weights = rows_of(quantised, n, k);
        let vocabulary = Vocabulary::from_names(names, idf);
        Ok(Model { topics, vocabulary, weights, scales, digest: digest(bytes) })
    }
}

/// `n` features' weights for `k` topics, feature by feature, as rows of [`Lanes`].
fn rows_of(quantised: impl Iterator<Item = i16>, n: usize, k: usize) -> Vec<Lanes> {
    let width = k.div_ceil(LANES);
    let mut rows = vec![Lanes([0.0; LANES]); n * width];
    for (index, q) in quantised.enumerate() {
        let (feature, topic) = (index / k, index % k);
        rows[feature * width + topic / LANES].0[topic % LANES] = f32::from(q);
    }
    rows
}

fn digest(bytes: &[u8]) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    std::hash::Hasher::write(&mut hasher, bytes);
    std::hash::Hasher::finish(&hasher)
}

pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}
