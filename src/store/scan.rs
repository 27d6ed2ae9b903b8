//! Reading a query's papers one row at a time, for passes that keep only a little
//! of each paper (the digest's ranking), and reading chosen papers back by key.

use std::collections::HashMap;

use super::search::{PaperQuery, Replacements, placeholders};
use super::{Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

use super::papers::{parse_date, prior_from};
use crate::model::signals::{Attention, Prior};
use crate::model::{Author, StoredPaper, StoredTopic};

/// Rows read per statement.
const CHUNK: usize = 500;

/// A paper's handle in this database, for reading it back with
/// [`Store::papers_by_key`]; it means nothing elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PaperKey(i64);

/// One paper of a scan, borrowed from the row being read.
#[derive(Debug, Clone, Copy)]
pub struct ScannedPaper<'r> {
    pub key: PaperKey,
    pub id: &'r str,
    pub title: &'r str,
    pub primary_category: &'r str,
    categories: &'r str,
    pub comment: Option<&'r str>,
    pub journal_ref: Option<&'r str>,
    pub abstract_text: &'r str,
    authors_json: &'r str,
    /// The taxonomy fingerprint behind its topics; `None` if never classified.
    pub topics_hash: Option<&'r str>,
    /// Its topics in [`StoredPaper::topics`] order.
    pub topics: &'r [StoredTopic],
    /// Its first topic, with the score.
    pub best_topic: Option<(&'r str, f64)>,
    /// As in [`StoredPaper::near_topic`].
    pub near_topic: Option<&'r str>,
    /// As in [`StoredPaper::replaced`].
    pub replaced: Option<u32>,
    /// Its (first) listing date.
    pub announced: NaiveDate,
    /// As in [`StoredPaper::relisted`].
    pub relisted: Option<NaiveDate>,
    /// Its community signals' counts, if it was featured.
    pub attention: Option<Attention>,
    /// Its importance prior, if it was classified with one.
    pub prior: Option<Prior>,
}

impl<'r> ScannedPaper<'r> {
    /// Every category code, the primary first.
    pub fn categories(&self) -> impl Iterator<Item = &'r str> + use<'r> {
        self.categories.split_whitespace()
    }

    /// The authors, in order (parsed on demand: most passes never need them).
    pub fn authors(&self) -> Result<Vec<Author>, StoreError> {
        serde_json::from_str(self.authors_json)
            .map_err(|_| StoreError::Corrupt(format!("paper {} has a bad author list", self.id)))
    }
}

impl Store {
    /// The keys of the papers `query` finds, in its order.
    pub fn paper_keys(&self, query: &PaperQuery) -> Result<Vec<PaperKey>, StoreError> {
        Ok(self.keys(query)?.into_iter().map(PaperKey).collect())
    }

    /// Another connection to the same database, for reading on another thread at
    /// the same time; `None` for an in-memory database.
    pub fn reopen(&self) -> Result<Option<Store>, StoreError> {
        self.path.as_deref().map(Store::open).transpose()
    }

    /// Calls `each` with the papers of `keys` (found by `query`, which says what
    /// counts as replaced), in no particular order and one row at a time: nothing
    /// of a paper outlives its call.
    pub fn scan_papers<E: From<StoreError>>(
        &self,
        query: &PaperQuery,
        keys: &[PaperKey],
        mut each: impl FnMut(ScannedPaper<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let pks: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let replaced = match query.listed.filter(|_| !query.new_only) {
            Some(range) => Some((range.0.to_string(), self.replaced_in(range)?)),
            None => None,
        };
        for chunk in pks.chunks(CHUNK) {
            let topics = self.topics_by_paper(chunk)?;
            let mut stmt = self.conn.prepare_cached(&rows_sql(chunk.len())).map_err(StoreError::from)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(chunk)).map_err(StoreError::from)?;
            while let Some(row) = rows.next().map_err(StoreError::from)? {
                let scanned = scanned(row, &topics, replaced.as_ref())?;
                each(scanned)?;
            }
        }
        Ok(())
    }

    /// The topics of each of these papers in [`StoredPaper::topics`] order.
    fn topics_by_paper(&self, pks: &[i64]) -> Result<HashMap<i64, Vec<StoredTopic>>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&topics_sql(pks.len()))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(pks))?;
        let mut topics: HashMap<i64, Vec<StoredTopic>> = HashMap::with_capacity(pks.len());
        while let Some(row) = rows.next()? {
            let topic = StoredTopic { slug: row.get(1)?, score: row.get(2)?, manual: row.get(3)? };
            topics.entry(row.get(0)?).or_default().push(topic);
        }
        for list in topics.values_mut() {
            list.sort_by(|a, b| {
                (a.manual, b.score, &a.slug)
                    .partial_cmp(&(b.manual, a.score, &b.slug))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
        }
        Ok(topics)
    }

    /// The papers with these keys, in that order, with their topics (not their
    /// version history). A key whose paper has since gone is skipped.
    pub fn papers_by_key(&self, keys: &[PaperKey]) -> Result<Vec<StoredPaper>, StoreError> {
        let pks: Vec<i64> = keys.iter().map(|k| k.0).collect();
        Ok(self.load(&pks)?.into_iter().map(|(_, paper)| paper).collect())
    }
}

