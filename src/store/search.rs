//! Filtered, sorted paper lookups for `papers list` and the weekly views, and the
//! full-text search syntax (FTS5), which stays private to the store: callers hand
//! in the words and names a user typed as [`SearchText`].

use chrono::NaiveDate;
use rusqlite::ToSql;

use std::collections::HashMap;

use super::papers::{PAPER_COLUMNS, paper_from_row};
use super::{Store, StoreError};
use crate::model::{StoredPaper, StoredTopic};

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
    /// Text that title, abstract or authors must match; all of it.
    pub search: Vec<SearchText>,
    /// With `listed`: leave out papers only replaced (not first listed) in the range.
    pub new_only: bool,
    pub sort: SortKey,
    pub reverse: bool,
    pub limit: Option<usize>,
}

/// Text to find in titles, abstracts and authors, checked when it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    /// The FTS5 query it becomes.
    fts: String,
}

impl SearchText {
    /// What a user typed: bare words and "quoted phrases", all required; a word
    /// ending in `*` matches as a prefix.
    pub fn words(input: &str) -> Result<SearchText, SearchError> {
        Ok(SearchText { fts: search_expression(input)? })
    }

    /// An author's name, matched as a phrase in the authors.
    pub fn author(name: &str) -> Result<SearchText, SearchError> {
        Ok(SearchText { fts: author_expression(name)? })
    }
}

/// Text that cannot be searched for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot search for {input}: {problem}")]
pub struct SearchError {
    pub input: String,
    pub problem: String,
}

/// Turns what a user typed into a safe FTS5 query. Every term is quoted, so FTS5
/// operators and punctuation in the input are taken literally.
fn search_expression(input: &str) -> Result<String, SearchError> {
    let error = |problem: &str| SearchError { input: format!("'{input}'"), problem: problem.to_string() };
    if input.matches('"').count() % 2 == 1 {
        return Err(error("a quote is not closed"));
    }
    let mut terms = Vec::new();
    for (index, part) in input.split('"').enumerate() {
        if index % 2 == 1 {
            if !part.trim().is_empty() {
                terms.push(format!("\"{}\"", part.trim()));
            }
            continue;
        }
        for word in part.split_whitespace() {
            let (word, prefix) = match word.strip_suffix('*') {
                Some(stem) => (stem, "*"),
                None => (word, ""),
            };
            // Punctuation-only words would be empty phrases, which FTS5 rejects.
            if word.chars().any(char::is_alphanumeric) {
                terms.push(format!("\"{word}\"{prefix}"));
            }
        }
    }
    match terms.is_empty() {
        true => Err(error("there is no word to search for")),
        false => Ok(terms.join(" AND ")),
    }
}

/// An FTS5 query matching an author's name as a phrase in the authors column.
pub(super) fn author_expression(name: &str) -> Result<String, SearchError> {
    let words: Vec<&str> = name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    match words.is_empty() {
        true => {
            Err(SearchError { input: format!("author '{name}'"), problem: "the name has no letters".into() })
        }
        false => Ok(format!("authors : \"{}\"", words.join(" "))),
    }
}

/// By paper key: the newest version listed in a range, and the day it was listed.
pub(super) type Replacements = HashMap<i64, (u32, NaiveDate)>;

/// One week in the database.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WeekSummary {
    pub week: String,
    /// Papers first listed in the week.
    pub papers: u64,
    /// Papers listed before it and again in it, for a new version.
    pub replaced: u64,
    /// The most common topics, most papers first.
    pub top_topics: Vec<(String, u64)>,
}

/// The papers a query matched, by key: a list that is written as it is read, but
/// needs a first look at every paper (a table's column widths), reads them twice.
pub struct Matches {
    pks: Vec<i64>,
    /// The listing dates of the view when replacements count in it.
    listed: Option<(NaiveDate, NaiveDate)>,
}

impl Store {
    /// The papers matching `query`, in its order, with their topics (not their
    /// version history: see [`Store::paper`]).
    pub fn find_papers(&self, query: &PaperQuery) -> Result<Vec<StoredPaper>, StoreError> {
        let mut all = Vec::new();
        self.find_papers_by_chunk(query, |papers| {
            all.extend(papers);
            Ok::<(), StoreError>(())
        })?;
        Ok(all)
    }

