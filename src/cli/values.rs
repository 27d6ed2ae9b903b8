//! The command line's own value types and parsers, for clap: a bad value is a
//! usage error (exit 2) before anything runs. Weeks, dates, categories, tracked
//! specs and label changes parse with the library's own types.

use std::str::FromStr;

use chrono::NaiveDate;
use papers::http::settings::Seconds;

/// `PAPERS_RETRY_BASE`'s seconds (or the hidden `--retry-base`'s), named in errors.
pub fn retry_base(text: &str) -> Result<Seconds, String> {
    text.parse().map_err(|e| format!("PAPERS_RETRY_BASE: {e}"))
}

/// `PAPERS_HTTP_TIMEOUT`'s seconds (or the hidden `--http-timeout`'s), named in errors.
pub fn http_timeout(text: &str) -> Result<Seconds, String> {
    text.parse().map_err(|e| format!("PAPERS_HTTP_TIMEOUT: {e}"))
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
    fn announced_days() {
        assert_eq!("latest".parse::<AnnouncedDay>(), Ok(AnnouncedDay::Latest));
        let day = NaiveDate::from_ymd_opt(2024, 5, 22).expect("a day");
        assert_eq!("2024-05-22".parse::<AnnouncedDay>(), Ok(AnnouncedDay::On(day)));
        assert!("yesterday".parse::<AnnouncedDay>().is_err());
    }
}
