//! Classifier throughput on one core: `cargo bench --bench classify`.
//!
//! Two sets of papers: the real arXiv abstracts of the shipped held-out set
//! (data/labelled/test.jsonl), whose length and density of topic phrases are those
//! of real ML papers; and the 180 shorter hand-written abstracts of
//! tests/fixtures/eval, which earlier figures in the README were measured on. Two
//! classifiers: the taxonomy's phrases alone, and the default (the built-in model
//! over the phrases' scores).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use papers::classify::eval::{Labelled, parse_jsonl};
use papers::classify::learned::TEST_SET;
use papers::classify::{Classifier, Document, Taxonomy};

const HAND_WRITTEN: [&str; 3] = [
    include_str!("../tests/fixtures/eval/part-a.jsonl"),
    include_str!("../tests/fixtures/eval/part-b.jsonl"),
    include_str!("../tests/fixtures/eval/part-c.jsonl"),
];

fn classify(c: &mut Criterion) {
    let real = parse_jsonl(TEST_SET).expect("the shipped test set parses");
    let hand_written: Vec<Labelled> =
        HAND_WRITTEN.iter().flat_map(|part| parse_jsonl(part).expect("fixture parses")).collect();
    let taxonomy = Taxonomy::builtin().expect("default taxonomy");
    let classifiers =
        [("phrases_only", Classifier::rules_only(taxonomy.clone())), ("model", Classifier::new(taxonomy))];
    for (set, papers) in [("real", &real), ("hand_written", &hand_written)] {
        let mut group = c.benchmark_group(format!("classify_{set}"));
        group.throughput(Throughput::Elements(papers.len() as u64));
        for (name, classifier) in &classifiers {
            group.bench_function(*name, |b| {
                b.iter(|| {
                    let mut assigned = 0;
                    for paper in papers.iter() {
                        let doc = Document {
                            title: &paper.title,
                            abstract_text: &paper.abstract_text,
                            categories: &paper.categories,
                        };
                        assigned += classifier.classify(black_box(doc)).len();
                    }
                    assigned
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, classify);
criterion_main!(benches);
