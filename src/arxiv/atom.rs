//! A streaming parser for export-API Atom feeds, from both backends (the Lucene one
//! before November 2025 and the current one).
//!
//! Elements are matched by namespace URI and local name, never by position or
//! prefix, so the backends' different element orders and namespace declarations
//! parse alike. Entries are yielded one at a time, so memory stays flat however
//! long the input; several feeds concatenated in one file are read in sequence.
//! That is why the loop here is its own and not the OAI-PMH and RSS parsers'
//! skeleton, which reads a whole body; the small XML helpers are shared (`xml.rs`).

use std::borrow::Cow;
use std::io::BufRead;

use chrono::{DateTime, Utc};
use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};

use crate::arxiv::xml::{attribute_text, non_empty, push_reference, snippet};
use crate::id::VersionedId;
use crate::model::{Author, Links, Paper, collapse_whitespace, is_category_code};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const ARXIV: &str = "http://arxiv.org/schemas/atom";
const OPENSEARCH: &str = "http://a9.com/-/spec/opensearch/1.1/";

/// Why a feed could not be read. Every variant that points into the input carries
/// the byte offset where the problem was found.
#[derive(Debug, thiserror::Error)]
pub enum AtomError {
    #[error("malformed XML at byte {position}: {message}")]
    Malformed { position: u64, message: String },
    #[error("truncated XML: the input ends at byte {position} inside <{element}>")]
    Truncated { position: u64, element: String },
    #[error("not an arXiv Atom feed at byte {position}: {found}")]
    NotAFeed { position: u64, found: String },
    /// The API answered with its error feed (an entry whose id holds `/api/errors#`).
    #[error("arXiv API error: {message}")]
    Api { message: String },
    #[error("entry {id} at byte {position}: {problem}")]
    BadEntry { position: u64, id: String, problem: String },
    #[error("could not read the input")]
    Io(#[source] std::io::Error),
}

impl AtomError {
    /// The byte offset in the input that the error refers to, if any.
    pub fn position(&self) -> Option<u64> {
        match self {
            AtomError::Malformed { position, .. }
            | AtomError::Truncated { position, .. }
            | AtomError::NotAFeed { position, .. }
            | AtomError::BadEntry { position, .. } => Some(*position),
            AtomError::Api { .. } | AtomError::Io(_) => None,
        }
    }
}

/// The OpenSearch counters of the last feed read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeedTotals {
    pub total_results: Option<u64>,
    pub start_index: Option<u64>,
    /// What the request asked for (`max_results`), not how many entries came back.
    pub items_per_page: Option<u64>,
}

/// Which captured text an element feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Title,
    Summary,
    Published,
    Updated,
    Comment,
    JournalRef,
    Doi,
    AuthorName,
    Affiliation,
    TotalResults,
    StartIndex,
    ItemsPerPage,
}

#[derive(Default)]
struct EntryDraft {
    start: u64,
    id: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    comment: Option<String>,
    journal_ref: Option<String>,
    dois: Vec<String>,
    doi_links: Vec<String>,
    authors: Vec<Author>,
    primary_category: Option<String>,
    categories: Vec<String>,
    abs_link: Option<String>,
    pdf_link: Option<String>,
}

/// Reads entries from an Atom document (or several in a row) as an iterator of
/// `Result<Paper, AtomError>`. After an error the iterator ends, except after a
/// [`AtomError::BadEntry`]: the XML around it is sound, so reading can go on.
pub struct FeedReader<R: BufRead> {
    xml: NsReader<R>,
    buf: Vec<u8>,
    state: ParseState,
    finished: bool,
}

/// Which namespace an element is in, as far as this parser cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Atom,
    Arxiv,
    OpenSearch,
    Other,
}

/// The names of the open elements, innermost last. The strings are reused as the
/// depth goes up and down, so reading a feed allocates no names after its first entry.
#[derive(Default)]
struct OpenElements {
    names: Vec<String>,
    depth: usize,
}

