//! How the digest ranks papers within a section: a score, highest first, ties
//! broken by arXiv id, so the order is the same on every run:
//! - the paper's best topic score (from the classifier),
//! - +3 when the comment or journal ref names a venue ("Accepted at ICLR 2025"),
//! - +2 when the comment or abstract links code (GitHub, GitLab, Hugging Face),
//! - +0.5 per cross-listed category, at most +2,
//! - +3 when an author is one the user tracks (`papers track add au:"…"`).

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// Points added to a paper's rank for each offline signal.
pub const VENUE_POINTS: f64 = 3.0;
pub const CODE_POINTS: f64 = 2.0;
pub const CROSS_LIST_POINTS: f64 = 0.5;
pub const CROSS_LIST_CAP: f64 = 2.0;
pub const TRACKED_AUTHOR_POINTS: f64 = 3.0;

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

/// What the ranking looks at in one paper.
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence<'a> {
    /// The score of its best topic, if it has one.
    pub best_score: Option<f64>,
    pub comment: Option<&'a str>,
    pub journal_ref: Option<&'a str>,
    pub abstract_text: &'a str,
    /// How many categories it has, the primary included.
    pub categories: usize,
    /// Whether one of its authors is tracked.
    pub tracked_author: bool,
}

/// A paper's importance signals and the ranking score they give.
#[derive(Debug, Clone, PartialEq)]
pub struct Signals {
    pub venue: Option<String>,
    pub code_url: Option<String>,
    pub rank: f64,
}

impl Signals {
    /// See the module docs for the scoring.
    pub fn of(evidence: &Evidence) -> Signals {
        let venue = venue(evidence.comment, evidence.journal_ref);
        let code_url = code_url(evidence.comment, evidence.abstract_text);
        let mut rank = evidence.best_score.unwrap_or(0.0);
        if venue.is_some() {
            rank += VENUE_POINTS;
        }
        if code_url.is_some() {
            rank += CODE_POINTS;
        }
        rank += (evidence.categories.saturating_sub(1) as f64 * CROSS_LIST_POINTS).min(CROSS_LIST_CAP);
        if evidence.tracked_author {
            rank += TRACKED_AUTHOR_POINTS;
        }
        Signals { venue, code_url, rank }
    }
}

/// The clause of the comment (or the journal ref) that names a venue.
pub fn venue(comment: Option<&str>, journal_ref: Option<&str>) -> Option<String> {
    let names_venue = |text: &str| {
        let lower = text.to_lowercase();
        lower.contains("accepted")
            || lower.contains("to appear")
            || text.split(|c: char| !c.is_alphanumeric()).any(|w| VENUES.contains(&w))
    };
    let from_comment = comment.and_then(|comment| {
        comment
            .split(['.', ';'])
            .map(str::trim)
            .find(|clause| names_venue(clause) && clause.len() <= 120)
            .map(str::to_string)
    });
    from_comment.or_else(|| journal_ref.map(str::to_string))
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

/// An author's name as tracked names are compared: folded case and accents.
pub fn fold(name: &str) -> String {
    crate::classify::text::normalise(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_signal_adds_its_points() {
        let plain = Evidence {
            best_score: Some(1.25),
            abstract_text: "We study things.",
            categories: 1,
            ..Default::default()
        };
        assert_eq!(Signals::of(&plain), Signals { venue: None, code_url: None, rank: 1.25 });
        let strong = Evidence {
            best_score: Some(1.0),
            comment: Some("12 pages. Accepted at ICLR 2025; code at github.com/x/y."),
            abstract_text: "See (https://huggingface.co/m).",
            categories: 9,
            tracked_author: true,
            ..Default::default()
        };
        let signals = Signals::of(&strong);
        assert_eq!(signals.venue.as_deref(), Some("Accepted at ICLR 2025"));
        assert_eq!(signals.code_url.as_deref(), Some("https://github.com/x/y"));
        assert_eq!(signals.rank, 1.0 + VENUE_POINTS + CODE_POINTS + CROSS_LIST_CAP + TRACKED_AUTHOR_POINTS);
        let cross = Evidence { categories: 3, ..Default::default() };
        assert_eq!(Signals::of(&cross).rank, 2.0 * CROSS_LIST_POINTS);
    }

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
}
