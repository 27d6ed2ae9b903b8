//! The parser skeleton the OAI-PMH and RSS parsers share: the quick-xml event loop,
//! the stack of open elements, text capture and the errors about the document's
//! shape (a second root, text outside the root, an empty or truncated input). Each
//! format, a [`Format`], says only which elements it cares about and what it builds
//! from them.
//!
//! The export-API Atom parser (`atom.rs`) keeps a loop of its own: it streams from
//! any reader and hands out each entry as it closes, where this loop reads a body
//! held in memory and builds one result at its end. All three parsers use the small
//! helpers below, for dates, entities, attributes and the fields they store.

use chrono::{DateTime, FixedOffset};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

use crate::model::collapse_whitespace;

/// What one document format adds to the skeleton: the meaning of its elements and
/// what it builds from their text. Read by [`parse`].
pub(crate) trait Format {
    /// What an open element means to the format, decided once when it opens.
    type Tag: Copy;
    /// The namespaces the format tells apart.
    type Ns: Copy;
    type Output;
    type Error;
    /// How a message starts when the input is not this format at all.
    const NOT_THIS_FORMAT: &'static str;
    /// The root element's name, for "the input ends inside <…>" should no open
    /// element have a name of its own.
    const ROOT: &'static str;

    fn namespace(resolved: &ResolveResult<'_>) -> Self::Ns;
    /// The root element opens; an error if it is not this format's.
    fn root(
        &mut self,
        ns: Self::Ns,
        local: &str,
        start: &BytesStart,
        position: u64,
    ) -> Result<Self::Tag, Self::Error>;
    /// An element opens inside `parent`.
    fn child(
        &mut self,
        parent: Self::Tag,
        ns: Self::Ns,
        local: &str,
        start: &BytesStart,
        position: u64,
    ) -> Result<Self::Tag, Self::Error>;
    /// Whether the element's text (its descendants' included) goes to [`Format::store`].
    fn captures_text(tag: Self::Tag) -> bool;
    /// The element's name as the format knows it; `None` for elements it ignores.
    fn name(tag: Self::Tag) -> Option<&'static str>;
    /// A capturing element closes with all its text.
    fn store(&mut self, tag: Self::Tag, text: &str, position: u64) -> Result<(), Self::Error>;
    /// Any element closes, after [`Format::store`].
    fn closed(&mut self, tag: Self::Tag);
    /// The whole document was read, to its end at `position`, and it was well formed.
    fn finish(self, position: u64) -> Result<Self::Output, Self::Error>;
    /// Malformed XML, or a document of the wrong shape, at `position`.
    fn xml_error(position: u64, message: String) -> Self::Error;
}

/// Reads `body` to its end through `format`, and returns what it built.
pub(crate) fn parse<F: Format>(body: &[u8], format: F) -> Result<F::Output, F::Error> {
    let mut document =
        Document { format, open: Vec::new(), root_seen: false, capturing: false, text: String::new() };
    let mut xml = NsReader::from_reader(body);
    xml.config_mut().check_end_names = true;
    loop {
        let position = xml.buffer_position();
        let (resolved, event) = match xml.read_resolved_event() {
            Ok(pair) => pair,
            Err(e) => return Err(F::xml_error(xml.error_position(), e.to_string())),
        };
        match event {
            Event::Start(start) => document.open(&resolved, &start, position)?,
            Event::Empty(start) => {
                document.open(&resolved, &start, position)?;
                document.close(position)?;
            }
            Event::End(_) => document.close(position)?,
            Event::Text(text) => document.text(&text.xml10_content(), position)?,
            Event::CData(data) => document.text(&data.xml10_content(), position)?,
            Event::GeneralRef(reference) => {
                let out = document.capturing.then_some(&mut document.text);
                push_reference(out, &reference).map_err(|message| F::xml_error(position, message))?;
            }
            Event::Eof => return document.finish(position),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
}

/// A document being read: what the skeleton tracks around the format's own state.
struct Document<F: Format> {
    format: F,
    open: Vec<F::Tag>,
    root_seen: bool,
    /// Set when a capturing element opens, cleared when one closes.
    capturing: bool,
    /// The captured text; one buffer for the whole document, so its capacity serves
    /// every field.
    text: String,
}

impl<F: Format> Document<F> {
    fn open(
        &mut self,
        resolved: &ResolveResult<'_>,
        start: &BytesStart,
        position: u64,
    ) -> Result<(), F::Error> {
        let ns = F::namespace(resolved);
        let local = start.local_name().into_inner();
        let tag = match self.open.last().copied() {
            Some(parent) => self.format.child(parent, ns, local, start, position)?,
            None if self.root_seen => {
                return Err(F::xml_error(position, format!("a second root element <{}>", qualified(start))));
            }
            None => {
                let tag = self.format.root(ns, local, start, position)?;
                self.root_seen = true;
                tag
            }
        };
        if F::captures_text(tag) {
            self.capturing = true;
            self.text.clear();
        }
        self.open.push(tag);
        Ok(())
    }

    fn close(&mut self, position: u64) -> Result<(), F::Error> {
        let Some(tag) = self.open.pop() else {
            return Ok(());
        };
        if F::captures_text(tag) {
            self.capturing = false;
            self.format.store(tag, &self.text, position)?;
        }
        self.format.closed(tag);
        Ok(())
    }

    fn text(&mut self, content: &str, position: u64) -> Result<(), F::Error> {
        if self.capturing {
            self.text.push_str(content);
        } else if self.open.is_empty() && !content.trim().is_empty() {
            let message = format!("{}: the response is the text '{}'", F::NOT_THIS_FORMAT, snippet(content));
            return Err(F::xml_error(position, message));
        }
        Ok(())
    }

    fn finish(self, position: u64) -> Result<F::Output, F::Error> {
        if !self.open.is_empty() {
            let inside = self.open.iter().rev().find_map(|&tag| F::name(tag)).unwrap_or(F::ROOT);
            return Err(F::xml_error(position, format!("the input ends inside <{inside}>")));
        }
        if !self.root_seen {
            return Err(F::xml_error(position, "the response is empty".into()));
        }
        self.format.finish(position)
    }
}

/// Parses an RFC 2822 time as arXiv writes them: `Tue, 3 Apr 2007 22:04:11 GMT`
/// (old OAI server, day not padded), `Tue, 03 Apr 2007 …` (current server) and
/// `Mon, 27 Apr 2026 00:00:00 -0400` (RSS). A weekday that does not match the date
/// is ignored rather than fatal: the date itself is what matters.
pub(crate) fn parse_rfc2822(text: &str) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    DateTime::parse_from_rfc2822(text).ok().or_else(|| {
        let (_, without_weekday) = text.split_once(',')?;
        DateTime::parse_from_rfc2822(without_weekday.trim()).ok()
    })
}

/// Appends what an entity or character reference stands for to `out` (when text is
/// being captured). Only XML's five predefined entities exist in these documents;
/// anything else (`&nbsp;` from an HTML error page) means the input is not theirs.
pub(crate) fn push_reference(out: Option<&mut String>, reference: &BytesRef<'_>) -> Result<(), String> {
    let resolved = match reference.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        Ok(None) => None,
        Err(e) => return Err(e.to_string()),
    };
    match (resolved, out) {
        (Some(c), Some(out)) => out.push(c),
        (Some(_), None) => {}
        (None, out) => match quick_xml::escape::resolve_predefined_entity(reference) {
            Some(s) => {
                if let Some(out) = out {
                    out.push_str(s);
                }
            }
            None => return Err(format!("unknown entity &{};", &**reference)),
        },
    }
    Ok(())
}

/// The value of an attribute matched by its name as written, or `None`.
pub(crate) fn attribute_text(start: &BytesStart, name: &str) -> Result<Option<String>, String> {
    match start.try_get_attribute(name) {
        Ok(Some(attr)) => attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map(|value| Some(value.into_owned()))
            .map_err(|e| e.to_string()),
        Ok(None) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// The element's name as written, prefix included, for messages.
pub(crate) fn qualified<'a>(start: &'a BytesStart<'_>) -> &'a str {
    start.name().into_inner()
}

/// At most 80 characters of `text`, whitespace collapsed, for error messages.
pub(crate) fn snippet(text: &str) -> String {
    collapse_whitespace(text).chars().take(80).collect()
}

/// An optional field: an element left empty is the same as one left out.
pub(crate) fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}
