//! Why a database file cannot be opened, in words a user can act on: it is not
//! there, or the file or its folder does not let us in. SQLite says only "unable to
//! open database file", so the file system is asked when SQLite refuses.

use std::io::ErrorKind;
use std::path::Path;

use super::{Store, StoreError};

/// What the opener needs of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Access {
    /// An existing database, for reading (and never created).
    Read,
    /// Read and write, creating the file if it is missing.
    Create,
}

impl Access {
    fn verb(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Create => "write",
        }
    }
}

/// Runs `open` on `path`, turning a missing file (for [`Access::Read`]) and
/// SQLite's refusals into [`StoreError::Missing`] or [`StoreError::PermissionDenied`].
pub(super) fn opened(
    path: &Path,
    access: Access,
    open: impl FnOnce() -> Result<Store, StoreError>,
) -> Result<Store, StoreError> {
    if path.is_dir() {
        return Err(StoreError::Folder(path.to_path_buf()));
    }
    if access == Access::Read {
        match path.try_exists() {
            Ok(true) => {}
            Ok(false) => return Err(StoreError::Missing(path.to_path_buf())),
            Err(e) => {
                return Err(from_io(path, access, &e).unwrap_or(StoreError::Missing(path.to_path_buf())));
            }
        }
    }
    open().map_err(|err| match &err {
        StoreError::Sqlite(sqlite)
            if sqlite.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) =>
        {
            StoreError::NotADatabase(path.to_path_buf())
        }
        StoreError::Sqlite(sqlite) if refused(sqlite) => denied(path, access).unwrap_or(err),
        _ => err,
    })
}

/// Whether SQLite met a hot rollback journal it cannot roll back read-only.
pub(super) fn hot_journal(err: &rusqlite::Error) -> bool {
    matches!(err, rusqlite::Error::SqliteFailure(e, _) if e.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK)
}

/// Whether a WAL or a rollback journal beside `path` holds changes not yet
/// written into it (or undone).
pub(super) fn has_pending_changes(path: &Path) -> bool {
    ["-wal", "-journal"].iter().any(|suffix| {
        let mut beside = path.as_os_str().to_owned();
        beside.push(suffix);
        std::fs::metadata(beside).is_ok_and(|m| m.len() > 0)
    })
}

/// `path` as a SQLite URI that opens it immutable: no locks, no WAL index.
pub(super) fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The SQLite errors that mean the file system said no.
pub(super) fn refused(err: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::*;
    matches!(
        err.sqlite_error_code(),
        Some(CannotOpen | ReadOnly | PermissionDenied | SystemIoFailure | AuthorizationForStatementDenied)
    )
}

/// What the file system says about opening `path` for `access`, when it says no.
fn denied(path: &Path, access: Access) -> Option<StoreError> {
    let file = std::fs::OpenOptions::new().read(true).write(access == Access::Create).open(path);
    if let Err(e) = &file
        && let Some(err) = from_io(path, access, e)
    {
        return Some(err);
    }
    // SQLite keeps its journal, WAL and WAL index beside the file, so its folder
    // must take new files for writing. Probed only once SQLite has failed.
    folder_refuses_files(path).then(|| StoreError::PermissionDenied {
        path: folder_of(path).to_path_buf(),
        action: "create files in",
    })
}

fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Whether the folder of `path` refuses new files (permissions, or a read-only
/// file system).
pub(super) fn folder_refuses_files(path: &Path) -> bool {
    let probe = folder_of(path).join(format!(".papers-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(e) => matches!(e.kind(), ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem),
    }
}

/// The store's error for an I/O error on `path`, when it is one a user can act on.
fn from_io(path: &Path, access: Access, err: &std::io::Error) -> Option<StoreError> {
    match err.kind() {
        ErrorKind::PermissionDenied => {
            Some(StoreError::PermissionDenied { path: path.to_path_buf(), action: access.verb() })
        }
        ErrorKind::NotFound if access == Access::Read => Some(StoreError::Missing(path.to_path_buf())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_and_absence_are_named_with_the_path() {
        let path = Path::new("/data/papers.db");
        let denied = from_io(path, Access::Create, &ErrorKind::PermissionDenied.into()).expect("mapped");
        assert_eq!(
            denied.to_string(),
            "permission denied: cannot write /data/papers.db (check the permissions of the file and its folder)"
        );
        let reading = from_io(path, Access::Read, &ErrorKind::PermissionDenied.into()).expect("mapped");
        assert!(reading.to_string().starts_with("permission denied: cannot read /data/papers.db"));
        let missing = from_io(path, Access::Read, &ErrorKind::NotFound.into()).expect("mapped");
        assert_eq!(missing.to_string(), "no database at /data/papers.db; fetch or import papers first");
        assert!(from_io(path, Access::Create, &ErrorKind::NotFound.into()).is_none());
        assert!(from_io(path, Access::Read, &ErrorKind::Interrupted.into()).is_none());
    }

    #[test]
    fn reading_a_missing_database_creates_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("typo.db");
        let err = Store::open_read_only(&path).err().expect("must refuse");
        assert!(matches!(err, StoreError::Missing(_)), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0, "something was created");
    }

    #[test]
    fn a_database_opened_for_reading_cannot_be_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("papers.db");
        drop(Store::open(&path).expect("create"));
        let store = Store::open_read_only(&path).expect("open for reading");
        let write = store.conn.execute("DELETE FROM papers", []);
        assert!(write.is_err(), "a read-only connection accepted a write");
    }
}
