//! Topics and sections by what a user typed, and the section a paper falls under.

use super::QueryError;
use crate::classify::{Section, Taxonomy};
use crate::model::StoredPaper;

/// Refuses an unknown topic slug, suggesting the closest.
pub fn check_topic(taxonomy: &Taxonomy, slug: &str) -> Result<(), QueryError> {
    if taxonomy.topic(slug).is_some() {
        return Ok(());
    }
    let slugs: Vec<&str> = taxonomy.topics.iter().map(|t| t.slug.as_str()).collect();
    let closest = slugs.iter().min_by_key(|s| common_prefix_distance(s, slug)).copied().unwrap_or_default();
    Err(QueryError::UnknownTopic {
        slug: slug.to_string(),
        closest: closest.to_string(),
        topics: slugs.join(", "),
    })
}

fn common_prefix_distance(a: &str, b: &str) -> usize {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    a.len().max(b.len()) - common
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
    stored.topics.first().and_then(|t| taxonomy.section_of(&t.slug)).map(|s| s.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(check_topic(&taxonomy, slug).is_ok());
        let typo = format!("{slug}x");
        let err = check_topic(&taxonomy, &typo).expect_err("unknown").to_string();
        assert!(err.starts_with(&format!("unknown topic '{typo}'; did you mean '{slug}'?")), "{err}");
    }
}
