//! How important a paper is: one score, used by `list --sort importance`, the
//! weekly digest (which keeps the week's top N) and `show` (which says how it
//! was made). Higher is more important; ties go by arXiv id, so every order is
//! the same on every run.
//!
//! Community attention, from Hugging Face's daily papers (`papers signals`), comes
//! first, because it is what tells a week's important papers from the rest:
//! - **featured** on Hugging Face at all: +2 (counted only when it was featured
//!   from two days before to fourteen days after its listing date in the view, so
//!   a paper replaced by a new version does not carry old attention into a later
//!   week);
//! - **upvotes**: 3 × ln(1 + upvotes ÷ maturity). Counts keep growing for a few
//!   days after a paper is listed, so counts read early are scaled up: maturity is
//!   (days from the listing date to the reading + 1) ÷ 3, at most 1. Counts read on
//!   the listing day count ×3, a day later ×1.5, from two days on as they are;
//! - **comments**: 0.5 × ln(1 + comments);
//! - **stars** of its GitHub repository: 0.3 × ln(1 + stars) (a lab's famous
//!   repository can carry stars its paper did not earn, so they weigh less).
//!
//! Then the signals a paper carries itself, which alone decide the order when no
//! signals were fetched:
//! - **topic fit**: 1.5 × its best topic's score (0 to 1);
//! - **venue** named in the comment or journal ref ("Accepted at ICLR 2025"): +1;
//! - **code** linked (comment, abstract or Hugging Face): +0.5;
//! - **cross-lists**: +0.25 per extra category, at most +0.75;
//! - **authors' record**: 0.4 × ln(1 + the most earlier papers in the database by
//!   any one of its first three authors or its last), at most +1.5 (looked up
//!   only for the papers that can reach the top N asked for, or the top
//!   [`HISTORY_REACH`], with it, and for at most three times N of them: see
//!   [`needs_history`]);
//! - **tracked author** (`papers track add au:"…"`): +3.
//!
//! On this scale a paper featured with three upvotes outranks every paper the
//! community did not feature (unless you track one of its authors), and doubling
//! a paper's upvotes adds about 2 points: community attention dominates, and the
//! other signals order the papers the community rated alike.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};

use memchr::memmem::Finder;

use crate::model::signals::{Attention, ScorePart};

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

/// Points for being featured on Hugging Face at all.
pub const FEATURED_POINTS: f64 = 2.0;
/// Points per unit of ln(1 + upvotes ÷ maturity).
pub const UPVOTE_WEIGHT: f64 = 3.0;
pub const COMMENT_WEIGHT: f64 = 0.5;
pub const STAR_WEIGHT: f64 = 0.3;
/// Days after which counts are taken as they are.
pub const MATURE_DAYS: f64 = 3.0;
pub const TOPIC_WEIGHT: f64 = 1.5;
pub const VENUE_POINTS: f64 = 1.0;
pub const CODE_POINTS: f64 = 0.5;
pub const CROSS_LIST_POINTS: f64 = 0.25;
pub const CROSS_LIST_CAP: f64 = 0.75;
pub const HISTORY_WEIGHT: f64 = 0.4;
pub const HISTORY_CAP: f64 = 1.5;
/// Earlier papers past which the authors' record earns nothing more (its points
/// reach [`HISTORY_CAP`]), so counts stop there.
pub const HISTORY_COUNT_CAP: u64 = 42;
pub const TRACKED_AUTHOR_POINTS: f64 = 3.0;
/// Authors' records are looked up for the papers that can reach this place.
pub const HISTORY_REACH: usize = 200;
/// ... but for no more papers than this many times the place.
pub const HISTORY_LOOKUPS_PER_PLACE: usize = 3;
/// Authors of a paper whose records are looked up: the first few and the last
/// (who often leads the lab).
pub const AUTHORS_LOOKED_UP: usize = 3;

/// What the score looks at in one paper.
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
    /// The most earlier papers in the database by one of its authors, when looked up.
    pub earlier_papers: Option<u64>,
    /// Its listing date.
    pub listed: Option<NaiveDate>,
    /// Its community signals, when it was featured.
    pub attention: Option<Attention>,
}

/// A paper's importance: the score, and what the views show of its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Importance {
    pub score: f64,
    /// Whether community attention counted in the score.
    pub featured: bool,
    pub venue: Option<String>,
    pub code_url: Option<String>,
}

