//! Hugging Face's daily papers: the arXiv papers its community featured on a day,
//! with upvotes, comments, the code repository and its stars, and a one-line
//! summary. Parsing is pure; requests go through the same polite, retrying client
//! as arXiv's ([`HttpClient`]), behind a limiter of their own. Never touches the
//! database.
//!
//! The answer's fields grew over the years (2024 lists carry only upvotes and
//! comments), so every field is read by name and may be missing.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::http::client::{ClientStats, FetchError, HttpClient, Unusable};
use crate::id::ArxivId;
use crate::model::signals::CommunitySignals;

pub const DEFAULT_HF_URL: &str = "https://huggingface.co";

/// One request a second: Hugging Face publishes no limit for this endpoint, and a
/// week is seven requests.
pub const HF_DELAY: Duration = Duration::from_secs(1);

/// One featured paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyPaper {
    pub id: ArxivId,
    pub title: String,
    pub signals: CommunitySignals,
}

/// A day's list, and what in it could not be read (one line per item).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DailyPapers {
    pub papers: Vec<DailyPaper>,
    pub skipped: Vec<String>,
}

/// Why an answer is not a daily-papers list.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a daily-papers list: {0}")]
pub struct DailyPapersError(String);

/// Reads the list featured on `day`, as fetched at `fetched`. Items without a
/// readable arXiv id are skipped and named; an answer that is not a JSON list
/// (an HTML error page, a JSON error object) is an error.
pub fn parse_daily_papers(
    body: &[u8],
    day: NaiveDate,
    fetched: DateTime<Utc>,
) -> Result<DailyPapers, DailyPapersError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        let start = String::from_utf8_lossy(&body[..body.len().min(40)]).trim().to_string();
        DailyPapersError(match start.starts_with('<') {
            true => "an HTML page".to_string(),
            false => format!("{e}"),
        })
    })?;
    let Value::Array(items) = value else {
        let error = value.get("error").and_then(Value::as_str).unwrap_or("a JSON object");
        return Err(DailyPapersError(error.chars().take(80).collect()));
    };
    let mut list = DailyPapers::default();
    for (index, item) in items.iter().enumerate() {
        match read_item(item, day, fetched) {
            Ok(paper) => list.papers.push(paper),
            Err(why) => list.skipped.push(format!("item {}: {why}", index + 1)),
        }
    }
    Ok(list)
}

fn read_item(item: &Value, day: NaiveDate, fetched: DateTime<Utc>) -> Result<DailyPaper, String> {
    let paper = item.get("paper").ok_or("no paper")?;
    let raw_id = text(paper, "id").ok_or("no arXiv id")?;
    let id = ArxivId::parse(&raw_id).map_err(|e| format!("{raw_id}: {e}"))?;
    let title = text(paper, "title").or_else(|| text(item, "title")).unwrap_or_default();
    let organization = [item, paper]
        .into_iter()
        .filter_map(|v| v.get("organization"))
        .find_map(|org| text(org, "fullname").or_else(|| text(org, "name")));
    let keywords = paper
        .get("ai_keywords")
        .and_then(Value::as_array)
        .map(|words| words.iter().filter_map(|w| w.as_str()).map(clean).collect())
        .unwrap_or_default();
    let signals = CommunitySignals {
        upvotes: count(paper, "upvotes").unwrap_or(0),
        comments: count(item, "numComments").or_else(|| count(paper, "numComments")).unwrap_or(0),
        github_repo: text(paper, "githubRepo")
            .filter(|repo| repo.starts_with("https://") || repo.starts_with("http://")),
        github_stars: count(paper, "githubStars"),
        organization,
        summary: text(paper, "ai_summary"),
        keywords,
        featured: day,
        fetched,
        // Called `mediaUrl` in 2024.
        thumbnail: text(item, "thumbnail")
            .or_else(|| text(item, "mediaUrl"))
            .filter(|url| url.starts_with("https://") || url.starts_with("http://")),
    };
    Ok(DailyPaper { id, title: clean(&title), signals })
}

/// A non-empty string field, its whitespace collapsed.
fn text(value: &Value, name: &str) -> Option<String> {
    value.get(name).and_then(Value::as_str).map(clean).filter(|s| !s.is_empty())
}

