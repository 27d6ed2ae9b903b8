//! arXiv identifiers: parsing, validation and the canonical unversioned form.
//!
//! Two schemes exist: `YYMM.NNNN[N]` (since April 2007) and `archive[.SC]/YYMMNNN`
//! (before). A version suffix `vN` may follow either. The canonical form used as the
//! database key has no version and, for old-style ids, no subject class
//! (`math.GT/0309136` is `math/0309136`), which is how arXiv itself cites them.

use std::fmt;

/// A canonical, unversioned arXiv id such as `2405.12981` or `hep-th/9901001`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArxivId(String);

/// An id as written somewhere, split into the canonical id and the optional version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionedId {
    pub id: ArxivId,
    pub version: Option<u32>,
}

/// Raised for text that is not an arXiv id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not an arXiv id (expected something like 2405.12981, 2405.12981v2 or hep-th/9901001)")]
pub struct IdError {
    pub input: String,
}

impl ArxivId {
    /// Parses an id with or without version; see [`VersionedId::parse`].
    pub fn parse(input: &str) -> Result<ArxivId, IdError> {
        VersionedId::parse(input).map(|v| v.id)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArxivId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl VersionedId {
    /// Accepts a bare id (`2405.12981v2`, `math.GT/0309136`), an `arXiv:` prefix, an
    /// `oai:arXiv.org:` prefix, or an abs/pdf URL on arxiv.org.
    pub fn parse(input: &str) -> Result<VersionedId, IdError> {
        let error = || IdError { input: input.to_string() };
        let bare = strip_known_prefix(input.trim());
        let (body, version) = split_version(bare).ok_or_else(error)?;
        let id = canonical_new_style(body).or_else(|| canonical_old_style(body)).ok_or_else(error)?;
        Ok(VersionedId { id: ArxivId(id), version })
    }
}

impl std::str::FromStr for VersionedId {
    type Err = IdError;

    fn from_str(input: &str) -> Result<VersionedId, IdError> {
        VersionedId::parse(input)
    }
}

/// The arXiv ids a text names, in order, each once: the targets of Markdown
/// links to arxiv.org (`](https://arxiv.org/abs/…)`, `/pdf/`, `/html/`), and a
/// line's first word when it is an id or an arxiv.org address (after a list
/// bullet, if any). So a file of one id a line, a past digest and another
/// newsletter's list all work, while ids and numbers an abstract mentions in
/// passing ("building on arXiv:2301.00001") are not taken.
pub fn ids_in_text(text: &str) -> Vec<ArxivId> {
    let mut ids: Vec<ArxivId> = Vec::new();
    let mut add = |candidate: &str| {
        let end = candidate
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | '\'' | ',' | ';' | '#' | '?')
            })
            .unwrap_or(candidate.len());
        let candidate = candidate[..end].trim_end_matches(['.', ':']);
        if let Ok(id) = ArxivId::parse(candidate.strip_suffix(".pdf").unwrap_or(candidate))
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    };
    for line in text.lines() {
        let lower = line.to_ascii_lowercase();
        for marker in ["](https://arxiv.org/", "](http://arxiv.org/", "](https://www.arxiv.org/"] {
            for (at, _) in lower.match_indices(marker) {
                // Lower-casing ASCII keeps byte offsets; the path starts after "](".
                let target = &line[at + 2..];
                for kind in ["abs/", "pdf/", "html/"] {
                    if let Some(rest) = target.split_once(kind).map(|(_, rest)| rest) {
                        add(rest);
                        break;
                    }
                }
            }
        }
        let first = line.trim_start().trim_start_matches(['-', '*', '+']).trim_start();
        let first = first.split_whitespace().next().unwrap_or("");
        let first = first.strip_prefix("<").unwrap_or(first);
        add(first.split_once("/html/").map_or(first, |(_, id)| id));
    }
    ids
}

fn strip_known_prefix(s: &str) -> &str {
    let strip = |s: &'_ str, prefix: &str| -> Option<usize> {
        s.get(..prefix.len()).filter(|head| head.eq_ignore_ascii_case(prefix)).map(|_| prefix.len())
    };
    for scheme in ["https://", "http://"] {
        let Some(after_scheme) = strip(s, scheme) else {
            continue;
        };
        let rest = &s[after_scheme..];
        for host in ["arxiv.org/", "www.arxiv.org/", "export.arxiv.org/"] {
            let Some(after_host) = strip(rest, host) else {
                continue;
            };
            let path = &rest[after_host..];
            for kind in ["abs/", "pdf/"] {
                if let Some(after_kind) = strip(path, kind) {
                    let id = &path[after_kind..];
                    return id.strip_suffix(".pdf").unwrap_or(id);
                }
            }
        }
        return s;
    }
    for prefix in ["oai:arxiv.org:", "arxiv:"] {
        if let Some(after) = strip(s, prefix) {
            return &s[after..];
        }
    }
    s
}

