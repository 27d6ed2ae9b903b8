//! The data every layer shares: a parsed arXiv paper, its authors and links; the
//! paper as the store reads it back ([`stored`]); the weekly digest as the query
//! layer builds it ([`digest`]) and the writer's edits of it ([`edit`]); what the
//! community made of a paper ([`signals`]).
//!
//! Plain values only: no I/O, no SQL, no XML. Parsers produce these, the store
//! persists them, the query layer selects and ranks them, and the views render them.

pub mod digest;
pub mod edit;
pub mod signals;
pub mod stored;

use chrono::{DateTime, Utc};

use crate::id::ArxivId;

pub use stored::{AnnouncementRecord, LabelledPaper, StoredPaper, StoredTopic, VersionRecord, replaced_mark};

/// One author, in the order arXiv lists them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Author {
    pub name: String,
    /// Free-text affiliations as the submitter typed them; usually empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
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
    /// A cs.CL paper, version 1, submitted at `submitted` by `authors`, with no
    /// comment, journal ref or DOI: what unit tests build on.
    #[cfg(test)]
    pub(crate) fn for_tests(id: &str, submitted: DateTime<Utc>, authors: &[&str]) -> Paper {
        Paper {
            id: ArxivId::parse(id).expect("a test id"),
            version: 1,
            title: format!("Paper {id}"),
            abstract_text: String::new(),
            authors: authors
                .iter()
                .map(|n| Author { name: n.to_string(), affiliations: Vec::new() })
                .collect(),
            published: submitted,
            updated: submitted,
            primary_category: "cs.CL".into(),
            categories: vec!["cs.CL".into()],
            comment: None,
            journal_ref: None,
            dois: Vec::new(),
            links: Links { abs: format!("https://arxiv.org/abs/{id}"), pdf: String::new() },
        }
    }

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

/// A value's name that is none of the names it has (values such as a list's
/// format or order are named in text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown name '{0}'")]
pub struct UnknownName(pub String);

/// A value chosen by one of its names in text (a format, an order).
pub trait Named: Sized + Copy + 'static {
    /// Each name with its value, in the order they are offered.
    const NAMES: &'static [(&'static str, Self)];

    /// The value called `name`.
    fn named(name: &str) -> Result<Self, UnknownName> {
        let found = Self::NAMES.iter().find(|(known, _)| *known == name);
        found.map(|(_, value)| *value).ok_or_else(|| UnknownName(name.to_string()))
    }
}

/// The items in their order, each once: the first of each stays where it was (a
/// feed's order is its meaning: the first DOI, the primary category).
pub fn distinct<T: Clone + Eq + std::hash::Hash>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    items.into_iter().filter(|item| seen.insert(item.clone())).collect()
}

/// Collapses every run of whitespace (space, tab, CR, LF; including hard line
/// wraps) into one space and trims both ends. Other Unicode spaces are kept: they
/// are rare, and usually deliberate (a no-break space in "10 km").
pub fn collapse_whitespace(text: &str) -> String {
    // This runs on every title, abstract and name during import, so it jumps from
    // one irregular spot (a tab, CR, LF or double space) to the next with SIMD
    // searches and copies the clean stretches between them whole. Cuts fall only on
    // ASCII whitespace, hence always on char boundaries.
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let text = text.trim_matches([' ', '\t', '\n', '\r']);
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut clean_from = 0;
    let mut next_double = memchr::memmem::find(bytes, b"  ");
    loop {
        if next_double.is_some_and(|d| d < clean_from) {
            next_double = memchr::memmem::find(&bytes[clean_from..], b"  ").map(|d| d + clean_from);
        }
        let next_break = memchr::memchr3(b'\t', b'\n', b'\r', &bytes[clean_from..]).map(|p| p + clean_from);
        let Some(found) = [next_break, next_double].into_iter().flatten().min() else {
            break;
        };
        let mut run_start = found;
        while run_start > clean_from && is_space(bytes[run_start - 1]) {
            run_start -= 1;
        }
        let mut run_end = found;
        while run_end < bytes.len() && is_space(bytes[run_end]) {
            run_end += 1;
        }
        out.push_str(&text[clean_from..run_start]);
        out.push(' ');
        clean_from = run_end;
    }
    out.push_str(&text[clean_from..]);
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
        assert_eq!(collapse_whitespace("a\tb c  d\n"), "a b c d");
        assert_eq!(collapse_whitespace("a \nb"), "a b");
        assert_eq!(collapse_whitespace("x  y\n z  \t w"), "x y z w");
        assert_eq!(collapse_whitespace("line one\nline two\nline three"), "line one line two line three");
        assert_eq!(collapse_whitespace("Zoë\u{a0}O'Brien  \r\n李 小龙"), "Zoë\u{a0}O'Brien 李 小龙");
    }
}
