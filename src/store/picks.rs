//! A writer's picks (papers kept in a week's digest whatever their rank) and the
//! taste learned from them, as stored.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::papers::{parse_timestamp, timestamp};
use super::{Store, StoreError};
use crate::id::ArxivId;
use crate::week::IsoWeek;

/// A learned taste as stored: its file's bytes and when it was learned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTaste {
    pub bytes: Vec<u8>,
    pub trained: DateTime<Utc>,
}

/// One pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickRecord {
    pub week: IsoWeek,
    pub id: String,
    pub picked: DateTime<Utc>,
}

impl Store {
    /// Runs `change` so that everything it writes is kept, or nothing (when it
    /// fails): the picks and the taste learned from them go together. The writes
    /// inside are savepoints, which nest in this one.
    pub fn atomically<T, E: From<StoreError>>(
        &mut self,
        change: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, E> {
        self.conn.execute_batch("SAVEPOINT atomically").map_err(StoreError::from)?;
        match change(self) {
            Ok(value) => {
                self.conn.execute_batch("RELEASE atomically").map_err(StoreError::from)?;
                Ok(value)
            }
            Err(error) => {
                // The change's own error is what the caller needs to hear.
                let _ = self.conn.execute_batch("ROLLBACK TO atomically; RELEASE atomically");
                Err(error)
            }
        }
    }

    /// Records picks, all or none; a pick made before keeps its time. Returns how
    /// many were new.
    pub fn add_picks(
        &mut self,
        picks: &[(IsoWeek, ArxivId)],
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let tx = self.conn.savepoint()?;
        let mut added = 0;
        {
            let mut insert =
                tx.prepare_cached("INSERT OR IGNORE INTO picks (week, id, picked) VALUES (?1, ?2, ?3)")?;
            for (week, id) in picks {
                added += insert.execute(params![week.to_string(), id.as_str(), timestamp(now)])?;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Removes the picks of these papers (in `week` only, when given). Returns how
    /// many went.
    pub fn remove_picks(&mut self, ids: &[ArxivId], week: Option<IsoWeek>) -> Result<usize, StoreError> {
        let tx = self.conn.savepoint()?;
        let mut removed = 0;
        {
            let mut delete =
                tx.prepare_cached("DELETE FROM picks WHERE id = ?1 AND (?2 IS NULL OR week = ?2)")?;
            for id in ids {
                removed += delete.execute(params![id.as_str(), week.map(|w| w.to_string())])?;
            }
        }
        tx.commit()?;
        Ok(removed)
    }

    /// The picks of one week, or of every week; by week, then id.
    pub fn picks(&self, week: Option<IsoWeek>) -> Result<Vec<PickRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT week, id, picked FROM picks WHERE ?1 IS NULL OR week = ?1 ORDER BY week, id",
        )?;
        let rows = stmt.query_map([week.map(|w| w.to_string())], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
        })?;
        let mut picks = Vec::new();
        for row in rows {
            let (week, id, picked) = row?;
            let week =
                week.parse().map_err(|_| StoreError::Corrupt(format!("pick of {id} has week '{week}'")))?;
            picks.push(PickRecord { week, id, picked: parse_timestamp(&picked)? });
        }
        Ok(picks)
    }

    /// The weeks a paper is picked for.
    pub fn weeks_picked(&self, id: &ArxivId) -> Result<Vec<IsoWeek>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT week FROM picks WHERE id = ?1 ORDER BY week")?;
        let rows = stmt.query_map([id.as_str()], |row| row.get::<_, String>(0))?;
        rows.map(|week| {
            let week = week?;
            week.parse().map_err(|_| StoreError::Corrupt(format!("pick of {id} has week '{week}'")))
        })
        .collect()
    }

    /// How many picks each week has.
    pub fn pick_weeks(&self) -> Result<BTreeMap<IsoWeek, usize>, StoreError> {
        let mut weeks = BTreeMap::new();
        for pick in self.picks(None)? {
            *weeks.entry(pick.week).or_insert(0) += 1;
        }
        Ok(weeks)
    }

