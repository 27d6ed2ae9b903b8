//! Paging through export-API results safely.
//!
//! arXiv's pages can come back empty or short in the middle of a result set, and
//! its totals drift between calls. A page with fewer entries than it should have is
//! asked for again a few times; the next page starts after the entries actually
//! received, never after `max_results`.

use super::atom::FeedTotals;
use super::client::{ArxivClient, FetchError};
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
    pub start: u64,
    pub total: u64,
    /// Where the next page starts: `start` plus the entries received.
    pub next_start: u64,
    /// No more pages: the total is reached, or arXiv kept sending nothing.
    pub last: bool,
    /// True when arXiv's total promised more than it delivered, even after retries.
    pub came_up_short: bool,
}

/// Fetches the page of `search_query` at `start`, sorted by submission date so
/// that offsets stay stable while paging.
pub async fn fetch_page(
    client: &ArxivClient,
    search_query: &str,
    start: u64,
    page_size: u32,
) -> Result<Page, FetchError> {
    let params = [
        ("search_query", search_query.to_string()),
        ("start", start.to_string()),
        ("max_results", page_size.to_string()),
        ("sortBy", "submittedDate".to_string()),
        ("sortOrder", "ascending".to_string()),
    ];
    let describe = format!("search_query={search_query} start={start}");
    let mut suspect_tries = 0;
    loop {
        let feed = client.query(&params, &describe).await?;
        let total = total_of(feed.totals, start, feed.papers.len());
        let received = feed.papers.len() as u64;
        let expected = u64::from(page_size).min(total.saturating_sub(start));
        if received < expected && suspect_tries < SUSPECT_PAGE_RETRIES {
            suspect_tries += 1;
            client.note_retry();
            continue;
        }
        let next_start = start + received;
        return Ok(Page {
            papers: feed.papers,
            start,
            total,
            next_start,
            last: received == 0 || next_start >= total,
            came_up_short: received == 0 && start < total,
        });
    }
}

/// Fetches papers by id, `IDS_PER_REQUEST` at a time. Ids arXiv does not know are
/// simply absent from the result.
pub async fn fetch_ids(client: &ArxivClient, ids: &[ArxivId]) -> Result<Vec<Paper>, FetchError> {
    let mut papers = Vec::with_capacity(ids.len());
    for batch in ids.chunks(IDS_PER_REQUEST) {
        let list = batch.iter().map(ArxivId::as_str).collect::<Vec<_>>().join(",");
        let params =
            [("id_list", list.clone()), ("start", "0".to_string()), ("max_results", batch.len().to_string())];
        papers.extend(client.query(&params, &format!("id_list={list}")).await?.papers);
    }
    Ok(papers)
}

/// The total to page towards. A feed without one is treated as holding just what it sent.
fn total_of(totals: FeedTotals, start: u64, received: usize) -> u64 {
    totals.total_results.unwrap_or(start + received as u64)
}
