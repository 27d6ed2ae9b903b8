//! Writing papers (the version-aware upsert) and reading one back.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, ToSql, Transaction, TransactionBehavior, params};

use super::{Store, StoreError};
use crate::id::ArxivId;
use crate::model::signals::Prior;
use crate::model::{AnnouncementRecord, Links, Paper, StoredPaper, StoredTopic, VersionRecord};
use crate::week::{IsoWeek, Schedule};

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

/// How long before a `cross` announcement a paper's estimated listing date may lie
/// for the announcement to count as its first appearance (moderation holds papers
/// back for a few days at most).
const CROSS_LIST_WINDOW_DAYS: u64 = 7;

/// The stored version of a paper, looked up by id before every write.
pub(super) const BY_ID_SQL: &str = "SELECT pk, version, categories FROM papers WHERE id = ?1";

/// A write transaction over many papers. Dropping it without [`ImportBatch::commit`]
/// rolls everything back, so a file that fails half-way leaves no trace.
pub struct ImportBatch<'c> {
    pub(super) tx: Transaction<'c>,
    counts: ImportCounts,
}

impl<'c> ImportBatch<'c> {
    pub(super) fn begin(conn: &'c mut Connection) -> Result<ImportBatch<'c>, StoreError> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(ImportBatch { tx, counts: ImportCounts::default() })
    }

    /// Inserts the paper, or replaces the stored one if the row's version is newer;
    /// an equal or older version changes nothing.
    pub fn upsert(&mut self, row: &PaperRow) -> Result<Outcome, StoreError> {
        let existing = self.stored(&row.paper.id)?;
        let outcome = match existing {
            Some((pk, stored, _)) if stored >= row.paper.version => {
                // An older or equal version may still tell us about versions we lack.
                self.write_versions(pk, row)?;
                Outcome::Unchanged
            }
            Some((pk, stored, old_categories)) => {
                // External-content FTS needs the old text to remove the old terms.
                self.tx
                    .prepare_cached(
                        "INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors)
                         SELECT 'delete', pk, title, abstract, authors FROM papers WHERE pk = ?1",
                    )?
                    .execute([pk])?;
                let mut delete = self
                    .tx
                    .prepare_cached("DELETE FROM paper_categories WHERE category = ?1 AND paper_pk = ?2")?;
                for category in old_categories.split_whitespace() {
                    delete.execute(params![category, pk])?;
                }
                drop(delete);
                self.write(row, Some(pk))?;
                Outcome::Updated { from_version: stored }
            }
            None => {
                self.write(row, None)?;
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

    /// Writes the paper's row (a new one when `existing` is `None`, else over that
    /// row), its full-text entry, categories and known versions. The caller has
    /// removed any stale FTS entry and categories.
    ///
    /// Every statement here must run without a statement journal: FTS5 flushes its
    /// in-memory term buffer to disk at each savepoint, and statements that need
    /// one (UPSERTs, RETURNING, multi-row INSERTs) made imports much slower.
    fn write(&mut self, row: &PaperRow, existing: Option<i64>) -> Result<(), StoreError> {
        let paper = &row.paper;
        let topics_hash = row.topics.as_ref().map(|(_, hash)| hash.as_str());
        let (prior_featured, prior_picked) = prior_columns(row.prior);
        let (near_topic, near_score) =
            (row.near.as_ref().map(|n| n.0.as_str()), row.near.as_ref().map(|n| n.1));
        let values: [&dyn ToSql; 22] = [
            &paper.id.as_str(),
            &paper.version,
            &paper.title,
            &paper.abstract_text,
            &row.authors,
            &row.authors_json,
            &row.published,
            &row.updated,
            &paper.primary_category,
            &row.categories,
            &paper.comment,
            &paper.journal_ref,
            &row.dois,
            &paper.links.abs,
            &paper.links.pdf,
            &row.announced,
            &row.week,
            &topics_hash,
            &prior_featured,
            &prior_picked,
            &near_topic,
            &near_score,
        ];
        let pk = match existing {
            Some(pk) => {
                self.tx
                    .prepare_cached(
                        "UPDATE papers SET version = ?2, title = ?3, abstract = ?4, authors = ?5,
                            authors_json = ?6, published = ?7, updated = ?8, primary_category = ?9,
                            categories = ?10, comment = ?11, journal_ref = ?12, dois = ?13, abs_url = ?14,
                            pdf_url = ?15, topics_hash = ?18, prior_featured = ?19, prior_picked = ?20,
                            near_topic = ?21, near_score = ?22,
                            announced = iif(announced_exact, announced, ?16),
                            week = iif(announced_exact, week, ?17)
                         WHERE id = ?1",
                    )?
                    .execute(&values[..])?;
                pk
            }
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO papers (id, version, title, abstract, authors, authors_json, published,
                            updated, primary_category, categories, comment, journal_ref, dois, abs_url,
                            pdf_url, announced, week, topics_hash, prior_featured, prior_picked, near_topic,
                            near_score)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                                 ?19, ?20, ?21, ?22)",
                    )?
                    .execute(&values[..])?;
                self.tx.last_insert_rowid()
            }
        };
        self.tx
            .prepare_cached(
                "INSERT INTO papers_fts (rowid, title, abstract, authors) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![pk, paper.title, paper.abstract_text, row.authors])?;
        let mut category_stmt = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO paper_categories (category, paper_pk, is_primary) VALUES (?1, ?2, ?3)",
        )?;
        for category in &paper.categories {
            category_stmt.execute(params![category, pk, *category == paper.primary_category])?;
        }
        if let Some((topics, _)) = &row.topics {
            write_topics(&self.tx, pk, topics, existing.is_some())?;
        }
        self.write_versions(pk, row)?;
        Ok(())
    }
}

