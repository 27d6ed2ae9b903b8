//! Writing papers (the version-aware upsert) and reading one back.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::{Store, StoreError};
use crate::id::ArxivId;
use crate::model::{Author, Links, Paper};
use crate::week::IsoWeek;

/// What an upsert did to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The paper was not there before.
    New,
    /// A newer version replaced the stored one.
    Updated { from_version: u32 },
    /// The stored version is the same or newer: nothing was written.
    Unchanged,
}

/// Tally of outcomes over a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl ImportCounts {
    pub fn record(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::New => self.new += 1,
            Outcome::Updated { .. } => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.new + self.updated + self.unchanged
    }

    pub fn add(&mut self, other: ImportCounts) {
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

/// One version known for a stored paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRecord {
    pub version: u32,
    /// When that version was submitted, if a source told us.
    pub submitted: Option<DateTime<Utc>>,
}

/// A paper as stored: the newest version's metadata plus what the store derived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPaper {
    pub paper: Paper,
    /// The listing date (the day arXiv announced it).
    pub announced: NaiveDate,
    pub week: IsoWeek,
    /// Known versions, oldest first.
    pub versions: Vec<VersionRecord>,
}

/// A write transaction over many papers. Dropping it without [`ImportBatch::commit`]
/// rolls everything back, so a file that fails half-way leaves no trace.
pub struct ImportBatch<'c> {
    tx: Transaction<'c>,
    counts: ImportCounts,
}

impl<'c> ImportBatch<'c> {
    pub(super) fn begin(conn: &'c mut Connection) -> Result<ImportBatch<'c>, StoreError> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(ImportBatch { tx, counts: ImportCounts::default() })
    }

