//! Access to arXiv: building export-API queries and OAI-PMH requests, arXiv's
//! three services over the polite HTTP client ([`crate::http`]), paging, and
//! parsing what the API (Atom), OAI-PMH (arXivRaw) and RSS return.
//!
//! This module never touches the database. Parsers are pure: bytes in, [`Paper`]s
//! out, with typed errors that carry a byte position.
//!
//! [`Paper`]: crate::model::Paper

pub mod atom;
pub mod authors;
pub mod categories;
pub mod client;
pub mod oai;
pub mod oai_request;
pub mod pager;
pub mod query;
pub mod rss;
mod xml;