impl OpenElements {
    fn push(&mut self, name: &str) {
        match self.names.get_mut(self.depth) {
            Some(slot) => {
                slot.clear();
                slot.push_str(name);
            }
            None => self.names.push(name.to_string()),
        }
        self.depth += 1;
    }

    fn pop(&mut self) -> Option<&str> {
        self.depth = self.depth.checked_sub(1)?;
        self.names.get(self.depth).map(String::as_str)
    }

    fn depth(&self) -> usize {
        self.depth
    }

    fn innermost(&self) -> Option<&str> {
        self.names.get(self.depth.checked_sub(1)?).map(String::as_str)
    }
}

/// Everything the parser remembers between events.
#[derive(Default)]
struct ParseState {
    open: OpenElements,
    feeds_seen: u32,
    totals: FeedTotals,
    entry: Option<EntryDraft>,
    author: Option<Author>,
    capture: Option<(Field, usize)>,
    text: String,
    entries_without_id: u64,
}

impl<R: BufRead> FeedReader<R> {
    pub fn new(input: R) -> FeedReader<R> {
        let mut xml = NsReader::from_reader(input);
        let config = xml.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        FeedReader { xml, buf: Vec::with_capacity(4096), state: ParseState::default(), finished: false }
    }

    /// The counters of the feed being read (or last read).
    pub fn totals(&self) -> FeedTotals {
        self.state.totals
    }

    /// How many `<feed>` documents have started so far.
    pub fn feeds_seen(&self) -> u32 {
        self.state.feeds_seen
    }

    /// Entries skipped because they had no `<id>`: the old backend's placeholder for
    /// an `id_list` id that does not exist.
    pub fn entries_without_id(&self) -> u64 {
        self.state.entries_without_id
    }

    /// Bytes consumed so far (for progress reporting).
    pub fn position(&self) -> u64 {
        self.xml.buffer_position()
    }

