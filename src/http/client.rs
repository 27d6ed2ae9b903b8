//! The polite HTTP client every service goes through (arXiv's export API, OAI-PMH
//! and RSS, Hugging Face's daily papers): one request at a time, retries with
//! backoff, failures sorted into kinds, waits and retries told to an observer.
//!
//! The [`Limiter`] enforces a gap between requests across everything sent through
//! it (every client of a server takes the same `Arc<Limiter>`): one request in
//! flight, and at least `delay` from the end of one request to the start of the
//! next. A 429 pauses the limiter itself, so the whole run waits, not just the
//! request that got it. Each service hands the client's `get` its own parser, so
//! a truncated or damaged body is retried like a network error, and a service's
//! own error document is not retried. What waiting cannot fix (see
//! [`Failure::is_permanent`]) gets one quick retry, then gives up with
//! [`FetchError::Unreachable`]. [`RetryPolicy`] decides every wait. With a
//! [`SharedSlot`], the gap and the pauses hold across every `papers` process of
//! the machine too.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use tokio::sync::Mutex;
use tokio::time::Instant;

pub use super::failure::Failure;
use super::failure::short;
use super::slot::{SharedSlot, SlotTimes};

/// Added to every gap: the server finishes a response a moment before the client
/// has read it, so without a margin the server could see a gap a fraction of a
/// millisecond shorter than the delay.
pub const GAP_MARGIN: Duration = Duration::from_millis(5);

/// The longest single wait the client accepts, whatever a server asks for.
pub const MAX_WAIT: Duration = Duration::from_secs(3600);

/// How failed requests are retried: the one place that decides how often and how
/// long to wait.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub attempts: u32,
    /// The first backoff; each retry doubles it, up to `max`, with jitter.
    pub base: Duration,
    pub max: Duration,
    /// The wait before the one retry of a permanent failure (a host name that
    /// does not resolve, say): a blip gets a second chance, a real outage costs
    /// no more than this.
    pub quick: Duration,
    /// The longest `Retry-After` honoured; a server asking for longer gets this.
    pub max_asked: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            attempts: 5,
            base: Duration::from_secs(5),
            max: Duration::from_secs(120),
            quick: Duration::from_secs(1),
            max_asked: MAX_WAIT,
        }
    }
}

impl RetryPolicy {
    /// Tries in all for a request whose tries fail like `failure`.
    pub fn attempts_for(&self, failure: &Failure, answered: bool) -> u32 {
        match failure.is_permanent(answered) {
            true => self.attempts.min(2),
            false => self.attempts,
        }
    }

    /// The wait after try `attempt` failed like `failure`; `jitter` in [0, 1)
    /// spreads retries. The server's `Retry-After` is a floor.
    pub fn wait(
        &self,
        attempt: u32,
        failure: &Failure,
        answered: bool,
        jitter: f64,
        retry_after: Option<Duration>,
    ) -> Duration {
        if failure.is_permanent(answered) {
            return self.quick;
        }
        let exponential = self.base.saturating_mul(1 << attempt.saturating_sub(1).min(16));
        let backoff = exponential.mul_f64(1.0 + jitter / 2.0).min(self.max);
        retry_after.map_or(backoff, |asked| asked.min(self.max_asked).max(backoff))
    }
}

/// How the client retries and how long a request may take; built once by the CLI.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub retry: RetryPolicy,
    /// Whole-request timeout (connect, send, read).
    pub timeout: Duration,
}

impl ClientConfig {
    /// The default retries, starting from `retry_base` when given (mirrors and
    /// tests ask for short waits: every later wait shrinks with it), and requests
    /// that time out after `timeout`.
    pub fn new(retry_base: Option<Duration>, timeout: Duration) -> ClientConfig {
        let mut retry = RetryPolicy::default();
        if let Some(base) = retry_base {
            retry.base = base;
            retry.max = retry.max.min(base.saturating_mul(24));
            retry.quick = retry.quick.min(base);
        }
        ClientConfig { retry, timeout }
    }

