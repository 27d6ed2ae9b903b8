//! `papers stats`: what the database holds.

use anyhow::Result;

use super::Settings;
use super::args::{OutputFormat, StatsArgs};
use papers::export::stats::{stats_json, stats_text};

/// How many primary categories the summary lists.
const TOP_CATEGORIES: usize = 10;

pub fn run(settings: &Settings, args: &StatsArgs) -> Result<()> {
    let store = settings.read_store()?;
    let stats = store.stats(TOP_CATEGORIES)?;
    let schema_version = store.schema_version()?;
    let path = settings.db.display().to_string();
    match args.format {
        OutputFormat::Json => {
            outln!("{}", serde_json::to_string_pretty(&stats_json(&path, schema_version, &stats))?)?
        }
        OutputFormat::Text => out!("{}", stats_text(&path, schema_version, &stats, settings.width))?,
    }
    Ok(())
}
