//! The topic commands: `taxonomy`, `classify`, `label`, `explain`, `topics`, `eval`.

use anyhow::{Context, Result, bail};

use super::args::{
    ClassifyArgs, EvalArgs, ExplainArgs, LabelArgs, OutputFormat, TaxonomyCommand, TopicsArgs,
};
use super::messages::{info, note};
use super::{Settings, resolve};
use papers::classify::Classifier;
use papers::classify::eval::evaluate;
use papers::classify::files::read_labelled;
use papers::classify::taxonomy::DEFAULT_TOML;
use papers::export::explain::{explanation_json, explanation_text, heading};
use papers::export::topics::{eval_table, topic_counts};
use papers::files::{FileError, user_taxonomy, write_atomically};
use papers::query::explain::explain_paper;
use papers::query::labels::set_labels;

pub fn taxonomy(settings: &Settings, command: &TaxonomyCommand) -> Result<()> {
    match command {
        TaxonomyCommand::Show => out!("{}", settings.taxonomy()?.text)?,
        TaxonomyCommand::Init { force } => {
            let path = user_taxonomy().context("cannot find a config directory (is HOME set?)")?;
            if path.exists() && !force {
                bail!(
                    "{} already exists; edit it, or pass --force to overwrite it with the default",
                    path.display()
                );
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            write_atomically(&path, |out| {
                out.write_all(DEFAULT_TOML.as_bytes())
                    .map_err(|source| FileError { path: path.clone(), source })
            })?;
            if settings.verbosity >= 0 {
                outln!(
                    "wrote {}; papers uses it from now on (`papers classify` re-sorts stored papers)",
                    path.display()
                )?;
            }
        }
    }
    Ok(())
}

pub fn classify(settings: &Settings, args: &ClassifyArgs) -> Result<()> {
    let classifier = settings.classifier()?;
    let mut store = settings.open_store()?;
    let range = resolve::week_range(args.week);
    let started = std::time::Instant::now();
    let count = papers::ingest::reclassify(&mut store, &classifier, range, |_, _| {})?;
    if settings.verbosity >= 0 {
        outln!("classified {count} papers in {:.2} s", started.elapsed().as_secs_f64())?;
    }
    Ok(())
}

pub fn label(settings: &Settings, args: &LabelArgs) -> Result<()> {
    let classifier = settings.classifier()?;
    let mut store = settings.open_store()?;
    let labelled = set_labels(&mut store, &classifier, &args.id.id, &args.changes)?;
    for slug in labelled.new_topics {
        note(
            settings,
            format!(
                "'{slug}' is a new topic; label a few dozen papers with it, then `papers train` learns it"
            ),
        );
    }
    if settings.verbosity >= 0 {
        let stored = &labelled.stored;
        let topics: Vec<&str> = stored.topics.iter().map(|t| t.slug.as_str()).collect();
        outln!(
            "{}: {}",
            stored.paper.id,
            if topics.is_empty() { "no topics".to_string() } else { topics.join(", ") }
        )?;
    }
    Ok(())
}

pub fn explain(settings: &Settings, args: &ExplainArgs) -> Result<()> {
    let classifier = settings.classifier()?;
    let store = settings.read_store()?;
    let explained = explain_paper(&store, &classifier, args.id.id.as_str())?;
    if args.format == OutputFormat::Json {
        outln!("{}", serde_json::to_string_pretty(&explanation_json(&explained))?)?;
        return Ok(());
    }
    out!("{}", heading(&explained))?;
    if explained.stale() {
        let id = &explained.stored.paper.id;
        note(
            settings,
            format!(
                "the stored topics of {id} come from another taxonomy or model; `papers classify` updates them"
            ),
        );
    }
    out!("{}", explanation_text(&explained))?;
    Ok(())
}

pub fn topics(settings: &Settings, args: &TopicsArgs) -> Result<()> {
    let taxonomy = settings.taxonomy()?;
    let store = settings.read_store()?;
    let range = resolve::week_range(args.week);
    let counts = store.topic_counts(range)?;
    out!("{}", topic_counts(&taxonomy, &counts, settings.width))?;
    let stale = store.stale_topics(settings.classifier()?.fingerprint(), range)?;
    if stale > 0 {
        info(
            settings,
            format!(
                "{stale} papers were classified with another taxonomy (or not at all); run `papers classify` to update them"
            ),
        );
    }
    Ok(())
}

pub fn eval(settings: &Settings, args: &EvalArgs) -> Result<()> {
    let classifier = settings.classifier()?;
    let papers = read_labelled(args.file.as_deref())?;
    let rules = evaluate(&Classifier::rules_only(classifier.taxonomy().clone()), &papers);
    let report = evaluate(&classifier, &papers);
    let hash = classifier.taxonomy().hash();
    out!("{}", eval_table(&rules, &report, hash, classifier.model().is_some(), args.mistakes))?;
    Ok(())
}
