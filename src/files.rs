//! The files papers keeps and writes: where they live by default (the database,
//! the user's taxonomy and model, the state its processes share), and writing a
//! file so that a failure never leaves half of it where the old one was.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}", path.display())]
pub struct FileError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Writes `path` through a temporary file in the same folder: flushed to disk
/// before it replaces the old file, and removed when anything fails, so neither a
/// half-written file nor a stray temporary is left behind. `write` fails with its
/// own error type, which the file's own failures convert into.
pub fn write_atomically<E: From<FileError>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "papers".into());
    let temporary = folder.join(format!(".{name}.papers-tmp"));
    let failed = |path: &Path, source| E::from(FileError { path: path.to_path_buf(), source });
    let written = File::create(&temporary).map_err(|e| failed(&temporary, e)).and_then(|mut file| {
        write(&mut file)?;
        file.sync_all().map_err(|e| failed(&temporary, e))
    });
    let written = written.and_then(|()| std::fs::rename(&temporary, path).map_err(|e| failed(path, e)));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// The folders papers keeps its files in by default, as the platform has them
/// (`~/.local/share/papers`, `~/.config/papers`, `~/.local/state/papers` on Linux);
/// `None` without a home directory.
fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "papers")
}

/// The database used when none is named.
pub fn default_database() -> Option<PathBuf> {
    Some(project_dirs()?.data_dir().join("papers.db"))
}

/// The user's taxonomy: where `papers taxonomy init` writes it and where it is
/// looked for when none is named.
pub fn user_taxonomy() -> Option<PathBuf> {
    Some(project_dirs()?.config_dir().join("taxonomy.toml"))
}

/// The user's topic model, trained on their labels: beside the database.
pub fn user_model(database: &Path) -> PathBuf {
    database.with_extension("model")
}

/// What papers' processes share with each other (request slots, run locks).
pub fn state_folder() -> Option<PathBuf> {
    let dirs = project_dirs()?;
    Some(dirs.state_dir().unwrap_or(dirs.cache_dir()).to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("papers-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("digest.md");
        let write = |bytes: &'static [u8]| {
            move |out: &mut dyn Write| {
                out.write_all(bytes).map_err(|source| FileError { path: "x".into(), source })
            }
        };
        write_atomically(&path, write(b"old")).expect("first write");
        let failed = write_atomically(&path, |out| {
            write(b"half")(out)?;
            Err(FileError { path: "x".into(), source: std::io::Error::other("the renderer failed") })
        });
        assert_eq!(failed.map_err(|e| e.source.to_string()), Err("the renderer failed".to_string()));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
        let left: Vec<_> =
            std::fs::read_dir(&dir).expect("list").filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("digest.md")], "no temporary is left");
        write_atomically(&path, write(b"new")).expect("second write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let missing = dir.join("no-such-folder").join("x.md");
        let err = write_atomically(&missing, write(b"x")).expect_err("no folder");
        assert_eq!(err.path, dir.join("no-such-folder").join(".x.md.papers-tmp"));
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
