//! `papers train`: fit the topic model on the shipped labelled papers and the
//! user's own labels, save it beside the database, re-classify with it, and say
//! how each topic of the user's own did and which papers to label next.

use std::collections::HashSet;

use anyhow::{Context, Result};

use super::Settings;
use super::args::TrainArgs;
use super::topics::reclassify;
use papers::classify::Classifier;
use papers::classify::eval::parse_jsonl;
use papers::classify::learned::least_sure::{LeastSure, Unsure};
use papers::classify::learned::train::TopicFit;
use papers::classify::learned::{TRAINING_SET, train_model};
use papers::export::{plural, thousands};
use papers::model::LabelledPaper;

/// Papers suggested for labelling, per topic of the user's own.
const SUGGESTIONS: usize = 8;
/// Below this many papers labelled outside a topic, `train` asks for more.
const FEW_NEGATIVES: usize = 5;
/// Below this cross-validated precision, `train` asks for negatives.
const LOW_PRECISION: f64 = 0.8;

pub fn run(settings: &Settings, args: &TrainArgs) -> Result<()> {
    let rules = Classifier::rules_only(settings.taxonomy()?);
    let shipped = parse_jsonl(TRAINING_SET).map_err(|e| anyhow::anyhow!("the shipped training set: {e}"))?;
    let user = match args.shipped_only {
        true => Vec::new(),
        false => settings.open_store()?.labelled_papers()?,
    };
    let started = std::time::Instant::now();
    let trained = train_model(&rules, &shipped, &user);
    let model = trained.model;
    let bytes = model.to_bytes();
    let path = args.output.clone().unwrap_or_else(|| settings.model_path());
    write_atomically(&path, &bytes)?;
    if settings.verbosity >= 0 {
        let new: Vec<&str> = model
            .topics
            .iter()
            .map(|t| t.slug.as_str())
            .filter(|slug| rules.taxonomy().topic(slug).is_none())
            .collect();
        outln!(
            "trained {} on {} shipped and {} of yours ({}{}) in {:.1} s; wrote {} ({} bytes)",
            plural(model.topics.len() as u64, "topic"),
            plural(shipped.len() as u64, "paper"),
            plural(user.len() as u64, "labelled paper"),
            plural(model.vocabulary.len() as u64, "feature"),
            if new.is_empty() { String::new() } else { format!("; new topics: {}", new.join(", ")) },
            started.elapsed().as_secs_f64(),
            path.display(),
            thousands(bytes.len() as u64)
        )?;
    }
    if args.output.is_some() {
        return Ok(());
    }
    let own: Vec<(usize, String)> = model
        .topics
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            user.iter().any(|u| u.added.contains(&t.slug)) && rules.taxonomy().topic(&t.slug).is_none()
        })
        .map(|(index, t)| (index, t.slug.clone()))
        .collect();
    let labelled_for = |slug: &str| -> HashSet<String> {
        user.iter()
            .filter(|u| u.added.iter().chain(&u.removed).any(|t| t == slug))
            .map(|u| u.id.to_string())
            .collect()
    };
    let mut least_sure = LeastSure::new(
        &model,
        own.iter().map(|(_, slug)| (slug.clone(), labelled_for(slug))).collect(),
        SUGGESTIONS,
    );
    let classifier = Classifier::with_model(rules.taxonomy().clone(), Some(model));
    let mut store = settings.open_store()?;
    let count =
        reclassify(&mut store, &classifier, None, |id, probabilities| least_sure.observe(id, probabilities))?;
    if settings.verbosity < 0 {
        return Ok(());
    }
    outln!("re-classified {} with it", plural(count, "paper"))?;
    let Some(model) = classifier.model() else { return Ok(()) };
    for ((index, slug), (_, unsure)) in own.iter().zip(least_sure.finish(model)) {
        report_own_topic(&store, slug, &trained.fits[*index], &unsure, &user)?;
    }
    Ok(())
}

/// How a topic of the user's own did on their labels, whether it needs negatives,
/// and the papers to label next.
fn report_own_topic(
    store: &papers::store::Store,
    slug: &str,
    fit: &TopicFit,
    unsure: &[Unsure],
    user: &[LabelledPaper],
) -> Result<()> {
    let negatives = user.iter().filter(|u| u.removed.iter().any(|t| t == slug)).count();
    outln!(
        "{slug} (yours): cross-validated on your labels, it finds {} of {} (recall {:.2}); \
         of what it takes, {:.0}% is labelled {slug} (precision {:.2}); {} labelled outside it",
        fit.found,
        fit.positives,
        fit.recall(),
        100.0 * fit.precision(),
        fit.precision(),
        thousands(negatives as u64)
    )?;
    if negatives < FEW_NEGATIVES || fit.precision() < LOW_PRECISION {
        outln!(
            "  it needs negatives: label papers it takes wrongly with `papers label ID -{slug}` \
             (about as many as your positives) so that it learns where {slug} ends"
        )?;
    }
    if unsure.is_empty() {
        return Ok(());
    }
    outln!("  worth labelling next (it is least sure of these): `papers label ID +{slug}` or `-{slug}`")?;
    for paper in unsure {
        let title = papers::id::ArxivId::parse(&paper.id)
            .ok()
            .and_then(|id| store.paper(&id).ok().flatten())
            .map(|p| p.paper.title)
            .unwrap_or_default();
        outln!("    {}  {:.2}  {}", paper.id, paper.probability, papers::export::fit::cut(&title, 70))?;
    }
    Ok(())
}

/// Writes through a temporary file in the same folder, so a failed write never
/// leaves half a model where the old one was.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let temporary = path.with_extension("model-tmp");
    std::fs::write(&temporary, bytes).with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path).with_context(|| format!("cannot write {}", path.display()))
}
