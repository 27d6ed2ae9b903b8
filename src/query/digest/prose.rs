//! Turning an abstract (made readable by [`crate::tex`]) into prose for digest
//! entries: sentences, short paragraphs, and a short summary of its most
//! informative sentences.

use crate::classify::text::for_each_word;

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "fig", "figs", "eq", "eqs", "sec", "secs", "tab", "vs", "cf", "etc", "approx", "resp",
    "no", "dr", "mr", "ms", "prof", "al", "ref", "refs", "ch", "app", "def", "thm", "lem", "vol", "pp", "st",
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

/// The abstract's [`sentences`] as short paragraphs: grouped while a paragraph
/// stays under about `target` characters. With `limit`, only the first `limit`
/// sentences, as one paragraph.
pub fn paragraphs(all: &[String], target: usize, limit: Option<usize>) -> Vec<String> {
    if let Some(limit) = limit {
        let first = &all[..limit.min(all.len())];
        return match first.is_empty() {
            true => Vec::new(),
            false => vec![first.join(" ")],
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
        current.push_str(sentence);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// The sentence score's weights, fitted by least squares to how much of Hugging
/// Face's one-line summary (`ai_summary`) each abstract sentence covers, on the
/// 1,664 papers featured from 2025-12-22 to 2026-04-30; measured on the later
/// ones by `examples/short_summaries.rs`.
const BIAS: f64 = 0.032;
/// Times the sentence's place, from 0 (first) to 1 (last).
const POSITION: f64 = -0.051;
/// For "we propose", "this paper", "our method" and the like.
const CONTRIBUTION: f64 = 0.05;
/// For "despite", "however", "existing", "has been" and the like.
const BACKGROUND: f64 = -0.021;
/// Times the share of the title's words the sentence has.
const TITLE: f64 = 0.274;
/// Times the sentence's length over [`SHORT_BUDGET`] (at most 1).
const LENGTH: f64 = 0.26;

/// A short summary stops adding sentences at about this many characters...
const SHORT_BUDGET: usize = 400;
/// ...and has enough with two sentences past this many...
const SHORT_ENOUGH: usize = 240;
/// ...and never has more than three.
const SHORT_MOST: usize = 3;

/// Whether two words in a row (normalised) say what the paper does: "we
/// propose", "this paper", "here we", "our method"…
fn states_contribution(previous: &str, word: &str) -> bool {
    match previous {
        "we" => matches!(
            word,
            "propose"
                | "present"
                | "introduce"
                | "develop"
                | "design"
                | "build"
                | "release"
                | "construct"
                | "curate"
                | "formulate"
                | "establish"
        ),
        "thi" => matches!(word, "paper" | "work"),
        "here" => word == "we",
        "our" => matches!(word, "method" | "approach" | "framework" | "model" | "benchmark"),
        _ => false,
    }
}

/// Whether a word (normalised, with the one before) sets the scene rather than
/// says what is new: "despite", "however", "existing", "has been"…
fn sets_the_scene(previous: &str, word: &str) -> bool {
    matches!(
        word,
        "despite"
            | "however"
            | "although"
            | "recent"
            | "recently"
            | "remain"
            | "existing"
            | "typically"
            | "often"
            | "increasingly"
            | "limited"
            | "struggle"
    ) || word.starts_with("challeng")
        || (word == "been" && matches!(previous, "ha" | "have"))
}

/// Words too common to tell a title's subject.
const STOP_WORDS: &[&str] = &[
    "the", "and", "for", "with", "from", "thi", "that", "these", "those", "are", "wa", "were", "been",
    "being", "its", "our", "their", "which", "who", "what", "when", "where", "how", "than", "then", "such",
    "can", "could", "may", "might", "will", "would", "should", "doe", "did", "not", "also", "both", "each",
    "into", "over", "under", "via", "using", "based", "new", "more", "most", "very", "other", "while",
    "between", "across", "about", "among", "through", "toward", "towards", "ha", "have",
];

/// The abstract's two or three most informative sentences, in their order, as one
/// paragraph: sentences are scored by how many of the title's words they carry,
/// whether they state the contribution or only set the scene, their place and
/// their length (see the weights above), and the best are taken while they fit
/// about [`SHORT_BUDGET`] characters.
pub fn short_summary(title: &str, all: &[String]) -> String {
    let title_words = content_words(title);
    let last = all.len().saturating_sub(1).max(1) as f64;
    let mut scored: Vec<(usize, f64)> = all
        .iter()
        .enumerate()
        .map(|(i, sentence)| (i, sentence_score(sentence, &title_words, i as f64 / last)))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut chosen: Vec<usize> = Vec::new();
    let mut length = 0;
    for (i, _) in scored {
        let more = all[i].len();
        if !chosen.is_empty() && length + more > SHORT_BUDGET {
            continue;
        }
        chosen.push(i);
        length += more;
        if chosen.len() == SHORT_MOST || (chosen.len() >= 2 && length > SHORT_ENOUGH) {
            break;
        }
    }
    chosen.sort_unstable();
    chosen.iter().map(|&i| all[i].as_str()).collect::<Vec<_>>().join(" ")
}

fn sentence_score(sentence: &str, title_words: &[String], place: f64) -> f64 {
    // One pass over the words, with only the word before kept: this runs for
    // every paper of an `export --all`.
    let (mut contribution, mut background) = (false, false);
    let mut in_title = 0u64;
    let mut previous = String::new();
    for_each_word(sentence, |word| {
        contribution = contribution || states_contribution(&previous, word);
        background = background || sets_the_scene(&previous, word);
        if let Some(at) = title_words.iter().position(|t| t == word) {
            in_title |= 1 << at;
        }
        previous.clear();
        previous.push_str(word);
    });
    let shared = match title_words.is_empty() {
        true => 0.0,
        false => f64::from(in_title.count_ones()) / title_words.len() as f64,
    };
    let length = sentence.len().min(SHORT_BUDGET) as f64 / SHORT_BUDGET as f64;
    BIAS + POSITION * place
        + CONTRIBUTION * f64::from(u8::from(contribution))
        + BACKGROUND * f64::from(u8::from(background))
        + TITLE * shared
        + LENGTH * length
}

/// The words of `text` that can tell its subject: normalised, longer than two
/// letters, not stop words, each once (at most 64: a title has far fewer).
fn content_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for_each_word(text, |w| {
        if w.len() > 2
            && !STOP_WORDS.contains(&w)
            && words.len() < 64
            && !words.iter().any(|known| known == w)
        {
            words.push(w.to_string());
        }
    });
    words
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
        assert_eq!(
            paragraphs(&sentences(text), 30, None),
            ["One is here. Two is here.", "Three is here. Four is here."]
        );
        assert_eq!(paragraphs(&sentences(text), 30, Some(1)), ["One is here."]);
        assert_eq!(
            paragraphs(&sentences(text), 30, Some(9)),
            ["One is here. Two is here. Three is here. Four is here."]
        );
    }

    #[test]
    fn a_short_summary_keeps_the_sentences_on_the_subject_in_their_order() {
        let title = "SparseKV: Sparse Key-Value Caches for Long-Context Inference";
        let text = "Large language models are increasingly used with long contexts. \
                    However, existing caches remain a bottleneck and have been studied widely. \
                    We propose SparseKV, a sparse key-value cache for long-context inference that keeps only the \
                    entries attention needs. \
                    The method is simple. \
                    On LongBench, SparseKV cuts cache memory by 8x with a loss of under one point. \
                    Code is released.";
        assert_eq!(
            short_summary(title, &sentences(text)),
            "Large language models are increasingly used with long contexts. We propose SparseKV, a sparse key-value cache for long-context inference that keeps only the \
             entries attention needs. On LongBench, SparseKV cuts cache memory by 8x with a loss of under one point."
        );
        assert_eq!(short_summary("T", &sentences("Only one sentence here")), "Only one sentence here");
        assert_eq!(short_summary("Title", &[]), "");
    }
}
