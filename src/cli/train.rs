//! `papers train`: fit the topic model on the shipped labelled papers and the
//! user's own labels, save it beside the database, re-classify with it, and say
//! how each topic of the user's own did and which papers to label next.

use std::collections::HashSet;

use anyhow::Result;

use super::Settings;
use super::args::TrainArgs;
use papers::classify::Classifier;
use papers::classify::eval::parse_jsonl;
use papers::classify::learned::least_sure::{LeastSure, Unsure};
use papers::classify::learned::train::{Advice, TopicFit};
use papers::classify::learned::{BACKGROUND_PAPERS, TRAINING_SET, train_model};
use papers::files::{FileError, write_atomically};
use papers::id::ArxivId;
use papers::ingest::reclassify;
use papers::store::Store;
use papers::wording::fit::cut;
use papers::wording::{plural, thousands};

/// Papers suggested for labelling, per topic of the user's own.
const SUGGESTIONS: usize = 8;

pub fn run(settings: &Settings, args: &TrainArgs) -> Result<()> {
    let rules = Classifier::rules_only(settings.taxonomy()?);
    let shipped = parse_jsonl(TRAINING_SET).map_err(|e| anyhow::anyhow!("the shipped training set: {e}"))?;
    let (user, background) = match args.shipped_only {
        true => (Vec::new(), Vec::new()),
        false => {
            let store = settings.open_store()?;
            (store.labelled_papers()?, store.sample_papers(BACKGROUND_PAPERS)?)
        }
    };
    let started = std::time::Instant::now();
    let trained = train_model(&rules, &shipped, &user, &background);
    let model = trained.model;
    let bytes = model.to_bytes();
    let path = args.output.clone().unwrap_or_else(|| settings.model_path());
    write_atomically(&path, |out| {
        out.write_all(&bytes).map_err(|source| FileError { path: path.clone(), source })
    })?;
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
    let own: Vec<(usize, String)> = (trained.fits.iter().zip(&model.topics).enumerate())
        .filter(|(_, (fit, _))| fit.own)
        .map(|(index, (_, topic))| (index, topic.slug.clone()))
        .collect();
    if args.output.is_some() {
        for (index, slug) in own.iter().filter(|_| settings.verbosity >= 0) {
            let threshold = model.topics[*index].threshold;
            own_topic_report(slug, &trained.fits[*index], threshold, &[])?;
        }
        return Ok(());
    }
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
    let suggestions = least_sure.finish(model);
    for (index, slug) in &own {
        let unsure = suggestions.iter().find(|(s, _)| s == slug).map_or(&[][..], |(_, u)| u.as_slice());
        let threshold = model.topics[*index].threshold;
        own_topic_report(slug, &trained.fits[*index], threshold, &titled(&store, unsure)?)?;
    }
    Ok(())
}

/// The title of each paper (empty when it is not stored, or its id unreadable).
fn titled<'u>(store: &Store, unsure: &'u [Unsure]) -> Result<Vec<(&'u Unsure, String)>> {
    let mut titled = Vec::new();
    for paper in unsure {
        let title = match ArxivId::parse(&paper.id) {
            Ok(id) => store.paper(&id)?.map(|p| p.paper.title).unwrap_or_default(),
            Err(_) => String::new(),
        };
        titled.push((paper, title));
    }
    Ok(titled)
}

/// Characters of a suggested paper's title shown.
const TITLE_WIDTH: usize = 70;

/// Prints how the topic `slug` of the user's own did (`fit`, at `threshold`), what
/// it needs, and the papers worth labelling next with their titles (none when the
/// model was not used to re-classify).
fn own_topic_report(slug: &str, fit: &TopicFit, threshold: f32, unsure: &[(&Unsure, String)]) -> Result<()> {
    outln!(
        "{slug} (yours): it finds {} of your {} papers (recall {:.2}) at precision {:.2}\n  \
         (cross-validated: it takes {} of the {} you labelled outside it, and {} of the {} unlabelled papers \
         it learned against; threshold {threshold:.3})",
        fit.found,
        fit.positives,
        fit.recall(),
        fit.precision(),
        thousands(fit.wrongly_taken as u64),
        thousands(fit.negatives as u64),
        thousands(fit.assumed_taken as u64),
        thousands(fit.assumed as u64)
    )?;
    match fit.advice() {
        Advice::MorePositives => outln!(
            "  it takes nothing yet: label more papers in it with `papers label ID +{slug}` (a dozen or more)"
        )?,
        Advice::Negatives => outln!(
            "  it needs negatives: label papers it takes wrongly with `papers label ID -{slug}` \
             (about as many as your positives) so that it learns where {slug} ends"
        )?,
        Advice::Enough => {}
    }
    if unsure.is_empty() {
        return Ok(());
    }
    outln!("  worth labelling next (nearest its threshold): `papers label ID +{slug}` or `-{slug}`")?;
    for (paper, title) in unsure {
        outln!("    {}  {:.3}  {}", paper.id, paper.probability, cut(title, TITLE_WIDTH))?;
    }
    Ok(())
}
