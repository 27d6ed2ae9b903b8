//! Classifies the shipped held-out papers `rounds` times, for instruction counts
//! (`valgrind --tool=callgrind target/release/examples/classify_profile model 4`)
//! and for quick timings (`classify_profile model 200` prints the time a paper
//! takes in the fastest and the median round).

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
    let mut round_times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = std::time::Instant::now();
        for paper in &papers {
            let doc = Document {
                title: &paper.title,
                abstract_text: &paper.abstract_text,
                categories: &paper.categories,
            };
            assigned += classifier.classify(std::hint::black_box(doc)).len();
        }
        round_times.push(started.elapsed().as_secs_f64() * 1e6 / papers.len() as f64);
    }
    round_times.sort_by(f64::total_cmp);
    // The fastest and the median round: on a shared machine the fastest is the
    // least disturbed.
    let (fastest, median) = (round_times.first(), round_times.get(rounds / 2));
    let us = |t: Option<&f64>| t.map_or("-".to_string(), |t| format!("{t:.2}"));
    println!(
        "{} papers, {assigned} topics; µs a paper: fastest round {}, median {}",
        rounds * papers.len(),
        us(fastest),
        us(median)
    );
    Ok(())
}
