//! arXiv's three services over the polite HTTP client: the export API, OAI-PMH
//! and the RSS announcement feeds, each at its own address. arXiv asks for at most
//! one request every three seconds over one connection, for all three together:
//! they share one limiter, and a shorter delay is refused for arxiv.org before
//! anything is sent.

use std::time::Duration;

use super::atom::{AtomError, Feed, parse_feed_lenient};
use super::oai::{OaiError, OaiPage, parse_list_records_lenient};
use super::rss::{RssError, RssFeed, parse_rss_lenient};
use crate::http::client::{ClientStats, FetchError, HttpClient, Unusable, host_of};

/// arXiv's own rule; shorter delays are refused for arxiv.org hosts.
pub const ARXIV_MIN_DELAY: Duration = Duration::from_secs(3);
pub const DEFAULT_API_URL: &str = "https://export.arxiv.org/api/query";
pub const DEFAULT_OAI_URL: &str = "https://oaipmh.arxiv.org/oai";
/// Category codes joined with `+` are appended: `…/rss/cs.CL+cs.LG`.
pub const DEFAULT_RSS_URL: &str = "https://rss.arxiv.org/rss";

/// Where arXiv's services are (arxiv.org, a mirror or a test server).
#[derive(Debug, Clone)]
pub struct ArxivUrls {
    pub api: String,
    pub oai: String,
    pub rss: String,
}

/// arXiv's export API, OAI-PMH and RSS, through one polite client.
pub struct ArxivClient {
    http: HttpClient,
    urls: ArxivUrls,
}

impl ArxivClient {
    /// The services at `urls`, asked through `http`; every address must be http(s).
    pub fn new(http: HttpClient, urls: ArxivUrls) -> Result<ArxivClient, FetchError> {
        for address in [&urls.api, &urls.oai, &urls.rss] {
            host_of(address)?;
        }
        Ok(ArxivClient { http, urls })
    }

    pub fn stats(&self) -> ClientStats {
        self.http.stats()
    }

    /// Waits out the backoff before try `attempt` of `attempts` of something decided
    /// above the HTTP level (a suspect page), and counts the retry.
    pub async fn back_off(&self, attempt: u32, attempts: u32, reason: &str) {
        self.http.back_off(attempt, attempts, reason).await
    }

    /// Refuses a delay under arXiv's 3 s for an arxiv.org address. Checked per
    /// address, so a mirror or test server may be asked faster while the other
    /// services keep arXiv's rule; commands call it up front to fail before a run.
    pub fn check_delay(&self, url: &str) -> Result<(), FetchError> {
        let host = host_of(url)?;
        let delay = self.http.delay();
        match (host == "arxiv.org" || host.ends_with(".arxiv.org")) && delay < ARXIV_MIN_DELAY {
            true => Err(FetchError::DelayTooShort { seconds: delay.as_secs_f64(), host }),
            false => Ok(()),
        }
    }

    /// One export-API request, retried per the policy, parsed and checked. Entries
    /// that cannot be used are set aside: their messages come back with the feed.
    /// `describe` names the request in messages (the query and offset).
    pub async fn query(
        &self,
        params: &[(&str, String)],
        describe: &str,
    ) -> Result<(Feed, Vec<String>), FetchError> {
        self.get(&self.urls.api, params, describe, |body| match parse_feed_lenient(body) {
            Ok((feed, skipped)) => Ok((feed, skipped.iter().map(ToString::to_string).collect())),
            Err(AtomError::Api { message }) => Err(Unusable::Rejected(message)),
            Err(e) => Err(Unusable::Retry(e.to_string())),
        })
        .await
    }

