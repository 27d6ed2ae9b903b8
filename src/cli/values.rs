//! The command line's own value types and parsers, for clap: a bad value is a
//! usage error (exit 2) before anything runs. Weeks, dates, categories, tracked
//! specs, label changes, seconds, addresses and announcement days parse with the
//! library's own types; what is left here names the variable a value came from.

use papers::http::settings::Seconds;
pub use papers::week::AnnouncedDay;

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
