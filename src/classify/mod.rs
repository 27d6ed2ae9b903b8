//! Topic classification: a pure, deterministic function from a paper's title,
//! abstract and categories to scored topics of a [`Taxonomy`], and the evidence
//! behind each score ([`Classifier::explain`]).
//!
//! Phrases are compiled once into word-id sequences; a paper is tokenised once per
//! field and every phrase is found in one pass, indexed by its first word.

mod bytes;
pub use bytes::stable_hash;
pub mod eval;
mod explain;
pub mod files;
pub mod importance;
pub mod learned;
mod packed_map;
pub mod taxonomy;
pub mod text;

pub use explain::{Evidence, EvidenceKind, Explanation, ModelExplanation, Verdict};

use learned::features::ModelWord;
use text::WordTable;

pub use taxonomy::{Section, Taxonomy, TaxonomyError, Topic};

/// What the classifier reads of a paper.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub title: &'a str,
    pub abstract_text: &'a str,
    pub categories: &'a [String],
}

/// What the classifier makes of a paper: its topics, best first; the topic it
/// came nearest to without getting it; its importance prior (with a model).
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub topics: Vec<TopicScore>,
    pub near: Option<TopicScore>,
    pub prior: Option<importance::Prior>,
}

/// How close to its threshold a topic must come to file a paper that has no topic
/// under its section: half the way.
pub const NEAR_MISS: f64 = 0.5;

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

const UNKNOWN: u32 = u32::MAX;

/// A word's id in the phrases' vocabulary and what the model knows of it: one
/// lookup per word of a paper serves both.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct WordIds {
    phrase: u32,
    model: ModelWord,
}

const NEITHER: WordIds = WordIds { phrase: UNKNOWN, model: ModelWord::UNKNOWN };

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
    /// For a `requires` phrase: the topics (bits by index) that it satisfies. One
    /// phrase serves every topic requiring it, and its matches are not hits.
    satisfies: u128,
}

/// A taxonomy compiled for fast matching, and the learned model that decides the
/// topics it knows (phrases alone decide the others).
#[derive(Debug)]
pub struct Classifier {
    taxonomy: Taxonomy,
    model: Option<learned::Model>,
    /// Taxonomy, then model: what stored topics were computed with.
    fingerprint: String,
    /// Every word of a phrase or of the model, with its ids in each.
    words: WordTable<WordIds>,
    /// Per taxonomy topic: whether the model decides it (else the phrases do).
    model_decides: Vec<bool>,
    /// Per phrase-score feature of the model, the taxonomy topic it scores.
    phrase_feature_topics: Vec<Option<usize>>,
    /// Phrase indexes by their first word id.
    by_first_word: Vec<Vec<usize>>,
    phrases: Vec<Phrase>,
    /// The importance prior's weights for the model's features (with a model only).
    prior: Option<importance::Aligned<'static>>,
}

/// How a topic fared as the phrases decided it (see [`Verdict`] for the reasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Assigned,
    BelowThreshold,
    Weak,
    NoContext,
    CutOff,
    OverCap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Phrase(usize),
    Prior(usize),
}

/// Evidence by index, so scoring allocates no strings.
#[derive(Debug, Clone, Copy)]
struct Scoring {
    source: Source,
    field: Option<Field>,
    points: f64,
    kind: EvidenceKind,
}

/// A paper as [`Classifier::read`] read it, and the buffers reading it takes.
/// [`Classifier::classify`] keeps one per thread and reuses it, so that
/// classifying a paper allocates little more than its result.
#[derive(Default)]
struct Reading {
    scored: Vec<Scored>,
    /// The evidence of every scored topic; each [`Scored`] names its range.
    evidence: Vec<Scoring>,
    /// The title's words and the abstract's as the model knows them (empty
    /// without a model).
    model_words: [Vec<ModelWord>; 2],
    /// The phrases' word ids of the field being read.
    words: Vec<u32>,
    hits: Vec<Hit>,
    /// Where exclusions and counted phrases cover the topic being weighed.
    masked: Vec<(Field, usize, usize)>,
    features: learned::features::Sparse,
    probabilities: Vec<f32>,
}

thread_local! {
    static READING: std::cell::RefCell<Reading> = std::cell::RefCell::new(Reading::default());
}

