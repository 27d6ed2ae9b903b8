//! The sentences the command line completes with a hint (the flag or command
//! that helps): why a digest is empty, what is worth knowing about one, how many
//! papers have stale topics. Each takes the hint and places it where the sentence
//! needs it.

use crate::query::Staleness;
use crate::query::digest::{DigestNote, Empty};
use crate::wording::plural;

/// "nothing to export: no papers are listed in 2024-W21 in this database{hint}".
pub fn empty_digest(why: &Empty, hint: &str) -> String {
    let why = match why {
        Empty::NoPapers(week) => format!("no papers are listed in {week} in this database{hint}"),
        Empty::NoNewPapers(week) => format!("no paper was first listed in {week} in this database{hint}"),
        Empty::AllDropped { week, papers } => {
            format!("you dropped all {} listed in {week}{hint}", plural(*papers as u64, "paper"))
        }
        Empty::NoneInSections { week, papers } => format!(
            "none of the {} listed in {week} is in the sections asked for{hint} and not dropped",
            plural(*papers as u64, "paper")
        ),
    };
    format!("nothing to export: {why}")
}

/// A note on a digest, with `hint` where it belongs.
pub fn digest_note(note: &DigestNote, hint: &str) -> String {
    match note {
        DigestNote::PicksNotShown { week, ids } => format!(
            "{} picked for {week} not in this digest{hint}: {}",
            plural(ids.len() as u64, "paper"),
            ids.join(", ")
        ),
        DigestNote::WithoutPrior { week, papers } => format!(
            "{} of {week} were stored without an importance prior (by an older papers) and had theirs worked out now{hint}",
            plural(*papers as u64, "paper")
        ),
        DigestNote::MovesNotFound(moves) => {
            let moved: Vec<String> =
                moves.iter().map(|(id, section)| format!("{id} (under '{section}')")).collect();
            format!(
                "{} filed under a section your taxonomy no longer has, so under its topics' section: {}{hint}",
                plural(moved.len() as u64, "paper"),
                moved.join(", ")
            )
        }
        DigestNote::NoSignals(week) => format!(
            "community signals were not fetched for {week}: papers are ranked by the importance prior alone{hint}"
        ),
    }
}

/// "all of these papers were classified with another taxonomy{hint}", or "3 of
/// 10 …"; `None` when none was.
pub fn stale_papers(staleness: Staleness, hint: &str) -> Option<String> {
    let which = match (staleness.stale, staleness.all()) {
        (0, _) => return None,
        (_, true) => "all".to_string(),
        (stale, false) => format!("{stale} of {}", staleness.papers),
    };
    Some(format!("{which} of these papers were classified with another taxonomy{hint}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::week::IsoWeek;

    #[test]
    fn the_hint_goes_where_the_sentence_needs_it() {
        let week: IsoWeek = "2024-W21".parse().expect("week");
        assert_eq!(
            empty_digest(&Empty::NoneInSections { week, papers: 2 }, " (X)"),
            "nothing to export: none of the 2 papers listed in 2024-W21 is in the sections asked for (X) and not dropped"
        );
        assert_eq!(
            empty_digest(&Empty::NoPapers(week), "; Y"),
            "nothing to export: no papers are listed in 2024-W21 in this database; Y"
        );
        let picks = DigestNote::PicksNotShown { week, ids: vec!["2405.00001".into()] };
        assert_eq!(
            digest_note(&picks, " (Z)"),
            "1 paper picked for 2024-W21 not in this digest (Z): 2405.00001"
        );
        let moves = DigestNote::MovesNotFound(vec![("2405.00001".into(), "Old".into())]);
        assert_eq!(
            digest_note(&moves, "; W"),
            "1 paper filed under a section your taxonomy no longer has, so under its topics' section: \
             2405.00001 (under 'Old'); W"
        );
        assert_eq!(stale_papers(Staleness { stale: 0, papers: 4 }, ""), None);
        assert_eq!(
            stale_papers(Staleness { stale: 3, papers: 4 }, "; V").as_deref(),
            Some("3 of 4 of these papers were classified with another taxonomy; V")
        );
        assert_eq!(
            stale_papers(Staleness { stale: 4, papers: 4 }, "").as_deref(),
            Some("all of these papers were classified with another taxonomy")
        );
    }
}
