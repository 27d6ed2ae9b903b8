//! `papers train`: fit the topic model on the shipped labelled papers and the
//! user's own labels, save it beside the database, and re-classify with it.

use anyhow::{Context, Result};

use super::Settings;
use super::args::TrainArgs;
use super::topics::reclassify;
use papers::classify::Classifier;
use papers::classify::eval::parse_jsonl;
use papers::classify::learned::{TRAINING_SET, train_model};
use papers::export::{plural, thousands};

pub fn run(settings: &Settings, args: &TrainArgs) -> Result<()> {
    let rules = Classifier::rules_only(settings.taxonomy()?);
    let shipped = parse_jsonl(TRAINING_SET).map_err(|e| anyhow::anyhow!("the shipped training set: {e}"))?;
    let user = match args.shipped_only {
        true => Vec::new(),
        false => settings.open_store()?.labelled_papers()?,
    };
    let started = std::time::Instant::now();
    let model = train_model(&rules, &shipped, &user);
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
    let classifier = Classifier::with_model(rules.taxonomy().clone(), Some(model));
    let mut store = settings.open_store()?;
    let count = reclassify(&mut store, &classifier, None)?;
    if settings.verbosity >= 0 {
        outln!("re-classified {} with it", plural(count, "paper"))?;
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
