//! The local SQLite database: opening, migrating, writing papers (and their
//! community signals) and reading them back.
//!
//! The store never does HTTP and knows nothing of XML: it takes [`Paper`] values and
//! listing dates computed by the caller. Writes go through an [`ImportBatch`], one
//! transaction that commits all of its papers or none.
//!
//! [`Paper`]: crate::model::Paper

mod access;
mod authors;
mod edits;
mod harvest;
mod migrate;
mod papers;
mod progress;
mod runs;
mod scan;
mod search;
mod signals;
mod stats;
mod topics;
mod tracked;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

pub use authors::{RecordCounts, RecordLearned};
pub use edits::{EditChange, StoredTaste};
pub use harvest::HarvestState;
pub use migrate::SCHEMA_VERSION;
pub use papers::{ImportBatch, ImportCounts, Outcome, PaperRow};
pub use progress::Progress;
pub use runs::{RunRecord, RunStatus, RunSummary};
pub use scan::{PaperKey, ScannedPaper};
pub use search::{Matches, PaperQuery, SearchError, SearchText, SortKey, WeekSummary};
pub use signals::SignalCounts;
pub use stats::{CategoryCount, Stats};
pub use topics::{Classified, PaperText};
pub use tracked::Tracked;

/// Marks a database as ours (`PAPR`), so a foreign SQLite file is never migrated.
const APPLICATION_ID: i32 = 0x5041_5052;

/// The page cache of a read-only connection, in KiB: as fast as 32 MiB for every
/// list and export of `benches/scale.sh`, with a lower peak.
const READ_CACHE_KIB: u32 = 8 * 1024;

/// What can go wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database has schema version {found}, but this papers understands only up to {supported}: it was written by a newer papers; upgrade papers (the file was not changed)"
    )]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("{} is not a papers database (it holds other tables)", .0.display())]
    Foreign(PathBuf),
    #[error("{} is not a papers database (not a SQLite file at all)", .0.display())]
    NotADatabase(PathBuf),
    #[error("{} is a folder, not a database file", .0.display())]
    Folder(PathBuf),
    #[error("cannot create the folder {} for the database", .path.display())]
    CreateFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{} has changes not yet written into it (its -wal or -journal file), and its folder cannot be written to finish that; open it once with write access, or copy the folder somewhere writable",
        .0.display()
    )]
    Unfinished(PathBuf),
    #[error("migration {name} failed")]
    Migration {
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error(
        "the database is busy: another papers command (an import or a fetch) has held it for over 5 s; try again when it finishes"
    )]
    Busy,
    #[error("no database at {}; fetch or import papers first", .0.display())]
    Missing(PathBuf),
    #[error("permission denied: cannot {action} {} (check the permissions of the file and its folder)", .path.display())]
    PermissionDenied { path: PathBuf, action: &'static str },
    #[error(transparent)]
    Sqlite(rusqlite::Error),
}

impl StoreError {
    /// Whether the message names the database's file itself; others are worth
    /// naming it beside.
    pub fn names_path(&self) -> bool {
        matches!(
            self,
            StoreError::Missing(_)
                | StoreError::PermissionDenied { .. }
                | StoreError::Folder(_)
                | StoreError::CreateFolder { .. }
                | StoreError::NotADatabase(_)
                | StoreError::Foreign(_)
                | StoreError::Unfinished(_)
        )
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> StoreError {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(err),
        }
    }
}

