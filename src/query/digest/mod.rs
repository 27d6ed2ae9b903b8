//! The weekly digest: which of a week's papers it shows, under which section, in
//! what order. Every paper falls under the section of its best topic ("Other
//! papers" when that is in no section); within a section papers are ranked (see
//! [`rank`]) and cut to the first `top`.
//!
//! Choosing reads the week once, one row at a time, keeping only a small pick per
//! paper; the shown papers are read again a page at a time while the digest is
//! rendered (see [`Digest::papers`]), so no week is ever held in memory whole.

mod entry;
mod keys;
mod pages;
pub mod prose;
pub mod rank;

use std::collections::HashMap;
use std::sync::Arc;

use super::{QueryError, Staleness};
use crate::classify::Taxonomy;
use crate::model::digest::{Digest, DigestSection, OTHER_SECTION};
use crate::store::{PaperKey, PaperQuery, Store};
use crate::week::IsoWeek;
use rank::{Evidence, Signals, fold};

/// Primary categories named in the digest's introduction.
const TOP_CATEGORIES: usize = 5;

/// What the caller wants in the digest.
#[derive(Debug, Clone, Default)]
pub struct DigestOptions {
    /// At most this many papers per section.
    pub top: Option<usize>,
    /// Only these sections (by name), in taxonomy order; all when empty.
    pub sections: Vec<String>,
    /// Summaries of just the first K sentences.
    pub summary_sentences: Option<usize>,
    /// Leave out the papers only replaced in the week.
    pub new_only: bool,
}

/// A week's digest, and how many of its papers have topics from another taxonomy.
#[derive(Debug)]
pub struct WeekDigest {
    pub digest: Digest,
    pub staleness: Staleness,
}

/// A paper the digest shows: how to read it back and how it ranked.
#[derive(Debug, Clone)]
struct Pick {
    key: PaperKey,
    id: String,
    signals: Signals,
    replaced: Option<u32>,
}

/// Chooses and orders the papers of `week` for its digest. The store moves into
/// the digest, which reads the chosen papers from it as they are rendered. Authors
/// the user tracks (`au:` entries) rank higher.
pub fn week_digest(
    store: Store,
    week: IsoWeek,
    taxonomy: &Taxonomy,
    options: &DigestOptions,
) -> Result<WeekDigest, QueryError> {
    let tracked: Vec<String> =
        store.tracked()?.into_iter().filter(|t| t.kind == "au").map(|t| fold(&t.value)).collect();
    // A topic's section is the first that lists it; after the taxonomy's sections
    // comes "Other papers".
    let mut section_of: HashMap<&str, usize> = HashMap::new();
    for (index, section) in taxonomy.sections.iter().enumerate() {
        for slug in &section.topics {
            section_of.entry(slug.as_str()).or_insert(index);
        }
    }
    let names: Vec<&str> =
        taxonomy.sections.iter().map(|s| s.name.as_str()).chain(std::iter::once(OTHER_SECTION)).collect();
    let wanted: Vec<bool> = names
        .iter()
        .map(|name| options.sections.is_empty() || options.sections.iter().any(|s| s == name))
        .collect();
    let mut picks: Vec<Vec<Pick>> = vec![Vec::new(); names.len()];
    let mut primaries: HashMap<String, usize> = HashMap::new();
    let mut staleness = Staleness::default();
    let query = PaperQuery {
        listed: Some((week.monday(), week.sunday())),
        new_only: options.new_only,
        ..Default::default()
    };
    store.scan_papers(&query, |paper| -> Result<(), QueryError> {
        staleness.count(paper.topics_hash, taxonomy.hash());
        match primaries.get_mut(paper.primary_category) {
            Some(count) => *count += 1,
            None => {
                primaries.insert(paper.primary_category.to_string(), 1);
            }
        }
        let section =
            paper.best_topic.and_then(|(slug, _)| section_of.get(slug).copied()).unwrap_or(names.len() - 1);
        if !wanted[section] {
            return Ok(());
        }
        let tracked_author =
            !tracked.is_empty() && paper.authors()?.iter().any(|a| tracked.contains(&fold(&a.name)));
        let evidence = Evidence {
            best_score: paper.best_topic.map(|(_, score)| score),
            comment: paper.comment,
            journal_ref: paper.journal_ref,
            abstract_text: paper.abstract_text,
            categories: paper.categories().count(),
            tracked_author,
        };
        picks[section].push(Pick {
            key: paper.key,
            id: paper.id.to_string(),
            signals: Signals::of(&evidence),
            replaced: paper.replaced,
        });
        Ok(())
    })?;
    let mut sections = Vec::new();
    let mut shown = Vec::new();
    for (name, mut ranked) in names.into_iter().zip(picks) {
        if ranked.is_empty() {
            continue;
        }
        ranked.sort_by(|a, b| b.signals.rank.total_cmp(&a.signals.rank).then_with(|| a.id.cmp(&b.id)));
        if let Some(top) = options.top {
            ranked.truncate(top);
        }
        sections.push(DigestSection {
            number: sections.len() + 1,
            name: name.to_string(),
            size: ranked.len(),
        });
        shown.push(ranked);
    }
    let digest = Digest {
        week,
        papers_in_week: staleness.papers,
        top_categories: top_categories(primaries, TOP_CATEGORIES),
        sections,
        papers: Arc::new(pages::StorePapers::new(store, shown, options.summary_sentences)),
    };
    Ok(WeekDigest { digest, staleness })
}

