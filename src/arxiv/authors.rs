//! Splitting arXiv's free-text author strings into [`Author`]s: the `<authors>` of
//! OAI `arXivRaw` ("A. One (MIT), B. Two and C. Three") and the `<dc:creator>` of
//! the RSS feeds ("A. One, B. Two, C. Three").
//!
//! Authors are separated by commas, semicolons, colons ("BELLE Collaboration: A.
//! One") and the word "and", but only outside brackets: "(ETH Zurich, Switzerland)"
//! stays whole. Each parenthesised group after a name becomes one affiliation, kept
//! as typed; its commas are not split, because they separate parts of one address
//! ("ETH Zurich, Switzerland") as often as they separate institutions.
//!
//! Numbered affiliations ("A. One (1), B. Two (1 and 2) ((1) MIT, (2) ETH)") are
//! resolved through the legend group; a number the legend does not define is kept
//! as it is rather than dropped. A legend that no author refers to becomes the
//! affiliations of the author it follows.

use crate::model::{Author, collapse_whitespace};

/// Splits an author string into authors, in the order given. Never fails: text
/// that cannot be split sensibly comes back as fewer, longer names.
pub fn split_author_list(text: &str) -> Vec<Author> {
    let mut drafts: Vec<Draft> = Vec::new();
    for segment in split_top_level(text) {
        let draft = parse_segment(segment);
        // "John Smith, Jr." and a stray "(MIT)" after a comma belong to the author
        // before them; on their own they would be bogus authors.
        let belongs_to_previous = draft.name.is_empty() || is_name_suffix(&draft.name);
        match drafts.last_mut() {
            Some(previous) if belongs_to_previous => {
                if !draft.name.is_empty() {
                    previous.name.push(' ');
                    previous.name.push_str(&draft.name);
                }
                previous.groups.extend(draft.groups);
            }
            _ => drafts.push(draft),
        }
    }

    let legend: Vec<(String, String)> = drafts
        .iter()
        .flat_map(|d| &d.groups)
        .filter_map(|g| match g {
            Group::Legend(entries) => Some(entries),
            _ => None,
        })
        .flatten()
        .cloned()
        .collect();
    let uses_refs = drafts.iter().flat_map(|d| &d.groups).any(|g| matches!(g, Group::Refs(_)));

    drafts
        .into_iter()
        .filter(|d| !d.name.is_empty())
        .map(|draft| {
            let mut affiliations: Vec<String> = Vec::new();
            let mut add = |text: &str| {
                if !text.is_empty() && !affiliations.iter().any(|a| a == text) {
                    affiliations.push(text.to_string());
                }
            };
            for group in &draft.groups {
                match group {
                    Group::Text(text) => add(text),
                    Group::Refs(numbers) => {
                        for number in numbers {
                            match legend.iter().find(|(n, _)| n == number) {
                                Some((_, text)) => add(text),
                                None => add(number),
                            }
                        }
                    }
                    Group::Legend(entries) if !uses_refs => entries.iter().for_each(|(_, text)| add(text)),
                    Group::Legend(_) => {}
                }
            }
            Author { name: draft.name, affiliations }
        })
        .collect()
}

/// One author-to-be: the name outside brackets and the bracketed groups after it.
struct Draft {
    name: String,
    groups: Vec<Group>,
}