/// A count, whether sent as a number (`12` or `12.0`) or a string; negative,
/// fractional or absurd values are dropped.
fn count(value: &Value, name: &str) -> Option<u32> {
    match value.get(name)? {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0).map(|f| f as u64))
            .and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Papers asked for per request: the most the endpoint gives (it gives 50 when
/// not told); a busier day is read page by page.
pub const PAGE_SIZE: usize = 100;

/// Pages read for one day at most: no day has had anything like 1,000 papers.
const MAX_PAGES: usize = 10;

/// Hugging Face's daily papers at one address (`https://huggingface.co` or a
/// test server), through a polite client.
pub struct HfClient {
    http: HttpClient,
    url: String,
}

impl HfClient {
    /// The service at `url`, asked through `http`; the address must be http(s).
    pub fn new(http: HttpClient, url: &str) -> Result<HfClient, FetchError> {
        crate::http::client::host_of(url)?;
        Ok(HfClient { http, url: url.to_string() })
    }

    pub fn stats(&self) -> ClientStats {
        self.http.stats()
    }

    /// The papers Hugging Face featured on `day`, every page of them. A damaged
    /// answer is retried like a network error.
    pub async fn daily_papers(&self, day: NaiveDate) -> Result<DailyPapers, FetchError> {
        let url = format!("{}/api/daily_papers", self.url.trim_end_matches('/'));
        let fetched = Utc::now();
        let mut list = DailyPapers::default();
        for page in 0..MAX_PAGES {
            let describe = match page {
                0 => format!("Hugging Face daily papers of {day}"),
                _ => format!("Hugging Face daily papers of {day}, page {}", page + 1),
            };
            let params =
                [("date", day.to_string()), ("limit", PAGE_SIZE.to_string()), ("p", page.to_string())];
            let more = self
                .http
                .get(&url, &params, &describe, |body| {
                    parse_daily_papers(body, day, fetched).map_err(|e| Unusable::Retry(e.to_string()))
                })
                .await?;
            let full = more.papers.len() + more.skipped.len() >= PAGE_SIZE;
            for paper in more.papers {
                // Pages can shift while they are read: a paper is kept once.
                if !list.papers.iter().any(|held| held.id == paper.id) {
                    list.papers.push(paper);
                }
            }
            list.skipped.extend(more.skipped);
            if !full {
                break;
            }
        }
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 11).expect("date")
    }

    /// The shape of 2025–2026 answers: every field, counts as numbers, an organisation.
    const RECENT: &str = r#"[{"paper":{"id":"2603.03143","title":"Geometry-Guided RL\n  for 3D Editing",
      "upvotes":102,"githubRepo":"https://github.com/AMAP-ML/RL3DEdit","githubStars":1,
      "ai_summary":"RL3DEdit uses  reinforcement learning.","ai_keywords":["diffusion models","3D editing"],
      "authors":[{"name":"Jiyuan Wang"}]},
      "numComments":1,"organization":{"name":"GD-ML","fullname":"AMAP-ML"},
      "thumbnail":"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2603.03143.png"},
      {"paper":{"id":"2603.09999","upvotes":0}}]"#;

    /// The shape of 2024 answers: no code, stars, summary or organisation.
    const OLD: &str = r#"[{"paper":{"id":"2406.01574","title":"MMLU-Pro","upvotes":23},"numComments":2,"title":"MMLU-Pro",
      "mediaUrl":"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2406.01574.png"}]"#;

    #[test]
    fn a_recent_list_gives_every_signal() {
        let list = parse_daily_papers(RECENT.as_bytes(), day(), DateTime::UNIX_EPOCH).expect("list");
        assert!(list.skipped.is_empty());
        let first = &list.papers[0];
        assert_eq!(
            (first.id.as_str(), first.title.as_str()),
            ("2603.03143", "Geometry-Guided RL for 3D Editing")
        );
        let s = &first.signals;
        assert_eq!((s.upvotes, s.comments, s.github_stars), (102, 1, Some(1)));
        assert_eq!(s.github_repo.as_deref(), Some("https://github.com/AMAP-ML/RL3DEdit"));
        assert_eq!(s.organization.as_deref(), Some("AMAP-ML"));
        assert_eq!(s.summary.as_deref(), Some("RL3DEdit uses reinforcement learning."));
        assert_eq!(s.keywords, ["diffusion models", "3D editing"]);
        assert_eq!(s.featured, day());
        assert_eq!(
            s.thumbnail.as_deref(),
            Some("https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2603.03143.png")
        );
        let bare = &list.papers[1].signals;
        assert_eq!(
            (bare.upvotes, bare.comments, bare.github_stars, bare.summary.as_ref()),
            (0, 0, None, None)
        );
    }

    #[test]
    fn an_old_list_misses_fields_but_reads() {
        let list = parse_daily_papers(OLD.as_bytes(), day(), DateTime::UNIX_EPOCH).expect("list");
        let s = &list.papers[0].signals;
        assert_eq!((s.upvotes, s.comments, s.github_repo.as_ref(), s.keywords.len()), (23, 2, None, 0));
        assert!(s.thumbnail.as_deref().is_some_and(|url| url.ends_with("/papers/2406.01574.png")));
    }

    #[test]
    fn counts_sent_as_floats_or_text_are_read_and_bad_items_are_named() {
        let body = r#"[{"paper":{"id":"2405.00001","upvotes":7.0,"githubStars":-3},"numComments":"2"},{"paper":{"id":"not an id"}},{"title":"x"}]"#;
        let list = parse_daily_papers(body.as_bytes(), day(), DateTime::UNIX_EPOCH).expect("list");
        assert_eq!(list.papers.len(), 1);
        let read = &list.papers[0].signals;
        assert_eq!((read.upvotes, read.comments, read.github_stars), (7, 2, None));
        assert_eq!(list.skipped.len(), 2);
        assert!(list.skipped[0].starts_with("item 2: not an id"), "{:?}", list.skipped);
        assert_eq!(list.skipped[1], "item 3: no paper");
    }

    #[test]
    fn an_empty_day_is_an_empty_list() {
        let list = parse_daily_papers(b"[]", day(), DateTime::UNIX_EPOCH).expect("list");
        assert_eq!(list, DailyPapers::default());
    }

    #[test]
    fn what_is_not_a_list_is_an_error() {
        let parse = |body: &str| parse_daily_papers(body.as_bytes(), day(), DateTime::UNIX_EPOCH).map(|_| ());
        assert_eq!(parse("<!DOCTYPE html><html>502</html>"), Err(DailyPapersError("an HTML page".into())));
        assert_eq!(parse(r#"{"error":"Invalid date"}"#), Err(DailyPapersError("Invalid date".into())));
        assert!(parse(r#"[{"paper":{"id":"2405.00001""#).is_err(), "truncated");
        assert!(parse("").is_err());
    }
}
