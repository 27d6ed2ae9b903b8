//! The weekly digest: which of a week's papers it shows, under which section, in
//! what order. Papers are scored by [`importance`]; the digest keeps the `top`
//! most important of the whole week (and at most `per_section` per section), each
//! under the section of its best topic, or of the topic it came nearest to when
//! no topic of it is in a section ("Other papers" when neither is; see
//! [`filed_under`]), most important first.
//!
//! [`importance`]: crate::query::importance
//!
//! Choosing reads the week once, one row at a time (a big week on two threads),
//! keeping only a small pick per paper; the shown papers are read again a page at a time while the digest is
//! rendered (see [`Digest::papers`]), so no week is ever held in memory whole.

mod entry;
mod keys;
mod notes;
mod pages;
pub mod prose;

pub use notes::{DigestNote, Empty};

use std::collections::HashMap;
use std::sync::Arc;

use super::ranked::{Refiner, Scored, Scorer, refine};
use super::section::filed_under;
use super::{QueryError, Staleness};
use crate::classify::Classifier;
use crate::model::digest::{Digest, DigestSection, OTHER_SECTION, Summary};
use crate::model::edit::{Choice, Edit};
use crate::store::{PaperKey, PaperQuery, Store};
use crate::week::IsoWeek;

/// Primary categories named in the digest's introduction.
const TOP_CATEGORIES: usize = 5;

/// Topics a section's themes name at most.
const THEMES: usize = 3;

/// Weeks with at least this many papers are read on two connections at once.
const SPLIT_FROM: usize = 2_000;

/// What the caller wants in the digest.
#[derive(Debug, Clone, Default)]
pub struct DigestOptions {
    /// The this many most important papers of the whole week.
    pub top: Option<usize>,
    /// At most this many papers per section.
    pub per_section: Option<usize>,
    /// Only these sections (by name), in taxonomy order; all when empty.
    pub sections: Vec<String>,
    /// How each paper is summarised.
    pub summary: Summary,
    /// Show the pictures Hugging Face shows for papers.
    pub images: bool,
    /// Leave out the papers only replaced in the week.
    pub new_only: bool,
    /// List the best papers below the cut too, for the writer to swap in.
    pub draft: bool,
}

/// Papers below the cut a draft lists.
pub const DRAFT_CANDIDATES: usize = 10;

/// Papers a weekly summary keeps unless told otherwise.
pub const DEFAULT_TOP: usize = 20;

impl DigestOptions {
    /// The week's cut: `top` if given; none for `all` or when only a per-section
    /// cut is asked for; else the top [`DEFAULT_TOP`].
    pub fn top_or_default(top: Option<usize>, per_section: Option<usize>, all: bool) -> Option<usize> {
        match (top, per_section, all) {
            (Some(top), _, _) => Some(top),
            (None, Some(_), _) | (None, _, true) => None,
            (None, None, false) => Some(DEFAULT_TOP),
        }
    }
}

/// A week's digest, and how many of its papers have topics from another taxonomy.
#[derive(Debug)]
pub struct WeekDigest {
    pub digest: Digest,
    pub staleness: Staleness,
    /// The writer's picks for the week that the digest does not show: papers not
    /// listed (new or replaced) in the week, or left out by `sections` or
    /// `new_only`. By id.
    pub picks_not_shown: Vec<String>,
    /// Papers the writer filed under a section the taxonomy no longer has (filed by
    /// their topics instead): id and the section named, by id.
    pub moves_not_found: Vec<(String, String)>,
    /// Papers of the week stored without an importance prior (by a `papers` older
    /// than the prior), whose priors the digest worked out on the way.
    pub without_prior: usize,
}

/// A paper the digest may show: how it ranked, under which section and by which
/// topic, whether the writer picked it, and the writer's note on it.
#[derive(Debug, Clone)]
struct Candidate {
    scored: Scored,
    /// An index into the taxonomy's sections ("Other papers" last).
    section: usize,
    /// An index into the taxonomy's topics: the one it is filed by, unless the
    /// writer moved it to another section.
    theme: Option<usize>,
    picked: bool,
    note: Option<String>,
}

impl AsRef<Scored> for Candidate {
    fn as_ref(&self) -> &Scored {
        &self.scored
    }
}

impl AsMut<Scored> for Candidate {
    fn as_mut(&mut self) -> &mut Scored {
        &mut self.scored
    }
}