/// An open database, migrated to [`SCHEMA_VERSION`].
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed, with its folder) the database at `path` and
    /// applies pending migrations. A database from a newer `papers` or a foreign
    /// SQLite file is refused untouched.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|source| StoreError::CreateFolder { path: folder.to_path_buf(), source })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        access::opened(path, access::Access::Create, || {
            Store::prepare(
                Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?,
                Some(path.to_path_buf()),
            )
        })
    }

    /// Opens the existing database at `path` for reading: a missing file is
    /// [`StoreError::Missing`], and nothing is created. The connection is read-only,
    /// unless the file was written by an older `papers` and must be migrated first.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        access::opened(path, access::Access::Read, || match Store::reader(path, false) {
            // An older papers, killed while it imported through a rollback journal,
            // left the journal behind: a writer rolls it back, then reading goes on.
            Err(StoreError::Sqlite(e)) if access::hot_journal(&e) && !access::folder_refuses_files(path) => {
                let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let conn = Connection::open_with_flags(path, flags)?;
                conn.busy_timeout(std::time::Duration::from_secs(5))?;
                migrate::current_version(&conn)?;
                drop(conn);
                Store::reader(path, false)
            }
            // A folder that takes no new files (read-only media, someone else's
            // folder) cannot hold SQLite's WAL index: the file is read as it stands,
            // unless changes wait beside it (in its WAL or a journal) to be finished.
            Err(StoreError::Sqlite(e)) if access::refused(&e) && access::folder_refuses_files(path) => {
                match access::has_pending_changes(path) {
                    true => Err(StoreError::Unfinished(path.to_path_buf())),
                    false => Store::reader(path, true),
                }
            }
            other => other,
        })
    }

    /// A read-only connection (`immutable`: without locks or WAL index, for a file
    /// nothing can change), or a migrating one for a database an older `papers`
    /// wrote.
    fn reader(path: &Path, immutable: bool) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match immutable {
            true => {
                Connection::open_with_flags(access::immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)?
            }
            false => Connection::open_with_flags(path, flags)?,
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let found = migrate::check_not_newer(&conn)?;
        if found == SCHEMA_VERSION {
            check_ours(&conn, found, path)?;
            // Reads pass over the pages once or twice (a list, a digest) and the
            // operating system caches the file, so the process need not hold much.
            conn.pragma_update(None, "cache_size", -i64::from(READ_CACHE_KIB))?;
            return Ok(Store { conn, path: Some(path.to_path_buf()) });
        }
        drop(conn);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Store::prepare(Connection::open_with_flags(path, flags)?, Some(path.to_path_buf()))
    }

    /// A private in-memory database, for tests and examples.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        // Everything before the version check only reads, so a refused file is left
        // byte-for-byte as it was (journal mode is set only after the check).
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let found = migrate::check_not_newer(&conn)?;
        check_ours(&conn, found, path.as_deref().unwrap_or(Path::new(":memory:")))?;
        if found == 0 {
            // Rows carry whole abstracts; 16 KiB pages hold several each, which
            // makes bulk imports faster than with the 4 KiB default. Only a new,
            // empty database can still change its page size.
            conn.pragma_update(None, "page_size", 16_384)?;
        }
        // WAL, always: readers never wait for a writer (not even a long import)
        // and a writer killed at any instant leaves the last commit readable.
        match conn.pragma_update_and_check(None, "journal_mode", "wal", |_| Ok(())) {
            Ok(()) => {}
            // Another connection is switching it at this moment; it will be WAL.
            Err(e) => match StoreError::from(e) {
                StoreError::Busy => {}
                other => return Err(other),
            },
        }
        // A large import's WAL is cut back to this once it is written back.
        conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
        conn.pragma_update(None, "synchronous", "normal")?;
        // 16 MiB of page cache (the default is 2 MiB) for writing: a large import
        // spills dirty pages to the WAL before it commits, but no slower than with
        // 32 MiB, and its peak memory stays under 100 MB (benches/scale.sh).
        conn.pragma_update(None, "cache_size", -16_384)?;
        if found < SCHEMA_VERSION {
            migrate::migrate(&mut conn)?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        Ok(Store { conn, path })
    }

    /// Where the database lives (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migrate::current_version(&self.conn)
    }

    /// Runs `read` in one read transaction, so that all it reads comes from one
    /// snapshot of the database, whatever commits meanwhile.
    pub fn in_snapshot<T, E: From<StoreError>>(&self, read: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        let snapshot = self.conn.unchecked_transaction().map_err(StoreError::from)?;
        let result = read()?;
        // Nothing was written: ending it either way frees the snapshot.
        snapshot.commit().map_err(StoreError::from)?;
        Ok(result)
    }

    /// Starts a transaction for writing papers; see [`ImportBatch`].
    pub fn begin_import(&mut self) -> Result<ImportBatch<'_>, StoreError> {
        ImportBatch::begin(&mut self.conn)
    }
}