impl Importance {
    /// See the module docs for the scoring.
    pub fn of(evidence: &Evidence) -> Importance {
        let venue = venue(evidence.comment, evidence.journal_ref);
        let code_url = code_url(evidence.comment, evidence.abstract_text);
        let score = points(evidence, venue.is_some(), code_url.is_some()).iter().map(|(_, p)| p).sum();
        Importance { score, featured: counted(evidence).is_some(), venue, code_url }
    }

    /// The signals that scored, largest first, with what they were made from.
    pub fn explain(evidence: &Evidence) -> Vec<ScorePart> {
        let Importance { venue, code_url, .. } = Importance::of(evidence);
        let mut parts: Vec<ScorePart> = points(evidence, venue.is_some(), code_url.is_some())
            .into_iter()
            .filter(|(_, points)| *points > 0.0)
            .map(|(signal, points)| ScorePart {
                signal: signal.name(),
                points: (points * 100.0).round() / 100.0,
                detail: signal.detail(evidence, venue.as_deref(), code_url.as_deref()),
            })
            .collect();
        parts.sort_by(|a, b| b.points.total_cmp(&a.points));
        parts
    }
}

/// The signals a score adds up, in the module docs' order.
#[derive(Debug, Clone, Copy)]
enum Signal {
    Featured,
    Upvotes,
    Comments,
    Stars,
    TopicFit,
    Venue,
    Code,
    CrossLists,
    AuthorsRecord,
    TrackedAuthor,
}

/// Days before its listing date a paper's featuring still counts (time zones).
pub const FEATURED_BEFORE_DAYS: i64 = 2;
/// Days after its listing date a paper's featuring still counts: Hugging Face
/// sometimes features a paper a week late, but attention from months later (a
/// famous paper replaced by a new version) says nothing about this listing.
pub const FEATURED_AFTER_DAYS: i64 = 14;

/// The paper's community attention, if it was featured close enough to its
/// listing date to count.
fn counted(evidence: &Evidence) -> Option<Attention> {
    let attention = evidence.attention?;
    let Some(listed) = evidence.listed else {
        return Some(attention);
    };
    let days = (attention.featured - listed).num_days();
    (-FEATURED_BEFORE_DAYS..=FEATURED_AFTER_DAYS).contains(&days).then_some(attention)
}

/// Every signal's points (zero when it is absent).
fn points(evidence: &Evidence, venue: bool, code: bool) -> [(Signal, f64); 10] {
    let attention = counted(evidence);
    let community = |weight: f64, count: fn(&Attention) -> Option<u32>| {
        attention.as_ref().and_then(count).map_or(0.0, |n| weight * f64::from(n).ln_1p())
    };
    let maturity = attention.map_or(1.0, |a| maturity(evidence.listed, a.fetched));
    let cross_lists = evidence.categories.saturating_sub(1) as f64;
    let history = evidence.earlier_papers.map_or(0.0, history_points);
    let flag = |on: bool, points: f64| if on { points } else { 0.0 };
    [
        (Signal::Featured, flag(attention.is_some(), FEATURED_POINTS)),
        (
            Signal::Upvotes,
            attention.map_or(0.0, |a| UPVOTE_WEIGHT * (f64::from(a.upvotes) / maturity).ln_1p()),
        ),
        (Signal::Comments, community(COMMENT_WEIGHT, |a| Some(a.comments))),
        (Signal::Stars, community(STAR_WEIGHT, |a| a.stars)),
        (Signal::TopicFit, TOPIC_WEIGHT * evidence.best_score.unwrap_or(0.0).clamp(0.0, 1.0)),
        (Signal::Venue, flag(venue, VENUE_POINTS)),
        (Signal::Code, flag(code || attention.is_some_and(|a| a.repo), CODE_POINTS)),
        (Signal::CrossLists, (cross_lists * CROSS_LIST_POINTS).min(CROSS_LIST_CAP)),
        (Signal::AuthorsRecord, history),
        (Signal::TrackedAuthor, flag(evidence.tracked_author, TRACKED_AUTHOR_POINTS)),
    ]
}

/// How far counts read `fetched` have come for a paper listed on `listed`: from
/// 1/3 on the listing day to 1 from two days on.
fn maturity(listed: Option<NaiveDate>, fetched: DateTime<Utc>) -> f64 {
    let Some(listed) = listed else {
        return 1.0;
    };
    let days = (fetched.date_naive() - listed).num_days().max(0) as f64;
    ((days + 1.0) / MATURE_DAYS).min(1.0)
}

