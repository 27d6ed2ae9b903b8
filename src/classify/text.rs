//! Text normalisation shared by taxonomy phrases and paper text, so both sides
//! meet in the same form: lower case, TeX commands dropped, words split at anything
//! that is not a letter or digit (so hyphens and spacing do not matter), and a
//! final "s" removed as a cheap plural stemmer ("caches" and "cache" meet; "loss"
//! keeps its "ss").

/// Byte classes for [`for_each_word`], looked up instead of tested one by one.
const SEPARATOR: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const BACKSLASH: u8 = 3;
const NON_ASCII: u8 = 4;

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

/// Calls `word` with each normalised word of `text`, in order.
pub fn for_each_word(text: &str, mut word: impl FnMut(&str)) {
    // Bytes, with a fast path: this runs over every title and abstract, and most
    // words are lower-case ASCII already, so they are passed as slices of `text`.
    // Only words with capitals or non-ASCII letters are copied, lower-cased.
    let bytes = text.as_bytes();
    let mut folded = String::new();
    let mut i = 0;
    while i < bytes.len() {
        match CLASSES[usize::from(bytes[i])] {
            LOWER | UPPER | NON_ASCII => {
                let start = i;
                let mut plain = true;
                while i < bytes.len() {
                    match CLASSES[usize::from(bytes[i])] {
                        LOWER => {}
                        UPPER => plain = false,
                        _ => break,
                    }
                    i += 1;
                }
                if i < bytes.len() && CLASSES[usize::from(bytes[i])] == NON_ASCII {
                    // A non-ASCII character inside or at the start of the word: the slow path.
                    folded.clear();
                    folded.push_str(&text[start..i].to_ascii_lowercase());
                    for c in text[i..].chars() {
                        if !c.is_alphanumeric() {
                            break;
                        }
                        folded.extend(c.to_lowercase());
                        i += c.len_utf8();
                    }
                    if folded.is_empty() {
                        // A non-ASCII character that is no letter (a dash, a symbol).
                        i += text[i..].chars().next().map_or(1, char::len_utf8);
                    } else {
                        word(&stem(&folded));
                    }
                } else if plain {
                    word(&stem(&text[start..i]));
                } else {
                    folded.clear();
                    folded.push_str(&text[start..i]);
                    folded.make_ascii_lowercase();
                    word(&stem(&folded));
                }
            }
            BACKSLASH => {
                // A TeX command name (\textit, \alpha): drop it, keep what follows.
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
}

/// Drops a plural ending from words longer than three letters: "-ies" becomes "-y"
/// ("abilities", "ability"), and a final "s" goes unless it follows another "s"
/// ("loss"). The result borrows from `word` where it can.
pub fn stem(word: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if word.len() > 4
        && let Some(stem) = word.strip_suffix("ies")
    {
        return Cow::Owned(format!("{stem}y"));
    }
    match word.strip_suffix('s') {
        Some(stem) if word.len() > 3 && !stem.ends_with('s') => Cow::Borrowed(stem),
        _ => Cow::Borrowed(word),
    }
}

/// The normalised words of `text`, joined by single spaces (for checks and display).
pub fn normalise(text: &str) -> String {
    let mut words = Vec::new();
    for_each_word(text, |w| words.push(w.to_string()));
    words.join(" ")
}

/// Letters, digits and "no character": the alphabet of [`short_slot`].
const SHORT_BASE: usize = 37;
pub const SHORT_SLOTS: usize = SHORT_BASE * SHORT_BASE * SHORT_BASE;

/// The direct-lookup slot of a word of one to three lower-case letters or digits.
pub fn short_slot(word: &str) -> Option<usize> {
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
}
