//! The writer's edits of each week's digest, as stored (see [`Edit`]), and the
//! taste learned from their picks and drops.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::papers::{parse_timestamp, timestamp};
use super::{Store, StoreError};
use crate::id::ArxivId;
use crate::model::edit::{Choice, Edit};
use crate::week::IsoWeek;

/// A learned taste as stored: its file's bytes and when it was learned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTaste {
    pub bytes: Vec<u8>,
    pub trained: DateTime<Utc>,
}

/// One change to a paper's edit; `None` fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditChange {
    /// `Some(None)` takes the choice back.
    pub choice: Option<Option<Choice>>,
    /// `Some(None)` files it by its topics again.
    pub section: Option<Option<String>>,
    /// `Some(None)` removes the note.
    pub note: Option<Option<String>>,
}

impl EditChange {
    /// Picks a paper, filed under `section` when one is named (else where it was).
    pub fn pick(section: Option<String>) -> EditChange {
        EditChange { choice: Some(Some(Choice::Picked)), section: section.map(Some), note: None }
    }

    /// Drops a paper: in no section, so a move made when it was picked goes.
    pub fn drop() -> EditChange {
        EditChange { choice: Some(Some(Choice::Dropped)), section: Some(None), note: None }
    }

    /// Takes a pick or a drop back, with the section a pick moved the paper to (a
    /// dropped paper has none); the note stays.
    pub fn take_back() -> EditChange {
        EditChange { choice: Some(None), section: Some(None), note: None }
    }
}

impl Store {
    /// Runs `change` so that everything it writes is kept, or nothing (when it
    /// fails): the edits and the taste learned from them go together, and so do
    /// the specs of one change to the tracked set. The writes inside are
    /// savepoints, which nest in this one.
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