/// What a parenthesised group holds.
enum Group {
    /// Plain affiliation text: "(ETH Zurich, Switzerland)".
    Text(String),
    /// References into a legend: "(1)", "(1,2)", "(1 and 3)".
    Refs(Vec<String>),
    /// The legend itself, as (number, text): "((1) MIT, (2) ETH)".
    Legend(Vec<(String, String)>),
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Cuts the string at separators outside brackets. Every separator is ASCII, so
/// the cuts fall on char boundaries.
fn split_top_level(text: &str) -> Vec<&str> {
    // With unbalanced brackets, depth tracking would swallow every author after a
    // stray "(", so they are ignored altogether.
    let balanced = brackets_balance(text);
    let bytes = text.as_bytes();
    let mut segments = Vec::new();
    let (mut depth, mut start, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' if balanced => depth += 1,
            b')' | b']' | b'}' if balanced => depth = depth.saturating_sub(1),
            b',' | b';' | b':' if depth == 0 => {
                segments.push(&text[start..i]);
                start = i + 1;
            }
            b'a' if depth == 0 && is_and_at(text, i, start) => {
                segments.push(&text[start..i]);
                start = i + 3;
                i = start;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    segments.push(&text[start..]);
    segments
}

fn brackets_balance(text: &str) -> bool {
    let mut depth = 0usize;
    for b in text.bytes() {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
    }
    depth == 0
}

/// Whether the word "and" starts at `i`: followed by whitespace, and preceded by
/// whitespace or by nothing but whitespace since the last cut (", and").
fn is_and_at(text: &str, i: usize, segment_start: usize) -> bool {
    let bytes = text.as_bytes();
    bytes[i..].starts_with(b"and")
        && bytes.get(i + 3).copied().is_some_and(is_space)
        && (i == 0 || is_space(bytes[i - 1]) || text[segment_start..i].trim().is_empty())
}

/// Separates a name from the parenthesised groups in it.
fn parse_segment(segment: &str) -> Draft {
    let bytes = segment.as_bytes();
    let mut name = String::with_capacity(segment.len());
    let mut groups = Vec::new();
    let (mut depth, mut open_at, mut name_from) = (0usize, 0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' => {
                if depth == 0 {
                    name.push_str(&segment[name_from..i]);
                    name.push(' ');
                    open_at = i + 1;
                }
                depth += 1;
            }
            b')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    groups.extend(classify_group(&segment[open_at..i]));
                    name_from = i + 1;
                }
            }
            b')' => {
                // A stray closing bracket is dropped, not kept in the name.
                name.push_str(&segment[name_from..i]);
                name.push(' ');
                name_from = i + 1;
            }
            _ => {}
        }
    }
    if depth > 0 {
        groups.extend(classify_group(&segment[open_at..]));
    } else {
        name.push_str(&segment[name_from..]);
    }
    let mut name = collapse_whitespace(&name);
    strip_et_al(&mut name);
    Draft { name, groups }
}

/// "et al." is a placeholder for missing authors, not a name.
fn strip_et_al(name: &mut String) {
    for tail in ["et al.", "et al"] {
        if let Some(head) = name.strip_suffix(tail)
            && (head.is_empty() || head.ends_with(' '))
        {
            let keep = head.trim_end().len();
            name.truncate(keep);
            return;
        }
    }
}

fn is_name_suffix(name: &str) -> bool {
    ["Jr.", "Jr", "Sr.", "Sr"].iter().any(|s| name.eq_ignore_ascii_case(s))
        || ["II", "III", "IV"].contains(&name)
}

fn classify_group(content: &str) -> Option<Group> {
    if let Some(numbers) = parse_refs(content) {
        return Some(Group::Refs(numbers));
    }
    if let Some(entries) = parse_legend(content) {
        return Some(Group::Legend(entries));
    }
    let text = collapse_whitespace(content);
    (!text.is_empty()).then_some(Group::Text(text))
}

fn is_number(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
}

/// "1", "1,2", "1, 3", "1 and 2": nothing but numbers.
fn parse_refs(content: &str) -> Option<Vec<String>> {
    let tokens: Vec<&str> = content
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty() && *t != "and" && *t != "&")
        .collect();
    (!tokens.is_empty() && tokens.iter().all(|t| is_number(t)))
        .then(|| tokens.into_iter().map(str::to_string).collect())
}

