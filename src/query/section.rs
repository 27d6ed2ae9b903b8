//! Topics and sections by what a user typed, and the section a paper falls under.

use super::QueryError;
use crate::classify::{Classifier, Section, Taxonomy};
use crate::model::{StoredPaper, StoredTopic};

/// The topic a user means by `typed`: a slug the taxonomy or the model knows, in
/// any case, or one of the taxonomy's aliases (`RAG` is `retrieval`). Anything
/// else is refused, with the nearest topic when one is a slip of the keyboard
/// away.
pub fn resolve_topic(classifier: &Classifier, typed: &str) -> Result<String, QueryError> {
    let slugs = classifier.topic_slugs();
    if slugs.contains(&typed) {
        return Ok(typed.to_string());
    }
    let wanted = typed.trim().to_lowercase();
    let aliases =
        classifier.taxonomy().topics.iter().flat_map(|t| t.aliases.iter().map(move |a| (a, &t.slug)));
    let names: Vec<(&str, &str)> =
        slugs.iter().map(|s| (*s, *s)).chain(aliases.map(|(a, s)| (a.as_str(), s.as_str()))).collect();
    if let Some((_, slug)) = names.iter().find(|(name, _)| *name == wanted) {
        return Ok(slug.to_string());
    }
    let nearest = names
        .iter()
        .map(|(name, slug)| (edit_distance(name, &wanted), *slug))
        .min()
        .filter(|(distance, _)| *distance <= slip_allowed(&wanted))
        .map(|(_, slug)| slug.to_string());
    Err(QueryError::UnknownTopic { slug: typed.to_string(), nearest, topics: slugs.join(", ") })
}

/// How many letters a slip of the keyboard changes in a word this long.
fn slip_allowed(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

/// Whether a topic a user labels with is one the classifier knows (`Ok(true)`) or
/// a new one it will learn from the labels (`Ok(false)`). A slug one or two
/// letters from a known topic is refused as a likely typo.
pub fn check_label_topic(classifier: &Classifier, slug: &str) -> Result<bool, QueryError> {
    // Labels take slugs as they are: an alias ("serving") may be a topic of the
    // user's own in the making.
    if classifier.topic_slugs().contains(&slug) {
        return Ok(true);
    }
    let unknown = match resolve_topic(classifier, slug) {
        Ok(known) => return Err(QueryError::OtherName { typed: slug.to_string(), slug: known }),
        Err(unknown) => unknown,
    };
    let well_formed = !slug.is_empty()
        && slug.len() <= MAX_SLUG
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let near = classifier.topic_slugs().iter().any(|known| edit_distance(known, slug) <= 2);
    match well_formed && !near {
        true => Ok(false),
        false if !well_formed => Err(QueryError::BadTopicSlug(slug.to_string())),
        false => Err(unknown),
    }
}

/// The longest slug a user may make up.
const MAX_SLUG: usize = 40;

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A section by its name (any case) or its number from 1.
pub fn find_section<'t>(taxonomy: &'t Taxonomy, wanted: &str) -> Result<&'t Section, QueryError> {
    let by_number =
        wanted.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| taxonomy.sections.get(i));
    let section =
        by_number.or_else(|| taxonomy.sections.iter().find(|s| s.name.eq_ignore_ascii_case(wanted.trim())));
    section.ok_or_else(|| {
        let names: Vec<String> =
            taxonomy.sections.iter().enumerate().map(|(i, s)| format!("{} ({})", i + 1, s.name)).collect();
        QueryError::UnknownSection { wanted: wanted.to_string(), sections: names.join(", ") }
    })
}

/// The name of the section a paper's best topic is in, if any.
pub fn section_of<'t>(taxonomy: &'t Taxonomy, stored: &StoredPaper) -> Option<&'t str> {
    filed_by(taxonomy, stored).map(|(section, _)| section)
}