struct Scored {
    topic: usize,
    score: f64,
    decision: Decision,
    /// Its part of [`Reading::evidence`].
    evidence: std::ops::Range<usize>,
}

/// A phrase found at `start..start + len` of one field.
#[derive(Debug, Clone, Copy)]
struct Hit {
    /// The phrase's topic, copied here so that sorting and grouping stay in the hit.
    topic: usize,
    phrase: usize,
    field: Field,
    start: usize,
    len: usize,
}

impl Classifier {
    /// The taxonomy's phrases with the built-in model.
    pub fn new(taxonomy: Taxonomy) -> Classifier {
        let model = learned::builtin();
        Classifier::with_model(taxonomy, model)
    }

    /// The taxonomy's phrases alone.
    pub fn rules_only(taxonomy: Taxonomy) -> Classifier {
        Classifier::with_model(taxonomy, None)
    }

    /// The taxonomy's phrases with this model (a user's, trained by `papers train`).
    pub fn with_model(taxonomy: Taxonomy, model: Option<learned::Model>) -> Classifier {
        let mut classifier = Classifier::compile(taxonomy);
        if let Some(model) = &model {
            classifier.fingerprint = format!("{}+model-{:016x}", classifier.taxonomy.hash(), model.digest);
            if let Some(importance) = importance::builtin() {
                let slugs: Vec<String> = model.topics.iter().map(|t| t.slug.clone()).collect();
                classifier.prior = Some(importance.align(&model.vocabulary.names, &slugs));
                classifier.fingerprint.push_str(&format!("+importance-{:016x}", importance.digest));
            }
            for (word, model_word) in model.vocabulary.words() {
                classifier.words.entry(&word, || NEITHER).model = model_word;
            }
            let topics = &classifier.taxonomy.topics;
            classifier.model_decides = topics.iter().map(|t| model.topic_index(&t.slug).is_some()).collect();
            classifier.phrase_feature_topics = model
                .vocabulary
                .phrase_slugs()
                .map(|slug| topics.iter().position(|t| t.slug == slug))
                .collect();
        }
        classifier.model = model;
        classifier
    }

