//! Text normalisation shared by taxonomy phrases and paper text, so both sides
//! meet in the same form: lower case, TeX commands dropped, words split at anything
//! that is not a letter or digit (so hyphens and spacing do not matter), and a
//! final "s" removed as a cheap plural stemmer ("caches" and "cache" meet; "loss"
//! keeps its "ss").

/// Calls `word` with each normalised word of `text`, in order.
pub fn for_each_word(text: &str, mut word: impl FnMut(&str)) {
    let lower = text.to_lowercase();
    let mut chars = lower.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c == '\\' {
            // A TeX command name (\textit, \alpha): drop it, keep what follows.
            while chars.peek().is_some_and(|(_, c)| c.is_ascii_alphabetic()) {
                chars.next();
            }
            continue;
        }
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        word(stem(&lower[start..end]));
    }
}

/// Drops a plural "s" from words longer than three letters, except after "s".
pub fn stem(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if word.len() > 3 && !stem.ends_with('s') => stem,
        _ => word,
    }
}

/// The normalised words of `text`, joined by single spaces (for display).
pub fn normalise(text: &str) -> String {
    let mut words = Vec::new();
    for_each_word(text, |w| words.push(w.to_string()));
    words.join(" ")
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
        assert_eq!(normalise("GSM8K, W4A16 and 3D"), "gsm8k w4a16 and 3d");
        assert_eq!(normalise("Zoë's naïve café"), "zoë s naïve café");
    }
}
