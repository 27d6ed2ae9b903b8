//! Looking up one paper by its id as a user wrote it.

use super::QueryError;
use crate::id::ArxivId;
use crate::model::StoredPaper;
use crate::store::Store;

/// Looks up one paper by any written form of its id (`2405.12981v2`, `arXiv:…`, a URL).
pub fn find_paper(store: &Store, written_id: &str) -> Result<StoredPaper, QueryError> {
    let id = ArxivId::parse(written_id)?;
    store.paper(&id)?.ok_or(QueryError::NotFound(id))
}
