//! Text normalisation shared by taxonomy phrases and paper text, so both sides
//! meet in the same form: lower case, TeX commands dropped, words split at anything
//! that is not a letter or digit (so hyphens and spacing do not matter), and a
//! final "s" removed as a cheap plural stemmer ("caches" and "cache" meet; "loss"
//! keeps its "ss").

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

use super::packed_map::PackedMap;

/// Words too long to pack are rare; the words are ours, so a fast
/// non-cryptographic hash is safe.
type FastHash = BuildHasherDefault<FxHasher>;

/// Byte classes for [`for_each_word`], looked up instead of tested one by one.
/// Bits, so that scanning a word ORs them together and tests one mask per byte.
const SEPARATOR: u8 = 0;
/// A lower-case ASCII letter or a digit.
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const BACKSLASH: u8 = 4;
const NON_ASCII: u8 = 8;
/// The bytes a word is scanned over on its fast path.
const ASCII_WORD: u8 = LOWER | UPPER;

const CLASSES: [u8; 256] = {
    let mut table = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_lowercase() || byte.is_ascii_digit() {
            LOWER
        } else if byte.is_ascii_uppercase() {
            UPPER
        } else if byte == b'\\' {
            BACKSLASH
        } else if !byte.is_ascii() {
            NON_ASCII
        } else {
            SEPARATOR
        };
        b += 1;
    }
    table
};

fn class(bytes: &[u8], at: usize) -> u8 {
    bytes.get(at).map_or(SEPARATOR, |&b| CLASSES[usize::from(b)])
}

/// Calls `word` with each normalised word of `text`, in order.
pub fn for_each_word(text: &str, mut word: impl FnMut(&str)) {
    // Bytes, with a fast path: this runs over every title and abstract, and most
    // words are lower-case ASCII already, so they are passed as slices of `text`.
    // Only words with capitals or non-ASCII letters are copied, lower-cased.
    // `word` is called from one place, so that it is inlined here.
    let bytes = text.as_bytes();
    let mut folded = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let first = class(bytes, i);
        if first == BACKSLASH {
            i = after_command(bytes, i + 1);
            continue;
        }
        if first == SEPARATOR {
            i += 1;
            continue;
        }
        let (end, seen) = scan_ascii_word(bytes, i);
        i = end;
        let found: &str = if class(bytes, i) == NON_ASCII {
            // A non-ASCII character inside or at the start of the word: the slow path.
            i = fold_with_non_ascii(text, start, i, &mut folded);
            if folded.is_empty() {
                continue;
            }
            stem_in_place(&mut folded);
            &folded
        } else if seen & UPPER == 0 {
            let plain_word = &text[start..i];
            match stem(plain_word) {
                Stem::Ies(stem) => {
                    folded.clear();
                    folded.push_str(stem);
                    folded.push('y');
                    &folded
                }
                Stem::Cut(len) => &plain_word[..len],
            }
        } else {
            folded.clear();
            folded.push_str(&text[start..i]);
            folded.make_ascii_lowercase();
            stem_in_place(&mut folded);
            &folded
        };
        word(found);
    }
}

/// Where the run of ASCII letters and digits from `start` ends, and the classes
/// seen in it (whether it has capitals).
fn scan_ascii_word(bytes: &[u8], start: usize) -> (usize, u8) {
    let mut seen = 0;
    let mut end = start;
    for &b in &bytes[start..] {
        let class = CLASSES[usize::from(b)];
        if class & ASCII_WORD == 0 {
            break;
        }
        seen |= class;
        end += 1;
    }
    (end, seen)
}

/// A TeX command name (\textit, \alpha) is dropped, keeping what follows: where
/// its letters from `start` end.
fn after_command(bytes: &[u8], start: usize) -> usize {
    start + bytes[start..].iter().take_while(|b| b.is_ascii_alphabetic()).count()
}