/// Splits `…vN` into the body and N. A trailing `v` without digits is invalid.
fn split_version(s: &str) -> Option<(&str, Option<u32>)> {
    let digits_start = s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let before_digits = &s[..digits_start];
    match before_digits.strip_suffix('v') {
        Some(body) if digits_start < s.len() => {
            let version: u32 = s[digits_start..].parse().ok()?;
            (version > 0).then_some((body, Some(version)))
        }
        Some(_) => None,
        None => Some((s, None)),
    }
}

/// `YYMM.NNNN` (0704–1412) or `YYMM.NNNNN` (1501 on).
fn canonical_new_style(s: &str) -> Option<String> {
    let (yymm, number) = s.split_once('.')?;
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let month: u32 = yymm.parse().ok().filter(|_| yymm.len() == 4 && all_digits(yymm))?;
    let month_ok = (1..=12).contains(&(month % 100));
    let len_ok = matches!(number.len(), 4 | 5) && all_digits(number);
    (month_ok && len_ok).then(|| s.to_string())
}

/// `archive[.SC]/YYMMNNN`, returned without the subject class.
fn canonical_old_style(s: &str) -> Option<String> {
    let (archive_part, number) = s.split_once('/')?;
    let archive = match archive_part.split_once('.') {
        Some((archive, class)) if class.len() == 2 && class.bytes().all(|b| b.is_ascii_uppercase()) => {
            archive
        }
        Some(_) => return None,
        None => archive_part,
    };
    let archive_ok = !archive.is_empty() && archive.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    let number_ok = number.len() == 7 && number.bytes().all(|b| b.is_ascii_digit());
    (archive_ok && number_ok).then(|| format!("{archive}/{number}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_in_lists_and_digests_but_not_in_prose() {
        let list = "2405.12981\n# a comment\n\n2405.00001v2 the adapter paper\nhep-th/9901001\n";
        let found: Vec<String> = ids_in_text(list).iter().map(ToString::to_string).collect();
        assert_eq!(found, ["2405.12981", "2405.00001", "hep-th/9901001"]);
        let digest = "### 1.1. [KV cache](https://arxiv.org/abs/2405.14001) · ▲ 40\n\
                      We compress it 4.5x, see 2405.99999 in prose, building on arXiv:2406.00002v3.\n\
                      [pdf](https://arxiv.org/pdf/2405.14001v2.pdf), [old](https://arxiv.org/abs/math.GT/0309136)\n\
                      - arXiv:2406.00003\n\
                      * https://arxiv.org/abs/2406.00004v2\n\
                      and prose citing https://arxiv.org/abs/2406.00005.";
        let found: Vec<String> = ids_in_text(digest).iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            ["2405.14001", "math/0309136", "2406.00003", "2406.00004"],
            "links, and ids that open a line; not ids mentioned in prose"
        );
        assert!(ids_in_text("Week 2024.21 was busy\n1234 things").is_empty());
    }

    fn parsed(input: &str) -> (String, Option<u32>) {
        let v = VersionedId::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        (v.id.to_string(), v.version)
    }

    #[test]
    fn accepts_every_written_form() {
        let cases = [
            ("2405.12981", "2405.12981", None),
            ("2405.12981v2", "2405.12981", Some(2)),
            ("0704.0001", "0704.0001", None),
            ("hep-th/9901001v2", "hep-th/9901001", Some(2)),
            ("math.GT/0309136", "math/0309136", None),
            ("solv-int/9901001v1", "solv-int/9901001", Some(1)),
            ("astro-ph/0601001", "astro-ph/0601001", None),
            ("arXiv:2405.12981v1", "2405.12981", Some(1)),
            ("oai:arXiv.org:2604.21935v1", "2604.21935", Some(1)),
            ("http://arxiv.org/abs/1611.09520v2", "1611.09520", Some(2)),
            ("https://arxiv.org/pdf/2405.12981v3.pdf", "2405.12981", Some(3)),
            ("https://arxiv.org/abs/astro-ph/0601001v1", "astro-ph/0601001", Some(1)),
            ("  2405.12981  ", "2405.12981", None),
        ];
        for (input, id, version) in cases {
            assert_eq!(parsed(input), (id.to_string(), version), "{input}");
        }
    }

    #[test]
    fn rejects_what_is_not_an_id() {
        for bad in [
            "",
            "abc",
            "1234.123",
            "1234.123456",
            "2413.12345",
            "2405.12981v",
            "2405.12981v0",
            "hep-th/990100",
            "HEP-TH/9901001",
            "math.gt/0309136",
            "2405.12981x2",
            "https://example.org/abs/2405.12981",
        ] {
            let err = VersionedId::parse(bad).expect_err(bad);
            assert_eq!(err.input, bad);
        }
    }

    #[test]
    fn error_names_the_input() {
        let err = ArxivId::parse("abc").expect_err("abc is invalid");
        assert!(err.to_string().starts_with("'abc' is not an arXiv id"));
    }
}
