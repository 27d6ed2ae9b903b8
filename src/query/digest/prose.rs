//! Turning an abstract (made readable by [`crate::tex`]) into prose for digest
//! entries: sentences and short paragraphs.

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "et al", "fig", "figs", "eq", "eqs", "sec", "secs", "tab", "vs", "cf", "etc", "approx",
    "resp", "no", "dr", "mr", "ms", "prof", "al", "ref", "refs", "ch", "app", "def", "thm", "lem", "vol",
    "pp", "st",
];

/// Splits text into sentences at `.`, `!` or `?` followed by a space and a capital,
/// digit, `$`, quote or bracket; never after an abbreviation ("e.g.", "et al.",
/// "Fig."), inside a decimal ("3.5x") or a version ("GPT-4.0").
pub fn sentences(text: &str) -> Vec<String> {
    let mut result = Vec::new();
    let mut start = 0;
    // Jump from one ".", "!" or "?" to the next; they are ASCII, so every index
    // found is a char boundary.
    for i in memchr::memchr3_iter(b'.', b'!', b'?', text.as_bytes()) {
        if i < start || !text[i + 1..].starts_with(char::is_whitespace) {
            continue;
        }
        let after = text[i + 1..].trim_start().chars().next();
        let starts_sentence = after.is_some_and(|a| {
            a.is_uppercase() || a.is_ascii_digit() || matches!(a, '$' | '"' | '(' | '[' | '\\')
        });
        if starts_sentence && !(text.as_bytes()[i] == b'.' && ends_with_abbreviation(&text[start..i])) {
            let sentence = text[start..=i].trim();
            if !sentence.is_empty() {
                result.push(sentence.to_string());
            }
            start = i + 1;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        result.push(rest.to_string());
    }
    result
}

/// Whether `before` (text up to a full stop) ends in an abbreviation or an initial.
fn ends_with_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or_default();
    // A single capital letter ("A. Author") is an initial.
    let mut letters = word.chars();
    if let (Some(first), None) = (letters.next(), letters.next()) {
        return first.is_uppercase();
    }
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// The abstract as short paragraphs: sentences grouped while a paragraph stays
/// under about `target` characters. With `limit`, only the first `limit` sentences.
pub fn paragraphs(text: &str, target: usize, limit: Option<usize>) -> Vec<String> {
    let mut all = sentences(text);
    if let Some(limit) = limit {
        all.truncate(limit);
        return match all.is_empty() {
            true => Vec::new(),
            false => vec![all.join(" ")],
        };
    }
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for sentence in all {
        if !current.is_empty() && current.len() + 1 + sentence.len() > target {
            paragraphs.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&sentence);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_do_not_break_on_abbreviations_decimals_or_versions() {
        let text = "We compress it 4.5x, e.g. on LongBench, as in Smith et al. (2023) and Fig. 2 shows. \
                    GPT-4.0 and Llama 3.1 improve by 3.5 points! Does it hold? Yes. A. Author agrees.";
        assert_eq!(
            sentences(text),
            [
                "We compress it 4.5x, e.g. on LongBench, as in Smith et al. (2023) and Fig. 2 shows.",
                "GPT-4.0 and Llama 3.1 improve by 3.5 points!",
                "Does it hold?",
                "Yes.",
                "A. Author agrees.",
            ]
        );
        assert_eq!(sentences("no final stop"), ["no final stop"]);
        assert!(sentences("  ").is_empty());
    }

    #[test]
    fn paragraphs_group_sentences_and_the_limit_keeps_the_first() {
        let text = "One is here. Two is here. Three is here. Four is here.";
        assert_eq!(paragraphs(text, 30, None), ["One is here. Two is here.", "Three is here. Four is here."]);
        assert_eq!(paragraphs(text, 30, Some(1)), ["One is here."]);
        assert_eq!(paragraphs(text, 30, Some(9)), ["One is here. Two is here. Three is here. Four is here."]);
    }
}