    /// What stored topics computed by this classifier are marked with, so that a
    /// change of taxonomy or model shows as stale.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    pub fn model(&self) -> Option<&learned::Model> {
        self.model.as_ref()
    }

    /// Every topic it can assign: the taxonomy's, then those only the model knows
    /// (a user's own, learned from labels).
    pub fn topic_slugs(&self) -> Vec<&str> {
        let mut slugs: Vec<&str> = self.taxonomy.topics.iter().map(|t| t.slug.as_str()).collect();
        let learned = self.model.iter().flat_map(|m| m.topics.iter().map(|t| t.slug.as_str()));
        for slug in learned {
            if !slugs.contains(&slug) {
                slugs.push(slug);
            }
        }
        slugs
    }

    fn compile(taxonomy: Taxonomy) -> Classifier {
        let mut words = WordTable::new(NEITHER);
        let mut phrases = Vec::new();
        for (topic_index, topic) in taxonomy.topics.iter().enumerate() {
            let includes = topic.include.iter().map(|(p, w)| (p, *w, Role::Include));
            let excludes = topic.exclude.iter().map(|p| (p, 0.0, Role::Exclude));
            let requires = topic.requires.iter().map(|p| (p, 0.0, Role::Requires));
            for (text, weight, role) in includes.chain(excludes).chain(requires) {
                let topic_bit = 1u128.checked_shl(topic_index as u32).unwrap_or(0);
                if role == Role::Requires
                    && let Some(shared) =
                        phrases.iter_mut().find(|p: &&mut Phrase| p.role == Role::Requires && p.text == *text)
                {
                    shared.satisfies |= topic_bit;
                    continue;
                }
                let mut phrase_words = Vec::new();
                text::for_each_word(text, |w| {
                    let next = WordIds { phrase: words.len() as u32, model: ModelWord::UNKNOWN };
                    phrase_words.push(words.entry(w, || next).phrase);
                });
                let satisfies = if role == Role::Requires { topic_bit } else { 0 };
                phrases.push(Phrase {
                    topic: topic_index,
                    words: phrase_words,
                    weight,
                    role,
                    text: text.clone(),
                    satisfies,
                });
            }
        }
        let mut by_first_word = vec![Vec::new(); words.len()];
        for (index, phrase) in phrases.iter().enumerate() {
            if let Some(&first) = phrase.words.first() {
                by_first_word[first as usize].push(index);
            }
        }
        let fingerprint = taxonomy.hash().to_string();
        let model_decides = vec![false; taxonomy.topics.len()];
        Classifier {
            taxonomy,
            model: None,
            fingerprint,
            words,
            model_decides,
            phrase_feature_topics: Vec::new(),
            by_first_word,
            phrases,
            prior: None,
        }
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// The topics a paper gets, best first: the model's (scored by probability)
    /// for the topics it knows, the phrases' for the others, at most `max_topics`.
    pub fn classify(&self, doc: Document) -> Vec<TopicScore> {
        READING.with_borrow_mut(|reading| self.classify_reading(doc, reading))
    }

    fn classify_reading(&self, doc: Document, reading: &mut Reading) -> Vec<TopicScore> {
        self.read(doc, reading);
        let Some(model) = &self.model else {
            self.decide(&mut reading.scored);
            return reading
                .scored
                .iter()
                .filter(|t| t.decision == Decision::Assigned)
                .map(|t| TopicScore {
                    slug: self.taxonomy.topics[t.topic].slug.clone(),
                    score: round(t.score),
                })
                .collect();
        };
        self.features(model, reading, doc.categories);
        model.probabilities(&reading.features, &mut reading.probabilities);
        let mut topics = Vec::with_capacity(model.topics.len());
        let above =
            model.topics.iter().zip(&reading.probabilities).filter(|(topic, p)| **p >= topic.threshold);
        topics.extend(above.map(|(topic, &p)| (topic.slug.as_str(), p)));
        // Best first by the exact probability: rounded, several would tie at 1.
        topics.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut topics: Vec<TopicScore> = topics
            .into_iter()
            .map(|(slug, p)| TopicScore { slug: slug.to_string(), score: round(f64::from(p)) })
            .collect();
        // The phrases' cap and cutoff apply among the topics they decide alone.
        reading.scored.retain(|t| !self.model_decides[t.topic]);
        self.decide(&mut reading.scored);
        let by_phrases = reading
            .scored
            .iter()
            .filter(|t| t.decision == Decision::Assigned)
            .map(|t| &self.taxonomy.topics[t.topic].slug)
            .map(|slug| TopicScore { slug: slug.clone(), score: 0.5 });
        topics.extend(by_phrases);
        topics.truncate(self.taxonomy.max_topics);
        topics
    }

    /// What every classification of a whole paper stores: its topics, the topic
    /// it came nearest to without getting it, and its importance prior.
    pub fn topics_of(&self, paper: &crate::model::Paper) -> Assessment {
        let authors: Vec<&str> = paper.authors.iter().map(|a| a.name.as_str()).collect();
        self.assess(&importance::PaperFacts::of(paper, &authors), &paper.categories)
    }

    /// The topics a paper gets, as [`classify`](Self::classify) gives them, and its
    /// importance prior (with a model only: the prior reads the model's features).
    pub fn assess(&self, facts: &importance::PaperFacts, categories: &[String]) -> Assessment {
        self.assess_watching(facts, categories, |_| {})
    }

    /// [`assess`](Self::assess), also handing `watch` the model's probability for
    /// each of its topics (in model order; empty without a model).
    pub fn assess_watching(
        &self,
        facts: &importance::PaperFacts,
        categories: &[String],
        watch: impl FnOnce(&[f32]),
    ) -> Assessment {
        let doc = Document { title: facts.title, abstract_text: facts.abstract_text, categories };
        READING.with_borrow_mut(|reading| {
            let topics = self.classify_reading(doc, reading);
            match self.model {
                Some(_) => watch(&reading.probabilities),
                None => watch(&[]),
            }
            let near = self.near_miss(reading, &topics);
            let prior = self
                .prior
                .as_ref()
                .map(|prior| prior.prior(&reading.features, &reading.probabilities, facts));
            Assessment { topics, near, prior }
        })
    }

    /// The topic the paper it just read came nearest to without getting it, if it
    /// came within [`NEAR_MISS`] of its threshold: what files a paper with no
    /// topic under a section all the same.
    fn near_miss(&self, reading: &Reading, assigned: &[TopicScore]) -> Option<TopicScore> {
        let is_assigned = |slug: &str| assigned.iter().any(|t| t.slug == slug);
        let candidates: Vec<(&str, f64, f64)> = match &self.model {
            Some(model) => model
                .topics
                .iter()
                .zip(&reading.probabilities)
                .map(|(topic, &p)| (topic.slug.as_str(), f64::from(p), f64::from(topic.threshold)))
                .collect(),
            None => reading
                .scored
                .iter()
                .map(|t| {
                    let topic = &self.taxonomy.topics[t.topic];
                    (topic.slug.as_str(), t.score, topic.threshold)
                })
                .collect(),
        };
        candidates
            .into_iter()
            .filter(|(slug, score, threshold)| {
                !is_assigned(slug) && *threshold > 0.0 && *score >= threshold * NEAR_MISS
            })
            .max_by(|a, b| (a.1 / a.2).total_cmp(&(b.1 / b.2)).then_with(|| b.0.cmp(a.0)))
            .map(|(slug, score, _)| TopicScore { slug: slug.to_string(), score: round(score) })
    }

    /// The model's features of a paper and its probability for each of the model's
    /// topics (in model order); `None` when the phrases alone classify.
    pub fn model_reading(&self, doc: Document) -> Option<(learned::features::Sparse, Vec<f32>)> {
        let model = self.model.as_ref()?;
        let mut reading = Reading::default();
        self.read(doc, &mut reading);
        self.features(model, &mut reading, doc.categories);
        model.probabilities(&reading.features, &mut reading.probabilities);
        Some((reading.features, reading.probabilities))
    }

    /// The importance prior's weights for this classifier's model.
    pub fn prior(&self) -> Option<&importance::Aligned<'static>> {
        self.prior.as_ref()
    }

    /// Puts into `reading.features` the model's features of the paper it holds.
    fn features(&self, model: &learned::Model, reading: &mut Reading, categories: &[String]) {
        let Reading { model_words: [title, abstract_text], scored, features, .. } = reading;
        model.vocabulary.features_of_words(
            title,
            abstract_text,
            categories,
            |phrase| {
                let topic = self.phrase_feature_topics.get(phrase).copied().flatten();
                topic.map_or(0.0, |topic| self.phrase_fraction(scored, topic))
            },
            features,
        );
    }

    /// Each topic's phrase score as a fraction of its threshold, as models see them.
    pub fn phrase_fractions(&self, doc: Document) -> Vec<(String, f32)> {
        let mut reading = Reading::default();
        self.read(doc, &mut reading);
        let topics = self.taxonomy.topics.iter().enumerate();
        topics
            .map(|(index, topic)| (topic.slug.clone(), self.phrase_fraction(&reading.scored, index)))
            .collect()
    }

    fn phrase_fraction(&self, scored: &[Scored], topic: usize) -> f32 {
        scored
            .iter()
            .find(|t| t.topic == topic)
            .map_or(0.0, |t| (t.score / self.taxonomy.topics[topic].threshold) as f32)
    }

    /// Reads a paper once: scores every topic with evidence, best first (taxonomy
    /// order breaks ties, so results never depend on hashing), and keeps its words
    /// as the model knows them when there is a model.
    fn read(&self, doc: Document, reading: &mut Reading) {
        let Reading { scored, evidence, model_words, words, hits, masked, .. } = reading;
        hits.clear();
        let mut context = 0u128;
        let fields = [(doc.title, Field::Title), (doc.abstract_text, Field::Abstract)];
        for ((text, field), model_words) in fields.into_iter().zip(model_words) {
            model_words.clear();
            let model_words = self.model.is_some().then_some(model_words);
            self.find(prefix(text), field, words, model_words, hits, &mut context);
        }
        hits.sort_unstable_by_key(|h| {
            (h.topic, std::cmp::Reverse(h.len), h.field == Field::Abstract, h.start)
        });
        scored.clear();
        evidence.clear();
        for topic_hits in hits.chunk_by(|a, b| a.topic == b.topic) {
            let topic_index = topic_hits[0].topic;
            let topic = &self.taxonomy.topics[topic_index];
            let topic_bit = 1u128.checked_shl(topic_index as u32).unwrap_or(0);
            let context_ok = topic.requires.is_empty() || context & topic_bit != 0;
            let start = evidence.len();
            self.weigh(topic_hits, topic, doc.categories, masked, evidence);
            let found = &evidence[start..];
            if found.is_empty() {
                continue;
            }
            let score = found.iter().map(|e| e.points).sum();
            let anchored = found.iter().any(|e| match e.source {
                Source::Phrase(index) => {
                    e.kind == EvidenceKind::Include
                        && self.phrases[index].weight >= self.taxonomy.anchor_weight
                }
                Source::Prior(_) => false,
            });
            let decision = match (score >= topic.threshold, anchored, context_ok) {
                (false, _, _) => Decision::BelowThreshold,
                (true, false, _) => Decision::Weak,
                (true, true, false) => Decision::NoContext,
                (true, true, true) => Decision::Assigned,
            };
            scored.push(Scored { topic: topic_index, score, decision, evidence: start..evidence.len() });
        }
        scored.sort_by(|a, b| b.score.total_cmp(&a.score));
    }

    /// Applies the relative cutoff and the cap on topics per paper.
    fn decide(&self, scored: &mut [Scored]) {
        let tax = &self.taxonomy;
        let best =
            scored.iter().filter(|t| t.decision == Decision::Assigned).map(|t| t.score).fold(0.0, f64::max);
        let mut kept = 0;
        for topic in scored.iter_mut().filter(|t| t.decision == Decision::Assigned) {
            if topic.score < best * tax.relative_cutoff {
                topic.decision = Decision::CutOff;
            } else if kept == tax.max_topics {
                topic.decision = Decision::OverCap;
            } else {
                kept += 1;
            }
        }
    }

    /// Turns one topic's hits (longest first) into scored evidence: exclusions mask
    /// the words they cover, a phrase inside a longer matched phrase of the same
    /// topic does not count again, and each phrase counts once per field.
    /// The evidence is appended to `evidence`; `masked` is working space.
    fn weigh(
        &self,
        hits: &[Hit],
        topic: &Topic,
        categories: &[String],
        masked: &mut Vec<(Field, usize, usize)>,
        evidence: &mut Vec<Scoring>,
    ) {
        let tax = &self.taxonomy;
        masked.clear();
        let start = evidence.len();
        for hit in hits.iter().filter(|h| self.phrases[h.phrase].role == Role::Exclude) {
            masked.push((hit.field, hit.start, hit.start + hit.len));
            if !evidence[start..].iter().any(|e| e.source == Source::Phrase(hit.phrase)) {
                evidence.push(Scoring {
                    source: Source::Phrase(hit.phrase),
                    field: Some(hit.field),
                    points: -tax.exclude_penalty,
                    kind: EvidenceKind::Exclude,
                });
            }
        }
        let mut included = false;
        for hit in hits.iter().filter(|h| self.phrases[h.phrase].role == Role::Include) {
            let end = hit.start + hit.len;
            if masked.iter().any(|&(f, s, e)| f == hit.field && s < end && hit.start < e) {
                continue;
            }
            masked.push((hit.field, hit.start, end));
            let source = Source::Phrase(hit.phrase);
            if evidence[start..].iter().any(|e| e.source == source && e.field == Some(hit.field)) {
                continue;
            }
            let weight = self.phrases[hit.phrase].weight;
            let points = match hit.field {
                Field::Title => weight * tax.title_weight,
                Field::Abstract => weight,
            };
            evidence.push(Scoring { source, field: Some(hit.field), points, kind: EvidenceKind::Include });
            included = true;
        }
        if included {
            for (index, (category, weight)) in topic.priors.iter().enumerate() {
                if categories.iter().any(|c| c == category) {
                    let source = Source::Prior(index);
                    evidence.push(Scoring {
                        source,
                        field: None,
                        points: *weight,
                        kind: EvidenceKind::Prior,
                    });
                }
            }
        }
    }

    /// Appends every include and exclude phrase occurrence in `text`, and records
    /// which topics' `requires` phrases occur; `model_words`, when given, gets what
    /// the model knows of each word.
    fn find(
        &self,
        text: &str,
        field: Field,
        words: &mut Vec<u32>,
        mut model_words: Option<&mut Vec<ModelWord>>,
        hits: &mut Vec<Hit>,
        context: &mut u128,
    ) {
        words.clear();
        text::for_each_word(text, |w| {
            let ids = self.words.get(w);
            words.push(ids.phrase);
            if let Some(model_words) = model_words.as_mut() {
                model_words.push(ids.model);
            }
        });
        for start in 0..words.len() {
            let first = words[start];
            if first == UNKNOWN {
                continue;
            }
            for &index in &self.by_first_word[first as usize] {
                let phrase = &self.phrases[index].words;
                let rest = &words[start..];
                // An explicit loop: phrases are one to four words, too short for memcmp.
                if phrase.len() <= rest.len() && phrase.iter().zip(rest).all(|(a, b)| a == b) {
                    let found = &self.phrases[index];
                    match found.role {
                        Role::Requires => *context |= found.satisfies,
                        _ => hits.push(Hit {
                            topic: found.topic,
                            phrase: index,
                            field,
                            start,
                            len: phrase.len(),
                        }),
                    }
                }
            }
        }
    }
}

