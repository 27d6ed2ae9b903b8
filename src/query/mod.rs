//! Read-side use cases over the store: finding papers by what a user typed.
//!
//! Turns user input (an id as written, later topics, weeks and search text) into
//! store calls, and failures into messages that say what to do next.

use crate::id::{ArxivId, IdError};
use crate::store::{Store, StoreError, StoredPaper};

/// Why a lookup failed.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("cannot search for {input}: {problem}")]
    Search { input: String, problem: String },
    #[error(transparent)]
    Id(#[from] IdError),
    #[error("paper {0} is not in the database (fetch it with `papers fetch --id {0}`)")]
    NotFound(ArxivId),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Looks up one paper by any written form of its id (`2405.12981v2`, `arXiv:…`, a URL).
pub fn find_paper(store: &Store, written_id: &str) -> Result<StoredPaper, QueryError> {
    let id = ArxivId::parse(written_id)?;
    store.paper(&id)?.ok_or(QueryError::NotFound(id))
}

/// Turns what a user typed into a safe FTS5 query: bare words and "quoted
/// phrases", all required; a word ending in `*` matches as a prefix. Every term is
/// quoted, so FTS5 operators and punctuation in the input are taken literally.
pub fn search_expression(input: &str) -> Result<String, QueryError> {
    let error =
        |problem: &str| QueryError::Search { input: format!("'{input}'"), problem: problem.to_string() };
    if input.matches('"').count() % 2 == 1 {
        return Err(error("a quote is not closed"));
    }
    let mut terms = Vec::new();
    for (index, part) in input.split('"').enumerate() {
        if index % 2 == 1 {
            if !part.trim().is_empty() {
                terms.push(format!("\"{}\"", part.trim()));
            }
            continue;
        }
        for word in part.split_whitespace() {
            let (word, prefix) = match word.strip_suffix('*') {
                Some(stem) => (stem, "*"),
                None => (word, ""),
            };
            // Punctuation-only words would be empty phrases, which FTS5 rejects.
            if word.chars().any(char::is_alphanumeric) {
                terms.push(format!("\"{word}\"{prefix}"));
            }
        }
    }
    match terms.is_empty() {
        true => Err(error("there is no word to search for")),
        false => Ok(terms.join(" AND ")),
    }
}

/// An FTS5 query matching an author's name as a phrase in the authors column.
pub fn author_expression(name: &str) -> Result<String, QueryError> {
    let words: Vec<&str> = name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    match words.is_empty() {
        true => Err(QueryError::Search {
            input: format!("author '{name}'"),
            problem: "the name has no letters".into(),
        }),
        false => Ok(format!("authors : \"{}\"", words.join(" "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_search_text_becomes_a_safe_fts_query() {
        assert_eq!(search_expression("kv cache").expect("ok"), "\"kv\" AND \"cache\"");
        assert_eq!(search_expression("\"kv cache\" quant*").expect("ok"), "\"kv cache\" AND \"quant\"*");
        assert_eq!(search_expression("AND OR NOT").expect("ok"), "\"AND\" AND \"OR\" AND \"NOT\"");
        assert_eq!(search_expression("c++ - x").expect("ok"), "\"c++\" AND \"x\"");
        assert!(matches!(search_expression("\"open"), Err(QueryError::Search { .. })));
        assert!(search_expression(" - ").expect_err("nothing").to_string().contains("no word to search for"));
        assert_eq!(author_expression("Tri Dao").expect("ok"), "authors : \"Tri Dao\"");
        assert_eq!(author_expression("O'Brien").expect("ok"), "authors : \"O Brien\"");
    }
}
