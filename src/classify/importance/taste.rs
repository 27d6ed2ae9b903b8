//! A writer's taste: what their picks (`papers pick`) have that the rest of their
//! weeks' papers lack, learned on top of the shipped score.
//!
//! A logistic regression over the topic model's features (words, word pairs,
//! categories, phrase scores) with each paper's score as a fixed offset: it
//! learns only what the score misses about the writer's picks. A strong penalty
//! keeps a handful of picks from moving much; its points are capped at
//! ±[`TASTE_BOUND`] (less until it has [`FULL_PICKS`] picks). Features are kept by name, so a taste survives a retrained
//! topic model.

use super::fit::{Problem, fit};
use crate::classify::bytes::{Malformed, Reader, put_f32, put_str, put_u32};
use crate::classify::learned::features::{Kind, Sparse};

const MAGIC: &[u8] = b"papers-taste 1\n";

/// The most a taste moves a score, either way...
pub const TASTE_BOUND: f32 = 3.0;
/// ... once it has this many picks; with fewer, proportionally less (a handful
/// of picks would otherwise reorder a week by chance).
pub const FULL_PICKS: f32 = 100.0;
/// The penalty on the taste's weights (1/C): strong, as a few picks are little
/// evidence against a model trained on thousands of papers. Chosen on the pick
/// curve (`examples/train_importance.rs --pick-curve`).
pub const TASTE_L2: f64 = 16.0;
/// Weights smaller than this are not kept.
const SMALLEST_WEIGHT: f32 = 1e-4;

/// A learned taste.
#[derive(Debug, Clone, PartialEq)]
pub struct Taste {
    /// Each feature's weight, by kind and name, largest first.
    pub weights: Vec<(Kind, String, f32)>,
    /// The picks and weeks it was learned from.
    pub picks: u32,
    pub weeks: u32,
}

/// Why a stored taste cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the stored taste is damaged ({0})")]
pub struct TasteError(String);

impl From<Malformed> for TasteError {
    fn from(malformed: Malformed) -> TasteError {
        TasteError(malformed.0)
    }
}

/// The papers a taste is learned from: the features of every paper of the weeks
/// with picks, its score without a taste, and whether it was picked.
#[derive(Debug, Clone, Copy)]
pub struct TasteData<'a> {
    pub features: &'a [Sparse],
    pub scores: &'a [f32],
    pub picked: &'a [bool],
    /// How much each paper counts (a sampled paper stands for several).
    pub weights: &'a [f32],
    /// The topic model's feature names, by feature.
    pub names: &'a [(Kind, String)],
    pub weeks: u32,
}

/// Learns a taste with penalty `l2`. It reads the words, word pairs and phrase
/// scores, not the categories: a writer's categories are better said with
/// `--category`, and a few weeks of picks would tie them to a category by chance.
pub fn learn(data: &TasteData, l2: f64) -> Taste {
    let targets: Vec<f32> = data.picked.iter().map(|&p| if p { 1.0 } else { 0.0 }).collect();
    let rows: Vec<Sparse> = data
        .features
        .iter()
        .map(|row| row.iter().copied().filter(|(f, _)| data.names[*f as usize].0 != Kind::Category).collect())
        .collect();
    let problem = Problem {
        rows: &rows,
        targets: &targets,
        weights: data.weights,
        offsets: data.scores,
        features: data.names.len(),
        l2,
    };
    let fitted = fit(&problem);
    let mut kept: Vec<(Kind, String, f32)> = fitted
        .weights
        .iter()
        .zip(data.names)
        .filter(|(w, _)| w.abs() >= SMALLEST_WEIGHT)
        .map(|(&w, (kind, name))| (*kind, name.clone(), w))
        .collect();
    kept.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()).then_with(|| a.1.cmp(&b.1)));
    Taste { weights: kept, picks: data.picked.iter().filter(|p| **p).count() as u32, weeks: data.weeks }
}

