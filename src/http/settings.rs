//! The values a client is set up with, checked as they are typed (flags,
//! environment variables): a number of seconds for a delay, a timeout or a first
//! wait, and an http(s) address.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;
use std::time::Duration;

use super::client::{FetchError, host_of};

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
}