    /// [`Store::find_papers`] a chunk of papers at a time, in order, so that what is
    /// held stays the same however many papers match.
    pub fn find_papers_by_chunk<E: From<StoreError>>(
        &self,
        query: &PaperQuery,
        each: impl FnMut(Vec<StoredPaper>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.read_matches(&self.matches(query)?, each)
    }

    /// Which papers `query` matches, in its order, to be read (as often as needed)
    /// with [`Store::read_matches`].
    pub fn matches(&self, query: &PaperQuery) -> Result<Matches, StoreError> {
        let listed = query.listed.filter(|_| !query.new_only);
        Ok(Matches { pks: self.keys(query)?, listed })
    }

    /// The matched papers a chunk at a time, in order, with their topics.
    pub fn read_matches<E: From<StoreError>>(
        &self,
        matches: &Matches,
        mut each: impl FnMut(Vec<StoredPaper>) -> Result<(), E>,
    ) -> Result<(), E> {
        // Read once, when a paper first listed before the range turns up in it.
        let mut replaced: Option<Replacements> = None;
        for chunk in matches.pks.chunks(TOPIC_CHUNK) {
            let mut papers = self.load(chunk)?;
            if let Some(range) = matches.listed
                && papers.iter().any(|(_, paper)| paper.announced < range.0)
            {
                if replaced.is_none() {
                    replaced = Some(self.replaced_in(range)?);
                }
                for (pk, paper) in papers.iter_mut().filter(|(_, paper)| paper.announced < range.0) {
                    if let Some(&(version, day)) = replaced.as_ref().and_then(|r| r.get(pk)) {
                        paper.replaced = Some(version);
                        paper.relisted = Some(day);
                    }
                }
            }
            each(papers.into_iter().map(|(_, paper)| paper).collect())?;
        }
        Ok(())
    }

    /// The primary keys of `query`'s papers, in its order.
    pub(super) fn keys(&self, query: &PaperQuery) -> Result<Vec<i64>, StoreError> {
        let (sql, values) = keys_sql(query);
        let mut stmt = self.conn.prepare(&sql)?;
        let params: Vec<&dyn ToSql> = values.iter().map(|v| v.as_ref()).collect();
        Ok(stmt.query_map(params.as_slice(), |row| row.get(0))?.collect::<Result<_, _>>()?)
    }

    /// The papers with these primary keys, in that order, with their topics.
    pub(super) fn load(&self, pks: &[i64]) -> Result<Vec<(i64, StoredPaper)>, StoreError> {
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
        self.attach_signals(&mut papers)?;
        Ok(papers)
    }

    /// For each paper listed before `range` but in it for a newer version, the
    /// newest version announced in it and the day it was listed. One query over the
    /// versions' listing index serves the whole range.
    pub(super) fn replaced_in(
        &self,
        (first, last): (NaiveDate, NaiveDate),
    ) -> Result<Replacements, StoreError> {
        // SQLite takes the bare `announced` from the row that holds the max().
        let mut stmt = self.conn.prepare_cached(
            "SELECT paper_pk, max(version), announced FROM paper_versions
             WHERE announced BETWEEN ?1 AND ?2 AND version > 1 GROUP BY paper_pk",
        )?;
        let rows = stmt.query_map([first.to_string(), last.to_string()], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, u32>(1)?, row.get::<_, String>(2)?))
        })?;
        let mut replaced = HashMap::new();
        for row in rows {
            let (pk, version, day) = row?;
            replaced.insert(pk, (version, super::papers::parse_date(&day)?));
        }
        Ok(replaced)
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

    /// Every week with papers listed in it, newest first: how many were first
    /// listed there, how many were listed again there for a new version (as a week
    /// view counts them), and the `top` commonest topics among both.
    pub fn weeks(&self, top: usize) -> Result<Vec<WeekSummary>, StoreError> {
        let mut weeks: Vec<WeekSummary> = self
            .conn
            .prepare(&format!(
                "WITH {RELISTED} SELECT week, sum(new), sum(replaced) FROM (
                     SELECT week, 1 AS new, 0 AS replaced FROM papers
                     UNION ALL SELECT week, 0, 1 FROM relisted)
                 GROUP BY week ORDER BY week DESC"
            ))?
            .query_map([], |row| {
                Ok(WeekSummary {
                    week: row.get(0)?,
                    papers: row.get::<_, i64>(1)?.unsigned_abs(),
                    replaced: row.get::<_, i64>(2)?.unsigned_abs(),
                    top_topics: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare(&format!(
            "WITH {RELISTED} SELECT l.week, t.topic, count(*) AS n
             FROM (SELECT pk, week FROM papers UNION ALL SELECT pk, week FROM relisted) l
             JOIN paper_topics t ON t.paper_pk = l.pk
             GROUP BY l.week, t.topic ORDER BY l.week, n DESC, t.topic"
        ))?;
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

/// The papers listed again in a later week than their own, for a new version:
/// `relisted(pk, week)`, once per paper and week (ISO weeks, as `papers.week`).
const RELISTED: &str = "relisted(pk, week) AS (
    SELECT DISTINCT v.paper_pk, strftime('%G-W%V', v.announced)
    FROM paper_versions v JOIN papers p ON p.pk = v.paper_pk
    WHERE v.version > 1 AND strftime('%G-W%V', v.announced) > p.week)";

/// The statement selecting the primary keys of `query`'s papers, in order, and its
/// parameters.
///
/// First the primary keys, in order: sorting and limiting then touch only the
/// index and the filters, not every matching row's abstract. With a limit or a
/// date range, listing order walks the (announced, id) index, so the scan stops
/// early even when a frequent search term matches a fifth of the papers. Without
/// them every match is wanted anyway, and starting from the full-text matches is
/// faster for rare terms. A date range also takes in papers replaced in it: a
/// second branch from the versions' listing dates, so the first keeps its walk.
fn keys_sql(query: &PaperQuery) -> (String, Vec<Box<dyn ToSql>>) {
    let mut values: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some((first, last)) = query.listed {
        values.push(Box::new(first.to_string()));
        values.push(Box::new(last.to_string()));
    }
    // Numbered parameters, so that both branches can share one filter text.
    let mut numbered = |items: &[String]| -> String {
        let start = values.len() + 1;
        values.extend(items.iter().map(|item| Box::new(item.clone()) as Box<dyn ToSql>));
        (start..start + items.len()).map(|n| format!("?{n}")).collect::<Vec<_>>().join(", ")
    };
    let topics = numbered(&query.topics);
    // `{pk}` stands for the paper key column the filters apply to.
    let mut filters = String::new();
    if !query.topics.is_empty() {
        filters.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM paper_topics t WHERE t.paper_pk = {{pk}} AND t.topic IN ({topics}))"
        ));
    }
    if !query.categories.is_empty() {
        let categories = numbered(&query.categories);
        filters.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM paper_categories c WHERE c.category IN ({categories}) AND c.paper_pk = {{pk}})"
        ));
    }
    if !query.search.is_empty() {
        let fts: Vec<&str> = query.search.iter().map(|s| s.fts.as_str()).collect();
        let text = numbered(&[fts.join(" AND ")]);
        filters.push_str(&format!(
            " AND {{pk}} IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH {text})"
        ));
    }
    let (key, ascending) = match query.sort {
        SortKey::Listed => ("p.announced".to_string(), true),
        SortKey::Published => ("p.published".to_string(), true),
        SortKey::Title => ("p.title COLLATE NOCASE".to_string(), true),
        SortKey::Score => {
            let only = match query.topics.is_empty() {
                true => String::new(),
                false => format!(" AND t.topic IN ({topics})"),
            };
            (format!("(SELECT max(t.score) FROM paper_topics t WHERE t.paper_pk = p.pk{only})"), false)
        }
    };
    let on_versions = filters.replace("{pk}", "v.paper_pk");
    let filters = filters.replace("{pk}", "p.pk");
    let replaced_key = match query.sort {
        SortKey::Listed => "(SELECT max(r.announced) FROM paper_versions r
                             WHERE r.paper_pk = p.pk AND r.version > 1 AND r.announced BETWEEN ?1 AND ?2)"
            .to_string(),
        _ => key.clone(),
    };
    let direction = |ascending: bool| if ascending != query.reverse { "ASC" } else { "DESC" };
    // Ties go by id, ascending under a score.
    let id_direction = direction(ascending || query.sort == SortKey::Score);
    let limit = query.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
    let walk = query.sort == SortKey::Listed && (query.limit.is_some() || query.listed.is_some());
    let from = match walk {
        true => "papers p INDEXED BY papers_by_announced",
        false => "papers p",
    };
    let sql = match (query.listed.is_some(), query.new_only) {
        (false, _) => format!(
            "SELECT p.pk FROM {from} WHERE 1 = 1{filters} ORDER BY {key} {0}, p.id {id_direction}{limit}",
            direction(ascending)
        ),
        (true, true) => format!(
            "SELECT p.pk FROM {from} WHERE p.announced BETWEEN ?1 AND ?2{filters}
             ORDER BY {key} {0}, p.id {id_direction}{limit}",
            direction(ascending)
        ),
        // Papers first listed earlier and replaced in the range; `k` is the sort key
        // (its collation travels with the column), for them in listing order the day
        // of the replacement. The filters go on the versions, so only the papers
        // that pass them are read.
        (true, false) => format!(
            "SELECT pk FROM (
                 SELECT p.pk AS pk, {key} AS k, p.id AS id FROM {from}
                 WHERE p.announced BETWEEN ?1 AND ?2{filters}
                 UNION ALL
                 SELECT p.pk, {replaced_key}, p.id FROM papers p
                 WHERE p.pk IN (SELECT v.paper_pk FROM paper_versions v
                                WHERE v.announced BETWEEN ?1 AND ?2 AND v.version > 1{on_versions})
                   AND p.announced < ?1)
             ORDER BY k {0}, id {id_direction}{limit}",
            direction(ascending)
        ),
    };
    (sql, values)
}

