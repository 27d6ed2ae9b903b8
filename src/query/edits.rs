//! The papers and weeks a writer's edits of a digest are for (`pick`, `drop`,
//! `note`): ids resolved to the week whose digest they are in, the ids a file
//! names, the picks and drops there are to take back; and the taste learned
//! again from the edits as they are.

use std::io::Read;
use std::path::Path;

use super::{QueryError, find_paper, learn_taste};
use crate::classify::Classifier;
use crate::id::{ArxivId, ids_in_text};
use crate::model::distinct;
use crate::model::edit::{Choice, Edit};
use crate::store::{EditChange, Store, StoreError};
use crate::week::IsoWeek;

/// Papers, each in the week whose digest an edit is for.
pub type EditedPapers = Vec<(IsoWeek, ArxivId)>;

/// Why the papers an edit is for cannot be found.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// An id with no week given is not in the database, so its week is unknown.
    #[error("paper {0} is not in the database")]
    NotStored(ArxivId),
    /// None of the ids `file` names is in the database (`unknown`, in order).
    #[error("none of the papers {file} names ({}) is in the database", .unknown.len())]
    NoneStored { file: String, unknown: Vec<ArxivId> },
    /// None of the papers is `choice` (in `week`, when given).
    #[error("none of these papers is {}{}", .choice.as_str(), for_week(*.week))]
    NoneChosen { choice: Choice, week: Option<IsoWeek> },
    #[error("{0} names no arXiv paper (give one id a line, or a digest with arxiv.org links)")]
    NoIds(String),
    /// `what` is a file's path, or "standard input".
    #[error("cannot read {what}")]
    Read { what: String, source: std::io::Error },
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// " for 2024-W21" when a week is given.
pub fn for_week(week: Option<IsoWeek>) -> String {
    week.map(|w| format!(" for {w}")).unwrap_or_default()
}

/// The week each of `ids` (each once) is edited for: `week`, or its listing week;
/// an id not in the database with no `week` is an error.
pub fn edited_papers(
    store: &Store,
    ids: &[ArxivId],
    week: Option<IsoWeek>,
) -> Result<EditedPapers, EditError> {
    Ok(resolve(store, &distinct(ids.iter().cloned()), week, true)?.0)
}

/// The papers to pick: `ids` (each must be stored, or `week` given) and those the
/// `files` name, each once. Those a file names that are not stored are left out
/// and handed to `left_out` with the file's name; a file naming none that is
/// stored is an error.
pub fn papers_to_pick(
    store: &Store,
    ids: &[ArxivId],
    files: &[std::path::PathBuf],
    week: Option<IsoWeek>,
    mut left_out: impl FnMut(&str, &[ArxivId]),
) -> Result<EditedPapers, EditError> {
    let mut picks = edited_papers(store, ids, week)?;
    for path in files {
        let (found, unknown) = resolve(store, &read_ids(path)?, week, false)?;
        let file = path.display().to_string();
        if found.is_empty() && !unknown.is_empty() {
            return Err(EditError::NoneStored { file, unknown });
        }
        if !unknown.is_empty() {
            left_out(&file, &unknown);
        }
        picks.extend(found);
    }
    Ok(distinct(picks))
}

/// The weeks in which each of `ids` (each once) is `choice` (only `week`, when
/// given), and apart the ids that are not; none at all is an error.
pub fn chosen(
    store: &Store,
    ids: &[ArxivId],
    week: Option<IsoWeek>,
    choice: Choice,
) -> Result<(EditedPapers, Vec<ArxivId>), EditError> {
    let mut found = Vec::new();
    let mut not = Vec::new();
    for id in distinct(ids.iter().cloned()) {
        let before = found.len();
        for edit in store.edits_of(&id)? {
            if edit.choice == Some(choice) && week.is_none_or(|week| week == edit.week) {
                found.push((edit.week, id.clone()));
            }
        }
        if found.len() == before {
            not.push(id);
        }
    }
    match found.is_empty() {
        true => Err(EditError::NoneChosen { choice, week }),
        false => Ok((found, not)),
    }
}

