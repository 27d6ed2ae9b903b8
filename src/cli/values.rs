//! The command line's own value types and parsers, for clap: a bad value is a
//! usage error (exit 2) before anything runs. Weeks, dates, categories, tracked
//! specs and label changes parse with the library's own types.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use chrono::NaiveDate;

/// Longest delay, timeout or backoff base accepted from a flag or variable.
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

/// `PAPERS_RETRY_BASE`'s seconds (or the hidden `--retry-base`'s), named in errors.
pub fn retry_base(text: &str) -> Result<Seconds, String> {
    text.parse().map_err(|e| format!("PAPERS_RETRY_BASE: {e}"))
}

/// `PAPERS_HTTP_TIMEOUT`'s seconds (or the hidden `--http-timeout`'s), named in errors.
pub fn http_timeout(text: &str) -> Result<Seconds, String> {
    text.parse().map_err(|e| format!("PAPERS_HTTP_TIMEOUT: {e}"))
}

/// An http(s) address.
pub fn http_url(text: &str) -> Result<String, String> {
    papers::http::client::host_of(text).map(|_| text.to_string()).map_err(|e| e.to_string())
}

/// A raw arXiv query, checked for balanced parentheses and quotes.
pub fn raw_query(text: &str) -> Result<String, String> {
    papers::arxiv::query::validate_raw(text).map(|()| text.to_string())
}

/// The day of the RSS announcements `fetch --announced` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnouncedDay {
    /// Whatever the feed holds now.
    Latest,
    /// The feed must be of this listing day.
    On(NaiveDate),
}

impl FromStr for AnnouncedDay {
    type Err = papers::week::WeekError;

    fn from_str(text: &str) -> Result<AnnouncedDay, Self::Err> {
        match text {
            "latest" => Ok(AnnouncedDay::Latest),
            day => papers::week::listing_date(day).map(AnnouncedDay::On),
        }
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
    fn addresses_and_announced_days() {
        assert!(http_url("http://127.0.0.1:8080/api").is_ok());
        for bad in ["127.0.0.1:8080", "ftp://example.org", "not a url", "file:///tmp/x"] {
            assert!(http_url(bad).is_err(), "{bad}");
        }
        assert_eq!("latest".parse::<AnnouncedDay>(), Ok(AnnouncedDay::Latest));
        let day = NaiveDate::from_ymd_opt(2024, 5, 22).expect("a day");
        assert_eq!("2024-05-22".parse::<AnnouncedDay>(), Ok(AnnouncedDay::On(day)));
        assert!("yesterday".parse::<AnnouncedDay>().is_err());
    }
}
