//! The files a user gives the classifier: their taxonomy, the topic model
//! trained for them, and papers labelled by hand to measure it on; reading them,
//! and why one cannot be used.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::eval::{Labelled, parse_jsonl};
use super::learned::{Model, TEST_SET};
use super::{Taxonomy, TaxonomyError};

/// Why a user's taxonomy or model file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OwnFileError {
    #[error("cannot read taxonomy {}", .path.display())]
    ReadTaxonomy { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Taxonomy(#[from] TaxonomyError),
    /// The model file at `path` is there but cannot be read, for `reason`.
    #[error("cannot use the model {}: {reason}", .path.display())]
    DamagedModel { path: PathBuf, reason: String },
    #[error("cannot read {}", .path.display())]
    ReadLabelled { path: PathBuf, source: std::io::Error },
    /// The labelled papers of `name` do not parse, for `reason`.
    #[error("{name}: {reason}")]
    Labelled { name: String, reason: String },
}

/// The taxonomy in the file at `path`, or the built-in one without a file.
pub fn read_taxonomy(path: Option<&Path>) -> Result<Taxonomy, OwnFileError> {
    let Some(path) = path else {
        return Ok(Taxonomy::builtin()?);
    };
    let text = std::fs::read_to_string(path)
        .map_err(|source| OwnFileError::ReadTaxonomy { path: path.to_path_buf(), source })?;
    Ok(Taxonomy::parse(&text, &path.display().to_string())?)
}

/// The model saved at `path`, if there is one.
pub fn read_model(path: &Path) -> Result<Option<Model>, OwnFileError> {
    let damaged = |reason: String| OwnFileError::DamagedModel { path: path.to_path_buf(), reason };
    match std::fs::read(path) {
        Ok(bytes) => Model::from_bytes(&bytes).map(Some).map_err(|e| damaged(e.to_string())),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) if e.kind() == ErrorKind::IsADirectory => Err(damaged("it is a folder".to_string())),
        Err(e) => Err(damaged(e.to_string())),
    }
}

/// The papers labelled by hand in the file at `path` (JSON Lines), or without one
/// the shipped held-out set.
pub fn read_labelled(path: Option<&Path>) -> Result<Vec<Labelled>, OwnFileError> {
    let (name, text) = match path {
        Some(path) => (
            path.display().to_string(),
            std::fs::read_to_string(path)
                .map_err(|source| OwnFileError::ReadLabelled { path: path.to_path_buf(), source })?,
        ),
        None => ("the shipped held-out set".to_string(), TEST_SET.to_string()),
    };
    parse_jsonl(&text).map_err(|reason| OwnFileError::Labelled { name, reason })
}