impl Taste {
    /// Its weights for a topic model with these feature names.
    pub fn align(&self, names: &[(Kind, String)]) -> AlignedTaste {
        let index: std::collections::HashMap<(Kind, &str), f32> =
            self.weights.iter().map(|(kind, name, w)| ((*kind, name.as_str()), *w)).collect();
        let bound = TASTE_BOUND * (self.picks as f32 / FULL_PICKS).min(1.0);
        AlignedTaste {
            weights: names
                .iter()
                .map(|(kind, name)| index.get(&(*kind, name.as_str())).copied().unwrap_or(0.0))
                .collect(),
            bound,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put_u32(&mut out, self.picks);
        put_u32(&mut out, self.weeks);
        put_u32(&mut out, self.weights.len() as u32);
        for (kind, name, weight) in &self.weights {
            out.push(*kind as u8);
            put_str(&mut out, name);
            put_f32(&mut out, *weight);
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Taste, TasteError> {
        let mut input = Reader::new(bytes);
        input.header(MAGIC)?;
        let (picks, weeks) = (input.u32()?, input.u32()?);
        let n = input.count(7)?;
        let mut weights = Vec::with_capacity(n);
        for _ in 0..n {
            let kind =
                Kind::from_code(input.u8()?).ok_or_else(|| TasteError("unknown feature kind".into()))?;
            weights.push((kind, input.string()?, input.finite()?));
        }
        if !input.at_end() {
            return Err(TasteError("trailing bytes".into()));
        }
        Ok(Taste { weights, picks, weeks })
    }
}

/// A taste's weights by the topic model's feature ids.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedTaste {
    weights: Vec<f32>,
    bound: f32,
}

impl AlignedTaste {
    /// The points a paper with these features gets, within ±[`TASTE_BOUND`] (less
    /// for a taste of fewer than [`FULL_PICKS`] picks).
    pub fn points(&self, features: &Sparse) -> f32 {
        let sum: f32 =
            features.iter().filter_map(|&(f, v)| self.weights.get(f as usize).map(|w| w * v)).sum();
        sum.clamp(-self.bound, self.bound)
    }

    /// The most its points can be, either way.
    pub fn bound(&self) -> f32 {
        self.bound
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<(Kind, String)> {
        ["agent", "robot", "speech"].iter().map(|w| (Kind::Word, w.to_string())).collect()
    }

    #[test]
    fn a_taste_learns_what_the_picks_share_beyond_the_score() {
        // Papers 0..90: the writer picks those with "robot" (feature 1), which the
        // score ranks like the rest.
        let features: Vec<Sparse> = (0..90u32).map(|i| vec![(i % 3, 1.0)]).collect();
        let scores = vec![-3.0; 90];
        let picked: Vec<bool> = (0..90).map(|i| i % 3 == 1 && i % 2 == 0).collect();
        let names = names();
        let data = TasteData {
            features: &features,
            scores: &scores,
            picked: &picked,
            weights: &[1.0; 90],
            names: &names,
            weeks: 3,
        };
        let taste = learn(&data, 1.0);
        assert_eq!(taste.weights[0].1, "robot", "{:?}", taste.weights);
        assert!(taste.weights[0].2 > 0.5);
        assert_eq!((taste.picks, taste.weeks), (15, 3));
        let aligned = taste.align(&names);
        assert!(aligned.points(&vec![(1, 1.0)]) > aligned.points(&vec![(2, 1.0)]));
        assert!(
            aligned.points(&vec![(1, 100.0)]) <= TASTE_BOUND * 15.0 / FULL_PICKS + 1e-6,
            "capped by its picks"
        );
        // A retrained topic model with the features in another order still reads it.
        let mut reordered = names.clone();
        reordered.reverse();
        assert_eq!(taste.align(&reordered).points(&vec![(1, 1.0)]), aligned.points(&vec![(1, 1.0)]));
        let bytes = taste.to_bytes();
        assert_eq!(Taste::from_bytes(&bytes), Ok(taste));
        assert!(Taste::from_bytes(&bytes[..bytes.len() - 2]).is_err());
        assert!(Taste::from_bytes(b"junk").is_err());
    }
}
