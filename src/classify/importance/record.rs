//! The authors' record: for each author's name, how many of their papers are
//! known and how many of those the community featured, turned into how much more
//! (or less) likely than usual their next paper is to be featured.
//!
//! Names are compared folded (case, accents, punctuation and spacing do not
//! matter) and stored as stable 64-bit hashes. Namesakes share a record, so a
//! record is smoothed towards the usual rate by [`PSEUDO_PAPERS`] papers: a name
//! with one featured paper of one moves a little, a common name with a hundred
//! papers moves only as far as their share of featured ones says.

use icu_normalizer::DecomposingNormalizerBorrowed;

use crate::classify::bytes::{Fnv, stable_hash};

/// The share of listed papers the community features (6% of the 2026 listings
/// of cs.CL, cs.CV and cs.AI): where a record with no papers stands.
pub const USUAL_RATE: f32 = 0.06;
/// How many papers at the usual rate every record is smoothed with.
pub const PSEUDO_PAPERS: f32 = 5.0;

/// Featured and known papers of one name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub featured: u32,
    pub papers: u32,
}

impl std::ops::Add for Counts {
    type Output = Counts;

    fn add(self, other: Counts) -> Counts {
        Counts {
            featured: self.featured.saturating_add(other.featured),
            papers: self.papers.saturating_add(other.papers),
        }
    }
}

impl Counts {
    /// How much more likely than usual, in log-odds, a paper by this name is to be
    /// featured: 0 for a name never seen.
    pub fn log_odds(self) -> f32 {
        let featured = self.featured as f32;
        let papers = (self.papers.max(self.featured)) as f32;
        let smoothed = (featured + PSEUDO_PAPERS * USUAL_RATE)
            / (papers - featured + PSEUDO_PAPERS * (1.0 - USUAL_RATE));
        smoothed.ln() - (USUAL_RATE / (1.0 - USUAL_RATE)).ln()
    }
}

/// The key a name's record is kept under: the stable hash of its words (runs of
/// letters and digits) lower-cased, without accents, joined by single spaces, so
/// "Zoë O'Brien" and "zoe o brien" meet. This runs for every author of every
/// paper stored: ASCII names are hashed byte by byte, without a copy.
pub fn name_key(name: &str) -> u64 {
    let mut hash = Fnv::default();
    let mut words = Words::default();
    if name.is_ascii() {
        for &byte in name.as_bytes() {
            match byte.is_ascii_alphanumeric() {
                true => words.letter(&mut hash, &[byte.to_ascii_lowercase()]),
                false => words.gap(),
            }
        }
    } else {
        let mut buffer = [0u8; 4];
        let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize_iter(name.chars());
        for c in decomposed.filter(|c| !COMBINING_MARKS.contains(c)) {
            match c.is_alphanumeric() {
                true => c
                    .to_lowercase()
                    .for_each(|l| words.letter(&mut hash, l.encode_utf8(&mut buffer).as_bytes())),
                false => words.gap(),
            }
        }
    }
    hash.0
}

/// Where [`name_key`] is between words: a letter after a gap starts a new word,
/// which a space separates from the last.
#[derive(Default)]
struct Words {
    started: bool,
    in_gap: bool,
}

impl Words {
    fn letter(&mut self, hash: &mut Fnv, bytes: &[u8]) {
        if self.in_gap && self.started {
            hash.write(b" ");
        }
        (self.started, self.in_gap) = (true, false);
        hash.write(bytes);
    }

    fn gap(&mut self) {
        self.in_gap = true;
    }
}

