//! How far each search query of a fetch has got, kept with the pages it follows
//! so that an interrupted fetch resumes where it stopped.

use rusqlite::{OptionalExtension, params};

use super::papers::timestamp;
use super::{ImportBatch, Store, StoreError};

/// How far a search query has been fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Partial { next_start: u64, total: u64 },
    Split,
    Done,
}

impl Store {
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
        params![query, next_start, total, state, timestamp(chrono::Utc::now())],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_commits_with_its_page() {
        let mut store = Store::open_in_memory().expect("store");
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
    }
}