impl Signal {
    fn name(self) -> &'static str {
        match self {
            Signal::Featured => "featured",
            Signal::Upvotes => "upvotes",
            Signal::Comments => "comments",
            Signal::Stars => "stars",
            Signal::TopicFit => "topic fit",
            Signal::Venue => "venue",
            Signal::Code => "code",
            Signal::CrossLists => "cross-lists",
            Signal::AuthorsRecord => "authors' record",
            Signal::TrackedAuthor => "tracked author",
        }
    }

    fn detail(self, evidence: &Evidence, venue: Option<&str>, code_url: Option<&str>) -> String {
        let attention = counted(evidence).unwrap_or_default();
        match self {
            Signal::Featured => format!("on Hugging Face's daily papers of {}", attention.featured),
            Signal::Upvotes => {
                let maturity = maturity(evidence.listed, attention.fetched);
                match maturity < 1.0 {
                    true => {
                        format!("{} upvotes, counted ×{:.1} as read early", attention.upvotes, 1.0 / maturity)
                    }
                    false => format!("{} upvotes", attention.upvotes),
                }
            }
            Signal::Comments => match attention.comments {
                1 => "1 comment".to_string(),
                n => format!("{n} comments"),
            },
            Signal::Stars => format!("{} GitHub stars", attention.stars.unwrap_or(0)),
            Signal::TopicFit => format!("best topic scores {:.2}", evidence.best_score.unwrap_or(0.0)),
            Signal::Venue => venue.unwrap_or_default().to_string(),
            Signal::Code => code_url.unwrap_or("a repository named on Hugging Face").to_string(),
            Signal::CrossLists => match evidence.categories.saturating_sub(1) {
                1 => "cross-listed in 1 more category".to_string(),
                n => format!("cross-listed in {n} more categories"),
            },
            Signal::AuthorsRecord => match evidence.earlier_papers.unwrap_or(0) {
                1 => "an author has 1 earlier paper in the database".to_string(),
                n if n >= HISTORY_COUNT_CAP => {
                    format!("an author has {n} or more earlier papers in the database")
                }
                n => format!("an author has {n} earlier papers in the database"),
            },
            Signal::TrackedAuthor => "you track one of its authors".to_string(),
        }
    }
}

/// The points of an authors' record of `earlier_papers`.
pub fn history_points(earlier_papers: u64) -> f64 {
    (HISTORY_WEIGHT * (earlier_papers as f64).ln_1p()).min(HISTORY_CAP)
}

