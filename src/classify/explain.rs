//! Why a paper got its topics: the phrases' evidence and verdict per topic, the
//! learned model's features, and the importance prior's. Reads a paper with the
//! same engine as [`Classifier::classify`], so an explanation always matches the
//! topics given.

use super::{Classifier, Decision, Document, Field, Reading, Source, importance, learned, round};

/// One piece of evidence for (or against) a topic.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Evidence {
    pub phrase: String,
    pub field: Option<Field>,
    /// What it added to the score (negative for exclusions).
    pub points: f64,
    pub kind: EvidenceKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    Include,
    Exclude,
    Prior,
}

/// Why a topic was or was not assigned.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Explanation {
    pub slug: String,
    pub score: f64,
    pub threshold: f64,
    pub assigned: bool,
    /// How the topic fared (`assigned` is whether it is [`Verdict::Assigned`]);
    /// written `dropped_because`, the sentence of [`Verdict::dropped_because`].
    #[serde(rename = "dropped_because", serialize_with = "reason")]
    pub verdict: Verdict,
    pub evidence: Vec<Evidence>,
}

/// How a topic fared, with what decided it when it reached its threshold but was
/// not kept.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Assigned,
    /// Its score stayed under its threshold.
    BelowThreshold,
    /// Only phrases weighing less than `anchor_weight` matched.
    Weak {
        anchor_weight: f64,
    },
    /// None of the phrases it requires appear.
    NoContext {
        requires: Vec<String>,
    },
    /// Under `relative_cutoff` of the best topic's score.
    CutOff {
        relative_cutoff: f64,
    },
    /// The paper already had `max_topics` better topics.
    OverCap {
        max_topics: usize,
    },
}

impl Verdict {
    /// Why a topic that reached its threshold was dropped, in a sentence.
    pub fn dropped_because(&self) -> Option<String> {
        match self {
            Verdict::Assigned | Verdict::BelowThreshold => None,
            Verdict::Weak { anchor_weight } => {
                Some(format!("only weak phrases (below weight {anchor_weight}) matched"))
            }
            Verdict::NoContext { requires } => {
                Some(format!("none of its required phrases ({}) appear", requires.join(", ")))
            }
            Verdict::CutOff { relative_cutoff } => {
                Some(format!("below {:.0}% of the best topic's score", relative_cutoff * 100.0))
            }
            Verdict::OverCap { max_topics } => Some(format!("a paper keeps at most {max_topics} topics")),
        }
    }
}

/// Writes a verdict as its sentence, as the JSON has always had it.
fn reason<S: serde::Serializer>(verdict: &Verdict, serializer: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&verdict.dropped_because(), serializer)
}

/// How the learned model judged one topic, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ModelExplanation {
    pub slug: String,
    pub probability: f32,
    pub threshold: f32,
    pub assigned: bool,
    /// The topic's bias: where a paper with no features would stand (log-odds).
    pub bias: f32,
    /// The features that pushed it up or down most.
    pub contributions: Vec<learned::Contribution>,
}

impl Classifier {
    /// Every topic with any evidence, best first: what matched, where, and the verdict.
    pub fn explain(&self, doc: Document) -> Vec<Explanation> {
        let tax = &self.taxonomy;
        let mut reading = Reading::default();
        self.read(doc, &mut reading);
        self.decide(&mut reading.scored);
        reading
            .scored
            .iter()
            .map(|t| {
                let topic = &tax.topics[t.topic];
                let verdict = match t.decision {
                    Decision::Assigned => Verdict::Assigned,
                    Decision::BelowThreshold => Verdict::BelowThreshold,
                    Decision::Weak => Verdict::Weak { anchor_weight: tax.anchor_weight },
                    Decision::NoContext => Verdict::NoContext { requires: topic.requires.clone() },
                    Decision::CutOff => Verdict::CutOff { relative_cutoff: tax.relative_cutoff },
                    Decision::OverCap => Verdict::OverCap { max_topics: tax.max_topics },
                };
                let evidence = reading.evidence[t.evidence.clone()]
                    .iter()
                    .map(|e| Evidence {
                        phrase: match e.source {
                            Source::Phrase(index) => self.phrases[index].text.clone(),
                            Source::Prior(index) => topic.priors[index].0.clone(),
                        },
                        field: e.field,
                        points: e.points,
                        kind: e.kind,
                    })
                    .collect();
                Explanation {
                    slug: topic.slug.clone(),
                    score: round(t.score),
                    threshold: topic.threshold,
                    assigned: t.decision == Decision::Assigned,
                    verdict,
                    evidence,
                }
            })
            .collect()
    }

    /// How the importance prior judged a paper, feature by feature (at most
    /// `limit` per head); `None` without a model.
    pub fn explain_prior(
        &self,
        doc: Document,
        facts: &importance::PaperFacts,
        limit: usize,
    ) -> Option<importance::PriorExplanation> {
        let (prior, model) = (self.prior.as_ref()?, self.model.as_ref()?);
        let (features, probabilities) = self.model_reading(doc)?;
        let slugs: Vec<String> = model.topics.iter().map(|t| t.slug.clone()).collect();
        Some(prior.explain(&features, &probabilities, facts, (&model.vocabulary.names, &slugs), limit))
    }

    /// The model's verdict on each of its topics and the features behind it, most
    /// likely first; `None` when the phrases alone classify.
    pub fn explain_model(&self, doc: Document, per_topic: usize) -> Option<Vec<ModelExplanation>> {
        let model = self.model.as_ref()?;
        let mut reading = Reading::default();
        self.read(doc, &mut reading);
        self.features(model, &mut reading, doc.categories);
        model.probabilities(&reading.features, &mut reading.probabilities);
        let (features, probabilities) = (&reading.features, &reading.probabilities);
        let assigned: Vec<String> = self.classify(doc).into_iter().map(|t| t.slug).collect();
        let mut explained: Vec<ModelExplanation> = model
            .topics
            .iter()
            .enumerate()
            .map(|(j, topic)| ModelExplanation {
                slug: topic.slug.clone(),
                probability: probabilities[j],
                threshold: topic.threshold,
                assigned: assigned.contains(&topic.slug),
                bias: topic.bias,
                contributions: model.contributions(features, j, per_topic),
            })
            .collect();
        explained.sort_by(|a, b| b.probability.total_cmp(&a.probability));
        Some(explained)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_is_data_and_its_sentence_is_the_json_field() {
        let explanation = Explanation {
            slug: "agents".into(),
            score: 2.5,
            threshold: 2.0,
            assigned: false,
            verdict: Verdict::OverCap { max_topics: 3 },
            evidence: Vec::new(),
        };
        let json = serde_json::to_value(&explanation).expect("json");
        assert_eq!(json["dropped_because"], "a paper keeps at most 3 topics");
        assert!(json.get("verdict").is_none(), "the field keeps its name: {json}");
        let kept = Explanation { verdict: Verdict::Assigned, assigned: true, ..explanation };
        assert_eq!(serde_json::to_value(&kept).expect("json")["dropped_because"], serde_json::Value::Null);
        let words = |verdict: Verdict| verdict.dropped_because().unwrap_or_default();
        assert_eq!(
            words(Verdict::NoContext { requires: vec!["agent".into(), "tool".into()] }),
            "none of its required phrases (agent, tool) appear"
        );
        assert_eq!(
            words(Verdict::Weak { anchor_weight: 1.5 }),
            "only weak phrases (below weight 1.5) matched"
        );
        assert_eq!(words(Verdict::CutOff { relative_cutoff: 0.35 }), "below 35% of the best topic's score");
        assert_eq!(words(Verdict::BelowThreshold), "");
    }
}