    fn next_paper(&mut self) -> Result<Option<Paper>, AtomError> {
        loop {
            self.buf.clear();
            let position = self.xml.buffer_position();
            let (ns, event) = match self.xml.read_resolved_event_into(&mut self.buf) {
                Ok(ok) => ok,
                Err(quick_xml::Error::Io(e)) => {
                    let io = std::sync::Arc::try_unwrap(e)
                        .unwrap_or_else(|e| std::io::Error::new(e.kind(), e.to_string()));
                    return Err(AtomError::Io(io));
                }
                Err(e) => {
                    return Err(AtomError::Malformed {
                        position: self.xml.error_position(),
                        message: e.to_string(),
                    });
                }
            };
            let ns = namespace_of(&ns);
            let state = &mut self.state;
            match event {
                Event::Start(start) => {
                    state.on_open(ns, local_name(&start), &start, position)?;
                    state.open.push(local_name(&start));
                }
                Event::Empty(start) => {
                    state.on_open(ns, local_name(&start), &start, position)?;
                    state.open.push(local_name(&start));
                    if let Some(paper) = state.on_close(ns, position)? {
                        return Ok(Some(paper));
                    }
                }
                Event::End(_) => {
                    if let Some(paper) = state.on_close(ns, position)? {
                        return Ok(Some(paper));
                    }
                }
                Event::Text(text) => {
                    if state.capture.is_some() {
                        state.text.push_str(&text.xml10_content());
                    } else if state.open.depth() == 0 {
                        let content = text.xml10_content();
                        if !content.trim().is_empty() {
                            let message = format!("it holds the text '{}'", snippet(&content));
                            return Err(not_a_feed(position, message));
                        }
                    }
                }
                Event::CData(data) => {
                    if state.capture.is_some() {
                        state.text.push_str(&data.xml10_content());
                    }
                }
                Event::GeneralRef(reference) => {
                    let out = state.capture.is_some().then_some(&mut state.text);
                    push_reference(out, &reference)
                        .map_err(|message| AtomError::Malformed { position, message })?;
                }
                Event::Eof => {
                    return match state.open.innermost() {
                        Some(element) => Err(AtomError::Truncated { position, element: element.to_string() }),
                        None if state.feeds_seen == 0 => Err(not_a_feed(position, "it is empty".into())),
                        None => Ok(None),
                    };
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
        }
    }
}

impl ParseState {
    fn on_open(&mut self, ns: Ns, name: &str, start: &BytesStart, position: u64) -> Result<(), AtomError> {
        let depth = self.open.depth();
        if depth == 0 {
            if ns != Ns::Atom || name != "feed" {
                return Err(not_a_feed(
                    position,
                    format!("its root element is <{name}>, not an Atom <feed>"),
                ));
            }
            self.feeds_seen += 1;
            self.totals = FeedTotals::default();
            return Ok(());
        }
        let field = match (depth, ns, name) {
            (1, Ns::Atom, "entry") => {
                self.entry = Some(EntryDraft { start: position, ..EntryDraft::default() });
                None
            }
            (1, Ns::OpenSearch, "totalResults") => Some(Field::TotalResults),
            (1, Ns::OpenSearch, "startIndex") => Some(Field::StartIndex),
            (1, Ns::OpenSearch, "itemsPerPage") => Some(Field::ItemsPerPage),
            (2, Ns::Atom, "id") if self.entry.is_some() => Some(Field::Id),
            (2, Ns::Atom, "title") if self.entry.is_some() => Some(Field::Title),
            (2, Ns::Atom, "summary") if self.entry.is_some() => Some(Field::Summary),
            (2, Ns::Atom, "published") if self.entry.is_some() => Some(Field::Published),
            (2, Ns::Atom, "updated") if self.entry.is_some() => Some(Field::Updated),
            (2, Ns::Arxiv, "comment") if self.entry.is_some() => Some(Field::Comment),
            (2, Ns::Arxiv, "journal_ref") if self.entry.is_some() => Some(Field::JournalRef),
            (2, Ns::Arxiv, "doi") if self.entry.is_some() => Some(Field::Doi),
            (2, Ns::Atom, "author") if self.entry.is_some() => {
                self.author = Some(Author { name: String::new(), affiliations: Vec::new() });
                None
            }
            (2, Ns::Atom, "link") => {
                self.read_link(start, position)?;
                None
            }
            (2, Ns::Atom, "category") | (2, Ns::Arxiv, "primary_category") => {
                self.read_category(ns == Ns::Arxiv, start, position)?;
                None
            }
            (3, Ns::Atom, "name") if self.author.is_some() => Some(Field::AuthorName),
            (3, Ns::Arxiv, "affiliation") if self.author.is_some() => Some(Field::Affiliation),
            _ => None,
        };
        if let Some(field) = field {
            self.capture = Some((field, depth));
            self.text.clear();
        }
        Ok(())
    }

    fn on_close(&mut self, ns: Ns, position: u64) -> Result<Option<Paper>, AtomError> {
        let Some(name) = self.open.pop() else {
            return Ok(None);
        };
        let (is_author, is_entry) = (name == "author", name == "entry");
        let depth = self.open.depth();
        if let Some((field, at)) = self.capture
            && at == depth
        {
            self.capture = None;
            // Hand the buffer back afterwards so its capacity serves the next field.
            let text = std::mem::take(&mut self.text);
            let stored = self.store_field(field, &text, position);
            self.text = text;
            stored?;
            return Ok(None);
        }
        match (depth, ns) {
            (2, Ns::Atom) if is_author => {
                if let (Some(author), Some(entry)) = (self.author.take(), self.entry.as_mut()) {
                    entry.authors.push(author);
                }
                Ok(None)
            }
            (1, Ns::Atom) if is_entry => match self.entry.take() {
                Some(draft) => self.finish_entry(draft),
                None => Ok(None),
            },
            _ => Ok(None),
        }
    }

    fn store_field(&mut self, field: Field, text: &str, position: u64) -> Result<(), AtomError> {
        let counter = |text: &str| {
            text.trim().parse::<u64>().map_err(|_| AtomError::Malformed {
                position,
                message: format!("an OpenSearch counter holds '{}', not a number", text.trim()),
            })
        };
        match field {
            Field::TotalResults => self.totals.total_results = Some(counter(text)?),
            Field::StartIndex => self.totals.start_index = Some(counter(text)?),
            Field::ItemsPerPage => self.totals.items_per_page = Some(counter(text)?),
            Field::AuthorName => {
                if let Some(author) = self.author.as_mut() {
                    author.name = collapse_whitespace(text);
                }
            }
            Field::Affiliation => {
                let affiliation = collapse_whitespace(text);
                if let (Some(author), false) = (self.author.as_mut(), affiliation.is_empty()) {
                    author.affiliations.push(affiliation);
                }
            }
            _ => {
                let Some(entry) = self.entry.as_mut() else {
                    return Ok(());
                };
                match field {
                    Field::Id => entry.id = Some(text.trim().to_string()),
                    Field::Title => entry.title = Some(collapse_whitespace(text)),
                    Field::Summary => entry.summary = Some(collapse_whitespace(text)),
                    Field::Published => entry.published = Some(text.trim().to_string()),
                    Field::Updated => entry.updated = Some(text.trim().to_string()),
                    Field::Comment => entry.comment = non_empty(collapse_whitespace(text)),
                    Field::JournalRef => entry.journal_ref = non_empty(collapse_whitespace(text)),
                    Field::Doi => entry.dois.extend(text.split_whitespace().map(str::to_string)),
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn read_link(&mut self, start: &BytesStart, position: u64) -> Result<(), AtomError> {
        let Some(entry) = self.entry.as_mut() else {
            return Ok(());
        };
        let (mut href, mut rel, mut title, mut kind) = (None, None, None, None);
        for attr in start.attributes().with_checks(false) {
            let attr = attr.map_err(|e| AtomError::Malformed { position, message: e.to_string() })?;
            let slot = match attr.key.as_ref() {
                "href" => &mut href,
                "rel" => &mut rel,
                "title" => &mut title,
                "type" => &mut kind,
                _ => continue,
            };
            *slot = Some(attribute_value(&attr, position)?);
        }
        let Some(href) = href else {
            return Ok(());
        };
        match (rel.as_deref(), title.as_deref(), kind.as_deref()) {
            (_, Some("pdf"), _) | (_, _, Some("application/pdf")) => entry.pdf_link = Some(href.into_owned()),
            (_, Some("doi"), _) => entry.doi_links.push(href.into_owned()),
            (Some("alternate"), _, _) => entry.abs_link = Some(href.into_owned()),
            _ => {}
        }
        Ok(())
    }

    fn read_category(&mut self, primary: bool, start: &BytesStart, position: u64) -> Result<(), AtomError> {
        let Some(entry) = self.entry.as_mut() else {
            return Ok(());
        };
        let term =
            attribute_text(start, "term").map_err(|message| AtomError::Malformed { position, message })?;
        let Some(term) = term else {
            return Ok(());
        };
        let term = term.trim();
        if !is_category_code(term) {
            return Ok(());
        }
        if primary {
            entry.primary_category = Some(term.to_string());
        } else if !entry.categories.iter().any(|c| c == term) {
            entry.categories.push(term.to_string());
        }
        Ok(())
    }

    fn finish_entry(&mut self, draft: EntryDraft) -> Result<Option<Paper>, AtomError> {
        let Some(raw_id) = draft.id.as_deref().filter(|s| !s.is_empty()) else {
            self.entries_without_id += 1;
            return Ok(None);
        };
        if raw_id.contains("/api/errors") {
            let message = draft.summary.or(draft.title).unwrap_or_else(|| raw_id.to_string());
            return Err(AtomError::Api { message });
        }
        let bad =
            |problem: String| AtomError::BadEntry { position: draft.start, id: raw_id.to_string(), problem };
        let parsed = VersionedId::parse(raw_id).map_err(|e| bad(e.to_string()))?;
        let version = parsed.version.ok_or_else(|| bad("the id has no version suffix".into()))?;
        let published_text = draft.published.as_deref().ok_or_else(|| bad("no <published> date".into()))?;
        let published = parse_time(published_text)
            .ok_or_else(|| bad(format!("<published> '{published_text}' is not an RFC 3339 time")))?;
        let updated = match draft.updated.as_deref() {
            Some(text) => {
                parse_time(text).ok_or_else(|| bad(format!("<updated> '{text}' is not an RFC 3339 time")))?
            }
            None => published,
        };
        let mut categories = draft.categories;
        let primary_category = match draft.primary_category.or_else(|| categories.first().cloned()) {
            Some(primary) => primary,
            None => return Err(bad("no arXiv category".into())),
        };
        categories.retain(|c| *c != primary_category);
        categories.insert(0, primary_category.clone());
        let mut dois = draft.dois;
        if dois.is_empty() {
            dois.extend(draft.doi_links.iter().filter_map(|link| doi_from_link(link)));
        }
        dois = crate::model::distinct(dois);
        let id = parsed.id;
        let links = Links {
            abs: draft.abs_link.unwrap_or_else(|| format!("https://arxiv.org/abs/{id}v{version}")),
            pdf: draft.pdf_link.unwrap_or_else(|| format!("https://arxiv.org/pdf/{id}v{version}")),
        };
        Ok(Some(Paper {
            id,
            version,
            title: draft.title.unwrap_or_default(),
            abstract_text: draft.summary.unwrap_or_default(),
            authors: draft.authors,
            published,
            updated,
            primary_category,
            categories,
            comment: draft.comment,
            journal_ref: draft.journal_ref,
            dois,
            links,
        }))
    }
}

impl<R: BufRead> Iterator for FeedReader<R> {
    type Item = Result<Paper, AtomError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let item = self.next_paper().transpose();
        if !matches!(item, Some(Ok(_) | Err(AtomError::BadEntry { .. }))) {
            self.finished = true;
        }
        item
    }
}

/// A whole feed read into memory: its entries and counters.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub papers: Vec<Paper>,
    pub totals: FeedTotals,
}

/// Parses one response body (an API page is a few MB at most). Any bad entry fails it.
pub fn parse_feed(body: &[u8]) -> Result<Feed, AtomError> {
    let (feed, skipped) = parse_feed_lenient(body)?;
    match skipped.into_iter().next() {
        Some(bad) => Err(bad),
        None => Ok(feed),
    }
}

/// Like [`parse_feed`], but entries that cannot be used (no date, no category, a bad
/// id) are set aside and returned instead of failing the whole feed.
pub fn parse_feed_lenient(body: &[u8]) -> Result<(Feed, Vec<AtomError>), AtomError> {
    let mut reader = FeedReader::new(body);
    let (mut papers, mut skipped) = (Vec::new(), Vec::new());
    for item in reader.by_ref() {
        match item {
            Ok(paper) => papers.push(paper),
            Err(bad @ AtomError::BadEntry { .. }) => skipped.push(bad),
            Err(fatal) => return Err(fatal),
        }
    }
    Ok((Feed { papers, totals: reader.totals() }, skipped))
}

fn namespace_of(resolved: &ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Bound(Namespace(ATOM)) => Ns::Atom,
        ResolveResult::Bound(Namespace(ARXIV)) => Ns::Arxiv,
        ResolveResult::Bound(Namespace(OPENSEARCH)) => Ns::OpenSearch,
        _ => Ns::Other,
    }
}

fn local_name<'a>(start: &'a BytesStart<'_>) -> &'a str {
    start.local_name().into_inner()
}

fn attribute_value<'a>(attr: &Attribute<'a>, position: u64) -> Result<Cow<'a, str>, AtomError> {
    attr.normalized_value(XmlVersion::Implicit1_0)
        .map_err(|e| AtomError::Malformed { position, message: e.to_string() })
}

fn not_a_feed(position: u64, found: String) -> AtomError {
    AtomError::NotAFeed { position, found }
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

fn doi_from_link(link: &str) -> Option<String> {
    ["https://doi.org/", "http://doi.org/", "http://dx.doi.org/", "https://dx.doi.org/"]
        .iter()
        .find_map(|prefix| link.strip_prefix(prefix))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEGACY: &str = include_str!("../../tests/fixtures/legacy-backend.xml");
    const CURRENT: &str = include_str!("../../tests/fixtures/current-backend.xml");
    const ERROR: &str = include_str!("../../tests/fixtures/error-feed.xml");
    const EMPTY: &str = include_str!("../../tests/fixtures/empty-feed.xml");
    const TRUNCATED: &str = include_str!("../../tests/fixtures/truncated.xml");

    fn parse(text: &str) -> Feed {
        parse_feed(text.as_bytes()).unwrap_or_else(|e| panic!("parse failed: {e}"))
    }

    fn utc(s: &str) -> DateTime<Utc> {
        parse_time(s).unwrap_or_else(|| panic!("bad time {s}"))
    }

    #[test]
    fn legacy_backend_feed() {
        let feed = parse(LEGACY);
        assert_eq!(
            feed.totals,
            FeedTotals { total_results: Some(3), start_index: Some(0), items_per_page: Some(10) }
        );
        let ids: Vec<String> = feed.papers.iter().map(|p| format!("{}v{}", p.id, p.version)).collect();
        assert_eq!(ids, ["1611.00001v2", "hep-th/9901001v2", "math/0309136v1"]);

        let first = &feed.papers[0];
        assert_eq!(
            first.title,
            "Hierarchical Representations of Imagined Objects Decoded with Deep Network Features"
        );
        assert!(
            first
                .abstract_text
                .starts_with("Imagery is generally thought to reuse the patterns of perception. We decode")
        );
        assert!(first.abstract_text.ends_with("(accuracy 0.62 > chance 0.5)."));
        let names: Vec<&str> = first.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Tomoko Horiguchi", "Jürgen Müller-Łukasz"]);
        assert_eq!(first.published, utc("2016-11-29T08:18:38Z"));
        assert_eq!(first.updated, utc("2017-01-23T06:54:20Z"));
        assert_eq!(first.primary_category, "q-bio.NC");
        assert_eq!(first.categories, ["q-bio.NC", "cs.CV"]);
        assert_eq!(first.comment.as_deref(), Some("12 pages, 4 figures"));
        assert_eq!(first.journal_ref.as_deref(), Some("Fake J. Neurosci. 7 (2017) 1-12"));
        assert_eq!(first.dois, ["10.1000/fake.2017.001"]);
        assert_eq!(first.links.abs, "http://arxiv.org/abs/1611.00001v2");
        assert_eq!(first.links.pdf, "http://arxiv.org/pdf/1611.00001v2");

        let old_style = &feed.papers[1];
        assert_eq!(old_style.title, "Dreaming of Branes: A $\\sigma$-Model Approach to $D$-Brane Dynamics");
        assert!(old_style.abstract_text.contains("$\\pm$ symmetric torsion, and find that $g_s < 1$."));
        assert_eq!(old_style.categories, ["hep-th", "math.AG"], "MSC and ACM terms are dropped");
        assert_eq!(feed.papers[2].primary_category, "math.GT");
    }

    #[test]
    fn current_backend_feed() {
        let feed = parse(CURRENT);
        assert_eq!(
            feed.totals,
            FeedTotals { total_results: Some(4), start_index: Some(0), items_per_page: Some(100) }
        );
        assert_eq!(feed.papers.len(), 4);

        let kv = &feed.papers[0];
        assert_eq!(kv.id.as_str(), "2405.14001");
        assert_eq!(kv.version, 1);
        assert_eq!(kv.title, "KV-Cache Compression for Long-Context LLM Inference & Serving");
        assert_eq!(
            kv.abstract_text,
            "Serving long contexts is bound by the key-value cache. We compress it 4.5x with <1% loss, e.g. on LongBench, and release code at https://github.com/example/kvpress. Our method needs no retraining."
        );
        assert_eq!(kv.authors.len(), 3);
        assert_eq!(kv.authors[0].name, "Ana María Nuñez");
        assert_eq!(kv.authors[0].affiliations, ["Universidad de Ejemplo", "Example AI Lab"]);
        assert_eq!(kv.authors[1].name, "李 小龙");
        assert!(kv.authors[1].affiliations.is_empty());
        assert_eq!(kv.authors[2].name, "Zoë O'Brien");
        assert_eq!(kv.dois, ["10.1000/fake.2024.1", "10.1000/fake.2024.2"], "one element, two DOIs");
        assert_eq!(
            kv.comment.as_deref(),
            Some("Accepted at ICML 2024. Code: https://github.com/example/kvpress")
        );
        assert_eq!(kv.journal_ref.as_deref(), Some("Proc. Fake Conf. 2024, pp. 1-10"));
        assert_eq!(kv.categories, ["cs.CL", "cs.LG"]);
        assert_eq!(kv.published, utc("2024-05-23T17:59:04Z"));

        let gqa = &feed.papers[1];
        assert_eq!(
            gqa.title,
            "Grouped-Query Attention at Scale: When $\\alpha$ < 1 Beats \\textit{Full} Attention"
        );
        assert_eq!(
            gqa.abstract_text,
            "We revisit grouped-query attention (GQA) — sharing keys and values across heads — and show it matches full attention."
        );
        assert_eq!(gqa.primary_category, "cs.LG");
        assert_eq!(gqa.categories, ["cs.LG", "cs.CL", "cs.AI"], "primary first, then feed order");
        assert_eq!(gqa.version, 3);
        assert!(gqa.dois.is_empty() && gqa.comment.is_none() && gqa.journal_ref.is_none());

        assert_eq!(feed.papers[2].title, "0", "a title of 0 is a title");
        let astro = &feed.papers[3];
        assert_eq!(astro.id.as_str(), "astro-ph/0601001");
        assert_eq!(astro.primary_category, "astro-ph");
        assert_eq!(astro.authors[0].affiliations, ["Ohio State"]);
    }

    #[test]
    fn element_order_and_prefixes_do_not_matter() {
        let shuffled = r#"<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:x="http://arxiv.org/schemas/atom">
          <a:entry>
            <x:primary_category term="cs.AI"/>
            <a:author><x:affiliation>Lab</x:affiliation><a:name>Late Name</a:name></a:author>
            <a:published>2024-01-02T03:04:05Z</a:published>
            <a:title>Shuffled</a:title>
            <a:id>http://arxiv.org/abs/2401.00001v1</a:id>
            <title>not atom, ignored</title>
          </a:entry>
          <other:x xmlns:other="urn:other"><a:entry/></other:x>
        </a:feed>"#;
        let feed = parse(shuffled);
        assert_eq!(feed.papers.len(), 1);
        let paper = &feed.papers[0];
        assert_eq!(paper.title, "Shuffled");
        assert_eq!(paper.authors[0].name, "Late Name");
        assert_eq!(paper.authors[0].affiliations, ["Lab"]);
        assert_eq!(paper.categories, ["cs.AI"]);
        assert_eq!(paper.updated, paper.published, "missing <updated> falls back to <published>");
        assert_eq!(
            paper.links.abs, "https://arxiv.org/abs/2401.00001v1",
            "missing links are rebuilt from the id"
        );
        assert_eq!(paper.links.pdf, "https://arxiv.org/pdf/2401.00001v1");
    }

    #[test]
    fn error_feed_becomes_a_typed_error() {
        match parse_feed(ERROR.as_bytes()) {
            Err(AtomError::Api { message }) => assert_eq!(message, "incorrect id format for abc"),
            other => panic!("expected an API error, got {other:?}"),
        }
    }

    #[test]
    fn empty_feed_has_totals_and_no_papers() {
        let feed = parse(EMPTY);
        assert!(feed.papers.is_empty());
        assert_eq!(feed.totals.total_results, Some(0));
        assert_eq!(feed.totals.items_per_page, Some(100));
    }

    #[test]
    fn truncated_xml_is_an_error_with_a_position() {
        let mut reader = FeedReader::new(TRUNCATED.as_bytes());
        let first = reader.next().expect("one item").expect("the first entry is complete");
        assert_eq!(first.id.as_str(), "2405.14001");
        match reader.next() {
            Some(Err(AtomError::Truncated { position, element })) => {
                assert_eq!(position, TRUNCATED.len() as u64);
                assert_eq!(element, "entry");
            }
            other => panic!("expected truncation, got {other:?}"),
        }
        assert!(reader.next().is_none(), "the iterator ends after an error");
    }

    #[test]
    fn malformed_and_foreign_inputs_are_errors_not_panics() {
        let cases: &[(&str, &str)] = &[
            ("", "NotAFeed"),
            ("   \n", "NotAFeed"),
            ("Rate exceeded.", "NotAFeed"),
            ("<html><body>502</body></html>", "NotAFeed"),
            ("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry></feed>", "Malformed"),
            ("<feed xmlns=\"http://www.w3.org/2005/Atom\"><link href=\"http://arxiv.org/ab", "Malformed"),
            ("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&nbsp;</title></feed>", "Malformed"),
            (
                "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>http://arxiv.org/abs/2401.00001</id></entry></feed>",
                "BadEntry",
            ),
            (
                "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>http://arxiv.org/abs/2401.00001v1</id><category term=\"cs.AI\"/></entry></feed>",
                "BadEntry",
            ),
            (
                "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>http://arxiv.org/abs/2401.00001v1</id><published>yesterday</published><category term=\"cs.AI\"/></entry></feed>",
                "BadEntry",
            ),
            (
                "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:o=\"http://a9.com/-/spec/opensearch/1.1/\"><o:totalResults>many</o:totalResults></feed>",
                "Malformed",
            ),
        ];
        for (input, kind) in cases {
            let err = parse_feed(input.as_bytes()).expect_err(input);
            let debug = format!("{err:?}");
            assert!(debug.starts_with(kind), "{input:?}: expected {kind}, got {debug}");
            assert!(err.position().is_some(), "{input:?}: no position");
        }
        // Every prefix of a real feed either parses or fails cleanly.
        for cut in (0..CURRENT.len()).step_by(37) {
            let _ = parse_feed(&CURRENT.as_bytes()[..cut]);
        }
    }

    #[test]
    fn a_bad_entry_fails_strict_parsing_but_lenient_parsing_goes_on() {
        let input = r#"<feed xmlns="http://www.w3.org/2005/Atom">
          <entry><id>http://arxiv.org/abs/2401.00001v1</id><category term="cs.AI"/></entry>
          <entry><id>http://arxiv.org/abs/2401.00002v1</id><published>2024-01-02T03:04:05Z</published><category term="cs.AI"/></entry>
        </feed>"#;
        assert!(matches!(parse_feed(input.as_bytes()), Err(AtomError::BadEntry { .. })));
        let (feed, skipped) = parse_feed_lenient(input.as_bytes()).expect("lenient");
        assert_eq!(feed.papers.len(), 1);
        assert_eq!(feed.papers[0].id.as_str(), "2401.00002");
        assert_eq!(skipped.len(), 1);
        assert!(skipped[0].to_string().contains("2401.00001v1"));
    }

    #[test]
    fn entries_without_id_are_skipped_and_counted() {
        let input = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>ghost</title></entry></feed>"#;
        let mut reader = FeedReader::new(input.as_bytes());
        assert!(reader.next().is_none());
        assert_eq!(reader.entries_without_id(), 1);
    }

    #[test]
    fn concatenated_feeds_are_read_in_sequence() {
        let both = format!("{LEGACY}\n{CURRENT}");
        let mut reader = FeedReader::new(both.as_bytes());
        let papers: Vec<Paper> = reader.by_ref().collect::<Result<_, _>>().expect("both parse");
        assert_eq!(papers.len(), 7);
        assert_eq!(reader.feeds_seen(), 2);
        assert_eq!(reader.totals().total_results, Some(4), "totals are the last feed's");
    }
}
