//! What the learned model sees of a paper: normalised words and adjacent word
//! pairs of the title and abstract (tf-idf, title words counted twice, the text
//! part scaled to unit length), the arXiv categories, and the taxonomy's phrase
//! score for each topic.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

use crate::classify::packed_map::PackedMap;
use crate::classify::text::{WordTable, for_each_word};

thread_local! {
    /// Per feature, its count in the paper at hand; all zero between papers, so a
    /// paper costs its own words only.
    static SCRATCH: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The top bits of a [`ModelWord`]'s id: whether a pair feature starts or ends
/// with it. Adjacent words whose first starts no pair, or whose second ends none,
/// skip the pair lookup (about one pair in six on real abstracts).
const STARTS_PAIR: u32 = 1 << 31;
const ENDS_PAIR: u32 = 1 << 30;
/// The bits of a [`ModelWord`]'s id that are the id.
const ID_BITS: u32 = ENDS_PAIR - 1;
/// The most features a vocabulary can have. Each feature brings at most two new
/// words, whose ids must stay below the flag bits and below the unknown word's.
pub const MAX_FEATURES: usize = (ID_BITS / 2) as usize;
/// The feature of a word that is no feature by itself.
const NO_FEATURE: FeatureId = FeatureId::MAX;

/// A word of the vocabulary as one lookup finds it: its id (which pairs are keyed
/// by), its feature and idf, and whether pairs start or end with it. A paper's
/// words are turned into these once; everything else reads them without another
/// lookup.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelWord {
    /// The word's id, with [`STARTS_PAIR`] and [`ENDS_PAIR`] in its top bits.
    tagged_id: u32,
    /// Its feature as a single word, or [`NO_FEATURE`].
    feature: FeatureId,
    idf: f32,
}

/// What the word table's empty slots hold: the same as a word it does not know.
impl Default for ModelWord {
    fn default() -> ModelWord {
        ModelWord::UNKNOWN
    }
}

impl ModelWord {
    /// A word outside the vocabulary.
    pub const UNKNOWN: ModelWord = ModelWord { tagged_id: ID_BITS, feature: NO_FEATURE, idf: 0.0 };

    fn id(self) -> u32 {
        self.tagged_id & ID_BITS
    }

    fn starts_pair(self) -> bool {
        self.tagged_id & STARTS_PAIR != 0
    }

    fn ends_pair(self) -> bool {
        self.tagged_id & ENDS_PAIR != 0
    }
}

type FastHash = BuildHasherDefault<FxHasher>;

/// A feature's id: its row in the weight table.
pub type FeatureId = u32;

/// Feature names as `explain` shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Word,
    Pair,
    Category,
    Phrases,
}

impl Kind {
    /// What `explain` calls it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Word => "word",
            Kind::Pair => "pair",
            Kind::Category => "category",
            Kind::Phrases => "phrases",
        }
    }

    /// The kind a file stores as `code` (its discriminant).
    pub fn from_code(code: u8) -> Option<Kind> {
        [Kind::Word, Kind::Pair, Kind::Category, Kind::Phrases].into_iter().find(|kind| *kind as u8 == code)
    }
}

/// How many times a title word counts against an abstract word.
const TITLE_COUNT: u32 = 2;
/// The largest phrase-score feature: a score of twice a topic's threshold.
const MAX_PHRASE_FEATURE: f32 = 4.0;

/// The features a model knows, by name, with their inverse document frequencies.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// Word text to what the word is (only words that are features or in a pair).
    words: WordTable<ModelWord>,
    /// (word id, next word id) to its feature.
    pairs: PackedMap<u64, Feature>,
    /// `1 + ln(tf)` for small term counts, which nearly all are.
    tf_weights: Vec<f32>,
    categories: HashMap<String, FeatureId, FastHash>,
    /// Topic slug to its phrase-score feature.
    phrases: Vec<(String, FeatureId)>,
    /// Per feature: its name and kind, and its idf (1 for categories and phrases).
    pub names: Vec<(Kind, String)>,
    pub idf: Vec<f32>,
}

