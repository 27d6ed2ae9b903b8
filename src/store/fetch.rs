//! What fetching keeps between runs: the tracked set, per-query progress (for
//! resuming), and the log of runs.

use chrono::{SecondsFormat, Utc};
use rusqlite::{OptionalExtension, params};

use super::{ImportBatch, ImportCounts, Store, StoreError};

/// One thing the user tracks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Tracked {
    /// `cat`, `au`, `q` or `id`.
    pub kind: String,
    pub value: String,
}

/// How far a search query has been fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Partial { next_start: u64, total: u64 },
    Split,
    Done,
}

/// Where a logged run stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    /// Started and not finished: still going, or killed without a chance to say so.
    #[default]
    Running,
    Done,
    Interrupted,
    Failed,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Done => "done",
            RunStatus::Interrupted => "interrupted",
            RunStatus::Failed => "failed",
        }
    }

    /// The status as the log stores it; anything unknown reads as still running.
    fn from_stored(text: &str) -> RunStatus {
        match text {
            "done" => RunStatus::Done,
            "interrupted" => RunStatus::Interrupted,
            "failed" => RunStatus::Failed,
            _ => RunStatus::Running,
        }
    }
}

impl std::fmt::Display for RunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One logged `papers fetch` run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RunRecord {
    pub id: i64,
    pub started: String,
    pub finished: Option<String>,
    pub request: String,
    pub status: RunStatus,
    pub pages: u64,
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub retries: u64,
    pub error: Option<String>,
}

/// What a run reports when it ends.
#[derive(Debug, Clone, Default)]
pub struct RunSummary {
    pub status: RunStatus,
    pub pages: u64,
    pub counts: ImportCounts,
    pub retries: u64,
    pub error: Option<String>,
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Store {
    /// Adds to the tracked set; false if it was already there.
    pub fn track(&mut self, kind: &str, value: &str) -> Result<bool, StoreError> {
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO tracked (kind, value, added) VALUES (?1, ?2, ?3)",
            params![kind, value, now()],
        )?;
        Ok(added == 1)
    }

