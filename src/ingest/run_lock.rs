//! One run at a time for the same work: a lock file held for as long as a run
//! fetches something into a database, naming the run that holds it (process id,
//! command line, start time), so that a second run of the same work can say which
//! one is already doing it, or wait for it to end.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Held while the run goes on; the lock goes when it is dropped (or the process ends).
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum RunLockError {
    /// Another run holds the lock: what its file says of it ("pid 41, `papers
    /// fetch --week last`, since 2026-12-06 08:51:02 UTC").
    #[error("{holder}")]
    Busy { holder: String },
    #[error("cannot use the run lock {}: {source}", .path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl RunLock {
    /// Takes the lock at `path` for the run described by `holder` (written into
    /// it for others to read). When another run holds it: waits for it to end
    /// with `wait`, else says who holds it.
    pub fn take(path: &Path, holder: &str, wait: bool) -> Result<RunLock, RunLockError> {
        let io = |source| RunLockError::Io { path: path.to_path_buf(), source };
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(io)?;
        }
        let mut file =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) if wait => file.lock().map_err(io)?,
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                file.read_to_string(&mut text).map_err(io)?;
                let holder = text.trim();
                let holder = if holder.is_empty() { "another papers run" } else { holder };
                return Err(RunLockError::Busy { holder: holder.to_string() });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(holder.as_bytes()).map_err(io)?;
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
        let first = RunLock::take(&path, "pid 1, `papers fetch`", false).expect("free");
        match RunLock::take(&path, "pid 2", false) {
            Err(RunLockError::Busy { holder }) => assert_eq!(holder, "pid 1, `papers fetch`"),
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(RunLock::take(&path, "pid 2", false).is_ok(), "free again");
    }
}
