//! Taxonomies: the TOML format, its validation, and the compiled-in default.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The default ML/LLM taxonomy, as shipped.
pub const DEFAULT_TOML: &str = include_str!("default-taxonomy.toml");

/// A taxonomy that could not be used, located by line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name} line {line}: {message}")]
pub struct TaxonomyError {
    pub source_name: String,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    title_weight: Option<Spanned<f64>>,
    threshold: Option<Spanned<f64>>,
    exclude_penalty: Option<Spanned<f64>>,
    max_topics: Option<Spanned<usize>>,
    relative_cutoff: Option<Spanned<f64>>,
    anchor_weight: Option<Spanned<f64>>,
    #[serde(default)]
    section: Vec<SectionFile>,
    #[serde(default)]
    topic: Vec<TopicFile>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    name: Spanned<String>,
    topics: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct TopicFile {
    slug: Spanned<String>,
    name: String,
    description: String,
    threshold: Option<Spanned<f64>>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    priors: BTreeMap<String, f64>,
    #[serde(default)]
    include: BTreeMap<String, f64>,
    /// Other names people type for it: `--topic RAG` is `retrieval`.
    #[serde(default)]
    aliases: Vec<String>,
}

/// One topic, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub threshold: f64,
    /// Phrase and weight, sorted by phrase.
    pub include: Vec<(String, f64)>,
    pub exclude: Vec<String>,
    /// At least one of these must appear for the topic to be assigned (if any are given).
    pub requires: Vec<String>,
    /// Category code and weight.
    pub priors: Vec<(String, f64)>,
    /// Other names for it, lower-case: `rag` for `retrieval`.
    pub aliases: Vec<String>,
}

/// A heading of the weekly digest and the topics filed under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub name: String,
    pub topics: Vec<String>,
}

/// A validated taxonomy with its scoring settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Taxonomy {
    pub title_weight: f64,
    pub threshold: f64,
    pub exclude_penalty: f64,
    pub max_topics: usize,
    pub relative_cutoff: f64,
    /// A topic needs a matched include phrase at least this heavy.
    pub anchor_weight: f64,
    pub topics: Vec<Topic>,
    pub sections: Vec<Section>,
    /// The TOML it came from.
    #[serde(skip)]
    pub text: String,
    #[serde(skip)]
    hash: String,
}

impl Taxonomy {
    /// The compiled-in default.
    pub fn builtin() -> Result<Taxonomy, TaxonomyError> {
        Taxonomy::parse(DEFAULT_TOML, "built-in taxonomy")
    }