    /// One OAI-PMH request (ListRecords with these arguments, or a resumption
    /// token). An OAI error such as `badResumptionToken` is the inner `Err`, for
    /// the harvester to act on; `noRecordsMatch` is an empty page. Records that
    /// cannot be used are set aside: their messages come back with the page.
    pub async fn oai_page(
        &self,
        params: &[(&str, String)],
        describe: &str,
    ) -> Result<Result<(OaiPage, Vec<String>), OaiError>, FetchError> {
        self.get(&self.urls.oai, params, describe, |body| match parse_list_records_lenient(body) {
            Ok((page, skipped)) => Ok(Ok((page, skipped.iter().map(ToString::to_string).collect()))),
            Err(OaiError::Xml { message, .. }) => Err(Unusable::Retry(message)),
            Err(protocol) => Ok(Err(protocol)),
        })
        .await
    }

    /// Today's announcement feed of these categories (or archives). Items that
    /// cannot be used (an announce type arXiv adds later, say) are set aside: their
    /// messages come back with the feed.
    pub async fn rss(&self, categories: &[String]) -> Result<(RssFeed, Vec<String>), FetchError> {
        let url = format!("{}/{}", self.urls.rss.trim_end_matches('/'), categories.join("+"));
        self.get(&url, &[], &url, |body| match parse_rss_lenient(body) {
            Ok((feed, skipped)) => Ok((feed, skipped.iter().map(ToString::to_string).collect())),
            Err(RssError::Feed { message }) => Err(Unusable::Rejected(message)),
            Err(e) => Err(Unusable::Retry(e.to_string())),
        })
        .await
    }
}

impl ArxivClient {
    /// Every request to arXiv: refused under arXiv's 3 s before anything is sent.
    async fn get<T>(
        &self,
        url: &str,
        params: &[(&str, String)],
        describe: &str,
        parse: impl Fn(&[u8]) -> Result<T, Unusable>,
    ) -> Result<T, FetchError> {
        self.check_delay(url)?;
        self.http.get(url, params, describe, parse).await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::http::client::{ClientConfig, Limiter, RetryPolicy};

    #[tokio::test]
    async fn arxiv_hosts_refuse_a_short_delay_before_sending_anything() {
        let client = |url: &str, delay: f64| {
            let config = ClientConfig { retry: RetryPolicy::default(), timeout: Duration::from_secs(1) };
            let http = HttpClient::new(config, Arc::new(Limiter::new(Duration::from_secs_f64(delay))))
                .expect("http");
            let urls = ArxivUrls {
                api: url.into(),
                oai: "http://127.0.0.1:9/oai".into(),
                rss: "http://127.0.0.1:9/rss".into(),
            };
            ArxivClient::new(http, urls)
        };
        let hasty = client(DEFAULT_API_URL, 2.9).expect("client");
        let refused = hasty.query(&[], "a query").await;
        assert!(matches!(refused, Err(FetchError::DelayTooShort { .. })), "{refused:?}");
        assert_eq!(hasty.stats().requests, 0, "refused before any request");
        // OAI-PMH and RSS keep the rule too.
        let config = ClientConfig { retry: RetryPolicy::default(), timeout: Duration::from_secs(1) };
        let http =
            HttpClient::new(config, Arc::new(Limiter::new(Duration::from_secs_f64(2.9)))).expect("http");
        let urls = ArxivUrls {
            api: DEFAULT_API_URL.into(),
            oai: DEFAULT_OAI_URL.into(),
            rss: DEFAULT_RSS_URL.into(),
        };
        let arxiv = ArxivClient::new(http, urls).expect("client");
        assert!(matches!(arxiv.oai_page(&[], "a set").await, Err(FetchError::DelayTooShort { .. })));
        assert!(matches!(arxiv.rss(&["cs.CL".to_string()]).await, Err(FetchError::DelayTooShort { .. })));
        assert_eq!(arxiv.stats().requests, 0, "refused before any request");
        assert!(client("http://127.0.0.1:8080/api/query", 0.0).is_ok());
        assert!(matches!(client("not a url", 3.0), Err(FetchError::BadUrl(_))));
    }
}
