//! The authors' record this database learns from the signals it fetches: per
//! author's name (a key the caller computes), how many of their papers listed
//! after the shipped record ends are stored, and how many of those the community
//! featured close to their listing date.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};
use crate::model::Author;

/// A name's counts in this database's record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordCounts {
    pub papers: u32,
    pub featured: u32,
}

/// What learning the record did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordLearned {
    /// Papers counted for the first time.
    pub papers: u64,
    /// Papers counted as featured (new ones and ones featured since).
    pub featured: u64,
}

/// Keys are stable 64-bit hashes; SQLite keeps them as signed integers.
fn stored_key(key: u64) -> i64 {
    key as i64
}

impl Store {
    /// Counts, for the record, the papers listed after `after` whose listing day's
    /// signals were read and that the record has not counted yet, and as featured
    /// those featured (from two days before to fourteen after their listing date)
    /// since they were counted. Only the papers listed near `read` (the days a run
    /// just read: from fourteen days before the first to two after the last) can
    /// have changed, so only they are looked at. `key` gives a name's key. One
    /// transaction.
    pub fn learn_author_record(
        &mut self,
        after: NaiveDate,
        read: &[NaiveDate],
        key: impl Fn(&str) -> u64,
    ) -> Result<RecordLearned, StoreError> {
        let (Some(first), Some(last)) = (read.iter().min(), read.iter().max()) else {
            return Ok(RecordLearned::default());
        };
        let (from, until) = (*first - chrono::Days::new(14), *last + chrono::Days::new(2));
        let tx = self.conn.transaction()?;
        let mut learned = RecordLearned::default();
        {
            let featured = "coalesce(s.featured BETWEEN date(p.announced, '-2 days')
                                                  AND date(p.announced, '+14 days'), 0)";
            let mut stmt = tx.prepare(&format!(
                "SELECT p.pk, p.id, p.authors_json, {featured}, c.featured
                 FROM papers p
                 JOIN signal_days d ON d.day = p.announced
                 LEFT JOIN community_signals s ON s.id = p.id
                 LEFT JOIN author_record_papers c ON c.paper_pk = p.pk
                 WHERE p.announced > ?1 AND p.announced BETWEEN ?2 AND ?3
                   AND (c.paper_pk IS NULL OR (c.featured = 0 AND {featured}))"
            ))?;
            let mut add = tx.prepare_cached(
                "INSERT INTO author_record (name_key, papers, featured) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name_key) DO UPDATE SET papers = papers + excluded.papers,
                                                      featured = featured + excluded.featured",
            )?;
            let mut mark = tx.prepare_cached(
                "INSERT INTO author_record_papers (paper_pk, featured) VALUES (?1, ?2)
                 ON CONFLICT (paper_pk) DO UPDATE SET featured = excluded.featured",
            )?;
            let mut rows = stmt.query(params![after.to_string(), from.to_string(), until.to_string()])?;
            while let Some(row) = rows.next()? {
                let (pk, featured, counted): (i64, bool, Option<bool>) =
                    (row.get(0)?, row.get(3)?, row.get(4)?);
                let (papers, newly_featured): (i64, bool) = match counted {
                    None => (1, featured),
                    Some(false) if featured => (0, true),
                    Some(_) => continue,
                };
                let authors: Vec<Author> = serde_json::from_str(&row.get::<_, String>(2)?).map_err(|_| {
                    StoreError::Corrupt(format!(
                        "paper {} has a bad author list",
                        row.get::<_, String>(1).unwrap_or_default()
                    ))
                })?;
                let mut keys: Vec<u64> = authors.iter().map(|a| key(&a.name)).collect();
                keys.sort_unstable();
                keys.dedup();
                for name in keys {
                    add.execute(params![stored_key(name), papers, i64::from(newly_featured)])?;
                }
                mark.execute(params![pk, featured])?;
                learned.papers += papers as u64;
                learned.featured += u64::from(newly_featured);
            }
        }
        tx.commit()?;
        Ok(learned)
    }

    /// Whether this database has learned any record of its own.
    pub fn has_author_record(&self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row("SELECT EXISTS (SELECT 1 FROM author_record)", [], |row| row.get(0))?)
    }

    /// The counts of these names in this database's record (names it never
    /// counted are left out), and whether paper `id` is itself counted (and as
    /// featured).
    pub fn author_record(
        &self,
        keys: &[u64],
        id: &str,
    ) -> Result<(HashMap<u64, RecordCounts>, Option<bool>), StoreError> {
        let mut stmt =
            self.conn.prepare_cached("SELECT papers, featured FROM author_record WHERE name_key = ?1")?;
        let mut counts = HashMap::new();
        for &key in keys {
            let row = stmt
                .query_row([stored_key(key)], |row| {
                    Ok(RecordCounts { papers: row.get(0)?, featured: row.get(1)? })
                })
                .optional()?;
            if let Some(row) = row {
                counts.insert(key, row);
            }
        }
        let own = self
            .conn
            .prepare_cached(
                "SELECT c.featured FROM author_record_papers c JOIN papers p ON p.pk = c.paper_pk WHERE p.id = ?1",
            )?
            .query_row([id], |row| row.get(0))
            .optional()?;
        Ok((counts, own))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::id::ArxivId;
    use crate::model::Paper;
    use crate::model::signals::CommunitySignals;
    use crate::store::PaperRow;

    fn paper(id: &str, authors: &[&str]) -> Paper {
        let submitted = Utc.with_ymd_and_hms(2026, 9, 1, 12, 0, 0).single().expect("time");
        Paper::for_tests(id, submitted, authors)
    }

    fn key(name: &str) -> u64 {
        name.len() as u64
    }

    #[test]
    fn papers_are_counted_once_and_featured_papers_once_more() {
        let mut store = Store::open_in_memory().expect("store");
        let day = NaiveDate::from_ymd_opt(2026, 9, 2).expect("date");
        let mut batch = store.begin_import().expect("begin");
        for (id, authors) in [("2609.00001", &["Ann", "Bobby"][..]), ("2609.00002", &["Ann"][..])] {
            batch.upsert(&PaperRow::new(paper(id, authors), day).expect("row")).expect("upsert");
        }
        let old = NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
        batch.upsert(&PaperRow::new(paper("2601.00001", &["Ann"]), old).expect("row")).expect("upsert");
        batch.commit().expect("commit");
        let after = NaiveDate::from_ymd_opt(2026, 8, 21).expect("date");
        let learned = store.learn_author_record(after, &[day], key).expect("learn");
        assert_eq!(learned, RecordLearned::default(), "papers whose day was never read are not counted");
        store.save_daily_signals(day, Utc::now(), &[]).expect("an empty day");
        let learned = store.learn_author_record(after, &[day], key).expect("learn");
        assert_eq!(
            learned,
            RecordLearned { papers: 2, featured: 0 },
            "the older paper is the shipped record's"
        );
        let read = Utc.with_ymd_and_hms(2026, 9, 3, 0, 0, 0).single().expect("time");
        let signals = CommunitySignals::for_tests(5, day, read);
        store
            .save_daily_signals(day, signals.fetched, &[(ArxivId::parse("2609.00001").expect("id"), signals)])
            .expect("signals");
        assert_eq!(
            store.learn_author_record(after, &[day], key).expect("learn"),
            RecordLearned { papers: 0, featured: 1 }
        );
        assert_eq!(
            store.learn_author_record(after, &[day], key).expect("learn"),
            RecordLearned::default(),
            "nothing twice"
        );
        let (counts, own) = store
            .author_record(&[key("Ann"), key("Bobby"), key("Nobody at all")], "2609.00001")
            .expect("record");
        assert_eq!(counts[&key("Ann")], RecordCounts { papers: 2, featured: 1 });
        assert_eq!(counts[&key("Bobby")], RecordCounts { papers: 1, featured: 1 });
        assert!(!counts.contains_key(&key("Nobody at all")));
        assert_eq!(own, Some(true), "2609.00001 is counted, as featured");
        assert!(store.has_author_record().expect("has"));
    }
}
