//! The weekly digest as data: papers grouped under the taxonomy's sections, ranked,
//! numbered and summarised. Pure: the renderers (Markdown, HTML, JSON, BibTeX, CSV)
//! only format what is decided here.
//!
//! **Ranking.** Within a section papers are ordered by a score, highest first, ties
//! broken by arXiv id, so the order is the same on every run:
//! - the paper's best topic score (from the classifier),
//! - +3 when the comment or journal ref names a venue ("Accepted at ICLR 2025"),
//! - +2 when the comment or abstract links code (GitHub, GitLab, Hugging Face),
//! - +0.5 per cross-listed category, at most +2,
//! - +3 when an author is one the user tracks (`papers track add au:"…"`).

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, Days};
use serde::Serialize;

use super::prose::{clean_tex, paragraphs};
use super::{plural, thousands};
use crate::classify::Taxonomy;
use crate::store::StoredPaper;
use crate::week::IsoWeek;

/// Points added to a paper's rank for each offline signal.
pub const VENUE_POINTS: f64 = 3.0;
pub const CODE_POINTS: f64 = 2.0;
pub const CROSS_LIST_POINTS: f64 = 0.5;
pub const CROSS_LIST_CAP: f64 = 2.0;
pub const TRACKED_AUTHOR_POINTS: f64 = 3.0;

/// Authors named before "et al.".
const AUTHORS_SHOWN: usize = 3;
/// Summary paragraphs aim at about this many characters.
const PARAGRAPH_TARGET: usize = 320;
/// Title of the section for papers whose topics are in no section.
pub const OTHER_SECTION: &str = "Other papers";

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

