//! Filtered, sorted paper lookups for `papers list` and the weekly views.

use chrono::NaiveDate;
use rusqlite::ToSql;

use std::collections::HashMap;

use super::papers::{PAPER_COLUMNS, paper_from_row};
use super::{Store, StoreError, StoredPaper, StoredTopic};

/// Papers whose topics one query loads.
const TOPIC_CHUNK: usize = 500;

/// How to order results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// By listing date, then id.
    #[default]
    Listed,
    /// By v1 submission time.
    Published,
    /// By topic score (of the asked-for topics, else the best), highest first.
    Score,
    /// By title, case-insensitively.
    Title,
}

/// What to find. Every filter that is set must hold (AND); several topics or
/// categories mean any of them.
#[derive(Debug, Clone, Default)]
pub struct PaperQuery {
    /// Listing dates, both inclusive.
    pub listed: Option<(NaiveDate, NaiveDate)>,
    pub topics: Vec<String>,
    pub categories: Vec<String>,
    /// An FTS5 query over title, abstract and authors (already made safe by the caller).
    pub fts: Option<String>,
    pub sort: SortKey,
    pub reverse: bool,
    pub limit: Option<usize>,
}

/// One week in the database.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WeekSummary {
    pub week: String,
    pub papers: u64,
    /// The most common topics, most papers first.
    pub top_topics: Vec<(String, u64)>,
}

impl Store {
    /// The papers matching `query`, in its order, with their topics (not their
    /// version history: see [`Store::paper`]).
    pub fn find_papers(&self, query: &PaperQuery) -> Result<Vec<StoredPaper>, StoreError> {
        // First the primary keys, in order: sorting and limiting then touch only the
        // index and the filters, not every matching row's abstract.
        // With a limit or a date range, listing order walks the (announced, id) index,
        // so the scan stops early even when a frequent search term matches a fifth of
        // the papers. Without them every match is wanted anyway, and starting from
        // the full-text matches is faster for rare terms.
        let walk_index = query.sort == SortKey::Listed && (query.limit.is_some() || query.listed.is_some());
        let mut sql = match walk_index {
            true => String::from("SELECT p.pk FROM papers p INDEXED BY papers_by_announced WHERE 1 = 1"),
            false => String::from("SELECT p.pk FROM papers p WHERE 1 = 1"),
        };
        let mut values: Vec<Box<dyn ToSql>> = Vec::new();
        if let Some((first, last)) = query.listed {
            sql.push_str(" AND p.announced BETWEEN ? AND ?");
            values.push(Box::new(first.to_string()));
            values.push(Box::new(last.to_string()));
        }
        let topic_list = placeholders(query.topics.len());
        if !query.topics.is_empty() {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM paper_topics t WHERE t.paper_pk = p.pk AND t.topic IN ({topic_list}))"
            ));
            values.extend(query.topics.iter().map(|t| Box::new(t.clone()) as Box<dyn ToSql>));
        }
        if !query.categories.is_empty() {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM paper_categories c WHERE c.category IN ({}) AND c.paper_pk = p.pk)",
                placeholders(query.categories.len())
            ));
            values.extend(query.categories.iter().map(|c| Box::new(c.clone()) as Box<dyn ToSql>));
        }
        if let Some(fts) = &query.fts {
            sql.push_str(" AND p.pk IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)");
            values.push(Box::new(fts.clone()));
        }
        let direction = |ascending: bool| if ascending != query.reverse { "ASC" } else { "DESC" };
        let order = match query.sort {
            SortKey::Listed => format!("p.announced {0}, p.id {0}", direction(true)),
            SortKey::Published => format!("p.published {0}, p.id {0}", direction(true)),
            SortKey::Title => format!("p.title COLLATE NOCASE {0}, p.id {0}", direction(true)),
            SortKey::Score => {
                let only = match query.topics.is_empty() {
                    true => String::new(),
                    false => {
                        values.extend(query.topics.iter().map(|t| Box::new(t.clone()) as Box<dyn ToSql>));
                        format!(" AND t.topic IN ({topic_list})")
                    }
                };
                format!(
                    "(SELECT max(t.score) FROM paper_topics t WHERE t.paper_pk = p.pk{only}) {}, p.id ASC",
                    direction(false)
                )
            }
        };
        sql.push_str(&format!(" ORDER BY {order}"));
        if let Some(limit) = query.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let params: Vec<&dyn ToSql> = values.iter().map(|v| v.as_ref()).collect();
        let pks: Vec<i64> = stmt.query_map(params.as_slice(), |row| row.get(0))?.collect::<Result<_, _>>()?;
        let position: HashMap<i64, usize> = pks.iter().enumerate().map(|(i, pk)| (*pk, i)).collect();
        let mut papers = Vec::with_capacity(pks.len());
        for chunk in pks.chunks(TOPIC_CHUNK) {
            let sql =
                format!("SELECT {PAPER_COLUMNS} FROM papers p WHERE p.pk IN ({})", placeholders(chunk.len()));
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(chunk))?;
            while let Some(row) = rows.next()? {
                papers.push(paper_from_row(row)?);
            }
        }
        papers.sort_by_key(|(pk, _)| position.get(pk).copied().unwrap_or(usize::MAX));
        self.attach_topics(&mut papers)?;
        Ok(papers.into_iter().map(|(_, paper)| paper).collect())
    }

    /// Loads the topics of many papers with one query per few hundred papers.
    fn attach_topics(&self, papers: &mut [(i64, StoredPaper)]) -> Result<(), StoreError> {
        let index: HashMap<i64, usize> = papers.iter().enumerate().map(|(i, (pk, _))| (*pk, i)).collect();
        let pks: Vec<i64> = papers.iter().map(|(pk, _)| *pk).collect();
        for chunk in pks.chunks(TOPIC_CHUNK) {
            let sql = format!(
                "SELECT paper_pk, topic, score, manual FROM paper_topics WHERE paper_pk IN ({})
                 ORDER BY paper_pk, manual, score DESC, topic",
                placeholders(chunk.len())
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(chunk), |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    StoredTopic { slug: row.get(1)?, score: row.get(2)?, manual: row.get(3)? },
                ))
            })?;
            for row in rows {
                let (pk, topic) = row?;
                if let Some(&i) = index.get(&pk) {
                    papers[i].1.topics.push(topic);
                }
            }
        }
        Ok(())
    }

    /// Every week with papers, newest first, with its `top` commonest topics.
    pub fn weeks(&self, top: usize) -> Result<Vec<WeekSummary>, StoreError> {
        let mut weeks: Vec<WeekSummary> = self
            .conn
            .prepare("SELECT week, count(*) FROM papers GROUP BY week ORDER BY week DESC")?
            .query_map([], |row| {
                Ok(WeekSummary {
                    week: row.get(0)?,
                    papers: row.get::<_, i64>(1)?.unsigned_abs(),
                    top_topics: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT p.week, t.topic, count(*) AS n FROM paper_topics t JOIN papers p ON p.pk = t.paper_pk
             GROUP BY p.week, t.topic ORDER BY p.week, n DESC, t.topic",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, i64>(2)?.unsigned_abs()))
        })?;
        for row in rows {
            let (week, topic, count) = row?;
            if let Some(summary) = weeks.iter_mut().find(|w| w.week == week)
                && summary.top_topics.len() < top
            {
                summary.top_topics.push((topic, count));
            }
        }
        Ok(weeks)
    }
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}