/// Chooses and orders the papers of `week` for its digest. The store moves into
/// the digest, which reads the chosen papers from it as they are rendered. Authors
/// the user tracks (`au:` entries) rank higher, and the papers the writer picked
/// for the week (`papers pick`) are shown whatever their rank (they take their
/// places among the top N first), those dropped (`papers drop`) never, and those
/// moved (`papers pick --section`) under the section the writer named, if it is
/// still in the taxonomy.
pub fn week_digest(
    store: Store,
    week: IsoWeek,
    classifier: &Classifier,
    options: &DigestOptions,
) -> Result<WeekDigest, QueryError> {
    let taxonomy = classifier.taxonomy();
    let scorer = Scorer::new(&store, classifier)?;
    // A topic's section is the first that lists it; after the taxonomy's sections
    // comes "Other papers". Topics are known by their index in `themes`.
    let mut section_of: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut themes: Vec<&str> = Vec::new();
    for (index, section) in taxonomy.sections.iter().enumerate() {
        for slug in &section.topics {
            if !section_of.contains_key(slug.as_str()) {
                section_of.insert(slug.as_str(), (index, themes.len()));
                let name = taxonomy
                    .topics
                    .iter()
                    .find(|t| t.slug == *slug)
                    .map_or(slug.as_str(), |t| t.name.as_str());
                themes.push(name);
            }
        }
    }
    let names: Vec<&str> =
        taxonomy.sections.iter().map(|s| s.name.as_str()).chain(std::iter::once(OTHER_SECTION)).collect();
    let wanted: Vec<bool> = names
        .iter()
        .map(|name| options.sections.is_empty() || options.sections.iter().any(|s| s == name))
        .collect();
    let edits: HashMap<String, Edit> =
        store.edits(Some(week))?.into_iter().map(|e| (e.id.clone(), e)).collect();
    let mut picks_not_shown: Vec<String> =
        edits.values().filter(|e| e.choice == Some(Choice::Picked)).map(|e| e.id.clone()).collect();
    let mut moves_not_found: Vec<(String, String)> = edits
        .values()
        .filter_map(|e| e.section.as_ref().map(|section| (e.id.clone(), section.clone())))
        .filter(|(_, section)| !names.contains(&section.as_str()))
        .collect();
    moves_not_found.sort();
    let rules =
        Rules { hash: classifier.fingerprint(), section_of, wanted, scorer, edits, names: names.clone() };
    let query = PaperQuery {
        listed: Some((week.monday(), week.sunday())),
        new_only: options.new_only,
        ..Default::default()
    };
    let keys = store.paper_keys(&query)?;
    // A big week is read on two connections at once, half each.
    let helper = match keys.len() >= SPLIT_FROM {
        true => store.reopen()?,
        false => None,
    };
    let (mine, theirs) = keys.split_at(if helper.is_some() { keys.len() / 2 } else { keys.len() });
    let (query, rules) = (&query, &rules);
    let tally = std::thread::scope(|scope| -> Result<Tally, QueryError> {
        let other = helper.map(|helper| scope.spawn(move || tally(&helper, query, theirs, rules)));
        let mut tally = tally(&store, query, mine, rules)?;
        if let Some(other) = other {
            tally.merge(other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?);
        }
        Ok(tally)
    })?;
    let mut candidates = tally.candidates;
    picks_not_shown.retain(|id| !candidates.iter().any(|c| c.picked && c.scored.id == *id));
    picks_not_shown.sort();
    refine(&Refiner::new(&store, classifier)?, &mut candidates, options.top, |c| c.picked)?;
    let picks = candidates.iter().filter(|c| c.picked).count();
    // The writer's picks first take their places among the top N; the best of the
    // rest fill the others.
    let mut others_left = options.top.map(|top| top.saturating_sub(picks));
    let mut by_section: Vec<Vec<Candidate>> = vec![Vec::new(); names.len()];
    let mut below_the_cut = Vec::new();
    for candidate in candidates {
        let section = &mut by_section[candidate.section];
        if candidate.picked {
            section.push(candidate);
            continue;
        }
        let room = others_left != Some(0)
            && options.per_section.is_none_or(|most| section.iter().filter(|c| !c.picked).count() < most);
        match room {
            true => {
                section.push(candidate);
                others_left = others_left.map(|left| left - 1);
            }
            false if options.draft && below_the_cut.len() < DRAFT_CANDIDATES => {
                below_the_cut.push(candidate);
            }
            false => {}
        }
    }
    let below_the_cut = match options.draft {
        true => Some(pages::below_the_cut(&store, &below_the_cut, &names)?),
        false => None,
    };
    let mut sections = Vec::new();
    let mut shown = Vec::new();
    for (name, ranked) in names.into_iter().zip(by_section) {
        if ranked.is_empty() {
            continue;
        }
        sections.push(DigestSection {
            number: sections.len() + 1,
            name: name.to_string(),
            size: ranked.len(),
            themes: commonest(ranked.iter().filter_map(|c| c.theme), &themes),
        });
        shown.push(ranked);
    }
    let signal_days = store.signal_days(week.monday(), week.sunday())?.len();
    let featured = tally.featured;
    let digest = Digest {
        week,
        papers_in_week: tally.staleness.papers,
        top_categories: top_categories(tally.primaries, TOP_CATEGORIES),
        sections,
        signal_days,
        featured,
        summary: options.summary,
        images: options.images,
        below_the_cut,
        papers: Arc::new(pages::StorePapers::new(store, shown, options.summary)),
    };
    Ok(WeekDigest {
        digest,
        staleness: tally.staleness,
        picks_not_shown,
        moves_not_found,
        without_prior: tally.without_prior,
    })
}

