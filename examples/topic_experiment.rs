//! The tools behind the shipped topic model's rounds of labelling and its figures
//! (`data/README.md`):
//!
//! - `score CORPUS.jsonl.gz OUT.jsonl [MODEL]`: per corpus paper, each topic's
//!   probability as a fraction of its threshold (`{"id", "r": {slug: ratio}}`),
//!   which `data/labelling/sample4.py` draws unsure papers from.
//! - `train OUT.model LABELLED.jsonl... [--epochs N] [--min-precision P] [--eval FILE.jsonl]...`:
//!   trains a model on the labelled files with these settings (the rest as
//!   shipped) and prints micro-F1 on each evaluation file and on all of them
//!   together, with the topics under 0.7 precision: how the shipped settings were
//!   chosen on the dev sets.
//! - `coverage MODEL LABELLED.jsonl...`: of the labelled papers filed outside
//!   cs.CL, cs.LG, cs.AI and cs.CV, how many that deserve a topic get none, and
//!   how many that deserve none get one.
//!
//! `cargo run --release --example topic_experiment -- score ../shared/corpus/arxiv-ml-2025.jsonl.gz scores.jsonl`

use std::collections::BTreeMap;
use std::error::Error;
use std::io::Write;

use papers::classify::eval::{Labelled, evaluate};
use papers::classify::learned::train::Settings;
use papers::classify::learned::{Model, train_model_with};
use papers::classify::{Classifier, Document, Taxonomy};

#[path = "support/corpus.rs"]
mod corpus;
use corpus::{CORE, corpus_papers};

const USAGE: &str = "usage: topic_experiment score CORPUS OUT [MODEL] | train OUT LABELLED... [--epochs N] [--min-precision P] [--eval FILE]... | coverage MODEL LABELLED...";

fn read_labelled(path: &str) -> Result<Vec<Labelled>, Box<dyn Error>> {
    Ok(papers::classify::files::read_labelled(Some(std::path::Path::new(path)))?)
}

fn classifier_with(model: Option<&str>) -> Result<Classifier, Box<dyn Error>> {
    let taxonomy = Taxonomy::builtin()?;
    Ok(match model {
        Some(path) => Classifier::with_model(taxonomy, Some(Model::from_bytes(&std::fs::read(path)?)?)),
        None => Classifier::new(taxonomy),
    })
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("score") if args.len() >= 3 => score(&args[1], &args[2], args.get(3).map(String::as_str)),
        Some("train") if args.len() >= 3 => train(&args[1], &args[2..]),
        Some("coverage") if args.len() >= 3 => coverage(&args[1], &args[2..]),
        _ => Err(USAGE.into()),
    }
}

fn score(corpus: &str, out: &str, model: Option<&str>) -> Result<(), Box<dyn Error>> {
    let classifier = classifier_with(model)?;
    let topics = &classifier.model().ok_or("no model")?.topics;
    let mut out = std::io::BufWriter::new(std::fs::File::create(out)?);
    for paper in corpus_papers(corpus)? {
        let paper = paper?;
        let doc = paper.document();
        let (_, probabilities) = classifier.model_reading(doc).ok_or("no model")?;
        let ratios: BTreeMap<&str, f32> =
            topics.iter().zip(&probabilities).map(|(t, p)| (t.slug.as_str(), p / t.threshold)).collect();
        writeln!(out, "{}", serde_json::json!({"id": paper.id, "r": ratios}))?;
    }
    Ok(())
}

fn train(out: &str, rest: &[String]) -> Result<(), Box<dyn Error>> {
    let mut settings = Settings::default();
    let (mut labelled, mut evals) = (Vec::new(), Vec::new());
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(USAGE);
        match arg.as_str() {
            "--epochs" => settings.epochs = value()?.parse()?,
            "--min-precision" => settings.min_precision = value()?.parse()?,
            "--eval" => evals.push(value()?.clone()),
            path => labelled.extend(read_labelled(path)?),
        }
    }
    let rules = Classifier::rules_only(Taxonomy::builtin()?);
    let model = train_model_with(&rules, &labelled, &[], &[], settings).model;
    std::fs::write(out, model.to_bytes())?;
    let classifier = Classifier::with_model(Taxonomy::builtin()?, Some(model));
    let mut pooled = Vec::new();
    for path in &evals {
        let papers = read_labelled(path)?;
        print_report(path, &classifier, &papers);
        pooled.extend(papers);
    }
    if evals.len() > 1 {
        print_report("all together", &classifier, &pooled);
    }
    Ok(())
}

fn print_report(name: &str, classifier: &Classifier, papers: &[Labelled]) {
    let report = evaluate(classifier, papers);
    let weak: Vec<String> = (report.per_topic.iter())
        .filter(|(_, c)| c.true_positives + c.false_positives >= 5 && c.precision() < 0.7)
        .map(|(slug, c)| format!("{slug} {:.2} of {}", c.precision(), c.true_positives + c.false_positives))
        .collect();
    let m = &report.micro;
    let name = name.rsplit('/').next().unwrap_or(name);
    println!(
        "{name:<28} F1 {:.3} P {:.3} R {:.3}  under 0.7: {}",
        m.f1(),
        m.precision(),
        m.recall(),
        weak.join(", ")
    );
}

fn coverage(model: &str, files: &[String]) -> Result<(), Box<dyn Error>> {
    let classifier = classifier_with(Some(model))?;
    let (mut deserving, mut missed, mut none, mut given) = (0, 0, 0, 0);
    for path in files {
        for paper in read_labelled(path)? {
            if paper.categories.iter().any(|c| CORE.contains(&c.as_str())) {
                continue;
            }
            let doc = Document {
                title: &paper.title,
                abstract_text: &paper.abstract_text,
                categories: &paper.categories,
            };
            let assigned = !classifier.classify(doc).is_empty();
            match paper.topics.is_empty() {
                false => (deserving, missed) = (deserving + 1, missed + usize::from(!assigned)),
                true => (none, given) = (none + 1, given + usize::from(assigned)),
            }
        }
    }
    println!(
        "outside the core categories: {deserving} deserve a topic, {missed} of them got none; {none} deserve none, {given} of them got one"
    );
    Ok(())
}
