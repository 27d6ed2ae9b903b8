//! `papers show`: one paper, everything stored about it.

use anyhow::Result;

use super::Settings;
use super::args::{OutputFormat, ShowArgs};
use super::messages::note;
use papers::export::record::PaperRecord;
use papers::export::text::{TextStyle, paper_details};
use papers::query::{explain_importance, find_paper, section_of};

/// Abstracts wrap here unless the terminal is narrower.
const MAX_WIDTH: usize = 100;

pub fn run(settings: &Settings, args: &ShowArgs) -> Result<()> {
    let store = settings.read_store()?;
    let stored = find_paper(&store, args.id.id.as_str())?;
    if let Some(asked) = args.id.version.filter(|v| *v != stored.paper.version) {
        let (version, id) = (stored.paper.version, &stored.paper.id);
        note(
            settings,
            format!("showing v{version}, the newest stored version of {id} (v{asked} was asked for)"),
        );
    }
    let classifier = settings.reading_classifier()?;
    let importance = explain_importance(&store, &classifier, &stored)?;
    let edits = store.edits_of(&stored.paper.id)?;
    match args.format {
        OutputFormat::Json => {
            let taxonomy = settings.taxonomy()?;
            let record = PaperRecord::with_versions(&stored)
                .in_section(section_of(&taxonomy, &stored))
                .with_importance(&importance, &edits);
            outln!("{}", serde_json::to_string_pretty(&record)?)?;
        }
        OutputFormat::Text => {
            let width = settings.width.unwrap_or(80).min(MAX_WIDTH);
            out!(
                "{}",
                paper_details(&stored, &importance, &edits, TextStyle { color: settings.color, width })
            )?;
        }
    }
    Ok(())
}
