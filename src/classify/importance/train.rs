//! Training the importance model: each head by logistic regression over the
//! prior's features, and the ranking's weights by logistic regression over the
//! signals of the papers of a curator's weeks (picked or not), each fitted to its
//! optimum ([`fit`]), so the same data always gives the same model.

use super::fit::{Problem, fit};
use super::{ATTENTION, FACT_NAMES, Facts, Head, RANK_NAMES, Ranking};
use crate::classify::learned::features::{Kind, Sparse};

/// The signal that says whether a paper was featured.
const FEATURED_SIGNAL: usize = ATTENTION.start;

/// What the heads read of one training paper.
#[derive(Debug, Clone, Default)]
pub struct PriorInput {
    /// Its features as the topic model reads them.
    pub text: Sparse,
    /// Its topic model's probabilities.
    pub probabilities: Vec<f32>,
    /// Its facts, when its metadata is known.
    pub facts: Option<Facts>,
    /// Its authors' record features, when its authors are known.
    pub record: Option<[f32; 2]>,
}

/// What a head reads of a paper.
#[derive(Debug, Clone, Copy)]
pub struct Reads {
    /// Which kinds of text feature.
    pub kinds: &'static [Kind],
    /// Whether the topic probabilities.
    pub topics: bool,
    /// Whether the facts and the authors' record.
    pub metadata: bool,
}

/// The community head reads everything.
pub const COMMUNITY_READS: Reads =
    Reads { kinds: &[Kind::Word, Kind::Pair, Kind::Category, Kind::Phrases], topics: true, metadata: true };
/// The curator head reads the text only: its training papers are a sample whose
/// mix of categories says nothing about what curators pick, and has no authors
/// or comments; and the topic probabilities, learned from other papers, made it
/// worse on held-out weeks (0.31 of the picks found against 0.39).
pub const CURATOR_READS: Reads =
    Reads { kinds: &[Kind::Word, Kind::Pair, Kind::Phrases], topics: false, metadata: false };

/// Where each part of the prior's features sits in one row: text features, then
/// topic probabilities, facts and the authors' record.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The text features' kinds, by feature.
    pub kinds: Vec<Kind>,
    pub topics: usize,
    pub reads: Reads,
}

impl Layout {
    fn width(&self) -> usize {
        self.kinds.len() + self.topics + FACT_NAMES.len() + 2
    }

    /// One paper's row. Unknown facts or records are left out (they read as 0).
    pub fn row(&self, input: &PriorInput) -> Sparse {
        let n = self.kinds.len();
        let mut row: Sparse = input
            .text
            .iter()
            .filter(|(feature, _)| self.reads.kinds.contains(&self.kinds[*feature as usize]))
            .copied()
            .collect();
        let offset = |i: usize| (n + i) as u32;
        if self.reads.topics {
            row.extend(input.probabilities.iter().enumerate().map(|(i, &p)| (offset(i), p)));
        }
        if self.reads.metadata {
            if let Some(facts) = &input.facts {
                let facts = facts.iter().enumerate().filter(|(_, v)| **v != 0.0);
                row.extend(facts.map(|(i, &v)| (offset(self.topics + i), v)));
            }
            if let Some(record) = input.record {
                let at = self.topics + FACT_NAMES.len();
                row.extend([(offset(at), record[0]), (offset(at + 1), record[1])]);
            }
        }
        row
    }

    /// The head whose weights, in this layout, are `weights` and `bias`.
    fn head(&self, weights: &[f32], bias: f32) -> Head {
        let n = self.kinds.len();
        let facts = &weights[n + self.topics..n + self.topics + FACT_NAMES.len()];
        let record = &weights[n + self.topics + FACT_NAMES.len()..];
        Head {
            bias,
            text: weights[..n].to_vec(),
            topics: weights[n..n + self.topics].to_vec(),
            facts: std::array::from_fn(|i| facts[i]),
            record: [record[0], record[1]],
        }
    }
}

/// What one head learns from.
#[derive(Debug, Clone, Copy)]
pub struct HeadExample<'a> {
    pub input: &'a PriorInput,
    pub positive: bool,
    pub weight: f32,
}

/// Fits one head on `examples`, reading what `layout` says, with L2 penalty `l2`.
pub fn train_head(examples: &[HeadExample], layout: &Layout, l2: f64) -> Head {
    let rows: Vec<Sparse> = examples.iter().map(|e| layout.row(e.input)).collect();
    let targets: Vec<f32> = examples.iter().map(|e| if e.positive { 1.0 } else { 0.0 }).collect();
    let weights: Vec<f32> = examples.iter().map(|e| e.weight).collect();
    let problem = Problem {
        rows: &rows,
        targets: &targets,
        weights: &weights,
        offsets: &[],
        features: layout.width(),
        l2,
    };
    let fitted = fit(&problem);
    layout.head(&fitted.weights, fitted.bias)
}

/// The log-odds of one head for one paper, as [`train_head`]'s head gives them.
pub fn head_log_odds(head: &Head, layout: &Layout, input: &PriorInput) -> f32 {
    let n = layout.kinds.len();
    let weight = |feature: usize| -> f32 {
        if feature < n {
            head.text[feature]
        } else if feature < n + layout.topics {
            head.topics[feature - n]
        } else if feature < n + layout.topics + FACT_NAMES.len() {
            head.facts[feature - n - layout.topics]
        } else {
            head.record[feature - n - layout.topics - FACT_NAMES.len()]
        }
    };
    head.bias + layout.row(input).iter().map(|&(f, v)| weight(f as usize) * v).sum::<f32>()
}

