//! What a paper's metadata says of it, beside its words: how many authors it has,
//! whether it links code or names a venue, the shape of its title. Pure functions
//! of the fields arXiv gives; the importance prior weighs them.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::model::Paper;

/// The metadata a paper's facts and authors' record are read from.
#[derive(Debug, Clone, Copy, Default)]
pub struct PaperFacts<'a> {
    /// Its arXiv id, without version (its own record leaves it out).
    pub id: &'a str,
    pub title: &'a str,
    pub abstract_text: &'a str,
    pub comment: Option<&'a str>,
    pub journal_ref: Option<&'a str>,
    /// Its authors' names, in order.
    pub authors: &'a [&'a str],
}

impl<'a> PaperFacts<'a> {
    /// The facts of a parsed paper whose authors' names are `authors`.
    pub fn of(paper: &'a Paper, authors: &'a [&'a str]) -> PaperFacts<'a> {
        PaperFacts {
            id: paper.id.as_str(),
            title: &paper.title,
            abstract_text: &paper.abstract_text,
            comment: paper.comment.as_deref(),
            journal_ref: paper.journal_ref.as_deref(),
            authors,
        }
    }
}

/// The facts, in the order [`FACT_NAMES`] gives, as the prior's features.
pub type Facts = [f32; FACT_NAMES.len()];

/// What each fact is, as `explain` names it.
pub const FACT_NAMES: [&str; 12] = [
    "authors (log)",
    "10 or more authors",
    "20 or more authors",
    "links code",
    "links Hugging Face",
    "names a venue",
    "comment links a page",
    "title names its method",
    "title length",
    "has a comment",
    "technical report",
    "workshop paper",
];

const VENUES: &[&str] = &[
    "NeurIPS",
    "NIPS",
    "ICML",
    "ICLR",
    "ACL",
    "EMNLP",
    "NAACL",
    "COLING",
    "EACL",
    "AACL",
    "COLM",
    "CVPR",
    "ICCV",
    "ECCV",
    "WACV",
    "AAAI",
    "IJCAI",
    "KDD",
    "SIGIR",
    "WWW",
    "WSDM",
    "CIKM",
    "RecSys",
    "UAI",
    "AISTATS",
    "CoRL",
    "ICRA",
    "IROS",
    "MICCAI",
    "INTERSPEECH",
    "Interspeech",
    "ICASSP",
    "LREC",
    "SIGGRAPH",
    "TMLR",
    "JMLR",
    "TACL",
    "TPAMI",
    "Nature",
    "Science",
    "MLSys",
    "OSDI",
    "SOSP",
    "USENIX",
    "ICSE",
    "FSE",
    "ASE",
    "ISSTA",
];
const CODE_HOSTS: &[&str] = &["github.com/", "gitlab.com/", "huggingface.co/", "bitbucket.org/"];

/// One searcher per code host, built once: every abstract of a week is searched.
static CODE_HOST_FINDERS: LazyLock<Vec<Finder<'static>>> =
    LazyLock::new(|| CODE_HOSTS.iter().map(|host| Finder::new(host.as_bytes())).collect());

/// Phrases the facts look for, lower-case, each with its searcher built once.
static PHRASES: LazyLock<[Finder<'static>; 4]> = LazyLock::new(|| {
    ["http", "project page", "technical report", "workshop"].map(|phrase| Finder::new(phrase.as_bytes()))
});
const HTTP: usize = 0;
const PROJECT_PAGE: usize = 1;
const TECHNICAL_REPORT: usize = 2;
const WORKSHOP: usize = 3;

/// The facts of one paper. This runs for every paper stored: the comment and the
/// title are lower-cased once, and the searchers are built once.
pub fn facts(paper: &PaperFacts) -> Facts {
    let comment = paper.comment.unwrap_or("");
    let lower = comment.to_ascii_lowercase();
    let says = |phrase: usize| PHRASES[phrase].find(lower.as_bytes()).is_some();
    let title = paper.title.to_ascii_lowercase();
    let hosts = hosts_in(comment) | hosts_in(paper.abstract_text);
    let has = |on: bool| if on { 1.0 } else { 0.0 };
    let authors = paper.authors.len();
    [
        (authors as f32).ln_1p(),
        has(authors >= 10),
        has(authors >= 20),
        has(hosts != 0),
        has(hosts & HUGGING_FACE != 0),
        has(paper.journal_ref.is_some() || venue_clause(comment).is_some()),
        has(says(HTTP) || says(PROJECT_PAGE)),
        has(names_its_method(paper.title)),
        words(paper.title) as f32 / 10.0,
        has(!comment.trim().is_empty()),
        has(says(TECHNICAL_REPORT) || PHRASES[TECHNICAL_REPORT].find(title.as_bytes()).is_some()),
        has(says(WORKSHOP)),
    ]
}

/// How many words a title has: its stored titles have their whitespace collapsed,
/// so one fast count of the spaces gives it.
fn words(title: &str) -> usize {
    let title = title.trim();
    match title.is_empty() {
        true => 0,
        false => memchr::memchr_iter(b' ', title.as_bytes()).count() + 1,
    }
}

/// The bit of [`CODE_HOSTS`]' Hugging Face in [`hosts_in`]'s answer.
const HUGGING_FACE: u8 = 1 << 2;

/// Which code hosts `text` links, one bit per [`CODE_HOSTS`] entry.
fn hosts_in(text: &str) -> u8 {
    // Every host's address has a slash, and most abstracts none: one fast scan
    // settles them.
    if memchr::memchr(b'/', text.as_bytes()).is_none() {
        return 0;
    }
    CODE_HOST_FINDERS
        .iter()
        .enumerate()
        .filter(|(_, host)| host.find(text.as_bytes()).is_some())
        .fold(0, |bits, (i, _)| bits | 1 << i)
}

/// Whether `text` contains `phrase` (lower-case ASCII), in any case; no copy.
fn mentions(text: &str, phrase: &str) -> bool {
    text.as_bytes().windows(phrase.len()).any(|window| window.eq_ignore_ascii_case(phrase.as_bytes()))
}

/// "Name: what it does": a title that opens with one capitalised word (a model,
/// method or benchmark's name) and a colon.
fn names_its_method(title: &str) -> bool {
    let Some((head, _)) = title.split_once(':') else {
        return false;
    };
    let mut chars = head.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| c.is_alphanumeric() || c == '-')
        && head.chars().count() <= 30
}

