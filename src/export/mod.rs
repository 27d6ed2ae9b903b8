//! Rendering stored papers for people and scripts.
//!
//! Pure functions from stored data to text; nothing here reads the database or the
//! network. [`record`] defines the one JSON shape every command uses for a paper.

pub mod digest;
pub mod list;
pub mod prose;
pub mod record;
pub mod render;
pub mod text;
