//! Building a paper query from what a user typed: plain words, an author's name,
//! topics, a section, categories and listing dates, each checked against the
//! taxonomy, the category list and the others.

use chrono::NaiveDate;

use super::{QueryError, find_section, resolve_topic};
use crate::arxiv::categories;
use crate::classify::Classifier;
use crate::model::Named;
use crate::store::{PaperQuery, SearchText, SortKey};
use crate::week::IsoWeek;

/// Open ends of a date range. Listing dates compare as text, so they must be
/// four-digit years.
const EARLIEST: NaiveDate = NaiveDate::from_ymd_opt(1, 1, 1).expect("a valid date");
const LATEST: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");

/// Which listing dates a filter takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Listed {
    /// Any.
    #[default]
    Any,
    /// The days of one week.
    Week(IsoWeek),
    /// From `since` to `until`, both inclusive; a missing end is open.
    Dates { since: Option<NaiveDate>, until: Option<NaiveDate> },
}

/// The orders a list of papers can be in: the store's own, or most important
/// first (ranked after the store has found the papers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOrder {
    Listed,
    Published,
    Score,
    Title,
    Importance,
}

impl ListOrder {
    /// The order the store finds the papers in.
    pub fn key(self) -> SortKey {
        match self {
            ListOrder::Listed | ListOrder::Importance => SortKey::Listed,
            ListOrder::Published => SortKey::Published,
            ListOrder::Score => SortKey::Score,
            ListOrder::Title => SortKey::Title,
        }
    }

    /// Whether the papers are ranked by importance once found.
    pub fn by_importance(self) -> bool {
        self == ListOrder::Importance
    }
}

impl Named for ListOrder {
    const NAMES: &'static [(&'static str, ListOrder)] = &[
        ("listed", ListOrder::Listed),
        ("published", ListOrder::Published),
        ("score", ListOrder::Score),
        ("title", ListOrder::Title),
        ("importance", ListOrder::Importance),
    ];
}

/// The papers a user asked for, as typed (but already parsed into dates and weeks).
/// Every filter that is set must hold; several topics or categories mean any of them.
#[derive(Debug, Clone, Default)]
pub struct PaperFilter {
    pub listed: Listed,
    /// Topic slugs.
    pub topics: Vec<String>,
    /// A section by name or number from 1.
    pub section: Option<String>,
    /// Category codes.
    pub categories: Vec<String>,
    /// Words and "quoted phrases" to find in title, abstract or authors.
    pub words: Option<String>,
    /// An author's name.
    pub author: Option<String>,
    /// Leave out the papers only replaced in the listing dates.
    pub new_only: bool,
    pub sort: SortKey,
    pub reverse: bool,
    pub limit: Option<usize>,
}

impl PaperFilter {
    /// Checks the filter and makes it a store query.
    pub fn resolve(&self, classifier: &Classifier) -> Result<PaperQuery, QueryError> {
        let taxonomy = classifier.taxonomy();
        let listed = match self.listed {
            Listed::Any | Listed::Dates { since: None, until: None } => None,
            Listed::Week(week) => Some((week.monday(), week.sunday())),
            Listed::Dates { since, until } => {
                let (first, last) = (since.unwrap_or(EARLIEST), until.unwrap_or(LATEST));
                if last < first {
                    return Err(QueryError::UntilBeforeSince { since: first, until: last });
                }
                Some((first, last))
            }
        };
        if self.new_only && listed.is_none() {
            return Err(QueryError::NewOnlyWithoutDates);
        }
        let mut topics = Vec::new();
        for topic in &self.topics {
            topics.push(resolve_topic(classifier, topic)?);
        }
        if let Some(wanted) = &self.section {
            let section = find_section(taxonomy, wanted)?;
            // A section narrows the topics; with topics as well, both must agree.
            topics = match topics.is_empty() {
                true => section.topics.clone(),
                false => topics.into_iter().filter(|t| section.topics.contains(t)).collect(),
            };
            if topics.is_empty() {
                return Err(QueryError::NoTopicInSection(section.name.clone()));
            }
        }
        let categories = self
            .categories
            .iter()
            .map(|c| match c.ends_with(".*") {
                true => Err(QueryError::CategoryPattern(c.clone())),
                false => Ok(categories::validate(c)?),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut search = Vec::new();
        if let Some(words) = &self.words {
            search.push(SearchText::words(words)?);
        }
        if let Some(name) = &self.author {
            search.push(SearchText::author(name)?);
        }
        Ok(PaperQuery {
            listed,
            topics,
            categories,
            search,
            new_only: self.new_only,
            sort: self.sort,
            reverse: self.reverse,
            limit: self.limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Taxonomy;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn dates_weeks_and_their_rules() {
        let taxonomy = Taxonomy::builtin().expect("taxonomy");
        let classifier = Classifier::rules_only(taxonomy.clone());
        let week: IsoWeek = "2024-W21".parse().expect("week");
        let query = PaperFilter { listed: Listed::Week(week), ..Default::default() }.resolve(&classifier);
        assert_eq!(query.expect("ok").listed, Some((date("2024-05-20"), date("2024-05-26"))));
        let open = Listed::Dates { since: Some(date("2024-05-20")), until: None };
        let query = PaperFilter { listed: open, new_only: true, ..Default::default() }.resolve(&classifier);
        assert_eq!(query.expect("ok").listed, Some((date("2024-05-20"), LATEST)));
        let backwards = Listed::Dates { since: Some(date("2024-05-20")), until: Some(date("2024-05-19")) };
        let err = PaperFilter { listed: backwards, ..Default::default() }.resolve(&classifier);
        assert_eq!(
            err.expect_err("backwards").to_string(),
            "the dates end on 2024-05-19, before they start on 2024-05-20"
        );
        let err = PaperFilter { new_only: true, ..Default::default() }.resolve(&classifier);
        assert!(matches!(err, Err(QueryError::NewOnlyWithoutDates)));
    }

    #[test]
    fn words_names_topics_sections_and_categories_are_checked() {
        let taxonomy = Taxonomy::builtin().expect("taxonomy");
        let classifier = Classifier::rules_only(taxonomy.clone());
        let section = &taxonomy.sections[0];
        let query = PaperFilter { section: Some("1".into()), ..Default::default() }.resolve(&classifier);
        assert_eq!(query.expect("ok").topics, section.topics);
        let elsewhere = taxonomy.topics.iter().find(|t| !section.topics.contains(&t.slug)).expect("a topic");
        let both = PaperFilter {
            section: Some("1".into()),
            topics: vec![elsewhere.slug.clone()],
            ..Default::default()
        };
        assert!(matches!(both.resolve(&classifier), Err(QueryError::NoTopicInSection(_))));
        let wildcard = PaperFilter { categories: vec!["cs.*".into()], ..Default::default() };
        assert_eq!(
            wildcard.resolve(&classifier).expect_err("a pattern").to_string(),
            "a category filter takes one category code, not 'cs.*'"
        );
        let fixed =
            PaperFilter { categories: vec!["cs.cl".into()], ..Default::default() }.resolve(&classifier);
        assert_eq!(fixed.expect("ok").categories, ["cs.CL"]);
        let search = PaperFilter {
            words: Some("kv cache".into()),
            author: Some("Tri Dao".into()),
            ..Default::default()
        };
        assert_eq!(search.resolve(&classifier).expect("ok").search.len(), 2);
        let unclosed =
            PaperFilter { words: Some("\"open".into()), ..Default::default() }.resolve(&classifier);
        assert_eq!(
            unclosed.expect_err("unclosed").to_string(),
            "cannot search for '\"open': a quote is not closed"
        );
    }
}
