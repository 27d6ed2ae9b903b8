//! Whole-database counts for `papers stats`.

use super::{Store, StoreError};

/// How many papers one category holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CategoryCount {
    pub category: String,
    pub papers: u64,
}

/// Counts over the whole database.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub papers: u64,
    pub versions: u64,
    pub weeks: u64,
    pub categories: u64,
    pub first_week: Option<String>,
    pub last_week: Option<String>,
    /// The most common primary categories, largest first.
    pub top_primary_categories: Vec<CategoryCount>,
    /// Records OAI-PMH reported deleted (their papers were removed).
    pub deleted: u64,
}

impl Store {
    /// Counts papers, versions, weeks and categories; lists the `top` biggest primaries.
    pub fn stats(&self, top: usize) -> Result<Stats, StoreError> {
        let count = |sql: &str| -> Result<u64, StoreError> {
            Ok(self.conn.query_row(sql, [], |row| row.get::<_, i64>(0))?.unsigned_abs())
        };
        let (first_week, last_week) =
            self.conn.query_row("SELECT min(week), max(week) FROM papers", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
        let mut stmt = self.conn.prepare(
            "SELECT primary_category, count(*) AS n FROM papers GROUP BY primary_category
             ORDER BY n DESC, primary_category LIMIT ?1",
        )?;
        let top_primary_categories = stmt
            .query_map([top as i64], |row| {
                Ok(CategoryCount { category: row.get(0)?, papers: row.get::<_, i64>(1)?.unsigned_abs() })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Stats {
            papers: count("SELECT count(*) FROM papers")?,
            versions: count("SELECT count(*) FROM paper_versions")?,
            weeks: count("SELECT count(DISTINCT week) FROM papers")?,
            categories: count("SELECT count(DISTINCT category) FROM paper_categories")?,
            first_week,
            last_week,
            top_primary_categories,
            deleted: count("SELECT count(*) FROM deleted_papers")?,
        })
    }
}