/// Puts into `folded` the word at `start`, lower-cased, whose ASCII part ends at
/// the non-ASCII character at `at`, and returns where it ends. `folded` is left
/// empty when that character is no letter (a dash, a symbol), which is skipped.
fn fold_with_non_ascii(text: &str, start: usize, at: usize, folded: &mut String) -> usize {
    folded.clear();
    folded.push_str(&text[start..at].to_ascii_lowercase());
    let mut end = at;
    for c in text[at..].chars() {
        if !c.is_alphanumeric() {
            break;
        }
        folded.extend(c.to_lowercase());
        end += c.len_utf8();
    }
    if folded.is_empty() {
        end += text[end..].chars().next().map_or(1, char::len_utf8);
    }
    end
}

/// Drops a plural ending from words longer than three letters: "-ies" becomes "-y"
/// ("abilities", "ability"), and a final "s" goes unless it follows another "s"
/// ("loss"). Bytes, not characters: this runs on every word of every paper.
enum Stem<'a> {
    /// The word without its "ies", to be followed by "y".
    Ies(&'a str),
    /// The word's first this many bytes.
    Cut(usize),
}

fn stem(word: &str) -> Stem<'_> {
    let bytes = word.as_bytes();
    let n = bytes.len();
    // A slice pattern, not `ends_with`, which calls `memcmp` for three bytes.
    if n > 4 && matches!(bytes, [.., b'i', b'e', b's']) {
        // Cut before ASCII letters: a character boundary.
        return Stem::Ies(&word[..n - 3]);
    }
    if n > 3 && bytes[n - 1] == b's' && bytes[n - 2] != b's' { Stem::Cut(n - 1) } else { Stem::Cut(n) }
}

fn stem_in_place(word: &mut String) {
    match stem(word) {
        Stem::Ies(stem) => {
            let len = stem.len();
            word.truncate(len);
            word.push('y');
        }
        Stem::Cut(len) => word.truncate(len),
    }
}

/// The normalised words of `text`, joined by single spaces (for checks and display).
pub fn normalise(text: &str) -> String {
    let mut words = Vec::new();
    for_each_word(text, |w| words.push(w.to_string()));
    words.join(" ")
}

/// Normalised words to values, made for the classifier's hot loop, where every
/// word of a paper is looked up. Words of up to three letters or digits ("a", "of",
/// "the": half of all words) are indexed directly. Other words of up to 16 bytes
/// (nearly all the rest) are keyed by their bytes packed into one integer, so that a
/// lookup multiplies one machine word and compares one key, with no string comparison.
/// Longer words are keyed by text.
#[derive(Debug, Clone)]
pub struct WordTable<V> {
    /// What a word not in the table gets.
    absent: V,
    short: Vec<V>,
    packed: PackedMap<u128, V>,
    long: HashMap<String, V, FastHash>,
    len: usize,
}

impl<V: Copy + PartialEq + Default> WordTable<V> {
    /// An empty table whose lookups give `absent`.
    pub fn new(absent: V) -> WordTable<V> {
        let short = vec![absent; SHORT_SLOTS];
        WordTable { absent, short, packed: PackedMap::default(), long: HashMap::default(), len: 0 }
    }

    /// How many words it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value of `word`, or the table's `absent` value.
    pub fn get(&self, word: &str) -> V {
        if let Some(slot) = short_slot(word) {
            return self.short[slot];
        }
        match pack(word) {
            Some(key) => self.packed.get(key),
            None => self.long.get(word).copied(),
        }
        .unwrap_or(self.absent)
    }

    /// The value of `word`, set to `value()` if it had none.
    pub fn entry(&mut self, word: &str, value: impl FnOnce() -> V) -> &mut V {
        let len = &mut self.len;
        let inserted = || {
            *len += 1;
            value()
        };
        if let Some(slot) = short_slot(word) {
            let entry = &mut self.short[slot];
            if *entry == self.absent {
                *entry = inserted();
            }
            return entry;
        }
        match pack(word) {
            Some(key) => self.packed.entry(key, inserted),
            None => self.long.entry(word.to_string()).or_insert_with(inserted),
        }
    }

    /// Every word with its value, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (String, V)> + '_ {
        let short = (0..SHORT_SLOTS).filter(|&slot| self.short[slot] != self.absent);
        let short = short.map(|slot| (short_word(slot), self.short[slot]));
        let packed = self.packed.iter().map(|(key, value)| (unpack(key), value));
        short.chain(packed).chain(self.long.iter().map(|(word, value)| (word.clone(), *value)))
    }
}

