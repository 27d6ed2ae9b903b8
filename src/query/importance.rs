//! How important a paper is: one score, used by `list --sort importance`, the
//! weekly digest (which keeps the week's top N) and `show` (which says how it
//! was made). Higher is more important; ties go by arXiv id, so every order is
//! the same on every run.
//!
//! The score is a sum of parts, each a learned weight times how far one signal
//! of the paper is from the average paper's (see [`Ranking`]), so an average
//! paper scores about 0:
//! - **curator prior**: how much the paper reads like those curators pick
//!   (`classify::importance`, computed when it was stored);
//! - **community attention**, from Hugging Face's daily papers (`papers signals`):
//!   featured or not, upvotes (on a log scale), comments, stars. Attention counts
//!   only when the paper was featured from two days before to fourteen days after
//!   its listing date in the view (a paper replaced by a new version does not
//!   carry old attention into a later week). Counts keep growing for days, so
//!   counts read early are scaled up: upvotes are divided by a maturity of (days
//!   from the listing date to the reading + 1) ÷ 3, at most 1;
//! - when the attention is **unknown** (its listing day's signals were never
//!   read, offline say), the attention it can expect: the community prior's
//!   probability that it is featured (with its authors' record) times what a
//!   featured paper scores on average;
//! - **topic fit**: its best topic's score;
//! - **tracked author** (`papers track add au:"…"`): set by hand;
//! - **taste**: what the writer's picks taught (`papers pick`), within
//!   ±[`TASTE_BOUND`](crate::classify::importance::taste::TASTE_BOUND).

use chrono::{DateTime, NaiveDate, Utc};

use crate::classify::importance::{ATTENTION, CURATOR_SIGNAL, RANK_NAMES, Ranking, TOPIC_FIT_SIGNAL};
use crate::classify::learned::model::sigmoid;
use crate::model::signals::{Attention, Prior, ScorePart};

/// Counts read `d` days after the listing date are divided by (d + 1) ÷ this, at
/// most 1: from two days on they are taken as they are.
pub const MATURE_DAYS: f64 = 3.0;
/// Days before its listing date a paper's featuring still counts (time zones).
pub const FEATURED_BEFORE_DAYS: i64 = 2;
/// Days after its listing date a paper's featuring still counts: Hugging Face
/// sometimes features a paper a week late, but attention from months later (a
/// famous paper replaced by a new version) says nothing about this listing.
pub const FEATURED_AFTER_DAYS: i64 = 14;

/// What the score looks at in one paper.
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence {
    /// Its prior, when it was classified with one.
    pub prior: Option<Prior>,
    /// What the database's own authors' record adds to the community prior's
    /// log-odds (0 when not looked up).
    pub record_shift: f32,
    /// The score of its best topic, if it has one.
    pub best_score: Option<f64>,
    /// Whether one of its authors is tracked.
    pub tracked_author: bool,
    /// Its listing date in the view.
    pub listed: Option<NaiveDate>,
    /// Its community signals, when it was featured.
    pub attention: Option<Attention>,
    /// Whether the signals of its listing day were read (so that no attention
    /// means it was not featured).
    pub day_read: bool,
    /// The writer's taste, in points.
    pub taste: f32,
}

/// A paper's importance: the score, and whether community attention counted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Importance {
    pub score: f64,
    pub featured: bool,
}

/// What the community's attention was, as the score sees it.
enum Seen {
    Featured(Attention),
    NotFeatured,
    /// Never read: featured with this probability.
    Unknown(f32),
}

impl Evidence {
    /// Whether the community's attention is unknown: not featured, and its listing
    /// day's signals never read.
    pub fn attention_unknown(&self) -> bool {
        counted(self).is_none() && !self.day_read
    }

    fn seen(&self, ranking: &Ranking) -> Seen {
        match (counted(self), self.day_read) {
            (Some(attention), _) => Seen::Featured(attention),
            (None, true) => Seen::NotFeatured,
            (None, false) => {
                let odds = self.prior.map(|p| p.featured + self.record_shift);
                // Without a prior, the average paper's chance.
                let featured = odds.map_or(ranking.means[ATTENTION.start], sigmoid);
                Seen::Unknown(featured)
            }
        }
    }
}

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

/// How far counts read `fetched` have come for a paper listed on `listed`: from
/// 1/3 on the listing day to 1 from two days on.
fn maturity(listed: Option<NaiveDate>, fetched: DateTime<Utc>) -> f64 {
    let Some(listed) = listed else {
        return 1.0;
    };
    let days = (fetched.date_naive() - listed).num_days().max(0) as f64;
    ((days + 1.0) / MATURE_DAYS).min(1.0)
}

/// One line of a score's explanation, before rounding.
struct Part {
    signal: &'static str,
    points: f32,
    detail: String,
}

impl Importance {
    /// See the module docs for the scoring.
    pub fn of(ranking: &Ranking, evidence: &Evidence) -> Importance {
        let score = parts(ranking, evidence).iter().map(|p| f64::from(p.points)).sum();
        Importance { score, featured: counted(evidence).is_some() }
    }

