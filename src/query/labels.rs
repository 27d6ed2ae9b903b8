//! Manual topic labels: `+topic` and `-topic` as a user writes them, and setting
//! them on a paper, noting the topics they name that nothing knows yet.

use std::str::FromStr;

use super::{QueryError, check_label_topic, find_paper};
use crate::classify::Classifier;
use crate::id::ArxivId;
use crate::model::StoredPaper;
use crate::store::Store;

/// `+topic` (add the topic to a paper) or `-topic` (take it away).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelChange {
    pub slug: String,
    pub assigned: bool,
}

impl FromStr for LabelChange {
    type Err = String;

    fn from_str(text: &str) -> Result<LabelChange, String> {
        match (text.strip_prefix('+'), text.strip_prefix('-')) {
            (Some(slug), _) if !slug.is_empty() => Ok(LabelChange { slug: slug.to_string(), assigned: true }),
            (_, Some(slug)) if !slug.is_empty() => {
                Ok(LabelChange { slug: slug.to_string(), assigned: false })
            }
            _ => Err(format!(
                "'{text}' is not a label change: write +topic to add a topic or -topic to remove one"
            )),
        }
    }
}

/// A paper as its labels left it, and the topics they gave it that neither the
/// classifier nor any other paper's labels know: topics of the user's own in the
/// making.
pub struct Labelled {
    pub stored: StoredPaper,
    pub new_topics: Vec<String>,
}

/// Sets the `changes` on the paper `id`, all or none of them checked first.
pub fn set_labels(
    store: &mut Store,
    classifier: &Classifier,
    id: &ArxivId,
    changes: &[LabelChange],
) -> Result<Labelled, QueryError> {
    // A label for a topic the taxonomy has since dropped can still be removed.
    let existing = store.labels(id)?;
    // Topics of the user's own already in use on other papers.
    let labelled = store.labelled_papers()?;
    let in_use = |slug: &str| labelled.iter().any(|p| p.added.iter().any(|t| t == slug));
    let mut new_topics = Vec::new();
    for change in changes {
        let (assigned, slug) = (change.assigned, change.slug.as_str());
        if (assigned || !existing.iter().any(|(t, _)| t == slug))
            && !in_use(slug)
            && !check_label_topic(classifier, slug)?
        {
            new_topics.push(slug.to_string());
        }
    }
    for change in changes {
        if store.set_label(id, &change.slug, change.assigned)?.is_none() {
            return Err(QueryError::NotFound(id.clone()));
        }
    }
    Ok(Labelled { stored: find_paper(store, id.as_str())?, new_topics })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_changes() {
        assert_eq!("+rag".parse(), Ok(LabelChange { slug: "rag".into(), assigned: true }));
        assert_eq!("-rag".parse(), Ok(LabelChange { slug: "rag".into(), assigned: false }));
        for bad in ["rag", "+", "-", ""] {
            assert!(bad.parse::<LabelChange>().is_err(), "{bad}");
        }
    }
}
