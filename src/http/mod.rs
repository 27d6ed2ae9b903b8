//! Polite HTTP for every service the tool reads: one client with a limiter,
//! retries, failure kinds and an observer ([`client`]), the kinds of failure
//! ([`failure`]) and the slot file that keeps every `papers` process of the
//! machine to one politeness budget per server ([`slot`]), and the values a client
//! is set up with ([`settings`]). The services (arXiv in
//! [`crate::arxiv`], Hugging Face in [`crate::hf`]) add their addresses and their
//! parsers. Some of [`client::FetchError`]'s words are still arXiv's (a rejected
//! query, a short page, the 3 s rule). Never touches the database.

pub mod client;
pub mod failure;
pub mod settings;
pub mod slot;
