//! `papers explain` as text and JSON: why a paper has (or lacks) each topic, by
//! the phrases and the model, its manual labels, its digest section, and what
//! the importance prior makes of it.

use std::fmt::Write;

use crate::classify::importance::PriorExplanation;
use crate::classify::learned::model::sigmoid;
use crate::classify::{EvidenceKind, Field};
use crate::model::digest::OTHER_SECTION;
use crate::query::FiledBy;
use crate::query::explain::PaperExplanation;

/// The explanation as one JSON document.
pub fn explanation_json(explained: &PaperExplanation) -> serde_json::Value {
    let classifier = explained.classifier;
    let labels = &explained.labels;
    serde_json::json!({
        "id": explained.stored.paper.id.as_str(),
        "taxonomy": classifier.taxonomy().hash(),
        "classifier": classifier.fingerprint(),
        "model": explained.model,
        "importance_prior": explained.prior,
        "topics": explained.topics,
        "labels": labels.iter().map(|(t, a)| serde_json::json!({"topic": t, "assigned": a})).collect::<Vec<_>>(),
        "section": explained.section(),
        "near_topic": explained.stored.near_topic.as_ref().map(|t| t.slug.as_str()),
    })
}

/// The paper's heading line: id, version and title.
pub fn heading(explained: &PaperExplanation) -> String {
    let paper = &explained.stored.paper;
    format!("{}v{}  {}\n", paper.id, paper.version, paper.title)
}

/// Everything after the heading: the model's verdicts (when there is a model),
/// the phrases', the manual labels, the section and the importance prior.
pub fn explanation_text(explained: &PaperExplanation) -> String {
    let mut out = String::new();
    if let Some(model) = &explained.model {
        write_model(&mut out, explained, model);
        out.push_str(
            "\nphrases of the taxonomy (features of the model; they decide the topics it does not know):\n",
        );
    }
    if explained.topics.is_empty() {
        out.push_str("no topic phrase matched\n");
    }
    for e in &explained.topics {
        let verdict = match (&e.assigned, e.verdict.dropped_because()) {
            (true, _) if explained.removed_by_label(&e.slug) => {
                "assigned by the classifier, removed by a manual label".to_string()
            }
            (true, _) => "assigned".to_string(),
            (false, Some(why)) => format!("not assigned: {why}"),
            (false, None) => format!("near miss: below the threshold of {}", e.threshold),
        };
        let _ = writeln!(out, "\n{} {:.2} ({verdict})", e.slug, e.score);
        for x in &e.evidence {
            let place = match (x.kind, x.field) {
                (EvidenceKind::Prior, _) => "category prior",
                (_, Some(Field::Title)) => "title",
                (_, Some(Field::Abstract)) => "abstract",
                (_, None) => "",
            };
            let what = match x.kind {
                EvidenceKind::Exclude => format!("excluded \"{}\"", x.phrase),
                _ => format!("\"{}\"", x.phrase),
            };
            let _ = writeln!(out, "  {:>+6.2}  {what} in {place}", x.points);
        }
    }
    for (topic, assigned) in &explained.labels {
        let _ = writeln!(out, "\nmanual label: {}{topic}", if *assigned { "+" } else { "-" });
    }
    let _ = writeln!(out, "\ndigest section: {}", filed_why(explained));
    if let Some(prior) = &explained.prior {
        write_prior(&mut out, explained, prior);
    }
    out
}

/// The section the digest files a paper under, and by which topic.
fn filed_why(explained: &PaperExplanation) -> String {
    match explained.filed_by() {
        Some((section, FiledBy::Topic(slug))) => format!("{section} (its topic {slug})"),
        Some((section, FiledBy::NearMiss(slug))) => {
            format!("{section} (its near miss {slug}: no topic of it is in a section)")
        }
        None => format!("{OTHER_SECTION} (no topic in a section, and no near miss)"),
    }
}

/// The importance prior's two heads and the features that moved them.
fn write_prior(out: &mut String, explained: &PaperExplanation, prior: &PriorExplanation) {
    out.push_str("\nimportance prior (what the paper alone says; points are log-odds):\n");
    for head in &prior.heads {
        // The curator head was fitted with its picks weighted up, so its log-odds
        // rank papers but are no probability: it is compared with the average paper.
        let what = match head.head {
            "community prior" => {
                let probability = sigmoid(head.log_odds);
                format!("featured on Hugging Face with probability {:.1}%", probability * 100.0)
            }
            _ => match explained.average_curator_score() {
                Some(mean) => format!("the average paper scores {mean:.2}"),
                None => String::new(),
            },
        };
        let _ = writeln!(out, "\n{} {:.2}: {what}", head.head, head.log_odds);
        for part in &head.parts {
            let _ = writeln!(out, "  {:>+6.2}  {} {}", part.points, part.kind, part.feature);
        }
    }
}

/// The model's verdict per topic, most likely first: every assigned topic and
/// near misses (within half the threshold), with the features that moved them.
fn write_model(out: &mut String, explained: &PaperExplanation, model: &[crate::classify::ModelExplanation]) {
    out.push_str("\nmodel (probability against each topic's threshold; points are log-odds):\n");
    for e in model.iter().filter(|e| e.assigned || e.probability >= e.threshold / 2.0) {
        let verdict = match e.assigned {
            true if explained.removed_by_label(&e.slug) => "assigned by the model, removed by a manual label",
            true => "assigned",
            false if e.probability >= e.threshold => "above the threshold, over the cap of topics",
            false => "near miss",
        };
        let _ = writeln!(
            out,
            "\n{} {:.2} against {:.2} ({verdict}); bias {:+.2}",
            e.slug, e.probability, e.threshold, e.bias
        );
        for c in &e.contributions {
            let _ = writeln!(out, "  {:>+6.2}  {} \"{}\"", c.points, c.kind, c.feature);
        }
    }
}
