//! How close the digest's short summaries come to Hugging Face's one-line
//! summaries (`ai_summary`), which a person reads as "what the paper is about".
//!
//! For every featured paper with both an abstract and an `ai_summary`, it compares
//! three choices of the abstract's sentences with the `ai_summary`: the digest's
//! (`papers::query::digest::prose::short_summary`), the first two sentences, and
//! the first sentences that fit the same length. The score is ROUGE-1 recall: the
//! share of the `ai_summary`'s content words (lower-cased, stop words out, crude
//! plural/-ing/-ed stemming) that the choice carries. It is also given without the
//! title's words, which every choice gets for free from the heading. The weights in
//! `prose.rs` were fitted on papers featured before `--held-out` (default
//! 2026-05-01); the figures that count are those from that day on.
//!
//! ```sh
//! cargo run --release --example short_summaries -- ../shared/importance/hf-daily-featured.jsonl.gz
//! ```

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use papers::query::digest::prose::{sentences, short_summary};

/// Words that carry no content, for the comparison only.
const STOP: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "and", "or", "for", "on", "with", "by", "from", "as", "at", "is",
    "are", "was", "were", "be", "been", "being", "this", "that", "these", "those", "it", "its", "we", "our",
    "us", "they", "their", "which", "who", "whom", "what", "when", "where", "how", "than", "then", "such",
    "can", "could", "may", "might", "will", "would", "should", "do", "does", "did", "not", "no", "also",
    "both", "each", "into", "over", "under", "via", "using", "based", "new", "more", "most", "very", "other",
    "while", "between", "across", "about", "among", "through",
];

#[derive(Default)]
struct Tally {
    papers: usize,
    recall: [f64; 3],
    without_title: [f64; 3],
    characters: [usize; 3],
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path =
        args.next().ok_or("usage: short_summaries HF-DAILY-FEATURED.jsonl.gz [--held-out YYYY-MM-DD]")?;
    let held_out = match (args.next().as_deref(), args.next()) {
        (Some("--held-out"), Some(day)) => day,
        _ => "2026-05-01".to_string(),
    };
    let file = std::fs::File::open(&path).map_err(|e| format!("{path}: {e}"))?;
    let mut seen = HashSet::new();
    let (mut fitted, mut later) = (Tally::default(), Tally::default());
    for line in std::io::BufReader::new(flate2::read::GzDecoder::new(file)).lines() {
        let row: serde_json::Value = serde_json::from_str(&line?)?;
        let text = |field: &str| row[field].as_str().unwrap_or_default().to_string();
        let (id, day, title) =
            (text("arxiv_id"), text("day"), papers::tex::clean(&text("title")).to_string());
        let (abstract_text, reference) =
            (papers::tex::clean(&text("summary")).to_string(), text("ai_summary"));
        if abstract_text.is_empty() || reference.is_empty() || !seen.insert(id) {
            continue;
        }
        let all = sentences(&abstract_text);
        let digest = short_summary(&title, &all);
        let lead_two = all.iter().take(2).cloned().collect::<Vec<_>>().join(" ");
        let lead_fit = lead_within(&all, digest.len());
        let tally = if day.as_str() < held_out.as_str() { &mut fitted } else { &mut later };
        let title_words: HashSet<String> = words(&title).into_iter().collect();
        tally.papers += 1;
        for (k, choice) in [&digest, &lead_two, &lead_fit].into_iter().enumerate() {
            tally.recall[k] += recall(choice, &reference, &HashSet::new());
            tally.without_title[k] += recall(choice, &reference, &title_words);
            tally.characters[k] += choice.chars().count();
        }
    }
    println!("ROUGE-1 recall of Hugging Face's ai_summary (share of its content words carried)");
    for (span, tally) in
        [(format!("before {held_out} (fitted)"), &fitted), (format!("from {held_out} (held out)"), &later)]
    {
        let n = tally.papers.max(1) as f64;
        println!("{span}: {} papers", tally.papers);
        for (k, name) in
            ["digest short summary", "first two sentences", "first sentences, same length"].iter().enumerate()
        {
            println!(
                "  {name:<30} recall {:.3}  without title words {:.3}  mean {:.0} characters",
                tally.recall[k] / n,
                tally.without_title[k] / n,
                tally.characters[k] as f64 / n
            );
        }
    }
    Ok(())
}

/// The leading sentences while they fit `budget` characters (at least one).
fn lead_within(all: &[String], budget: usize) -> String {
    let mut taken = String::new();
    for sentence in all {
        if !taken.is_empty() && taken.len() + 1 + sentence.len() > budget {
            break;
        }
        if !taken.is_empty() {
            taken.push(' ');
        }
        taken.push_str(sentence);
    }
    taken
}

/// The share of `reference`'s content words (counted with repeats, `except` left
/// out) that `choice` carries.
fn recall(choice: &str, reference: &str, except: &HashSet<String>) -> f64 {
    let bag = |text: &str| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for word in words(text).into_iter().filter(|w| !except.contains(w)) {
            *counts.entry(word).or_default() += 1;
        }
        counts
    };
    let (carried, wanted) = (bag(choice), bag(reference));
    let total: usize = wanted.values().sum();
    let overlap: usize = wanted.iter().map(|(w, n)| (*n).min(carried.get(w).copied().unwrap_or(0))).sum();
    overlap as f64 / total.max(1) as f64
}

/// Lower-cased content words, crudely stemmed.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() > 1 && !STOP.contains(w))
        .map(|w| {
            ["ing", "ed", "es", "s"]
                .iter()
                .find(|suffix| w.ends_with(*suffix) && w.len() - suffix.len() >= 4)
                .map_or(w, |suffix| &w[..w.len() - suffix.len()])
                .to_string()
        })
        .collect()
}
