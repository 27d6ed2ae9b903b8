//! What the learned model sees of a paper: normalised words and adjacent word
//! pairs of the title and abstract (tf-idf, title words counted twice, the text
//! part scaled to unit length), the arXiv categories, and the taxonomy's phrase
//! score for each topic.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

use crate::classify::text::{SHORT_SLOTS, for_each_word, short_slot};

thread_local! {
    /// Per feature, its count in the paper at hand; all zero between papers, so a
    /// paper costs its own words only.
    static SCRATCH: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// No word: a short word outside the vocabulary.
const NO_WORD: u32 = u32::MAX;

type FastHash = BuildHasherDefault<FxHasher>;

/// A feature's id: its row in the weight table.
pub type FeatureId = u32;

/// Feature names as `explain` shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Pair,
    Category,
    Phrases,
}

/// How many times a title word counts against an abstract word.
const TITLE_COUNT: f32 = 2.0;
/// The largest phrase-score feature: a score of twice a topic's threshold.
const MAX_PHRASE_FEATURE: f32 = 4.0;

/// The features a model knows, by name, with their inverse document frequencies.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Word text to its word id (only words that are features or in a pair).
    words: HashMap<String, u32, FastHash>,
    /// Word ids of words of up to three letters or digits, indexed directly: they
    /// are half of all words, and skip hashing.
    short: Vec<u32>,
    /// (word id, next word id) to its feature id.
    pairs: HashMap<u64, FeatureId, FastHash>,
    /// Word id to its feature id as a single word, when it is one.
    word_feature: Vec<Option<FeatureId>>,
    categories: HashMap<String, FeatureId, FastHash>,
    /// Topic slug to its phrase-score feature.
    phrases: Vec<(String, FeatureId)>,
    /// Per feature: its name and kind, and its idf (1 for categories and phrases).
    pub names: Vec<(Kind, String)>,
    pub idf: Vec<f32>,
}

/// A paper as sparse features, sorted by id.
pub type Sparse = Vec<(FeatureId, f32)>;

impl Vocabulary {
    /// Builds the vocabulary from tokenised documents: words and pairs in at least
    /// `min_df` of them, every category seen, a phrase feature per slug. Feature
    /// order is by kind, then by name, so it never depends on hashing.
    pub fn build(docs: &[Tokens], slugs: &[String], min_df: usize) -> Vocabulary {
        let mut df: HashMap<&str, usize, FastHash> = HashMap::default();
        let mut cats: Vec<&str> = Vec::new();
        for doc in docs {
            let mut seen: Vec<&str> = doc.terms().collect();
            seen.sort_unstable();
            seen.dedup();
            for term in seen {
                *df.entry(term).or_default() += 1;
            }
            cats.extend(doc.categories.iter().map(String::as_str));
        }
        let mut terms: Vec<(&str, usize)> = df.into_iter().filter(|(_, n)| *n >= min_df).collect();
        terms.sort_unstable();
        cats.sort_unstable();
        cats.dedup();
        let total = docs.len().max(1) as f32;
        let mut names = Vec::new();
        let mut idf = Vec::new();
        for (term, n) in &terms {
            let kind = if term.contains(' ') { Kind::Pair } else { Kind::Word };
            names.push((kind, term.to_string()));
            idf.push(((1.0 + total) / (1.0 + *n as f32)).ln() + 1.0);
        }
        for cat in cats {
            names.push((Kind::Category, cat.to_string()));
            idf.push(1.0);
        }
        for slug in slugs {
            names.push((Kind::Phrases, slug.clone()));
            idf.push(1.0);
        }
        Vocabulary::from_names(names, idf)
    }

    /// The vocabulary of features in this order (as a model file stores them).
    pub fn from_names(names: Vec<(Kind, String)>, idf: Vec<f32>) -> Vocabulary {
        let mut vocabulary = Vocabulary { names: Vec::new(), idf, ..Vocabulary::default() };
        let word_id =
            |words: &mut HashMap<String, u32, FastHash>, slots: &mut Vec<Option<FeatureId>>, w: &str| {
                let next = words.len() as u32;
                let id = *words.entry(w.to_string()).or_insert(next);
                if id as usize == slots.len() {
                    slots.push(None);
                }
                id
            };
        for (index, (kind, name)) in names.iter().enumerate() {
            let feature = index as FeatureId;
            match kind {
                Kind::Word => {
                    let id = word_id(&mut vocabulary.words, &mut vocabulary.word_feature, name);
                    vocabulary.word_feature[id as usize] = Some(feature);
                }
                Kind::Pair => {
                    let (first, second) = name.split_once(' ').unwrap_or((name, ""));
                    let a = word_id(&mut vocabulary.words, &mut vocabulary.word_feature, first);
                    let b = word_id(&mut vocabulary.words, &mut vocabulary.word_feature, second);
                    vocabulary.pairs.insert(pair_key(a, b), feature);
                }
                Kind::Category => {
                    vocabulary.categories.insert(name.clone(), feature);
                }
                Kind::Phrases => vocabulary.phrases.push((name.clone(), feature)),
            }
        }
        vocabulary.short = vec![NO_WORD; SHORT_SLOTS];
        for (word, id) in &vocabulary.words {
            if let Some(slot) = short_slot(word) {
                vocabulary.short[slot] = *id;
            }
        }
        vocabulary.names = names;
        vocabulary
    }

