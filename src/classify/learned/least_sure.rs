//! The papers most worth labelling next for a topic: those whose probability lies
//! nearest the topic's threshold, where one more label moves the boundary most.

use std::collections::HashSet;

use super::Model;

/// A paper the model is unsure of for one topic.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsure {
    pub id: String,
    pub probability: f32,
}

/// Collects, over papers seen one at a time, the `keep` least sure of for each
/// chosen topic, leaving out papers already labelled for it.
#[derive(Debug)]
pub struct LeastSure {
    topics: Vec<Watched>,
    keep: usize,
}

/// One chosen topic and the papers kept for it so far.
#[derive(Debug)]
struct Watched {
    /// Its index in the model.
    index: usize,
    /// Its threshold's log-odds.
    threshold: f32,
    labelled: HashSet<String>,
    /// With their distance from the threshold in log-odds, nearest first.
    kept: Vec<(f32, Unsure)>,
}

fn log_odds(p: f32) -> f32 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

impl LeastSure {
    /// For `topics` (slugs with the ids already labelled for each) of `model`;
    /// slugs the model lacks are left out.
    pub fn new(model: &Model, topics: Vec<(String, HashSet<String>)>, keep: usize) -> LeastSure {
        let topics = topics
            .into_iter()
            .filter_map(|(slug, labelled)| {
                let index = model.topics.iter().position(|t| t.slug == slug)?;
                Some(Watched {
                    index,
                    threshold: log_odds(model.topics[index].threshold),
                    labelled,
                    kept: Vec::new(),
                })
            })
            .collect();
        LeastSure { topics, keep }
    }

    /// Looks at one paper's probabilities (in model order).
    pub fn observe(&mut self, id: &str, probabilities: &[f32]) {
        for Watched { index, threshold, labelled, kept } in &mut self.topics {
            let Some(&p) = probabilities.get(*index) else { continue };
            let distance = (log_odds(p) - *threshold).abs();
            if kept.len() == self.keep && kept.last().is_some_and(|(d, _)| *d <= distance) {
                continue;
            }
            if labelled.contains(id) {
                continue;
            }
            let at = kept.partition_point(|(d, _)| *d <= distance);
            kept.insert(at, (distance, Unsure { id: id.to_string(), probability: p }));
            kept.truncate(self.keep);
        }
    }

    /// Per chosen topic (by model index), the papers least sure of, nearest first.
    pub fn finish(self, model: &Model) -> Vec<(String, Vec<Unsure>)> {
        self.topics
            .into_iter()
            .map(|watched| {
                let papers = watched.kept.into_iter().map(|(_, unsure)| unsure).collect();
                (model.topics[watched.index].slug.clone(), papers)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_papers_nearest_the_threshold_and_skips_labelled_ones() {
        let model = super::super::builtin().expect("the shipped model");
        let index = model.topics.iter().position(|t| t.slug == "inference").expect("inference");
        let threshold = model.topics[index].threshold;
        let labelled: HashSet<String> = ["2501.00004".to_string()].into();
        let mut least_sure =
            LeastSure::new(&model, vec![("inference".into(), labelled), ("nope".into(), HashSet::new())], 2);
        let mut probabilities = vec![0.0f32; model.topics.len()];
        for (id, p) in [
            ("2501.00001", 0.001),
            ("2501.00002", threshold),
            ("2501.00003", 0.999),
            ("2501.00004", threshold),
            ("2501.00005", (threshold * 0.8).max(0.0)),
        ] {
            probabilities[index] = p;
            least_sure.observe(id, &probabilities);
        }
        let found = least_sure.finish(&model);
        assert_eq!(found.len(), 1, "a slug the model lacks is left out");
        let ids: Vec<&str> = found[0].1.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(found[0].0, "inference");
        assert_eq!(ids, ["2501.00002", "2501.00005"]);
    }
}