/// The distinct keys of some names, in order of first appearance.
pub fn distinct_keys<'a>(names: &'a [&'a str]) -> impl Iterator<Item = u64> + 'a {
    let mut seen: Vec<u64> = Vec::with_capacity(names.len());
    names.iter().filter_map(move |name| {
        let key = name_key(name);
        (!seen.contains(&key)).then(|| {
            seen.push(key);
            key
        })
    })
}

/// The accents that decomposition splits off Latin letters.
const COMBINING_MARKS: std::ops::RangeInclusive<char> = '\u{300}'..='\u{36f}';

/// A paper's record as the prior's two features: its best author's log-odds and
/// the mean over its authors. Each name counts once.
pub fn record_features(records: impl IntoIterator<Item = Counts>) -> [f32; 2] {
    let (mut best, mut sum, mut n) = (f32::NEG_INFINITY, 0.0f32, 0u32);
    for counts in records {
        let odds = counts.log_odds();
        best = best.max(odds);
        sum += odds;
        n += 1;
    }
    match n {
        0 => [0.0, 0.0],
        _ => [best, sum / n as f32],
    }
}

/// What the features are called in `explain`.
pub const RECORD_NAMES: [&str; 2] = ["authors' record (best author)", "authors' record (mean)"];

/// The record of many names, sorted by key, for lookups by binary search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthorRecord {
    keys: Vec<u64>,
    counts: Vec<Counts>,
    /// Hashes of the arXiv ids counted as known papers, and of those counted as
    /// featured, sorted: a paper's own record leaves itself out.
    counted_papers: Vec<u64>,
    counted_featured: Vec<u64>,
}

impl AuthorRecord {
    /// A record from (name key, counts) pairs and the ids it counted.
    pub fn new(mut names: Vec<(u64, Counts)>, mut papers: Vec<u64>, mut featured: Vec<u64>) -> AuthorRecord {
        names.sort_unstable_by_key(|(key, _)| *key);
        names.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = kept.1 + later.1;
            }
            same
        });
        for ids in [&mut papers, &mut featured] {
            ids.sort_unstable();
            ids.dedup();
        }
        let (keys, counts) = names.into_iter().unzip();
        AuthorRecord { keys, counts, counted_papers: papers, counted_featured: featured }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The counts of the name with this key (zero when unknown).
    pub fn counts(&self, key: u64) -> Counts {
        find_hashed(&self.keys, key).map_or(Counts::default(), |at| self.counts[at])
    }

    /// What the record counted of paper `id`: (as a known paper, as featured).
    pub fn counted(&self, id: &str) -> (bool, bool) {
        let hash = id_hash(id);
        (
            find_hashed(&self.counted_papers, hash).is_some(),
            find_hashed(&self.counted_featured, hash).is_some(),
        )
    }

    /// The counts of a name for a paper by it, without that paper itself.
    pub fn counts_for(&self, key: u64, counted: (bool, bool)) -> Counts {
        let counts = self.counts(key);
        Counts {
            featured: counts.featured.saturating_sub(u32::from(counted.1)),
            papers: counts.papers.saturating_sub(u32::from(counted.0)),
        }
    }

    /// The parts a file stores.
    pub(super) fn parts(&self) -> (&[u64], &[Counts], &[u64], &[u64]) {
        (&self.keys, &self.counts, &self.counted_papers, &self.counted_featured)
    }
}

/// Where `key` is in `sorted`, a sorted list of hashes. Hashes are spread evenly,
/// so a key's place is guessed from its value and the search looks only around
/// the guess: a couple of cache lines instead of a binary search's dozen or more
/// jumps across the table (this runs for every author of every paper imported).
fn find_hashed(sorted: &[u64], key: u64) -> Option<usize> {
    if sorted.is_empty() {
        return None;
    }
    let guess = ((u128::from(key) * sorted.len() as u128) >> 64) as usize;
    let (mut low, mut high) = (guess, guess + 1);
    let mut step = 16;
    while low > 0 && sorted[low] > key {
        low = low.saturating_sub(step);
        step *= 2;
    }
    step = 16;
    while high < sorted.len() && sorted[high - 1] < key {
        high = (high + step).min(sorted.len());
        step *= 2;
    }
    sorted[low..high].binary_search(&key).ok().map(|at| low + at)
}

