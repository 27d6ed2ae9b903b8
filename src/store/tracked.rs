//! The tracked set: what `papers fetch` brings in when no flag names anything.

use rusqlite::params;

use super::papers::timestamp;
use super::{Store, StoreError};

/// One thing the user tracks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Tracked {
    /// `cat`, `au`, `q` or `id`.
    pub kind: String,
    pub value: String,
}

impl Store {
    /// Adds to the tracked set; false if it was already there.
    pub fn track(&mut self, kind: &str, value: &str) -> Result<bool, StoreError> {
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO tracked (kind, value, added) VALUES (?1, ?2, ?3)",
            params![kind, value, timestamp(chrono::Utc::now())],
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tracked_set_round_trips() {
        let mut store = Store::open_in_memory().expect("store");
        assert!(store.track("cat", "cs.CL").expect("track"));
        assert!(!store.track("cat", "cs.CL").expect("again"), "no duplicates");
        assert!(store.track("au", "Tri Dao").expect("track"));
        let kinds: Vec<(String, String)> =
            store.tracked().expect("list").into_iter().map(|t| (t.kind, t.value)).collect();
        assert_eq!(kinds, [("au".into(), "Tri Dao".into()), ("cat".into(), "cs.CL".into())]);
        assert!(store.untrack("cat", "cs.CL").expect("rm"));
        assert!(!store.untrack("cat", "cs.CL").expect("rm again"));
    }
}