    /// The parts of the score, largest first (by size, either way), with what they
    /// were made from.
    pub fn explain(ranking: &Ranking, evidence: &Evidence) -> Vec<ScorePart> {
        let mut parts: Vec<ScorePart> = parts(ranking, evidence)
            .into_iter()
            .map(|part| ScorePart {
                signal: part.signal,
                points: (f64::from(part.points) * 100.0).round() / 100.0,
                detail: part.detail,
            })
            .filter(|part| part.points != 0.0)
            .collect();
        parts.sort_by(|a, b| b.points.abs().total_cmp(&a.points.abs()));
        parts
    }
}

/// Every part of the score, in the module docs' order.
fn parts(ranking: &Ranking, evidence: &Evidence) -> Vec<Part> {
    let mut values = ranking.means;
    if let Some(prior) = evidence.prior {
        values[CURATOR_SIGNAL] = prior.picked;
    }
    values[TOPIC_FIT_SIGNAL] = evidence.best_score.unwrap_or(0.0) as f32;
    let seen = evidence.seen(ranking);
    if let Seen::Featured(attention) = seen {
        let maturity = maturity(evidence.listed, attention.fetched);
        let ln = |n: f64| n.ln_1p() as f32;
        values[1] = 1.0;
        values[2] = ln(f64::from(attention.upvotes) / maturity);
        values[3] = ln(f64::from(attention.comments));
        values[4] = attention.stars.map_or(0.0, |s| ln(f64::from(s)));
    } else {
        ATTENTION.for_each(|i| values[i] = 0.0);
    }
    let points = ranking.parts(&values);
    let mut out = vec![
        Part {
            signal: RANK_NAMES[CURATOR_SIGNAL],
            points: points[CURATOR_SIGNAL],
            detail: match evidence.prior {
                Some(prior) => format!(
                    "log-odds {:.2} of a curator's pick, against {:.2} for the average paper",
                    prior.picked, ranking.means[CURATOR_SIGNAL]
                ),
                None => "not scored: run `papers classify`".to_string(),
            },
        },
        Part {
            signal: RANK_NAMES[TOPIC_FIT_SIGNAL],
            points: points[TOPIC_FIT_SIGNAL],
            detail: format!("best topic scores {:.2}", evidence.best_score.unwrap_or(0.0)),
        },
    ];
    match seen {
        Seen::Featured(attention) => {
            let maturity = maturity(evidence.listed, attention.fetched);
            let upvotes = match maturity < 1.0 {
                true => {
                    format!("{} upvotes, counted ×{:.1} as read early", attention.upvotes, 1.0 / maturity)
                }
                false => format!("{} upvotes", attention.upvotes),
            };
            let comments = match attention.comments {
                1 => "1 comment".to_string(),
                n => format!("{n} comments"),
            };
            let details = [
                format!("on Hugging Face's daily papers of {}", attention.featured),
                upvotes,
                comments,
                format!("{} GitHub stars", attention.stars.unwrap_or(0)),
            ];
            for (i, detail) in ATTENTION.zip(details) {
                out.push(Part { signal: RANK_NAMES[i], points: points[i], detail });
            }
        }
        Seen::NotFeatured => out.push(Part {
            signal: "attention",
            points: ATTENTION.map(|i| points[i]).sum(),
            detail: "not featured on Hugging Face's daily papers".to_string(),
        }),
        Seen::Unknown(featured) => out.push(Part {
            signal: "expected attention",
            points: ranking.expected_attention(featured),
            detail: format!(
                "signals not read: featured with probability {:.0}% by the community prior",
                f64::from(featured) * 100.0
            ),
        }),
    }
    if evidence.tracked_author {
        out.push(Part {
            signal: "tracked author",
            points: ranking.tracked_author,
            detail: "you track one of its authors".to_string(),
        });
    }
    if evidence.taste != 0.0 {
        out.push(Part {
            signal: "your taste",
            points: evidence.taste,
            detail: "learned from your picks".to_string(),
        });
    }
    out
}

/// The most a paper's score can rise or fall once the database's own authors'
/// record is added: the attention it can expect moves between featured never
/// and featured surely.
pub fn record_bound(ranking: &Ranking) -> f32 {
    (ranking.expected_attention(1.0) - ranking.expected_attention(0.0)).abs()
}

