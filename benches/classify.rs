//! Classifier throughput on one core: `cargo bench --bench classify`.
//!
//! The papers are the real arXiv abstracts of the shipped held-out set
//! (data/labelled/test.jsonl), so that text length and the density of topic
//! phrases are those of real ML papers. Two classifiers: the taxonomy's phrases
//! alone, and the default (the built-in model over the phrases' scores).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use papers::classify::eval::parse_jsonl;
use papers::classify::learned::TEST_SET;
use papers::classify::{Classifier, Document, Taxonomy};

fn classify(c: &mut Criterion) {
    let papers = parse_jsonl(TEST_SET).expect("the shipped test set parses");
    let taxonomy = Taxonomy::builtin().expect("default taxonomy");
    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(papers.len() as u64));
    for (name, classifier) in
        [("phrases_only", Classifier::rules_only(taxonomy.clone())), ("model", Classifier::new(taxonomy))]
    {
        group.bench_function(name, |b| {
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
    }
    group.finish();
}

criterion_group!(benches, classify);
criterion_main!(benches);
