//! Polite HTTP for every service the tool reads: one client with a limiter,
//! retries, failure kinds and an observer ([`client`]), the kinds of failure
//! ([`failure`]) and the slot file that keeps every `papers` process of the
//! machine to one politeness budget per server ([`slot`]). The services (arXiv in
//! [`crate::arxiv`], Hugging Face in [`crate::hf`]) add their addresses, their
//! parsers and their own words in errors. Never touches the database.

pub mod client;
pub mod failure;
pub mod slot;
