//! Rendering papers, digests and reports for people and scripts.
//!
//! Functions from the [`model`](crate::model) types, and from what the other
//! layers report (runs, counts, explanations, evaluations), to text; nothing here
//! reads the database or the network, or decides which papers to show. [`record`]
//! defines the one JSON shape every command uses for a paper.

pub mod digest;
pub mod edits;
pub mod explain;
pub mod list;
pub mod notes;
pub mod record;
pub mod render;
pub mod runs;
pub mod stats;
pub mod text;
pub mod topics;
pub mod train;