/// What decides a paper's section and rank.
struct Rules<'t> {
    /// The taxonomy's fingerprint.
    hash: &'t str,
    /// Each topic's section and index; papers with none go to the last section
    /// ("Other papers").
    section_of: HashMap<&'t str, (usize, usize)>,
    /// Whether each section is shown.
    wanted: Vec<bool>,
    scorer: Scorer<'t>,
    /// The writer's edits of the week, by id.
    edits: HashMap<String, Edit>,
    /// The sections' names, "Other papers" last.
    names: Vec<&'t str>,
}

/// What reading (part of) a week gathers.
struct Tally {
    /// The papers a wanted section may show, unordered.
    candidates: Vec<Candidate>,
    /// Papers of the week whose community attention counted.
    featured: usize,
    /// Papers per primary category.
    primaries: HashMap<String, usize>,
    staleness: Staleness,
    /// Papers stored without an importance prior, which is worked out for each.
    without_prior: usize,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.candidates.extend(other.candidates);
        self.featured += other.featured;
        for (category, count) in other.primaries {
            *self.primaries.entry(category).or_default() += count;
        }
        self.staleness.stale += other.staleness.stale;
        self.staleness.papers += other.staleness.papers;
        self.without_prior += other.without_prior;
    }
}

/// Reads the papers of `keys`, keeping a pick of each paper a wanted section may show.
fn tally(store: &Store, query: &PaperQuery, keys: &[PaperKey], rules: &Rules) -> Result<Tally, QueryError> {
    let mut tally = Tally {
        candidates: Vec::new(),
        featured: 0,
        primaries: HashMap::new(),
        staleness: Staleness::default(),
        without_prior: 0,
    };
    let other = rules.wanted.len() - 1;
    store.scan_papers(query, keys, |paper| -> Result<(), QueryError> {
        tally.staleness.count(paper.topics_hash, rules.hash);
        match tally.primaries.get_mut(paper.primary_category) {
            Some(count) => *count += 1,
            None => {
                tally.primaries.insert(paper.primary_category.to_string(), 1);
            }
        }
        let edit = rules.edits.get(paper.id);
        if edit.is_some_and(|e| e.choice == Some(Choice::Dropped)) {
            return Ok(());
        }
        // The writer's section, when it still exists; else the topics'.
        let filed = filed_under(paper.topics, paper.near_topic, |slug| rules.section_of.get(slug).copied());
        let moved = edit
            .and_then(|e| e.section.as_deref())
            .and_then(|name| rules.names.iter().position(|n| *n == name));
        let section = moved.or(filed.map(|(section, _)| section)).unwrap_or(other);
        let theme = filed.filter(|(by_topic, _)| *by_topic == section).map(|(_, theme)| theme);
        if !rules.wanted[section] {
            return Ok(());
        }
        tally.without_prior += usize::from(paper.prior.is_none());
        let scored = rules.scorer.score(&paper)?;
        tally.featured += usize::from(scored.importance.featured);
        let picked = edit.is_some_and(|e| e.choice == Some(Choice::Picked));
        let note = edit.and_then(|e| e.note.clone());
        tally.candidates.push(Candidate { scored, section, theme, picked, note });
        Ok(())
    })?;
    Ok(tally)
}