pub(super) fn placeholders(n: usize) -> String {
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
        // A plain SCAN of a table (without an index) reads every paper; scans of the
        // full-text index and of a subquery's own result are fine.
        let full_scans = plan.iter().filter(|l| l.starts_with("SCAN") && !l.contains("USING"));
        let mut allowed = full_scans.map(|l| l.contains("papers_fts") || l.starts_with("SCAN (subquery"));
        assert!(allowed.all(|ok| ok), "full scan in plan {plan:#?}");
    }

    #[test]
    fn user_search_text_becomes_a_safe_fts_query() {
        assert_eq!(search_expression("kv cache").expect("ok"), "\"kv\" AND \"cache\"");
        assert_eq!(search_expression("\"kv cache\" quant*").expect("ok"), "\"kv cache\" AND \"quant\"*");
        assert_eq!(search_expression("AND OR NOT").expect("ok"), "\"AND\" AND \"OR\" AND \"NOT\"");
        assert_eq!(search_expression("c++ - x").expect("ok"), "\"c++\" AND \"x\"");
        assert!(search_expression("\"open").expect_err("open quote").to_string().contains("not closed"));
        assert!(search_expression(" - ").expect_err("nothing").to_string().contains("no word to search for"));
        assert_eq!(author_expression("Tri Dao").expect("ok"), "authors : \"Tri Dao\"");
        assert_eq!(author_expression("O'Brien").expect("ok"), "authors : \"O Brien\"");
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
                "SEARCH v USING COVERING INDEX paper_versions_by_announced (announced>? AND announced<?)",
            ],
        );
        let new_only = plan(&store, &PaperQuery { new_only: true, ..query });
        assert_plan(
            &new_only,
            &["SEARCH p USING COVERING INDEX papers_by_announced (announced>? AND announced<?)"],
        );
        assert!(
            !new_only.iter().any(|l| l.contains("TEMP B-TREE")),
            "the index gives the order: {new_only:#?}"
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
        let words = SearchText::words("\"kv cache\"").expect("searchable");
        let search = PaperQuery { search: vec![words], ..Default::default() };
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