    /// Stores the learned taste (its file's bytes), replacing any earlier one; none
    /// removes it.
    pub fn save_taste(&mut self, taste: Option<&[u8]>, trained: DateTime<Utc>) -> Result<(), StoreError> {
        let tx = self.conn.savepoint()?;
        tx.execute("DELETE FROM taste", [])?;
        if let Some(bytes) = taste {
            tx.execute(
                "INSERT INTO taste (id, model, trained) VALUES (1, ?1, ?2)",
                params![bytes, timestamp(trained)],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The stored taste.
    pub fn taste(&self) -> Result<Option<StoredTaste>, StoreError> {
        let row: Option<(Vec<u8>, String)> = self
            .conn
            .query_row("SELECT model, trained FROM taste WHERE id = 1", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        row.map(|(bytes, trained)| Ok(StoredTaste { bytes, trained: parse_timestamp(&trained)? })).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> ArxivId {
        ArxivId::parse(text).expect("id")
    }

    #[test]
    fn picks_are_kept_once_per_week_and_removed_by_paper_or_week() {
        let mut store = Store::open_in_memory().expect("store");
        let (w21, w22): (IsoWeek, IsoWeek) =
            ("2024-W21".parse().expect("week"), "2024-W22".parse().expect("week"));
        let now = DateTime::UNIX_EPOCH;
        let added = store
            .add_picks(&[(w21, id("2405.00001")), (w21, id("2405.00002")), (w22, id("2405.00001"))], now)
            .expect("add");
        assert_eq!(added, 3);
        assert_eq!(store.add_picks(&[(w21, id("2405.00001"))], now).expect("again"), 0, "picked once");
        let w21_ids: Vec<String> = store.picks(Some(w21)).expect("picks").into_iter().map(|p| p.id).collect();
        assert_eq!(w21_ids, ["2405.00001", "2405.00002"]);
        assert_eq!(store.weeks_picked(&id("2405.00001")).expect("weeks"), [w21, w22]);
        assert_eq!(store.pick_weeks().expect("weeks").into_iter().collect::<Vec<_>>(), [(w21, 2), (w22, 1)]);
        assert_eq!(store.remove_picks(&[id("2405.00001")], Some(w22)).expect("remove"), 1);
        assert_eq!(store.remove_picks(&[id("2405.00001")], None).expect("remove"), 1);
        assert_eq!(store.picks(None).expect("picks").len(), 1);
    }

    #[test]
    fn a_failed_change_leaves_no_pick_behind() {
        let mut store = Store::open_in_memory().expect("store");
        let week: IsoWeek = "2024-W21".parse().expect("week");
        let failed: Result<(), StoreError> = store.atomically(|store| {
            store.add_picks(&[(week, id("2405.00001"))], DateTime::UNIX_EPOCH)?;
            store.save_taste(Some(b"taste"), DateTime::UNIX_EPOCH)?;
            Err(StoreError::Corrupt("learning failed".into()))
        });
        assert!(failed.is_err());
        assert!(store.picks(None).expect("picks").is_empty(), "rolled back");
        assert_eq!(store.taste().expect("taste"), None);
        let kept: Result<usize, StoreError> =
            store.atomically(|store| store.add_picks(&[(week, id("2405.00001"))], DateTime::UNIX_EPOCH));
        assert_eq!(kept.expect("kept"), 1);
        assert_eq!(store.picks(None).expect("picks").len(), 1);
    }

    #[test]
    fn a_taste_replaces_the_last_and_can_be_removed() {
        let mut store = Store::open_in_memory().expect("store");
        assert_eq!(store.taste().expect("none"), None);
        store.save_taste(Some(b"one"), DateTime::UNIX_EPOCH).expect("save");
        store.save_taste(Some(b"two"), DateTime::UNIX_EPOCH).expect("save");
        assert_eq!(store.taste().expect("taste").map(|t| t.bytes), Some(b"two".to_vec()));
        store.save_taste(None, DateTime::UNIX_EPOCH).expect("clear");
        assert_eq!(store.taste().expect("none"), None);
    }
}
