//! `papers stats`: what the database holds.

use anyhow::Result;

use super::Settings;
use super::args::{OutputFormat, StatsArgs};
use papers::wording::fit::join_fitting;

/// How many primary categories the summary lists.
const TOP_CATEGORIES: usize = 10;

pub fn run(settings: &Settings, args: &StatsArgs) -> Result<()> {
    let store = settings.read_store()?;
    let stats = store.stats(TOP_CATEGORIES)?;
    let schema_version = store.schema_version()?;
    let path = settings.db.display().to_string();
    match args.format {
        OutputFormat::Json => {
            let value = serde_json::json!({
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
            });
            outln!("{}", serde_json::to_string_pretty(&value)?)?;
        }
        OutputFormat::Text => {
            outln!("database:       {path}")?;
            outln!("schema version: {schema_version}")?;
            outln!("papers:         {} ({} versions known)", stats.papers, stats.versions)?;
            match (&stats.first_week, &stats.last_week) {
                (Some(first), Some(last)) => outln!("weeks:          {} ({first} to {last})", stats.weeks)?,
                _ => outln!("weeks:          0")?,
            }
            outln!("categories:     {}", stats.categories)?;
            if !stats.top_primary_categories.is_empty() {
                let top: Vec<String> = stats
                    .top_primary_categories
                    .iter()
                    .map(|c| format!("{} {}", c.category, c.papers))
                    .collect();
                let label = "top primaries:  ";
                let room = settings.width.map(|w| w.saturating_sub(label.len()));
                outln!("{label}{}", join_fitting(&top, ", ", room))?;
            }
            if stats.deleted > 0 {
                outln!("deleted:        {} (reported by OAI-PMH, removed)", stats.deleted)?;
            }
        }
    }
    Ok(())
}