/// A pair feature as its lookup finds it: with its idf, so that the idf is not
/// another lookup.
#[derive(Debug, Clone, Copy, Default)]
struct Feature {
    id: FeatureId,
    idf: f32,
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
        let mut vocabulary = Vocabulary {
            words: WordTable::new(ModelWord::UNKNOWN),
            pairs: PackedMap::default(),
            tf_weights: (0..64u8).map(|n| 1.0 + f32::from(n).ln()).collect(),
            categories: HashMap::default(),
            phrases: Vec::new(),
            names: Vec::new(),
            idf,
        };
        fn word<'a>(words: &'a mut WordTable<ModelWord>, w: &str) -> &'a mut ModelWord {
            // Model files are checked against this when read; a trained vocabulary is
            // far smaller.
            debug_assert!(words.len() < 2 * MAX_FEATURES, "word ids would reach the flag bits");
            let next = ModelWord { tagged_id: words.len() as u32, ..ModelWord::UNKNOWN };
            words.entry(w, || next)
        }
        for (index, ((kind, name), &idf)) in names.iter().zip(&vocabulary.idf).enumerate() {
            let feature = index as FeatureId;
            match kind {
                Kind::Word => {
                    let entry = word(&mut vocabulary.words, name);
                    (entry.feature, entry.idf) = (feature, idf);
                }
                Kind::Pair => {
                    let (first, second) = name.split_once(' ').unwrap_or((name, ""));
                    let first = word(&mut vocabulary.words, first);
                    first.tagged_id |= STARTS_PAIR;
                    let a = first.id();
                    let second = word(&mut vocabulary.words, second);
                    second.tagged_id |= ENDS_PAIR;
                    let b = second.id();
                    *vocabulary.pairs.entry(pair_key(a, b), Feature::default) = Feature { id: feature, idf };
                }
                Kind::Category => {
                    vocabulary.categories.insert(name.clone(), feature);
                }
                Kind::Phrases => vocabulary.phrases.push((name.clone(), feature)),
            }
        }
        vocabulary.names = names;
        vocabulary
    }

    /// Every word the features are made of, with what it is, in no particular order.
    pub fn words(&self) -> impl Iterator<Item = (String, ModelWord)> + '_ {
        self.words.iter()
    }

    /// The topic slugs of the phrase-score features, in the order
    /// [`features_of_words`](Self::features_of_words) asks for their scores.
    pub fn phrase_slugs(&self) -> impl Iterator<Item = &str> {
        self.phrases.iter().map(|(slug, _)| slug.as_str())
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The features of one paper. `phrase_score` gives a topic's phrase score as a
    /// fraction of its threshold (0 when no phrase matched), by its position in
    /// [`phrase_slugs`](Self::phrase_slugs).
    pub fn features(
        &self,
        title: &str,
        abstract_text: &str,
        categories: &[String],
        phrase_score: impl Fn(usize) -> f32,
        out: &mut Sparse,
    ) {
        let words = |text: &str| {
            let mut words = Vec::new();
            for_each_word(text, |w| words.push(self.words.get(w)));
            words
        };
        self.features_of_words(&words(title), &words(abstract_text), categories, phrase_score, out);
    }

    /// [`features`](Self::features) of a paper already split into words, each as
    /// the vocabulary's table gives it ([`ModelWord::UNKNOWN`] for a word outside it).
    pub fn features_of_words(
        &self,
        title: &[ModelWord],
        abstract_text: &[ModelWord],
        categories: &[String],
        phrase_score: impl Fn(usize) -> f32,
        out: &mut Sparse,
    ) {
        out.clear();
        SCRATCH.with_borrow_mut(|counts| {
            counts.resize(self.names.len(), 0);
            // A slice, not the vector: its address and length stay in registers
            // across the pushes below, where the vector's would be read again.
            let counts = counts.as_mut_slice();
            // Features in order of first appearance, each with its idf until its
            // count is known.
            let mut add = |feature: Feature, count: u32| {
                let slot = &mut counts[feature.id as usize];
                if *slot == 0 {
                    out.push((feature.id, feature.idf));
                }
                *slot += count;
            };
            for (words, count) in [(title, TITLE_COUNT), (abstract_text, 1)] {
                // The previous word's id, when a pair feature starts with it.
                let mut previous = None;
                for &word in words {
                    if word.feature != NO_FEATURE {
                        add(Feature { id: word.feature, idf: word.idf }, count);
                    }
                    if let Some(previous) = previous
                        && word.ends_pair()
                        && let Some(feature) = self.pairs.get(pair_key(previous, word.id()))
                    {
                        add(feature, count);
                    }
                    previous = word.starts_pair().then(|| word.id());
                }
            }
            for (feature, value) in out.iter_mut() {
                let tf = std::mem::take(&mut counts[*feature as usize]);
                let weight = self.tf_weights.get(tf as usize).copied();
                *value *= weight.unwrap_or_else(|| 1.0 + (tf as f32).ln());
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
        for (index, (_, feature)) in self.phrases.iter().enumerate() {
            let score = phrase_score(index).clamp(0.0, MAX_PHRASE_FEATURE);
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
        vocabulary.features("Linear attention", "", &cats, |_| 1.5, &mut out);
        let ids: Vec<u32> = out.iter().map(|(f, _)| *f).collect();
        assert_eq!(ids, [1, 0, 2, 3, 4], "text features in order of appearance, then categories and phrases");
        let text_norm: f32 = out[..3].iter().map(|(_, v)| v * v).sum();
        assert!((text_norm - 1.0).abs() < 1e-5, "the text part has unit length");
        assert_eq!(out[4], (4, 1.5));
        vocabulary.features("unrelated words", "", &[], |_| 0.0, &mut out);
        assert!(out.is_empty());
    }
}
