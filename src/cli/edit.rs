//! `papers pick`, `papers drop` and `papers note`: the writer's hand on a week's
//! digest (papers kept in or out, moved to another section, given a line of their
//! own), and the taste the score learns from the picks and drops.

use std::collections::BTreeSet;

use anyhow::{Result, bail};

use super::args::{DropArgs, NoteArgs, PickArgs};
use super::messages::{info, note as say};
use super::{Settings, resolve};
use papers::export::list::edit_lines;
use papers::id::ArxivId;
use papers::model::edit::Choice;
use papers::query::edits::{
    EditedPapers, Learned, chosen, edit_and_relearn, edited_papers, papers_to_pick, relearn,
};
use papers::query::{find_paper, find_section};
use papers::store::EditChange;
use papers::week::IsoWeek;
use papers::wording::plural;

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
        tell(settings, learned);
        return Ok(());
    }
    let ids: Vec<ArxivId> = args.ids.iter().map(|v| v.id.clone()).collect();
    if args.remove {
        let papers =
            not_chosen_told(settings, chosen(&store, &ids, week, Choice::Picked)?, week, Choice::Picked);
        let change = EditChange { section: Some(None), ..EditChange::choice(None) };
        let (taken, learned) = edit_and_relearn(&mut store, &papers, &change, &classifier)?;
        info(settings, format!("took back {}", plural(taken as u64, "pick")));
        tell(settings, learned);
        return Ok(());
    }
    let section = match &args.section {
        Some(wanted) => Some(find_section(classifier.taxonomy(), wanted)?.name.clone()),
        None => None,
    };
    let papers = papers_to_pick(&store, &ids, &args.import, week, |file, unknown| {
        let shown: Vec<String> = unknown.iter().take(5).map(ToString::to_string).collect();
        say(
            settings,
            format!(
                "{file}: {} not in the database, left out: {}{} (fetch them, or give --week)",
                plural(unknown.len() as u64, "paper"),
                shown.join(", "),
                if unknown.len() > 5 { ", …" } else { "" }
            ),
        );
    })?;
    let change =
        EditChange { section: section.clone().map(Some), ..EditChange::choice(Some(Choice::Picked)) };
    let (changed, learned) = edit_and_relearn(&mut store, &papers, &change, &classifier)?;
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
    tell(settings, learned);
    Ok(())
}

pub fn drop(settings: &Settings, args: &DropArgs) -> Result<()> {
    let week = resolve::some_week(args.week);
    let classifier = settings.classifier()?;
    let mut store = settings.open_store()?;
    let ids: Vec<ArxivId> = args.ids.iter().map(|v| v.id.clone()).collect();
    // A dropped paper is in no section, so a move made when it was picked goes.
    let (papers, change) = match args.remove {
        true => {
            let found = chosen(&store, &ids, week, Choice::Dropped)?;
            (not_chosen_told(settings, found, week, Choice::Dropped), EditChange::choice(None))
        }
        false => (
            edited_papers(&store, &ids, week)?,
            EditChange { section: Some(None), ..EditChange::choice(Some(Choice::Dropped)) },
        ),
    };
    let (changed, learned) = edit_and_relearn(&mut store, &papers, &change, &classifier)?;
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
    tell(settings, learned);
    Ok(())
}

pub fn note(settings: &Settings, args: &NoteArgs) -> Result<()> {
    let week = resolve::some_week(args.week);
    let text = args.text.as_deref().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    if text.as_deref() == Some("") {
        bail!("the note for {} is empty; give its text, or --clear to remove it", args.id.id);
    }
    let mut store = settings.open_store()?;
    let papers = edited_papers(&store, std::slice::from_ref(&args.id.id), week)?;
    let change = EditChange { note: Some(text.clone()), ..Default::default() };
    store.edit(&papers, &change, chrono::Utc::now())?;
    let what = match text {
        Some(_) => "noted",
        None => "removed the note on",
    };
    info(settings, format!("{what} {} in the digest of {}", args.id.id, weeks(&papers)));
    Ok(())
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
fn weeks(papers: &EditedPapers) -> String {
    let weeks: BTreeSet<String> = papers.iter().map(|(w, _)| w.to_string()).collect();
    weeks.into_iter().collect::<Vec<_>>().join(", ")
}

/// The papers `chosen` found; the others, which are left as they are, are named.
fn not_chosen_told(
    settings: &Settings,
    (found, not): (EditedPapers, Vec<ArxivId>),
    week: Option<IsoWeek>,
    choice: Choice,
) -> EditedPapers {
    if !not.is_empty() {
        let for_week = papers::query::edits::for_week(week);
        let not: Vec<String> = not.iter().map(ToString::to_string).collect();
        say(settings, format!("not {}{for_week}, so left as they are: {}", choice.as_str(), not.join(", ")));
    }
    found
}

/// Says what learning the taste came to, once the edits are committed.
fn tell(settings: &Settings, learned: Learned) {
    match learned {
        Learned::NoModel => say(
            settings,
            "the topic model is missing, so the taste was not learned again; your edits are kept",
        ),
        Learned::Nothing => info(settings, "no picks of stored papers: the ranking has no taste of yours"),
        Learned::Taste { picks, weeks, seconds } => info(
            settings,
            format!(
                "learned your taste from {} over {} in {seconds:.1} s",
                plural(u64::from(picks), "pick"),
                plural(u64::from(weeks), "week"),
            ),
        ),
    }
}

/// Every edit (of `week`, when given): week, id, what was done, title.
fn list(settings: &Settings, week: Option<IsoWeek>) -> Result<()> {
    let store = settings.read_store()?;
    let edits = store.edits(week)?;
    if edits.is_empty() {
        info(settings, "no edits yet; pick a paper with `papers pick ID`, drop one with `papers drop ID`");
    }
    let titled: Vec<_> = edits
        .into_iter()
        .map(|edit| {
            let title = find_paper(&store, &edit.id).ok().map(|p| p.paper.title);
            (edit, title)
        })
        .collect();
    out!("{}", edit_lines(&titled, settings.width))?;
    Ok(())
}
