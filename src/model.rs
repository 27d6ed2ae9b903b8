//! The data every layer shares: a parsed arXiv paper, its authors and links.
//!
//! Plain values only: no I/O, no SQL, no XML. Parsers produce these, the store
//! persists them, and the views render them.

use chrono::{DateTime, Utc};

use crate::id::ArxivId;

/// One author, in the order arXiv lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    /// Free-text affiliations as the submitter typed them; usually empty.
    pub affiliations: Vec<String>,
}

/// The abstract page and PDF of one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    pub abs: String,
    pub pdf: String,
}

/// The metadata of one version of one paper, as arXiv returned it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paper {
    /// The id without its version, e.g. `2405.12981` or `hep-th/9901001`.
    pub id: ArxivId,
    /// The version these fields belong to (1 for `v1`).
    pub version: u32,
    pub title: String,
    pub abstract_text: String,
    pub authors: Vec<Author>,
    /// Submission time of v1 (UTC). This, not `updated`, decides the listing week.
    pub published: DateTime<Utc>,
    /// Submission time of `version`.
    pub updated: DateTime<Utc>,
    pub primary_category: String,
    /// Every arXiv category code, the primary first, without duplicates.
    pub categories: Vec<String>,
    pub comment: Option<String>,
    pub journal_ref: Option<String>,
    pub dois: Vec<String>,
    pub links: Links,
}

impl Paper {
    /// Authors' names joined with ", " (what full-text search indexes).
    pub fn author_names(&self) -> String {
        let names: Vec<&str> = self.authors.iter().map(|a| a.name.as_str()).collect();
        names.join(", ")
    }
}

/// Whether `term` looks like an arXiv category code (`cs.LG`, `hep-th`, `astro-ph`,
/// `cond-mat.stat-mech`) rather than an MSC or ACM class (`14C20, 14M99`, `I.2.6`).
pub fn is_category_code(term: &str) -> bool {
    let (archive, subject) = match term.split_once('.') {
        Some((a, s)) => (a, Some(s)),
        None => (term, None),
    };
    let archive_ok = !archive.is_empty()
        && archive.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !archive.starts_with('-');
    let subject_ok =
        subject.is_none_or(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'));
    archive_ok && subject_ok
}

/// Collapses every run of whitespace (including hard line wraps) into one space
/// and trims both ends.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_codes_are_told_apart_from_msc_and_acm_classes() {
        for good in ["cs.LG", "hep-th", "astro-ph", "cond-mat.stat-mech", "math.GT", "q-bio.NC"] {
            assert!(is_category_code(good), "{good} should be a category");
        }
        for bad in ["14C20, 14M99", "I.2.6", "", "cs.", "CS.LG", "68T05", "-x"] {
            assert!(!is_category_code(bad), "{bad:?} should not be a category");
        }
    }

    #[test]
    fn whitespace_collapses_across_hard_wraps() {
        assert_eq!(
            collapse_whitespace("  Hierarchical Neural\n  Decoding \t x "),
            "Hierarchical Neural Decoding x"
        );
        assert_eq!(collapse_whitespace("0"), "0");
        assert_eq!(collapse_whitespace(" \n "), "");
    }
}
