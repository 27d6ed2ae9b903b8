//! The words of a writer's edits of a digest: what was picked, dropped, noted or
//! taken back, which papers were left as they were, and what learning the taste
//! came to.

use std::collections::BTreeSet;

use crate::id::ArxivId;
use crate::model::edit::Choice;
use crate::query::edits::{Learned, for_week};
use crate::week::IsoWeek;
use crate::wording::plural;

/// Ids of papers left out that a message names before it says "…".
const SHOWN_LEFT_OUT: usize = 5;

/// "picked 2 papers for 2024-W21, under Agents (1 was already)": `changed` of
/// `papers` were not picked before; `section` is the one they were moved to.
pub fn picked(papers: &[(IsoWeek, ArxivId)], section: Option<&str>, changed: usize) -> String {
    let under = section.map(|s| format!(", under {s}")).unwrap_or_default();
    let (count, weeks, already) = (papers_count(papers), weeks(papers), already(papers.len() - changed));
    format!("picked {count} for {weeks}{under}{already}")
}

/// "dropped 2 papers from 2024-W21 (1 was already)".
pub fn dropped(papers: &[(IsoWeek, ArxivId)], changed: usize) -> String {
    let (count, weeks, already) = (papers_count(papers), weeks(papers), already(papers.len() - changed));
    format!("dropped {count} from {weeks}{already}")
}

/// "took back 2 picks" (or drops).
pub fn took_back(choice: Choice, count: usize) -> String {
    let what = match choice {
        Choice::Picked => "pick",
        Choice::Dropped => "drop",
    };
    format!("took back {}", plural(count as u64, what))
}

/// "noted ID in the digest of 2024-W21", or that its note was removed.
pub fn noted(id: &ArxivId, papers: &[(IsoWeek, ArxivId)], removed: bool) -> String {
    let what = if removed { "removed the note on" } else { "noted" };
    format!("{what} {id} in the digest of {}", weeks(papers))
}

/// "not picked for 2024-W21, so left as they are: ID, ID".
pub fn not_chosen(choice: Choice, week: Option<IsoWeek>, ids: &[ArxivId]) -> String {
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    format!("not {}{}, so left as they are: {}", choice.as_str(), for_week(week), ids.join(", "))
}

/// "FILE: 7 papers not in the database, left out: ID, ID, ID, ID, ID, …".
pub fn left_out(file: &str, unknown: &[ArxivId]) -> String {
    let shown: Vec<String> = unknown.iter().take(SHOWN_LEFT_OUT).map(ToString::to_string).collect();
    let more = if unknown.len() > SHOWN_LEFT_OUT { ", …" } else { "" };
    let count = plural(unknown.len() as u64, "paper");
    format!("{file}: {count} not in the database, left out: {}{more}", shown.join(", "))
}

/// What learning the taste came to.
pub fn learned(learned: Learned) -> String {
    match learned {
        Learned::NoModel => {
            "the topic model is missing, so the taste was not learned again; your edits are kept".into()
        }
        Learned::Nothing => "no picks of stored papers: the ranking has no taste of yours".into(),
        Learned::Taste { picks, weeks, seconds } => format!(
            "learned your taste from {} over {} in {seconds:.1} s",
            plural(u64::from(picks), "pick"),
            plural(u64::from(weeks), "week"),
        ),
    }
}

fn papers_count(papers: &[(IsoWeek, ArxivId)]) -> String {
    plural(papers.len() as u64, "paper")
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
fn weeks(papers: &[(IsoWeek, ArxivId)]) -> String {
    let weeks: BTreeSet<String> = papers.iter().map(|(w, _)| w.to_string()).collect();
    weeks.into_iter().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_are_told_with_their_weeks_and_what_was_so_already() {
        let id = |n: &str| ArxivId::parse(n).expect("an id");
        let (w21, w22): (IsoWeek, IsoWeek) =
            ("2024-W21".parse().expect("week"), "2024-W22".parse().expect("week"));
        let papers = vec![(w22, id("2405.00002")), (w21, id("2405.00001")), (w21, id("2405.00003"))];
        assert_eq!(
            picked(&papers, Some("Agents"), 2),
            "picked 3 papers for 2024-W21, 2024-W22, under Agents (1 was already)"
        );
        assert_eq!(dropped(&papers[..1], 1), "dropped 1 paper from 2024-W22");
        assert_eq!(dropped(&papers, 0), "dropped 3 papers from 2024-W21, 2024-W22 (3 were already)");
        assert_eq!(took_back(Choice::Dropped, 2), "took back 2 drops");
        assert_eq!(
            noted(&id("2405.00002"), &papers[..1], true),
            "removed the note on 2405.00002 in the digest of 2024-W22"
        );
        assert_eq!(
            not_chosen(Choice::Picked, Some(w21), &[id("2405.00009")]),
            "not picked for 2024-W21, so left as they are: 2405.00009"
        );
        let unknown: Vec<ArxivId> = (1..=6).map(|n| id(&format!("2405.0000{n}"))).collect();
        assert_eq!(
            left_out("picks.md", &unknown),
            "picks.md: 6 papers not in the database, left out: 2405.00001, 2405.00002, 2405.00003, 2405.00004, 2405.00005, …"
        );
        assert_eq!(
            learned(Learned::Taste { picks: 1, weeks: 2, seconds: 0.31 }),
            "learned your taste from 1 pick over 2 weeks in 0.3 s"
        );
    }
}
