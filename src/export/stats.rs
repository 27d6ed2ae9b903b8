//! `papers stats` as text and JSON: what the database holds.

use std::fmt::Write;

use crate::store::Stats;
use crate::wording::fit::join_fitting;

/// The counts of the database at `path` (of schema `schema_version`) as one JSON
/// document.
pub fn stats_json(path: &str, schema_version: u32, stats: &Stats) -> serde_json::Value {
    serde_json::json!({
        "database": path,
        "schema_version": schema_version,
        "papers": stats.papers,
        "versions": stats.versions,
        "weeks": stats.weeks,
        "categories": stats.categories,
        "first_week": stats.first_week,
        "last_week": stats.last_week,
        "top_primary_categories": stats.top_primary_categories,
        "deleted": stats.deleted,
    })
}

/// The counts of the database at `path`, a line each; the top primary categories
/// are as many as fit `width`.
pub fn stats_text(path: &str, schema_version: u32, stats: &Stats, width: Option<usize>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "database:       {path}");
    let _ = writeln!(out, "schema version: {schema_version}");
    let _ = writeln!(out, "papers:         {} ({} versions known)", stats.papers, stats.versions);
    let _ = match (&stats.first_week, &stats.last_week) {
        (Some(first), Some(last)) => writeln!(out, "weeks:          {} ({first} to {last})", stats.weeks),
        _ => writeln!(out, "weeks:          0"),
    };
    let _ = writeln!(out, "categories:     {}", stats.categories);
    if !stats.top_primary_categories.is_empty() {
        let top: Vec<String> =
            stats.top_primary_categories.iter().map(|c| format!("{} {}", c.category, c.papers)).collect();
        let label = "top primaries:  ";
        let room = width.map(|w| w.saturating_sub(label.len()));
        let _ = writeln!(out, "{label}{}", join_fitting(&top, ", ", room));
    }
    if stats.deleted > 0 {
        let _ = writeln!(out, "deleted:        {} (reported by OAI-PMH, removed)", stats.deleted);
    }
    out
}
