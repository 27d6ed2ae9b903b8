//! Topic classification: a pure, deterministic function from a paper's title,
//! abstract and categories to scored topics of a [`Taxonomy`], and the evidence
//! behind each score ([`Classifier::explain`]).
//!
//! Phrases are compiled once into word-id sequences; a paper is tokenised once per
//! field and every phrase is found in one pass, indexed by its first word.

pub mod eval;
pub mod taxonomy;
pub mod text;

use std::collections::HashMap;

pub use taxonomy::{Section, Taxonomy, TaxonomyError, Topic};

/// What the classifier reads of a paper.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub title: &'a str,
    pub abstract_text: &'a str,
    pub categories: &'a [String],
}

/// A topic assigned to a paper, with its score.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TopicScore {
    pub slug: String,
    pub score: f64,
}

/// Where a phrase was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Abstract,
}

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
    /// Set when the topic reached its threshold but lost to the cap or the cutoff.
    pub dropped_because: Option<String>,
    pub evidence: Vec<Evidence>,
}

const UNKNOWN: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Include,
    Exclude,
    Requires,
}

#[derive(Debug)]
struct Phrase {
    topic: usize,
    words: Vec<u32>,
    weight: f64,
    role: Role,
    text: String,
}

/// A taxonomy compiled for fast matching.
#[derive(Debug)]
pub struct Classifier {
    taxonomy: Taxonomy,
    vocabulary: HashMap<String, u32>,
    /// Phrase indexes by their first word id.
    by_first_word: Vec<Vec<usize>>,
    phrases: Vec<Phrase>,
}

/// A phrase found at `start..start + len` of one field.
#[derive(Debug, Clone, Copy)]
struct Hit {
    phrase: usize,
    field: Field,
    start: usize,
    len: usize,
}

