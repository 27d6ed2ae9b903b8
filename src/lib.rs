//! `papers`: keep up with arXiv offline.
//!
//! The modules follow the data flow:
//! [`arxiv`] (parse what arXiv serves) → [`store`] (SQLite) → [`classify`]
//! (topics) → [`query`] (read-side views) → [`export`] (rendering), with [`cli`] the
//! only place that wires them together. [`model`], [`id`] and [`week`] are the
//! shared vocabulary: plain values and pure functions.

pub mod arxiv;
pub mod classify;
pub mod cli;
pub mod export;
pub mod id;
pub mod model;
pub mod query;
pub mod store;
pub mod week;