/// Letters, digits and "no character": the alphabet of [`short_slot`].
const SHORT_ALPHABET: &[u8; 37] = b"_abcdefghijklmnopqrstuvwxyz0123456789";
const SHORT_BASE: usize = SHORT_ALPHABET.len();
const SHORT_SLOTS: usize = SHORT_BASE * SHORT_BASE * SHORT_BASE;

/// The direct-lookup slot of a word of one to three lower-case letters or digits.
fn short_slot(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > 3 {
        return None;
    }
    let mut slot = 0;
    for i in 0..3 {
        let digit = match bytes.get(i) {
            None => 0,
            Some(b @ b'a'..=b'z') => usize::from(b - b'a') + 1,
            Some(b @ b'0'..=b'9') => usize::from(b - b'0') + 27,
            Some(_) => return None,
        };
        slot = slot * SHORT_BASE + digit;
    }
    Some(slot)
}

fn short_word(slot: usize) -> String {
    let digits = [slot / (SHORT_BASE * SHORT_BASE), slot / SHORT_BASE % SHORT_BASE, slot % SHORT_BASE];
    digits.iter().filter(|&&d| d > 0).map(|&d| char::from(SHORT_ALPHABET[d])).collect()
}

/// A word of up to 16 bytes as one integer: its bytes, little-endian, padded with
/// zeros. No word holds a zero byte, so two words never share a key.
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    match bytes.len() {
        0..=8 => Some(u128::from(load(bytes))),
        9..=16 => {
            let (low, high) = bytes.split_at(8);
            Some(u128::from(load(low)) | (u128::from(load(high)) << 64))
        }
        _ => None,
    }
}

/// Up to 8 bytes as a little-endian integer padded with zeros, read as two
/// overlapping loads rather than byte by byte or through `memcpy`: this runs for
/// every word of every paper. Where the loads overlap they hold the same bytes.
fn load(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    // The slices have a known length, so the conversions cannot fail.
    let u32_at = |at: usize| u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or_default()));
    match n {
        0 => 0,
        1..=3 => {
            let byte = |at: usize| u64::from(bytes[at]) << (8 * at);
            byte(0) | byte(n / 2) | byte(n - 1)
        }
        4..=7 => u32_at(0) | (u32_at(n - 4) << (8 * (n - 4))),
        _ => u64::from_le_bytes(bytes[..8].try_into().unwrap_or_default()),
    }
}

fn unpack(key: u128) -> String {
    let bytes = key.to_le_bytes();
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..len]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_hyphens_plurals_and_tex_normalise_away() {
        assert_eq!(normalise("KV-Caches for LLMs"), "kv cache for llm");
        assert_eq!(normalise("Fine-tuning  with\nLoRA adapters"), "fine tuning with lora adapter");
        assert_eq!(
            normalise("$\\alpha$-entmax and \\textit{Sparse} attention"),
            "entmax and sparse attention"
        );
        assert_eq!(normalise("loss of class bias"), "loss of class bia");
        assert_eq!(normalise("emergent abilities of studies"), "emergent ability of study");
        assert_eq!(normalise("GSM8K, W4A16 and 3D"), "gsm8k w4a16 and 3d");
        assert_eq!(normalise("Zoë's naïve café"), "zoë s naïve café");
    }

    #[test]
    fn a_word_table_tells_short_and_long_words_apart() {
        let mut table = WordTable::new(usize::MAX);
        let words = ["a", "ab", "9b", "abcdefghijklmnop", "abcdefghijklmnopq", "café", "interpretability"];
        for (id, word) in words.iter().enumerate() {
            *table.entry(word, || 0) = id;
        }
        for (id, word) in words.iter().enumerate() {
            assert_eq!(table.get(word), id, "{word}");
        }
        for absent in ["abc", "b", "abcdefghijklmno", "cafés", ""] {
            assert_eq!(table.get(absent), usize::MAX, "{absent}");
        }
        let mut back: Vec<(String, usize)> = table.iter().collect();
        back.sort_by_key(|(_, id)| *id);
        assert_eq!(back.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>(), words);
    }
}
