//! Rendering the digest: Markdown, HTML, BibTeX and CSV from minijinja templates
//! (built in, or the user's own with `--template`), JSON from the data itself.
//! Output is written as it is made, while the papers are fetched a page at a time.

use std::io::{Seek, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use minijinja::Environment;
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;

use super::digest::{Failure, JsonPapers, KeepError, TemplatePapers, View};
use super::list::csv_field;
use crate::files::{FileError, write_atomically};
use crate::model::Named;
use crate::model::digest::{Digest, PapersError, Summary};

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
    /// The format a file's extension names; Markdown for any other file, and on
    /// standard output (no file).
    pub fn of_file(path: Option<&Path>) -> Format {
        let extension = path.and_then(|p| p.extension()).map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("html" | "htm") => Format::Html,
            Some("json") => Format::Json,
            Some("bib") => Format::Bibtex,
            Some("csv") => Format::Csv,
            _ => Format::Markdown,
        }
    }

    /// How a digest in this format summarises papers unless told: short in HTML,
    /// which folds the full abstract under it; in full elsewhere.
    pub fn default_summary(self) -> Summary {
        match self {
            Format::Html => Summary::Short,
            _ => Summary::Full,
        }
    }

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

impl Named for Format {
    const NAMES: &'static [(&'static str, Format)] = &[
        ("markdown", Format::Markdown),
        ("html", Format::Html),
        ("json", Format::Json),
        ("bibtex", Format::Bibtex),
        ("csv", Format::Csv),
    ];
}

/// Why a digest could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template that could not be used.
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    /// The output could not be written.
    #[error(transparent)]
    Write(std::io::Error),
    /// The file it was to go to could not be written.
    #[error(transparent)]
    File(#[from] FileError),
    /// The digest's papers could not be had.
    #[error(transparent)]
    Papers(PapersError),
}

/// A format ready to render: its template compiled, if it has one.
pub struct Renderer<'s> {
    /// The template's display name and the environment holding it; `None` for JSON.
    template: Option<(&'s str, Environment<'s>)>,
}

/// The name minijinja gives the one template (it shows in error messages).
const TEMPLATE: &str = "<string>";

impl<'s> Renderer<'s> {
    /// Compiles the template for `format`; `template` (name, source) replaces the
    /// built-in one. JSON without a template is the digest's own structure.
    pub fn new(format: Format, template: Option<(&'s str, &'s str)>) -> Result<Renderer<'s>, RenderError> {
        let (name, source) = match (template, format.template()) {
            (Some(own), _) => own,
            (None, Some(builtin)) => ("built-in", builtin),
            (None, None) => return Ok(Renderer { template: None }),
        };
        let error =
            |e: minijinja::Error| RenderError::Template { name: name.to_string(), message: describe(&e) };
        let mut env = Environment::new();
        let syntax =
            SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).keep_trailing_newline(true).build();
        env.set_syntax(syntax.map_err(error)?);
        env.add_filter("html", html);
        env.add_filter("md", markdown);
        env.add_filter("bibtex", bibtex);
        env.add_filter("md_prose", |text: String| linked(&text, markdown, |url| format!("<{url}>")));
        env.add_filter("html_prose", |text: String| {
            linked(&text, html, |url| format!("<a href=\"{0}\">{0}</a>", html(url.to_string())))
        });
        env.add_filter("bibtex_tex", bibtex_tex);
        env.add_filter("csv", |text: String| csv_field(&text));
        env.add_template(TEMPLATE, source).map_err(error)?;
        Ok(Renderer { template: Some((name, env)) })
    }

    /// Renders `digest` to `out`, writing as it goes.
    pub fn render(&self, digest: &Digest, out: impl Write) -> Result<(), RenderError> {
        let failure: Failure = Arc::new(Mutex::new(None));
        let mut out = KeepError { inner: std::io::BufWriter::with_capacity(1 << 16, out), error: None };
        let Some((name, env)) = &self.template else {
            let view = View::new(digest, |section, size| JsonPapers::new(digest, &failure, section, size));
            let written = serde_json::to_writer_pretty(&mut out, &view).map_err(|e| match e.is_io() {
                true => RenderError::Write(e.into()),
                false => RenderError::Template { name: "json".into(), message: e.to_string() },
            });
            let written = written.and_then(|()| out.write_all(b"\n").map_err(RenderError::Write));
            return finish(written, out, &failure);
        };
        let error =
            |e: minijinja::Error| RenderError::Template { name: name.to_string(), message: describe(&e) };
        let template = env.get_template(TEMPLATE).map_err(error)?;
        let view = View::new(digest, |section, size| TemplatePapers::value(digest, &failure, section, size));
        let written = template
            .render_captured_to(minijinja::context! { digest => Serde(&view) }, &mut out)
            .map(|_| ())
            .map_err(error);
        finish(written, out, &failure)
    }
}