/// What the caller wants in the digest.
#[derive(Debug, Clone, Default)]
pub struct DigestOptions {
    /// At most this many papers per section.
    pub top: Option<usize>,
    /// Only these sections (by name), in taxonomy order; all when empty.
    pub sections: Vec<String>,
    /// Summaries of just the first K sentences.
    pub summary_sentences: Option<usize>,
    /// Author names the user tracks.
    pub tracked_authors: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    pub week: String,
    /// "Top papers for the week from 20/05 to 26/05, 2024".
    pub title: String,
    /// "arXiv listings of Monday 20 May – Friday 24 May 2024 · …".
    pub intro: String,
    pub first_listing: String,
    pub last_listing: String,
    pub papers_in_week: usize,
    pub papers_shown: usize,
    pub top_categories: Vec<String>,
    pub sections: Vec<DigestSection>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DigestSection {
    pub number: usize,
    pub name: String,
    pub papers: Vec<DigestPaper>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DigestPaper {
    /// "1.2": section and place in it.
    pub number: String,
    pub id: String,
    pub version: u32,
    pub title: String,
    pub url: String,
    pub authors: Vec<String>,
    /// "A, B, C, et al.".
    pub authors_short: String,
    pub primary_category: String,
    pub categories: Vec<String>,
    pub topic: String,
    pub topics: Vec<String>,
    pub rank: f64,
    /// The part of the comment or journal ref that names a venue.
    pub venue: Option<String>,
    pub code_url: Option<String>,
    pub comment: Option<String>,
    pub journal_ref: Option<String>,
    pub dois: Vec<String>,
    pub year: i32,
    pub announced: String,
    /// The version announced in this week, for a paper first listed earlier.
    pub replaced: Option<u32>,
    /// "(v3, replaced)" for such a paper.
    pub mark: Option<String>,
    /// The abstract in short paragraphs (or its first K sentences).
    pub summary: Vec<String>,
    /// A citation key unique within the digest.
    pub bibtex_key: String,
}

/// Builds the digest of `week` from its papers.
pub fn build(week: IsoWeek, papers: &[StoredPaper], taxonomy: &Taxonomy, options: &DigestOptions) -> Digest {
    let tracked: Vec<String> = options.tracked_authors.iter().map(|a| fold(a)).collect();
    let mut by_section: Vec<(String, Vec<(Signals, &StoredPaper)>)> = taxonomy
        .sections
        .iter()
        .map(|s| (s.name.clone(), Vec::new()))
        .chain(std::iter::once((OTHER_SECTION.to_string(), Vec::new())))
        .collect();
    for stored in papers {
        let section = stored
            .topics
            .first()
            .and_then(|t| taxonomy.sections.iter().position(|s| s.topics.contains(&t.slug)))
            .unwrap_or(taxonomy.sections.len());
        by_section[section].1.push((Signals::of(stored, &tracked), stored));
    }
    let wanted = |name: &str| options.sections.is_empty() || options.sections.iter().any(|s| s == name);
    // Rank and cut each section first; the entries (summaries are the costly part)
    // are then made on two threads, and numbered and keyed in order afterwards.
    let mut chosen: Vec<(String, Vec<(Signals, &StoredPaper)>)> = Vec::new();
    for (name, mut ranked) in by_section {
        if ranked.is_empty() || !wanted(&name) {
            continue;
        }
        ranked.sort_by(|a, b| b.0.rank.total_cmp(&a.0.rank).then_with(|| a.1.paper.id.cmp(&b.1.paper.id)));
        if let Some(top) = options.top {
            ranked.truncate(top);
        }
        chosen.push((name, ranked));
    }
    let flat: Vec<&(Signals, &StoredPaper)> = chosen.iter().flat_map(|(_, ranked)| ranked).collect();
    let (first, second) = flat.split_at(flat.len() / 2);
    let make = |part: &[&(Signals, &StoredPaper)]| -> Vec<DigestPaper> {
        part.iter().map(|(signals, stored)| entry(stored, signals, options)).collect()
    };
    let mut entries = std::thread::scope(|scope| {
        let other = scope.spawn(|| make(second));
        let mut entries = make(first);
        // A panic in the helper thread would be a bug in `entry`; make it one here too.
        entries.extend(other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        entries
    })
    .into_iter();
    let mut keys = BibKeys::default();
    let mut sections = Vec::new();
    for (name, ranked) in chosen {
        let number = sections.len() + 1;
        let papers = entries
            .by_ref()
            .take(ranked.len())
            .enumerate()
            .map(|(i, mut paper)| {
                paper.number = format!("{number}.{}", i + 1);
                paper.bibtex_key = keys.next(&paper.authors, paper.year, &paper.title);
                paper
            })
            .collect();
        sections.push(DigestSection { number, name, papers });
    }
    let shown: usize = sections.iter().map(|s| s.papers.len()).sum();
    let (monday, sunday) = (week.monday(), week.sunday());
    let friday = monday + Days::new(4);
    let top_categories = top_categories(papers, 5);
    let intro = format!(
        "arXiv listings of {} – {} · {} in {} · {} shown in {}",
        monday.format("%A %-d %B"),
        friday.format("%A %-d %B %Y"),
        plural(papers.len() as u64, "paper"),
        if top_categories.is_empty() { "no category".to_string() } else { top_categories.join(", ") },
        thousands(shown as u64),
        plural(sections.len() as u64, "section"),
    );
    Digest {
        week: week.to_string(),
        title: format!(
            "Top papers for the week from {} to {}, {}",
            monday.format("%d/%m"),
            sunday.format("%d/%m"),
            sunday.year()
        ),
        intro,
        first_listing: monday.to_string(),
        last_listing: friday.to_string(),
        papers_in_week: papers.len(),
        papers_shown: shown,
        top_categories,
        sections,
    }
}

/// A paper's digest entry; its number and citation key are filled in later, in order.
fn entry(stored: &StoredPaper, signals: &Signals, options: &DigestOptions) -> DigestPaper {
    let p = &stored.paper;
    let authors: Vec<String> = p.authors.iter().map(|a| a.name.clone()).collect();
    let mut authors_short = authors.iter().take(AUTHORS_SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if authors.len() > AUTHORS_SHOWN {
        authors_short.push_str(", et al.");
    }
    let year = p.published.year();
    DigestPaper {
        number: String::new(),
        id: p.id.to_string(),
        version: p.version,
        title: clean_tex(&p.title),
        url: format!("https://arxiv.org/abs/{}", p.id),
        bibtex_key: String::new(),
        authors,
        authors_short,
        primary_category: p.primary_category.clone(),
        categories: p.categories.clone(),
        topic: stored.topics.first().map(|t| t.slug.clone()).unwrap_or_default(),
        topics: stored.topics.iter().map(|t| t.slug.clone()).collect(),
        rank: (signals.rank * 100.0).round() / 100.0,
        venue: signals.venue.clone(),
        code_url: signals.code_url.clone(),
        comment: p.comment.clone(),
        journal_ref: p.journal_ref.clone(),
        dois: p.dois.clone(),
        year,
        announced: stored.announced.to_string(),
        replaced: stored.replaced,
        mark: stored.replaced.map(super::replaced_mark),
        summary: paragraphs(&clean_tex(&p.abstract_text), PARAGRAPH_TARGET, options.summary_sentences),
    }
}

/// A paper's importance signals and the documented ranking score they give.
pub struct Signals {
    pub venue: Option<String>,
    pub code_url: Option<String>,
    pub rank: f64,
}

impl Signals {
    /// See the module docs for the scoring.
    pub fn of(stored: &StoredPaper, tracked_authors: &[String]) -> Signals {
        let p = &stored.paper;
        let (venue, code_url) = (venue(stored), code_url(stored));
        let mut rank = stored.topics.first().map_or(0.0, |t| t.score);
        if venue.is_some() {
            rank += VENUE_POINTS;
        }
        if code_url.is_some() {
            rank += CODE_POINTS;
        }
        rank += (p.categories.len().saturating_sub(1) as f64 * CROSS_LIST_POINTS).min(CROSS_LIST_CAP);
        if !tracked_authors.is_empty() && p.authors.iter().any(|a| tracked_authors.contains(&fold(&a.name))) {
            rank += TRACKED_AUTHOR_POINTS;
        }
        Signals { venue, code_url, rank }
    }
}

/// The clause of the comment (or the journal ref) that names a venue.
pub fn venue(stored: &StoredPaper) -> Option<String> {
    let p = &stored.paper;
    let names_venue = |text: &str| {
        let lower = text.to_lowercase();
        lower.contains("accepted")
            || lower.contains("to appear")
            || text.split(|c: char| !c.is_alphanumeric()).any(|w| VENUES.contains(&w))
    };
    let from_comment = p.comment.as_deref().and_then(|comment| {
        comment
            .split(['.', ';'])
            .map(str::trim)
            .find(|clause| names_venue(clause) && clause.len() <= 120)
            .map(str::to_string)
    });
    from_comment.or_else(|| p.journal_ref.clone())
}

/// The first code link in the comment or abstract.
pub fn code_url(stored: &StoredPaper) -> Option<String> {
    let p = &stored.paper;
    let texts = p.comment.iter().map(String::as_str).chain(std::iter::once(p.abstract_text.as_str()));
    for text in texts {
        // Most abstracts link no code: one fast search per host settles it.
        if !CODE_HOSTS.iter().any(|host| memchr::memmem::find(text.as_bytes(), host.as_bytes()).is_some()) {
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

fn top_categories(papers: &[StoredPaper], n: usize) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for stored in papers {
        *counts.entry(&stored.paper.primary_category).or_default() += 1;
    }
    let mut sorted: Vec<(&str, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    sorted.into_iter().take(n).map(|(c, _)| c.to_string()).collect()
}

fn fold(name: &str) -> String {
    crate::classify::text::normalise(name)
}

/// The plain letters of common accented Latin ones ("ñ" → "n"), so keys stay
/// readable; other characters pass through (and are then dropped from keys).
fn fold_latin(c: char) -> Vec<char> {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        'ß' => return vec!['s', 's'],
        _ => return c.to_lowercase().collect(),
    };
    vec![plain]
}

/// Hands out `lastname2024firstword` keys, with a, b, c… on collisions.
#[derive(Default)]
struct BibKeys {
    used: BTreeSet<String>,
}

impl BibKeys {
    fn next(&mut self, authors: &[String], year: i32, title: &str) -> String {
        let ascii = |s: &str| -> String {
            s.chars().flat_map(fold_latin).filter(char::is_ascii_alphanumeric).collect::<String>()
        };
        let last = authors.first().and_then(|a| a.split_whitespace().last()).map(ascii).unwrap_or_default();
        let word = title
            .split_whitespace()
            .map(ascii)
            .find(|w| {
                w.len() > 3 && !matches!(w.as_str(), "with" | "from" | "that" | "this" | "towards" | "when")
            })
            .unwrap_or_default();
        let base = format!("{}{year}{word}", if last.is_empty() { "arxiv".to_string() } else { last });
        let mut key = base.clone();
        let mut suffix = b'a';
        while !self.used.insert(key.clone()) {
            key = format!("{base}{}", char::from(suffix));
            suffix = suffix.saturating_add(1);
        }
        key
    }
}
