//! `papers pick`, `papers drop` and `papers note`: the writer's hand on a week's
//! digest (papers kept in or out, moved to another section, given a line of their
//! own), and the taste the score learns from the picks and drops.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::args::{DropArgs, NoteArgs, PickArgs};
use super::messages::{info, note as say};
use super::{Settings, resolve};
use papers::classify::Classifier;
use papers::id::{ArxivId, ids_in_text};
use papers::model::edit::Choice;
use papers::query::{QueryError, find_paper, find_section, learn_taste};
use papers::store::{EditChange, Store};
use papers::week::IsoWeek;
use papers::wording::fit::cut;
use papers::wording::plural;

/// Papers, each in the week whose digest an edit is for.
type Papers = Vec<(IsoWeek, ArxivId)>;

pub fn pick(settings: &Settings, args: &PickArgs) -> Result<()> {
    let week = resolve::some_week(args.week);
    if args.list {
        return list(settings, week);
    }
    let classifier = settings.classifier()?;
    let mut store = settings.open_store()?;
    // Read and check everything first, then edit and learn the taste in one go: a
    // failure anywhere leaves the database as it was.
    if args.relearn {
        let learned = store.atomically(|store| relearn(store, &classifier))?;
        learned.tell(settings);
        return Ok(());
    }
    let ids = distinct(args.ids.iter().map(|v| v.id.clone()));
    if args.remove {
        let papers = chosen(settings, &store, &ids, week, Choice::Picked)?;
        let change = EditChange { section: Some(None), ..EditChange::choice(None) };
        let (taken, learned) = store.atomically(|store| {
            let taken = store.edit(&papers, &change, chrono::Utc::now())?;
            anyhow::Ok((taken, relearn(store, &classifier)?))
        })?;
        info(settings, format!("took back {}", plural(taken as u64, "pick")));
        learned.tell(settings);
        return Ok(());
    }
    let section = match &args.section {
        Some(wanted) => Some(find_section(classifier.taxonomy(), wanted)?.name.clone()),
        None => None,
    };
    let papers = to_pick(settings, &store, &ids, &args.import, week)?;
    let change =
        EditChange { section: section.clone().map(Some), ..EditChange::choice(Some(Choice::Picked)) };
    let (changed, learned) = store.atomically(|store| {
        let changed = store.edit(&papers, &change, chrono::Utc::now())?;
        anyhow::Ok((changed, relearn(store, &classifier)?))
    })?;
    let under = section.map(|s| format!(", under {s}")).unwrap_or_default();
    info(
        settings,
        format!(
            "picked {} for {}{under}{}",
            plural(papers.len() as u64, "paper"),
            weeks(&papers),
            already(papers.len() - changed)
        ),
    );
    learned.tell(settings);
    Ok(())
}

pub fn drop(settings: &Settings, args: &DropArgs) -> Result<()> {
    let week = resolve::some_week(args.week);
    let classifier = settings.classifier()?;
    let mut store = settings.open_store()?;
    let ids = distinct(args.ids.iter().map(|v| v.id.clone()));
    // A dropped paper is in no section, so a move made when it was picked goes.
    let (papers, change) = match args.remove {
        true => (chosen(settings, &store, &ids, week, Choice::Dropped)?, EditChange::choice(None)),
        false => (
            resolve(&store, &ids, week, true)?.0,
            EditChange { section: Some(None), ..EditChange::choice(Some(Choice::Dropped)) },
        ),
    };
    let (changed, learned) = store.atomically(|store| {
        let changed = store.edit(&papers, &change, chrono::Utc::now())?;
        anyhow::Ok((changed, relearn(store, &classifier)?))
    })?;
    let message = match args.remove {
        true => format!("took back {}", plural(changed as u64, "drop")),
        false => format!(
            "dropped {} from {}{}",
            plural(papers.len() as u64, "paper"),
            weeks(&papers),
            already(papers.len() - changed)
        ),
    };
    info(settings, message);
    learned.tell(settings);
    Ok(())
}

pub fn note(settings: &Settings, args: &NoteArgs) -> Result<()> {
    let week = resolve::some_week(args.week);
    let text = args.text.as_deref().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    if text.as_deref() == Some("") {
        bail!("the note for {} is empty; give its text, or --clear to remove it", args.id.id);
    }
    let mut store = settings.open_store()?;
    let papers = resolve(&store, std::slice::from_ref(&args.id.id), week, true)?.0;
    let change = EditChange { note: Some(text.clone()), ..Default::default() };
    store.edit(&papers, &change, chrono::Utc::now())?;
    let what = match text {
        Some(_) => "noted",
        None => "removed the note on",
    };
    info(settings, format!("{what} {} in the digest of {}", args.id.id, weeks(&papers)));
    Ok(())
}

/// The items in their order, each once.
fn distinct<T: Clone + Eq + std::hash::Hash>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    items.into_iter().filter(|item| seen.insert(item.clone())).collect()
}

