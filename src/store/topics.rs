//! Topics on the read and maintenance side: re-classification, manual labels,
//! counts, and staleness against the active taxonomy.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::papers::{apply_labels, prior_columns, write_topics};
use super::{Store, StoreError};
use crate::id::ArxivId;
use crate::model::signals::Prior;
use crate::model::{Author, LabelledPaper};

/// What the classifier made of a paper, as the store keeps it.
#[derive(Debug, Clone, Default)]
pub struct Classified {
    /// (slug, score), best first.
    pub topics: Vec<(String, f64)>,
    /// The topic it came nearest to without getting it.
    pub near: Option<(String, f64)>,
    pub prior: Option<Prior>,
}

/// A stored paper as re-classification reads it.
struct Stored {
    pk: i64,
    id: String,
    title: String,
    abstract_text: String,
    categories: String,
    comment: Option<String>,
    journal_ref: Option<String>,
    authors_json: String,
}

/// Papers re-classified per transaction.
const RECLASSIFY_CHUNK: i64 = 2_000;

/// What the classifier is given for one stored paper.
pub struct PaperText<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub abstract_text: &'a str,
    pub categories: &'a [String],
    pub comment: Option<&'a str>,
    pub journal_ref: Option<&'a str>,
    pub authors: &'a [&'a str],
}

/// Counts the papers listed in a date range whose topics came from another taxonomy.
pub(super) const STALE_SQL: &str =
    "SELECT count(*) FROM papers WHERE announced BETWEEN ?2 AND ?3 AND topics_hash IS NOT ?1";

impl Store {
    /// Re-computes the topics (and importance prior) of every paper (or those
    /// listed from `first` to `last`) with `classify`, recording `taxonomy_hash`.
    /// Manual labels are re-applied. Returns how many papers were classified.
    pub fn reclassify(
        &mut self,
        listed: Option<(NaiveDate, NaiveDate)>,
        taxonomy_hash: &str,
        mut classify: impl FnMut(PaperText) -> Classified,
    ) -> Result<u64, StoreError> {
        let (first, last) = match listed {
            Some((first, last)) => (first.to_string(), last.to_string()),
            None => (String::new(), "9999-12-31".to_string()),
        };
        let mut after = 0i64;
        let mut done = 0u64;
        loop {
            // Read and write in one transaction, so that a fetch storing a new version
            // in between cannot have old text's topics recorded as current.
            let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let chunk: Vec<Stored> = {
                let mut stmt = tx.prepare_cached(
                    "SELECT pk, id, title, abstract, categories, comment, journal_ref, authors_json FROM papers
                     WHERE pk > ?1 AND announced BETWEEN ?2 AND ?3 ORDER BY pk LIMIT ?4",
                )?;
                let rows = stmt.query_map(params![after, first, last, RECLASSIFY_CHUNK], |row| {
                    Ok(Stored {
                        pk: row.get(0)?,
                        id: row.get(1)?,
                        title: row.get(2)?,
                        abstract_text: row.get(3)?,
                        categories: row.get(4)?,
                        comment: row.get(5)?,
                        journal_ref: row.get(6)?,
                        authors_json: row.get(7)?,
                    })
                })?;
                rows.collect::<Result<_, _>>()?
            };
            let Some(last_pk) = chunk.last().map(|stored| stored.pk) else {
                return Ok(done);
            };
            for stored in &chunk {
                let categories: Vec<String> =
                    stored.categories.split_whitespace().map(str::to_string).collect();
                let authors: Vec<Author> = serde_json::from_str(&stored.authors_json)
                    .map_err(|_| StoreError::Corrupt(format!("paper {} has a bad author list", stored.id)))?;
                let names: Vec<&str> = authors.iter().map(|a| a.name.as_str()).collect();
                let classified = classify(PaperText {
                    id: &stored.id,
                    title: &stored.title,
                    abstract_text: &stored.abstract_text,
                    categories: &categories,
                    comment: stored.comment.as_deref(),
                    journal_ref: stored.journal_ref.as_deref(),
                    authors: &names,
                });
                write_topics(&tx, stored.pk, &classified.topics, true)?;
                let (prior_featured, prior_picked) = prior_columns(classified.prior);
                let near = classified.near.as_ref();
                tx.prepare_cached(
                    "UPDATE papers SET topics_hash = ?2, prior_featured = ?3, prior_picked = ?4,
                                       near_topic = ?5, near_score = ?6 WHERE pk = ?1",
                )?
                .execute(params![
                    stored.pk,
                    taxonomy_hash,
                    prior_featured,
                    prior_picked,
                    near.map(|n| n.0.as_str()),
                    near.map(|n| n.1)
                ])?;
            }
            tx.commit()?;
            done += chunk.len() as u64;
            after = last_pk;
        }
    }

