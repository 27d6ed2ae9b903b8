//! `papers export`: a week's digest in Markdown, HTML, JSON, BibTeX or CSV.

use std::path::Path;

use anyhow::{Context, Result};

use super::args::{ExportArgs, ExportFormat};
use super::list::{find_section, warn_if_stale};
use super::{Settings, today};
use papers::export::digest::{DigestOptions, build};
use papers::export::render::{Format, render};
use papers::week::IsoWeek;

pub fn run(settings: &Settings, args: &ExportArgs) -> Result<()> {
    let taxonomy = settings.taxonomy()?;
    let week = IsoWeek::parse_expr(&args.week, today())?;
    let sections = args
        .sections
        .iter()
        .map(|s| Ok(find_section(&taxonomy, s)?.name.clone()))
        .collect::<Result<Vec<_>>>()?;
    let template = match &args.template {
        Some(path) => Some((
            path.display().to_string(),
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read template {}", path.display()))?,
        )),
        None => None,
    };
    let store = settings.open_store()?;
    let papers = store.papers_in_week(week, args.new_only)?;
    if papers.is_empty() && settings.verbosity >= 0 {
        eprintln!(
            "papers: no papers are listed in {week} in this database; fetch it first (papers fetch --week {week})"
        );
    }
    warn_if_stale(settings, &papers, taxonomy.hash());
    let tracked_authors =
        store.tracked()?.into_iter().filter(|t| t.kind == "au").map(|t| t.value).collect::<Vec<_>>();
    let options =
        DigestOptions { top: args.top, sections, summary_sentences: args.summary_sentences, tracked_authors };
    let digest = build(week, &papers, &taxonomy, &options);
    // The digest holds all it needs; freeing the papers first lets rendering reuse
    // their memory instead of faulting in fresh pages (a fifth of the time otherwise).
    drop(papers);
    let format = match args.format {
        ExportFormat::Markdown => Format::Markdown,
        ExportFormat::Html => Format::Html,
        ExportFormat::Json => Format::Json,
        ExportFormat::Bibtex => Format::Bibtex,
        ExportFormat::Csv => Format::Csv,
    };
    let text =
        render(&digest, format, template.as_ref().map(|(name, source)| (name.as_str(), source.as_str())))?;
    match &args.output {
        Some(path) => write_atomically(path, &text),
        None => Ok(out!("{text}")?),
    }
}

/// Writes through a temporary file in the same folder, so a failed export never
/// leaves half a file where the old one was.
fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
    let temporary = folder.join(format!(".{name}.papers-tmp"));
    std::fs::write(&temporary, text).with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path).with_context(|| format!("cannot write {}", path.display()))
}
