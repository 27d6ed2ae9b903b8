//! `papers`: keep up with arXiv offline.
//!
//! The modules follow the data flow:
//! [`arxiv`] (parse what arXiv serves) → [`store`] (SQLite) → [`classify`]
//! (topics) → [`query`] (read-side views) → [`export`] (rendering), with [`cli`] the
//! only place that wires them together. [`model`], [`id`] and [`week`] are the
//! shared vocabulary: plain values and pure functions.

pub mod arxiv;
pub mod classify;
pub mod export;
pub mod id;
pub mod model;
pub mod query;
pub mod store;
pub mod week;

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