impl Classifier {
    pub fn new(taxonomy: Taxonomy) -> Classifier {
        let mut vocabulary = HashMap::new();
        let mut phrases = Vec::new();
        for (topic_index, topic) in taxonomy.topics.iter().enumerate() {
            let includes = topic.include.iter().map(|(p, w)| (p, *w, Role::Include));
            let excludes = topic.exclude.iter().map(|p| (p, 0.0, Role::Exclude));
            let requires = topic.requires.iter().map(|p| (p, 0.0, Role::Requires));
            for (text, weight, role) in includes.chain(excludes).chain(requires) {
                let mut words = Vec::new();
                text::for_each_word(text, |w| {
                    let next = vocabulary.len() as u32;
                    words.push(*vocabulary.entry(w.to_string()).or_insert(next));
                });
                phrases.push(Phrase { topic: topic_index, words, weight, role, text: text.clone() });
            }
        }
        let mut by_first_word = vec![Vec::new(); vocabulary.len()];
        for (index, phrase) in phrases.iter().enumerate() {
            if let Some(&first) = phrase.words.first() {
                by_first_word[first as usize].push(index);
            }
        }
        Classifier { taxonomy, vocabulary, by_first_word, phrases }
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// The topics a paper gets, best first.
    pub fn classify(&self, doc: Document) -> Vec<TopicScore> {
        self.explain(doc)
            .into_iter()
            .filter(|e| e.assigned)
            .map(|e| TopicScore { slug: e.slug, score: round(e.score) })
            .collect()
    }

    /// Every topic with any evidence, best first: what matched, where, and the verdict.
    pub fn explain(&self, doc: Document) -> Vec<Explanation> {
        let tax = &self.taxonomy;
        let mut hits = Vec::new();
        self.find(doc.title, Field::Title, &mut hits);
        self.find(doc.abstract_text, Field::Abstract, &mut hits);
        let mut explanations: Vec<Explanation> = Vec::new();
        for (topic_index, topic) in tax.topics.iter().enumerate() {
            let topic_hits: Vec<&Hit> = hits
                .iter()
                .filter(|h| {
                    self.phrases[h.phrase].topic == topic_index
                        && self.phrases[h.phrase].role != Role::Requires
                })
                .collect();
            if topic_hits.is_empty() {
                continue;
            }
            let context_ok = topic.requires.is_empty()
                || hits.iter().any(|h| {
                    let phrase = &self.phrases[h.phrase];
                    phrase.topic == topic_index && phrase.role == Role::Requires
                });
            let evidence = self.weigh(&topic_hits, topic, doc.categories);
            let score: f64 = evidence.iter().map(|e| e.points).sum();
            let anchored = evidence.iter().any(|e| {
                e.kind == EvidenceKind::Include && self.weight_of(topic_index, &e.phrase) >= tax.anchor_weight
            });
            let assigned = score >= topic.threshold && anchored && context_ok;
            let dropped_because = match (score >= topic.threshold, anchored, context_ok) {
                (true, false, _) => {
                    Some(format!("only weak phrases (below weight {}) matched", tax.anchor_weight))
                }
                (true, true, false) => {
                    Some(format!("none of its required phrases ({}) appear", topic.requires.join(", ")))
                }
                _ => None,
            };
            explanations.push(Explanation {
                slug: topic.slug.clone(),
                score: round(score),
                threshold: topic.threshold,
                assigned,
                dropped_because,
                evidence,
            });
        }
        // Best first; taxonomy order breaks ties, so results never depend on hashing.
        explanations.sort_by(|a, b| b.score.total_cmp(&a.score));
        let best = explanations.iter().filter(|e| e.assigned).map(|e| e.score).fold(0.0, f64::max);
        let mut kept = 0;
        for explanation in &mut explanations {
            if !explanation.assigned {
                continue;
            }
            if explanation.score < best * tax.relative_cutoff {
                explanation.assigned = false;
                explanation.dropped_because =
                    Some(format!("below {:.0}% of the best topic's score", tax.relative_cutoff * 100.0));
            } else if kept == tax.max_topics {
                explanation.assigned = false;
                explanation.dropped_because =
                    Some(format!("a paper keeps at most {} topics", tax.max_topics));
            } else {
                kept += 1;
            }
        }
        explanations
    }

    fn weight_of(&self, topic: usize, phrase: &str) -> f64 {
        self.taxonomy.topics[topic].include.iter().find(|(p, _)| p == phrase).map_or(0.0, |(_, w)| *w)
    }

    /// Turns one topic's hits into scored evidence: exclusions mask the words they
    /// cover, a phrase inside a longer matched phrase of the same topic does not
    /// count again, and each phrase counts once per field.
    fn weigh(&self, hits: &[&Hit], topic: &Topic, categories: &[String]) -> Vec<Evidence> {
        let tax = &self.taxonomy;
        let mut evidence = Vec::new();
        let mut masked: Vec<(Field, usize, usize)> = Vec::new();
        for hit in hits.iter().filter(|h| self.phrases[h.phrase].role == Role::Exclude) {
            masked.push((hit.field, hit.start, hit.start + hit.len));
            let phrase = &self.phrases[hit.phrase].text;
            if !evidence.iter().any(|e: &Evidence| e.phrase == *phrase) {
                let kind = EvidenceKind::Exclude;
                evidence.push(Evidence {
                    phrase: phrase.clone(),
                    field: Some(hit.field),
                    points: -tax.exclude_penalty,
                    kind,
                });
            }
        }
        let mut includes: Vec<&&Hit> =
            hits.iter().filter(|h| self.phrases[h.phrase].role == Role::Include).collect();
        includes.sort_by_key(|h| std::cmp::Reverse(h.len));
        let mut counted: Vec<(usize, Field)> = Vec::new();
        for hit in includes {
            let end = hit.start + hit.len;
            if masked.iter().any(|&(f, s, e)| f == hit.field && s < end && hit.start < e) {
                continue;
            }
            masked.push((hit.field, hit.start, end));
            if counted.contains(&(hit.phrase, hit.field)) {
                continue;
            }
            counted.push((hit.phrase, hit.field));
            let phrase = &self.phrases[hit.phrase];
            let points = match hit.field {
                Field::Title => phrase.weight * tax.title_weight,
                Field::Abstract => phrase.weight,
            };
            evidence.push(Evidence {
                phrase: phrase.text.clone(),
                field: Some(hit.field),
                points,
                kind: EvidenceKind::Include,
            });
        }
        if evidence.iter().any(|e| e.kind == EvidenceKind::Include) {
            for (category, weight) in &topic.priors {
                if categories.iter().any(|c| c == category) {
                    evidence.push(Evidence {
                        phrase: category.clone(),
                        field: None,
                        points: *weight,
                        kind: EvidenceKind::Prior,
                    });
                }
            }
        }
        evidence
    }

    /// Appends every phrase occurrence in `text`.
    fn find(&self, text: &str, field: Field, hits: &mut Vec<Hit>) {
        let mut words = Vec::with_capacity(text.len() / 6);
        text::for_each_word(text, |w| words.push(self.vocabulary.get(w).copied().unwrap_or(UNKNOWN)));
        for start in 0..words.len() {
            let first = words[start];
            if first == UNKNOWN {
                continue;
            }
            for &index in &self.by_first_word[first as usize] {
                let phrase = &self.phrases[index].words;
                if words[start..].starts_with(phrase) {
                    hits.push(Hit { phrase: index, field, start, len: phrase.len() });
                }
            }
        }
    }
}

fn round(score: f64) -> f64 {
    (score * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classifier() -> Classifier {
        Classifier::new(Taxonomy::builtin().expect("default parses"))
    }

    fn topics(title: &str, abstract_text: &str, categories: &[&str]) -> Vec<String> {
        let categories: Vec<String> = categories.iter().map(|c| c.to_string()).collect();
        classifier()
            .classify(Document { title, abstract_text, categories: &categories })
            .into_iter()
            .map(|t| t.slug)
            .collect()
    }

    #[test]
    fn phrases_match_whole_words_only() {
        assert!(
            topics("Flora of the Andes", "A survey of storage in alpine flora.", &["q-bio.PE"]).is_empty()
        );
        assert_eq!(topics("LoRA adapters for small models", "We study LoRA.", &["cs.CL"]), ["peft"]);
        assert!(
            !topics("Efficient storage engines", "Storage layouts for column stores.", &["cs.DB"])
                .contains(&"retrieval".to_string())
        );
    }

    #[test]
    fn everyday_senses_are_not_topics() {
        let got = topics(
            "Selective attention in toddlers",
            "Joint attention and visual attention develop early; this has received attention from psychologists.",
            &["q-bio.NC"],
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn typical_papers_get_the_topics_a_researcher_would_give() {
        let got = topics(
            "Speculative Decoding with Draft Heads for Low-Latency LLM Serving",
            "We accelerate LLM inference with speculative decoding and a compressed KV-cache.",
            &["cs.CL"],
        );
        assert_eq!(got.first().map(String::as_str), Some("inference"));
        let got = topics(
            "Direct Preference Optimization without a Reference Model",
            "DPO aligns language models with human preferences using a reward-free objective.",
            &["cs.LG"],
        );
        assert_eq!(got.first().map(String::as_str), Some("alignment"));
    }

    #[test]
    fn explain_accounts_for_every_assigned_topic() {
        let c = classifier();
        let categories = vec!["cs.CV".to_string()];
        let doc = Document {
            title: "A vision-language model for radiology reports",
            abstract_text: "We fine-tune a multimodal LLM on chest X-ray images and clinical notes for diagnosis.",
            categories: &categories,
        };
        let assigned = c.classify(doc);
        let explained = c.explain(doc);
        assert!(!assigned.is_empty());
        for topic in &assigned {
            let e = explained.iter().find(|e| e.slug == topic.slug).expect("explained");
            assert!(e.assigned);
            let sum: f64 = e.evidence.iter().map(|x| x.points).sum();
            assert!(
                (sum - topic.score).abs() < 0.01,
                "{}: evidence {sum} vs score {}",
                topic.slug,
                topic.score
            );
        }
        let multimodal = explained.iter().find(|e| e.slug == "multimodal").expect("multimodal");
        assert!(multimodal.evidence.iter().any(|x| x.kind == EvidenceKind::Prior && x.phrase == "cs.CV"));
    }

    #[test]
    fn classification_is_deterministic() {
        let c = classifier();
        let categories = vec!["cs.CL".to_string()];
        let doc = Document {
            title: "t",
            abstract_text: "retrieval augmented generation with a reranker",
            categories: &categories,
        };
        assert_eq!(c.classify(doc), c.classify(doc));
    }
}