impl ImportBatch<'_> {
    /// Adds the row's known versions, or fills in what stored ones lack. A listing
    /// date the announcement feed gave is kept over an estimate.
    fn write_versions(&self, pk: i64, row: &PaperRow) -> Result<(), StoreError> {
        let mut version_stmt = self.tx.prepare_cached(
            "INSERT INTO paper_versions (paper_pk, version, submitted, announced) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (paper_pk, version) DO UPDATE SET
                 submitted = coalesce(submitted, excluded.submitted),
                 announced = iif(announce_type IS NULL, coalesce(excluded.announced, announced), announced)",
        )?;
        for version in &row.versions {
            version_stmt.execute(params![pk, version.version, version.submitted, version.announced])?;
        }
        Ok(())
    }

    /// Records what the announcement feed said about a stored paper: the day a
    /// version was announced and how (`new`, `cross`, `replace`, `replace-cross`,
    /// `absonly`). `new` and `cross` also fix the paper's own listing date; all but
    /// `absonly` fix the version's. Returns false when the paper is not stored.
    pub fn announce(
        &mut self,
        id: &ArxivId,
        version: u32,
        announce_type: &str,
        announced: NaiveDate,
    ) -> Result<bool, StoreError> {
        let Some((pk, _, _)) = self.stored(id)? else {
            return Ok(false);
        };
        let day = announced.to_string();
        self.tx
            .prepare_cached(
                "INSERT OR REPLACE INTO announcements (paper_pk, announced, version, announce_type)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![pk, day, version, announce_type])?;
        // A paper's first appearance fixes its listing date. `cross` is one only for
        // a new paper (its estimate a few days before the feed's day at most): a
        // cross-list added to an older paper is logged and moves nothing.
        let first_appearance = match announce_type {
            "new" => true,
            "cross" => {
                let estimate: String = self
                    .tx
                    .prepare_cached("SELECT announced FROM papers WHERE pk = ?1")?
                    .query_row([pk], |r| r.get(0))?;
                let earliest = (announced - chrono::Days::new(CROSS_LIST_WINDOW_DAYS)).to_string();
                version == 1 && (earliest..=day.clone()).contains(&estimate)
            }
            _ => false,
        };
        if first_appearance {
            self.tx
                .prepare_cached(
                    "UPDATE papers SET announced = ?2, week = ?3, announced_exact = 1 WHERE pk = ?1",
                )?
                .execute(params![pk, day, IsoWeek::containing(announced).to_string()])?;
        } else if !matches!(announce_type, "replace" | "replace-cross") {
            return Ok(true);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO paper_versions (paper_pk, version, announced, announce_type) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (paper_pk, version) DO UPDATE SET
                     announced = excluded.announced, announce_type = excluded.announce_type",
            )?
            .execute(params![pk, version, day, announce_type])?;
        Ok(true)
    }

    /// Removes a paper the source reports deleted, with everything attached to it,
    /// and remembers the deletion. Returns whether a stored paper went.
    pub fn delete(&mut self, id: &ArxivId, datestamp: NaiveDate) -> Result<bool, StoreError> {
        self.tx
            .prepare_cached("INSERT OR REPLACE INTO deleted_papers (id, datestamp) VALUES (?1, ?2)")?
            .execute(params![id.as_str(), datestamp.to_string()])?;
        let Some((pk, _, _)) = self.stored(id)? else {
            return Ok(false);
        };
        self.tx
            .prepare_cached(
                "INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors)
                 SELECT 'delete', pk, title, abstract, authors FROM papers WHERE pk = ?1",
            )?
            .execute([pk])?;
        for table in [
            "paper_versions",
            "paper_categories",
            "paper_topics",
            "paper_labels",
            "announcements",
            "author_record_papers",
        ] {
            self.tx.prepare_cached(&format!("DELETE FROM {table} WHERE paper_pk = ?1"))?.execute([pk])?;
        }
        self.tx.prepare_cached("DELETE FROM papers WHERE pk = ?1")?.execute([pk])?;
        Ok(true)
    }

    fn stored(&self, id: &ArxivId) -> Result<Option<(i64, u32, String)>, StoreError> {
        Ok(self
            .tx
            .prepare_cached(BY_ID_SQL)?
            .query_row([id.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?)
    }
}

/// The prior from its columns.
pub(super) fn prior_from(featured: Option<f64>, picked: Option<f64>) -> Option<Prior> {
    Some(Prior { featured: featured? as f32, picked: picked? as f32 })
}

/// The prior's columns: NULL without one.
pub(super) fn prior_columns(prior: Option<Prior>) -> (Option<f64>, Option<f64>) {
    (prior.map(|p| f64::from(p.featured)), prior.map(|p| f64::from(p.picked)))
}

/// Replaces a paper's classifier topics; manual labels are applied on top (the
/// caller records which taxonomy produced them). `may_have_labels` is false for a paper just
/// inserted, which saves the label queries on the bulk path.
pub(super) fn write_topics(
    tx: &Connection,
    pk: i64,
    topics: &[(String, f64)],
    may_have_labels: bool,
) -> Result<(), StoreError> {
    if may_have_labels {
        tx.prepare_cached("DELETE FROM paper_topics WHERE paper_pk = ?1")?.execute([pk])?;
    }
    let mut insert =
        tx.prepare_cached("INSERT INTO paper_topics (paper_pk, topic, score) VALUES (?1, ?2, ?3)")?;
    for (topic, score) in topics {
        insert.execute(params![pk, topic, score])?;
    }
    if may_have_labels {
        apply_labels(tx, pk)?;
    }
    Ok(())
}

/// Makes a paper's topics agree with its manual labels.
pub(super) fn apply_labels(tx: &Connection, pk: i64) -> Result<(), StoreError> {
    tx.prepare_cached(
        "DELETE FROM paper_topics WHERE paper_pk = ?1
           AND topic IN (SELECT topic FROM paper_labels WHERE paper_pk = ?1 AND assigned = 0)",
    )?
    .execute([pk])?;
    tx.prepare_cached(
        "INSERT OR IGNORE INTO paper_topics (paper_pk, topic, score, manual)
         SELECT paper_pk, topic, 0, 1 FROM paper_labels WHERE paper_pk = ?1 AND assigned = 1",
    )?
    .execute([pk])?;
    Ok(())
}

/// A paper and its listing date, encoded for the database. Building one is pure,
/// so importers can do it on the parsing thread, off the single writer.
#[derive(Debug, Clone)]
pub struct PaperRow {
    paper: Paper,
    authors: String,
    authors_json: String,
    categories: String,
    published: String,
    updated: String,
    dois: String,
    announced: String,
    week: String,
    /// Classifier topics and the taxonomy fingerprint, when classified.
    topics: Option<(Vec<(String, f64)>, String)>,
    /// The importance prior, when the classifier has one.
    prior: Option<Prior>,
    /// The topic the classifier came nearest to without assigning it, and its score.
    near: Option<(String, f64)>,
    versions: Vec<VersionRow>,
}

/// One version as written: submission time and listing date, when known.
#[derive(Debug, Clone)]
struct VersionRow {
    version: u32,
    submitted: Option<String>,
    announced: Option<String>,
}

impl PaperRow {
    /// `announced` is the listing date the caller computed (see [`crate::week::Schedule`]);
    /// the submission times of v1 and of the paper's version are recorded, the latter
    /// without a listing date.
    pub fn new(paper: Paper, announced: NaiveDate) -> Result<PaperRow, StoreError> {
        let mut versions =
            vec![VersionRow { version: 1, submitted: Some(timestamp(paper.published)), announced: None }];
        if paper.version > 1 {
            versions.push(VersionRow {
                version: paper.version,
                submitted: Some(timestamp(paper.updated)),
                announced: None,
            });
        }
        versions[0].announced = Some(announced.to_string());
        Ok(PaperRow {
            versions,
            authors: paper.author_names(),
            authors_json: serde_json::to_string(&paper.authors)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            categories: paper.categories.join(" "),
            published: timestamp(paper.published),
            updated: timestamp(paper.updated),
            dois: paper.dois.join(" "),
            announced: announced.to_string(),
            week: IsoWeek::containing(announced).to_string(),
            paper,
            topics: None,
            prior: None,
            near: None,
        })
    }

    /// Adds the classifier's topics (slug, score) and the fingerprint of the
    /// taxonomy that produced them.
    pub fn with_topics(mut self, topics: Vec<(String, f64)>, taxonomy_hash: &str) -> PaperRow {
        self.topics = Some((topics, taxonomy_hash.to_string()));
        self
    }

    /// Adds the importance prior the classifier gave with the topics.
    pub fn with_prior(mut self, prior: Option<Prior>) -> PaperRow {
        self.prior = prior;
        self
    }

    /// Adds the topic the classifier came nearest to without assigning it.
    pub fn with_near(mut self, near: Option<(String, f64)>) -> PaperRow {
        self.near = near;
        self
    }

    /// The paper listed on the day the schedule gives for its v1 submission, its
    /// newest version on the day the schedule gives for that one.
    pub fn dated(paper: Paper, schedule: &Schedule) -> Result<PaperRow, StoreError> {
        let latest = (paper.version > 1).then(|| schedule.listing_date(paper.updated));
        let announced = schedule.listing_date(paper.published);
        let mut row = PaperRow::new(paper, announced)?;
        if let (Some(day), Some(version)) = (latest, row.versions.get_mut(1)) {
            version.announced = Some(day.to_string());
        }
        Ok(row)
    }

    /// Replaces the versions with a full history (version, submission time), each
    /// listed on the day the schedule gives; v1 keeps the row's listing date.
    pub fn with_history(mut self, history: &[(u32, DateTime<Utc>)], schedule: &Schedule) -> PaperRow {
        self.versions = history
            .iter()
            .map(|&(version, submitted)| VersionRow {
                version,
                submitted: Some(timestamp(submitted)),
                announced: Some(match version {
                    1 => self.announced.clone(),
                    _ => schedule.listing_date(submitted).to_string(),
                }),
            })
            .collect();
        self
    }

    pub fn paper(&self) -> &Paper {
        &self.paper
    }
}

impl Store {
    /// The stored paper with this id, if any, with its versions and topics.
    pub fn paper(&self, id: &ArxivId) -> Result<Option<StoredPaper>, StoreError> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {PAPER_COLUMNS} FROM papers p WHERE p.id = ?1"))?;
        let mut rows = stmt.query([id.as_str()])?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        let (pk, mut stored) = paper_from_row(row)?;
        stored.versions = self.versions(pk)?;
        stored.topics = self.topics_of(pk)?;
        stored.announcements = self.announcements(pk)?;
        stored.signals = self.signals(&stored.paper.id)?;
        Ok(Some(stored))
    }

    /// Every paper listed in `week`, by listing date then id, with those replaced
    /// in it unless `new_only`.
    pub fn papers_in_week(&self, week: IsoWeek, new_only: bool) -> Result<Vec<StoredPaper>, StoreError> {
        let listed = Some((week.monday(), week.sunday()));
        let query = super::PaperQuery { listed, new_only, ..Default::default() };
        self.find_papers(&query)
    }

    fn topics_of(&self, pk: i64) -> Result<Vec<StoredTopic>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT topic, score, manual FROM paper_topics WHERE paper_pk = ?1 ORDER BY manual, score DESC, topic",
        )?;
        let rows = stmt.query_map([pk], |row| {
            Ok(StoredTopic { slug: row.get(0)?, score: row.get(1)?, manual: row.get(2)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn announcements(&self, pk: i64) -> Result<Vec<AnnouncementRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT announced, version, announce_type FROM announcements
             WHERE paper_pk = ?1 ORDER BY announced, version",
        )?;
        let rows = stmt.query_map([pk], |row| Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?)))?;
        let mut announcements = Vec::new();
        for row in rows {
            let (day, version, announce_type) = row?;
            announcements.push(AnnouncementRecord { announced: parse_date(&day)?, version, announce_type });
        }
        Ok(announcements)
    }

    fn versions(&self, pk: i64) -> Result<Vec<VersionRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT version, submitted, announced, announce_type FROM paper_versions
             WHERE paper_pk = ?1 ORDER BY version",
        )?;
        let rows = stmt.query_map([pk], |row| {
            Ok((
                row.get::<_, u32>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get(3)?,
            ))
        })?;
        let mut versions = Vec::new();
        for row in rows {
            let (version, submitted, announced, announce_type) = row?;
            versions.push(VersionRecord {
                version,
                submitted: submitted.as_deref().map(parse_timestamp).transpose()?,
                announced: announced.as_deref().map(parse_date).transpose()?,
                announce_type,
            });
        }
        Ok(versions)
    }
}