/// The columns a scan reads, for `n` papers.
fn rows_sql(n: usize) -> String {
    format!(
        "SELECT p.pk, p.id, p.primary_category, p.categories, p.comment, p.journal_ref, p.abstract,
                p.authors_json, p.topics_hash, p.announced,
                s.upvotes, s.comments, s.github_stars, s.github_repo IS NOT NULL, s.featured, s.fetched,
                p.title, p.prior_featured, p.prior_picked, p.near_topic
         FROM papers p LEFT JOIN community_signals s ON s.id = p.id WHERE p.pk IN ({})",
        placeholders(n)
    )
}

/// The topics of `n` papers, in no order.
fn topics_sql(n: usize) -> String {
    format!("SELECT paper_pk, topic, score, manual FROM paper_topics WHERE paper_pk IN ({})", placeholders(n))
}

/// A row of the scan's statement, borrowed, with its paper's topics from
/// `topics`; `replaced` holds the range's first day and the versions announced in
/// it, for a view that marks replacements.
fn scanned<'r>(
    row: &'r rusqlite::Row,
    topics: &'r HashMap<i64, Vec<StoredTopic>>,
    replaced: Option<&(String, Replacements)>,
) -> Result<ScannedPaper<'r>, StoreError> {
    let text = |column: usize| -> rusqlite::Result<&'r str> { Ok(row.get_ref(column)?.as_str()?) };
    let optional =
        |column: usize| -> rusqlite::Result<Option<&'r str>> { Ok(row.get_ref(column)?.as_str_or_null()?) };
    let pk: i64 = row.get(0)?;
    let topics = topics.get(&pk).map(Vec::as_slice).unwrap_or_default();
    let best_topic = topics.first().map(|t| (t.slug.as_str(), t.score));
    let relisting = match replaced {
        Some((first, versions)) if text(9)? < first.as_str() => versions.get(&pk).copied(),
        _ => None,
    };
    let attention = match optional(14)? {
        Some(featured) => Some(Attention {
            upvotes: row.get(10)?,
            comments: row.get(11)?,
            stars: row.get(12)?,
            repo: row.get(13)?,
            featured: parse_date(featured)?,
            fetched: DateTime::parse_from_rfc3339(text(15)?)
                .map_err(|_| {
                    StoreError::Corrupt(format!("paper {} has a bad signal time", text(1).unwrap_or("?")))
                })?
                .with_timezone(&Utc),
        }),
        None => None,
    };
    Ok(ScannedPaper {
        key: PaperKey(pk),
        id: text(1)?,
        title: text(16)?,
        primary_category: text(2)?,
        categories: text(3)?,
        comment: optional(4)?,
        journal_ref: optional(5)?,
        abstract_text: text(6)?,
        authors_json: text(7)?,
        topics_hash: optional(8)?,
        topics,
        best_topic,
        near_topic: optional(19)?,
        replaced: relisting.map(|(version, _)| version),
        relisted: relisting.map(|(_, day)| day),
        announced: parse_date(text(9)?)?,
        attention,
        prior: prior_from(row.get(17)?, row.get(18)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(store: &Store, sql: &str) -> Vec<String> {
        let mut stmt = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("explain");
        let params = [1i64, 2, 3];
        let rows =
            stmt.query_map(rusqlite::params_from_iter(params), |row| row.get::<_, String>(3)).expect("plan");
        rows.collect::<Result<_, _>>().expect("plan rows")
    }

    #[test]
    fn a_scan_reads_papers_and_topics_by_key() {
        let store = Store::open_in_memory().expect("store");
        let rows = plan(&store, &rows_sql(3));
        assert!(rows.iter().any(|l| l.contains("SEARCH p USING INTEGER PRIMARY KEY (rowid=?)")), "{rows:#?}");
        let topics = plan(&store, &topics_sql(3));
        assert!(
            topics.iter().any(|l| l.starts_with("SEARCH paper_topics USING") && l.contains("(paper_pk=?)")),
            "{topics:#?}"
        );
        assert!(!rows.iter().chain(&topics).any(|l| l.starts_with("SCAN")), "no full scans");
    }
}
