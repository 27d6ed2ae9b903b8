//! One run at a time for the same work: a lock file held for as long as a run
//! fetches something into a database, naming the run that holds it (process id,
//! command line, start time), so that a second run of the same work can say which
//! one is already doing it, or wait for it to end.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::fetch::{Plan, Selection};
use super::signals::SignalDays;
use crate::files::state_folder;

/// Held while the run goes on; the lock goes when it is dropped (or the process
/// ends). Who holds it is written in a file beside it (`….who`), since a locked
/// file cannot be read on every system.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

/// Another run already does the same work: what it does, into which database,
/// and what it says of itself ("pid 41, `papers fetch --week last`, since
/// 2026-12-06 08:51:02 UTC").
#[derive(Debug, thiserror::Error)]
#[error("another papers run is already {work} into {}: {holder}", .database.display())]
pub struct RunBusy {
    pub work: String,
    pub database: PathBuf,
    pub holder: String,
}

/// Why a lock could not be taken.
#[derive(Debug, thiserror::Error)]
enum RunLockError {
    /// Another run holds the lock: what it says of itself.
    #[error("{holder}")]
    Busy { holder: String },
    #[error("cannot use the run lock {}: {source}", .path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl RunLock {
    /// The lock of `work` into `database`, taken for this process (named by its
    /// id, the `command` it was started with and its start time), in the user's state folder. When another
    /// run holds it: with `wait`, waits for it to end, else says who it is. `note`
    /// hears what the user should know on the way: that the run waits, or that no
    /// lock can be had, in which case the run goes on without one, as runs did
    /// before locks (so it does without a state folder).
    pub fn for_work(
        database: &Path,
        work: RunWork<'_>,
        command: &str,
        wait: bool,
        note: impl Fn(&str),
    ) -> Result<Option<RunLock>, RunBusy> {
        let Some(folder) = state_folder() else {
            return Ok(None);
        };
        let holder = holder(std::process::id(), command, Utc::now());
        let (work, detail) = work.words();
        let job = Job { database, work: &work, detail: &detail };
        job.claim(&folder.join("runs"), &holder, wait, note)
    }

    /// Where the lock of `work` into `database` is kept in `folder`: a file per
    /// database, work and `detail` (which tells apart work the words do not).
    fn path_for(folder: &Path, database: &Path, work: &str, detail: &str) -> PathBuf {
        let key = format!("{}\n{work}\n{detail}", database.display());
        let digest = crate::classify::stable_hash(key.as_bytes());
        folder.join(format!("{digest:016x}.lock"))
    }