    /// Sets a manual label and applies it at once. `None` if the paper is not stored.
    pub fn set_label(&mut self, id: &ArxivId, topic: &str, assigned: bool) -> Result<Option<()>, StoreError> {
        let tx = self.conn.transaction()?;
        let pk: Option<i64> = tx
            .query_row("SELECT pk FROM papers WHERE id = ?1", [id.as_str()], |row| row.get(0))
            .optional()?;
        let Some(pk) = pk else {
            return Ok(None);
        };
        tx.execute(
            "INSERT INTO paper_labels (paper_pk, topic, assigned) VALUES (?1, ?2, ?3)
             ON CONFLICT (paper_pk, topic) DO UPDATE SET assigned = excluded.assigned",
            params![pk, topic, assigned],
        )?;
        if !assigned {
            tx.execute("DELETE FROM paper_topics WHERE paper_pk = ?1 AND topic = ?2", params![pk, topic])?;
        }
        apply_labels(&tx, pk)?;
        tx.commit()?;
        Ok(Some(()))
    }

    /// A paper's manual labels: (topic, assigned), by topic.
    pub fn labels(&self, id: &ArxivId) -> Result<Vec<(String, bool)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.topic, l.assigned FROM paper_labels l JOIN papers p ON p.pk = l.paper_pk
             WHERE p.id = ?1 ORDER BY l.topic",
        )?;
        let rows = stmt.query_map([id.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// At most `limit` stored papers spread evenly over the whole database, oldest
    /// to newest (the first row at or after each of `limit` evenly spaced keys,
    /// each found by its key, so a large database is not read through), without
    /// labels: a sample of the user's feed.
    pub fn sample_papers(&self, limit: usize) -> Result<Vec<LabelledPaper>, StoreError> {
        let last: i64 =
            self.conn.query_row("SELECT coalesce(max(pk), 0) FROM papers", [], |row| row.get(0))?;
        let mut stmt = self.conn.prepare(
            "SELECT pk, id, title, abstract, categories FROM papers WHERE pk >= ?1 ORDER BY pk LIMIT 1",
        )?;
        let mut papers = Vec::new();
        let mut previous = 0;
        for k in 0..limit.min(last as usize) as i64 {
            let target = 1 + k * last / (limit as i64);
            let row = stmt
                .query_row([target.max(previous + 1)], |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        (row.get::<_, String>(1)?, row.get(2)?, row.get(3)?, row.get::<_, String>(4)?),
                    ))
                })
                .optional()?;
            let Some((pk, row)) = row else { break };
            previous = pk;
            let (id, title, abstract_text, categories) = row;
            papers.push(LabelledPaper {
                id: ArxivId::parse(&id).map_err(|e| StoreError::Corrupt(format!("stored id {id}: {e}")))?,
                title,
                abstract_text,
                categories: categories.split_whitespace().map(str::to_string).collect(),
                added: Vec::new(),
                removed: Vec::new(),
            });
        }
        Ok(papers)
    }

    /// Every paper with manual labels, by id.
    pub fn labelled_papers(&self) -> Result<Vec<LabelledPaper>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT p.id, p.title, p.abstract, p.categories, l.topic, l.assigned
             FROM paper_labels l JOIN papers p ON p.pk = l.paper_pk ORDER BY p.id, l.topic",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, bool>(5)?,
            ))
        })?;
        let mut papers: Vec<LabelledPaper> = Vec::new();
        for row in rows {
            let (id, title, abstract_text, categories, topic, assigned) = row?;
            let id = ArxivId::parse(&id).map_err(|e| StoreError::Corrupt(format!("stored id {id}: {e}")))?;
            if papers.last().is_none_or(|p| p.id != id) {
                papers.push(LabelledPaper {
                    id,
                    title,
                    abstract_text,
                    categories: categories.split_whitespace().map(str::to_string).collect(),
                    added: Vec::new(),
                    removed: Vec::new(),
                });
            }
            if let Some(paper) = papers.last_mut() {
                match assigned {
                    true => paper.added.push(topic),
                    false => paper.removed.push(topic),
                }
            }
        }
        Ok(papers)
    }

    /// Papers per topic (among those listed from `first` to `last`, if given).
    pub fn topic_counts(
        &self,
        listed: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        let (first, last) = match listed {
            Some((first, last)) => (first.to_string(), last.to_string()),
            None => (String::new(), "9999-12-31".to_string()),
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.topic, count(*) FROM paper_topics t JOIN papers p ON p.pk = t.paper_pk
             WHERE p.announced BETWEEN ?1 AND ?2 GROUP BY t.topic",
        )?;
        let rows = stmt
            .query_map(params![first, last], |row| Ok((row.get(0)?, row.get::<_, i64>(1)?.unsigned_abs())))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many papers (listed from `first` to `last`, if given) have no topics
    /// from the taxonomy with this fingerprint.
    pub fn stale_topics(
        &self,
        taxonomy_hash: &str,
        listed: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<u64, StoreError> {
        let (first, last) = match listed {
            Some((first, last)) => (first.to_string(), last.to_string()),
            None => (String::new(), "9999-12-31".to_string()),
        };
        let count: i64 =
            self.conn.query_row(STALE_SQL, params![taxonomy_hash, first, last], |row| row.get(0))?;
        Ok(count.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use crate::model::Paper;
    use crate::store::{PaperRow, Store};

    #[test]
    fn a_sample_spreads_over_the_whole_database_without_labels() {
        let mut store = Store::open_in_memory().expect("store");
        let submitted = Utc.with_ymd_and_hms(2024, 5, 20, 12, 0, 0).single().expect("time");
        let day = submitted.date_naive();
        let mut batch = store.begin_import().expect("batch");
        for i in 1..=100 {
            let paper = Paper::for_tests(&format!("2405.{i:05}"), submitted, &["Ann Lee"]);
            batch.upsert(&PaperRow::new(paper, day).expect("row")).expect("upsert");
        }
        batch.commit().expect("commit");
        let ids = |limit: usize, store: &Store| -> Vec<String> {
            store.sample_papers(limit).expect("sample").into_iter().map(|p| p.id.to_string()).collect()
        };
        let tenth = ids(10, &store);
        assert_eq!(tenth.len(), 10);
        assert_eq!((tenth[0].as_str(), tenth[9].as_str()), ("2405.00001", "2405.00091"), "{tenth:?}");
        // An uneven step still spans the whole database, not its oldest part.
        let uneven = ids(30, &store);
        assert_eq!(uneven.len(), 30);
        assert!(uneven[29].as_str() >= "2405.00095", "{uneven:?}");
        assert!(
            store.sample_papers(5).expect("sample").iter().all(|p| p.added.is_empty() && !p.title.is_empty())
        );
        assert_eq!(ids(1_000, &store).len(), 100, "a small database is sampled whole");
        // Deleted rows leave gaps that the next row fills.
        let mut batch = store.begin_import().expect("batch");
        for i in 1..=50 {
            let id = crate::id::ArxivId::parse(&format!("2405.{i:05}")).expect("id");
            batch.delete(&id, day).expect("delete");
        }
        batch.commit().expect("commit");
        let after = ids(10, &store);
        assert_eq!(after.len(), 10, "{after:?}");
        assert_eq!(after[0], "2405.00051");
        let mut unique = after.clone();
        unique.dedup();
        assert_eq!(unique, after, "no paper twice");
    }
}
