//! What the community made of a paper: Hugging Face's daily papers (upvotes,
//! comments, the code repository and its stars, a one-line summary), as of the
//! moment they were fetched.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// One paper's community signals; counts grow for days, so `fetched` says when
/// they were read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommunitySignals {
    pub upvotes: u32,
    pub comments: u32,
    pub github_repo: Option<String>,
    pub github_stars: Option<u32>,
    /// The organisation that submitted it ("Qwen", "NVIDIA"), when named.
    pub organization: Option<String>,
    /// Hugging Face's one-line summary.
    pub summary: Option<String>,
    pub keywords: Vec<String>,
    /// The day Hugging Face featured it among its daily papers.
    pub featured: NaiveDate,
    /// When these figures were read.
    pub fetched: DateTime<Utc>,
    /// The address of the picture Hugging Face shows for it.
    pub thumbnail: Option<String>,
}

/// The counts a paper's importance is scored from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attention {
    pub upvotes: u32,
    pub comments: u32,
    pub stars: Option<u32>,
    /// Whether a code repository is named.
    pub repo: bool,
    pub featured: NaiveDate,
    pub fetched: DateTime<Utc>,
}

impl CommunitySignals {
    /// Signals of a paper featured on `featured` with `upvotes` and nothing else,
    /// read at `fetched`: what unit tests build on.
    #[cfg(test)]
    pub(crate) fn for_tests(upvotes: u32, featured: NaiveDate, fetched: DateTime<Utc>) -> CommunitySignals {
        CommunitySignals {
            upvotes,
            comments: 0,
            github_repo: None,
            github_stars: None,
            organization: None,
            summary: None,
            keywords: Vec::new(),
            featured,
            fetched,
            thumbnail: None,
        }
    }

    pub fn attention(&self) -> Attention {
        Attention {
            upvotes: self.upvotes,
            comments: self.comments,
            stars: self.github_stars,
            repo: self.github_repo.is_some(),
            featured: self.featured,
            fetched: self.fetched,
        }
    }
}

/// What the importance prior made of a paper when it was stored: the log-odds
/// that the community features it (with the shipped authors' record) and that a
/// curator picks it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prior {
    pub featured: f32,
    pub picked: f32,
}

/// One signal's share of an importance score, for `show`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorePart {
    pub signal: &'static str,
    pub points: f64,
    /// What it was made from: "23 upvotes, counted ×1.5 as read early".
    pub detail: String,
}

/// A paper's importance score and how it was made, largest part first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportanceExplained {
    pub score: f64,
    pub parts: Vec<ScorePart>,
}

/// "▲ 123 · ★ 2.1k": how views show the attention a paper got; empty counts are
/// left out.
pub fn attention_badge(signals: &CommunitySignals) -> String {
    let mut parts = vec![format!("▲ {}", signals.upvotes)];
    if let Some(stars) = signals.github_stars.filter(|s| *s > 0) {
        parts.push(format!("★ {}", compact_count(stars)));
    }
    parts.join(" · ")
}

/// 950, 2.1k, 12k, 1.3M: counts as people read them.
pub fn compact_count(n: u32) -> String {
    let scaled = |value: f64, unit: &str| match value < 10.0 {
        true => format!("{:.1}{unit}", (value * 10.0).floor() / 10.0).replace(".0", ""),
        false => format!("{}{unit}", value.floor()),
    };
    match n {
        0..1_000 => n.to_string(),
        1_000..1_000_000 => scaled(f64::from(n) / 1_000.0, "k"),
        _ => scaled(f64::from(n) / 1_000_000.0, "M"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_like_people_write_them() {
        let shown: Vec<String> =
            [0, 999, 1_000, 2_149, 9_999, 12_345, 999_999, 1_300_000].map(compact_count).to_vec();
        assert_eq!(shown, ["0", "999", "1k", "2.1k", "9.9k", "12k", "999k", "1.3M"]);
    }

    #[test]
    fn the_badge_leaves_out_what_is_empty() {
        let day = NaiveDate::from_ymd_opt(2024, 5, 21).expect("date");
        let mut signals = CommunitySignals::for_tests(123, day, DateTime::UNIX_EPOCH);
        assert_eq!(attention_badge(&signals), "▲ 123");
        signals.github_stars = Some(2_149);
        assert_eq!(attention_badge(&signals), "▲ 123 · ★ 2.1k");
    }
}
