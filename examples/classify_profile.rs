//! Classifies the shipped held-out papers `rounds` times, for instruction counts:
//! `valgrind --tool=callgrind target/release/examples/classify_profile model 4`.

use papers::classify::eval::parse_jsonl;
use papers::classify::learned::TEST_SET;
use papers::classify::{Classifier, Document, Taxonomy};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let with_model = args.next().as_deref() != Some("phrases");
    let rounds: usize = args.next().map_or(Ok(1), |r| r.parse())?;
    let papers = parse_jsonl(TEST_SET)?;
    let taxonomy = Taxonomy::builtin()?;
    let classifier = if with_model { Classifier::new(taxonomy) } else { Classifier::rules_only(taxonomy) };
    let mut assigned = 0;
    for _ in 0..rounds {
        for paper in &papers {
            let doc = Document {
                title: &paper.title,
                abstract_text: &paper.abstract_text,
                categories: &paper.categories,
            };
            assigned += classifier.classify(std::hint::black_box(doc)).len();
        }
    }
    println!("{} papers, {assigned} topics", rounds * papers.len());
    Ok(())
}