    fn word_id(&self, word: &str) -> Option<u32> {
        match short_slot(word) {
            Some(slot) => Some(self.short[slot]).filter(|id| *id != NO_WORD),
            None => self.words.get(word).copied(),
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The features of one paper. `phrase_score` gives a topic's phrase score as a
    /// fraction of its threshold (0 when no phrase matched).
    pub fn features(
        &self,
        title: &str,
        abstract_text: &str,
        categories: &[String],
        phrase_score: impl Fn(&str) -> f32,
        out: &mut Sparse,
    ) {
        out.clear();
        SCRATCH.with_borrow_mut(|counts| {
            counts.resize(self.names.len(), 0.0);
            // Features in order of first appearance, each with its count.
            let mut add = |feature: FeatureId, count: f32| {
                let slot = &mut counts[feature as usize];
                if *slot == 0.0 {
                    out.push((feature, 0.0));
                }
                *slot += count;
            };
            for (text, count) in [(title, TITLE_COUNT), (abstract_text, 1.0)] {
                let mut previous: Option<u32> = None;
                for_each_word(text, |w| {
                    let id = self.word_id(w);
                    if let Some(id) = id {
                        if let Some(feature) = self.word_feature[id as usize] {
                            add(feature, count);
                        }
                        if let Some(feature) = previous.and_then(|p| self.pairs.get(&pair_key(p, id))) {
                            add(*feature, count);
                        }
                    }
                    previous = id;
                });
            }
            for (feature, value) in out.iter_mut() {
                let tf = std::mem::take(&mut counts[*feature as usize]);
                *value = (1.0 + tf.ln()) * self.idf[*feature as usize];
            }
        });
        let norm: f32 = out.iter().map(|(_, v)| v * v).sum();
        let norm = norm.sqrt();
        if norm > 0.0 {
            out.iter_mut().for_each(|(_, v)| *v /= norm);
        }
        for category in categories {
            if let Some(&feature) = self.categories.get(category) {
                out.push((feature, 1.0));
            }
        }
        for (slug, feature) in &self.phrases {
            let score = phrase_score(slug).clamp(0.0, MAX_PHRASE_FEATURE);
            if score > 0.0 {
                out.push((*feature, score));
            }
        }
    }
}

fn pair_key(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// A document's words and pairs as text, for building a vocabulary.
#[derive(Debug, Clone)]
pub struct Tokens {
    terms: Vec<String>,
    categories: Vec<String>,
}

impl Tokens {
    pub fn new(title: &str, abstract_text: &str, categories: &[String]) -> Tokens {
        let mut terms = Vec::new();
        for text in [title, abstract_text] {
            let mut previous: Option<String> = None;
            for_each_word(text, |w| {
                if let Some(p) = &previous {
                    terms.push(format!("{p} {w}"));
                }
                terms.push(w.to_string());
                previous = Some(w.to_string());
            });
        }
        Tokens { terms, categories: categories.to_vec() }
    }

    fn terms(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_pairs_categories_and_phrases_become_features() {
        let cats = vec!["cs.CL".to_string()];
        let docs = vec![
            Tokens::new("Linear attention", "We study linear attention.", &cats),
            Tokens::new("Linear attention again", "Linear attention is fast.", &cats),
        ];
        let vocabulary = Vocabulary::build(&docs, &["attention".to_string()], 2);
        let names: Vec<&str> = vocabulary.names.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["attention", "linear", "linear attention", "cs.CL", "attention"]);
        let mut out = Vec::new();
        vocabulary.features(
            "Linear attention",
            "",
            &cats,
            |s| if s == "attention" { 1.5 } else { 0.0 },
            &mut out,
        );
        let ids: Vec<u32> = out.iter().map(|(f, _)| *f).collect();
        assert_eq!(ids, [1, 0, 2, 3, 4], "text features in order of appearance, then categories and phrases");
        let text_norm: f32 = out[..3].iter().map(|(_, v)| v * v).sum();
        assert!((text_norm - 1.0).abs() < 1e-5, "the text part has unit length");
        assert_eq!(out[4], (4, 1.5));
        vocabulary.features("unrelated words", "", &[], |_| 0.0, &mut out);
        assert!(out.is_empty());
    }
}