    /// This config for a source a run can do without: it gives up within about
    /// 15 s of an outage (three tries, short waits, a short timeout) where the
    /// main source's client keeps trying for minutes.
    pub fn for_secondary_source(mut self) -> ClientConfig {
        self.retry.attempts = SECONDARY_ATTEMPTS;
        self.retry.base = self.retry.base.min(SECONDARY_WAIT);
        self.retry.max = self.retry.max.min(SECONDARY_WAIT.saturating_mul(2));
        self.timeout = self.timeout.min(SECONDARY_TIMEOUT);
        self.retry.max_asked = SECONDARY_WAIT.saturating_mul(2);
        self
    }
}

/// Tries of a request to a secondary source, the first included...
const SECONDARY_ATTEMPTS: u32 = 3;
/// ...the first wait between them (then twice that)...
const SECONDARY_WAIT: Duration = Duration::from_secs(2);
/// ...and how long one may take.
const SECONDARY_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a request finally failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("arXiv rejected the query: {message} (query: {query})")]
    Api { message: String, query: String },
    #[error("the server answered HTTP {status} to {query}")]
    Status { status: u16, query: String },
    #[error("the server redirects {query} to {location}")]
    Redirected { query: String, location: String },
    #[error("arXiv reported {total} results but sent nothing more at {query}, even after retries")]
    Incomplete { query: String, total: u64 },
    #[error("{last} from {host}, {attempts} tries in a row; gave up on {query}")]
    GaveUp { attempts: u32, host: String, query: String, last: Failure },
    #[error("cannot reach {host}: {failure}{}", hint(.failure))]
    Unreachable { host: String, failure: Failure },
    #[error("a delay of {seconds}s is below arXiv's limit of one request every 3 s for {host}")]
    DelayTooShort { seconds: f64, host: String },
    #[error("'{0}' is not a usable http(s) URL")]
    BadUrl(String),
    #[error("could not set up the HTTP client")]
    Setup(#[source] reqwest::Error),
}

/// Counters for the run summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientStats {
    pub requests: u64,
    pub retries: u64,
}

/// One request slot with a minimum gap, plus a run-wide pause after a 429.
#[derive(Debug)]
pub struct Limiter {
    delay: Duration,
    state: Mutex<LimiterState>,
    shared: Option<SharedSlot>,
}

#[derive(Debug, Default)]
struct LimiterState {
    last_end: Option<Instant>,
    paused_until: Option<Instant>,
}

impl Limiter {
    pub fn new(delay: Duration) -> Limiter {
        Limiter { delay, state: Mutex::new(LimiterState::default()), shared: None }
    }

    /// Keeps the gap and the pauses with every other process that uses `slot`.
    /// When the slot's file cannot be had (a read-only home), this process keeps
    /// them alone, as without it.
    pub fn shared(self, slot: SharedSlot) -> Limiter {
        Limiter { shared: Some(slot), ..self }
    }

    /// The minimum gap between requests.
    pub fn delay(&self) -> Duration {
        self.delay
    }

    /// Runs `request` when the slot is free, the gap has passed and no pause holds;
    /// `on_wait` hears how long that takes when there is a wait at all.
    pub async fn run<T>(&self, request: impl Future<Output = T>, on_wait: impl FnOnce(Duration)) -> T {
        let mut state = self.state.lock().await;
        let mut on_wait = Some(on_wait);
        // The shared slot is held only for the request itself: while this process
        // waits out its gap, others may use theirs; then it looks again.
        let mut held = loop {
            let held = self.hold_shared().await;
            let others = held.as_ref().map(|slot| slot.times).unwrap_or_default();
            let ready = [
                state.last_end.and_then(|end| end.checked_add(self.delay + GAP_MARGIN)),
                state.paused_until,
                others.last_end.map(|end| from_clock(end, self.delay + GAP_MARGIN, self.delay + GAP_MARGIN)),
                others.paused_until.map(|until| from_clock(until, Duration::ZERO, MAX_WAIT)),
            ]
            .into_iter()
            .flatten()
            .max();
            match ready.filter(|ready| *ready > Instant::now()) {
                Some(ready) => {
                    if let Some(tell) = on_wait.take() {
                        tell(ready.saturating_duration_since(Instant::now()));
                    }
                    drop(held);
                    tokio::time::sleep_until(ready).await;
                }
                None => break held,
            }
        };
        let output = request.await;
        state.last_end = Some(Instant::now());
        if let Some(slot) = &mut held {
            // Best effort: a slot that cannot be written leaves this process polite alone.
            let _ = slot.record(SlotTimes { last_end: Some(std::time::SystemTime::now()), ..slot.times });
        }
        output
    }

