//! Community signals (Hugging Face's daily papers) as stored: one row per arXiv
//! id with the latest counts, and the days whose lists were read. Also the
//! counts the importance score asks of the papers themselves (authors' earlier
//! papers).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::papers::{parse_date, timestamp};
use super::search::{author_expression, placeholders};
use super::{Store, StoreError};
use crate::id::ArxivId;
use crate::model::StoredPaper;
use crate::model::signals::CommunitySignals;

/// Ids per statement when reading many papers' signals.
const CHUNK: usize = 500;

/// What saving a day's list did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignalCounts {
    /// Papers seen for the first time.
    pub new: u64,
    /// Papers whose counts, code or summary changed since the last read.
    pub updated: u64,
    pub unchanged: u64,
}

impl SignalCounts {
    pub fn add(&mut self, other: SignalCounts) {
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

const COLUMNS: &str = "upvotes, comments, github_repo, github_stars, organization, summary, keywords, featured, fetched, thumbnail";

impl Store {
    /// Stores the list Hugging Face featured on `day`, all of it or nothing. A
    /// paper already stored gets the newer counts (never older ones, whatever the
    /// order days are read in); a field the answer lacks keeps its stored value.
    pub fn save_daily_signals(
        &mut self,
        day: NaiveDate,
        fetched: DateTime<Utc>,
        papers: &[(ArxivId, CommunitySignals)],
    ) -> Result<SignalCounts, StoreError> {
        let tx = self.conn.transaction()?;
        let mut counts = SignalCounts::default();
        for (id, signals) in papers {
            let before = read_signals(&tx, id)?;
            tx.execute(
                &format!(
                    "INSERT INTO community_signals (id, {COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                     ON CONFLICT (id) DO UPDATE SET
                       upvotes = excluded.upvotes, comments = excluded.comments,
                       github_repo = coalesce(excluded.github_repo, github_repo),
                       github_stars = coalesce(excluded.github_stars, github_stars),
                       organization = coalesce(excluded.organization, organization),
                       summary = coalesce(excluded.summary, summary),
                       thumbnail = coalesce(excluded.thumbnail, thumbnail),
                       keywords = CASE excluded.keywords WHEN '[]' THEN keywords ELSE excluded.keywords END,
                       featured = min(featured, excluded.featured),
                       fetched = excluded.fetched
                     WHERE excluded.fetched >= fetched"
                ),
                params![
                    id.as_str(),
                    signals.upvotes,
                    signals.comments,
                    signals.github_repo,
                    signals.github_stars,
                    signals.organization,
                    signals.summary,
                    serde_json::to_string(&signals.keywords).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    signals.featured.to_string(),
                    timestamp(signals.fetched),
                    signals.thumbnail,
                ],
            )?;
            let after = read_signals(&tx, id)?;
            match before {
                None => counts.new += 1,
                Some(before) if Some(comparable(&before)) != after.as_ref().map(comparable) => {
                    counts.updated += 1
                }
                Some(_) => counts.unchanged += 1,
            }
        }
        tx.execute(
            "INSERT INTO signal_days (day, papers, fetched) VALUES (?1, ?2, ?3)
             ON CONFLICT (day) DO UPDATE SET papers = excluded.papers, fetched = excluded.fetched",
            params![day.to_string(), papers.len() as i64, timestamp(fetched)],
        )?;
        tx.commit()?;
        Ok(counts)
    }

    /// The stored signals of one paper.
    pub fn signals(&self, id: &ArxivId) -> Result<Option<CommunitySignals>, StoreError> {
        read_signals(&self.conn, id)
    }

    /// Every day whose daily papers were read.
    pub fn all_signal_days(&self) -> Result<Vec<NaiveDate>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT day FROM signal_days ORDER BY day")?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        rows.map(|day| parse_date(&day?)).collect()
    }

    /// The days from `first` to `last` whose daily papers were read.
    pub fn signal_days(&self, first: NaiveDate, last: NaiveDate) -> Result<Vec<NaiveDate>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT day FROM signal_days WHERE day BETWEEN ?1 AND ?2 ORDER BY day")?;
        let rows = stmt.query_map([first.to_string(), last.to_string()], |row| row.get::<_, String>(0))?;
        rows.map(|day| parse_date(&day?)).collect()
    }

