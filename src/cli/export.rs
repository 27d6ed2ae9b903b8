//! `papers export`: a week's digest in Markdown, HTML, JSON, BibTeX or CSV.

use anyhow::Result;

use super::args::ExportArgs;
use super::list::note_if_stale;
use super::messages::note;
use super::{Settings, resolve};
use papers::export::notes::{digest_note, empty_digest};
use papers::export::render::{Format, RenderError, Template, write_digest};
use papers::model::digest::Summary;
use papers::query::digest::{DigestNote, DigestOptions, Empty, week_digest};
use papers::query::find_section;

pub fn run(settings: &Settings, args: &ExportArgs) -> Result<()> {
    let classifier = settings.reading_classifier()?;
    let week = resolve::week(args.week);
    let sections = (args.sections.iter())
        .map(|s| Ok(find_section(classifier.taxonomy(), s)?.name.clone()))
        .collect::<Result<Vec<_>>>()?;
    let template = args.template.as_deref().map(Template::read).transpose()?;
    let format = args.format.unwrap_or_else(|| Format::of_file(args.output.as_deref()));
    let summary = args.summary_sentences.map(Summary::Sentences).or(args.summary);
    let store = settings.read_store()?;
    let options = DigestOptions {
        top: DigestOptions::top_or_default(args.top, args.per_section, args.all),
        per_section: args.per_section,
        sections,
        summary: summary.unwrap_or_else(|| format.default_summary()),
        images: !args.no_images,
        new_only: args.new_only,
        draft: args.draft,
    };
    let made = week_digest(store, week, &classifier, &options)?;
    if let Some(why) = made.empty(&options).filter(|_| !args.allow_empty) {
        let fetch = format!("fetch the week first (`papers fetch --week {week}`)");
        let hint = match why {
            Empty::NoPapers(_) => format!("; {fetch}"),
            Empty::NoNewPapers(_) => {
                format!(" (--new-only leaves out the papers replaced in it); {fetch} if it never was")
            }
            Empty::AllDropped { .. } => format!(
                "; `papers pick --list --week {week}` shows them and `papers drop --remove ID` takes one back"
            ),
            Empty::NoneInSections { .. } => " (--section)".into(),
        };
        anyhow::bail!("{}, or pass --allow-empty to write an empty digest", empty_digest(&why, &hint));
    }
    note_if_stale(settings, made.staleness);
    for told in made.notes() {
        let hint = match told {
            DigestNote::PicksNotShown { .. } => {
                " (not listed in the week, or left out by --section or --new-only)".into()
            }
            DigestNote::WithoutPrior { .. } => {
                format!("; `papers classify --week {week}` stores them, which makes the next export faster")
            }
            DigestNote::MovesNotFound(_) => "; `papers pick ID --section S` files it again".into(),
            DigestNote::NoSignals(_) => format!(" (papers signals --week {week})"),
        };
        note(settings, digest_note(&told, &hint));
    }
    let written = write_digest(
        &made.digest,
        format,
        template.as_ref(),
        args.output.as_deref(),
        std::io::stdout().lock(),
    );
    // A failed write stays an I/O error (a closed pipe is then no error at all).
    written.map_err(|err| match err {
        RenderError::Write(io) => io.into(),
        other => other.into(),
    })
}
