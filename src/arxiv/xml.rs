//! What the OAI-PMH and RSS parsers share: the quick-xml event loop that feeds a
//! parser's state machine, and small helpers for dates, entities and attributes.

use chrono::{DateTime, FixedOffset};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

use crate::model::collapse_whitespace;

/// A parser's state machine, fed one event at a time by [`drive`].
pub(crate) trait Handler {
    type Error;
    /// An element opens (an empty one is followed by [`Handler::close`]).
    fn open(&mut self, ns: &ResolveResult<'_>, start: &BytesStart, position: u64) -> Result<(), Self::Error>;
    fn close(&mut self, position: u64) -> Result<(), Self::Error>;
    fn text(&mut self, content: &str, position: u64) -> Result<(), Self::Error>;
    /// Where the text of an entity or character reference goes, if it is wanted.
    fn capture(&mut self) -> Option<&mut String>;
    fn xml_error(position: u64, message: String) -> Self::Error;
}

/// Reads `body` to its end through `handler`; returns the end position.
pub(crate) fn drive<H: Handler>(body: &[u8], handler: &mut H) -> Result<u64, H::Error> {
    let mut xml = NsReader::from_reader(body);
    xml.config_mut().check_end_names = true;
    loop {
        let position = xml.buffer_position();
        let (resolved, event) = match xml.read_resolved_event() {
            Ok(pair) => pair,
            Err(e) => return Err(H::xml_error(xml.error_position(), e.to_string())),
        };
        match event {
            Event::Start(start) => handler.open(&resolved, &start, position)?,
            Event::Empty(start) => {
                handler.open(&resolved, &start, position)?;
                handler.close(position)?;
            }
            Event::End(_) => handler.close(position)?,
            Event::Text(text) => handler.text(&text.xml10_content(), position)?,
            Event::CData(data) => handler.text(&data.xml10_content(), position)?,
            Event::GeneralRef(reference) => push_reference(handler.capture(), &reference)
                .map_err(|message| H::xml_error(position, message))?,
            Event::Eof => return Ok(position),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
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
fn push_reference(out: Option<&mut String>, reference: &BytesRef<'_>) -> Result<(), String> {
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

/// At most 80 characters of `text`, whitespace collapsed, for error messages.
pub(crate) fn snippet(text: &str) -> String {
    collapse_whitespace(text).chars().take(80).collect()
}