/// The topic that files a paper under its section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FiledBy<'p> {
    /// One of its topics.
    Topic(&'p str),
    /// The topic it came nearest to without getting it.
    NearMiss(&'p str),
}

/// The section a paper is filed under (see [`filed_under`]) and by which topic;
/// `None` for "Other papers".
pub fn filed_by<'t, 'p>(taxonomy: &'t Taxonomy, stored: &'p StoredPaper) -> Option<(&'t str, FiledBy<'p>)> {
    let near = stored.near_topic.as_ref().map(|t| t.slug.as_str());
    let (section, slug) =
        filed_under(&stored.topics, near, |slug| taxonomy.section_of(slug).map(|s| (s, slug)))?;
    let by = match stored.topics.iter().any(|t| t.slug == slug) {
        true => FiledBy::Topic(slug),
        false => FiledBy::NearMiss(slug),
    };
    Some((section.name.as_str(), by))
}

/// Where a paper is filed: under the section of its best topic that a section
/// lists (its topics come best first); failing that, under the section of the
/// topic it came nearest to without getting it; else under none ("Other
/// papers").
pub fn filed_under<'p, S>(
    topics: &'p [StoredTopic],
    near_topic: Option<&'p str>,
    section_of: impl Fn(&'p str) -> Option<S>,
) -> Option<S> {
    topics.iter().find_map(|t| section_of(&t.slug)).or_else(|| near_topic.and_then(section_of))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paper_is_filed_by_its_best_sectioned_topic_then_its_near_miss() {
        let topic = |slug: &str, score: f64| StoredTopic { slug: slug.into(), score, manual: false };
        let sections = |slug: &str| match slug {
            "attention" => Some(4),
            "agents" => Some(1),
            _ => None,
        };
        let mine = [topic("robotics", 0.9), topic("agents", 0.7)];
        assert_eq!(
            filed_under(&mine, Some("attention"), sections),
            Some(1),
            "a user's own topic has no section"
        );
        assert_eq!(
            filed_under(&[], Some("attention"), sections),
            Some(4),
            "a near miss files a topicless paper"
        );
        assert_eq!(filed_under(&[topic("robotics", 0.9)], None, sections), None, "Other papers");
        assert_eq!(filed_under(&[], Some("robotics"), sections), None);
    }

    #[test]
    fn filed_by_says_whether_a_topic_or_the_near_miss_filed_the_paper() {
        let taxonomy = Taxonomy::builtin().expect("built-in taxonomy");
        let submitted = chrono::DateTime::from_timestamp(1_716_300_000, 0).expect("a time");
        let paper = crate::model::Paper::for_tests("2405.00001", submitted, &["Ada Example"]);
        let week = crate::week::IsoWeek::new(2024, 21).expect("a week");
        let mut stored = StoredPaper {
            paper,
            announced: week.monday(),
            week,
            versions: Vec::new(),
            topics: vec![StoredTopic { slug: "agents".into(), score: 0.9, manual: false }],
            topics_hash: None,
            replaced: None,
            relisted: None,
            announcements: Vec::new(),
            signals: None,
            prior: None,
            near_topic: Some(StoredTopic { slug: "attention".into(), score: 0.3, manual: false }),
        };
        let agents = taxonomy.section_of("agents").expect("a section").name.clone();
        assert_eq!(filed_by(&taxonomy, &stored), Some((agents.as_str(), FiledBy::Topic("agents"))));
        stored.topics.clear();
        let attention = taxonomy.section_of("attention").expect("a section").name.clone();
        assert_eq!(filed_by(&taxonomy, &stored), Some((attention.as_str(), FiledBy::NearMiss("attention"))));
        stored.near_topic = None;
        assert_eq!(filed_by(&taxonomy, &stored), None);
    }

    #[test]
    fn topics_and_sections_are_found_or_refused_with_the_choices() {
        let taxonomy = Taxonomy::builtin().expect("built-in taxonomy");
        let first = &taxonomy.sections[0];
        assert_eq!(find_section(&taxonomy, "1").expect("by number").name, first.name);
        let shouted = first.name.to_uppercase();
        assert_eq!(find_section(&taxonomy, &shouted).expect("by name").name, first.name);
        let err = find_section(&taxonomy, "0").expect_err("numbers start at 1").to_string();
        assert!(err.starts_with("unknown section '0'; the sections are 1 ("), "{err}");
        let slug = &taxonomy.topics[0].slug;
        let classifier = Classifier::rules_only(taxonomy.clone());
        assert_eq!(resolve_topic(&classifier, slug).expect("a slug"), *slug);
        let typo = format!("{slug}x");
        assert!(check_label_topic(&classifier, &typo).is_err(), "a typo is not a new topic");
        assert!(matches!(check_label_topic(&classifier, slug), Ok(true)));
        assert!(matches!(check_label_topic(&classifier, "robotics"), Ok(false)), "a new topic");
        assert!(matches!(check_label_topic(&classifier, "Ro bots"), Err(QueryError::BadTopicSlug(_))));
        let err = resolve_topic(&classifier, &typo).expect_err("unknown").to_string();
        assert!(err.starts_with(&format!("unknown topic '{typo}'; did you mean '{slug}'?")), "{err}");
    }

    #[test]
    fn aliases_and_case_name_topics_and_only_slips_get_a_suggestion() {
        let classifier = Classifier::rules_only(Taxonomy::builtin().expect("built-in taxonomy"));
        let resolved = |typed: &str| resolve_topic(&classifier, typed);
        assert_eq!(resolved("RAG").expect("an alias"), "retrieval");
        assert_eq!(resolved("LoRA").expect("an alias"), "peft");
        assert_eq!(resolved("Attention").expect("a slug in capitals"), "attention");
        assert!(
            matches!(check_label_topic(&classifier, "RAG"), Err(QueryError::OtherName { slug, .. }) if slug == "retrieval"),
            "a label takes the slug, not another name"
        );
        let slip = resolved("atention").expect_err("a slip").to_string();
        assert!(slip.contains("did you mean 'attention'?"), "{slip}");
        for nothing_near in ["foo", "robotics", "xyz"] {
            let err = resolved(nothing_near).expect_err("unknown").to_string();
            assert!(err.starts_with(&format!("unknown topic '{nothing_near}'; the topics are ")), "{err}");
        }
    }
}
