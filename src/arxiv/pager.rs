//! Paging through export-API results safely.
//!
//! arXiv's pages can come back empty or short in the middle of a result set, and
//! its totals drift between calls. A page with fewer entries than it should have is
//! asked for again a few times; the next page starts after the entries actually
//! received, never after `max_results`.

use super::client::ArxivClient;
use crate::http::client::FetchError;
use crate::id::ArxivId;
use crate::model::Paper;

/// The current backend cannot page past an offset of about 10,000; windows whose
/// total is above this are split into smaller ones.
pub const SPLIT_ABOVE: u64 = 9_000;
pub const DEFAULT_PAGE_SIZE: u32 = 500;
pub const MAX_PAGE_SIZE: u32 = 2_000;
/// `id_list` requests carry at most this many ids.
pub const IDS_PER_REQUEST: usize = 100;
/// Extra tries for a page that came back empty or short.
const SUSPECT_PAGE_RETRIES: u32 = 3;

/// One page of a search.
#[derive(Debug)]
pub struct Page {
    pub papers: Vec<Paper>,
    /// Entries arXiv sent that could not be used, with why (they still count for paging).
    pub skipped: Vec<String>,
    pub start: u64,
    pub total: u64,
    /// Where the next page starts: `start` plus the entries received.
    pub next_start: u64,
    /// No more pages: the total is reached.
    pub last: bool,
}

/// Fetches the page of `search_query` at `start`, sorted by submission date so
/// that offsets stay stable while paging. `known_total` is the total an earlier
/// page of the same query reported: a page whose own total is missing or smaller,
/// or which holds fewer entries than the totals promise, is suspect and asked for
/// again with backoff. If arXiv keeps sending nothing before the total is reached,
/// that is an error, so that a rerun resumes from `start` rather than treating the
/// window as complete.
pub async fn fetch_page(
    client: &ArxivClient,
    search_query: &str,
    start: u64,
    page_size: u32,
    known_total: Option<u64>,
) -> Result<Page, FetchError> {
    let params = [
        ("search_query", search_query.to_string()),
        ("start", start.to_string()),
        ("max_results", page_size.to_string()),
        ("sortBy", "submittedDate".to_string()),
        ("sortOrder", "ascending".to_string()),
    ];
    let describe = format!("search_query={search_query} start={start}");
    let mut best: Option<Page> = None;
    for suspect_try in 0..=SUSPECT_PAGE_RETRIES {
        if suspect_try > 0 {
            let reason = "a page came back empty or short before the total was reached";
            client.back_off(suspect_try, SUSPECT_PAGE_RETRIES + 1, reason).await;
        }
        let (feed, skipped) = client.query(&params, &describe).await?;
        let reported = feed.totals.total_results;
        let total = reported.or(known_total).unwrap_or(start + (feed.papers.len() + skipped.len()) as u64);
        let promised = known_total.map_or(total, |known| known.max(total));
        let received = (feed.papers.len() + skipped.len()) as u64;
        let expected = u64::from(page_size).min(promised.saturating_sub(start));
        let suspect = received < expected || reported.is_none();
        let next_start = start + received;
        let page = Page { papers: feed.papers, skipped, start, total, next_start, last: next_start >= total };
        if best.as_ref().is_none_or(|b| page.next_start > b.next_start) {
            best = Some(page);
        }
        if !suspect {
            break;
        }
    }
    match best {
        Some(page) if page.next_start == start && start < page.total.max(known_total.unwrap_or(0)) => {
            Err(FetchError::Incomplete { query: describe, total: page.total.max(known_total.unwrap_or(0)) })
        }
        Some(page) => Ok(page),
        None => Err(FetchError::Incomplete { query: describe, total: known_total.unwrap_or(0) }),
    }
}

/// Fetches up to `IDS_PER_REQUEST` papers by id in one request. Ids arXiv does not
/// know are simply absent from the result.
pub async fn fetch_ids(client: &ArxivClient, ids: &[ArxivId]) -> Result<Vec<Paper>, FetchError> {
    let mut papers = Vec::with_capacity(ids.len());
    for batch in ids.chunks(IDS_PER_REQUEST) {
        let list = batch.iter().map(ArxivId::as_str).collect::<Vec<_>>().join(",");
        let params =
            [("id_list", list.clone()), ("start", "0".to_string()), ("max_results", batch.len().to_string())];
        papers.extend(client.query(&params, &format!("id_list={list}")).await?.0.papers);
    }
    Ok(papers)
}