/// Renders `digest` to `out` in one go; see [`Renderer`].
pub fn render(
    digest: &Digest,
    format: Format,
    template: Option<(&str, &str)>,
    out: impl Write,
) -> Result<(), RenderError> {
    Renderer::new(format, template)?.render(digest, out)
}

/// A user's own template: the name it is known by (its path) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: String,
    pub source: String,
}

/// A template file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read template {}", path.display())]
pub struct TemplateError {
    pub path: std::path::PathBuf,
    #[source]
    pub source: std::io::Error,
}

impl Template {
    /// Reads the template at `path`.
    pub fn read(path: &Path) -> Result<Template, TemplateError> {
        let source = std::fs::read_to_string(path)
            .map_err(|source| TemplateError { path: path.to_path_buf(), source })?;
        Ok(Template { name: path.display().to_string(), source })
    }
}

/// Renders `digest` in `format` (with the user's `template`, when given) to the
/// file `path`, whole or not at all, or else to `stdout`. The built-in templates
/// cannot fail half-way, so their output goes out as it is made; a user's
/// template might, and must then leave no output, so its output waits in a
/// scratch file until it is all rendered.
pub fn write_digest(
    digest: &Digest,
    format: Format,
    template: Option<&Template>,
    path: Option<&Path>,
    mut stdout: impl Write,
) -> Result<(), RenderError> {
    let renderer = Renderer::new(format, template.map(|t| (t.name.as_str(), t.source.as_str())))?;
    match path {
        Some(path) => write_atomically(path, |out| {
            renderer.render(digest, out).map_err(|err| match err {
                RenderError::Write(source) => FileError { path: path.to_path_buf(), source }.into(),
                other => other,
            })
        }),
        None if template.is_some() => {
            let mut scratch = scratch_file()?;
            renderer.render(digest, &mut scratch)?;
            scratch.rewind().map_err(RenderError::Write)?;
            std::io::copy(&mut scratch, &mut stdout).map_err(RenderError::Write)?;
            stdout.flush().map_err(RenderError::Write)
        }
        None => renderer.render(digest, stdout),
    }
}

/// A new file in the temporary folder, unlinked at once: nothing is left behind
/// whatever happens next.
fn scratch_file() -> Result<std::fs::File, FileError> {
    let path = std::env::temp_dir().join(format!(".papers-export-{}", std::process::id()));
    let file = std::fs::File::options().read(true).write(true).create_new(true).open(&path);
    let file = file.map_err(|source| FileError { path: path.clone(), source })?;
    let _ = std::fs::remove_file(&path);
    Ok(file)
}

/// The outcome of writing: a failed fetch or write comes before what it caused.
fn finish<W: Write>(
    written: Result<(), RenderError>,
    mut out: KeepError<W>,
    failure: &Failure,
) -> Result<(), RenderError> {
    let flushed = out.flush();
    if let Some(error) = failure.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
        return Err(RenderError::Papers(error));
    }
    if let Some(error) = out.error.take() {
        return Err(RenderError::Write(error));
    }
    written?;
    flushed.map_err(RenderError::Write)
}