    async fn hold_shared(&self) -> Option<super::slot::HeldSlot> {
        self.shared.as_ref()?.hold().await.ok()
    }

    /// Holds every request, from any source, until `wait` has passed; with
    /// `everyone` (a 429: the server asked for it), every other process's too.
    pub async fn pause(&self, wait: Duration, everyone: bool) {
        let mut state = self.state.lock().await;
        let until = Instant::now() + wait.min(MAX_WAIT);
        state.paused_until = Some(state.paused_until.map_or(until, |held| held.max(until)));
        if !everyone {
            return;
        }
        if let Some(mut slot) = self.hold_shared().await {
            let until = std::time::SystemTime::now() + wait.min(MAX_WAIT);
            let paused_until = Some(slot.times.paused_until.map_or(until, |held| held.max(until)));
            let _ = slot.record(SlotTimes { paused_until, ..slot.times });
        }
    }
}

/// The instant `after` past the wall-clock time `time`, at most `cap` from now: a
/// clock set back cannot make a run wait for long.
fn from_clock(time: std::time::SystemTime, after: Duration, cap: Duration) -> Instant {
    let (now, clock) = (Instant::now(), std::time::SystemTime::now());
    let wait = match time.duration_since(clock) {
        Ok(ahead) => ahead + after,
        Err(past) => after.saturating_sub(past.duration()),
    };
    now + wait.min(cap)
}

/// Something worth telling the user while a request is held back.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientEvent {
    /// The next request waits this long for the delay (or a pause) to pass.
    Waiting(Duration),
    /// Try `attempt` of `request` failed for `reason`; the next comes after `wait`.
    Retrying { attempt: u32, attempts: u32, reason: String, wait: Duration, request: String },
}

/// Receives [`ClientEvent`]s, e.g. to drive a progress display.
pub type Observer = Box<dyn Fn(&ClientEvent) + Send + Sync>;

/// The polite client; services add their addresses and parsers.
pub struct HttpClient {
    http: reqwest::Client,
    config: ClientConfig,
    limiter: Arc<Limiter>,
    stats: std::sync::Mutex<ClientStats>,
    jitter: std::sync::Mutex<u64>,
    observer: Option<Observer>,
    /// Hosts that have answered in this run: a refused connection there is a
    /// restart worth waiting for, not a wrong address.
    answered: std::sync::Mutex<Vec<String>>,
}

/// What one attempt came to.
enum Attempt<T> {
    Done(T),
    /// `rate_limited`: a 429, which must hold the whole run even after the last try.
    Retry {
        failure: Failure,
        retry_after: Option<Duration>,
        rate_limited: bool,
    },
}

