//! Rendering papers and digests for people and scripts.
//!
//! Functions from the [`model`](crate::model) types to text; nothing here reads
//! the database or the network, or decides which papers to show. [`record`]
//! defines the one JSON shape every command uses for a paper.

pub mod digest;
pub mod list;
pub mod record;
pub mod render;
pub mod text;