fn describe(e: &minijinja::Error) -> String {
    match e.line() {
        Some(line) => format!("line {line}: {e}"),
        None => e.to_string(),
    }
}

/// Prose with its web addresses as links: `escape` applies to the text between
/// them, `link` makes each address into a link.
pub fn linked(text: &str, escape: fn(String) -> String, link: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(start) = ["https://", "http://"].iter().filter_map(|scheme| rest.find(scheme)).min() {
        let tail = &rest[start..];
        let mut end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        // Punctuation after an address ends the sentence, not the address; so does
        // a closing bracket the address did not open.
        loop {
            let url = &tail[..end];
            let unopened = url.ends_with(')') && url.matches('(').count() < url.matches(')').count();
            if url.ends_with(['.', ',', ';', ':', '!', '?', '\'', '"', ']', '>']) || unopened {
                end -= 1;
            } else {
                break;
            }
        }
        let url = &tail[..end];
        if url.len() <= "https://".len() {
            out.push_str(&escape(rest[..start + end.max(1)].to_string()));
            rest = &rest[start + end.max(1)..];
            continue;
        }
        out.push_str(&escape(rest[..start].to_string()));
        out.push_str(&link(url));
        rest = &tail[end..];
    }
    out.push_str(&escape(rest.to_string()));
    out
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

/// Escapes Markdown syntax in text made readable (see [`crate::tex`]): no maths
/// is left in it, so a `$` is a dollar sign, written `&#36;` so that no renderer
/// with a maths extension (nor a reader's script) takes "$5 and $10" for maths.
/// A `<` is escaped only where it could open an HTML tag ("<div", "</", "<!").
pub fn markdown(text: String) -> String {
    const SPECIAL: Specials = specials(b"\\*_[]`#|<$");
    if !text.bytes().any(|b| SPECIAL[usize::from(b)]) {
        return text;
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut run = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if !SPECIAL[usize::from(byte)] {
            continue;
        }
        // Cuts fall on ASCII bytes only, hence on char boundaries.
        out.push_str(&text[run..at]);
        run = at + 1;
        let next = bytes.get(at + 1).copied();
        match byte {
            b'<' if next.is_some_and(|n| n.is_ascii_alphabetic() || n == b'/' || n == b'!') => {
                out.push_str("\\<")
            }
            b'<' => out.push('<'),
            b'$' => out.push_str("&#36;"),
            _ => {
                out.push('\\');
                out.push(char::from(byte));
            }
        }
    }
    out.push_str(&text[run..]);
    out
}

/// A BibTeX field from text written in TeX (arXiv's titles are): commands,
/// escapes, `$…$` maths and balanced braces are kept as the authors wrote them,
/// and the specials they left bare (`&`, `%`, `#`, `_`, a `^` outside maths) are
/// escaped, so the field reads in TeX as on arXiv.
pub fn bibtex_tex(text: String) -> String {
    let balanced = text.chars().try_fold(0i32, |depth, c| match c {
        '{' => Some(depth + 1),
        '}' => (depth > 0).then_some(depth - 1),
        _ => Some(depth),
    }) == Some(0);
    if !balanced {
        return bibtex(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    let mut in_maths = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '$' => {
                in_maths = !in_maths;
                out.push(c);
            }
            '&' | '%' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '_' | '^' if !in_maths => {
                out.push_str(if c == '_' { "\\_" } else { "\\textasciicircum{}" });
            }
            _ => out.push(c),
        }
    }
    if in_maths {
        // An unpaired `$` would open maths to the end of the document.
        return bibtex(text);
    }
    out
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
    fn formats_by_name() {
        assert_eq!(Format::named("bibtex"), Ok(Format::Bibtex));
        assert_eq!(Format::named("pdf"), Err(crate::model::UnknownName("pdf".into())));
        let names: Vec<&str> = Format::NAMES.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["markdown", "html", "json", "bibtex", "csv"], "the order --help offers");
    }
    use crate::model::digest::{CutPaper, DigestPaper, DigestPapers, DigestSection, PAGE, Summary};
    use crate::model::signals::CommunitySignals;

    fn paper(section: usize, i: usize) -> DigestPaper {
        DigestPaper {
            number: format!("{}.{}", section + 1, i + 1),
            id: format!("2405.{:05}", section * 1000 + i),
            version: 1,
            title: format!("Paper {i}"),
            title_raw: format!("Paper {i}"),
            url: String::new(),
            authors: vec!["A B".into()],
            authors_short: "A B".into(),
            primary_category: "cs.CL".into(),
            categories: vec!["cs.CL".into()],
            topic: "t".into(),
            topics: vec!["t".into()],
            rank: 1.5,
            attention: None,
            signals: None,
            venue: None,
            code_url: None,
            picked: false,
            note: None,
            comment: None,
            journal_ref: None,
            dois: Vec::new(),
            year: 2024,
            announced: "2024-05-20".into(),
            replaced: None,
            mark: None,
            summary: vec!["One.".into()],
            abstract_paragraphs: vec!["One.".into(), "Two.".into()],
            abstract_raw: "One. Two.".into(),
            bibtex_key: format!("b2024paper{section}x{i}"),
        }
    }

    /// Two sections, the first longer than a page.
    fn digest() -> (Digest, Vec<Vec<DigestPaper>>) {
        let sizes = [PAGE + 3, 2];
        let papers: Vec<Vec<DigestPaper>> =
            sizes.iter().enumerate().map(|(s, n)| (0..*n).map(|i| paper(s, i)).collect()).collect();
        let sections = sizes
            .iter()
            .enumerate()
            .map(|(s, n)| DigestSection {
                number: s + 1,
                name: format!("S{s}"),
                size: *n,
                themes: vec![format!("Topic {s}")],
            })
            .collect();
        let digest = Digest {
            week: "2024-W21".parse().expect("week"),
            papers_in_week: 300,
            top_categories: vec!["cs.CL".into()],
            sections,
            signal_days: 0,
            featured: 0,
            summary: Summary::Full,
            images: true,
            below_the_cut: None,
            papers: Arc::new(papers.clone()),
        };
        (digest, papers)
    }

    fn rendered(digest: &Digest, format: Format, template: Option<&str>) -> String {
        let mut out = Vec::new();
        render(digest, format, template.map(|t| ("mine", t)), &mut out).expect("renders");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn a_file_names_its_format_and_html_summarises_short() {
        let of = |name: &str| Format::of_file(Some(Path::new(name)));
        assert_eq!(of("digest.HTM"), Format::Html);
        assert_eq!(of("digest.bib"), Format::Bibtex);
        assert_eq!(of("digest.txt"), Format::Markdown);
        assert_eq!(Format::of_file(None), Format::Markdown);
        assert_eq!(Format::Html.default_summary(), Summary::Short);
        assert_eq!(Format::Csv.default_summary(), Summary::Full);
    }

    #[test]
    fn streamed_json_is_the_digest_whole() {
        let (digest, papers) = digest();
        let json: serde_json::Value =
            serde_json::from_str(&rendered(&digest, Format::Json, None)).expect("json");
        assert_eq!(json["title"], "Top papers for the week from 20/05 to 26/05, 2024");
        assert_eq!(json["papers_shown"], PAGE + 5);
        assert_eq!(json["last_listing"], "2024-05-24");
        let first = serde_json::to_value(&papers[0]).expect("value");
        assert_eq!(json["sections"][0]["papers"], first);
        assert_eq!(json["sections"][1]["name"], "S1");
    }

    #[test]
    fn templates_can_count_index_and_walk_the_papers_twice() {
        let (digest, _) = digest();
        let template = "{% for s in digest.sections %}{{ s.papers | length }} {{ s.papers[1].id }} \
                        {{ (s.papers | last).number }} {% for p in s.papers %}{{ p.bibtex_key }}{% endfor %}\
                        {% for p in s.papers %}{{ p.bibtex_key }}{% endfor %};{% endfor %}";
        let out = rendered(&digest, Format::Markdown, Some(template));
        let keys = |s: usize, n: usize| (0..n).map(|i| format!("b2024paper{s}x{i}")).collect::<String>();
        let expected = format!(
            "{} 2405.00001 1.{} {}{};2 2405.01001 2.2 {}{};",
            PAGE + 3,
            PAGE + 3,
            keys(0, PAGE + 3),
            keys(0, PAGE + 3),
            keys(1, 2),
            keys(1, 2)
        );
        assert_eq!(out, expected);
    }

    /// A one-paper digest with a note, a Hugging Face summary and picture, and a
    /// paper below the cut.
    fn edited(summary: Summary, images: bool) -> Digest {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 5, 21).expect("date");
        let mut signals = CommunitySignals::for_tests(12, day, chrono::DateTime::UNIX_EPOCH);
        signals.summary = Some("It does one thing well.".into());
        signals.thumbnail = Some("https://cdn.example/2405.00000.png".into());
        let short = matches!(summary, Summary::Short);
        let first = DigestPaper {
            note: Some("Read the *ablations*.".into()),
            signals: Some(signals),
            summary: match short {
                true => vec!["It does one thing well.".into()],
                false => vec!["One.".into(), "Two.".into()],
            },
            ..paper(0, 0)
        };
        let sections = vec![DigestSection {
            number: 1,
            name: "S0".into(),
            size: 1,
            themes: vec!["Agents & tool use".into()],
        }];
        let cut = CutPaper {
            id: "2405.00009".into(),
            title: "The Next Best".into(),
            url: "https://arxiv.org/abs/2405.00009".into(),
            section: "S0".into(),
            rank: 0.25,
            attention: None,
        };
        let (mut digest, _) = digest();
        digest.sections = sections;
        digest.papers = Arc::new(vec![vec![first]]);
        digest.summary = summary;
        digest.images = images;
        digest.below_the_cut = Some(vec![cut]);
        digest
    }

    #[test]
    fn the_writers_note_the_summary_and_the_draft_show_in_each_format() {
        let full = rendered(&edited(Summary::Full, true), Format::Markdown, None);
        assert!(full.contains("Week 21 of 2024 in 1 paper: agents & tool use (1)."), "{full}");
        assert!(
            full.contains(
                "score 1.5\n\nRead the *ablations*.\n\n> It does one thing well.\n\nOne.\n\nTwo.\n"
            ),
            "{full}"
        );
        assert!(full.contains("## Below the cut"), "{full}");
        assert!(full.contains("1. [The Next Best](https://arxiv.org/abs/2405.00009) · score 0.25 · S0 · `papers pick 2405.00009`"), "{full}");
        let short = rendered(&edited(Summary::Short, true), Format::Markdown, None);
        assert!(short.contains("Read the *ablations*.\n\nIt does one thing well.\n"), "{short}");
        assert!(!short.contains("> It does"), "the short summary is Hugging Face's line, said once: {short}");
        let html = rendered(&edited(Summary::Short, true), Format::Html, None);
        assert!(html.contains("<p class=\"note\">Read the *ablations*.</p>"), "{html}");
        assert!(
            html.contains("<img class=\"thumbnail\" src=\"https://cdn.example/2405.00000.png\""),
            "{html}"
        );
        assert!(html.contains("<p>It does one thing well.</p>\n<details>\n<summary>Abstract</summary>\n<p>One.</p>\n<p>Two.</p>\n</details>"), "{html}");
        assert!(html.contains("<h2>Below the cut</h2>"), "{html}");
        let plain = rendered(&edited(Summary::Short, false), Format::Html, None);
        assert!(!plain.contains("<img"), "--no-images: {plain}");
        let json: serde_json::Value =
            serde_json::from_str(&rendered(&edited(Summary::Short, true), Format::Json, None)).expect("json");
        assert_eq!((json["summary"].as_str(), json["draft"].as_bool()), (Some("short"), Some(true)));
        assert_eq!(json["below_the_cut"][0]["id"], "2405.00009");
        assert_eq!(json["sections"][0]["papers"][0]["note"], "Read the *ablations*.");
        assert_eq!(json["sections"][0]["papers"][0]["abstract"], serde_json::json!(["One.", "Two."]));
        let (not_draft, _) = digest();
        assert!(!rendered(&not_draft, Format::Markdown, None).contains("Below the cut"));
        assert!(!rendered(&not_draft, Format::Markdown, None).contains("score"));
    }

    /// A source that fails on its second page.
    struct Failing;

    impl DigestPapers for Failing {
        fn papers(&self, _: usize, range: std::ops::Range<usize>) -> Result<Vec<DigestPaper>, PapersError> {
            match range.start {
                0 => Ok(range.map(|i| paper(0, i)).collect()),
                _ => Err("the disk is gone".into()),
            }
        }
    }

    #[test]
    fn a_failing_source_or_output_is_reported_as_such() {
        let (mut digest, _) = digest();
        digest.papers = Arc::new(Failing);
        for format in [Format::Markdown, Format::Json] {
            let err = render(&digest, format, None, std::io::sink()).expect_err("fails");
            assert!(matches!(&err, RenderError::Papers(e) if e.to_string() == "the disk is gone"), "{err:?}");
        }
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let (digest, _) = self::digest();
        for format in [Format::Html, Format::Json] {
            let err = render(&digest, format, None, Closed).expect_err("fails");
            assert!(
                matches!(&err, RenderError::Write(e) if e.kind() == std::io::ErrorKind::BrokenPipe),
                "{err:?}"
            );
        }
    }

    #[test]
    fn escapes_fit_each_format() {
        assert_eq!(html("a < b & \"c\"".into()), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(markdown("x_1 [y] costs $5 and $10".into()), "x\\_1 \\[y\\] costs &#36;5 and &#36;10");
        assert_eq!(markdown("<1% loss and <div> tags".into()), "<1% loss and \\<div> tags");
        assert_eq!(bibtex("R&D 50% #1 $\\alpha_i$ a_b".into()), "R\\&D 50\\% \\#1 $\\alpha_i$ a\\_b");
        assert_eq!(bibtex("costs $5".into()), "costs \\$5");
        assert_eq!(markdown("é_ü <".into()), "é\\_ü <", "specials next to non-ASCII, a final <");
        assert_eq!(markdown("$x".into()), "&#36;x");
        assert_eq!(markdown("plain text".into()), "plain text");
        assert_eq!(
            bibtex_tex("When $\\alpha$ < 1 Beats \\textit{Full} R&D_x".into()),
            "When $\\alpha$ < 1 Beats \\textit{Full} R\\&D\\_x",
            "the authors' TeX is kept, bare specials escaped"
        );
        assert_eq!(
            bibtex_tex("an {unclosed group".into()),
            "an \\{unclosed group",
            "unbalanced: everything escaped"
        );
        assert_eq!(bibtex_tex("costs $5".into()), "costs \\$5");
    }

    #[test]
    fn addresses_in_prose_become_links() {
        let text = "Code at https://github.com/a/b_c. Data (https://x.org/d_(v2)) and http://";
        assert_eq!(
            linked(text, markdown, |url| format!("<{url}>")),
            "Code at <https://github.com/a/b_c>. Data (<https://x.org/d_(v2)>) and http://"
        );
        assert_eq!(
            linked("see https://a.b/?q=1&r=2, then <b>", html, |url| format!(
                "<a href=\"{0}\">{0}</a>",
                html(url.into())
            )),
            "see <a href=\"https://a.b/?q=1&amp;r=2\">https://a.b/?q=1&amp;r=2</a>, then &lt;b&gt;"
        );
        assert_eq!(linked("no address here_", markdown, |u| u.to_string()), "no address here\\_");
    }
}
