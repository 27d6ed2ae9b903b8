//! How many labels make a useful new topic? Treats a shipped topic as new: the
//! phrases and the shipped labels forget it, k of its training papers are labelled
//! by "the user", and the trained model is measured on the held-out papers.
//!
//! `cargo run --release --example label_curve -- code multilingual`

use papers::classify::eval::{Labelled, evaluate, parse_jsonl};
use papers::classify::learned::{TEST_SET, TRAINING_SET, train_model};
use papers::classify::{Classifier, Taxonomy};
use papers::id::ArxivId;
use papers::model::LabelledPaper;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let topics: Vec<String> = std::env::args().skip(1).collect();
    let test = parse_jsonl(TEST_SET)?;
    println!("topic             labels  precision  recall     f1");
    for topic in &topics {
        let mut taxonomy = Taxonomy::builtin()?;
        taxonomy.topics.retain(|t| &t.slug != topic);
        taxonomy.sections.iter_mut().for_each(|s| s.topics.retain(|t| t != topic));
        let rules = Classifier::rules_only(taxonomy.clone());
        let forget = |papers: &[Labelled]| -> Vec<Labelled> {
            let mut papers = papers.to_vec();
            papers.iter_mut().for_each(|p| p.topics.retain(|t| t != topic));
            papers
        };
        let training = parse_jsonl(TRAINING_SET)?;
        let positives: Vec<&Labelled> = training.iter().filter(|p| p.topics.contains(topic)).collect();
        for k in [5, 10, 15, 30, 60] {
            let user: Vec<LabelledPaper> = positives
                .iter()
                .take(k)
                .filter_map(|p| {
                    Some(LabelledPaper {
                        id: ArxivId::parse(&p.id).ok()?,
                        title: p.title.clone(),
                        abstract_text: p.abstract_text.clone(),
                        categories: p.categories.clone(),
                        added: vec![topic.clone()],
                        removed: Vec::new(),
                    })
                })
                .collect();
            let model = train_model(&rules, &forget(&training), &user);
            let classifier = Classifier::with_model(taxonomy.clone(), Some(model));
            let report = evaluate(&classifier, &test);
            let c = report.per_topic.get(topic).copied().unwrap_or_default();
            println!("{topic:<17} {k:>6} {:>10.3} {:>7.3} {:>6.3}", c.precision(), c.recall(), c.f1());
        }
    }
    Ok(())
}