/// Refuses a SQLite file that some other program wrote (`found` is its schema version).
fn check_ours(conn: &Connection, found: u32, path: &Path) -> Result<(), StoreError> {
    let application_id: i32 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    if application_id != 0 && application_id != APPLICATION_ID {
        return Err(StoreError::Foreign(path.to_path_buf()));
    }
    if found == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
        if tables > 0 {
            return Err(StoreError::Foreign(path.to_path_buf()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_that_name_the_file_say_so() {
        let path = PathBuf::from("/tmp/papers.db");
        assert!(StoreError::Missing(path.clone()).names_path());
        assert!(StoreError::Folder(path).names_path());
        assert!(!StoreError::Busy.names_path());
        assert!(!StoreError::Corrupt("a bad row".into()).names_path());
    }

    #[test]
    fn a_database_can_be_read_as_it_stands_unless_changes_wait_beside_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("my papers?#1.db");
        drop(Store::open(&path).expect("fresh open"));
        assert!(!access::has_pending_changes(&path), "a clean close leaves nothing beside it");
        let store = Store::reader(&path, true).expect("read immutable");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        std::fs::write(&wal, "frames").expect("write");
        assert!(access::has_pending_changes(&path));
    }

    #[test]
    fn a_fresh_database_is_migrated_and_reopens_without_changes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("papers.db");
        let store = Store::open(&path).expect("fresh open");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).expect("mode");
        assert_eq!(mode, "wal");
        drop(store);
        let store = Store::open(&path).expect("reopen");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
        let tables: i64 = store
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'papers'", [], |r| r.get(0))
            .expect("count");
        assert_eq!(tables, 1);
    }

    #[test]
    fn a_newer_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("future.db");
        {
            let conn = Connection::open(&path).expect("create");
            conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;").expect("seed");
        }
        let before = std::fs::read(&path).expect("read");
        let err = Store::open(&path).err().expect("must refuse");
        assert!(matches!(err, StoreError::SchemaTooNew { found: 99, supported: SCHEMA_VERSION }), "{err}");
        assert!(err.to_string().contains("newer papers"));
        assert_eq!(std::fs::read(&path).expect("read"), before, "file bytes changed");
        assert!(!dir.path().join("future.db-wal").exists(), "a WAL file was created");
    }

    #[test]
    fn a_foreign_sqlite_file_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("other.db");
        Connection::open(&path).expect("create").execute_batch("CREATE TABLE notes (x);").expect("seed");
        let before = std::fs::read(&path).expect("read");
        assert!(matches!(Store::open(&path), Err(StoreError::Foreign(_))));
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }

    #[test]
    fn a_writer_that_holds_the_lock_too_long_is_reported_as_busy() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("papers.db");
        let mut store = Store::open(&path).expect("open");
        store.conn.busy_timeout(std::time::Duration::from_millis(10)).expect("timeout");
        let other = Connection::open(&path).expect("second connection");
        other.execute_batch("BEGIN IMMEDIATE").expect("hold the write lock");
        let err = store.begin_import().err().expect("must be busy");
        assert!(matches!(err, StoreError::Busy), "{err}");
        assert!(err.to_string().contains("another papers command"));
    }

    #[test]
    fn a_snapshot_reads_the_same_rows_while_another_connection_commits() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("papers.db");
        drop(Store::open(&path).expect("create"));
        let reader = Store::open_read_only(&path).expect("reader");
        let writer = Connection::open(&path).expect("writer");
        let count = |store: &Store| -> Result<i64, StoreError> {
            Ok(store.conn.query_row("SELECT count(*) FROM tracked", [], |row| row.get(0))?)
        };
        let (before, after) = reader
            .in_snapshot(|| {
                let before = count(&reader)?;
                writer
                    .execute("INSERT INTO tracked (kind, value, added) VALUES ('cat', 'cs.CL', 'now')", [])
                    .expect("commit meanwhile");
                Ok::<_, StoreError>((before, count(&reader)?))
            })
            .expect("snapshot");
        assert_eq!((before, after), (0, 0), "the snapshot does not see the commit");
        assert_eq!(count(&reader).expect("count"), 1, "the next read does");
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("feed.xml");
        std::fs::write(
            &path,
            "<feed>this is not a database, but it is long enough to look like a header</feed>",
        )
        .expect("write");
        assert!(Store::open(&path).is_err());
    }
}