/// "(1) MIT (2) ETH" or "(1) MIT, (2) ETH Zurich": a list that starts with a
/// numbered marker. Markers are "(digits)" outside any inner brackets.
fn parse_legend(content: &str) -> Option<Vec<(String, String)>> {
    let content = content.trim();
    let bytes = content.as_bytes();
    // (marker start, marker end, number)
    let mut markers: Vec<(usize, usize, &str)> = Vec::new();
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' if depth == 0 => {
                let digits = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
                if digits > 0 && bytes.get(i + 1 + digits) == Some(&b')') {
                    markers.push((i, i + 2 + digits, &content[i + 1..i + 1 + digits]));
                } else {
                    depth += 1;
                }
            }
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if markers.first().is_none_or(|m| m.0 != 0) {
        return None;
    }
    let entries = markers
        .iter()
        .enumerate()
        .filter_map(|(k, &(_, end, number))| {
            let until = markers.get(k + 1).map_or(content.len(), |next| next.0);
            let text = collapse_whitespace(content.get(end..until)?);
            let text = text.trim_end_matches([',', ';', ' ']).trim_start_matches([',', ';', ' ']);
            (!text.is_empty()).then(|| (number.to_string(), text.to_string()))
        })
        .collect();
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        split_author_list(text).into_iter().map(|a| a.name).collect()
    }

    fn author(name: &str, affiliations: &[&str]) -> Author {
        Author { name: name.to_string(), affiliations: affiliations.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn oai_style_lists_split_on_commas_and_the_last_and() {
        assert_eq!(
            names("Q. Hartwell, R. Ostrander and S. Vilnius"),
            ["Q. Hartwell", "R. Ostrander", "S. Vilnius"]
        );
        assert_eq!(names("Q. Hartwell and R. Ostrander"), ["Q. Hartwell", "R. Ostrander"]);
        assert_eq!(
            names("Q.R. Hartwell, S.T. Ostrander, and U.V. Vilnius"),
            ["Q.R. Hartwell", "S.T. Ostrander", "U.V. Vilnius"],
            "Oxford comma"
        );
        assert_eq!(names("Marta Quist"), ["Marta Quist"]);
    }

    #[test]
    fn rss_style_lists_and_odd_spacing() {
        assert_eq!(
            names("Ilse Marrow, Tobin Achebe,  Priya, Wen Lo"),
            ["Ilse Marrow", "Tobin Achebe", "Priya", "Wen Lo"],
            "a double space and a one-word name"
        );
        assert_eq!(
            names("  Ilse   Marrow,\n  Tobin\tAchebe and\n    Wen Lo\n"),
            ["Ilse Marrow", "Tobin Achebe", "Wen Lo"],
            "hard line wraps inside an arXivRaw string"
        );
        assert_eq!(names("Ilse Marrow ,Tobin Achebe"), ["Ilse Marrow", "Tobin Achebe"]);
    }

    #[test]
    fn and_inside_a_word_or_at_a_segment_start() {
        assert_eq!(
            names("Anand Rao, Sandy Andrews and Brandon Landau"),
            ["Anand Rao", "Sandy Andrews", "Brandon Landau"]
        );
        assert_eq!(names("Ada Byron,and Bo Chen"), ["Ada Byron", "Bo Chen"]);
        assert_eq!(names("Ada Byron\nand\nBo Chen"), ["Ada Byron", "Bo Chen"]);
    }

    #[test]
    fn affiliations_in_parentheses_do_not_split() {
        let authors =
            split_author_list("A. Quill (MIT and Harvard), B. Rook (ETH Zurich, Switzerland) and C. Sable");
        assert_eq!(
            authors,
            [
                author("A. Quill", &["MIT and Harvard"]),
                author("B. Rook", &["ETH Zurich, Switzerland"]),
                author("C. Sable", &[]),
            ]
        );
        let two_groups = split_author_list("D. Tern (Univ. of Nowhere) (Example Lab; Somewhere)");
        assert_eq!(two_groups, [author("D. Tern", &["Univ. of Nowhere", "Example Lab; Somewhere"])]);
        let nested = split_author_list("E. Vole (Dept. of Physics (Theory Group), Univ. X), F. Wren");
        assert_eq!(
            nested,
            [author("E. Vole", &["Dept. of Physics (Theory Group), Univ. X"]), author("F. Wren", &[])]
        );
        let wrapped = split_author_list("G. Yak (Institute\n  of Things,\n  Nowhere) and H. Zebu");
        assert_eq!(wrapped[0], author("G. Yak", &["Institute of Things, Nowhere"]));
    }

    #[test]
    fn numbered_affiliations_resolve_through_the_legend() {
        let authors = split_author_list("A. Quill (1), B. Rook (2) ((1) MIT (2) ETH Zurich)");
        assert_eq!(authors, [author("A. Quill", &["MIT"]), author("B. Rook", &["ETH Zurich"])]);

        let authors = split_author_list(
            "A. Quill (1,2), B. Rook (2 and 3), C. Sable (3) ((1) MIT, (2) ETH Zurich, Switzerland, (3) Lab (Annex))",
        );
        assert_eq!(
            authors,
            [
                author("A. Quill", &["MIT", "ETH Zurich, Switzerland"]),
                author("B. Rook", &["ETH Zurich, Switzerland", "Lab (Annex)"]),
                author("C. Sable", &["Lab (Annex)"]),
            ]
        );

        // The legend given as a segment of its own, after a comma.
        let authors = split_author_list("A. Quill (1), B. Rook (2), ((1) MIT; (2) ETH)");
        assert_eq!(authors, [author("A. Quill", &["MIT"]), author("B. Rook", &["ETH"])]);

        // Numbers the legend lacks are kept, not dropped.
        let authors = split_author_list("A. Quill (1), B. Rook (4) ((1) MIT)");
        assert_eq!(authors, [author("A. Quill", &["MIT"]), author("B. Rook", &["4"])]);
        let authors = split_author_list("A. Quill (1) and B. Rook (2)");
        assert_eq!(authors, [author("A. Quill", &["1"]), author("B. Rook", &["2"])]);

        // A legend nobody refers to is the affiliation list of its author.
        let authors = split_author_list("A. Quill ((1) MIT, (2) ETH)");
        assert_eq!(authors, [author("A. Quill", &["MIT", "ETH"])]);
    }

    #[test]
    fn name_suffixes_stay_with_their_author() {
        assert_eq!(names("John Smith, Jr. and Jane Roe"), ["John Smith Jr.", "Jane Roe"]);
        assert_eq!(names("Tom Jones, Sr., Ann Lee"), ["Tom Jones Sr.", "Ann Lee"]);
        assert_eq!(names("Henry Ford, III, and Ann Lee"), ["Henry Ford III", "Ann Lee"]);
        assert_eq!(names("Ann Lee, John Smith, JR"), ["Ann Lee", "John Smith JR"]);
        let with_affiliation = split_author_list("John Smith, Jr. (MIT), Ann Lee");
        assert_eq!(with_affiliation, [author("John Smith Jr.", &["MIT"]), author("Ann Lee", &[])]);
        assert_eq!(names("Jr."), ["Jr."], "with nobody before it, it stays");
    }

    #[test]
    fn empty_names_and_placeholders_are_dropped() {
        assert!(split_author_list("").is_empty());
        assert!(split_author_list("  \n ").is_empty());
        assert!(split_author_list(", ,; and ").is_empty());
        assert_eq!(names("A. Quill, , B. Rook,"), ["A. Quill", "B. Rook"]);
        assert_eq!(names("A. Quill, B. Rook, et al."), ["A. Quill", "B. Rook"]);
        assert_eq!(names("A. Quill et al"), ["A. Quill"]);
        assert_eq!(
            split_author_list("A. Quill, B. Rook, (both Example Lab)"),
            [author("A. Quill", &[]), author("B. Rook", &["both Example Lab"])],
            "a stray group after a comma goes to the author before it"
        );
    }

    #[test]
    fn collaborations_colons_and_non_ascii() {
        assert_eq!(
            names("The XYZ Collaboration: Zoë Müller, 李 小龙 and Łukasz Ćwik"),
            ["The XYZ Collaboration", "Zoë Müller", "李 小龙", "Łukasz Ćwik"]
        );
        assert_eq!(names("J. M{\\\"u}ller, K. O'Brien"), ["J. M{\\\"u}ller", "K. O'Brien"]);
        assert_eq!(names("P. Ng {and} Q. Li"), ["P. Ng {and} Q. Li"], "braces protect like brackets");
    }

    #[test]
    fn unbalanced_brackets_still_split() {
        assert_eq!(
            split_author_list("A. Quill (MIT, B. Rook and C. Sable"),
            [author("A. Quill", &["MIT"]), author("B. Rook", &[]), author("C. Sable", &[])]
        );
        assert_eq!(names("A. Quill) , B. Rook"), ["A. Quill", "B. Rook"]);
        assert_eq!(split_author_list("A. Quill ((1) MIT"), [author("A. Quill", &["MIT"])]);
    }

    #[test]
    fn never_panics_on_any_prefix_or_garbage() {
        let tricky = "Zoë Q. Müller (1,2), Bo Chen (2 and 3) ((1) Univ. (Annex), (2) ETH, (3) 李), \
                      John Smith, Jr., and ) ( ((( ,,; : and";
        for (cut, _) in tricky.char_indices() {
            for author in split_author_list(&tricky[..cut]) {
                assert!(!author.name.is_empty());
                assert_eq!(author.name, collapse_whitespace(&author.name));
            }
            let _ = split_author_list(&tricky[cut..]);
        }
        for garbage in
            ["(", ")", "((", "(1)", "((1))", "(1) ", "and", " and ", "()", "(()", "a(b)c)d(", "\u{0}"]
        {
            let _ = split_author_list(garbage);
        }
    }
}
