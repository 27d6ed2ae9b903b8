//! Whether papers were classified with the taxonomy in use.

use crate::model::StoredPaper;

/// How many of some papers have topics from another taxonomy (or none at all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Staleness {
    pub stale: usize,
    /// How many papers were looked at.
    pub papers: usize,
}

impl Staleness {
    /// Counts the papers whose topics were not made with the taxonomy `hash`.
    pub fn of(papers: &[StoredPaper], hash: &str) -> Staleness {
        let mut staleness = Staleness::default();
        for paper in papers {
            staleness.count(paper.topics_hash.as_deref(), hash);
        }
        staleness
    }

    /// Counts one more paper, classified with the taxonomy `topics_hash`.
    pub fn count(&mut self, topics_hash: Option<&str>, hash: &str) {
        self.papers += 1;
        if topics_hash != Some(hash) {
            self.stale += 1;
        }
    }

    /// Every paper looked at is stale (and there was at least one).
    pub fn all(&self) -> bool {
        self.stale > 0 && self.stale == self.papers
    }
}
