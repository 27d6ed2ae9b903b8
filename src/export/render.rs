//! Rendering the digest: Markdown, HTML, BibTeX and CSV from minijinja templates
//! (built in, or the user's own with `--template`), JSON from the data itself.

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, Value};

use super::digest::Digest;
use super::list::csv_field;

/// The formats `papers export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Json,
    Bibtex,
    Csv,
}

impl Format {
    /// The built-in template, if the format has one.
    pub fn template(self) -> Option<&'static str> {
        match self {
            Format::Markdown => Some(include_str!("templates/digest.md.j2")),
            Format::Html => Some(include_str!("templates/digest.html.j2")),
            Format::Bibtex => Some(include_str!("templates/digest.bib.j2")),
            Format::Csv => Some(include_str!("templates/digest.csv.j2")),
            Format::Json => None,
        }
    }
}

/// A template that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("template {name}: {message}")]
pub struct RenderError {
    pub name: String,
    pub message: String,
}

/// Renders `digest`. `template` (name, source) replaces the built-in template; JSON
/// without a template is the digest's own structure.
pub fn render(
    digest: &Digest,
    format: Format,
    template: Option<(&str, &str)>,
) -> Result<String, RenderError> {
    let (name, source) = match (template, format.template()) {
        (Some(own), _) => own,
        (None, Some(builtin)) => ("built-in", builtin),
        (None, None) => {
            let mut json = serde_json::to_string_pretty(digest)
                .map_err(|e| RenderError { name: "json".into(), message: e.to_string() })?;
            json.push('\n');
            return Ok(json);
        }
    };
    let error = |e: minijinja::Error| RenderError { name: name.to_string(), message: describe(&e) };
    let mut env = Environment::new();
    let syntax =
        SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).keep_trailing_newline(true).build();
    env.set_syntax(syntax.map_err(error)?);
    env.add_filter("html", html);
    env.add_filter("md", markdown);
    env.add_filter("bibtex", bibtex);
    env.add_filter("csv", |text: String| csv_field(&text));
    let template = env.template_from_str(source).map_err(error)?;
    template.render(minijinja::context! { digest => Value::from(Serde(digest)) }).map_err(error)
}

fn describe(e: &minijinja::Error) -> String {
    match e.line() {
        Some(line) => format!("line {line}: {e}"),
        None => e.to_string(),
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn html(text: String) -> String {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes Markdown syntax outside `$…$` maths, which stays as written. A `<` is
/// escaped only where it could open an HTML tag ("<div", "</", "<!").
pub fn markdown(text: String) -> String {
    const SPECIAL: Specials = specials(b"\\*_[]`#|<");
    if !text.bytes().any(|b| SPECIAL[usize::from(b)]) {
        return text;
    }
    outside_maths(&text, &SPECIAL, |byte, next, out| match byte {
        b'<' if next.is_some_and(|n| n.is_ascii_alphabetic() || n == b'/' || n == b'!') => {
            out.push_str("\\<")
        }
        b'<' => out.push('<'),
        _ => {
            out.push('\\');
            out.push(char::from(byte));
        }
    })
}

/// Escapes BibTeX/LaTeX specials outside `$…$` maths.
pub fn bibtex(text: String) -> String {
    const SPECIAL: Specials = specials(b"&%#_{}~^\\");
    outside_maths(&text, &SPECIAL, |byte, _, out| match byte {
        b'~' => out.push_str("\\textasciitilde{}"),
        b'^' => out.push_str("\\textasciicircum{}"),
        b'\\' => out.push_str("\\textbackslash{}"),
        _ => {
            out.push('\\');
            out.push(char::from(byte));
        }
    })
}

/// Which bytes an escaper handles (`$`, which opens maths, always): a table, as it
/// is consulted for every byte of every abstract.
type Specials = [bool; 256];

const fn specials(bytes: &[u8]) -> Specials {
    let mut table = [false; 256];
    table[b'$' as usize] = true;
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// Applies `escape` to each of the ASCII `special` bytes outside `$…$` (it gets the
/// byte after too) and copies everything else in runs; maths is copied as is. An
/// unpaired `$` is escaped rather than opening maths to the end of the text. Cuts
/// fall on ASCII bytes only, hence on char boundaries.
fn outside_maths(
    text: &str,
    special: &Specials,
    mut escape: impl FnMut(u8, Option<u8>, &mut String),
) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let (mut run, mut at) = (0, 0);
    while at < bytes.len() {
        let byte = bytes[at];
        if !special[usize::from(byte)] {
            at += 1;
        } else if byte == b'$' {
            out.push_str(&text[run..at]);
            match memchr::memchr(b'$', &bytes[at + 1..]) {
                Some(close) => {
                    out.push_str(&text[at..at + close + 2]);
                    at += close + 2;
                }
                None => {
                    out.push_str("\\$");
                    at += 1;
                }
            }
            run = at;
        } else {
            out.push_str(&text[run..at]);
            escape(byte, bytes.get(at + 1).copied(), &mut out);
            at += 1;
            run = at;
        }
    }
    out.push_str(&text[run..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_leave_maths_alone() {
        assert_eq!(html("a < b & \"c\"".into()), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(markdown("x_1 [y] when $g_s < 1$".into()), "x\\_1 \\[y\\] when $g_s < 1$");
        assert_eq!(markdown("<1% loss and <div> tags".into()), "<1% loss and \\<div> tags");
        assert_eq!(bibtex("R&D 50% #1 $\\alpha_i$ a_b".into()), "R\\&D 50\\% \\#1 $\\alpha_i$ a\\_b");
        assert_eq!(bibtex("costs $5".into()), "costs \\$5");
        assert_eq!(markdown("é_ü <".into()), "é\\_ü <", "specials next to non-ASCII, a final <");
        assert_eq!(markdown("$x".into()), "\\$x");
        assert_eq!(markdown("plain text".into()), "plain text");
    }
}