/// The clause of the comment (or the journal ref) that names a venue.
pub fn venue(comment: Option<&str>, journal_ref: Option<&str>) -> Option<String> {
    comment.and_then(venue_clause).or(journal_ref).map(str::to_string)
}

/// The first short clause of a comment that names a venue ("Accepted at ICLR
/// 2025", "To appear in Nature").
fn venue_clause(comment: &str) -> Option<&str> {
    // Venue names are capitalised: other words are not looked up.
    let names_venue = |text: &str| {
        mentions(text, "accepted")
            || mentions(text, "to appear")
            || text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) && VENUES.contains(&w))
    };
    comment.split(['.', ';']).map(str::trim).find(|clause| names_venue(clause) && clause.len() <= 120)
}

/// The first code link in the comment or abstract.
pub fn code_url(comment: Option<&str>, abstract_text: &str) -> Option<String> {
    for text in comment.into_iter().chain(std::iter::once(abstract_text)) {
        // Most abstracts link no code: one fast search per host settles it.
        if !CODE_HOST_FINDERS.iter().any(|host| host.find(text.as_bytes()).is_some()) {
            continue;
        }
        for word in text.split_whitespace() {
            if CODE_HOSTS.iter().any(|host| word.contains(host)) {
                let url =
                    word.trim_start_matches(['(', '<', '[']).trim_end_matches(['.', ',', ')', '>', ']', ';']);
                let url = match url.starts_with("http") {
                    true => url.to_string(),
                    false => format!("https://{url}"),
                };
                return Some(url);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_venue_comes_from_a_short_clause_or_the_journal_ref() {
        assert_eq!(venue(Some("To appear in Nature"), None).as_deref(), Some("To appear in Nature"));
        assert_eq!(
            venue(Some("10 pages, 3 figures"), Some("Phys. Rev. D 1 (2024)")).as_deref(),
            Some("Phys. Rev. D 1 (2024)")
        );
        assert_eq!(venue(Some("ACLU report"), None), None, "whole words only");
        assert_eq!(code_url(None, "Code: https://gitlab.com/a/b]."), Some("https://gitlab.com/a/b".into()));
        assert_eq!(code_url(None, "no links here"), None);
    }

    #[test]
    fn every_fact_is_read_from_its_field() {
        let paper = PaperFacts {
            title: "Qwen3-Omni: A Technical Report on one model",
            abstract_text: "Weights at https://huggingface.co/q/omni.",
            comment: Some("Accepted at ICLR 2026. Project page: https://x.io; workshop version"),
            journal_ref: None,
            authors: &["A"; 24],
            ..Default::default()
        };
        let got = facts(&paper);
        let on: Vec<&str> = FACT_NAMES.iter().zip(got).filter(|(_, v)| *v == 1.0).map(|(n, _)| *n).collect();
        assert_eq!(
            on,
            [
                "10 or more authors",
                "20 or more authors",
                "links code",
                "links Hugging Face",
                "names a venue",
                "comment links a page",
                "title names its method",
                "has a comment",
                "technical report",
                "workshop paper"
            ]
        );
        assert!((got[0] - 25f32.ln()).abs() < 1e-6);
        assert!((got[8] - 0.7).abs() < 1e-6, "seven words");
        let plain =
            facts(&PaperFacts { title: "On the use of things", authors: &["A", "B"], ..Default::default() });
        assert_eq!(plain[1..8], [0.0; 7]);
        assert_eq!(plain[9..], [0.0; 3]);
    }

    #[test]
    fn a_title_names_its_method_only_with_one_capitalised_word_before_the_colon() {
        assert!(names_its_method("LLaMA-3: open models"));
        assert!(!names_its_method("Scaling laws: a survey"));
        assert!(!names_its_method("no colon here"));
        assert!(!names_its_method("Two Words: no"));
    }
}