/// One paper of a curator's week, as the ranking sees it.
#[derive(Debug, Clone, Copy)]
pub struct RankingExample {
    pub values: [f32; RANK_NAMES.len()],
    pub picked: bool,
}

/// Fits the ranking's weights: a logistic regression of "picked" on the signals,
/// centred on their means, with L2 penalty `l2`. Every weight is kept at 0 or
/// above (more of a signal never makes a paper less important): a signal fitted
/// below 0 is left out and the rest fitted again.
pub fn fit_ranking(examples: &[RankingExample], l2: f64, tracked_author: f32) -> Ranking {
    let mean_of = |papers: &[&RankingExample]| -> [f32; RANK_NAMES.len()] {
        let count = papers.len().max(1) as f32;
        std::array::from_fn(|i| papers.iter().map(|e| e.values[i]).sum::<f32>() / count)
    };
    let means = mean_of(&examples.iter().collect::<Vec<_>>());
    let featured: Vec<&RankingExample> =
        examples.iter().filter(|e| e.values[FEATURED_SIGNAL] > 0.0).collect();
    let featured_means = mean_of(&featured);
    let targets: Vec<f32> = examples.iter().map(|e| if e.picked { 1.0 } else { 0.0 }).collect();
    let weights = vec![1.0; examples.len()];
    let mut used = [true; RANK_NAMES.len()];
    loop {
        let rows: Vec<Sparse> = examples
            .iter()
            .map(|e| {
                let centred = e.values.iter().zip(&means).map(|(v, m)| v - m).enumerate();
                centred.filter(|(i, _)| used[*i]).map(|(i, v)| (i as u32, v)).collect()
            })
            .collect();
        let problem = Problem {
            rows: &rows,
            targets: &targets,
            weights: &weights,
            offsets: &[],
            features: RANK_NAMES.len(),
            l2,
        };
        let fitted = fit(&problem);
        let negative: Vec<usize> = (0..RANK_NAMES.len()).filter(|&i| fitted.weights[i] < 0.0).collect();
        if negative.is_empty() {
            let weights = std::array::from_fn(|i| fitted.weights[i]);
            return Ranking { weights, means, featured_means, tracked_author };
        }
        negative.into_iter().for_each(|i| used[i] = false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(word: u32, facts: Option<Facts>) -> PriorInput {
        PriorInput { text: vec![(word, 1.0)], probabilities: vec![0.5], facts, record: Some([1.0, 0.5]) }
    }

    #[test]
    fn a_head_learns_which_words_mark_positives_and_reads_only_its_kinds() {
        let kinds = vec![Kind::Word, Kind::Word, Kind::Category];
        let layout = Layout { kinds, topics: 1, reads: CURATOR_READS };
        let inputs: Vec<PriorInput> = (0..200).map(|i| input(i % 3, None)).collect();
        let examples: Vec<HeadExample> = inputs
            .iter()
            .map(|i| HeadExample { input: i, positive: i.text[0].0 == 0, weight: 1.0 })
            .collect();
        let head = train_head(&examples, &layout, 0.1);
        assert!(head.text[0] > 1.0 && head.text[1] < -0.5, "{:?}", head.text);
        assert_eq!(head.text[2], 0.0, "categories are not read");
        assert_eq!(head.topics, [0.0], "nor topics");
        assert_eq!(head.record, [0.0, 0.0], "nor the record");
        assert!(head_log_odds(&head, &layout, &inputs[0]) > 0.0);
        assert!(head_log_odds(&head, &layout, &inputs[1]) < 0.0);
        let again = train_head(&examples, &layout, 0.1);
        assert_eq!(head, again, "the same data gives the same head");
    }

    #[test]
    fn the_ranking_weighs_what_tells_picks_apart() {
        let examples: Vec<RankingExample> = (0..400)
            .map(|i| {
                let picked = i % 10 == 0;
                let mut values = [0.0; RANK_NAMES.len()];
                values[0] = if picked { 2.0 } else { (i % 7) as f32 / 7.0 };
                values[3] = ((i / 10) % 5) as f32;
                values[1] = if i % 4 == 0 { 1.0 } else { 0.0 };
                RankingExample { values, picked }
            })
            .collect();
        let ranking = fit_ranking(&examples, 0.1, 3.0);
        assert!(ranking.weights[0] > 1.0, "{:?}", ranking.weights);
        assert!(ranking.weights.iter().all(|w| *w >= 0.0), "no signal counts against a paper");
        assert!(ranking.weights[3].abs() < 0.3, "noise gets little weight: {:?}", ranking.weights);
        assert!((ranking.means[3] - 2.0).abs() < 1e-6);
        assert!((ranking.means[1] - 0.25).abs() < 1e-6 && ranking.featured_means[1] == 1.0);
        let parts = ranking.parts(&ranking.means);
        assert!(parts.iter().all(|p| *p == 0.0), "the average paper scores 0");
    }
}
