//! The topic commands: `taxonomy`, `classify`, `label`, `explain`, `topics`, `eval`.

use anyhow::{Context, Result, bail};

use super::args::{
    ClassifyArgs, EvalArgs, ExplainArgs, LabelArgs, OutputFormat, TaxonomyCommand, TopicsArgs,
};
use super::files::write_atomically;
use super::messages::{info, note};
use super::{Settings, resolve, user_taxonomy_path};
use papers::classify::eval::{Counts, evaluate, parse_jsonl};
use papers::classify::importance::{self, CURATOR_SIGNAL, PaperFacts, PriorExplanation};
use papers::classify::learned::TEST_SET;
use papers::classify::learned::model::sigmoid;
use papers::classify::taxonomy::{DEFAULT_TOML, Taxonomy};
use papers::classify::{Classifier, Document, EvidenceKind, Field, ModelExplanation};
use papers::model::StoredPaper;
use papers::model::digest::OTHER_SECTION;
use papers::query::{FiledBy, QueryError, check_label_topic, filed_by, find_paper, section_of};
use papers::wording::fit::cut;

pub fn taxonomy(settings: &Settings, command: &TaxonomyCommand) -> Result<()> {
    match command {
        TaxonomyCommand::Show => out!("{}", settings.taxonomy()?.text)?,
        TaxonomyCommand::Init { force } => {
            let path = user_taxonomy_path().context("cannot find a config directory (is HOME set?)")?;
            if path.exists() && !force {
                bail!(
                    "{} already exists; edit it, or pass --force to overwrite it with the default",
                    path.display()
                );
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            write_atomically(&path, |out| {
                out.write_all(DEFAULT_TOML.as_bytes())
                    .with_context(|| format!("cannot write {}", path.display()))
            })?;
            if settings.verbosity >= 0 {
                outln!(
                    "wrote {}; papers uses it from now on (`papers classify` re-sorts stored papers)",
                    path.display()
                )?;
            }
        }
    }
    Ok(())
}

pub fn classify(settings: &Settings, args: &ClassifyArgs) -> Result<()> {
    let classifier = settings.classifier()?;
    let mut store = settings.open_store()?;
    let range = resolve::week_range(args.week);
    let started = std::time::Instant::now();
    let count = papers::ingest::reclassify(&mut store, &classifier, range, |_, _| {})?;
    if settings.verbosity >= 0 {
        outln!("classified {count} papers in {:.2} s", started.elapsed().as_secs_f64())?;
    }
    Ok(())
}

pub fn label(settings: &Settings, args: &LabelArgs) -> Result<()> {
    let classifier = settings.classifier()?;
    let mut store = settings.open_store()?;
    // A label for a topic the taxonomy has since dropped can still be removed.
    let existing = store.labels(&args.id.id)?;
    // Topics of the user's own already in use on other papers.
    let labelled = store.labelled_papers()?;
    let in_use = |slug: &str| labelled.iter().any(|p| p.added.iter().any(|t| t == slug));
    let mut changes = Vec::new();
    let mut new_topics = Vec::new();
    for change in &args.changes {
        let (assigned, slug) = (change.assigned, change.slug.as_str());
        if (assigned || !existing.iter().any(|(t, _)| t == slug))
            && !in_use(slug)
            && !check_label_topic(&classifier, slug)?
        {
            new_topics.push(slug);
        }
        changes.push((slug, assigned));
    }
    for (slug, assigned) in changes {
        if store.set_label(&args.id.id, slug, assigned)?.is_none() {
            return Err(QueryError::NotFound(args.id.id.clone()).into());
        }
    }
    for slug in new_topics {
        note(
            settings,
            format!(
                "'{slug}' is a new topic; label a few dozen papers with it, then `papers train` learns it"
            ),
        );
    }
    let stored = find_paper(&store, args.id.id.as_str())?;
    if settings.verbosity >= 0 {
        let topics: Vec<&str> = stored.topics.iter().map(|t| t.slug.as_str()).collect();
        outln!(
            "{}: {}",
            stored.paper.id,
            if topics.is_empty() { "no topics".to_string() } else { topics.join(", ") }
        )?;
    }
    Ok(())
}

pub fn explain(settings: &Settings, args: &ExplainArgs) -> Result<()> {
    let classifier = settings.classifier()?;
    let store = settings.read_store()?;
    let stored = find_paper(&store, args.id.id.as_str())?;
    let labels = store.labels(&stored.paper.id)?;
    let paper = &stored.paper;
    let doc =
        Document { title: &paper.title, abstract_text: &paper.abstract_text, categories: &paper.categories };
    let explanations = classifier.explain(doc);
    let model = classifier.explain_model(doc, FEATURES_SHOWN);
    let authors: Vec<&str> = paper.authors.iter().map(|a| a.name.as_str()).collect();
    let prior = classifier.explain_prior(doc, &PaperFacts::of(paper, &authors), PRIOR_FEATURES_SHOWN);
    if args.format == OutputFormat::Json {
        let value = serde_json::json!({
            "id": paper.id.as_str(),
            "taxonomy": classifier.taxonomy().hash(),
            "classifier": classifier.fingerprint(),
            "model": model,
            "importance_prior": prior,
            "topics": explanations,
            "labels": labels.iter().map(|(t, a)| serde_json::json!({"topic": t, "assigned": a})).collect::<Vec<_>>(),
            "section": section_of(classifier.taxonomy(), &stored),
            "near_topic": stored.near_topic.as_ref().map(|t| t.slug.as_str()),
        });
        outln!("{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    outln!("{}v{}  {}", paper.id, paper.version, paper.title)?;
    if stored.topics_hash.as_deref() != Some(classifier.fingerprint()) {
        let id = &paper.id;
        note(
            settings,
            format!(
                "the stored topics of {id} come from another taxonomy or model; `papers classify` updates them"
            ),
        );
    }
    if let Some(model) = &model {
        print_model(model, &labels)?;
        outln!(
            "\nphrases of the taxonomy (features of the model; they decide the topics it does not know):"
        )?;
    }
    if explanations.is_empty() {
        outln!("no topic phrase matched")?;
    }
    for e in &explanations {
        let removed = labels.iter().any(|(t, assigned)| *t == e.slug && !assigned);
        let verdict = match (&e.assigned, e.verdict.dropped_because()) {
            (true, _) if removed => "assigned by the classifier, removed by a manual label".to_string(),
            (true, _) => "assigned".to_string(),
            (false, Some(why)) => format!("not assigned: {why}"),
            (false, None) => format!("near miss: below the threshold of {}", e.threshold),
        };
        outln!("\n{} {:.2} ({verdict})", e.slug, e.score)?;
        for x in &e.evidence {
            let place = match (x.kind, x.field) {
                (EvidenceKind::Prior, _) => "category prior".to_string(),
                (_, Some(Field::Title)) => "title".to_string(),
                (_, Some(Field::Abstract)) => "abstract".to_string(),
                (_, None) => String::new(),
            };
            let what = match x.kind {
                EvidenceKind::Exclude => format!("excluded \"{}\"", x.phrase),
                _ => format!("\"{}\"", x.phrase),
            };
            outln!("  {:>+6.2}  {what} in {place}", x.points)?;
        }
    }
    for (topic, assigned) in &labels {
        outln!("\nmanual label: {}{topic}", if *assigned { "+" } else { "-" })?;
    }
    outln!("\ndigest section: {}", filed_why(classifier.taxonomy(), &stored))?;
    if let Some(prior) = &prior {
        print_prior(prior)?;
    }
    Ok(())
}

/// The section the digest files a paper under, and by which topic.
fn filed_why(taxonomy: &Taxonomy, stored: &StoredPaper) -> String {
    match filed_by(taxonomy, stored) {
        Some((section, FiledBy::Topic(slug))) => format!("{section} (its topic {slug})"),
        Some((section, FiledBy::NearMiss(slug))) => {
            format!("{section} (its near miss {slug}: no topic of it is in a section)")
        }
        None => format!("{OTHER_SECTION} (no topic in a section, and no near miss)"),
    }
}

/// Features shown per head of the importance prior by `explain`.
const PRIOR_FEATURES_SHOWN: usize = 8;

/// The importance prior's two heads and the features that moved them.
fn print_prior(prior: &PriorExplanation) -> Result<()> {
    outln!("\nimportance prior (what the paper alone says; points are log-odds):")?;
    for head in &prior.heads {
        // The curator head was fitted with its picks weighted up, so its log-odds
        // rank papers but are no probability: it is compared with the average paper.
        let what = match head.head {
            "community prior" => {
                let probability = sigmoid(head.log_odds);
                format!("featured on Hugging Face with probability {:.1}%", probability * 100.0)
            }
            _ => match importance::builtin() {
                Some(model) => format!("the average paper scores {:.2}", model.ranking.means[CURATOR_SIGNAL]),
                None => String::new(),
            },
        };
        outln!("\n{} {:.2}: {what}", head.head, head.log_odds)?;
        for part in &head.parts {
            outln!("  {:>+6.2}  {} {}", part.points, part.kind, part.feature)?;
        }
    }
    Ok(())
}

/// Features shown per topic by `explain`.
const FEATURES_SHOWN: usize = 6;

/// The model's verdict per topic, most likely first: every assigned topic and
/// near misses (within half the threshold), with the features that moved them.
fn print_model(model: &[ModelExplanation], labels: &[(String, bool)]) -> Result<()> {
    outln!("\nmodel (probability against each topic's threshold; points are log-odds):")?;
    for e in model.iter().filter(|e| e.assigned || e.probability >= e.threshold / 2.0) {
        let removed = labels.iter().any(|(t, assigned)| *t == e.slug && !assigned);
        let verdict = match e.assigned {
            true if removed => "assigned by the model, removed by a manual label",
            true => "assigned",
            false if e.probability >= e.threshold => "above the threshold, over the cap of topics",
            false => "near miss",
        };
        outln!(
            "\n{} {:.2} against {:.2} ({verdict}); bias {:+.2}",
            e.slug,
            e.probability,
            e.threshold,
            e.bias
        )?;
        for c in &e.contributions {
            outln!("  {:>+6.2}  {} \"{}\"", c.points, c.kind, c.feature)?;
        }
    }
    Ok(())
}

pub fn topics(settings: &Settings, args: &TopicsArgs) -> Result<()> {
    let taxonomy = settings.taxonomy()?;
    let store = settings.read_store()?;
    let range = resolve::week_range(args.week);
    let counts = store.topic_counts(range)?;
    let count_of = |slug: &str| counts.iter().find(|(t, _)| t == slug).map_or(0, |(_, n)| *n);
    let mut listed = Vec::new();
    for section in &taxonomy.sections {
        outln!("{}", section.name)?;
        for slug in &section.topics {
            listed.push(slug.as_str());
            let name = taxonomy.topic(slug).map_or("", |t| t.name.as_str());
            let line = format!("  {:<17} {:>7}  ", slug, count_of(slug));
            let room = settings.width.map_or(usize::MAX, |w| w.saturating_sub(line.chars().count()));
            outln!("{}", format!("{line}{}", cut(name, room)).trim_end())?;
        }
    }
    let unsectioned: Vec<&str> =
        taxonomy.topics.iter().map(|t| t.slug.as_str()).filter(|s| !listed.contains(s)).collect();
    if !unsectioned.is_empty() {
        outln!("(no section)")?;
        for slug in unsectioned {
            outln!("  {:<17} {:>7}", slug, count_of(slug))?;
        }
    }
    let stale = store.stale_topics(settings.classifier()?.fingerprint(), range)?;
    if stale > 0 {
        info(
            settings,
            format!(
                "{stale} papers were classified with another taxonomy (or not at all); run `papers classify` to update them"
            ),
        );
    }
    Ok(())
}

pub fn eval(settings: &Settings, args: &EvalArgs) -> Result<()> {
    let classifier = settings.classifier()?;
    let (name, text) = match &args.file {
        Some(path) => (
            path.display().to_string(),
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?,
        ),
        None => ("the shipped held-out set".to_string(), TEST_SET.to_string()),
    };
    let papers = parse_jsonl(&text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let rules = evaluate(&Classifier::rules_only(classifier.taxonomy().clone()), &papers);
    let report = evaluate(&classifier, &papers);
    outln!("{} papers, taxonomy {}", report.papers, classifier.taxonomy().hash())?;
    let in_use = if classifier.model().is_some() { "model" } else { "phrases (no model)" };
    outln!("{:<17} {:>22}   {:>22}", "", "phrases alone", in_use)?;
    outln!(
        "{:<17} {:>9} {:>6} {:>6}   {:>9} {:>6} {:>6} {:>6}",
        "topic",
        "precision",
        "recall",
        "f1",
        "precision",
        "recall",
        "f1",
        "labels"
    )?;
    let row = |c: &Counts| format!("{:>9.3} {:>6.3} {:>6.3}", c.precision(), c.recall(), c.f1());
    for (slug, c) in &report.per_topic {
        let labels = c.true_positives + c.false_negatives;
        let phrases = rules.per_topic.get(slug).copied().unwrap_or_default();
        outln!("{slug:<17} {}   {} {labels:>6}", row(&phrases), row(c))?;
    }
    outln!("{:<17} {}   {}", "micro", row(&rules.micro), row(&report.micro))?;
    if args.mistakes {
        for (id, expected, got) in &report.mistakes {
            outln!("{id}: labelled [{}], classified [{}]", expected.join(", "), got.join(", "))?;
        }
    }
    Ok(())
}