    /// Takes the lock at `path` for the run described by `holder` (written beside
    /// it for others to read). When another run holds it: with `wait`, calls
    /// `waiting` with who it is and waits for it to end; else says who it is.
    fn take(
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

/// What a run does, as its lock tells it apart from other runs' and names it.
#[derive(Debug, Clone, Copy)]
pub enum RunWork<'a> {
    /// A fetch of the plan, for the papers the selection names.
    Fetch(&'a Plan, &'a Selection),
    /// A harvest of these sets.
    Harvest(&'a [String]),
    /// An announcement read of these feeds.
    Announcements(&'a [String]),
    /// A signals read of these days.
    Signals(&'a SignalDays),
}

impl RunWork<'_> {
    /// What the run does ("fetching week 2024-W21"), and what tells apart work
    /// those words do not (which papers a fetch asks for).
    fn words(&self) -> (String, String) {
        match self {
            RunWork::Fetch(plan, selection) => (format!("fetching {}", plan.label), format!("{selection:?}")),
            RunWork::Harvest(sets) => (format!("harvesting {}", sets.join(", ")), String::new()),
            RunWork::Announcements(feeds) => {
                (format!("reading the announcements of {}", feeds.join(", ")), String::new())
            }
            RunWork::Signals(days) => (format!("reading the signals of {days}"), String::new()),
        }
    }
}

/// A run's work in words, with the database it goes into: what its lock is kept for.
struct Job<'a> {
    database: &'a Path,
    work: &'a str,
    detail: &'a str,
}

impl Job<'_> {
    /// Takes the lock of this work in `folder` for `holder` (see [`RunLock::for_work`]).
    fn claim(
        &self,
        folder: &Path,
        holder: &str,
        wait: bool,
        note: impl Fn(&str),
    ) -> Result<Option<RunLock>, RunBusy> {
        // The same database however it is named.
        let database = std::fs::canonicalize(self.database).unwrap_or_else(|_| self.database.to_path_buf());
        let path = RunLock::path_for(folder, &database, self.work, self.detail);
        let waiting = |holder: &str| {
            note(&format!("waiting for the papers run already {} ({holder}) to end", self.work))
        };
        match RunLock::take(&path, holder, wait, waiting) {
            Ok(lock) => Ok(Some(lock)),
            Err(RunLockError::Busy { holder }) => {
                Err(RunBusy { work: self.work.to_string(), database: self.database.to_path_buf(), holder })
            }
            Err(other) => {
                note(&format!("{other}; going on without checking for another run of the same work"));
                Ok(None)
            }
        }
    }
}

/// What a run says of itself in its lock: its process, the `command` it was
/// started with ("pid 41, `papers fetch --week last`, since 2026-12-06 08:51:02 UTC").
fn holder(pid: u32, command: &str, since: DateTime<Utc>) -> String {
    format!("pid {pid}, `{command}`, since {}", since.format("%Y-%m-%d %H:%M:%S UTC"))
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

    #[test]
    fn a_run_of_the_same_work_is_told_who_does_it_and_a_lock_never_had_is_noted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let database = dir.path().join("papers.db");
        let job = Job { database: &database, work: "fetching week 2024-W21", detail: "" };
        let heard = std::cell::RefCell::new(Vec::new());
        let note = |words: &str| heard.borrow_mut().push(words.to_string());
        let held = job.claim(dir.path(), "pid 1", false, note).expect("free");
        assert!(held.is_some());
        let busy = job.claim(dir.path(), "pid 2", false, note).expect_err("held");
        assert_eq!(
            busy.to_string(),
            format!(
                "another papers run is already fetching week 2024-W21 into {}: pid 1",
                database.display()
            )
        );
        let other = Job { detail: "cs.CL", ..job };
        assert!(other.claim(dir.path(), "pid 2", false, note).expect("other work").is_some());
        // A folder that is a file: no lock, and the run goes on.
        let blocked = database.clone();
        std::fs::write(&blocked, "").expect("file");
        assert!(job.claim(&blocked, "pid 3", false, note).expect("goes on").is_none());
        let heard = heard.borrow();
        assert_eq!(heard.len(), 1);
        assert!(
            heard[0].starts_with(&format!("cannot use the run lock {}", blocked.display())),
            "{}",
            heard[0]
        );
        assert!(heard[0].ends_with("; going on without checking for another run of the same work"));
    }

    #[test]
    fn work_is_named_as_its_run_does_it() {
        let sets = ["cs:cs:CL".to_string(), "math".to_string()];
        assert_eq!(RunWork::Harvest(&sets).words(), ("harvesting cs:cs:CL, math".into(), String::new()));
        assert_eq!(RunWork::Announcements(&sets[..1]).words().0, "reading the announcements of cs:cs:CL");
        let day = chrono::NaiveDate::from_ymd_opt(2024, 5, 20).expect("day");
        let days =
            SignalDays::of(crate::ingest::fetch::Period::Days { first: day, last: day }, day).expect("days");
        assert_eq!(RunWork::Signals(&days).words().0, "reading the signals of 2024-05-20 to 2024-05-20");
    }

    #[test]
    fn a_holder_names_its_process_command_and_start() {
        let since = DateTime::parse_from_rfc3339("2026-12-06T08:51:02Z").expect("time").with_timezone(&Utc);
        assert_eq!(
            holder(41, "papers fetch --week last", since),
            "pid 41, `papers fetch --week last`, since 2026-12-06 08:51:02 UTC"
        );
    }
}