/// The most text of one field that is classified: abstracts are a few kilobytes,
/// and a bound keeps a pathological entry from stalling an import.
const MAX_FIELD_BYTES: usize = 64 * 1024;

fn prefix(text: &str) -> &str {
    if text.len() <= MAX_FIELD_BYTES {
        return text;
    }
    let mut end = MAX_FIELD_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn round(score: f64) -> f64 {
    (score * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classifier() -> Classifier {
        Classifier::rules_only(Taxonomy::builtin().expect("default parses"))
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
    fn a_near_miss_is_the_closest_topic_not_given_and_at_least_halfway() {
        let classifier = Classifier::new(Taxonomy::builtin().expect("default parses"));
        let model = classifier.model().expect("a model");
        let papers = eval::parse_jsonl(learned::TEST_SET).expect("the test set parses");
        let mut topicless_but_near = 0;
        for paper in &papers {
            let facts = importance::PaperFacts {
                id: &paper.id,
                title: &paper.title,
                abstract_text: &paper.abstract_text,
                ..Default::default()
            };
            let assessed = classifier.assess(&facts, &paper.categories);
            let Some(near) = assessed.near else {
                continue;
            };
            assert!(!assessed.topics.iter().any(|t| t.slug == near.slug), "{}: {near:?} is given", paper.id);
            let threshold =
                model.topics.iter().find(|t| t.slug == near.slug).expect("a model topic").threshold;
            assert!(near.score >= f64::from(threshold) * NEAR_MISS - 0.01, "{}: {near:?}", paper.id);
            topicless_but_near += usize::from(assessed.topics.is_empty());
        }
        assert!(topicless_but_near > 5, "real papers with no topic come near one: {topicless_but_near}");
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

    /// A taxonomy's `max_topics` is the user's number: no buffer is sized by it.
    #[test]
    fn a_huge_topic_cap_classifies_like_any_other() {
        let mut taxonomy = Taxonomy::builtin().expect("default parses");
        taxonomy.max_topics = usize::MAX;
        let classifier = Classifier::new(taxonomy);
        let categories = vec!["cs.CL".to_string()];
        let doc = Document {
            title: "LoRA adapters for efficient fine-tuning of large language models",
            abstract_text: "We study low-rank adaptation (LoRA) for parameter-efficient fine-tuning.",
            categories: &categories,
        };
        let topics: Vec<String> = classifier.classify(doc).into_iter().map(|t| t.slug).collect();
        assert!(topics.contains(&"peft".to_string()), "{topics:?}");
    }

    #[test]
    fn a_fixed_abstract_gets_exactly_these_topics_and_scores() {
        // Pinned: a change to the matcher, the weights or the default taxonomy
        // shows up here (and then in the golden exports).
        let categories = vec!["cs.CL".to_string(), "cs.IR".to_string()];
        let doc = Document {
            title: "Reranking Retrieved Passages for Retrieval-Augmented Generation",
            abstract_text: "We study retrieval augmented generation with a cross-encoder reranker. \
                            A small language model tuned with parameter-efficient LoRA adapters rescores \
                            the retrieved passages, which improves open-domain question answering.",
            categories: &categories,
        };
        let got: Vec<(String, f64)> =
            classifier().classify(doc).into_iter().map(|t| (t.slug, t.score)).collect();
        assert_eq!(got, [("retrieval".to_string(), 22.0), ("peft".to_string(), 8.0)]);
    }
}