    /// Inserts `paper`, or replaces the stored one if `paper.version` is newer; an
    /// equal or older version changes nothing. `announced` is the listing date the
    /// caller computed (see [`crate::week::Schedule`]).
    pub fn upsert(&mut self, paper: &Paper, announced: NaiveDate) -> Result<Outcome, StoreError> {
        let existing: Option<(i64, u32)> = self
            .tx
            .prepare_cached("SELECT pk, version FROM papers WHERE id = ?1")?
            .query_row([paper.id.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let outcome = match existing {
            Some((_, stored)) if stored >= paper.version => Outcome::Unchanged,
            Some((pk, stored)) => {
                self.replace(pk, paper, announced)?;
                Outcome::Updated { from_version: stored }
            }
            None => {
                self.insert(paper, announced)?;
                Outcome::New
            }
        };
        self.counts.record(outcome);
        Ok(outcome)
    }

    /// What this batch has done so far.
    pub fn counts(&self) -> ImportCounts {
        self.counts
    }

    /// Makes the batch durable and returns its tally.
    pub fn commit(self) -> Result<ImportCounts, StoreError> {
        self.tx.commit()?;
        Ok(self.counts)
    }

    fn insert(&mut self, paper: &Paper, announced: NaiveDate) -> Result<(), StoreError> {
        let authors = paper.author_names();
        self.tx
            .prepare_cached(
                "INSERT INTO papers (id, version, title, abstract, authors, published, updated,
                    primary_category, comment, journal_ref, dois, abs_url, pdf_url, announced, week)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                paper.id.as_str(),
                paper.version,
                paper.title,
                paper.abstract_text,
                authors,
                timestamp(paper.published),
                timestamp(paper.updated),
                paper.primary_category,
                paper.comment,
                paper.journal_ref,
                paper.dois.join(" "),
                paper.links.abs,
                paper.links.pdf,
                announced.to_string(),
                IsoWeek::containing(announced).to_string(),
            ])?;
        let pk = self.tx.last_insert_rowid();
        self.tx
            .prepare_cached(
                "INSERT INTO papers_fts (rowid, title, abstract, authors) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![pk, paper.title, paper.abstract_text, authors])?;
        self.insert_children(pk, paper)
    }

    fn replace(&mut self, pk: i64, paper: &Paper, announced: NaiveDate) -> Result<(), StoreError> {
        // External-content FTS needs the old text to remove the old terms.
        self.tx
            .prepare_cached(
                "INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors)
                 SELECT 'delete', pk, title, abstract, authors FROM papers WHERE pk = ?1",
            )?
            .execute([pk])?;
        let authors = paper.author_names();
        self.tx
            .prepare_cached(
                "UPDATE papers SET version = ?2, title = ?3, abstract = ?4, authors = ?5, published = ?6,
                    updated = ?7, primary_category = ?8, comment = ?9, journal_ref = ?10, dois = ?11,
                    abs_url = ?12, pdf_url = ?13, announced = ?14, week = ?15
                 WHERE pk = ?1",
            )?
            .execute(params![
                pk,
                paper.version,
                paper.title,
                paper.abstract_text,
                authors,
                timestamp(paper.published),
                timestamp(paper.updated),
                paper.primary_category,
                paper.comment,
                paper.journal_ref,
                paper.dois.join(" "),
                paper.links.abs,
                paper.links.pdf,
                announced.to_string(),
                IsoWeek::containing(announced).to_string(),
            ])?;
        self.tx
            .prepare_cached(
                "INSERT INTO papers_fts (rowid, title, abstract, authors) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![pk, paper.title, paper.abstract_text, authors])?;
        self.tx.prepare_cached("DELETE FROM paper_authors WHERE paper_pk = ?1")?.execute([pk])?;
        self.tx.prepare_cached("DELETE FROM paper_categories WHERE paper_pk = ?1")?.execute([pk])?;
        self.insert_children(pk, paper)
    }

    fn insert_children(&mut self, pk: i64, paper: &Paper) -> Result<(), StoreError> {
        let mut author_stmt = self.tx.prepare_cached(
            "INSERT INTO paper_authors (paper_pk, position, name, affiliations) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (position, author) in paper.authors.iter().enumerate() {
            let affiliations = match author.affiliations.is_empty() {
                true => None,
                false => Some(
                    serde_json::to_string(&author.affiliations)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                ),
            };
            author_stmt.execute(params![pk, position as i64, author.name, affiliations])?;
        }
        let mut category_stmt = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO paper_categories (paper_pk, category, position, is_primary) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (position, category) in paper.categories.iter().enumerate() {
            category_stmt.execute(params![
                pk,
                category,
                position as i64,
                *category == paper.primary_category
            ])?;
        }
        // The feed tells us when v1 and the returned version were submitted.
        let mut version_stmt = self.tx.prepare_cached(
            "INSERT INTO paper_versions (paper_pk, version, submitted) VALUES (?1, ?2, ?3)
             ON CONFLICT (paper_pk, version) DO UPDATE SET submitted = coalesce(submitted, excluded.submitted)",
        )?;
        version_stmt.execute(params![pk, 1, timestamp(paper.published)])?;
        if paper.version > 1 {
            version_stmt.execute(params![pk, paper.version, timestamp(paper.updated)])?;
        }
        Ok(())
    }
}

impl Store {
    /// The stored paper with this id, if any.
    pub fn paper(&self, id: &ArxivId) -> Result<Option<StoredPaper>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT pk, version, title, abstract, published, updated, primary_category, comment,
                        journal_ref, dois, abs_url, pdf_url, announced
                 FROM papers WHERE id = ?1",
            )?
            .query_row([id.as_str()], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, u32>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, Option<String>>(7)?,
                    row.get::<_, Option<String>>(8)?,
                    row.get::<_, String>(9)?,
                    row.get::<_, String>(10)?,
                    row.get::<_, String>(11)?,
                    row.get::<_, String>(12)?,
                ))
            })
            .optional()?;
        let Some((
            pk,
            version,
            title,
            abstract_text,
            published,
            updated,
            primary,
            comment,
            journal_ref,
            dois,
            abs,
            pdf,
            announced,
        )) = row
        else {
            return Ok(None);
        };
        let announced = NaiveDate::parse_from_str(&announced, "%Y-%m-%d")
            .map_err(|_| StoreError::Corrupt(format!("paper {id} has listing date '{announced}'")))?;
        let paper = Paper {
            id: id.clone(),
            version,
            title,
            abstract_text,
            authors: self.authors(pk)?,
            published: parse_timestamp(&published)?,
            updated: parse_timestamp(&updated)?,
            primary_category: primary,
            categories: self.categories(pk)?,
            comment,
            journal_ref,
            dois: dois.split_whitespace().map(str::to_string).collect(),
            links: Links { abs, pdf },
        };
        Ok(Some(StoredPaper {
            paper,
            announced,
            week: IsoWeek::containing(announced),
            versions: self.versions(pk)?,
        }))
    }

    /// Every paper listed in `week`, by listing date then id.
    pub fn papers_in_week(&self, week: IsoWeek) -> Result<Vec<StoredPaper>, StoreError> {
        let mut stmt =
            self.conn.prepare_cached("SELECT id FROM papers WHERE week = ?1 ORDER BY announced, id")?;
        let ids = stmt
            .query_map([week.to_string()], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut papers = Vec::with_capacity(ids.len());
        for id in ids {
            let id = ArxivId::parse(&id).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            papers.extend(self.paper(&id)?);
        }
        Ok(papers)
    }

    fn authors(&self, pk: i64) -> Result<Vec<Author>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, affiliations FROM paper_authors WHERE paper_pk = ?1 ORDER BY position",
        )?;
        let rows =
            stmt.query_map([pk], |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?)))?;
        let mut authors = Vec::new();
        for row in rows {
            let (name, affiliations) = row?;
            let affiliations = match affiliations {
                Some(json) => serde_json::from_str(&json).map_err(|_| {
                    StoreError::Corrupt(format!("affiliations of {name} are not a JSON list"))
                })?,
                None => Vec::new(),
            };
            authors.push(Author { name, affiliations });
        }
        Ok(authors)
    }

    fn categories(&self, pk: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT category FROM paper_categories WHERE paper_pk = ?1 ORDER BY position")?;
        let rows = stmt.query_map([pk], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn versions(&self, pk: i64) -> Result<Vec<VersionRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT version, submitted FROM paper_versions WHERE paper_pk = ?1 ORDER BY version",
        )?;
        let rows =
            stmt.query_map([pk], |row| Ok((row.get::<_, u32>(0)?, row.get::<_, Option<String>>(1)?)))?;
        let mut versions = Vec::new();
        for row in rows {
            let (version, submitted) = row?;
            versions.push(VersionRecord {
                version,
                submitted: submitted.as_deref().map(parse_timestamp).transpose()?,
            });
        }
        Ok(versions)
    }
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt(format!("'{text}' is not an RFC 3339 timestamp")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arxiv::atom::parse_feed;

    const CURRENT: &str = include_str!("../../tests/fixtures/current-backend.xml");
    const NEWER: &str = include_str!("../../tests/fixtures/newer-version.xml");

    fn papers(feed: &str) -> Vec<Paper> {
        parse_feed(feed.as_bytes()).expect("fixture parses").papers
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn import(store: &mut Store, papers: &[Paper]) -> ImportCounts {
        let mut batch = store.begin_import().expect("begin");
        for paper in papers {
            batch.upsert(paper, date("2024-05-24")).expect("upsert");
        }
        batch.commit().expect("commit")
    }

    fn fts_hits(store: &Store, query: &str) -> Vec<String> {
        let mut stmt = store
            .conn
            .prepare("SELECT p.id FROM papers_fts JOIN papers p ON p.pk = papers_fts.rowid WHERE papers_fts MATCH ?1 ORDER BY p.id")
            .expect("prepare");
        stmt.query_map([query], |row| row.get(0)).expect("query").collect::<Result<_, _>>().expect("rows")
    }

    fn table_counts(store: &Store) -> Vec<i64> {
        ["papers", "paper_versions", "paper_authors", "paper_categories", "papers_fts"]
            .iter()
            .map(|t| {
                store.conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).expect("count")
            })
            .collect()
    }

    #[test]
    fn new_papers_are_stored_with_every_field() {
        let mut store = Store::open_in_memory().expect("store");
        let feed = papers(CURRENT);
        assert_eq!(import(&mut store, &feed), ImportCounts { new: 4, updated: 0, unchanged: 0 });
        let id = ArxivId::parse("2405.14001").expect("id");
        let stored = store.paper(&id).expect("read").expect("present");
        assert_eq!(stored.paper, feed[0], "round trip loses nothing");
        assert_eq!(stored.announced, date("2024-05-24"));
        assert_eq!(stored.week.to_string(), "2024-W21");
        assert_eq!(stored.versions, [VersionRecord { version: 1, submitted: Some(feed[0].published) }]);
        let gqa = store.paper(&ArxivId::parse("2405.14002").expect("id")).expect("read").expect("present");
        let known: Vec<u32> = gqa.versions.iter().map(|v| v.version).collect();
        assert_eq!(known, [1, 3], "v1 from <published>, v3 from <updated>");
        assert_eq!(fts_hits(&store, "\"key-value cache\""), ["2405.14001"]);
        assert_eq!(fts_hits(&store, "authors:nunez"), ["2405.14001"], "diacritics fold in search");
    }

    #[test]
    fn the_same_or_an_older_version_changes_nothing() {
        let mut store = Store::open_in_memory().expect("store");
        import(&mut store, &papers(NEWER));
        let id = ArxivId::parse("2405.14001").expect("id");
        let before = store.paper(&id).expect("read");
        let counts_before = table_counts(&store);
        assert_eq!(import(&mut store, &papers(NEWER)), ImportCounts { new: 0, updated: 0, unchanged: 1 });
        let older = papers(CURRENT);
        assert_eq!(import(&mut store, &older[..1]), ImportCounts { new: 0, updated: 0, unchanged: 1 });
        assert_eq!(store.paper(&id).expect("read"), before);
        assert_eq!(table_counts(&store), counts_before);
    }

    #[test]
    fn a_newer_version_updates_the_paper_and_its_history() {
        let mut store = Store::open_in_memory().expect("store");
        import(&mut store, &papers(CURRENT));
        let counts_before = table_counts(&store);
        assert_eq!(import(&mut store, &papers(NEWER)), ImportCounts { new: 0, updated: 1, unchanged: 0 });
        let id = ArxivId::parse("2405.14001").expect("id");
        let stored = store.paper(&id).expect("read").expect("present");
        assert_eq!(stored.paper.version, 2);
        assert_eq!(stored.paper.title, "KV-Cache Compression for Long-Context Inference (Revised)");
        assert_eq!(stored.paper.categories, ["cs.CL", "cs.AI"]);
        assert_eq!(stored.paper.authors.len(), 2);
        assert!(stored.paper.dois.is_empty());
        let known: Vec<u32> = stored.versions.iter().map(|v| v.version).collect();
        assert_eq!(known, [1, 2]);
        assert_eq!(stored.announced, date("2024-05-24"), "the listing date stays v1's");
        assert_eq!(fts_hits(&store, "revised"), ["2405.14001"]);
        assert!(fts_hits(&store, "serving AND LLM").is_empty(), "old title terms leave the index");
        let after = table_counts(&store);
        assert_eq!(after[0], counts_before[0], "still one row per paper");
        assert_eq!(after[1], counts_before[1] + 1, "one more version row");
    }

    #[test]
    fn an_uncommitted_batch_leaves_no_trace() {
        let mut store = Store::open_in_memory().expect("store");
        {
            let mut batch = store.begin_import().expect("begin");
            for paper in papers(CURRENT) {
                batch.upsert(&paper, date("2024-05-24")).expect("upsert");
            }
            assert_eq!(batch.counts().new, 4);
        }
        assert_eq!(table_counts(&store), [0, 0, 0, 0, 0]);
    }

    #[test]
    fn papers_in_week_lists_by_listing_date() {
        let mut store = Store::open_in_memory().expect("store");
        let mut batch = store.begin_import().expect("begin");
        for (paper, listed) in
            papers(CURRENT).iter().zip(["2024-05-24", "2024-05-20", "2024-05-27", "2024-05-20"])
        {
            batch.upsert(paper, date(listed)).expect("upsert");
        }
        batch.commit().expect("commit");
        let week: IsoWeek = "2024-W21".parse().expect("week");
        let ids: Vec<String> =
            store.papers_in_week(week).expect("query").iter().map(|p| p.paper.id.to_string()).collect();
        assert_eq!(ids, ["2405.14002", "astro-ph/0601001", "2405.14001"]);
    }
}
