//! The files a user gives the classifier: their taxonomy, the topic model
//! trained for them, and papers labelled by hand to measure it on; reading them,
//! and why one cannot be used.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::eval::{Labelled, parse_jsonl};
use super::learned::{Model, TEST_SET};
use super::taxonomy::DEFAULT_TOML;
use super::{Classifier, Taxonomy, TaxonomyError};
use crate::files::{FileError, write_atomically};

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

/// Why the built-in taxonomy could not be written out for editing.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// There is a file there already, which is not replaced unless asked.
    #[error("{} already exists", .0.display())]
    Exists(PathBuf),
    #[error("cannot create {}", .path.display())]
    Folder { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    File(#[from] FileError),
}

/// Writes the built-in taxonomy to `path` (and its folder), for the user to edit;
/// a file already there is replaced only when `force`.
pub fn write_default_taxonomy(path: &Path, force: bool) -> Result<(), InitError> {
    if path.exists() && !force {
        return Err(InitError::Exists(path.to_path_buf()));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|source| InitError::Folder { path: parent.to_path_buf(), source })?;
    }
    write_atomically(path, |out| {
        out.write_all(DEFAULT_TOML.as_bytes())
            .map_err(|source| FileError { path: path.to_path_buf(), source })
    })?;
    Ok(())
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

/// The taxonomy in use: the file named, else the user's own file when there is
/// one ([`crate::files::user_taxonomy`]), else the built-in one.
pub fn taxonomy_in_use(named: Option<&Path>) -> Result<Taxonomy, OwnFileError> {
    let path = named.map(Path::to_path_buf).or_else(|| crate::files::user_taxonomy().filter(|p| p.exists()));
    read_taxonomy(path.as_deref())
}

/// A classifier of `taxonomy` with the user's model saved at `model` when there
/// is one, else with the built-in model.
pub fn classifier_with(taxonomy: Taxonomy, model: &Path) -> Result<Classifier, OwnFileError> {
    Ok(match read_model(model)? {
        Some(model) => Classifier::with_model(taxonomy, Some(model)),
        None => Classifier::new(taxonomy),
    })
}

/// [`classifier_with`] for reading what is stored, which needs no topics
/// classified afresh: a damaged model of the user's gives way to the built-in
/// one, and comes back beside it to be told.
pub fn reading_classifier(taxonomy: Taxonomy, model: &Path) -> (Classifier, Option<OwnFileError>) {
    match read_model(model) {
        Ok(Some(model)) => (Classifier::with_model(taxonomy, Some(model)), None),
        Ok(None) => (Classifier::new(taxonomy), None),
        Err(damaged) => (Classifier::new(taxonomy), Some(damaged)),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_model_gives_way_to_the_built_in_one_when_reading() {
        let dir = std::env::temp_dir().join(format!("papers-classify-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let missing = dir.join("none.model");
        let taxonomy = || Taxonomy::builtin().expect("the built-in taxonomy");
        let built_in = Classifier::new(taxonomy()).fingerprint().to_string();
        let loaded = classifier_with(taxonomy(), &missing).expect("no model is no error");
        assert_eq!(loaded.fingerprint(), built_in);
        let damaged = dir.join("damaged.model");
        std::fs::write(&damaged, b"not a model").expect("write");
        let err = classifier_with(taxonomy(), &damaged).expect_err("damaged");
        assert!(matches!(err, OwnFileError::DamagedModel { .. }), "{err}");
        let (reading, told) = reading_classifier(taxonomy(), &damaged);
        assert_eq!(reading.fingerprint(), built_in);
        assert!(matches!(told, Some(OwnFileError::DamagedModel { ref path, .. }) if *path == damaged));
        assert!(reading_classifier(taxonomy(), &missing).1.is_none());
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    #[test]
    fn the_default_taxonomy_is_written_once_unless_forced() {
        let dir = std::env::temp_dir().join(format!("papers-init-{}", std::process::id()));
        let path = dir.join("config").join("taxonomy.toml");
        write_default_taxonomy(&path, false).expect("written, folder and all");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), DEFAULT_TOML);
        std::fs::write(&path, "mine").expect("edited");
        assert!(matches!(write_default_taxonomy(&path, false), Err(InitError::Exists(p)) if p == path));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "mine", "kept");
        write_default_taxonomy(&path, true).expect("forced");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), DEFAULT_TOML);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