/// The names of the [`THEMES`] commonest of `themes` (indices into `names`), most
/// first, ties in taxonomy order.
fn commonest(themes: impl Iterator<Item = usize>, names: &[&str]) -> Vec<String> {
    let mut counts = vec![0usize; names.len()];
    for theme in themes {
        counts[theme] += 1;
    }
    let mut order: Vec<usize> = (0..names.len()).filter(|&i| counts[i] > 0).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(counts[i]), i));
    order.into_iter().take(THEMES).map(|i| names[i].to_string()).collect()
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
    use crate::classify::Taxonomy;
    use crate::model::Paper;
    use crate::model::digest::{DigestPaper, PAGE};
    use crate::store::PaperRow;

    /// A week of `n` papers on one topic, some sharing a first author and title word
    /// (so citation keys collide), every seventh linking code.
    pub(super) fn week_of(n: usize, taxonomy: &Taxonomy) -> Store {
        let mut store = Store::open_in_memory().expect("store");
        fill(&mut store, n, taxonomy);
        store
    }

    fn fill(store: &mut Store, n: usize, taxonomy: &Taxonomy) {
        let topic = &taxonomy.sections[0].topics[0];
        let day = NaiveDate::from_ymd_opt(2024, 5, 21).expect("date");
        let mut batch = store.begin_import().expect("begin");
        for i in 0..n {
            let id = format!("2405.{:05}", 10_000 + i);
            let code = if i % 7 == 0 { " Code: github.com/lab/x." } else { "" };
            let paper = test_paper(
                &id,
                format!("Scaling Study {}", i % 3),
                format!("We study scaling. It works.{code}"),
                format!("Ann Lee{}", i % 5),
            );
            let score = (i % 11) as f64 / 10.0;
            let row = PaperRow::new(paper, day).expect("row").with_topics(vec![(topic.clone(), score)], "h");
            batch.upsert(&row).expect("upsert");
        }
        batch.commit().expect("commit");
    }

    /// A cs.CL paper submitted on Monday of 2024-W21 by one author.
    fn test_paper(id: &str, title: String, abstract_text: String, author: String) -> Paper {
        let submitted = Utc.with_ymd_and_hms(2024, 5, 20, 12, 0, 0).single().expect("time");
        Paper { title, abstract_text, ..Paper::for_tests(id, submitted, &[&author]) }
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
        let made = week_digest(
            week_of(n, &taxonomy),
            week,
            &Classifier::rules_only(taxonomy.clone()),
            &DigestOptions::default(),
        )
        .expect("digest");
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
        let fresh = week_digest(
            week_of(n, &taxonomy),
            week,
            &Classifier::rules_only(taxonomy.clone()),
            &DigestOptions::default(),
        )
        .expect("digest");
        let last = fresh.digest.papers.papers(0, n - 1..n).expect("last");
        assert_eq!(last[0], in_order[n - 1]);
        assert_eq!(all(&fresh.digest, 100), in_order);
        assert_eq!(all(&made.digest, PAGE), in_order, "and again");
    }

    #[test]
    fn a_big_week_read_on_two_connections_gives_the_same_digest() {
        let taxonomy = Taxonomy::builtin().expect("taxonomy");
        let week: IsoWeek = "2024-W21".parse().expect("week");
        let dir = tempfile::tempdir().expect("tempdir");
        let mut on_disk = Store::open(&dir.path().join("papers.db")).expect("store");
        fill(&mut on_disk, SPLIT_FROM + 1, &taxonomy);
        assert!(on_disk.reopen().expect("reopen").is_some(), "a file can be read twice at once");
        let options = DigestOptions::default();
        let split =
            week_digest(on_disk, week, &Classifier::rules_only(taxonomy.clone()), &options).expect("digest");
        let whole = week_digest(
            week_of(SPLIT_FROM + 1, &taxonomy),
            week,
            &Classifier::rules_only(taxonomy.clone()),
            &options,
        )
        .expect("digest");
        assert_eq!(split.staleness, whole.staleness);
        assert_eq!(split.digest.papers_in_week, SPLIT_FROM + 1);
        assert_eq!(all(&split.digest, PAGE), all(&whole.digest, PAGE));
    }

    /// Papers on the first topic of section 0 and of section 1, alternating, with
    /// topic scores falling by paper: paper i scores 1 - i/100.
    fn two_sections(n: usize, taxonomy: &Taxonomy) -> Store {
        let mut store = Store::open_in_memory().expect("store");
        let day = NaiveDate::from_ymd_opt(2024, 5, 21).expect("date");
        let mut batch = store.begin_import().expect("begin");
        for i in 0..n {
            let id = format!("2405.{:05}", 10_000 + i);
            let paper = test_paper(&id, format!("Study {i}"), "We study it.".into(), format!("Author {i}"));
            let topic = taxonomy.sections[i % 2].topics[0].clone();
            let row = PaperRow::new(paper, day)
                .expect("row")
                .with_topics(vec![(topic, 1.0 - i as f64 / 100.0)], "h");
            batch.upsert(&row).expect("upsert");
        }
        batch.commit().expect("commit");
        store
    }

    fn shown(options: DigestOptions) -> Vec<(usize, Vec<String>)> {
        let taxonomy = Taxonomy::builtin().expect("taxonomy");
        let week: IsoWeek = "2024-W21".parse().expect("week");
        let made = week_digest(
            two_sections(10, &taxonomy),
            week,
            &Classifier::rules_only(taxonomy.clone()),
            &options,
        )
        .expect("digest");
        let digest = made.digest;
        (0..digest.sections.len())
            .map(|s| {
                let ids = digest.papers.papers(s, 0..digest.sections[s].size).expect("papers");
                (digest.sections[s].number, ids.into_iter().map(|p| p.id).collect())
            })
            .collect()
    }

    #[test]
    fn the_top_is_the_weeks_not_each_sections() {
        let ids =
            |range: &[usize]| range.iter().map(|i| format!("2405.{:05}", 10_000 + i)).collect::<Vec<_>>();
        // The week's three best: papers 0 and 2 (section 1), paper 1 (section 2).
        let top = shown(DigestOptions { top: Some(3), ..Default::default() });
        assert_eq!(top, [(1, ids(&[0, 2])), (2, ids(&[1]))]);
        let per_section = shown(DigestOptions { per_section: Some(1), ..Default::default() });
        assert_eq!(per_section, [(1, ids(&[0])), (2, ids(&[1]))]);
        let both = shown(DigestOptions { top: Some(3), per_section: Some(1), ..Default::default() });
        assert_eq!(both, per_section, "each section's best, two in all");
        let everything = shown(DigestOptions::default());
        assert_eq!(everything, [(1, ids(&[0, 2, 4, 6, 8])), (2, ids(&[1, 3, 5, 7, 9]))]);
        assert_eq!(DigestOptions::top_or_default(None, None, false), Some(DEFAULT_TOP));
        assert_eq!(DigestOptions::top_or_default(None, Some(2), false), None);
        assert_eq!(DigestOptions::top_or_default(None, None, true), None);
        assert_eq!(DigestOptions::top_or_default(Some(5), Some(2), false), Some(5));
    }

    #[test]
    fn top_and_sections_cut_the_digest_but_not_the_counts() {
        let taxonomy = Taxonomy::builtin().expect("taxonomy");
        let week: IsoWeek = "2024-W21".parse().expect("week");
        let everything = week_digest(
            week_of(40, &taxonomy),
            week,
            &Classifier::rules_only(taxonomy.clone()),
            &DigestOptions::default(),
        )
        .expect("digest");
        let top = DigestOptions { top: Some(3), ..Default::default() };
        let made = week_digest(week_of(40, &taxonomy), week, &Classifier::rules_only(taxonomy.clone()), &top)
            .expect("digest");
        assert_eq!((made.digest.papers_in_week, made.digest.papers_shown()), (40, 3));
        assert_eq!(all(&made.digest, PAGE), all(&everything.digest, PAGE)[..3]);
        let elsewhere =
            DigestOptions { sections: vec![taxonomy.sections[1].name.clone()], ..Default::default() };
        let made =
            week_digest(week_of(40, &taxonomy), week, &Classifier::rules_only(taxonomy.clone()), &elsewhere)
                .expect("digest");
        assert_eq!((made.digest.papers_in_week, made.digest.sections.len()), (40, 0));
        let empty = week_digest(
            Store::open_in_memory().expect("store"),
            week,
            &Classifier::rules_only(taxonomy.clone()),
            &top,
        )
        .expect("digest");
        assert_eq!((empty.digest.papers_in_week, empty.digest.top_categories.len()), (0, 0));
    }
}
