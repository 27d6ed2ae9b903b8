//! One run at a time for the same work: a lock file held for as long as a run
//! fetches something into a database, naming the run that holds it (process id,
//! command line, start time), so that a second run of the same work can say which
//! one is already doing it, or wait for it to end.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Held while the run goes on; the lock goes when it is dropped (or the process
/// ends). Who holds it is written in a file beside it (`….who`), since a locked
/// file cannot be read on every system.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum RunLockError {
    /// Another run holds the lock: what it says of itself ("pid 41, `papers fetch
    /// --week last`, since 2026-12-06 08:51:02 UTC").
    #[error("{holder}")]
    Busy { holder: String },
    #[error("cannot use the run lock {}: {source}", .path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl RunLock {
    /// Where the lock of `work` into `database` is kept in `folder`: a file per
    /// database, work and `detail` (which tells apart work the words do not).
    pub fn path_for(folder: &Path, database: &Path, work: &str, detail: &str) -> PathBuf {
        let key = format!("{}\n{work}\n{detail}", database.display());
        let digest = crate::classify::stable_hash(key.as_bytes());
        folder.join(format!("{digest:016x}.lock"))
    }

    /// Takes the lock at `path` for the run described by `holder` (written beside
    /// it for others to read). When another run holds it: with `wait`, calls
    /// `waiting` with who it is and waits for it to end; else says who it is.
    pub fn take(
        path: &Path,
        holder: &str,
        wait: bool,
        waiting: impl FnOnce(&str),
    ) -> Result<RunLock, RunLockError> {
        let io = |source| RunLockError::Io { path: path.to_path_buf(), source };
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(io)?;
        }
        let file =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path).map_err(io)?;
        let who = path.with_extension("who");
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = match std::fs::read_to_string(&who).unwrap_or_default().trim() {
                    "" => "another papers run".to_string(),
                    named => named.to_string(),
                };
                if !wait {
                    return Err(RunLockError::Busy { holder });
                }
                waiting(&holder);
                file.lock().map_err(io)?;
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        std::fs::write(&who, holder).map_err(io)?;
        Ok(RunLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_hears_who_holds_it_until_it_is_let_go() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("runs").join("x.lock");
        let first = RunLock::take(&path, "pid 1, `papers fetch`", false, |_| {}).expect("free");
        match RunLock::take(&path, "pid 2", false, |_| {}) {
            Err(RunLockError::Busy { holder }) => assert_eq!(holder, "pid 1, `papers fetch`"),
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(RunLock::take(&path, "pid 2", false, |_| {}).is_ok(), "free again");
    }
}