/// The columns [`paper_from_row`] reads, for queries over `papers p`.
pub(super) const PAPER_COLUMNS: &str =
    "p.pk, p.id, p.version, p.title, p.abstract, p.authors_json, p.published,
    p.updated, p.primary_category, p.categories, p.comment, p.journal_ref, p.dois, p.abs_url, p.pdf_url,
    p.announced, p.topics_hash, p.prior_featured, p.prior_picked, p.near_topic, p.near_score";

/// A paper from a row of [`PAPER_COLUMNS`], without versions or topics (the caller
/// adds what it needs), and its primary key.
pub(super) fn paper_from_row(row: &rusqlite::Row) -> Result<(i64, StoredPaper), StoreError> {
    // Columns by position, in PAPER_COLUMNS order: lookups by name cost a string
    // search per column per row, which shows in week-long exports.
    let text = |column: usize| -> Result<String, StoreError> { Ok(row.get(column)?) };
    let id_text = text(1)?;
    let corrupt = |what: &str| StoreError::Corrupt(format!("paper {id_text} has a bad {what}"));
    let id = ArxivId::parse(&id_text).map_err(|_| corrupt("id"))?;
    let announced = parse_date(&text(15)?).map_err(|_| corrupt("listing date"))?;
    let paper = Paper {
        id,
        version: row.get(2)?,
        title: text(3)?,
        abstract_text: text(4)?,
        authors: serde_json::from_str(&text(5)?).map_err(|_| corrupt("author list"))?,
        published: parse_timestamp(&text(6)?)?,
        updated: parse_timestamp(&text(7)?)?,
        primary_category: text(8)?,
        categories: text(9)?.split_whitespace().map(str::to_string).collect(),
        comment: row.get(10)?,
        journal_ref: row.get(11)?,
        dois: text(12)?.split_whitespace().map(str::to_string).collect(),
        links: Links { abs: text(13)?, pdf: text(14)? },
    };
    let stored = StoredPaper {
        paper,
        announced,
        week: IsoWeek::containing(announced),
        versions: Vec::new(),
        topics: Vec::new(),
        topics_hash: row.get(16)?,
        replaced: None,
        relisted: None,
        announcements: Vec::new(),
        signals: None,
        prior: prior_from(row.get(17)?, row.get(18)?),
        near_topic: match (row.get::<_, Option<String>>(19)?, row.get::<_, Option<f64>>(20)?) {
            (Some(slug), Some(score)) => Some(StoredTopic { slug, score, manual: false }),
            _ => None,
        },
    };
    Ok((row.get(0)?, stored))
}