    /// Removes from the tracked set; false if it was not there.
    pub fn untrack(&mut self, kind: &str, value: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM tracked WHERE kind = ?1 AND value = ?2", params![kind, value])?
            == 1)
    }

    /// The tracked set, by kind then value.
    pub fn tracked(&self) -> Result<Vec<Tracked>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT kind, value FROM tracked ORDER BY kind, value")?;
        let rows = stmt.query_map([], |row| Ok(Tracked { kind: row.get(0)?, value: row.get(1)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How far `query` got in an earlier, unfinished fetch.
    pub fn progress(&self, query: &str) -> Result<Option<Progress>, StoreError> {
        let row: Option<(i64, i64, String)> = self
            .conn
            .query_row(
                "SELECT next_start, total, state FROM fetch_progress WHERE query = ?1",
                [query],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        Ok(row.map(|(next_start, total, state)| match state.as_str() {
            "split" => Progress::Split,
            "done" => Progress::Done,
            _ => Progress::Partial { next_start: next_start.unsigned_abs(), total: total.unsigned_abs() },
        }))
    }

    /// Records progress outside a page's transaction (e.g. a window that was split).
    pub fn save_progress(&mut self, query: &str, progress: Progress) -> Result<(), StoreError> {
        save(&self.conn, query, progress)
    }

    /// Forgets the progress of finished queries, so the next fetch starts afresh.
    pub fn clear_progress(&mut self, queries: &[String]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for query in queries {
            tx.execute("DELETE FROM fetch_progress WHERE query = ?1", [query])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Logs the start of a run and returns its id.
    pub fn start_run(&mut self, request: &str) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO fetch_runs (started, request, status) VALUES (?1, ?2, 'running')",
            params![now(), request],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Logs how a run ended.
    pub fn finish_run(&mut self, id: i64, summary: &RunSummary) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE fetch_runs SET finished = ?2, status = ?3, pages = ?4, new = ?5, updated = ?6,
                unchanged = ?7, retries = ?8, error = ?9 WHERE id = ?1",
            params![
                id,
                now(),
                summary.status.as_str(),
                summary.pages as i64,
                summary.counts.new as i64,
                summary.counts.updated as i64,
                summary.counts.unchanged as i64,
                summary.retries as i64,
                summary.error
            ],
        )?;
        Ok(())
    }

    /// The most recent runs, newest first.
    pub fn runs(&self, limit: usize) -> Result<Vec<RunRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, started, finished, request, status, pages, new, updated, unchanged, retries, error
             FROM fetch_runs ORDER BY id DESC LIMIT ?1",
        )?;
        let count = |row: &rusqlite::Row, i: usize| row.get::<_, i64>(i).map(i64::unsigned_abs);
        let rows = stmt.query_map([limit as i64], |row| {
            Ok(RunRecord {
                id: row.get(0)?,
                started: row.get(1)?,
                finished: row.get(2)?,
                request: row.get(3)?,
                status: RunStatus::from_stored(&row.get::<_, String>(4)?),
                pages: count(row, 5)?,
                new: count(row, 6)?,
                updated: count(row, 7)?,
                unchanged: count(row, 8)?,
                retries: count(row, 9)?,
                error: row.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl ImportBatch<'_> {
    /// Records progress in the same transaction as the page it follows, so a crash
    /// can never keep one without the other.
    pub fn save_progress(&mut self, query: &str, progress: Progress) -> Result<(), StoreError> {
        save(&self.tx, query, progress)
    }
}

fn save(conn: &rusqlite::Connection, query: &str, progress: Progress) -> Result<(), StoreError> {
    let (next_start, total, state) = match progress {
        Progress::Partial { next_start, total } => (next_start as i64, total as i64, "partial"),
        Progress::Split => (0, 0, "split"),
        Progress::Done => (0, 0, "done"),
    };
    conn.execute(
        "INSERT INTO fetch_progress (query, next_start, total, state, updated) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (query) DO UPDATE SET next_start = excluded.next_start, total = excluded.total,
            state = excluded.state, updated = excluded.updated",
        params![query, next_start, total, state, now()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracked_set_progress_and_runs_round_trip() {
        let mut store = Store::open_in_memory().expect("store");
        assert!(store.track("cat", "cs.CL").expect("track"));
        assert!(!store.track("cat", "cs.CL").expect("again"), "no duplicates");
        assert!(store.track("au", "Tri Dao").expect("track"));
        let kinds: Vec<(String, String)> =
            store.tracked().expect("list").into_iter().map(|t| (t.kind, t.value)).collect();
        assert_eq!(kinds, [("au".into(), "Tri Dao".into()), ("cat".into(), "cs.CL".into())]);
        assert!(store.untrack("cat", "cs.CL").expect("rm"));
        assert!(!store.untrack("cat", "cs.CL").expect("rm again"));

        assert_eq!(store.progress("q").expect("read"), None);
        let mut batch = store.begin_import().expect("begin");
        batch.save_progress("q", Progress::Partial { next_start: 500, total: 1200 }).expect("save");
        batch.commit().expect("commit");
        assert_eq!(
            store.progress("q").expect("read"),
            Some(Progress::Partial { next_start: 500, total: 1200 })
        );
        {
            let mut rolled_back = store.begin_import().expect("begin");
            rolled_back.save_progress("q", Progress::Done).expect("save");
        }
        assert_eq!(
            store.progress("q").expect("read"),
            Some(Progress::Partial { next_start: 500, total: 1200 }),
            "progress commits with its page or not at all"
        );
        store.clear_progress(&["q".to_string()]).expect("clear");
        assert_eq!(store.progress("q").expect("read"), None);

        let run = store.start_run("week 2024-W21").expect("start");
        let summary = RunSummary { status: RunStatus::Done, pages: 3, retries: 1, ..RunSummary::default() };
        store.finish_run(run, &summary).expect("finish");
        let runs = store.runs(10).expect("runs");
        assert_eq!((runs[0].status, runs[0].pages, runs[0].retries), (RunStatus::Done, 3, 1));
    }
}
