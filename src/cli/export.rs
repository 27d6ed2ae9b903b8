//! `papers export`: a week's digest in Markdown, HTML, JSON, BibTeX or CSV.

use std::fs::File;
use std::io::{Read, Seek, Write};

use anyhow::{Context, Result, bail};

use super::args::{ExportArgs, ExportFormat, SummaryLength};
use super::list::note_if_stale;
use super::messages::note;
use super::{Settings, resolve};
use papers::export::render::{Format, RenderError, Renderer};
use papers::files::{FileError, write_atomically};
use papers::model::digest::Summary;
use papers::query::digest::{DigestOptions, week_digest};
use papers::query::find_section;
use papers::wording::plural;

pub fn run(settings: &Settings, args: &ExportArgs) -> Result<()> {
    let classifier = settings.reading_classifier()?;
    let taxonomy = classifier.taxonomy();
    let week = resolve::week(args.week);
    let sections = args
        .sections
        .iter()
        .map(|s| Ok(find_section(taxonomy, s)?.name.clone()))
        .collect::<Result<Vec<_>>>()?;
    let template = match &args.template {
        Some(path) => Some((
            path.display().to_string(),
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read template {}", path.display()))?,
        )),
        None => None,
    };
    let format = match args.format {
        Some(ExportFormat::Markdown) => Format::Markdown,
        Some(ExportFormat::Html) => Format::Html,
        Some(ExportFormat::Json) => Format::Json,
        Some(ExportFormat::Bibtex) => Format::Bibtex,
        Some(ExportFormat::Csv) => Format::Csv,
        None => Format::of_file(args.output.as_deref()),
    };
    let summary = match (args.summary, args.summary_sentences) {
        (_, Some(count)) => Summary::Sentences(count),
        (Some(SummaryLength::Full), None) => Summary::Full,
        (Some(SummaryLength::Short), None) => Summary::Short,
        (None, None) => format.default_summary(),
    };
    let store = settings.read_store()?;
    let options = DigestOptions {
        top: DigestOptions::top_or_default(args.top, args.per_section, args.all),
        per_section: args.per_section,
        sections,
        summary,
        images: !args.no_images,
        new_only: args.new_only,
        draft: args.draft,
    };
    let made = week_digest(store, week, &classifier, &options)?;
    if made.digest.papers_shown() == 0 && !args.allow_empty {
        let fetch = format!("fetch the week first (`papers fetch --week {week}`)");
        let why = match (made.digest.papers_in_week, args.new_only, args.sections.is_empty()) {
            (0, false, _) => format!("no papers are listed in {week} in this database; {fetch}"),
            (0, true, _) => format!(
                "no paper was first listed in {week} in this database (--new-only leaves out the papers replaced in it); {fetch} if it never was"
            ),
            (n, _, true) => format!(
                "you dropped all {} listed in {week}; `papers pick --list --week {week}` shows them and `papers drop --remove ID` takes one back",
                plural(n as u64, "paper")
            ),
            (n, _, false) => format!(
                "none of the {} listed in {week} is in the sections asked for (--section) and not dropped",
                plural(n as u64, "paper")
            ),
        };
        bail!("nothing to export: {why}, or pass --allow-empty to write an empty digest");
    }
    note_if_stale(settings, made.staleness);
    if !made.picks_not_shown.is_empty() {
        note(
            settings,
            format!(
                "{} picked for {week} not in this digest (not listed in the week, or left out by --section or --new-only): {}",
                plural(made.picks_not_shown.len() as u64, "paper"),
                made.picks_not_shown.join(", ")
            ),
        );
    }
    if made.without_prior > 0 {
        note(
            settings,
            format!(
                "{} of {week} were stored without an importance prior (by an older papers) and had theirs worked out now; `papers classify --week {week}` stores them, which makes the next export faster",
                plural(made.without_prior as u64, "paper")
            ),
        );
    }
    if !made.moves_not_found.is_empty() {
        let moved: Vec<String> =
            made.moves_not_found.iter().map(|(id, section)| format!("{id} (under '{section}')")).collect();
        note(
            settings,
            format!(
                "{} filed under a section your taxonomy no longer has, so under its topics' section: {}; `papers pick ID --section S` files it again",
                plural(moved.len() as u64, "paper"),
                moved.join(", ")
            ),
        );
    }
    if made.digest.signal_days == 0 && made.digest.featured == 0 && made.digest.papers_in_week > 0 {
        note(
            settings,
            format!(
                "community signals were not fetched for {week}: papers are ranked by the importance prior alone (papers signals --week {week})"
            ),
        );
    }
    let own = template.as_ref().map(|(name, source)| (name.as_str(), source.as_str()));
    let renderer = Renderer::new(format, own)?;
    let write = |out: &mut dyn Write| renderer.render(&made.digest, out);
    match &args.output {
        Some(path) => write_atomically(path, |out| {
            write(out).map_err(|err| match err {
                RenderError::Write(source) => FileError { path: path.clone(), source }.into(),
                other => anyhow::Error::new(other),
            })
        }),
        // The built-in templates cannot fail half-way; a user's template might, and
        // must then leave no output, so its output waits in a scratch file.
        None if own.is_some() => write_when_done(write),
        None => write(&mut std::io::stdout().lock()).map_err(output_error),
    }
}

/// A failed write stays an I/O error (a closed pipe is then no error at all).
fn output_error(err: RenderError) -> anyhow::Error {
    match err {
        RenderError::Write(io) => io.into(),
        other => other.into(),
    }
}

/// Renders into an unnamed scratch file and copies it to stdout only once the
/// rendering has succeeded.
fn write_when_done(write: impl FnOnce(&mut dyn Write) -> Result<(), RenderError>) -> Result<()> {
    let path = std::env::temp_dir().join(format!(".papers-export-{}", std::process::id()));
    let mut file = File::options()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    // Unlinked at once: nothing is left behind whatever happens next.
    let _ = std::fs::remove_file(&path);
    write(&mut file).map_err(output_error)?;
    file.rewind()?;
    let mut stdout = std::io::stdout().lock();
    std::io::copy(&mut (&mut file as &mut dyn Read), &mut stdout)?;
    Ok(stdout.flush()?)
}
