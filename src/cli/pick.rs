//! `papers pick`: the writer's picks for a week's digest, and the taste the score
//! learns from them.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::args::PickArgs;
use super::messages::{info, note};
use super::{Settings, today};
use papers::classify::Classifier;
use papers::export::plural;
use papers::id::{ArxivId, ids_in_text};
use papers::query::{QueryError, find_paper, learn_taste};
use papers::store::Store;
use papers::week::IsoWeek;

pub fn run(settings: &Settings, args: &PickArgs) -> Result<()> {
    let week = match &args.week {
        Some(text) => Some(IsoWeek::parse_expr(text, today())?),
        None => None,
    };
    if args.list {
        return list(settings, week);
    }
    let classifier = settings.classifier()?;
    let mut ids: Vec<ArxivId> = args.ids.iter().map(|v| v.id.clone()).collect();
    ids.dedup();
    let mut store = settings.open_store()?;
    // Read and check everything first, then change the picks and learn the taste
    // from them in one go: a failure anywhere leaves the database as it was.
    let change = match (args.remove, args.relearn) {
        (true, _) => Change::Remove(picked_ones(settings, &store, &ids, week)?),
        (false, true) => Change::Nothing,
        (false, false) => Change::Add(to_pick(settings, &store, &ids, &args.import, week)?),
    };
    store.atomically(|store| -> Result<()> {
        match &change {
            Change::Remove(ids) => {
                let removed = store.remove_picks(ids, week)?;
                info(settings, format!("took back {}", plural(removed as u64, "pick")));
            }
            Change::Add(picks) => {
                let added = store.add_picks(picks, chrono::Utc::now())?;
                let weeks: std::collections::BTreeSet<String> =
                    picks.iter().map(|(w, _)| w.to_string()).collect();
                let weeks: Vec<String> = weeks.into_iter().collect();
                let again = picks.len() - added;
                info(
                    settings,
                    format!(
                        "picked {} for {} ({again} already picked)",
                        plural(added as u64, "paper"),
                        weeks.join(", ")
                    ),
                );
            }
            Change::Nothing => {}
        }
        relearn(settings, store, &classifier)
    })
}

/// What a `pick` does to the picks before learning again.
enum Change {
    Add(Picks),
    Remove(Vec<ArxivId>),
    Nothing,
}

/// The papers to pick: `ids` (each must be stored, or `week` given) and those the
/// files name (those not stored are left out, and named).
fn to_pick(
    settings: &Settings,
    store: &Store,
    ids: &[ArxivId],
    files: &[std::path::PathBuf],
    week: Option<IsoWeek>,
) -> Result<Picks> {
    let mut picks = resolve(store, ids, week, true)?.0;
    for path in files {
        let (found, unknown) = resolve(store, &read_ids(path)?, week, false)?;
        let name = path.display();
        if let (true, Some(first)) = (found.is_empty(), unknown.first()) {
            bail!(
                "none of the papers {name} names ({}) is in the database; fetch them first (`papers fetch --id {first}`) or give --week",
                unknown.len()
            );
        }
        if !unknown.is_empty() {
            let shown: Vec<String> = unknown.iter().take(5).map(ToString::to_string).collect();
            note(
                settings,
                format!(
                    "{name}: {} not in the database, left out: {}{} (fetch them, or give --week)",
                    plural(unknown.len() as u64, "paper"),
                    shown.join(", "),
                    if unknown.len() > 5 { ", …" } else { "" }
                ),
            );
        }
        picks.extend(found);
    }
    let mut seen = std::collections::HashSet::new();
    picks.retain(|pick| seen.insert(pick.clone()));
    Ok(picks)
}

/// Those of `ids` that are picked (for `week`, when given); the others are named,
/// and none picked at all is an error.
fn picked_ones(
    settings: &Settings,
    store: &Store,
    ids: &[ArxivId],
    week: Option<IsoWeek>,
) -> Result<Vec<ArxivId>> {
    let mut picked = Vec::new();
    let mut not = Vec::new();
    for id in ids {
        let weeks = store.weeks_picked(id)?;
        match weeks.iter().any(|w| week.is_none_or(|week| week == *w)) {
            true => picked.push(id.clone()),
            false => not.push(id.to_string()),
        }
    }
    let for_week = week.map(|w| format!(" for {w}")).unwrap_or_default();
    if picked.is_empty() {
        bail!("none of these papers is picked{for_week}; see `papers pick --list`");
    }
    if !not.is_empty() {
        note(settings, format!("not picked{for_week}, so left as they are: {}", not.join(", ")));
    }
    Ok(picked)
}

/// Papers and the weeks they are picked for.
type Picks = Vec<(IsoWeek, ArxivId)>;

/// The week each id is picked for: `week`, or its listing week. Ids not in the
/// database are an error when `strict`, else returned apart.
fn resolve(
    store: &Store,
    ids: &[ArxivId],
    week: Option<IsoWeek>,
    strict: bool,
) -> Result<(Picks, Vec<ArxivId>)> {
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for id in ids {
        match (week, find_paper(store, id.as_str())) {
            (Some(week), _) => found.push((week, id.clone())),
            (None, Ok(stored)) => found.push((stored.week, id.clone())),
            (None, Err(QueryError::NotFound(_))) if !strict => unknown.push(id.clone()),
            (None, Err(QueryError::NotFound(_))) => {
                bail!(
                    "paper {id} is not in the database; fetch it first (`papers fetch --id {id}`), or give --week to pick it for a week"
                )
            }
            (None, Err(other)) => return Err(other.into()),
        }
    }
    Ok((found, unknown))
}

/// The ids a file names (`-` is standard input).
fn read_ids(path: &Path) -> Result<Vec<ArxivId>> {
    let mut text = String::new();
    match path.as_os_str() == "-" {
        true => std::io::stdin().read_to_string(&mut text).context("cannot read standard input")?,
        false => std::fs::File::open(path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .with_context(|| format!("cannot read {}", path.display()))?,
    };
    let ids = ids_in_text(&text);
    if ids.is_empty() {
        bail!(
            "{} names no arXiv paper (give one id a line, or a digest with arxiv.org links)",
            path.display()
        );
    }
    Ok(ids)
}

/// Learns the taste from the picks as they are now, and stores it.
fn relearn(settings: &Settings, store: &mut Store, classifier: &Classifier) -> Result<()> {
    if classifier.model().is_none() {
        note(settings, "the topic model is missing, so the taste was not learned again; the picks are kept");
        return Ok(());
    }
    let started = std::time::Instant::now();
    let taste = learn_taste(store, classifier)?;
    store.save_taste(taste.as_ref().map(|t| t.to_bytes()).as_deref(), chrono::Utc::now())?;
    match taste {
        Some(taste) => info(
            settings,
            format!(
                "learned your taste from {} over {} in {:.1} s",
                plural(taste.picks as u64, "pick"),
                plural(taste.weeks as u64, "week"),
                started.elapsed().as_secs_f64()
            ),
        ),
        None => info(settings, "no picks of stored papers: the ranking has no taste of yours"),
    }
    Ok(())
}

fn list(settings: &Settings, week: Option<IsoWeek>) -> Result<()> {
    let store = settings.read_store()?;
    let picks = store.picks(week)?;
    if picks.is_empty() {
        info(settings, "no picks yet; pick a paper with `papers pick ID`");
    }
    for pick in picks {
        let title = find_paper(&store, &pick.id)
            .map(|p| p.paper.title)
            .unwrap_or_else(|_| "(not in the database)".to_string());
        outln!("{}  {}  {}", pick.week, pick.id, title)?;
    }
    Ok(())
}
