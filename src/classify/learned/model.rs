//! A trained model: per topic a logistic regression over [`features`](super::features)
//! with its own threshold, stored in a compact binary file (weights quantised to
//! 16 bits per topic) that the binary embeds and `papers train` writes.

use super::features::{Kind, Sparse, Vocabulary};

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

/// Weights of every topic, feature-major: `weights[feature * topics + topic]`.
#[derive(Debug, Clone)]
pub struct Model {
    pub topics: Vec<TopicModel>,
    pub vocabulary: Vocabulary,
    pub weights: Vec<f32>,
    /// A hash of the model's file, which names it in stored topics' fingerprints.
    pub digest: u64,
}

/// Why a model file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a papers model file ({0}); run `papers train` to make a new one")]
pub struct ModelError(String);

impl Model {
    pub fn topic_index(&self, slug: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.slug == slug)
    }

    /// The probability of each topic, in model order.
    pub fn probabilities(&self, features: &Sparse) -> Vec<f32> {
        let k = self.topics.len();
        let mut z: Vec<f32> = self.topics.iter().map(|t| t.bias).collect();
        for &(feature, value) in features {
            let row = &self.weights[feature as usize * k..(feature as usize + 1) * k];
            z.iter_mut().zip(row).for_each(|(z, w)| *z += w * value);
        }
        z.into_iter().map(sigmoid).collect()
    }

    /// The features that moved `topic` most, strongest first (at most `limit`).
    pub fn contributions(&self, features: &Sparse, topic: usize, limit: usize) -> Vec<Contribution> {
        let k = self.topics.len();
        let mut all: Vec<Contribution> = features
            .iter()
            .map(|&(feature, value)| {
                let (kind, name) = &self.vocabulary.names[feature as usize];
                Contribution {
                    kind: kind_name(*kind),
                    feature: name.clone(),
                    points: self.weights[feature as usize * k + topic] * value,
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
        let mut scales = Vec::with_capacity(k);
        for (j, topic) in self.topics.iter().enumerate() {
            put_str(&mut out, &topic.slug);
            out.extend(topic.bias.to_le_bytes());
            out.extend(topic.threshold.to_le_bytes());
            let largest = self.weights.iter().skip(j).step_by(k).fold(0.0f32, |m, w| m.max(w.abs()));
            let scale = if largest > 0.0 { largest / f32::from(i16::MAX) } else { 1.0 };
            out.extend(scale.to_le_bytes());
            scales.push(scale);
        }
        put_u32(&mut out, self.vocabulary.len() as u32);
        for ((kind, name), idf) in self.vocabulary.names.iter().zip(&self.vocabulary.idf) {
            out.push(*kind as u8);
            put_str(&mut out, name);
            out.extend(idf.to_le_bytes());
        }
        for (index, weight) in self.weights.iter().enumerate() {
            let quantised = (weight / scales[index % k]).round().clamp(-32767.0, 32767.0) as i16;
            out.extend(quantised.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut input = Reader { bytes, at: 0 };
        if input.take(MAGIC.len())? != MAGIC {
            return Err(ModelError("wrong header".into()));
        }
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
        let mut names = Vec::new();
        let mut idf = Vec::new();
        for _ in 0..n {
            let kind = match input.take(1)?[0] {
                0 => Kind::Word,
                1 => Kind::Pair,
                2 => Kind::Category,
                3 => Kind::Phrases,
                other => return Err(ModelError(format!("unknown feature kind {other}"))),
            };
            names.push((kind, input.string()?));
            idf.push(input.f32()?);
        }
        let cells = n.checked_mul(k).and_then(|c| c.checked_mul(2));
        let raw = input.take(cells.ok_or_else(|| ModelError("impossible sizes".into()))?)?;
        if input.at != bytes.len() {
            return Err(ModelError("trailing bytes".into()));
        }
        let weights = raw
            .chunks_exact(2)
            .enumerate()
            .map(|(index, pair)| f32::from(i16::from_le_bytes([pair[0], pair[1]])) * scales[index % k])
            .collect();
        let mut hasher = rustc_hash::FxHasher::default();
        std::hash::Hasher::write(&mut hasher, bytes);
        let digest = std::hash::Hasher::finish(&hasher);
        Ok(Model { topics, vocabulary: Vocabulary::from_names(names, idf), weights, digest })
    }
}

pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Word => "word",
        Kind::Pair => "pair",
        Kind::Category => "category",
        Kind::Phrases => "phrases",
    }
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend(n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    let bytes = &text.as_bytes()[..text.len().min(usize::from(u16::MAX))];
    out.extend((bytes.len() as u16).to_le_bytes());
    out.extend(bytes);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| ModelError("cut short".into()))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }

    fn string(&mut self) -> Result<String, ModelError> {
        let b = self.take(2)?;
        let len = usize::from(u16::from_le_bytes([b[0], b[1]]));
        String::from_utf8(self.take(len)?.to_vec()).map_err(|_| ModelError("a name is not UTF-8".into()))
    }
}