/// " (2 were already)" when some papers were as asked before.
fn already(unchanged: usize) -> String {
    match unchanged {
        0 => String::new(),
        1 => " (1 was already)".to_string(),
        n => format!(" ({n} were already)"),
    }
}

/// "2024-W21" or "2024-W21, 2024-W22": the weeks edited.
fn weeks(papers: &Papers) -> String {
    let weeks: BTreeSet<String> = papers.iter().map(|(w, _)| w.to_string()).collect();
    weeks.into_iter().collect::<Vec<_>>().join(", ")
}

/// The papers to pick: `ids` (each must be stored, or `week` given) and those the
/// files name (those not stored are left out, and named).
fn to_pick(
    settings: &Settings,
    store: &Store,
    ids: &[ArxivId],
    files: &[std::path::PathBuf],
    week: Option<IsoWeek>,
) -> Result<Papers> {
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
            say(
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
    Ok(distinct(picks))
}

/// The weeks in which each of `ids` is `choice` (only `week`, when given); the
/// others are named, and none at all is an error.
fn chosen(
    settings: &Settings,
    store: &Store,
    ids: &[ArxivId],
    week: Option<IsoWeek>,
    choice: Choice,
) -> Result<Papers> {
    let mut found = Vec::new();
    let mut not = Vec::new();
    for id in ids {
        let before = found.len();
        for edit in store.edits_of(id)? {
            if edit.choice == Some(choice) && week.is_none_or(|week| week == edit.week) {
                found.push((edit.week, id.clone()));
            }
        }
        if found.len() == before {
            not.push(id.to_string());
        }
    }
    let (what, for_week) = (choice.as_str(), week.map(|w| format!(" for {w}")).unwrap_or_default());
    if found.is_empty() {
        bail!("none of these papers is {what}{for_week}; see `papers pick --list`");
    }
    if !not.is_empty() {
        say(settings, format!("not {what}{for_week}, so left as they are: {}", not.join(", ")));
    }
    Ok(found)
}

/// The week each id is edited for: `week`, or its listing week. Ids not in the
/// database are an error when `strict`, else returned apart.
fn resolve(
    store: &Store,
    ids: &[ArxivId],
    week: Option<IsoWeek>,
    strict: bool,
) -> Result<(Papers, Vec<ArxivId>)> {
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for id in ids {
        match (week, find_paper(store, id.as_str())) {
            (Some(week), _) => found.push((week, id.clone())),
            (None, Ok(stored)) => found.push((stored.week, id.clone())),
            (None, Err(QueryError::NotFound(_))) if !strict => unknown.push(id.clone()),
            (None, Err(QueryError::NotFound(_))) => {
                bail!(
                    "paper {id} is not in the database; fetch it first (`papers fetch --id {id}`), or give --week to name the digest's week"
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

/// What learning the taste came to, said once the edits are committed.
enum Learned {
    NoModel,
    Nothing,
    Taste { picks: u32, weeks: u32, seconds: f64 },
}

impl Learned {
    fn tell(&self, settings: &Settings) {
        match self {
            Learned::NoModel => say(
                settings,
                "the topic model is missing, so the taste was not learned again; your edits are kept",
            ),
            Learned::Nothing => {
                info(settings, "no picks of stored papers: the ranking has no taste of yours")
            }
            Learned::Taste { picks, weeks, seconds } => info(
                settings,
                format!(
                    "learned your taste from {} over {} in {seconds:.1} s",
                    plural(u64::from(*picks), "pick"),
                    plural(u64::from(*weeks), "week"),
                ),
            ),
        }
    }
}

/// Learns the taste from the picks and drops as they are now, and stores it.
fn relearn(store: &mut Store, classifier: &Classifier) -> Result<Learned> {
    if classifier.model().is_none() {
        return Ok(Learned::NoModel);
    }
    let started = std::time::Instant::now();
    let taste = learn_taste(store, classifier)?;
    store.save_taste(taste.as_ref().map(|t| t.to_bytes()).as_deref(), chrono::Utc::now())?;
    Ok(match taste {
        Some(taste) => Learned::Taste {
            picks: taste.picks,
            weeks: taste.weeks,
            seconds: started.elapsed().as_secs_f64(),
        },
        None => Learned::Nothing,
    })
}

/// Every edit (of `week`, when given): week, id, what was done, title.
fn list(settings: &Settings, week: Option<IsoWeek>) -> Result<()> {
    let store = settings.read_store()?;
    let edits = store.edits(week)?;
    if edits.is_empty() {
        info(settings, "no edits yet; pick a paper with `papers pick ID`, drop one with `papers drop ID`");
    }
    for edit in edits {
        let title = find_paper(&store, &edit.id)
            .map(|p| papers::tex::clean(&p.paper.title).into_owned())
            .unwrap_or_else(|_| "(not in the database)".to_string());
        let line = format!("{}  {}  {}  {}", edit.week, edit.id, edit.describe(), title);
        // Fitted to a terminal (the title is what gets cut); whole when piped.
        let line = match settings.width {
            Some(width) => cut(&line, width),
            None => line,
        };
        outln!("{line}")?;
    }
    Ok(())
}