/// An author's name as tracked names are compared: folded case and accents.
pub fn fold(name: &str) -> String {
    crate::classify::text::normalise(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranking() -> Ranking {
        Ranking {
            weights: [1.0, 0.6, 0.3, 0.3, 0.1, 0.2],
            means: [-2.0, 0.06, 0.15, 0.05, 0.0, 0.7],
            featured_means: [-1.0, 1.0, 2.5, 0.8, 0.0, 0.8],
            tracked_author: 3.0,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 5, d).expect("date")
    }

    fn read_on(d: u32) -> DateTime<Utc> {
        day(d).and_hms_opt(12, 0, 0).expect("time").and_utc()
    }

    fn featured(upvotes: u32, fetched: DateTime<Utc>) -> Attention {
        Attention { upvotes, comments: 2, stars: None, repo: false, featured: day(21), fetched }
    }

    fn paper(picked: f32) -> Evidence {
        Evidence {
            prior: Some(Prior { featured: -3.0, picked }),
            best_score: Some(0.7),
            listed: Some(day(21)),
            day_read: true,
            ..Default::default()
        }
    }

    #[test]
    fn the_average_paper_scores_about_zero_and_the_parts_add_up() {
        let ranking = ranking();
        let average = Evidence { attention: None, ..paper(-2.0) };
        let parts = Importance::explain(&ranking, &average);
        let score = Importance::of(&ranking, &average).score;
        assert!(score.abs() < 0.1, "{score}");
        let total: f64 = parts.iter().map(|p| p.points).sum();
        assert!((total - score).abs() < 0.05, "parts are rounded to hundredths");
        assert_eq!(parts.iter().map(|p| p.signal).collect::<Vec<_>>(), ["attention"]);
    }

    #[test]
    fn a_strong_prior_can_outrank_a_barely_upvoted_featured_paper() {
        let ranking = ranking();
        let barely = Evidence { attention: Some(featured(1, read_on(30))), ..paper(-2.0) };
        let strong = paper(0.5);
        assert!(Importance::of(&ranking, &strong).score > Importance::of(&ranking, &barely).score);
        let loved = Evidence { attention: Some(featured(200, read_on(30))), ..paper(-2.0) };
        assert!(Importance::of(&ranking, &loved).score > Importance::of(&ranking, &barely).score);
        assert!(Importance::of(&ranking, &loved).featured && !Importance::of(&ranking, &strong).featured);
    }

    #[test]
    fn counts_read_early_are_scaled_up() {
        let ranking = ranking();
        let score = |read: u32| {
            Importance::of(
                &ranking,
                &Evidence { attention: Some(featured(10, read_on(read))), ..paper(-2.0) },
            )
            .score
        };
        assert!(
            score(21) > score(22) && score(22) > score(23),
            "the listing day counts ×3, a day later ×1.5"
        );
        assert_eq!(score(23), score(30), "mature counts are taken as they are");
        let explained = Importance::explain(
            &ranking,
            &Evidence { attention: Some(featured(10, read_on(22))), ..paper(-2.0) },
        );
        let upvotes = explained.iter().find(|p| p.signal == "upvotes").expect("upvotes");
        assert_eq!(upvotes.detail, "10 upvotes, counted ×1.5 as read early");
    }

    #[test]
    fn attention_counts_only_near_the_listing_date() {
        let ranking = ranking();
        let with = |listed: u32| Evidence {
            listed: Some(day(listed)),
            attention: Some(featured(40, read_on(30))),
            ..paper(-2.0)
        };
        assert!(Importance::of(&ranking, &with(23)).featured, "two days early: time zones");
        assert!(Importance::of(&ranking, &with(7)).featured, "two weeks late still counts");
        assert!(!Importance::of(&ranking, &with(6)).featured);
        assert!(!Importance::of(&ranking, &with(24)).featured);
    }

    #[test]
    fn unknown_attention_is_expected_from_the_community_prior() {
        let ranking = ranking();
        let unread = |featured: f32| Evidence {
            day_read: false,
            prior: Some(Prior { featured, picked: -2.0 }),
            ..paper(-2.0)
        };
        let likely = Importance::of(&ranking, &unread(1.0)).score;
        let unlikely = Importance::of(&ranking, &unread(-5.0)).score;
        let read_not_featured = Importance::of(&ranking, &paper(-2.0)).score;
        assert!(
            likely > unlikely && unlikely > read_not_featured - 0.01,
            "{likely} {unlikely} {read_not_featured}"
        );
        assert!(likely - unlikely <= f64::from(record_bound(&ranking)));
        let shifted = Importance::of(&ranking, &Evidence { record_shift: 6.0, ..unread(-5.0) }).score;
        assert!(shifted > unlikely, "the database's authors' record moves the expectation");
        let parts = Importance::explain(&ranking, &unread(1.0));
        assert!(
            parts.iter().any(|p| p.signal == "expected attention" && p.detail.contains("73%")),
            "{parts:?}"
        );
    }

    #[test]
    fn a_tracked_author_and_the_writers_taste_add_their_points() {
        let ranking = ranking();
        let base = Importance::of(&ranking, &paper(-2.0)).score;
        let tracked = Importance::of(&ranking, &Evidence { tracked_author: true, ..paper(-2.0) }).score;
        assert!((tracked - base - 3.0).abs() < 1e-6);
        let tasted = Evidence { taste: 1.5, ..paper(-2.0) };
        assert!((Importance::of(&ranking, &tasted).score - base - 1.5).abs() < 1e-6);
        assert!(Importance::explain(&ranking, &tasted).iter().any(|p| p.signal == "your taste"));
    }
}
