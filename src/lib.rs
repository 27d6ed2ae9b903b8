//! `papers`: keep up with arXiv offline.
//!
//! The modules follow the data flow: [`http`] (the polite client every service
//! goes through), [`arxiv`] (queries, its three services, Atom/OAI/RSS parsing)
//! and [`hf`] (Hugging Face's daily papers) → [`ingest`] (fetch, harvest, announcements, import runs) → [`store`]
//! (SQLite) → [`classify`] (topics) → [`query`] (filters, lookups, ranking) →
//! [`export`] (rendering only). [`model`], [`id`] and [`week`] are the shared
//! vocabulary: plain values and pure functions; [`wording`] words counts and fits
//! text for people, wherever it is shown. The command line lives in the
//! binary alone and only wires these together.

pub mod arxiv;
pub mod classify;
pub mod export;
pub mod files;
pub mod hf;
pub mod http;
pub mod id;
pub mod ingest;
pub mod model;
pub mod query;
pub mod store;
pub mod tex;
pub mod week;
pub mod wording;

/// An error's message followed by its sources', joined with ": " (one line).
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