/// Whether a paper scoring `score` without its authors' record could still reach
/// a place now held by `cut` (the score at the last place that matters).
pub fn needs_history(score: f64, cut: Option<f64>) -> bool {
    cut.is_none_or(|cut| score + HISTORY_CAP >= cut)
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

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 5, d).expect("date")
    }

    fn read_on(d: u32) -> DateTime<Utc> {
        day(d).and_hms_opt(12, 0, 0).expect("time").and_utc()
    }

    fn featured(upvotes: u32, comments: u32, stars: Option<u32>, fetched: DateTime<Utc>) -> Attention {
        Attention { upvotes, comments, stars, repo: stars.is_some(), featured: day(21), fetched }
    }

    #[test]
    fn every_offline_signal_adds_its_points() {
        let plain = Evidence {
            best_score: Some(0.8),
            abstract_text: "We study things.",
            categories: 1,
            ..Default::default()
        };
        let importance = Importance::of(&plain);
        assert_eq!((importance.venue, importance.code_url), (None, None));
        assert!((importance.score - 1.2).abs() < 1e-9, "{}", importance.score);
        let strong = Evidence {
            best_score: Some(1.7),
            comment: Some("12 pages. Accepted at ICLR 2025; code at github.com/x/y."),
            abstract_text: "See (https://huggingface.co/m).",
            categories: 9,
            tracked_author: true,
            earlier_papers: Some(10_000),
            ..Default::default()
        };
        let importance = Importance::of(&strong);
        assert_eq!(importance.venue.as_deref(), Some("Accepted at ICLR 2025"));
        assert_eq!(importance.code_url.as_deref(), Some("https://github.com/x/y"));
        let most =
            TOPIC_WEIGHT + VENUE_POINTS + CODE_POINTS + CROSS_LIST_CAP + HISTORY_CAP + TRACKED_AUTHOR_POINTS;
        assert!((importance.score - most).abs() < 1e-9, "capped at {most}: {}", importance.score);
    }

    #[test]
    fn community_attention_outweighs_every_offline_signal_but_a_tracked_author() {
        let offline_best = Evidence {
            best_score: Some(1.0),
            comment: Some("Accepted at ICLR 2025. github.com/x/y"),
            categories: 4,
            earlier_papers: Some(10_000),
            ..Default::default()
        };
        let few_upvotes =
            Evidence { attention: Some(featured(3, 0, None, read_on(30))), ..Default::default() };
        assert!(Importance::of(&few_upvotes).score > Importance::of(&offline_best).score);
        // Twice the upvotes beat a better topic fit, a venue and code.
        let ten = Evidence { attention: Some(featured(10, 0, None, read_on(30))), ..Default::default() };
        let twenty = Evidence { attention: Some(featured(20, 0, None, read_on(30))), ..ten };
        let ten_and_more = Evidence { best_score: Some(0.5), comment: Some("Accepted at ACL 2024"), ..ten };
        assert!(Importance::of(&twenty).score > Importance::of(&ten_and_more).score);
    }

    #[test]
    fn counts_read_early_are_scaled_up() {
        let listed = Some(day(21));
        let score = |read: u32| {
            let evidence = Evidence {
                listed,
                attention: Some(featured(10, 0, None, read_on(read))),
                ..Default::default()
            };
            Importance::of(&evidence).score
        };
        let expected = |maturity: f64| FEATURED_POINTS + UPVOTE_WEIGHT * (10.0 / maturity).ln_1p();
        assert!((score(21) - expected(1.0 / 3.0)).abs() < 1e-9, "the listing day counts ×3");
        assert!((score(22) - expected(2.0 / 3.0)).abs() < 1e-9);
        assert!((score(23) - expected(1.0)).abs() < 1e-9);
        assert_eq!(score(23), score(30), "mature counts are taken as they are");
    }

    #[test]
    fn attention_counts_only_near_the_listing_date() {
        let with = |featured: u32| Evidence {
            listed: Some(day(21)),
            attention: Some(Attention { featured: day(featured), ..featured_on(40) }),
            ..Default::default()
        };
        assert!(Importance::of(&with(19)).featured, "two days early: time zones");
        assert!(Importance::of(&with(21)).featured);
        assert!(!Importance::of(&with(18)).featured);
        let late = Evidence { listed: Some(day(1)), ..with(21) };
        assert!(
            Importance::of(&Evidence { listed: Some(day(7)), ..late }).featured,
            "two weeks late still counts"
        );
        assert!(!Importance::of(&Evidence { listed: Some(day(6)), ..late }).featured);
        assert_eq!(Importance::of(&Evidence { listed: Some(day(6)), ..late }).score, 0.0);
    }

    fn featured_on(upvotes: u32) -> Attention {
        featured(upvotes, 0, None, read_on(30))
    }

    #[test]
    fn the_explanation_adds_up_to_the_score() {
        let evidence = Evidence {
            best_score: Some(0.9),
            categories: 2,
            listed: Some(day(21)),
            attention: Some(featured(23, 2, Some(2_100), read_on(22))),
            ..Default::default()
        };
        let parts = Importance::explain(&evidence);
        let total: f64 = parts.iter().map(|p| p.points).sum();
        assert!((total - Importance::of(&evidence).score).abs() < 0.05, "parts are rounded to hundredths");
        let names: Vec<&str> = parts.iter().map(|p| p.signal).collect();
        assert_eq!(names, ["upvotes", "stars", "featured", "topic fit", "comments", "code", "cross-lists"]);
        assert_eq!(parts[0].detail, "23 upvotes, counted ×1.5 as read early");
        assert_eq!(parts[1].detail, "2100 GitHub stars");
        assert_eq!(parts[5].detail, "a repository named on Hugging Face");
    }

    #[test]
    fn counting_stops_where_the_record_stops_paying() {
        assert!(history_points(HISTORY_COUNT_CAP) >= HISTORY_CAP);
        assert!(history_points(HISTORY_COUNT_CAP - 1) < HISTORY_CAP);
    }

    #[test]
    fn history_is_looked_up_only_where_it_can_change_the_cut() {
        assert!(needs_history(1.0, None), "no cut: every paper");
        assert!(needs_history(5.0, Some(6.0)));
        assert!(!needs_history(4.0, Some(6.0)));
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