    /// Applies `change` to each paper's edit in its week, all or none; an edit left
    /// with nothing in it goes. Returns how many edits changed.
    pub fn edit(
        &mut self,
        papers: &[(IsoWeek, ArxivId)],
        change: &EditChange,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let tx = self.conn.savepoint()?;
        let mut changed = 0;
        {
            let mut read = tx.prepare_cached(
                "SELECT choice, section, note FROM digest_edits WHERE week = ?1 AND id = ?2",
            )?;
            let mut write = tx.prepare_cached(
                "INSERT INTO digest_edits (week, id, choice, section, note, edited) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (week, id) DO UPDATE SET choice = excluded.choice, section = excluded.section,
                     note = excluded.note, edited = excluded.edited",
            )?;
            let mut delete = tx.prepare_cached("DELETE FROM digest_edits WHERE week = ?1 AND id = ?2")?;
            for (week, id) in papers {
                let key = params![week.to_string(), id.as_str()];
                let before: Option<(Option<String>, Option<String>, Option<String>)> =
                    read.query_row(key, |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?))).optional()?;
                let (choice, section, note) = before.clone().unwrap_or_default();
                let after = (
                    change.choice.map_or(choice, |c| c.map(|c| c.as_str().to_string())),
                    change.section.clone().unwrap_or(section),
                    change.note.clone().unwrap_or(note),
                );
                if before.as_ref() == Some(&after) {
                    continue;
                }
                if after == (None, None, None) {
                    changed += delete.execute(key)?;
                } else {
                    write.execute(params![
                        week.to_string(),
                        id.as_str(),
                        after.0,
                        after.1,
                        after.2,
                        timestamp(now)
                    ])?;
                    changed += 1;
                }
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// The edits of one week, or of every week; by week, then id.
    pub fn edits(&self, week: Option<IsoWeek>) -> Result<Vec<Edit>, StoreError> {
        self.read_edits("WHERE ?1 IS NULL OR week = ?1", &week.map(|w| w.to_string()))
    }

    /// The edits of one paper, in every week, by week.
    pub fn edits_of(&self, id: &ArxivId) -> Result<Vec<Edit>, StoreError> {
        self.read_edits("WHERE id = ?1", &Some(id.as_str().to_string()))
    }

    fn read_edits(&self, filter: &str, value: &Option<String>) -> Result<Vec<Edit>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT week, id, choice, section, note, edited FROM digest_edits {filter} ORDER BY week, id"
        ))?;
        let rows = stmt.query_map([value], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get::<_, String>(5)?,
            ))
        })?;
        let mut edits = Vec::new();
        for row in rows {
            let (week, id, choice, section, note, edited) = row?;
            let corrupt = || StoreError::Corrupt(format!("the digest edit of {id} in '{week}' is damaged"));
            let week = week.parse().map_err(|_| corrupt())?;
            let choice = match choice {
                Some(text) => Some(Choice::parse(&text).ok_or_else(corrupt)?),
                None => None,
            };
            edits.push(Edit { week, id, choice, section, note, edited: parse_timestamp(&edited)? });
        }
        Ok(edits)
    }

    /// How many papers are picked in each week that has picks or drops (the weeks a
    /// taste learns from).
    pub fn chosen_weeks(&self) -> Result<BTreeMap<IsoWeek, usize>, StoreError> {
        let mut weeks = BTreeMap::new();
        for edit in self.edits(None)? {
            if let Some(choice) = edit.choice {
                *weeks.entry(edit.week).or_insert(0) += usize::from(choice == Choice::Picked);
            }
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

    fn week(text: &str) -> IsoWeek {
        text.parse().expect("week")
    }

    const PICK: EditChange = EditChange { choice: Some(Some(Choice::Picked)), section: None, note: None };

    #[test]
    fn edits_are_kept_once_per_week_and_go_when_emptied() {
        let mut store = Store::open_in_memory().expect("store");
        let (w21, w22) = (week("2024-W21"), week("2024-W22"));
        let now = DateTime::UNIX_EPOCH;
        let papers = [(w21, id("2405.00001")), (w21, id("2405.00002")), (w22, id("2405.00001"))];
        assert_eq!(store.edit(&papers, &PICK, now).expect("pick"), 3);
        assert_eq!(store.edit(&papers[..1], &PICK, now).expect("again"), 0, "picked once");
        let note = EditChange { note: Some(Some("Read this one.".into())), ..Default::default() };
        assert_eq!(store.edit(&papers[..1], &note, now).expect("note"), 1);
        let drop = EditChange { choice: Some(Some(Choice::Dropped)), ..Default::default() };
        store.edit(&[(w21, id("2405.00009"))], &drop, now).expect("drop");
        let w21_edits = store.edits(Some(w21)).expect("edits");
        let summary: Vec<(String, Option<Choice>, Option<String>)> =
            w21_edits.iter().map(|e| (e.id.clone(), e.choice, e.note.clone())).collect();
        assert_eq!(
            summary,
            [
                ("2405.00001".into(), Some(Choice::Picked), Some("Read this one.".into())),
                ("2405.00002".into(), Some(Choice::Picked), None),
                ("2405.00009".into(), Some(Choice::Dropped), None),
            ]
        );
        assert_eq!(store.edits_of(&id("2405.00001")).expect("of").len(), 2);
        assert_eq!(
            store.chosen_weeks().expect("weeks").into_iter().collect::<Vec<_>>(),
            [(w21, 2), (w22, 1)]
        );
        // Taking the pick back keeps the note; taking the note back too empties it.
        let unpick = EditChange { choice: Some(None), ..Default::default() };
        store.edit(&papers[..1], &unpick, now).expect("unpick");
        assert_eq!(store.edits(Some(w21)).expect("edits")[0].note.as_deref(), Some("Read this one."));
        let unnote = EditChange { note: Some(None), ..Default::default() };
        store.edit(&papers[..1], &unnote, now).expect("unnote");
        assert_eq!(store.edits(Some(w21)).expect("edits").len(), 2, "an empty edit goes");
    }

    #[test]
    fn a_pick_files_a_drop_unfiles_and_taking_back_leaves_the_note() {
        let mut store = Store::open_in_memory().expect("store");
        let now = DateTime::UNIX_EPOCH;
        let paper = [(week("2024-W21"), id("2405.00001"))];
        let filed = |store: &Store| store.edits(None).expect("edits").first().and_then(|e| e.section.clone());
        store.edit(&paper, &EditChange::pick(Some("Agents".into())), now).expect("pick");
        store.edit(&paper, &EditChange::pick(None), now).expect("pick again");
        assert_eq!(filed(&store).as_deref(), Some("Agents"), "a pick naming no section keeps the move");
        store.edit(&paper, &EditChange::drop(), now).expect("drop");
        assert_eq!(filed(&store), None, "a dropped paper is in no section");
        store.edit(&paper, &EditChange::pick(Some("Agents".into())), now).expect("pick");
        let note = EditChange { note: Some(Some("Why.".into())), ..Default::default() };
        store.edit(&paper, &note, now).expect("note");
        assert_eq!(store.edit(&paper, &EditChange::take_back(), now).expect("take back"), 1);
        let left = store.edits(None).expect("edits");
        assert_eq!(
            (left[0].choice, left[0].section.clone(), left[0].note.as_deref()),
            (None, None, Some("Why."))
        );
    }

    #[test]
    fn a_failed_change_leaves_no_edit_behind() {
        let mut store = Store::open_in_memory().expect("store");
        let failed: Result<(), StoreError> = store.atomically(|store| {
            store.edit(&[(week("2024-W21"), id("2405.00001"))], &PICK, DateTime::UNIX_EPOCH)?;
            store.save_taste(Some(b"taste"), DateTime::UNIX_EPOCH)?;
            Err(StoreError::Corrupt("learning failed".into()))
        });
        assert!(failed.is_err());
        assert!(store.edits(None).expect("edits").is_empty(), "rolled back");
        assert_eq!(store.taste().expect("taste"), None);
        let kept: Result<usize, StoreError> = store.atomically(|store| {
            store.edit(&[(week("2024-W21"), id("2405.00001"))], &PICK, DateTime::UNIX_EPOCH)
        });
        assert_eq!(kept.expect("kept"), 1);
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