pub(super) fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("'{text}' is not a stored date")))
}

pub(super) fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(super) fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, StoreError> {
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

    fn row(paper: &Paper, listed: &str) -> PaperRow {
        PaperRow::new(paper.clone(), date(listed)).expect("encodes")
    }

    fn import(store: &mut Store, papers: &[Paper]) -> ImportCounts {
        let mut batch = store.begin_import().expect("begin");
        for paper in papers {
            batch.upsert(&row(paper, "2024-05-24")).expect("upsert");
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
        ["papers", "paper_versions", "paper_categories", "papers_fts"]
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
        let v1 = VersionRecord {
            version: 1,
            submitted: Some(feed[0].published),
            announced: Some(date("2024-05-24")),
            announce_type: None,
        };
        assert_eq!(stored.versions, [v1]);
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
                batch.upsert(&row(&paper, "2024-05-24")).expect("upsert");
            }
            assert_eq!(batch.counts().new, 4);
        }
        assert_eq!(table_counts(&store), [0, 0, 0, 0]);
    }

    #[test]
    fn papers_in_week_lists_by_listing_date() {
        let mut store = Store::open_in_memory().expect("store");
        let mut batch = store.begin_import().expect("begin");
        for (paper, listed) in
            papers(CURRENT).iter().zip(["2024-05-24", "2024-05-20", "2024-05-27", "2024-05-20"])
        {
            batch.upsert(&row(paper, listed)).expect("upsert");
        }
        batch.commit().expect("commit");
        let week: IsoWeek = "2024-W21".parse().expect("week");
        let ids: Vec<String> = store
            .papers_in_week(week, false)
            .expect("query")
            .iter()
            .map(|p| p.paper.id.to_string())
            .collect();
        assert_eq!(ids, ["2405.14002", "astro-ph/0601001", "2405.14001"]);
    }

    #[test]
    fn week_views_place_replacements_on_their_day_and_new_only_drops_them() {
        let mut store = Store::open_in_memory().expect("store");
        let mut batch = store.begin_import().expect("begin");
        for (paper, listed) in
            papers(CURRENT).iter().zip(["2024-05-24", "2024-05-20", "2024-05-13", "2024-05-21"])
        {
            batch.upsert(&row(paper, listed)).expect("upsert");
        }
        // The third paper, listed the week before, gets a v2 on Wednesday.
        let third = papers(CURRENT)[2].id.clone();
        assert!(batch.announce(&third, 2, "replace", date("2024-05-22")).expect("announce"));
        // And a v3 in 2024-W23, a week with no new paper.
        assert!(batch.announce(&third, 3, "replace", date("2024-06-05")).expect("announce"));
        batch.commit().expect("commit");
        let week: IsoWeek = "2024-W21".parse().expect("week");
        let listed = |new_only: bool, limit: Option<usize>| -> Vec<(String, Option<u32>)> {
            let query = super::super::PaperQuery {
                listed: Some((week.monday(), week.sunday())),
                new_only,
                limit,
                ..Default::default()
            };
            let found = store.find_papers(&query).expect("query");
            found.iter().map(|p| (p.paper.id.to_string(), p.replaced)).collect()
        };
        let view = store
            .find_papers(&super::super::PaperQuery {
                listed: Some((week.monday(), week.sunday())),
                ..Default::default()
            })
            .expect("query");
        let relisted: Vec<_> =
            view.iter().filter(|p| p.replaced.is_some()).map(|p| p.listed_in_view()).collect();
        assert_eq!(relisted, [date("2024-05-22")], "listed in the view on the day of its v2");
        let weeks: Vec<(String, u64, u64)> =
            store.weeks(3).expect("weeks").into_iter().map(|w| (w.week, w.papers, w.replaced)).collect();
        assert_eq!(
            weeks,
            [("2024-W23".into(), 0, 1), ("2024-W21".into(), 3, 1), ("2024-W20".into(), 1, 0)],
            "a week of replacements only counts too"
        );
        let expected_ids = ["2405.14002", "astro-ph/0601001", third.as_str(), "2405.14001"];
        let all = listed(false, None);
        assert_eq!(all.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), expected_ids);
        assert_eq!(all[2].1, Some(2), "marked as replaced by v2");
        assert!(all.iter().filter(|(_, replaced)| replaced.is_some()).count() == 1);
        assert_eq!(listed(false, Some(2)).len(), 2);
        assert_eq!(listed(false, Some(2))[0].0, "2405.14002", "a limit keeps listing order");
        let new_only = listed(true, None);
        assert!(new_only.iter().all(|(id, _)| *id != third.as_str()), "--new-only drops it: {new_only:?}");
        let earlier = store.papers_in_week("2024-W20".parse().expect("week"), false).expect("query");
        assert!(earlier.iter().any(|p| p.paper.id == third && p.replaced.is_none()), "listed as new in W20");
    }
}
