//! Classifier throughput, default taxonomy, one core: `cargo bench --bench classify`.
//!
//! The papers are the 180 hand-written, realistic abstracts of the labelled set
//! (tests/fixtures/eval), so that the density of topic phrases is that of real
//! ML papers; the synthetic feed of the ingest bench repeats topic words far more
//! often than real text does.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use papers::classify::eval::parse_jsonl;
use papers::classify::{Classifier, Document, Taxonomy};

const LABELLED: [&str; 3] = [
    include_str!("../tests/fixtures/eval/part-a.jsonl"),
    include_str!("../tests/fixtures/eval/part-b.jsonl"),
    include_str!("../tests/fixtures/eval/part-c.jsonl"),
];

fn classify(c: &mut Criterion) {
    let papers: Vec<_> =
        LABELLED.iter().flat_map(|part| parse_jsonl(part).expect("fixture parses")).collect();
    let classifier = Classifier::new(Taxonomy::builtin().expect("default taxonomy"));
    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(papers.len() as u64));
    group.bench_function("default_taxonomy", |b| {
        b.iter(|| {
            let mut assigned = 0;
            for paper in &papers {
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
    group.finish();
}

criterion_group!(benches, classify);
criterion_main!(benches);