    /// Those of `ids` the database holds no paper for, in their order.
    pub fn missing_ids(&self, ids: &[ArxivId]) -> Result<Vec<ArxivId>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT 1 FROM papers WHERE id = ?1")?;
        let mut missing = Vec::new();
        for id in ids {
            if !stmt.exists([id.as_str()])? && !missing.contains(id) {
                missing.push(id.clone());
            }
        }
        Ok(missing)
    }

    /// How many papers listed before `before` name `author` (as a phrase, the way
    /// `list --author` matches), counted up to `at_most`: a common name matches
    /// thousands, and stopping early makes the count a fraction of a millisecond.
    pub fn papers_by_author_before(
        &self,
        author: &str,
        before: NaiveDate,
        at_most: u64,
    ) -> Result<u64, StoreError> {
        let Ok(expression) = author_expression(author) else {
            return Ok(0);
        };
        // The full-text index drives the loop, so the LIMIT ends it early.
        let mut stmt = self.conn.prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM papers_fts f JOIN papers p ON p.pk = f.rowid
                                   WHERE papers_fts MATCH ?1 AND p.announced < ?2 LIMIT ?3)",
        )?;
        let limit = i64::try_from(at_most).unwrap_or(i64::MAX);
        let count: i64 = stmt.query_row(params![expression, before.to_string(), limit], |row| row.get(0))?;
        Ok(count.max(0) as u64)
    }

    /// Fills in the signals of papers read without them.
    pub(super) fn attach_signals(&self, papers: &mut [(i64, StoredPaper)]) -> Result<(), StoreError> {
        let index: HashMap<String, usize> =
            papers.iter().enumerate().map(|(i, (_, p))| (p.paper.id.as_str().to_string(), i)).collect();
        let ids: Vec<&str> = index.keys().map(String::as_str).collect();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT id, {COLUMNS} FROM community_signals WHERE id IN ({})",
                placeholders(chunk.len())
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(chunk))?;
            while let Some(row) = rows.next()? {
                let id: String = row.get(0)?;
                if let Some(&i) = index.get(&id) {
                    papers[i].1.signals = Some(signals_from_row(row, 1)?);
                }
            }
        }
        Ok(())
    }
}

/// What counts as a change between two reads (not when they were read).
fn comparable(signals: &CommunitySignals) -> CommunitySignals {
    CommunitySignals { fetched: DateTime::UNIX_EPOCH, ..signals.clone() }
}

fn read_signals(conn: &rusqlite::Connection, id: &ArxivId) -> Result<Option<CommunitySignals>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM community_signals WHERE id = ?1"))?;
    let row = stmt.query_row([id.as_str()], |row| Ok(signals_from_row(row, 0))).optional()?;
    row.transpose()
}

/// Signals from the [`COLUMNS`] of a row, starting at column `first`.
fn signals_from_row(row: &rusqlite::Row, first: usize) -> Result<CommunitySignals, StoreError> {
    let keywords: String = row.get(first + 6)?;
    let fetched: String = row.get(first + 8)?;
    Ok(CommunitySignals {
        upvotes: row.get(first)?,
        comments: row.get(first + 1)?,
        github_repo: row.get(first + 2)?,
        github_stars: row.get(first + 3)?,
        organization: row.get(first + 4)?,
        summary: row.get(first + 5)?,
        keywords: serde_json::from_str(&keywords)
            .map_err(|_| StoreError::Corrupt(format!("bad signal keywords '{keywords}'")))?,
        featured: parse_date(&row.get::<_, String>(first + 7)?)?,
        fetched: DateTime::parse_from_rfc3339(&fetched)
            .map_err(|_| StoreError::Corrupt(format!("'{fetched}' is not a stored time")))?
            .with_timezone(&Utc),
        thumbnail: row.get(first + 9)?,
    })
}
