//! `papers pick`, `papers drop` and `papers note`: the writer's hand on a week's
//! digest (papers kept in or out, moved to another section, given a line of their
//! own), and the taste the score learns from the picks and drops.

use anyhow::Result;

use super::args::{DropArgs, NoteArgs, PickArgs};
use super::messages::{info, note as say};
use super::{Settings, resolve};
use papers::classify::Classifier;
use papers::export::edits::{
    dropped, learned as learned_words, left_out, not_chosen, noted, picked, took_back,
};
use papers::export::list::edit_lines;
use papers::id::ArxivId;
use papers::model::edit::Choice;
use papers::query::edits::{
    Learned, chosen, edit_and_relearn, edited_papers, note_text, papers_to_pick, relearn, set_note,
    titled_edits,
};
use papers::query::find_section;
use papers::store::{EditChange, Store};
use papers::week::IsoWeek;

pub fn pick(settings: &Settings, args: &PickArgs) -> Result<()> {
    let week = resolve::some_week(args.week);
    if args.list {
        let edits = titled_edits(&settings.read_store()?, week)?;
        if edits.is_empty() {
            info(
                settings,
                "no edits yet; pick a paper with `papers pick ID`, drop one with `papers drop ID`",
            );
        }
        out!("{}", edit_lines(&edits, settings.width))?;
        return Ok(());
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
        return take_back(settings, &mut store, &classifier, &ids, week, Choice::Picked);
    }
    let section = match &args.section {
        Some(wanted) => Some(find_section(classifier.taxonomy(), wanted)?.name.clone()),
        None => None,
    };
    let papers = papers_to_pick(&store, &ids, &args.import, week, |file, unknown| {
        say(settings, format!("{} (fetch them, or give --week)", left_out(file, unknown)));
    })?;
    let change = EditChange::pick(section.clone());
    let (changed, learned) = edit_and_relearn(&mut store, &papers, &change, &classifier)?;
    info(settings, picked(&papers, section.as_deref(), changed));
    tell(settings, learned);
    Ok(())
}

pub fn drop(settings: &Settings, args: &DropArgs) -> Result<()> {
    let week = resolve::some_week(args.week);
    let classifier = settings.classifier()?;
    let mut store = settings.open_store()?;
    let ids: Vec<ArxivId> = args.ids.iter().map(|v| v.id.clone()).collect();
    if args.remove {
        return take_back(settings, &mut store, &classifier, &ids, week, Choice::Dropped);
    }
    let change = EditChange::drop();
    let papers = edited_papers(&store, &ids, week)?;
    let (changed, learned) = edit_and_relearn(&mut store, &papers, &change, &classifier)?;
    info(settings, dropped(&papers, changed));
    tell(settings, learned);
    Ok(())
}

/// Takes back the picks or drops (`choice`) of `ids`; the papers that were not
/// so chosen are named and left as they are.
fn take_back(
    settings: &Settings,
    store: &mut Store,
    classifier: &Classifier,
    ids: &[ArxivId],
    week: Option<IsoWeek>,
    choice: Choice,
) -> Result<()> {
    let (papers, not) = chosen(store, ids, week, choice)?;
    if !not.is_empty() {
        say(settings, not_chosen(choice, week, &not));
    }
    let change = EditChange::take_back();
    let (taken, learned) = edit_and_relearn(store, &papers, &change, classifier)?;
    info(settings, took_back(choice, taken));
    tell(settings, learned);
    Ok(())
}

pub fn note(settings: &Settings, args: &NoteArgs) -> Result<()> {
    let week = resolve::some_week(args.week);
    let text = note_text(&args.id.id, args.text.as_deref())
        .map_err(|empty| anyhow::anyhow!("{empty}; give its text, or --clear to remove it"))?;
    let removed = text.is_none();
    let papers = set_note(&mut settings.open_store()?, &args.id.id, text, week)?;
    info(settings, noted(&args.id.id, &papers, removed));
    Ok(())
}

/// Says what learning the taste came to, once the edits are committed: a missing
/// model is worth a note.
fn tell(settings: &Settings, learned: Learned) {
    match learned {
        Learned::NoModel => say(settings, learned_words(learned)),
        _ => info(settings, learned_words(learned)),
    }
}
