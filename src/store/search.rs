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
    /// With `listed`: leave out papers only replaced (not first listed) in the range.
    pub new_only: bool,
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
        let (sql, values) = keys_sql(query);
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
        if let Some(range) = query.listed.filter(|_| !query.new_only) {
            self.mark_replaced(&mut papers, range)?;
        }
        Ok(papers.into_iter().map(|(_, paper)| paper).collect())
    }

    /// Sets `replaced` on the papers listed before `range` (they are in it for a
    /// newer version): the newest version announced in it.
    fn mark_replaced(
        &self,
        papers: &mut [(i64, StoredPaper)],
        (first, last): (NaiveDate, NaiveDate),
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT max(version) FROM paper_versions
             WHERE paper_pk = ?1 AND version > 1 AND announced BETWEEN ?2 AND ?3",
        )?;
        let (first_day, last_day) = (first.to_string(), last.to_string());
        for (pk, paper) in papers.iter_mut().filter(|(_, paper)| paper.announced < first) {
            paper.replaced = stmt.query_row(rusqlite::params![*pk, first_day, last_day], |row| row.get(0))?;
        }
        Ok(())
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

/// The statement selecting the primary keys of `query`'s papers, in order, and its
/// parameters.
fn keys_sql(query: &PaperQuery) -> (String, Vec<Box<dyn ToSql>>) {
    // First the primary keys, in order: sorting and limiting then touch only the
    // index and the filters, not every matching row's abstract.
    // With a limit or a date range, listing order walks the (announced, id) index,
    // so the scan stops early even when a frequent search term matches a fifth of
    // the papers. Without them every match is wanted anyway, and starting from
    // the full-text matches is faster for rare terms.
    // Replacements come from another table, which an index walk cannot merge in.
    let with_replaced = query.listed.is_some() && !query.new_only;
    let walk_index =
        query.sort == SortKey::Listed && (query.limit.is_some() || query.listed.is_some()) && !with_replaced;
    let mut sql = match walk_index {
        true => String::from("SELECT p.pk FROM papers p INDEXED BY papers_by_announced WHERE 1 = 1"),
        false => String::from("SELECT p.pk FROM papers p WHERE 1 = 1"),
    };
    let mut values: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some((first, last)) = query.listed {
        match with_replaced {
            true => sql.push_str(
                " AND (p.announced BETWEEN ?1 AND ?2 OR p.pk IN (SELECT v.paper_pk FROM paper_versions v
                   WHERE v.announced BETWEEN ?1 AND ?2 AND v.version > 1))",
            ),
            false => sql.push_str(" AND p.announced BETWEEN ?1 AND ?2"),
        }
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
    (sql, values)
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan SQLite picks for `query`'s key lookup, one detail line per step.
    fn plan(store: &Store, query: &PaperQuery) -> Vec<String> {
        let (sql, values) = keys_sql(query);
        plan_of(store, &sql, &values)
    }

    fn plan_of(store: &Store, sql: &str, values: &[Box<dyn ToSql>]) -> Vec<String> {
        let params: Vec<&dyn ToSql> = values.iter().map(|v| v.as_ref()).collect();
        let mut stmt = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("explain");
        let rows = stmt.query_map(params.as_slice(), |row| row.get::<_, String>(3)).expect("plan rows");
        rows.collect::<Result<_, _>>().expect("plan")
    }

    fn week() -> Option<(NaiveDate, NaiveDate)> {
        let day = |d| NaiveDate::from_ymd_opt(2024, 5, d).expect("date");
        Some((day(20), day(26)))
    }

    fn assert_plan(plan: &[String], expected: &[&str]) {
        for step in expected {
            assert!(plan.iter().any(|line| line.contains(step)), "no step '{step}' in plan {plan:#?}");
        }
        // A plain SCAN of a table (without an index) reads every paper.
        let full_scans: Vec<&String> =
            plan.iter().filter(|l| l.starts_with("SCAN") && !l.contains("USING")).collect();
        assert!(full_scans.iter().all(|l| l.contains("papers_fts")), "full scan in plan {plan:#?}");
    }

    #[test]
    fn a_week_and_a_topic_use_the_listing_index_and_the_topic_key() {
        let store = Store::open_in_memory().expect("store");
        let query = PaperQuery { listed: week(), topics: vec!["attention".into()], ..Default::default() };
        assert_plan(
            &plan(&store, &query),
            &[
                "SEARCH p USING COVERING INDEX papers_by_announced (announced>? AND announced<?)",
                "SEARCH t EXISTS USING PRIMARY KEY (paper_pk=? AND topic=?)",
            ],
        );
    }

    #[test]
    fn a_week_and_categories_use_the_listing_index_and_the_category_key() {
        let store = Store::open_in_memory().expect("store");
        let query = PaperQuery {
            listed: week(),
            categories: vec!["cs.CL".into(), "cs.LG".into()],
            ..Default::default()
        };
        assert_plan(
            &plan(&store, &query),
            &[
                "SEARCH p USING COVERING INDEX papers_by_announced (announced>? AND announced<?)",
                "SEARCH c EXISTS USING PRIMARY KEY (category=? AND paper_pk=?)",
            ],
        );
    }

    #[test]
    fn searches_start_from_the_full_text_index_or_walk_the_listing_order_when_limited() {
        let store = Store::open_in_memory().expect("store");
        let search = PaperQuery { fts: Some("\"kv cache\"".into()), ..Default::default() };
        assert_plan(
            &plan(&store, &search),
            &["SEARCH p USING INTEGER PRIMARY KEY (rowid=?)", "VIRTUAL TABLE INDEX"],
        );
        let limited = PaperQuery { limit: Some(20), ..search };
        assert_plan(
            &plan(&store, &limited),
            &["SCAN p USING COVERING INDEX papers_by_announced", "VIRTUAL TABLE INDEX"],
        );
    }

    #[test]
    fn the_staleness_check_and_the_id_lookup_use_indexes() {
        let store = Store::open_in_memory().expect("store");
        let stale: Vec<Box<dyn ToSql>> = vec![Box::new("h"), Box::new("2024-05-20"), Box::new("2024-05-26")];
        assert_plan(
            &plan_of(&store, super::super::topics::STALE_SQL, &stale),
            &["SEARCH papers USING INDEX papers_by_announced (announced>? AND announced<?)"],
        );
        let by_id: Vec<Box<dyn ToSql>> = vec![Box::new("2405.14001")];
        assert_plan(
            &plan_of(&store, super::super::papers::BY_ID_SQL, &by_id),
            &["SEARCH papers USING INDEX sqlite_autoindex_papers_1 (id=?)"],
        );
    }
}
