//! Access to arXiv: building export-API queries and OAI-PMH requests, the polite
//! HTTP client (one limiter, retries, backoff), paging, and parsing what the API
//! (Atom), OAI-PMH (arXivRaw) and RSS return; and Hugging Face's daily papers,
//! the community's attention to arXiv papers, through the same client.
//!
//! This module never touches the database. Parsers are pure: bytes in, [`Paper`]s
//! out, with typed errors that carry a byte position.
//!
//! [`Paper`]: crate::model::Paper

pub mod atom;
pub mod authors;
pub mod categories;
pub mod client;
pub mod daily_papers;
pub mod failure;
pub mod oai;
pub mod oai_request;
pub mod pager;
pub mod query;
pub mod rss;
pub mod slot;
mod xml;