/// Makes ring the process's TLS crypto provider (reqwest is built without one);
/// a no-op once one is installed.
pub(crate) fn use_ring() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl HttpClient {
    /// A client whose requests go through `limiter`.
    pub fn new(config: ClientConfig, limiter: Arc<Limiter>) -> Result<HttpClient, FetchError> {
        use_ring();
        let http = reqwest::Client::builder()
            .user_agent(user_agent())
            .connect_timeout(config.timeout.min(Duration::from_secs(30)))
            .timeout(config.timeout)
            // One connection at a time, as arXiv asks.
            .pool_max_idle_per_host(1)
            // A redirect would be a second request the limiter never saw.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(FetchError::Setup)?;
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64);
        Ok(HttpClient {
            http,
            limiter,
            config,
            stats: std::sync::Mutex::new(ClientStats::default()),
            jitter: std::sync::Mutex::new(seed | 1),
            observer: None,
            answered: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// A client `delay` apart for the server at `url`, keeping the gap and the
    /// pauses with every other `papers` process of the user through the server's
    /// [`SharedSlot::of_user`] (alone when there is no state folder to share).
    pub fn polite(config: ClientConfig, delay: Duration, url: &str) -> Result<HttpClient, FetchError> {
        let limiter = Limiter::new(delay);
        let limiter = match SharedSlot::of_user(url) {
            Some(slot) => limiter.shared(slot),
            None => limiter,
        };
        HttpClient::new(config, Arc::new(limiter))
    }

    /// Reports waits and retries to `observer`.
    pub fn with_observer(mut self, observer: Observer) -> HttpClient {
        self.observer = Some(observer);
        self
    }

    fn tell(&self, event: ClientEvent) {
        if let Some(observer) = &self.observer {
            observer(&event);
        }
    }

    pub fn stats(&self) -> ClientStats {
        self.stats.lock().map(|s| *s).unwrap_or_default()
    }

    /// GET `url` with `params`, retried per the policy, its body made into a `T` by
    /// `parse`. `describe` names the request in messages.
    pub(crate) async fn get<T>(
        &self,
        url: &str,
        params: &[(&str, String)],
        describe: &str,
        parse: impl Fn(&[u8]) -> Result<T, Unusable>,
    ) -> Result<T, FetchError> {
        let host = authority_of(url)?;
        let policy = self.config.retry;
        let mut attempt = 1;
        loop {
            if attempt > 1 {
                self.count(|s| s.retries += 1);
            }
            self.count(|s| s.requests += 1);
            let outcome = self
                .limiter
                .run(self.attempt(url, params, describe, &parse), |wait| {
                    self.tell(ClientEvent::Waiting(wait))
                })
                .await?;
            let (failure, retry_after, rate_limited) = match outcome {
                Attempt::Done(value) => return Ok(value),
                Attempt::Retry { failure, retry_after, rate_limited } => (failure, retry_after, rate_limited),
            };
            let answered = self.has_answered(&host);
            let attempts = policy.attempts_for(&failure, answered);
            let wait = policy.wait(attempt, &failure, answered, self.jitter(), retry_after);
            if attempt < attempts {
                let reason = failure.to_string();
                let request = describe.to_string();
                // The next request also waits out the delay between requests.
                let shown = wait.max(self.limiter.delay());
                self.tell(ClientEvent::Retrying { attempt, attempts, reason, wait: shown, request });
                self.limiter.pause(wait, rate_limited).await;
                attempt += 1;
                continue;
            }
            if rate_limited {
                // Out of tries, but a 429 still holds every later request.
                self.limiter.pause(wait, true).await;
            }
            return Err(match failure.is_permanent(answered) {
                true => FetchError::Unreachable { host, failure },
                false => FetchError::GaveUp { attempts, host, query: describe.to_string(), last: failure },
            });
        }
    }

    fn has_answered(&self, host: &str) -> bool {
        self.answered.lock().is_ok_and(|hosts| hosts.iter().any(|h| h == host))
    }

    fn heard_from(&self, url: &str) {
        if let (Ok(host), Ok(mut hosts)) = (authority_of(url), self.answered.lock())
            && !hosts.contains(&host)
        {
            hosts.push(host);
        }
    }

    /// The gap the limiter keeps between requests.
    pub fn delay(&self) -> Duration {
        self.limiter.delay()
    }

    /// Waits out the backoff before try `attempt` of `attempts` of something decided
    /// above the HTTP level (a suspect page), and counts the retry.
    pub async fn back_off(&self, attempt: u32, attempts: u32, reason: &str) {
        self.count(|s| s.retries += 1);
        let failure = Failure::Body(reason.to_string());
        let wait = self.config.retry.wait(attempt, &failure, true, self.jitter(), None);
        let (reason, request) = (reason.to_string(), String::new());
        self.tell(ClientEvent::Retrying { attempt, attempts, reason, wait, request });
        self.limiter.pause(wait, false).await;
    }

    async fn attempt<T>(
        &self,
        url: &str,
        params: &[(&str, String)],
        describe: &str,
        parse: &impl Fn(&[u8]) -> Result<T, Unusable>,
    ) -> Result<Attempt<T>, FetchError> {
        let retry =
            |failure: Failure, retry_after| Ok(Attempt::Retry { failure, retry_after, rate_limited: false });
        let response = match self.http.get(url).query(params).send().await {
            Ok(response) => response,
            Err(e) => return retry(Failure::of_transport(&e), None),
        };
        self.heard_from(url);
        let status = response.status();
        let header =
            |name| response.headers().get(name).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok());
        let retry_after = header(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|seconds| Duration::from_secs(seconds).min(MAX_WAIT));
        if status.is_redirection() {
            let location = header(reqwest::header::LOCATION).unwrap_or("an unnamed address").to_string();
            return Err(FetchError::Redirected { query: describe.to_string(), location });
        }
        let body = match response.bytes().await {
            Ok(body) => body,
            Err(e) => return retry(Failure::of_transport(&e), retry_after),
        };
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            // The body is the server's page (HTML, often): the status says enough.
            let failure = Failure::Status(status.as_u16());
            let rate_limited = status == StatusCode::TOO_MANY_REQUESTS;
            return Ok(Attempt::Retry { failure, retry_after, rate_limited });
        }
        match parse(&body) {
            Ok(value) if status.is_success() => Ok(Attempt::Done(value)),
            Err(Unusable::Rejected(message)) => Err(FetchError::Api { message, query: describe.to_string() }),
            Err(Unusable::Retry(reason)) if status.is_success() => retry(Failure::Body(short(&reason)), None),
            _ => Err(FetchError::Status { status: status.as_u16(), query: describe.to_string() }),
        }
    }

    /// A random factor in [0, 1) for the backoff.
    fn jitter(&self) -> f64 {
        let random = self.jitter.lock().map_or(0, |mut s| {
            *s ^= *s << 13;
            *s ^= *s >> 7;
            *s ^= *s << 17;
            *s
        });
        (random % 1000) as f64 / 1000.0
    }

    fn count(&self, update: impl FnOnce(&mut ClientStats)) {
        if let Ok(mut stats) = self.stats.lock() {
            update(&mut stats);
        }
    }
}

