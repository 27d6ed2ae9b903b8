//! Trains the importance model from the shared data and writes it; or, with
//! `--evaluate`, measures the same recipe on held-out later spans: the last
//! weeks of the curator's picks (trained on the weeks before) and the last weeks
//! of the 2026 listings (trained on the days before).
//!
//! ```sh
//! cargo run --release --example train_importance -- ../shared/importance data/importance.bin
//! cargo run --release --example train_importance -- ../shared/importance --evaluate
//! ```

#[path = "support/importance_data.rs"]
mod importance_data;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{Days, NaiveDate};

use importance_data::{Paper, Shared};
use papers::classify::importance::facts::facts;
use papers::classify::importance::record::{Counts, distinct_keys, id_hash, record_features};
use papers::classify::importance::taste::{TASTE_L2, TasteData, learn};
use papers::classify::importance::train::{
    COMMUNITY_READS, CURATOR_READS, HeadExample, Layout, PriorInput, RankingExample, fit_ranking,
    head_log_odds, train_head,
};
use papers::classify::importance::{
    AuthorRecord, CURATOR_SIGNAL, Head, ImportanceModel, PaperFacts, RANK_NAMES, Ranking, TOPIC_FIT_SIGNAL,
};
use papers::classify::learned::features::Kind;
use papers::classify::learned::model::sigmoid;
use papers::classify::{Classifier, Document, Taxonomy};

type Failure = Box<dyn std::error::Error>;

/// The heads' and the ranking's L2 penalties (1/C).
const COMMUNITY_L2: f64 = 1.0;
const CURATOR_L2: f64 = 2.0;
const RANKING_L2: f64 = 1.0;
/// A curator's pick counts half as much a year older: what they pick moves with
/// the field.
const PICK_HALF_LIFE_DAYS: f32 = 365.0;
/// Points for an author the user tracks: about what separates the week's 20th
/// paper from its 200th.
const TRACKED_AUTHOR: f32 = 3.0;
/// The first curator week with Hugging Face data beside it.
const FIRST_WEEK: (i32, u32, u32) = (2024, 5, 27);
/// The held-out blocks of curator weeks, each trained on the weeks before it.
const BLOCKS: [(NaiveDate, NaiveDate); 3] = [
    (ymd(2024, 9, 2), ymd(2024, 11, 4)),
    (ymd(2024, 11, 4), ymd(2025, 1, 6)),
    (ymd(2025, 1, 6), ymd(2025, 3, 10)),
];

const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(day) => day,
        None => panic!("not a date"),
    }
}

/// Places of the digest that count.
const TOP: usize = 20;

/// One paper as the classifier reads it.
struct Read {
    input: PriorInput,
    topic_fit: f32,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(chrono::Datelike::weekday(&day).num_days_from_monday()))
}

fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let folder =
        args.first().ok_or("usage: train_importance SHARED_IMPORTANCE_FOLDER (OUTPUT | --evaluate)")?;
    let shared = Shared::read(Path::new(folder))?;
    let classifier = Classifier::new(Taxonomy::builtin()?);
    let model = classifier.model().ok_or("the binary has no topic model")?;
    let names: Vec<(Kind, String)> = model.vocabulary.names.clone();
    let topics: Vec<String> = model.topics.iter().map(|t| t.slug.clone()).collect();
    let data = Data::new(&shared, &classifier);
    // `--until DATE`: train the curator head and the ranking on the weeks before DATE
    // only (to measure the binary on the weeks after); `--block FROM UNTIL`: evaluate
    // just those weeks, trained before FROM.
    let flag = |name: &str, at: usize| -> Result<Option<NaiveDate>, Failure> {
        let Some(i) = args.iter().position(|a| a == name) else {
            return Ok(None);
        };
        let text = args.get(i + at).ok_or(format!("{name} needs a date"))?;
        Ok(Some(text.parse()?))
    };
    match args.get(1).map(String::as_str) {
        Some("--pick-curve") => pick_curve(&data, &names, topics.len()),
        Some("--evaluate") => {
            let blocks = match (flag("--block", 1)?, flag("--block", 2)?) {
                (Some(from), Some(until)) => vec![(from, until)],
                _ => BLOCKS.to_vec(),
            };
            evaluate(&data, &names, topics.len(), &blocks)
        }
        Some(output) => {
            let cut = flag("--until", 1)?.map(|until| (until, NaiveDate::MAX));
            let trained = train(&data, &names, topics.len(), cut);
            let record = data.record(|_| false);
            let until = data
                .shared
                .listings
                .iter()
                .map(|p| p.listed)
                .chain(data.shared.featured.values().map(|f| f.first_day))
                .max()
                .ok_or("no data")?;
            let names_kept = record.len();
            let written = ImportanceModel::new(names, topics, trained.heads, trained.ranking, record, until);
            std::fs::write(output, written.to_bytes())?;
            println!("wrote {output}: {} bytes, digest {:016x}", written.to_bytes().len(), written.digest);
            for line in &trained.trained_on {
                println!("  {line}");
            }
            println!("  authors' record: {names_kept} names, to {until}");
            print_ranking(&written.ranking);
            Ok(())
        }
        None => Err("give an output file or --evaluate".into()),
    }
}

