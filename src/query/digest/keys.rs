//! Citation keys for the digest's papers: `lastname2024firstword`, unique within
//! the digest (a, b, c… on collisions), handed out in digest order.

use std::collections::{BTreeSet, HashMap};

/// Hands out keys, remembering those given.
#[derive(Debug, Default)]
pub struct BibKeys {
    used: BTreeSet<String>,
    /// For each base, the first suffix not yet known to be taken: every earlier
    /// one is, so a week of similar papers does not try them all again.
    next_suffix: HashMap<String, u32>,
}

impl BibKeys {
    /// The key for the next paper, from its authors, year and (cleaned) title.
    pub fn next(&mut self, authors: &[String], year: i32, title: &str) -> String {
        let ascii = |s: &str| -> String {
            s.chars().flat_map(fold_latin).filter(char::is_ascii_alphanumeric).collect::<String>()
        };
        let last = authors.first().and_then(|a| a.split_whitespace().last()).map(ascii).unwrap_or_default();
        let word = title
            .split_whitespace()
            .map(ascii)
            .find(|w| {
                w.len() > 3 && !matches!(w.as_str(), "with" | "from" | "that" | "this" | "towards" | "when")
            })
            .unwrap_or_default();
        let base = format!("{}{year}{word}", if last.is_empty() { "arxiv".to_string() } else { last });
        // The base itself, then a, b, … z, on through the Latin-1 letters to ÿ,
        // then ÿ2, ÿ3, ….
        let with_suffix = |suffix: u32| match u8::try_from(suffix) {
            Ok(byte) => format!("{base}{}", char::from(byte)),
            Err(_) => format!("{base}ÿ{}", suffix - 254),
        };
        let first = u32::from(b'a');
        // `None` is the base itself.
        let mut suffix = self.next_suffix.get(&base).copied();
        let key = loop {
            let key = suffix.map_or_else(|| base.clone(), with_suffix);
            if self.used.insert(key.clone()) {
                break key;
            }
            suffix = Some(suffix.map_or(first, |s| s + 1));
        };
        self.next_suffix.insert(base, suffix.map_or(first, |s| s + 1));
        key
    }
}

/// The plain letters of common accented Latin ones ("ñ" → "n"), so keys stay
/// readable; other characters pass through (and are then dropped from keys).
fn fold_latin(c: char) -> Vec<char> {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        'ß' => return vec!['s', 's'],
        _ => return c.to_lowercase().collect(),
    };
    vec![plain]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_readable_and_unique() {
        let mut keys = BibKeys::default();
        let authors = vec!["José Núñez".to_string()];
        assert_eq!(keys.next(&authors, 2024, "The KV Cache"), "nunez2024cache");
        assert_eq!(keys.next(&authors, 2024, "The KV Cache"), "nunez2024cachea");
        assert_eq!(keys.next(&[], 2023, "On a Thing with Attention"), "arxiv2023thing");
        let last: Vec<String> = (0..300).map(|_| keys.next(&authors, 2024, "The KV Cache")).collect();
        assert_eq!(last[157], "nunez2024cacheÿ", "one key per Latin-1 suffix up to ÿ");
        assert_eq!(last[158], "nunez2024cacheÿ2", "then numbered, never stuck");
        assert_eq!(last.iter().collect::<BTreeSet<_>>().len(), 300);
    }
}
