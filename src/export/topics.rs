//! The topic tables as text: papers per topic grouped by digest section
//! (`papers topics`), and the phrases and the model measured side by side on
//! labelled papers (`papers eval`).

use std::fmt::Write;
use std::path::Path;

use crate::classify::Taxonomy;
use crate::classify::eval::{Counts, Report};
use crate::model::StoredPaper;
use crate::wording::fit::cut;

/// Papers per topic, section by section, then the topics in no section; names are
/// cut to fit `width`.
pub fn topic_counts(taxonomy: &Taxonomy, counts: &[(String, u64)], width: Option<usize>) -> String {
    let count_of = |slug: &str| counts.iter().find(|(t, _)| t == slug).map_or(0, |(_, n)| *n);
    let mut out = String::new();
    let mut listed = Vec::new();
    for section in &taxonomy.sections {
        let _ = writeln!(out, "{}", section.name);
        for slug in &section.topics {
            listed.push(slug.as_str());
            let name = taxonomy.topic(slug).map_or("", |t| t.name.as_str());
            let line = format!("  {:<17} {:>7}  ", slug, count_of(slug));
            let room = width.map_or(usize::MAX, |w| w.saturating_sub(line.chars().count()));
            let _ = writeln!(out, "{}", format!("{line}{}", cut(name, room)).trim_end());
        }
    }
    let unsectioned: Vec<&str> =
        taxonomy.topics.iter().map(|t| t.slug.as_str()).filter(|s| !listed.contains(s)).collect();
    if !unsectioned.is_empty() {
        out.push_str("(no section)\n");
        for slug in unsectioned {
            let _ = writeln!(out, "  {:<17} {:>7}", slug, count_of(slug));
        }
    }
    out
}

/// Precision, recall and F1 per topic and overall, of the phrases alone (`rules`)
/// beside the classifier in use (`report`, by the model when `by_model`), on
/// `taxonomy_hash`'s taxonomy; with `mistakes`, then every paper it got wrong.
pub fn eval_table(
    rules: &Report,
    report: &Report,
    taxonomy_hash: &str,
    by_model: bool,
    mistakes: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} papers, taxonomy {taxonomy_hash}", report.papers);
    let in_use = if by_model { "model" } else { "phrases (no model)" };
    let _ = writeln!(out, "{:<17} {:>22}   {:>22}", "", "phrases alone", in_use);
    let _ = writeln!(
        out,
        "{:<17} {:>9} {:>6} {:>6}   {:>9} {:>6} {:>6} {:>6}",
        "topic", "precision", "recall", "f1", "precision", "recall", "f1", "labels"
    );
    let row = |c: &Counts| format!("{:>9.3} {:>6.3} {:>6.3}", c.precision(), c.recall(), c.f1());
    for (slug, c) in &report.per_topic {
        let labels = c.true_positives + c.false_negatives;
        let phrases = rules.per_topic.get(slug).copied().unwrap_or_default();
        let _ = writeln!(out, "{slug:<17} {}   {} {labels:>6}", row(&phrases), row(c));
    }
    let _ = writeln!(out, "{:<17} {}   {}", "micro", row(&rules.micro), row(&report.micro));
    if mistakes {
        for (id, expected, got) in &report.mistakes {
            let _ =
                writeln!(out, "{id}: labelled [{}], classified [{}]", expected.join(", "), got.join(", "));
        }
    }
    out
}

/// "ID: topic, topic" (or "ID: no topics"): a paper's topics once labelled.
pub fn labels_line(stored: &StoredPaper) -> String {
    let topics: Vec<&str> = stored.topics.iter().map(|t| t.slug.as_str()).collect();
    let topics = if topics.is_empty() { "no topics".to_string() } else { topics.join(", ") };
    format!("{}: {topics}\n", stored.paper.id)
}

/// "'SLUG' is a new topic": a label of a slug the model does not know yet.
pub fn new_topic(slug: &str) -> String {
    format!("'{slug}' is a new topic")
}

/// That a paper's stored topics are not the ones it would get now.
pub fn stale_topics(id: &crate::id::ArxivId) -> String {
    format!("the stored topics of {id} come from another taxonomy or model")
}

/// How many papers have topics from another taxonomy or none.
pub fn unclassified(papers: u64) -> String {
    format!("{papers} papers were classified with another taxonomy (or not at all)")
}

/// "classified 120 papers in 0.41 s".
pub fn classified(papers: u64, seconds: f64) -> String {
    format!("classified {papers} papers in {seconds:.2} s")
}

/// That the taxonomy for editing is written, and in use.
pub fn wrote_taxonomy(path: &Path) -> String {
    format!("wrote {}; papers uses it from now on", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_notes_say_what_happened() {
        assert_eq!(classified(120, 0.406), "classified 120 papers in 0.41 s");
        assert_eq!(unclassified(3), "3 papers were classified with another taxonomy (or not at all)");
        assert_eq!(new_topic("mine"), "'mine' is a new topic");
        assert_eq!(wrote_taxonomy(Path::new("/x/t.toml")), "wrote /x/t.toml; papers uses it from now on");
        let id = crate::id::ArxivId::parse("2405.00001").expect("an id");
        assert_eq!(stale_topics(&id), "the stored topics of 2405.00001 come from another taxonomy or model");
    }
}