    /// Parses and validates `text`; errors name `source_name` and the line.
    pub fn parse(text: &str, source_name: &str) -> Result<Taxonomy, TaxonomyError> {
        let error = |span: Option<Range<usize>>, message: String| TaxonomyError {
            source_name: source_name.to_string(),
            line: span.map_or(1, |s| line_of(text, s.start)),
            message,
        };
        let file: TaxonomyFile =
            toml::from_str(text).map_err(|e| error(e.span(), e.message().trim().to_string()))?;
        // Every number must be finite and in its range; the error names its line.
        let number =
            |value: &Option<Spanned<f64>>, key: &str, default: f64, ok: fn(f64) -> bool, range: &str| {
                match value {
                    None => Ok(default),
                    Some(v) if v.get_ref().is_finite() && ok(*v.get_ref()) => Ok(*v.get_ref()),
                    Some(v) => Err(error(Some(v.span()), format!("{key} must be {range}"))),
                }
            };
        let positive = |x: f64| x > 0.0;
        let threshold =
            number(&file.threshold, "threshold", DEFAULT_THRESHOLD, positive, "a number above 0")?;
        let title_weight = number(&file.title_weight, "title_weight", 2.0, positive, "a number above 0")?;
        let exclude_penalty =
            number(&file.exclude_penalty, "exclude_penalty", 3.0, |x| x >= 0.0, "a number from 0 up")?;
        let relative_cutoff = number(
            &file.relative_cutoff,
            "relative_cutoff",
            0.0,
            |x| (0.0..=1.0).contains(&x),
            "from 0 to 1",
        )?;
        let anchor_weight =
            number(&file.anchor_weight, "anchor_weight", 0.0, |x| x >= 0.0, "a number from 0 up")?;
        let max_topics = match &file.max_topics {
            None => 4,
            Some(m) if *m.get_ref() >= 1 => *m.get_ref(),
            Some(m) => return Err(error(Some(m.span()), "max_topics must be at least 1".into())),
        };
        let mut topics = Vec::with_capacity(file.topic.len());
        let mut slugs = HashSet::new();
        // Slugs and aliases: every name a user may type for a topic.
        let mut names: HashSet<String> = HashSet::new();
        for topic in &file.topic {
            let slug = topic.slug.get_ref();
            let at = || Some(topic.slug.span());
            if slug.is_empty()
                || !slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(error(
                    at(),
                    format!("topic slug '{slug}' must be lower-case letters, digits and '-'"),
                ));
            }
            if !slugs.insert(slug.clone()) {
                return Err(error(at(), format!("duplicate topic slug '{slug}'")));
            }
            if !names.insert(slug.clone()) {
                return Err(error(at(), format!("'{slug}' names two topics (a slug or an alias)")));
            }
            if topic.include.is_empty() {
                return Err(error(at(), format!("topic '{slug}' has no include phrases")));
            }
            let mut normalised = HashSet::new();
            for (phrase, weight) in &topic.include {
                let words = super::text::normalise(phrase);
                if words.is_empty() {
                    return Err(error(at(), format!("topic '{slug}' has an empty include phrase")));
                }
                if !normalised.insert(words.clone()) {
                    return Err(error(
                        at(),
                        format!(
                            "topic '{slug}' lists '{phrase}' twice (phrases that differ only in case, hyphens or plurals are the same)"
                        ),
                    ));
                }
                if !weight.is_finite() || *weight <= 0.0 {
                    return Err(error(at(), format!("topic '{slug}': weight of '{phrase}' must be above 0")));
                }
            }
            if let Some((category, _)) = topic.priors.iter().find(|(_, w)| !w.is_finite()) {
                return Err(error(
                    at(),
                    format!("topic '{slug}': prior for {category} must be a finite number"),
                ));
            }
            let topic_threshold = match &topic.threshold {
                None => threshold,
                Some(t) if t.get_ref().is_finite() && *t.get_ref() > 0.0 => *t.get_ref(),
                Some(t) => {
                    return Err(error(
                        Some(t.span()),
                        format!("topic '{slug}': threshold must be a number above 0"),
                    ));
                }
            };
            if topic.exclude.iter().chain(&topic.requires).any(|p| super::text::normalise(p).is_empty()) {
                return Err(error(at(), format!("topic '{slug}' has an empty exclude or requires phrase")));
            }
            for category in topic.priors.keys() {
                crate::arxiv::categories::validate(category)
                    .map_err(|e| error(at(), format!("topic '{slug}' prior: {e}")))?;
            }
            let mut aliases = Vec::with_capacity(topic.aliases.len());
            for alias in &topic.aliases {
                let alias = alias.trim().to_lowercase();
                if alias.is_empty() {
                    return Err(error(at(), format!("topic '{slug}' has an empty alias")));
                }
                if !names.insert(alias.clone()) {
                    return Err(error(at(), format!("'{alias}' names two topics (a slug or an alias)")));
                }
                aliases.push(alias);
            }
            topics.push(Topic {
                aliases,
                slug: slug.clone(),
                name: topic.name.clone(),
                description: topic.description.clone(),
                threshold: topic_threshold,
                include: topic.include.iter().map(|(p, w)| (p.clone(), *w)).collect(),
                exclude: topic.exclude.clone(),
                requires: topic.requires.clone(),
                priors: topic.priors.iter().map(|(c, w)| (c.clone(), *w)).collect(),
            });
        }
        if topics.is_empty() {
            return Err(error(None, "the taxonomy has no [[topic]] entries".into()));
        }
        if topics.len() > MAX_TOPICS {
            return Err(error(
                None,
                format!("the taxonomy has {} topics; at most {MAX_TOPICS} are supported", topics.len()),
            ));
        }
        let mut sections = Vec::with_capacity(file.section.len());
        for section in &file.section {
            for slug in &section.topics {
                if !slugs.contains(slug.get_ref()) {
                    let known: Vec<&str> = topics.iter().map(|t| t.slug.as_str()).collect();
                    return Err(error(
                        Some(slug.span()),
                        format!(
                            "section '{}' names unknown topic '{}' (known: {})",
                            section.name.get_ref(),
                            slug.get_ref(),
                            known.join(", ")
                        ),
                    ));
                }
            }
            sections.push(Section {
                name: section.name.get_ref().clone(),
                topics: section.topics.iter().map(|s| s.get_ref().clone()).collect(),
            });
        }
        let mut taxonomy = Taxonomy {
            title_weight,
            threshold,
            exclude_penalty,
            max_topics,
            relative_cutoff,
            anchor_weight,
            topics,
            sections,
            text: text.to_string(),
            hash: String::new(),
        };
        taxonomy.hash = fingerprint(&taxonomy);
        Ok(taxonomy)
    }

    /// A short stable fingerprint of everything that affects scores.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    pub fn topic(&self, slug: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.slug == slug)
    }

    /// The section a topic is filed under (the first that lists it).
    pub fn section_of(&self, slug: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.topics.iter().any(|t| t == slug))
    }
}

const DEFAULT_THRESHOLD: f64 = 3.0;

/// The classifier tracks `requires` matches in a 128-bit set, one bit per topic.
pub const MAX_TOPICS: usize = 128;

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Bumped whenever a change to the classifier or the normaliser can change scores,
/// so that topics it stored earlier show as stale.
const CLASSIFIER_VERSION: u32 = 1;

