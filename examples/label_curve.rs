//! How many labels make a useful new topic? Two measurements:
//!
//! - A shipped topic treated as new: the phrases and the shipped labels forget it,
//!   k of its training papers are labelled by "the user", and the trained model is
//!   measured on the held-out papers.
//!
//!   `cargo run --release --example label_curve -- code multilingual`
//!
//! - Narrow topics a user might add (speculative decoding, KV-cache compression,
//!   ...), from `data/labelled/narrow-topics.jsonl`: every corpus paper a topic's
//!   broad pattern matches, labelled in or out of it by reading. The user labels k
//!   papers of the corpus's earlier months (before August 2025), whose 3,000
//!   papers drawn at random stand for the user's database; the model then
//!   classifies every corpus paper from August on, and precision and recall are
//!   counted against the labels (a paper no pattern matched is outside the topic).
//!   With `--top DIR` it writes, per topic, the 30 later papers it is surest of,
//!   and per run the papers it took that no pattern matched (unjudged, counted as
//!   wrong), to be judged and added to the labels.
//!
//!   `cargo run --release --example label_curve -- --narrow data/labelled/narrow-topics.jsonl ../shared/corpus/arxiv-ml-2025.jsonl.gz [--top DIR]`

use std::collections::{BTreeMap, HashSet};
use std::error::Error;
use std::io::{BufRead, BufReader, Write};

use papers::classify::eval::{Labelled, evaluate, parse_jsonl};
use papers::classify::learned::{BACKGROUND_PAPERS, TEST_SET, TRAINING_SET, train_model};
use papers::classify::{Classifier, Taxonomy};
use papers::id::ArxivId;
use papers::model::LabelledPaper;

#[path = "support/corpus.rs"]
mod corpus;
use corpus::{CorpusPaper, corpus_papers};

/// Papers published from this day on are the later span, never labelled.
const LATER_SPAN: &str = "2025-08-01";

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--narrow") => {
            let [labels, corpus, rest @ ..] = &args[1..] else {
                return Err("usage: label_curve --narrow LABELS.jsonl CORPUS.jsonl.gz [--top DIR]".into());
            };
            let top = match rest {
                [flag, dir] if flag == "--top" => Some(dir.as_str()),
                [] => None,
                _ => {
                    return Err("usage: label_curve --narrow LABELS.jsonl CORPUS.jsonl.gz [--top DIR]".into());
                }
            };
            narrow(labels, corpus, top)
        }
        _ => shipped_topics(&args),
    }
}

/// A corpus paper as the store gives it, with these labels.
fn labelled(paper: &CorpusPaper, added: &[&str], removed: &[&str]) -> Option<LabelledPaper> {
    Some(LabelledPaper {
        id: ArxivId::parse(&paper.id).ok()?,
        title: paper.title.clone(),
        abstract_text: paper.abstract_text.clone(),
        categories: paper.categories.clone(),
        added: added.iter().map(|t| t.to_string()).collect(),
        removed: removed.iter().map(|t| t.to_string()).collect(),
    })
}

/// A user's labels: `positives` in the topic, `negatives` out of it.
fn user_labels(topic: &str, positives: &[&CorpusPaper], negatives: &[&CorpusPaper]) -> Vec<LabelledPaper> {
    let positives = positives.iter().filter_map(|p| labelled(p, &[topic], &[]));
    positives.chain(negatives.iter().filter_map(|p| labelled(p, &[], &[topic]))).collect()
}

fn shipped_topics(topics: &[String]) -> Result<(), Box<dyn Error>> {
    let test = parse_jsonl(TEST_SET)?;
    println!("topic             labels  precision  recall     f1");
    for topic in topics {
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
        let positives: Vec<CorpusPaper> =
            training.iter().filter(|p| p.topics.contains(topic)).map(CorpusPaper::from_labelled).collect();
        for k in [5, 10, 15, 30, 60] {
            let chosen: Vec<&CorpusPaper> = positives.iter().take(k).collect();
            let model = train_model(&rules, &forget(&training), &user_labels(topic, &chosen, &[]), &[]).model;
            let classifier = Classifier::with_model(taxonomy.clone(), Some(model));
            let report = evaluate(&classifier, &test);
            let c = report.per_topic.get(topic).copied().unwrap_or_default();
            println!("{topic:<17} {k:>6} {:>10.3} {:>7.3} {:>6.3}", c.precision(), c.recall(), c.f1());
        }
    }
    Ok(())
}

impl CorpusPaper {
    fn from_labelled(paper: &Labelled) -> CorpusPaper {
        CorpusPaper {
            id: paper.id.clone(),
            title: paper.title.clone(),
            abstract_text: paper.abstract_text.clone(),
            categories: paper.categories.clone(),
            primary_category: String::new(),
            published: String::new(),
        }
    }

    fn later(&self) -> bool {
        self.published.as_str() >= LATER_SPAN
    }
}

/// A line of the narrow-topic labels: a corpus paper and whether it is in `topic`.
#[derive(Debug, serde::Deserialize)]
struct NarrowLabel {
    #[serde(flatten)]
    paper: CorpusPaper,
    topic: String,
    #[serde(rename = "in")]
    is_in: bool,
}

