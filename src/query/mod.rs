//! Read-side use cases over the store: finding papers by what a user typed.
//!
//! Turns user input (an id as written, later topics, weeks and search text) into
//! store calls, and failures into messages that say what to do next.

use crate::id::{ArxivId, IdError};
use crate::store::{Store, StoreError, StoredPaper};

/// Why a lookup failed.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error(transparent)]
    Id(#[from] IdError),
    #[error("paper {0} is not in the database (import it with `papers import FILE`)")]
    NotFound(ArxivId),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Looks up one paper by any written form of its id (`2405.12981v2`, `arXiv:…`, a URL).
pub fn find_paper(store: &Store, written_id: &str) -> Result<StoredPaper, QueryError> {
    let id = ArxivId::parse(written_id)?;
    store.paper(&id)?.ok_or(QueryError::NotFound(id))
}
