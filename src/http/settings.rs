//! The values a client is set up with, checked as they are typed (flags,
//! environment variables): a number of seconds for a delay, a timeout or a first
//! wait; an http(s) address; and the client config they make.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;
use std::time::Duration;

use super::client::{ClientConfig, FetchError, RetryPolicy, host_of};

/// Longest delay, timeout or backoff base accepted.
const MAX_SECONDS: f64 = 3600.0;

/// A number of seconds from 0 to an hour: a delay, a timeout, a first wait.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seconds(pub Duration);

impl FromStr for Seconds {
    type Err = String;

    fn from_str(text: &str) -> Result<Seconds, String> {
        let refused = || format!("'{text}' is not a number of seconds from 0 to {MAX_SECONDS}");
        let value = text.trim().parse::<f64>().map_err(|_| refused())?;
        match Duration::try_from_secs_f64(value) {
            Ok(duration) if value <= MAX_SECONDS => Ok(Seconds(duration)),
            _ => Err(refused()),
        }
    }
}

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.as_secs_f64())
    }
}

/// An http(s) address with a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl(String);

impl FromStr for HttpUrl {
    type Err = FetchError;

    fn from_str(text: &str) -> Result<HttpUrl, FetchError> {
        host_of(text).map(|_| HttpUrl(text.to_string()))
    }
}

impl Deref for HttpUrl {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_from_zero_to_an_hour() {
        assert_eq!("2.5".parse::<Seconds>(), Ok(Seconds(Duration::from_millis(2500))));
        assert_eq!(Seconds(Duration::from_secs(3)).to_string(), "3");
        for bad in ["-1", "3601", "NaN", "inf", "soon", ""] {
            let err = bad.parse::<Seconds>().expect_err(bad);
            assert!(err.contains("seconds from 0 to 3600"), "{bad}: {err}");
        }
    }

    #[test]
    fn http_addresses_only() {
        let url: HttpUrl = "http://127.0.0.1:8080/api".parse().expect("an address");
        assert_eq!(&*url, "http://127.0.0.1:8080/api");
        for bad in ["127.0.0.1:8080", "ftp://example.org", "not a url", "file:///tmp/x"] {
            assert!(bad.parse::<HttpUrl>().is_err(), "{bad}");
        }
    }

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
}
