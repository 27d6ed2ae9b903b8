//! What is worth knowing about a digest once it is made: why it shows no paper,
//! and what it could not do as the writer or the database would have it.

use super::{DigestOptions, WeekDigest};
use crate::week::IsoWeek;

/// Why a digest shows no paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Empty {
    /// The database holds no paper listed in the week.
    NoPapers(IsoWeek),
    /// New papers alone were asked for, and none was first listed in the week.
    NoNewPapers(IsoWeek),
    /// The writer dropped every one of the week's `papers`.
    AllDropped { week: IsoWeek, papers: usize },
    /// None of the week's `papers` is in the sections asked for and not dropped.
    NoneInSections { week: IsoWeek, papers: usize },
}

/// Something the digest did otherwise than asked, or could have done better.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestNote {
    /// Papers picked for the week that it does not show, by id.
    PicksNotShown { week: IsoWeek, ids: Vec<String> },
    /// This many papers had no stored importance prior, and had it worked out.
    WithoutPrior { week: IsoWeek, papers: usize },
    /// Papers moved to a section the taxonomy no longer has: id and section.
    MovesNotFound(Vec<(String, String)>),
    /// The week has papers but no community signals: the prior ranks alone.
    NoSignals(IsoWeek),
}

impl WeekDigest {
    /// Why the digest (made with `options`) shows no paper; `None` when it shows some.
    pub fn empty(&self, options: &DigestOptions) -> Option<Empty> {
        let (digest, week) = (&self.digest, self.digest.week);
        if digest.papers_shown() > 0 {
            return None;
        }
        Some(match (digest.papers_in_week, options.new_only, options.sections.is_empty()) {
            (0, false, _) => Empty::NoPapers(week),
            (0, true, _) => Empty::NoNewPapers(week),
            (papers, _, true) => Empty::AllDropped { week, papers },
            (papers, _, false) => Empty::NoneInSections { week, papers },
        })
    }

    /// What is worth knowing about the digest, in the order it is best told.
    pub fn notes(&self) -> Vec<DigestNote> {
        let (digest, week) = (&self.digest, self.digest.week);
        let mut notes = Vec::new();
        if !self.picks_not_shown.is_empty() {
            notes.push(DigestNote::PicksNotShown { week, ids: self.picks_not_shown.clone() });
        }
        if self.without_prior > 0 {
            notes.push(DigestNote::WithoutPrior { week, papers: self.without_prior });
        }
        if !self.moves_not_found.is_empty() {
            notes.push(DigestNote::MovesNotFound(self.moves_not_found.clone()));
        }
        if digest.signal_days == 0 && digest.featured == 0 && digest.papers_in_week > 0 {
            notes.push(DigestNote::NoSignals(week));
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::week_of;
    use super::super::week_digest;
    use super::*;
    use crate::classify::{Classifier, Taxonomy};
    use crate::store::Store;

    #[test]
    fn an_empty_digest_says_why_and_a_digest_without_signals_says_so() {
        let taxonomy = Taxonomy::builtin().expect("taxonomy");
        let classifier = Classifier::rules_only(taxonomy.clone());
        let week: IsoWeek = "2024-W21".parse().expect("week");
        let made = |store: Store, options: &DigestOptions| week_digest(store, week, &classifier, options);
        let plain = DigestOptions::default();
        let nothing = made(Store::open_in_memory().expect("store"), &plain).expect("digest");
        assert_eq!(nothing.empty(&plain), Some(Empty::NoPapers(week)));
        assert_eq!(nothing.notes(), []);
        let new_only = DigestOptions { new_only: true, ..Default::default() };
        assert_eq!(nothing.empty(&new_only), Some(Empty::NoNewPapers(week)));
        let three = made(week_of(3, &taxonomy), &plain).expect("digest");
        assert_eq!(three.empty(&plain), None);
        // Stored by hand, with no importance prior, and no signals read.
        assert_eq!(
            three.notes(),
            [DigestNote::WithoutPrior { week, papers: 3 }, DigestNote::NoSignals(week)]
        );
        let elsewhere =
            DigestOptions { sections: vec![taxonomy.sections[1].name.clone()], ..Default::default() };
        let none = made(week_of(3, &taxonomy), &elsewhere).expect("digest");
        assert_eq!(none.empty(&elsewhere), Some(Empty::NoneInSections { week, papers: 3 }));
    }
}