/// The host of an http(s) address.
pub fn host_of(address: &str) -> Result<String, FetchError> {
    let url = reqwest::Url::parse(address).map_err(|_| FetchError::BadUrl(address.to_string()))?;
    match (url.scheme(), url.host_str()) {
        ("http" | "https", Some(host)) => Ok(host.to_string()),
        _ => Err(FetchError::BadUrl(address.to_string())),
    }
}

/// The host of an http(s) address, with its port when the address names one.
fn authority_of(address: &str) -> Result<String, FetchError> {
    let host = host_of(address)?;
    match reqwest::Url::parse(address).ok().and_then(|url| url.port()) {
        Some(port) => Ok(format!("{host}:{port}")),
        None => Ok(host),
    }
}

/// What to do about a permanent failure, after its cause.
fn hint(failure: &Failure) -> &'static str {
    match failure {
        Failure::NameNotResolved => " (are you offline?)",
        Failure::Refused => " (is the address right, and the server up?)",
        _ => "",
    }
}

/// Why a body that came with a success status cannot be used.
pub(crate) enum Unusable {
    /// Damaged or not what was asked for (truncated, HTML, empty): try again.
    Retry(String),
    /// The service's own error document: the request is wrong; retrying will not help.
    Rejected(String),
}

/// Names the program, its version and where to find it, as arXiv asks clients to.
pub fn user_agent() -> String {
    format!(
        "papers/{} (+{}; arXiv metadata tracker)",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_REPOSITORY")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_retry_base_shortens_every_wait() {
        let config = ClientConfig::new(Some(Duration::from_millis(10)), Duration::from_secs(5));
        assert_eq!(config.retry.base, Duration::from_millis(10));
        assert_eq!(config.retry.max, Duration::from_millis(240));
        assert_eq!(config.retry.quick, Duration::from_millis(10));
        assert_eq!(config.timeout, Duration::from_secs(5));
        let default = ClientConfig::new(None, Duration::from_secs(120));
        assert_eq!(default.retry.base, RetryPolicy::default().base);
        assert_eq!(default.retry.max, RetryPolicy::default().max);
    }

    #[tokio::test(start_paused = true)]
    async fn the_limiter_keeps_the_gap_and_a_pause_holds_every_request() {
        let limiter = Limiter::new(Duration::from_secs(3));
        let t0 = Instant::now();
        let first = limiter.run(async { Instant::now() }, |_| {}).await;
        assert_eq!(first - t0, Duration::ZERO, "the first request goes at once");
        let mut waited = None;
        let second = limiter.run(async { Instant::now() }, |w| waited = Some(w)).await;
        assert_eq!(second - first, Duration::from_secs(3) + GAP_MARGIN);
        assert_eq!(waited, Some(Duration::from_secs(3) + GAP_MARGIN));
        limiter.pause(Duration::from_secs(45), false).await;
        let third = limiter.run(async { Instant::now() }, |_| {}).await;
        assert_eq!(third - second, Duration::from_secs(45), "a 429 pause outlasts the delay");
        // A shorter pause never cuts a longer one short.
        limiter.pause(Duration::from_secs(60), false).await;
        limiter.pause(Duration::from_secs(1), false).await;
        let fourth = limiter.run(async { Instant::now() }, |_| {}).await;
        assert_eq!(fourth - third, Duration::from_secs(60));
        // An absurd Retry-After is clamped, never an overflow.
        limiter.pause(Duration::MAX, false).await;
        let fifth = limiter.run(async { Instant::now() }, |_| {}).await;
        assert_eq!(fifth - fourth, MAX_WAIT);
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_cap_and_permanent_failures_get_one_quick_retry() {
        let policy = RetryPolicy::default();
        let busy = Failure::Status(503);
        for (attempt, base) in [(1, 5.0), (2, 10.0), (3, 20.0), (4, 40.0), (5, 80.0)] {
            for jitter in [0.0, 0.5, 0.999] {
                let wait = policy.wait(attempt, &busy, false, jitter, None).as_secs_f64();
                let ceiling = (base * 1.5_f64).min(120.0);
                assert!(
                    wait >= base.min(120.0) && wait <= ceiling,
                    "attempt {attempt}: {wait} s not in [{base}, {ceiling}]"
                );
            }
        }
        assert_eq!(policy.wait(9, &busy, false, 0.0, None), Duration::from_secs(120), "capped");
        let asked = Some(Duration::from_secs(300));
        assert_eq!(policy.wait(1, &busy, false, 0.0, asked), Duration::from_secs(300), "Retry-After");
        assert_eq!(policy.attempts_for(&busy, false), 5);
        let offline = Failure::NameNotResolved;
        assert_eq!(policy.attempts_for(&offline, false), 2, "one retry");
        assert_eq!(policy.wait(1, &offline, false, 0.9, None), policy.quick);
        assert_eq!(policy.attempts_for(&Failure::Refused, true), 5, "a host that answered may come back");
    }

    #[test]
    fn a_polite_client_keeps_the_delay_it_is_given() {
        let config = ClientConfig { retry: RetryPolicy::default(), timeout: Duration::from_secs(5) };
        let client =
            HttpClient::polite(config, Duration::from_secs(7), "http://127.0.0.1:9").expect("client");
        assert_eq!(client.delay(), Duration::from_secs(7));
    }

    #[tokio::test]
    async fn an_unreachable_host_fails_after_one_quick_retry() {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = closed.local_addr().expect("addr").port();
        drop(closed);
        let config = ClientConfig {
            retry: RetryPolicy { quick: Duration::from_millis(1), ..RetryPolicy::default() },
            timeout: Duration::from_secs(5),
        };
        let events = Arc::new(std::sync::Mutex::new(Vec::new()));
        let heard = Arc::clone(&events);
        let client = HttpClient::new(config, Arc::new(Limiter::new(Duration::ZERO)))
            .expect("client")
            .with_observer(Box::new(move |e| heard.lock().expect("lock").push(e.clone())));
        let url = format!("http://127.0.0.1:{port}/api/query");
        let err = client.get(&url, &[], "a query", |_| Ok(())).await.expect_err("nothing listens");
        assert_eq!(
            err.to_string(),
            format!(
                "cannot reach 127.0.0.1:{port}: connection refused (is the address right, and the server up?)"
            )
        );
        assert_eq!(client.stats(), ClientStats { requests: 2, retries: 1 });
        let events = events.lock().expect("lock");
        let retries: Vec<_> = events.iter().filter(|e| matches!(e, ClientEvent::Retrying { .. })).collect();
        assert!(
            matches!(&retries[..], [ClientEvent::Retrying { attempt: 1, attempts: 2, reason, .. }] if reason == "connection refused"),
            "{events:?}"
        );
        assert!(user_agent().starts_with(&format!("papers/{} (+", env!("CARGO_PKG_VERSION"))));
    }
}
