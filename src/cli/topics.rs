//! The topic commands: `taxonomy`, `classify`, `label`, `explain`, `topics`, `eval`.

use anyhow::{Context, Result};

use super::args::{
    ClassifyArgs, EvalArgs, ExplainArgs, LabelArgs, OutputFormat, TaxonomyCommand, TopicsArgs,
};
use super::messages::{info, note};
use super::{Settings, resolve};
use papers::classify::Classifier;
use papers::classify::eval::evaluate;
use papers::classify::files::{InitError, read_labelled, write_default_taxonomy};
use papers::export::explain::{explanation_json, explanation_text, heading};
use papers::export::topics::{
    classified, eval_table, labels_line, new_topic, stale_topics, topic_counts, unclassified, wrote_taxonomy,
};
use papers::files::user_taxonomy;
use papers::query::explain::explain_paper;
use papers::query::labels::set_labels;

pub fn taxonomy(settings: &Settings, command: &TaxonomyCommand) -> Result<()> {
    match command {
        TaxonomyCommand::Show => out!("{}", settings.taxonomy()?.text)?,
        TaxonomyCommand::Init { force } => {
            let path = user_taxonomy().context("cannot find a config directory (is HOME set?)")?;
            write_default_taxonomy(&path, *force).map_err(|err| match err {
                InitError::Exists(_) => {
                    anyhow::anyhow!("{err}; edit it, or pass --force to overwrite it with the default")
                }
                other => other.into(),
            })?;
            if settings.verbosity >= 0 {
                outln!("{} (`papers classify` re-sorts stored papers)", wrote_taxonomy(&path))?;
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
        outln!("{}", classified(count, started.elapsed().as_secs_f64()))?;
    }
    Ok(())
}

pub fn label(settings: &Settings, args: &LabelArgs) -> Result<()> {
    let classifier = settings.classifier()?;
    let mut store = settings.open_store()?;
    let labelled = set_labels(&mut store, &classifier, &args.id.id, &args.changes)?;
    for slug in labelled.new_topics {
        let hint = "label a few dozen papers with it, then `papers train` learns it";
        note(settings, format!("{}; {hint}", new_topic(&slug)));
    }
    if settings.verbosity >= 0 {
        out!("{}", labels_line(&labelled.stored))?;
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
        let stale = stale_topics(&explained.stored.paper.id);
        note(settings, format!("{stale}; `papers classify` updates them"));
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
        info(settings, format!("{}; run `papers classify` to update them", unclassified(stale)));
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
