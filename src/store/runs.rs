//! The log of fetch and harvest runs: when each started, how it ended, what it did.

use rusqlite::params;

use super::papers::timestamp;
use super::{ImportCounts, Store, StoreError};

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

impl Store {
    /// Logs the start of a run and returns its id.
    pub fn start_run(&mut self, request: &str) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO fetch_runs (started, request, status) VALUES (?1, ?2, 'running')",
            params![timestamp(chrono::Utc::now()), request],
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
                timestamp(chrono::Utc::now()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_logged_and_read_back() {
        let mut store = Store::open_in_memory().expect("store");
        let run = store.start_run("week 2024-W21").expect("start");
        let summary = RunSummary { status: RunStatus::Done, pages: 3, retries: 1, ..RunSummary::default() };
        store.finish_run(run, &summary).expect("finish");
        let runs = store.runs(10).expect("runs");
        assert_eq!((runs[0].status, runs[0].pages, runs[0].retries), (RunStatus::Done, 3, 1));
    }
}