/// The hash an id is counted under.
pub fn id_hash(id: &str) -> u64 {
    stable_hash(id.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_moves_with_its_evidence() {
        let unknown = Counts::default().log_odds();
        assert!(unknown.abs() < 1e-6, "a name never seen stands at the usual rate");
        let one_of_one = Counts { featured: 1, papers: 1 }.log_odds();
        let ten_of_ten = Counts { featured: 10, papers: 10 }.log_odds();
        assert!(one_of_one > 0.5 && ten_of_ten > one_of_one + 1.0, "{one_of_one} {ten_of_ten}");
        let common = Counts { featured: 9, papers: 150 }.log_odds();
        assert!(common.abs() < 0.3, "a common name at the usual rate stays near 0: {common}");
        let never = Counts { featured: 0, papers: 40 }.log_odds();
        assert!(never < -1.0, "many papers, none featured: {never}");
        assert_eq!(
            Counts { featured: 3, papers: 1 }.log_odds(),
            Counts { featured: 3, papers: 3 }.log_odds()
        );
    }

    #[test]
    fn names_are_folded_and_looked_up_with_their_own_paper_left_out() {
        assert_eq!(name_key("Zoë O'Brien"), name_key("zoe  o brien"));
        assert_eq!(name_key("Zoë O'Brien"), stable_hash(b"zoe o brien"), "the hash of the folded words");
        assert_eq!(name_key("  James  Smith-Jones "), stable_hash(b"james smith jones"));
        assert_eq!(
            name_key("Łukasz Kaiser"),
            stable_hash("łukasz kaiser".as_bytes()),
            "letters that do not decompose stay"
        );
        let keys: Vec<u64> = distinct_keys(&["Ann Lee", "ann lee", "Bo Li"]).collect();
        assert_eq!(keys, [name_key("Ann Lee"), name_key("Bo Li")]);
        assert_ne!(name_key("Wei Wang"), name_key("Wei Wan"));
        let record = AuthorRecord::new(
            vec![
                (name_key("A B"), Counts { featured: 2, papers: 3 }),
                (name_key("a b"), Counts { featured: 1, papers: 1 }),
            ],
            vec![id_hash("2401.00001")],
            vec![id_hash("2401.00001")],
        );
        assert_eq!(record.len(), 1, "one name, counted together");
        assert_eq!(record.counts(name_key("A. B.")), Counts { featured: 3, papers: 4 });
        assert_eq!(record.counts(name_key("Nobody")), Counts::default());
        let own = record.counted("2401.00001");
        assert_eq!(own, (true, true));
        assert_eq!(record.counts_for(name_key("A B"), own), Counts { featured: 2, papers: 3 });
        assert_eq!(record.counted("2401.00002"), (false, false));
    }

    #[test]
    fn hashed_keys_are_found_wherever_they_sit() {
        let mut keys: Vec<u64> = (0..5_000u64).map(|i| stable_hash(&i.to_le_bytes())).collect();
        keys.extend([0, 1, u64::MAX - 1, u64::MAX]);
        keys.sort_unstable();
        for (at, &key) in keys.iter().enumerate() {
            assert_eq!(find_hashed(&keys, key), Some(at));
        }
        assert_eq!(find_hashed(&keys, 12_345), None);
        assert_eq!(find_hashed(&[], 7), None);
        assert_eq!(find_hashed(&[7], 7), Some(0));
    }

    #[test]
    fn a_paper_takes_its_best_author_and_the_mean() {
        let strong = Counts { featured: 5, papers: 6 };
        let [best, mean] = record_features([strong, Counts::default()]);
        assert_eq!(best, strong.log_odds());
        assert!((mean - strong.log_odds() / 2.0).abs() < 1e-6);
        assert_eq!(record_features([]), [0.0, 0.0]);
    }
}
