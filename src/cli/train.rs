//! `papers train`: fit the topic model on the shipped labelled papers and the
//! user's own labels, save it beside the database, re-classify with it, and say
//! how each topic of the user's own did and which papers to label next.

use anyhow::Result;

use super::Settings;
use super::args::TrainArgs;
use papers::classify::Classifier;
use papers::classify::learned::train::Advice;
use papers::export::train::{own_topic_fit, suggestion_lines, trained_line};
use papers::ingest::train::{OwnTopic, train_and_save};
use papers::wording::plural;

pub fn run(settings: &Settings, args: &TrainArgs) -> Result<()> {
    let rules = Classifier::rules_only(settings.taxonomy()?);
    let store = match args.shipped_only {
        true => None,
        false => Some(settings.open_store()?),
    };
    let path = args.output.clone().unwrap_or_else(|| settings.model_path());
    let saved = train_and_save(&rules, store.as_ref(), &path)?;
    drop(store);
    if settings.verbosity >= 0 {
        out!("{}", trained_line(&saved, &path))?;
    }
    // A model written elsewhere is not the one in use: nothing is re-classified.
    if args.output.is_some() {
        for topic in saved.own_topics().iter().filter(|_| settings.verbosity >= 0) {
            report(topic)?;
        }
        return Ok(());
    }
    let (count, own) = saved.reclassify(&mut settings.open_store()?, rules.taxonomy())?;
    if settings.verbosity < 0 {
        return Ok(());
    }
    outln!("re-classified {} with it", plural(count, "paper"))?;
    own.iter().try_for_each(report)
}

/// Prints how a topic of the user's own did, what labels it needs, and the papers
/// worth labelling next.
fn report(topic: &OwnTopic) -> Result<()> {
    let slug = &topic.slug;
    out!("{}", own_topic_fit(topic))?;
    match topic.fit.advice() {
        Advice::MorePositives => outln!(
            "  it takes nothing yet: label more papers in it with `papers label ID +{slug}` (a dozen or more)"
        )?,
        Advice::Negatives => outln!(
            "  it needs negatives: label papers it takes wrongly with `papers label ID -{slug}` \
             (about as many as your positives) so that it learns where {slug} ends"
        )?,
        Advice::Enough => {}
    }
    if !topic.suggestions.is_empty() {
        outln!("  worth labelling next (nearest its threshold): `papers label ID +{slug}` or `-{slug}`")?;
        out!("{}", suggestion_lines(&topic.suggestions))?;
    }
    Ok(())
}