/// Everything read once: the papers as the classifier sees them, who picked and
/// featured what.
struct Data<'a> {
    shared: &'a Shared,
    listings: Vec<Read>,
    sample: Vec<Read>,
    /// Picks with a text that are not in the sample (older weeks, mostly).
    extra_picks: Vec<(NaiveDate, Read)>,
    /// Curator week (Monday) to the ids picked that week.
    picks: HashMap<NaiveDate, HashSet<String>>,
    /// Sample papers by the Monday of their listing week.
    sample_weeks: HashMap<NaiveDate, Vec<usize>>,
}

impl<'a> Data<'a> {
    fn new(shared: &'a Shared, classifier: &Classifier) -> Data<'a> {
        let read = |paper: &Paper, metadata: bool| -> Read {
            let doc = Document {
                title: &paper.title,
                abstract_text: &paper.abstract_text,
                categories: &paper.categories,
            };
            let (text, probabilities) = classifier.model_reading(doc).unwrap_or_default();
            let topic_fit = classifier.classify(doc).first().map_or(0.0, |t| t.score as f32);
            let authors: Vec<&str> = paper.authors.iter().flatten().map(String::as_str).collect();
            let facts = metadata.then(|| {
                facts(&PaperFacts {
                    id: &paper.id,
                    title: &paper.title,
                    abstract_text: &paper.abstract_text,
                    comment: paper.comment.as_deref(),
                    journal_ref: None,
                    authors: &authors,
                })
            });
            Read { input: PriorInput { text, probabilities, facts, record: None }, topic_fit }
        };
        let listings = shared.listings.iter().map(|p| read(p, true)).collect();
        let sample: Vec<Read> = shared.sample.iter().map(|p| read(p, false)).collect();
        let in_sample: HashSet<&str> = shared.sample.iter().map(|p| p.id.as_str()).collect();
        let mut seen = HashSet::new();
        let extra_picks = shared
            .picks
            .iter()
            .filter(|p| p.id.as_deref().is_none_or(|id| !in_sample.contains(id)))
            .filter(|p| p.id.as_ref().is_none_or(|id| seen.insert(id.clone())))
            .filter_map(|p| {
                let paper = Paper {
                    id: p.id.clone().unwrap_or_default(),
                    listed: p.week_start,
                    title: p.title.clone()?,
                    abstract_text: p.abstract_text.clone()?,
                    authors: None,
                    categories: Vec::new(),
                    comment: None,
                };
                Some((p.week_start, read(&paper, false)))
            })
            .collect();
        let mut picks: HashMap<NaiveDate, HashSet<String>> = HashMap::new();
        for pick in &shared.picks {
            if let Some(id) = &pick.id {
                picks.entry(pick.week_start).or_default().insert(id.clone());
            }
        }
        let mut sample_weeks: HashMap<NaiveDate, Vec<usize>> = HashMap::new();
        for (i, paper) in shared.sample.iter().enumerate() {
            sample_weeks.entry(monday(paper.listed)).or_default().push(i);
        }
        Data { shared, listings, sample, extra_picks, picks, sample_weeks }
    }

    /// Whether `id` was picked in a week before `until`.
    fn picked_before(&self, id: &str, until: NaiveDate) -> bool {
        self.picks.iter().any(|(week, ids)| *week < until && ids.contains(id))
    }

    /// The curator weeks with Hugging Face data beside them, in order, from
    /// `from` to before `until`.
    fn curator_weeks(&self, from: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
        let mut weeks: Vec<NaiveDate> = self
            .picks
            .keys()
            .copied()
            .filter(|w| *w >= from && *w < until && self.sample_weeks.contains_key(w))
            .collect();
        weeks.sort();
        weeks
    }

    /// The authors' record of the listings and featured papers, leaving out the
    /// papers `excluded` says (by id and listing or featuring date).
    fn record(&self, excluded: impl Fn(NaiveDate) -> bool) -> AuthorRecord {
        let mut authors_of: HashMap<&str, (&[String], bool)> = HashMap::new();
        for paper in &self.shared.listings {
            if let Some(authors) = &paper.authors
                && !excluded(paper.listed)
            {
                authors_of.insert(&paper.id, (authors, false));
            }
        }
        for (id, featured) in &self.shared.featured {
            if excluded(featured.first_day) {
                continue;
            }
            authors_of.entry(id).or_insert((&featured.authors, false)).1 = true;
        }
        let mut counts: HashMap<u64, Counts> = HashMap::new();
        let (mut papers, mut featured_ids) = (Vec::new(), Vec::new());
        for (id, (authors, featured)) in &authors_of {
            let names: Vec<&str> = authors.iter().map(String::as_str).collect();
            for key in distinct_keys(&names) {
                let entry = counts.entry(key).or_default();
                *entry = *entry + Counts { featured: u32::from(*featured), papers: 1 };
            }
            papers.push(id_hash(id));
            if *featured {
                featured_ids.push(id_hash(id));
            }
        }
        // A name seen once and never featured says next to nothing: left out, to
        // keep the file small.
        let names = counts.into_iter().filter(|(_, c)| c.featured > 0 || c.papers > 1).collect();
        AuthorRecord::new(names, papers, featured_ids)
    }
}

/// A paper's record features, itself left out.
fn record_of(record: &AuthorRecord, paper: &Paper) -> Option<[f32; 2]> {
    let authors: Vec<&str> = paper.authors.as_ref()?.iter().map(String::as_str).collect();
    let own = record.counted(&paper.id);
    Some(record_features(distinct_keys(&authors).map(|key| record.counts_for(key, own))))
}

struct Trained {
    heads: [Head; 2],
    ranking: Ranking,
    /// Each curator-week sample paper's curator log-odds from a head that never
    /// saw its week.
    out_of_fold: HashMap<usize, f32>,
    /// What each part was trained on, in words.
    trained_on: Vec<String>,
}

/// The heads and the ranking, trained on what comes before `until` (the curator
/// head and the ranking) and on listings before `listed_until` (the community
/// head), or on everything.
fn train(
    data: &Data,
    names: &[(Kind, String)],
    topics: usize,
    until: Option<(NaiveDate, NaiveDate)>,
) -> Trained {
    let (pick_until, listed_until) = until.unwrap_or((NaiveDate::MAX, NaiveDate::MAX));
    let kinds: Vec<Kind> = names.iter().map(|(k, _)| *k).collect();
    let community = Layout { kinds: kinds.clone(), topics, reads: COMMUNITY_READS };
    let curator = Layout { kinds, topics, reads: CURATOR_READS };
    // The community head: every listing before the cut, its authors' record from
    // the papers before the cut, itself left out.
    let record = data.record(|day| day >= listed_until - Days::new(2));
    let inputs: Vec<PriorInput> = data
        .shared
        .listings
        .iter()
        .zip(&data.listings)
        .filter(|(paper, _)| paper.listed < listed_until)
        .map(|(paper, read)| PriorInput { record: record_of(&record, paper), ..read.input.clone() })
        .collect();
    let positives: Vec<bool> = data
        .shared
        .listings
        .iter()
        .filter(|paper| paper.listed < listed_until)
        .map(|paper| data.shared.featured.contains_key(&paper.id))
        .collect();
    let examples: Vec<HeadExample> = inputs
        .iter()
        .zip(&positives)
        .map(|(input, &positive)| HeadExample { input, positive, weight: 1.0 })
        .collect();
    let community_head = train_head(&examples, &community, COMMUNITY_L2);
    let mut trained_on = vec![format!(
        "community head: {} listed papers, {} of them featured",
        examples.len(),
        positives.iter().filter(|p| **p).count()
    )];
    // The curator head, on all weeks before the cut; out-of-fold for the ranking.
    let weeks = data.curator_weeks(date(FIRST_WEEK.0, FIRST_WEEK.1, FIRST_WEEK.2), pick_until);
    let picks_head = curator_head(data, &curator, pick_until, &[]);
    let mut out_of_fold: HashMap<usize, f32> = HashMap::new();
    const FOLDS: usize = 5;
    for fold in 0..FOLDS {
        let held: Vec<NaiveDate> =
            weeks.iter().enumerate().filter(|(i, _)| i % FOLDS == fold).map(|(_, w)| *w).collect();
        let head = curator_head(data, &curator, pick_until, &held);
        for week in &held {
            for &i in &data.sample_weeks[week] {
                out_of_fold.insert(i, head_log_odds(&head, &curator, &data.sample[i].input));
            }
        }
    }
    let mut examples = Vec::new();
    for week in &weeks {
        for &i in &data.sample_weeks[week] {
            let values = values(data, out_of_fold[&i], i);
            examples.push(RankingExample {
                values,
                picked: data.picks[week].contains(&data.shared.sample[i].id),
            });
        }
    }
    let ranking = fit_ranking(&examples, RANKING_L2, TRACKED_AUTHOR);
    trained_on.push(format!(
        "ranking: {} curator weeks ({} to {}), {} papers, {} of them picked",
        weeks.len(),
        weeks.first().map(ToString::to_string).unwrap_or_default(),
        weeks.last().map(ToString::to_string).unwrap_or_default(),
        examples.len(),
        examples.iter().filter(|e| e.picked).count()
    ));
    let (papers, picks) = curator_examples(data, pick_until);
    trained_on.insert(1, format!("curator head: {papers} papers, {picks} of them picked"));
    Trained { heads: [community_head, picks_head], ranking, out_of_fold, trained_on }
}

/// How many papers the curator head learns from before `until`, and how many of
/// them are picks.
fn curator_examples(data: &Data, until: NaiveDate) -> (usize, usize) {
    let sample = data.shared.sample.iter().filter(|p| p.listed < until);
    let sampled_picks = sample.clone().filter(|p| data.picked_before(&p.id, until)).count();
    let extra = data.extra_picks.iter().filter(|(week, _)| *week < until).count();
    (sample.count() + extra, sampled_picks + extra)
}

/// The curator head on the sample before `until` and the picks with a text,
/// leaving out the sample weeks `held` (and their picks).
fn curator_head(data: &Data, layout: &Layout, until: NaiveDate, held: &[NaiveDate]) -> Head {
    let mut examples: Vec<HeadExample> = Vec::new();
    let mut dates = Vec::new();
    for (paper, read) in data.shared.sample.iter().zip(&data.sample) {
        if paper.listed >= until || held.contains(&monday(paper.listed)) {
            continue;
        }
        let positive =
            data.picked_before(&paper.id, until) && !held.iter().any(|w| data.picks[w].contains(&paper.id));
        examples.push(HeadExample { input: &read.input, positive, weight: 1.0 });
        dates.push(paper.listed);
    }
    for (week, read) in &data.extra_picks {
        if *week < until && !held.contains(week) {
            examples.push(HeadExample { input: &read.input, positive: true, weight: 1.0 });
            dates.push(*week);
        }
    }
    let newest = dates.iter().max().copied().unwrap_or(until);
    for (example, day) in examples.iter_mut().zip(&dates) {
        if example.positive {
            example.weight = 0.5f32.powf((newest - *day).num_days() as f32 / PICK_HALF_LIFE_DAYS);
        }
    }
    // Picks weigh as much, together, as the rest.
    let positives: f32 = examples.iter().filter(|e| e.positive).map(|e| e.weight).sum::<f32>().max(1.0);
    let negatives = examples.iter().filter(|e| !e.positive).count().max(1) as f32;
    for example in &mut examples {
        if example.positive {
            example.weight *= negatives / positives;
        }
    }
    train_head(&examples, layout, CURATOR_L2)
}

/// The ranking's signals for sample paper `i`, whose curator head gives
/// `curator`: its attention as `papers signals` would have stored it.
fn values(data: &Data, curator: f32, i: usize) -> [f32; RANK_NAMES.len()] {
    let paper = &data.shared.sample[i];
    let attention = data.shared.featured.get(&paper.id).filter(|f| {
        let days = (f.first_day - paper.listed).num_days();
        (-2..=14).contains(&days)
    });
    let ln = |n: u32| (n as f32).ln_1p();
    [
        curator,
        if attention.is_some() { 1.0 } else { 0.0 },
        attention.map_or(0.0, |a| ln(a.upvotes)),
        attention.map_or(0.0, |a| ln(a.comments)),
        attention.and_then(|a| a.stars).map_or(0.0, ln),
        data.sample[i].topic_fit,
    ]
}

/// The score with the week's attention known, or (offline) expected from the
/// community head's log-odds `community`.
fn score(ranking: &Ranking, values: &[f32; RANK_NAMES.len()], community: Option<f32>) -> f32 {
    let parts = ranking.parts(values);
    match community {
        None => parts.iter().sum(),
        Some(odds) => {
            let featured = sigmoid(odds);
            parts[CURATOR_SIGNAL] + parts[TOPIC_FIT_SIGNAL] + ranking.expected_attention(featured)
        }
    }
}

fn print_ranking(ranking: &Ranking) {
    for ((name, weight), mean) in RANK_NAMES.iter().zip(ranking.weights).zip(ranking.means) {
        println!("  {name:<16} weight {weight:>7.3}  mean {mean:>7.3}");
    }
}

/// A paper's ranking signals and its community head's log-odds.
type Seen = ([f32; RANK_NAMES.len()], f32);

/// Picks of the week found in its top [`TOP`], by each ranking.
fn evaluate(
    data: &Data,
    names: &[(Kind, String)],
    topics: usize,
    blocks: &[(NaiveDate, NaiveDate)],
) -> Result<(), Failure> {
    println!("Curator picks, held-out weeks: each block trained on the weeks before it.");
    println!("week        papers picks  with-signals  offline  upvotes-alone  curator-head");
    let mut totals = [0usize; 5];
    for &(from, until) in blocks {
        // The community head is trained on 2026's listings, which is later than
        // these weeks, but holds nothing of them.
        let trained = train(data, names, topics, Some((from, NaiveDate::MAX)));
        let kinds: Vec<Kind> = names.iter().map(|(k, _)| *k).collect();
        let community = Layout { kinds: kinds.clone(), topics, reads: COMMUNITY_READS };
        let curator = Layout { kinds, topics, reads: CURATOR_READS };
        let mut block = [0usize; 5];
        for week in data.curator_weeks(from, until) {
            let papers = &data.sample_weeks[&week];
            let picked = &data.picks[&week];
            // The sample has no authors: the community head reads its text alone.
            let seen: Vec<Seen> = papers
                .iter()
                .map(|&i| {
                    let input = &data.sample[i].input;
                    let curator_odds = head_log_odds(&trained.heads[1], &curator, input);
                    (values(data, curator_odds, i), head_log_odds(&trained.heads[0], &community, input))
                })
                .collect();
            let hits = |key: &dyn Fn(&Seen) -> f32| -> usize {
                let mut order: Vec<usize> = (0..papers.len()).collect();
                order.sort_by(|&a, &b| {
                    key(&seen[b])
                        .total_cmp(&key(&seen[a]))
                        .then_with(|| data.shared.sample[papers[a]].id.cmp(&data.shared.sample[papers[b]].id))
                });
                order
                    .iter()
                    .take(TOP)
                    .filter(|&&k| picked.contains(&data.shared.sample[papers[k]].id))
                    .count()
            };
            let in_week = papers.iter().filter(|&&i| picked.contains(&data.shared.sample[i].id)).count();
            if in_week == 0 {
                continue;
            }
            let row = [
                in_week,
                hits(&|(v, _)| score(&trained.ranking, v, None)),
                hits(&|(v, community)| score(&trained.ranking, v, Some(*community))),
                hits(&|(v, _)| v[1] + v[2]),
                hits(&|(v, _)| v[CURATOR_SIGNAL]),
            ];
            println!(
                "{week}  {:>6} {:>5}  {:>12}  {:>7}  {:>13}  {:>12}",
                papers.len(),
                row[0],
                row[1],
                row[2],
                row[3],
                row[4]
            );
            block.iter_mut().zip(row).for_each(|(t, r)| *t += r);
        }
        println!("  {}", summary(&format!("block {from}..{until}"), block));
        print_ranking(&trained.ranking);
        totals.iter_mut().zip(block).for_each(|(t, b)| *t += b);
    }
    println!("{}", summary("all held-out weeks", totals));
    community_evaluation(data, names, topics);
    Ok(())
}

/// Featured papers found on the last weeks of the 2026 listings by the community
/// head (trained on the days before; with and without the authors' record) and
/// by the offline ranking.
fn community_evaluation(data: &Data, names: &[(Kind, String)], topics: usize) {
    let (cut, end) = (date(2026, 6, 15), date(2026, 8, 3));
    println!(
        "\nFeatured papers among the top {TOP} of each held-out week (listings from {cut}; trained before)."
    );
    let trained = train(data, names, topics, Some((NaiveDate::MAX, cut)));
    let kinds: Vec<Kind> = names.iter().map(|(k, _)| *k).collect();
    let community = Layout { kinds: kinds.clone(), topics, reads: COMMUNITY_READS };
    let curator = Layout { kinds, topics, reads: CURATOR_READS };
    let record = data.record(|day| day >= cut - Days::new(2));
    let mut weeks: HashMap<NaiveDate, Vec<usize>> = HashMap::new();
    for (i, paper) in data.shared.listings.iter().enumerate() {
        if paper.listed >= cut && paper.listed < end {
            weeks.entry(monday(paper.listed)).or_default().push(i);
        }
    }
    let mut mondays: Vec<NaiveDate> = weeks.keys().copied().collect();
    mondays.sort();
    println!("week        papers featured  community-head  without-record  offline-ranking");
    let mut totals = [0usize; 4];
    for week in mondays {
        let papers = &weeks[&week];
        let scores =
            |scored: &dyn Fn(usize) -> f32| -> Vec<f32> { papers.iter().map(|&i| scored(i)).collect() };
        let community_odds = |i: usize, with_record: bool| {
            let paper = &data.shared.listings[i];
            let record = if with_record { record_of(&record, paper) } else { None };
            let input = PriorInput { record, ..data.listings[i].input.clone() };
            head_log_odds(&trained.heads[0], &community, &input)
        };
        let offline = |i: usize| {
            let read = &data.listings[i];
            let mut values = [0.0; RANK_NAMES.len()];
            values[CURATOR_SIGNAL] = head_log_odds(&trained.heads[1], &curator, &read.input);
            values[TOPIC_FIT_SIGNAL] = read.topic_fit;
            score(&trained.ranking, &values, Some(community_odds(i, true)))
        };
        let featured = |k: usize| data.shared.featured.contains_key(&data.shared.listings[papers[k]].id);
        let top = |scores: Vec<f32>| -> usize {
            let mut order: Vec<usize> = (0..papers.len()).collect();
            order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
            order.iter().take(TOP).filter(|&&k| featured(k)).count()
        };
        let row = [
            (0..papers.len()).filter(|&k| featured(k)).count(),
            top(scores(&|i| community_odds(i, true))),
            top(scores(&|i| community_odds(i, false))),
            top(scores(&offline)),
        ];
        println!("{week}  {:>6} {:>8}  {:>14}  {:>14}  {:>15}", papers.len(), row[0], row[1], row[2], row[3]);
        totals.iter_mut().zip(row).for_each(|(t, r)| *t += r);
    }
    println!(
        "all: {} featured; recall@{TOP}: community head {:.3}, without the authors' record {:.3}, offline ranking {:.3}",
        totals[0],
        ratio(totals[1], totals[0]),
        ratio(totals[2], totals[0]),
        ratio(totals[3], totals[0])
    );
}

/// How many weeks of a writer's picks it takes for the taste to help: the
/// curator plays the writer. The model is trained on the weeks before the cut;
/// the taste learns from the last k of them (scored out of fold, as a writer's
/// own weeks are new to the model) and the weeks after the cut are ranked with it.
/// Once with the full model, once without its curator prior (a writer whose
/// taste the model knows nothing of).
fn pick_curve(data: &Data, names: &[(Kind, String)], topics: usize) -> Result<(), Failure> {
    let (cut, until) = (date(2024, 11, 4), date(2025, 3, 10));
    let trained = train(data, names, topics, Some((cut, NaiveDate::MAX)));
    let kinds: Vec<Kind> = names.iter().map(|(k, _)| *k).collect();
    let curator = Layout { kinds, topics, reads: CURATOR_READS };
    let before = data.curator_weeks(date(FIRST_WEEK.0, FIRST_WEEK.1, FIRST_WEEK.2), cut);
    let test = data.curator_weeks(cut, until);
    let test_values: HashMap<usize, [f32; RANK_NAMES.len()]> = test
        .iter()
        .flat_map(|w| &data.sample_weeks[w])
        .map(|&i| (i, values(data, head_log_odds(&trained.heads[1], &curator, &data.sample[i].input), i)))
        .collect();
    println!(
        "Weeks of picks the taste learns from (the last k before {cut}), and the picks found in the top {TOP} of the {} weeks after:",
        test.len()
    );
    for (label, curator_weight) in [("the shipped model", None), ("without the curator prior", Some(0.0))] {
        let mut ranking = trained.ranking.clone();
        if let Some(weight) = curator_weight {
            ranking.weights[CURATOR_SIGNAL] = weight;
        }
        println!("\n{label}\nweeks  picks  with-signals  offline");
        for k in [0usize, 1, 2, 4, 8, 12, 16, before.len()] {
            let k = k.min(before.len());
            let taught = &before[before.len() - k..];
            let (mut features, mut scores, mut picked) = (Vec::new(), Vec::new(), Vec::new());
            for week in taught {
                for &i in &data.sample_weeks[week] {
                    features.push(data.sample[i].input.text.clone());
                    scores.push(score(&ranking, &values(data, trained.out_of_fold[&i], i), None));
                    picked.push(data.picks[week].contains(&data.shared.sample[i].id));
                }
            }
            let weights = vec![1.0; features.len()];
            let taste = (k > 0).then(|| {
                let taught = TasteData {
                    features: &features,
                    scores: &scores,
                    picked: &picked,
                    weights: &weights,
                    names,
                    weeks: k as u32,
                };
                learn(&taught, TASTE_L2).align(names)
            });
            let points = |i: usize| taste.as_ref().map_or(0.0, |t| t.points(&data.sample[i].input.text));
            let (mut online, mut offline, mut total) = (0, 0, 0);
            for week in &test {
                let papers = &data.sample_weeks[week];
                let picked_here = &data.picks[week];
                let hits = |key: &dyn Fn(usize) -> f32| -> usize {
                    let mut order: Vec<usize> = papers.clone();
                    order.sort_by(|&a, &b| {
                        key(b)
                            .total_cmp(&key(a))
                            .then_with(|| data.shared.sample[a].id.cmp(&data.shared.sample[b].id))
                    });
                    order
                        .iter()
                        .take(TOP)
                        .filter(|&&i| picked_here.contains(&data.shared.sample[i].id))
                        .count()
                };
                total += papers.iter().filter(|&&i| picked_here.contains(&data.shared.sample[i].id)).count();
                online += hits(&|i| score(&ranking, &test_values[&i], None) + points(i));
                let community = |i: usize| {
                    head_log_odds(
                        &trained.heads[0],
                        &Layout {
                            kinds: names.iter().map(|(k, _)| *k).collect(),
                            topics,
                            reads: COMMUNITY_READS,
                        },
                        &data.sample[i].input,
                    )
                };
                offline += hits(&|i| score(&ranking, &test_values[&i], Some(community(i))) + points(i));
            }
            let taught_picks = picked.iter().filter(|p| **p).count();
            println!(
                "{k:>5}  {taught_picks:>5}  {:>12.3}  {:>7.3}",
                ratio(online, total),
                ratio(offline, total)
            );
        }
    }
    Ok(())
}

/// "LABEL: N picks; with signals …": a block's counts as shares of its picks.
fn summary(label: &str, counts: [usize; 5]) -> String {
    let share = |i: usize| ratio(counts[i], counts[0]);
    format!(
        "{label}: {} picks; with signals {:.3}, offline {:.3}, upvotes alone {:.3}, curator head {:.3}",
        counts[0],
        share(1),
        share(2),
        share(3),
        share(4)
    )
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}
