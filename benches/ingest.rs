//! Ingest benchmarks on a deterministic synthetic feed (see examples/support/synth.rs):
//! parse-only throughput; a full import (parse, store, full-text index) into a
//! fresh on-disk database; and `papers import`'s pipeline (parse, classify, store on
//! three threads) with the phrases alone and with the default model, side by side.
//!
//! `cargo bench --bench ingest` (criterion prints time and MB/s or entries/s).

#[path = "../examples/support/synth.rs"]
mod synth;

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use papers::arxiv::atom::FeedReader;
use papers::classify::{Classifier, Taxonomy};
use papers::ingest::import::import_file;
use papers::ingest::{Context, Silent, StopFlag};
use papers::store::{PaperRow, Store};
use papers::week::Schedule;

const ENTRIES: usize = 5_000;

fn feed() -> Vec<u8> {
    let mut bytes = Vec::new();
    synth::write_feed(&mut bytes, ENTRIES, 7).expect("in-memory write");
    bytes
}

fn parse(c: &mut Criterion) {
    let bytes = feed();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("atom_stream", |b| {
        b.iter(|| {
            let count = FeedReader::new(black_box(bytes.as_slice())).filter(|p| p.is_ok()).count();
            assert_eq!(count, ENTRIES);
        })
    });
    group.finish();
}

/// An empty database in a directory of its own, deleted with the directory.
fn fresh_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("bench.db")).expect("store");
    (dir, store)
}

fn import(c: &mut Criterion) {
    let bytes = feed();
    let schedule = Schedule::default();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ENTRIES as u64));
    group.bench_function("parse_store_fts", |b| {
        b.iter_batched(
            fresh_store,
            |(dir, mut store)| {
                let mut batch = store.begin_import().expect("begin");
                for paper in FeedReader::new(bytes.as_slice()) {
                    let paper = paper.expect("valid feed");
                    batch.upsert(&PaperRow::dated(paper, &schedule).expect("encodes")).expect("upsert");
                }
                assert_eq!(batch.commit().expect("commit").new, ENTRIES as u64);
                drop(store);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    let feed_dir = tempfile::tempdir().expect("tempdir");
    let feed_path = feed_dir.path().join("feed.xml");
    std::fs::write(&feed_path, &bytes).expect("feed written");
    let taxonomy = Taxonomy::builtin().expect("default taxonomy");
    let classifiers = [
        ("pipeline_phrases_only", Classifier::rules_only(taxonomy.clone())),
        ("pipeline_model", Classifier::new(taxonomy)),
    ];
    for (name, classifier) in &classifiers {
        group.bench_function(*name, |b| {
            b.iter_batched(
                fresh_store,
                |(db, mut store)| {
                    let stop = StopFlag::new();
                    let context = Context { classifier, schedule: &schedule, observer: &Silent, stop: &stop };
                    let report = import_file(&mut store, &context, &feed_path).expect("imports");
                    assert_eq!(report.counts.new, ENTRIES as u64);
                    drop(store);
                    db
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, parse, import);
criterion_main!(benches);
