//! What `explain` shows about one paper, read in one place: the phrase engine's
//! and the model's verdicts on each topic, the importance prior, the manual
//! labels, and the digest section the paper is filed under.

use super::{FiledBy, QueryError, filed_by, find_paper, section_of};
use crate::classify::importance::{self, CURATOR_SIGNAL, PaperFacts, PriorExplanation};
use crate::classify::{Classifier, Document, Explanation, ModelExplanation};
use crate::model::StoredPaper;
use crate::store::Store;

/// Features shown per topic of the model.
const FEATURES_SHOWN: usize = 6;
/// Features shown per head of the importance prior.
const PRIOR_FEATURES_SHOWN: usize = 8;

/// Why one paper has the topics and the section it has.
pub struct PaperExplanation<'c> {
    pub classifier: &'c Classifier,
    pub stored: StoredPaper,
    /// Manual labels: topic, and whether it is added (else removed).
    pub labels: Vec<(String, bool)>,
    /// The phrase engine's verdict per topic.
    pub topics: Vec<Explanation>,
    /// The model's verdict per topic, when there is a model.
    pub model: Option<Vec<ModelExplanation>>,
    pub prior: Option<PriorExplanation>,
}

impl PaperExplanation<'_> {
    /// Whether the stored topics come from another taxonomy or model than the
    /// classifier's.
    pub fn stale(&self) -> bool {
        self.stored.topics_hash.as_deref() != Some(self.classifier.fingerprint())
    }

    /// The digest section the paper is filed under.
    pub fn section(&self) -> Option<&str> {
        section_of(self.classifier.taxonomy(), &self.stored)
    }

    /// The section the paper is filed under and by which topic; `None` for
    /// "Other papers".
    pub fn filed_by(&self) -> Option<(&str, FiledBy<'_>)> {
        filed_by(self.classifier.taxonomy(), &self.stored)
    }

    /// Whether a manual label took `slug` away from the paper.
    pub fn removed_by_label(&self, slug: &str) -> bool {
        self.labels.iter().any(|(topic, assigned)| topic == slug && !assigned)
    }

    /// What the built-in importance model's average paper scores on the curator
    /// head, which ranks papers but is no probability.
    pub fn average_curator_score(&self) -> Option<f32> {
        importance::builtin().map(|model| model.ranking.means[CURATOR_SIGNAL])
    }
}

/// Explains the paper `written_id` names (any written form of its id).
pub fn explain_paper<'c>(
    store: &Store,
    classifier: &'c Classifier,
    written_id: &str,
) -> Result<PaperExplanation<'c>, QueryError> {
    let stored = find_paper(store, written_id)?;
    let labels = store.labels(&stored.paper.id)?;
    let paper = &stored.paper;
    let doc =
        Document { title: &paper.title, abstract_text: &paper.abstract_text, categories: &paper.categories };
    let topics = classifier.explain(doc);
    let model = classifier.explain_model(doc, FEATURES_SHOWN);
    let authors: Vec<&str> = paper.authors.iter().map(|a| a.name.as_str()).collect();
    let prior = classifier.explain_prior(doc, &PaperFacts::of(paper, &authors), PRIOR_FEATURES_SHOWN);
    Ok(PaperExplanation { classifier, stored, labels, topics, model, prior })
}