/// The `n` commonest primary categories, most papers first, ties by code.
fn top_categories(counts: HashMap<String, usize>, n: usize) -> Vec<String> {
    let mut sorted: Vec<(String, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted.into_iter().take(n).map(|(c, _)| c).collect()
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::id::ArxivId;
    use crate::model::digest::{DigestPaper, PAGE};
    use crate::model::{Author, Links, Paper};
    use crate::store::PaperRow;

    /// A week of `n` papers on one topic, some sharing a first author and title word
    /// (so citation keys collide), every seventh linking code.
    fn week_of(n: usize, taxonomy: &Taxonomy) -> Store {
        let mut store = Store::open_in_memory().expect("store");
        let topic = &taxonomy.sections[0].topics[0];
        let day = NaiveDate::from_ymd_opt(2024, 5, 21).expect("date");
        let submitted = Utc.with_ymd_and_hms(2024, 5, 20, 12, 0, 0).single().expect("time");
        let mut batch = store.begin_import().expect("begin");
        for i in 0..n {
            let id = format!("2405.{:05}", 10_000 + i);
            let code = if i % 7 == 0 { " Code: github.com/lab/x." } else { "" };
            let paper = Paper {
                id: ArxivId::parse(&id).expect("id"),
                version: 1,
                title: format!("Scaling Study {}", i % 3),
                abstract_text: format!("We study scaling. It works.{code}"),
                authors: vec![Author { name: format!("Ann Lee{}", i % 5), affiliations: Vec::new() }],
                published: submitted,
                updated: submitted,
                primary_category: "cs.CL".into(),
                categories: vec!["cs.CL".into()],
                comment: None,
                journal_ref: None,
                dois: Vec::new(),
                links: Links { abs: format!("https://arxiv.org/abs/{id}"), pdf: String::new() },
            };
            let score = (i % 11) as f64 / 10.0;
            let row = PaperRow::new(paper, day).expect("row").with_topics(vec![(topic.clone(), score)], "h");
            batch.upsert(&row).expect("upsert");
        }
        batch.commit().expect("commit");
        store
    }

    fn all(digest: &Digest, step: usize) -> Vec<DigestPaper> {
        let size = digest.sections[0].size;
        let mut papers = Vec::new();
        for start in (0..size).step_by(step) {
            papers.extend(digest.papers.papers(0, start..(start + step).min(size)).expect("papers"));
        }
        papers
    }

    #[test]
    fn pages_come_back_the_same_in_any_order() {
        let taxonomy = Taxonomy::builtin().expect("taxonomy");
        let week: IsoWeek = "2024-W21".parse().expect("week");
        let n = PAGE * 2 + 37;
        let made =
            week_digest(week_of(n, &taxonomy), week, &taxonomy, &DigestOptions::default()).expect("digest");
        let digest = &made.digest;
        assert_eq!((digest.papers_in_week, digest.papers_shown()), (n, n));
        assert_eq!(made.staleness, Staleness { stale: n, papers: n }, "classified with another taxonomy");
        assert_eq!(digest.top_categories, ["cs.CL"]);
        let in_order = all(digest, PAGE);
        assert_eq!(in_order.len(), n);
        // Highest rank first, ties by id; a code link is worth its points.
        assert!(
            in_order
                .windows(2)
                .all(|w| w[0].rank > w[1].rank || (w[0].rank == w[1].rank && w[0].id < w[1].id))
        );
        assert_eq!(in_order[0].code_url.as_deref(), Some("https://github.com/lab/x"));
        assert_eq!(in_order[5].number, "1.6");
        let keys: std::collections::BTreeSet<&str> = in_order.iter().map(|p| p.bibtex_key.as_str()).collect();
        assert_eq!(keys.len(), n, "citation keys are unique");
        // Asked again, from the end first, in odd pages: the very same entries.
        let fresh =
            week_digest(week_of(n, &taxonomy), week, &taxonomy, &DigestOptions::default()).expect("digest");
        let last = fresh.digest.papers.papers(0, n - 1..n).expect("last");
        assert_eq!(last[0], in_order[n - 1]);
        assert_eq!(all(&fresh.digest, 100), in_order);
        assert_eq!(all(&made.digest, PAGE), in_order, "and again");
    }

    #[test]
    fn top_and_sections_cut_the_digest_but_not_the_counts() {
        let taxonomy = Taxonomy::builtin().expect("taxonomy");
        let week: IsoWeek = "2024-W21".parse().expect("week");
        let everything =
            week_digest(week_of(40, &taxonomy), week, &taxonomy, &DigestOptions::default()).expect("digest");
        let top = DigestOptions { top: Some(3), ..Default::default() };
        let made = week_digest(week_of(40, &taxonomy), week, &taxonomy, &top).expect("digest");
        assert_eq!((made.digest.papers_in_week, made.digest.papers_shown()), (40, 3));
        assert_eq!(all(&made.digest, PAGE), all(&everything.digest, PAGE)[..3]);
        let elsewhere =
            DigestOptions { sections: vec![taxonomy.sections[1].name.clone()], ..Default::default() };
        let made = week_digest(week_of(40, &taxonomy), week, &taxonomy, &elsewhere).expect("digest");
        assert_eq!((made.digest.papers_in_week, made.digest.sections.len()), (40, 0));
        let empty =
            week_digest(Store::open_in_memory().expect("store"), week, &taxonomy, &top).expect("digest");
        assert_eq!((empty.digest.papers_in_week, empty.digest.top_categories.len()), (0, 0));
    }
}