/// FNV-1a over what decides scores: the classifier version, the settings and each
/// topic's slug, phrases, weights and priors (not names, descriptions or sections).
fn fingerprint(taxonomy: &Taxonomy) -> String {
    let scoring = serde_json::json!({
        "classifier": CLASSIFIER_VERSION,
        "settings": [taxonomy.title_weight, taxonomy.threshold, taxonomy.exclude_penalty,
                     taxonomy.max_topics as f64, taxonomy.relative_cutoff, taxonomy.anchor_weight],
        "topics": taxonomy.topics.iter().map(|t| serde_json::json!({
            "slug": t.slug, "threshold": t.threshold, "include": t.include,
            "exclude": t.exclude, "requires": t.requires, "priors": t.priors,
        })).collect::<Vec<_>>(),
    });
    format!("{:016x}", super::stable_hash(scoring.to_string().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLUGS: [&str; 17] = [
        "attention",
        "inference",
        "quantization",
        "peft",
        "alignment",
        "safety",
        "training",
        "scaling",
        "evaluation",
        "reasoning",
        "agents",
        "multimodal",
        "retrieval",
        "interpretability",
        "multilingual",
        "code",
        "domain",
    ];

    #[test]
    fn the_default_has_the_seventeen_topics_and_five_sections() {
        let taxonomy = Taxonomy::builtin().expect("the default parses");
        let slugs: Vec<&str> = taxonomy.topics.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, SLUGS);
        let sections: Vec<&str> = taxonomy.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            sections,
            [
                "LLM Progress & Benchmarking",
                "Agents, Tools & Retrieval",
                "LLM Training, Evaluation & Inference",
                "LLM Quantization & Alignment",
                "Attention Models & Interpretability"
            ]
        );
        for slug in SLUGS {
            assert!(taxonomy.section_of(slug).is_some(), "{slug} has no section");
        }
        assert_eq!(taxonomy.hash().len(), 16);
    }

    #[test]
    fn the_hash_ignores_comments_and_wording_but_not_weights() {
        let base = Taxonomy::builtin().expect("parses");
        let commented = Taxonomy::parse(&format!("# note\n{DEFAULT_TOML}"), "x").expect("parses");
        assert_eq!(base.hash(), commented.hash());
        let renamed = DEFAULT_TOML.replacen("name = \"Attention Models\"", "name = \"Architectures\"", 1);
        assert_eq!(base.hash(), Taxonomy::parse(&renamed, "x").expect("parses").hash());
        let changed = DEFAULT_TOML.replacen("\"linear attention\" = 3", "\"linear attention\" = 2", 1);
        assert_ne!(base.hash(), Taxonomy::parse(&changed, "x").expect("parses").hash());
    }

    fn topic(slug: &str) -> String {
        format!(
            "[[topic]]\nslug = \"{slug}\"\nname = \"N\"\ndescription = \"D\"\n[topic.include]\n\"word\" = 1\n"
        )
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            ("threshold = \n".to_string(), 1, "string values must be quoted"),
            (format!("{}{}", topic("a"), topic("a")), 8, "duplicate topic slug 'a'"),
            (
                topic("a").replace("description = \"D\"\n", "description = \"D\"\ncolour = \"red\"\n"),
                5,
                "unknown field `colour`",
            ),
            (topic("a").replace("\"word\" = 1", "\"\" = 1"), 2, "topic 'a' has an empty include phrase"),
            (topic("a").replace("\"word\" = 1", "\" - \" = 1"), 2, "topic 'a' has an empty include phrase"),
            (
                format!("[[section]]\nname = \"S\"\ntopics = [\"a\", \"nope\"]\n{}", topic("a")),
                3,
                "section 'S' names unknown topic 'nope' (known: a)",
            ),
            (topic("Bad Slug"), 2, "topic slug 'Bad Slug' must be lower-case"),
            (topic("a").replace("\"word\" = 1", "\"word\" = 0"), 2, "weight of 'word' must be above 0"),
            (topic("a").replace("\"word\" = 1", "\"Word\" = 1\n\"words\" = 2"), 2, "lists 'words' twice"),
            (format!("threshold = nan\n{}", topic("a")), 1, "threshold must be a number above 0"),
            (format!("relative_cutoff = 2.0\n{}", topic("a")), 1, "relative_cutoff must be from 0 to 1"),
            (format!("\nmax_topics = 0\n{}", topic("a")), 2, "max_topics must be at least 1"),
            (
                format!(
                    "{}{}",
                    topic("a").replace("name = \"N\"", "aliases = [\"B\"]\nname = \"N\""),
                    topic("b")
                ),
                9,
                "'b' names two topics",
            ),
            (
                topic("a").replace("name = \"N\"", "aliases = [\" \"]\nname = \"N\""),
                2,
                "topic 'a' has an empty alias",
            ),
        ];
        for (text, line, message) in cases {
            let err = Taxonomy::parse(&text, "my.toml").expect_err(&text);
            assert_eq!(err.line, line, "{text}\n{err}");
            assert!(err.message.contains(message), "{err}");
            assert!(err.to_string().starts_with(&format!("my.toml line {line}: ")));
        }
    }
}