fn narrow(labels: &str, corpus: &str, top: Option<&str>) -> Result<(), Box<dyn Error>> {
    let mut by_topic: BTreeMap<String, Vec<NarrowLabel>> = BTreeMap::new();
    for line in BufReader::new(std::fs::File::open(labels)?).lines() {
        let label: NarrowLabel = serde_json::from_str(&line?)?;
        by_topic.entry(label.topic.clone()).or_default().push(label);
    }
    let (mut later, mut earlier): (Vec<CorpusPaper>, Vec<CorpusPaper>) = (Vec::new(), Vec::new());
    for paper in corpus_papers(corpus)? {
        let paper = paper?;
        match (paper.abstract_text.is_empty(), paper.later()) {
            (true, _) => {}
            (false, true) => later.push(paper),
            (false, false) => earlier.push(paper),
        }
    }
    // The user's feed before August, as `papers train` samples a database.
    earlier.sort_by_key(|p| papers::classify::stable_hash(p.id.as_bytes()));
    earlier.truncate(BACKGROUND_PAPERS);
    let background: Vec<LabelledPaper> = earlier.iter().filter_map(|p| labelled(p, &[], &[])).collect();
    let taxonomy = Taxonomy::builtin()?;
    let rules = Classifier::rules_only(taxonomy.clone());
    let shipped = parse_jsonl(TRAINING_SET)?;
    println!("{} later papers (published from {LATER_SPAN} on)", later.len());
    println!(
        "topic                 labels (in+out)  precision  recall     f1  taken  in the topic  threshold"
    );
    for (topic, labels) in &by_topic {
        let truth: HashSet<&str> =
            labels.iter().filter(|l| l.is_in && l.paper.later()).map(|l| l.paper.id.as_str()).collect();
        let judged: HashSet<&str> = labels.iter().map(|l| l.paper.id.as_str()).collect();
        let earlier = |is_in: bool| -> Vec<&CorpusPaper> {
            let mut papers: Vec<&CorpusPaper> =
                labels.iter().filter(|l| l.is_in == is_in && !l.paper.later()).map(|l| &l.paper).collect();
            // A fixed order unlike the corpus's, so that k papers are a fair draw.
            papers.sort_by_key(|p| papers::classify::stable_hash(p.id.as_bytes()));
            papers
        };
        let (positives, negatives) = (earlier(true), earlier(false));
        for (k_in, k_out) in [(10, 0), (20, 0), (15, 5), (14, 6), (20, 10), (40, 0), (30, 10)] {
            if positives.len() < k_in || negatives.len() < k_out {
                continue;
            }
            let user = user_labels(topic, &positives[..k_in], &negatives[..k_out]);
            let model = train_model(&rules, &shipped, &user, &background).model;
            let threshold = model.topics.last().map_or(0.0, |t| t.threshold);
            let classifier = Classifier::with_model(taxonomy.clone(), Some(model));
            let mut taken = 0usize;
            let mut right = 0usize;
            let mut ranked: Vec<(f32, &CorpusPaper)> = Vec::new();
            // Papers it took that nobody judged for the topic (no pattern matched them).
            let mut unjudged: Vec<&CorpusPaper> = Vec::new();
            for paper in &later {
                let doc = paper.document();
                if classifier.classify(doc).iter().any(|t| &t.slug == topic) {
                    taken += 1;
                    right += usize::from(truth.contains(paper.id.as_str()));
                    if !judged.contains(paper.id.as_str()) {
                        unjudged.push(paper);
                    }
                }
                if top.is_some()
                    && (k_in, k_out) == (14, 6)
                    && let Some((_, probabilities)) = classifier.model_reading(doc)
                    && let Some(&p) = probabilities.last()
                {
                    ranked.push((p, paper));
                }
            }
            let precision = if taken == 0 { 0.0 } else { right as f64 / taken as f64 };
            let recall = right as f64 / truth.len().max(1) as f64;
            let f1 = if right == 0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
            println!(
                "{topic:<21} {:>6} ({k_in}+{k_out}) {precision:>10.3} {recall:>7.3} {f1:>6.3} {taken:>6} {:>13} {threshold:>9.2} {:>8}",
                k_in + k_out,
                truth.len(),
                unjudged.len()
            );
            if let Some(dir) = top {
                let mut out = std::fs::File::create(format!("{dir}/{topic}-unjudged-{k_in}+{k_out}.jsonl"))?;
                for paper in &unjudged {
                    let line = serde_json::json!({"id": paper.id, "title": paper.title, "abstract": paper.abstract_text,
                        "categories": paper.categories, "published": paper.published, "topic": topic});
                    writeln!(out, "{line}")?;
                }
            }
            if let Some(dir) = top
                && !ranked.is_empty()
            {
                ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
                let mut out = std::fs::File::create(format!("{dir}/{topic}.txt"))?;
                for (p, paper) in ranked.iter().take(30) {
                    let mark = if truth.contains(paper.id.as_str()) { "in " } else { "OUT" };
                    writeln!(out, "{mark} {p:.3} {} {}", paper.id, paper.title)?;
                }
            }
        }
    }
    Ok(())
}