/// The week each id is edited for: `week`, or its listing week. Ids not in the
/// database (with no week given) are an error when `strict`, else returned apart.
fn resolve(
    store: &Store,
    ids: &[ArxivId],
    week: Option<IsoWeek>,
    strict: bool,
) -> Result<(EditedPapers, Vec<ArxivId>), EditError> {
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for id in ids {
        match (week, find_paper(store, id.as_str())) {
            (Some(week), _) => found.push((week, id.clone())),
            (None, Ok(stored)) => found.push((stored.week, id.clone())),
            (None, Err(QueryError::NotFound(_))) if !strict => unknown.push(id.clone()),
            (None, Err(QueryError::NotFound(_))) => return Err(EditError::NotStored(id.clone())),
            (None, Err(other)) => return Err(other.into()),
        }
    }
    Ok((found, unknown))
}

/// The ids a file names (`-` is standard input).
pub fn read_ids(path: &Path) -> Result<Vec<ArxivId>, EditError> {
    let mut text = String::new();
    let read = match path.as_os_str() == "-" {
        true => std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|source| EditError::Read { what: "standard input".to_string(), source }),
        false => std::fs::File::open(path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .map_err(|source| EditError::Read { what: path.display().to_string(), source }),
    };
    read?;
    let ids = ids_in_text(&text);
    match ids.is_empty() {
        true => Err(EditError::NoIds(path.display().to_string())),
        false => Ok(ids),
    }
}

/// A note with no text, which would say nothing under its paper.
#[derive(Debug, thiserror::Error)]
#[error("the note for {0} is empty")]
pub struct EmptyNote(pub ArxivId);

/// The text of a note on `id` as it is kept: each run of whitespace one space, no
/// space at either end; `None` (no text) removes the note.
pub fn note_text(id: &ArxivId, text: Option<&str>) -> Result<Option<String>, EmptyNote> {
    match text.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")) {
        Some(text) if text.is_empty() => Err(EmptyNote(id.clone())),
        text => Ok(text),
    }
}

/// Sets the note on `id` in the digest of `week` (else of its listing week) to
/// `text` (see [`note_text`]), or removes it; returns the paper and its week.
pub fn set_note(
    store: &mut Store,
    id: &ArxivId,
    text: Option<String>,
    week: Option<IsoWeek>,
) -> Result<EditedPapers, EditError> {
    let papers = edited_papers(store, std::slice::from_ref(id), week)?;
    store.edit(&papers, &EditChange { note: Some(text), ..Default::default() }, chrono::Utc::now())?;
    Ok(papers)
}

/// Every edit (of `week`, when given), each with its paper's title (`None` when
/// the paper is not stored).
pub fn titled_edits(store: &Store, week: Option<IsoWeek>) -> Result<Vec<(Edit, Option<String>)>, StoreError> {
    let titled = store.edits(week)?.into_iter().map(|edit| {
        let title = find_paper(store, &edit.id).ok().map(|p| p.paper.title);
        (edit, title)
    });
    Ok(titled.collect())
}

/// What learning the taste came to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Learned {
    /// There is no topic model to learn it with; the edits stand.
    NoModel,
    /// No picks of stored papers: the ranking has no taste.
    Nothing,
    Taste {
        picks: u32,
        weeks: u32,
        seconds: f64,
    },
}

/// Applies `change` to each of `papers` and learns the taste again, all in one go
/// (a failure anywhere leaves the database as it was); returns how many edits
/// changed, and what learning came to.
pub fn edit_and_relearn(
    store: &mut Store,
    papers: &[(IsoWeek, ArxivId)],
    change: &EditChange,
    classifier: &Classifier,
) -> Result<(usize, Learned), QueryError> {
    store.atomically(|store| {
        let changed = store.edit(papers, change, chrono::Utc::now())?;
        Ok((changed, relearn(store, classifier)?))
    })
}

/// Learns the taste from the picks and drops as they are now, and stores it.
pub fn relearn(store: &mut Store, classifier: &Classifier) -> Result<Learned, QueryError> {
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
