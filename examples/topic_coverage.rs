//! How many corpus papers filed outside cs.CL, cs.LG, cs.AI and cs.CV get no topic,
//! by primary category: how much a paper's filing weighs against its words. Uses
//! the shipped model, or the model file given.
//!
//! `cargo run --release --example topic_coverage -- ../shared/corpus/arxiv-ml-2025.jsonl.gz [MODEL]`

use std::collections::BTreeMap;
use std::error::Error;

use papers::classify::learned::Model;
use papers::classify::{Classifier, Taxonomy};

#[path = "support/corpus.rs"]
mod corpus;
use corpus::{CORE, corpus_papers};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().ok_or("usage: topic_coverage CORPUS.jsonl.gz [MODEL]")?;
    let corpus = corpus.as_str();
    let taxonomy = Taxonomy::builtin()?;
    let classifier = match args.next() {
        Some(path) => Classifier::with_model(taxonomy, Some(Model::from_bytes(&std::fs::read(path)?)?)),
        None => Classifier::new(taxonomy),
    };
    // Per primary category: papers, and those with no topic.
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for paper in corpus_papers(corpus)? {
        let paper = paper?;
        if paper.abstract_text.is_empty() || !paper.outside_core() {
            continue;
        }
        let doc = paper.document();
        let none = classifier.classify(doc).is_empty();
        let entry = counts.entry(paper.primary_category).or_default();
        entry.0 += 1;
        entry.1 += usize::from(none);
    }
    let (papers, none) = counts.values().fold((0, 0), |(p, n), (a, b)| (p + a, n + b));
    if papers == 0 {
        return Err(format!("no paper of {corpus} is filed outside {}", CORE.join(", ")).into());
    }
    println!(
        "{papers} papers outside {}: {none} with no topic ({:.1}%)",
        CORE.join(", "),
        100.0 * none as f64 / papers as f64
    );
    let mut largest: Vec<(&String, &(usize, usize))> = counts.iter().collect();
    largest.sort_by_key(|(_, (papers, _))| std::cmp::Reverse(*papers));
    for (category, (papers, none)) in largest.into_iter().take(12) {
        println!(
            "  {category:<10} {papers:>5} papers, {none:>4} with no topic ({:.0}%)",
            100.0 * *none as f64 / *papers as f64
        );
    }
    Ok(())
}
