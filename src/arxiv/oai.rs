//! A parser for OAI-PMH `ListRecords` and `GetRecord` responses in the `arXivRaw`
//! metadata format, from both the old server (`export.arxiv.org/oai2`, to 2025) and
//! the current one (`oaipmh.arxiv.org/oai`).
//!
//! `arXivRaw` is the only format read, because it is the only one that carries the
//! submission time of every version. Elements are matched by namespace URI and
//! local name, never by position or prefix, so both servers' layouts (one record
//! per line, or pretty-printed) parse alike. A page (a few thousand records at
//! most) is read from memory in one streaming pass.
//!
//! The parser skeleton (event loop, open elements, text capture) and small XML
//! helpers are shared with the RSS parser (`xml.rs`): this file says which
//! elements matter and what they make.

use chrono::{DateTime, NaiveDate, Utc};
use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;
use quick_xml::name::{Namespace, ResolveResult};

use crate::arxiv::authors::split_author_list;
use crate::arxiv::xml::{self, Format, attribute_text, non_empty, parse_rfc2822, qualified, snippet};
use crate::id::{ArxivId, VersionedId};
use crate::model::{Links, Paper, collapse_whitespace, is_category_code};

const OAI: &str = "http://www.openarchives.org/OAI/2.0/";
const ARXIV_RAW: &str = "http://arxiv.org/OAI/arXivRaw/";

/// One response page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OaiPage {
    /// When the server answered. Its date is the `from` of the next incremental
    /// harvest.
    pub response_date: DateTime<Utc>,
    pub records: Vec<OaiRecord>,
    /// Where the list goes on; `None` on the last page (no token element, or an
    /// empty one) and for `noRecordsMatch`.
    pub resumption: Option<ResumptionToken>,
}

/// A `<resumptionToken>`. The old server gave `cursor` and `completeListSize`, the
/// current one gives an expiry (midnight UTC) instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumptionToken {
    /// Opaque: sent back exactly as received.
    pub token: String,
    pub expires: Option<DateTime<Utc>>,
    pub complete_list_size: Option<u64>,
    pub cursor: Option<u64>,
}

/// One `<record>`.
// Nearly every record is `Present`, so boxing the paper would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OaiRecord {
    /// `<header status="deleted">`: the paper was withdrawn from the repository.
    Deleted { id: ArxivId, datestamp: NaiveDate },
    Present {
        /// The last modification of the record; not a submission or announcement date.
        datestamp: NaiveDate,
        /// The header's setSpecs as given: `physics:hep-ex` (old server) or `cs:cs:LG`.
        sets: Vec<String>,
        /// The latest version's metadata.
        paper: Paper,
        /// Every version, sorted by number.
        versions: Vec<RawVersion>,
    },
}

impl OaiRecord {
    pub fn datestamp(&self) -> NaiveDate {
        match self {
            OaiRecord::Deleted { datestamp, .. } | OaiRecord::Present { datestamp, .. } => *datestamp,
        }
    }
}

/// One `<version>` of an `arXivRaw` record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawVersion {
    pub version: u32,
    pub submitted: DateTime<Utc>,
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OaiError {
    /// The server answered with `<error code="…">` (other than `noRecordsMatch`).
    #[error("OAI-PMH error {code}: {message}")]
    Protocol { code: String, message: String },
    /// Malformed or truncated XML, or not an OAI-PMH `ListRecords`/`GetRecord` answer.
    #[error("unreadable OAI-PMH response at byte {position}: {message}")]
    Xml { position: u64, message: String },
    /// One record that cannot be used; the XML around it is sound.
    #[error("OAI record {id} at byte {position}: {problem}")]
    BadRecord { position: u64, id: String, problem: String },
}

impl OaiError {
    /// The byte offset in the input that the error refers to, if any.
    pub fn position(&self) -> Option<u64> {
        match self {
            OaiError::Xml { position, .. } | OaiError::BadRecord { position, .. } => Some(*position),
            OaiError::Protocol { .. } => None,
        }
    }

    /// An expired or unknown token: the harvest must restart from its last `from`.
    pub fn is_bad_resumption_token(&self) -> bool {
        matches!(self, OaiError::Protocol { code, .. } if code == "badResumptionToken")
    }
}

/// Parses one response body. Any unusable record fails the page; see
/// [`parse_list_records_lenient`] to set such records aside instead.
#[cfg(test)]
pub fn parse_list_records(body: &[u8]) -> Result<OaiPage, OaiError> {
    let (page, skipped) = parse_list_records_lenient(body)?;
    match skipped.into_iter().next() {
        Some(bad) => Err(bad),
        None => Ok(page),
    }
}

/// Like [`parse_list_records`], but records that cannot be used (another metadata
/// format, no version, no category, a bad id or date) come back as
/// [`OaiError::BadRecord`]s beside the page, so a harvest can go on past them.
pub fn parse_list_records_lenient(body: &[u8]) -> Result<(OaiPage, Vec<OaiError>), OaiError> {
    xml::parse(body, ParseState::default())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Oai,
    Raw,
    Other,
}

/// What an open element means here; decided from its parent, namespace and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Root,
    ResponseDate,
    Error,
    Verb,
    Record,
    Header,
    Identifier,
    Datestamp,
    SetSpec,
    Metadata,
    Raw,
    RawField(RawField),
    Version,
    VersionDate,
    Token,
    /// The root of a metadata format other than arXivRaw.
    Foreign,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawField {
    Id,
    Title,
    Authors,
    Categories,
    Comments,
    JournalRef,
    Doi,
    Abstract,
}

#[derive(Default)]
struct RecordDraft {
    start: u64,
    identifier: Option<String>,
    datestamp: Option<String>,
    sets: Vec<String>,
    deleted: bool,
    /// The qualified name of a metadata root that is not arXivRaw.
    foreign: Option<String>,
    raw: Option<RawDraft>,
}

#[derive(Default)]
struct RawDraft {
    id: Option<String>,
    title: Option<String>,
    authors: Option<String>,
    categories: Option<String>,
    comment: Option<String>,
    journal_ref: Option<String>,
    dois: Vec<String>,
    abstract_text: Option<String>,
    versions: Vec<VersionDraft>,
}

struct VersionDraft {
    label: Option<String>,
    date: Option<String>,
}

/// What this format remembers between events; the open elements and the text
/// being captured are the skeleton's.
#[derive(Default)]
struct ParseState {
    response_date: Option<DateTime<Utc>>,
    saw_verb: bool,
    no_records_match: bool,
    error_code: Option<String>,
    record: Option<RecordDraft>,
    records: Vec<OaiRecord>,
    skipped: Vec<OaiError>,
    token: Option<ResumptionToken>,
}

impl Format for ParseState {
    type Tag = Tag;
    type Ns = Ns;
    type Output = (OaiPage, Vec<OaiError>);
    type Error = OaiError;
    const NOT_THIS_FORMAT: &'static str = "not OAI-PMH";
    const ROOT: &'static str = "OAI-PMH";

    fn namespace(resolved: &ResolveResult<'_>) -> Ns {
        match resolved {
            ResolveResult::Bound(Namespace(OAI)) => Ns::Oai,
            ResolveResult::Bound(Namespace(ARXIV_RAW)) => Ns::Raw,
            _ => Ns::Other,
        }
    }

    fn root(&mut self, ns: Ns, local: &str, start: &BytesStart, position: u64) -> Result<Tag, OaiError> {
        if ns == Ns::Oai && local == "OAI-PMH" {
            return Ok(Tag::Root);
        }
        let found = qualified(start);
        Err(xml_error(position, format!("not OAI-PMH: the root element is <{found}>")))
    }

    fn child(
        &mut self,
        parent: Tag,
        ns: Ns,
        local: &str,
        start: &BytesStart,
        position: u64,
    ) -> Result<Tag, OaiError> {
        let attr = |name: &str| attribute_text(start, name).map_err(|message| xml_error(position, message));
        let tag = match (parent, ns, local) {
            (Tag::Root, Ns::Oai, "responseDate") => Tag::ResponseDate,
            (Tag::Root, Ns::Oai, "error") => {
                self.error_code = attr("code")?;
                Tag::Error
            }
            (Tag::Root, Ns::Oai, "ListRecords" | "GetRecord") => {
                self.saw_verb = true;
                Tag::Verb
            }
            (Tag::Root, Ns::Oai, "Identify" | "ListIdentifiers" | "ListSets" | "ListMetadataFormats") => {
                let message = format!("the response is {local}, not ListRecords or GetRecord");
                return Err(xml_error(position, message));
            }
            (Tag::Verb, Ns::Oai, "record") => {
                self.record = Some(RecordDraft { start: position, ..RecordDraft::default() });
                Tag::Record
            }
            (Tag::Verb, Ns::Oai, "resumptionToken") => {
                self.token = Some(read_token_attributes(start, position)?);
                Tag::Token
            }
            (Tag::Record, Ns::Oai, "header") => {
                let deleted = attr("status")?.is_some_and(|s| s.trim() == "deleted");
                if let Some(record) = self.record.as_mut() {
                    record.deleted = deleted;
                }
                Tag::Header
            }
            (Tag::Record, Ns::Oai, "metadata") => Tag::Metadata,
            (Tag::Header, Ns::Oai, "identifier") => Tag::Identifier,
            (Tag::Header, Ns::Oai, "datestamp") => Tag::Datestamp,
            (Tag::Header, Ns::Oai, "setSpec") => Tag::SetSpec,
            (Tag::Metadata, Ns::Raw, "arXivRaw") => {
                if let Some(record) = self.record.as_mut() {
                    record.raw = Some(RawDraft::default());
                }
                Tag::Raw
            }
            (Tag::Metadata, _, _) => {
                if let Some(record) = self.record.as_mut() {
                    record.foreign = Some(qualified(start).to_string());
                }
                Tag::Foreign
            }
            (Tag::Raw, Ns::Raw, "version") => {
                let label = attr("version")?;
                if let Some(raw) = self.raw_mut() {
                    raw.versions.push(VersionDraft { label, date: None });
                }
                Tag::Version
            }
            (Tag::Raw, Ns::Raw, field) => match field {
                "id" => Tag::RawField(RawField::Id),
                "title" => Tag::RawField(RawField::Title),
                "authors" => Tag::RawField(RawField::Authors),
                "categories" => Tag::RawField(RawField::Categories),
                "comments" => Tag::RawField(RawField::Comments),
                "journal-ref" => Tag::RawField(RawField::JournalRef),
                "doi" => Tag::RawField(RawField::Doi),
                "abstract" => Tag::RawField(RawField::Abstract),
                _ => Tag::Other,
            },
            (Tag::Version, Ns::Raw, "date") => Tag::VersionDate,
            _ => Tag::Other,
        };
        Ok(tag)
    }

    fn captures_text(tag: Tag) -> bool {
        matches!(
            tag,
            Tag::ResponseDate
                | Tag::Error
                | Tag::Identifier
                | Tag::Datestamp
                | Tag::SetSpec
                | Tag::RawField(_)
                | Tag::VersionDate
                | Tag::Token
        )
    }

    fn name(tag: Tag) -> Option<&'static str> {
        Some(match tag {
            Tag::Root => "OAI-PMH",
            Tag::ResponseDate => "responseDate",
            Tag::Error => "error",
            Tag::Verb => "ListRecords",
            Tag::Record => "record",
            Tag::Header => "header",
            Tag::Identifier => "identifier",
            Tag::Datestamp => "datestamp",
            Tag::SetSpec => "setSpec",
            Tag::Metadata => "metadata",
            Tag::Raw => "arXivRaw",
            Tag::RawField(RawField::Id) => "id",
            Tag::RawField(RawField::Title) => "title",
            Tag::RawField(RawField::Authors) => "authors",
            Tag::RawField(RawField::Categories) => "categories",
            Tag::RawField(RawField::Comments) => "comments",
            Tag::RawField(RawField::JournalRef) => "journal-ref",
            Tag::RawField(RawField::Doi) => "doi",
            Tag::RawField(RawField::Abstract) => "abstract",
            Tag::Version => "version",
            Tag::VersionDate => "date",
            Tag::Token => "resumptionToken",
            Tag::Foreign | Tag::Other => return None,
        })
    }

    fn store(&mut self, tag: Tag, text: &str, position: u64) -> Result<(), OaiError> {
        let trimmed = text.trim();
        match tag {
            Tag::ResponseDate => {
                let time = DateTime::parse_from_rfc3339(trimmed).map_err(|_| {
                    xml_error(
                        position,
                        format!("<responseDate> '{}' is not an RFC 3339 time", snippet(trimmed)),
                    )
                })?;
                self.response_date = Some(time.with_timezone(&Utc));
            }
            Tag::Error => {
                let code = self.error_code.take().unwrap_or_default();
                if code == "noRecordsMatch" {
                    self.no_records_match = true;
                } else {
                    return Err(OaiError::Protocol { code, message: collapse_whitespace(text) });
                }
            }
            Tag::Token => {
                if let Some(token) = self.token.as_mut() {
                    token.token = trimmed.to_string();
                }
            }
            Tag::Identifier | Tag::Datestamp | Tag::SetSpec => {
                let Some(record) = self.record.as_mut() else {
                    return Ok(());
                };
                match tag {
                    Tag::Identifier => record.identifier = Some(trimmed.to_string()),
                    Tag::Datestamp => record.datestamp = Some(trimmed.to_string()),
                    _ if !trimmed.is_empty() => record.sets.push(trimmed.to_string()),
                    _ => {}
                }
            }
            Tag::VersionDate => {
                if let Some(version) = self.raw_mut().and_then(|raw| raw.versions.last_mut()) {
                    version.date = Some(trimmed.to_string());
                }
            }
            Tag::RawField(field) => {
                let Some(raw) = self.raw_mut() else {
                    return Ok(());
                };
                match field {
                    RawField::Id => raw.id = Some(trimmed.to_string()),
                    RawField::Title => raw.title = Some(collapse_whitespace(text)),
                    RawField::Authors => raw.authors = Some(text.to_string()),
                    RawField::Categories => raw.categories = Some(text.to_string()),
                    RawField::Comments => raw.comment = non_empty(collapse_whitespace(text)),
                    RawField::JournalRef => raw.journal_ref = non_empty(collapse_whitespace(text)),
                    RawField::Doi => raw.dois.extend(text.split_whitespace().map(str::to_string)),
                    RawField::Abstract => raw.abstract_text = Some(collapse_whitespace(text)),
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn closed(&mut self, tag: Tag) {
        if tag == Tag::Record
            && let Some(draft) = self.record.take()
        {
            match build_record(draft) {
                Ok(record) => self.records.push(record),
                Err(bad) => self.skipped.push(bad),
            }
        }
    }

    fn finish(self, position: u64) -> Result<(OaiPage, Vec<OaiError>), OaiError> {
        let Some(response_date) = self.response_date else {
            return Err(xml_error(position, "no <responseDate>".into()));
        };
        if !self.saw_verb && !self.no_records_match {
            return Err(xml_error(position, "no <ListRecords>, <GetRecord> or <error> element".into()));
        }
        let resumption = self.token.filter(|t| !t.token.is_empty());
        Ok((OaiPage { response_date, records: self.records, resumption }, self.skipped))
    }

    fn xml_error(position: u64, message: String) -> OaiError {
        xml_error(position, message)
    }
}

impl ParseState {
    fn raw_mut(&mut self) -> Option<&mut RawDraft> {
        self.record.as_mut().and_then(|r| r.raw.as_mut())
    }
}

fn read_token_attributes(start: &BytesStart, position: u64) -> Result<ResumptionToken, OaiError> {
    let mut token =
        ResumptionToken { token: String::new(), expires: None, complete_list_size: None, cursor: None };
    for attr in start.attributes().with_checks(false) {
        let attr = attr.map_err(|e| xml_error(position, e.to_string()))?;
        let value =
            attr.normalized_value(XmlVersion::Implicit1_0).map_err(|e| xml_error(position, e.to_string()))?;
        let value = value.trim();
        // These are advisory: a value that does not parse is left out, not fatal.
        match attr.key.local_name().into_inner() {
            "cursor" => token.cursor = value.parse().ok(),
            "completeListSize" => token.complete_list_size = value.parse().ok(),
            // The standard name, and the one arXiv's 2025 templates use.
            "expirationDate" | "expires" => {
                token.expires = DateTime::parse_from_rfc3339(value).ok().map(|t| t.with_timezone(&Utc));
            }
            _ => {}
        }
    }
    Ok(token)
}

fn build_record(draft: RecordDraft) -> Result<OaiRecord, OaiError> {
    let position = draft.start;
    let shown_id = draft
        .raw
        .as_ref()
        .and_then(|raw| raw.id.clone())
        .or_else(|| draft.identifier.clone())
        .unwrap_or_else(|| "(no identifier)".to_string());
    let bad = |problem: String| OaiError::BadRecord { position, id: shown_id.clone(), problem };

    let datestamp_text = draft.datestamp.as_deref().ok_or_else(|| bad("no <datestamp>".into()))?;
    let datestamp = parse_datestamp(datestamp_text)
        .ok_or_else(|| bad(format!("<datestamp> '{datestamp_text}' is not a YYYY-MM-DD date")))?;
    if draft.deleted {
        let identifier =
            draft.identifier.as_deref().ok_or_else(|| bad("a deleted record without <identifier>".into()))?;
        let id = ArxivId::parse(identifier).map_err(|e| bad(e.to_string()))?;
        return Ok(OaiRecord::Deleted { id, datestamp });
    }
    if let Some(format) = &draft.foreign {
        return Err(bad(format!(
            "metadata format <{format}> is not supported; only arXivRaw is read (request metadataPrefix=arXivRaw)"
        )));
    }
    let Some(raw) = draft.raw else {
        return Err(bad("no <metadata>, and the header does not say it is deleted".into()));
    };
    let id_text = raw.id.as_deref().or(draft.identifier.as_deref()).ok_or_else(|| bad("no <id>".into()))?;
    let id = VersionedId::parse(id_text).map_err(|e| bad(e.to_string()))?.id;

    let mut versions = Vec::with_capacity(raw.versions.len());
    for draft_version in &raw.versions {
        let label = draft_version.label.as_deref().unwrap_or("").trim();
        let version = label
            .strip_prefix(['v', 'V'])
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|n| *n > 0)
            .ok_or_else(|| bad(format!("<version version=\"{label}\"> is not vN")))?;
        let date = draft_version.date.as_deref().ok_or_else(|| bad(format!("v{version} has no <date>")))?;
        let submitted = parse_rfc2822(date)
            .ok_or_else(|| bad(format!("the date of v{version}, '{date}', is not an RFC 2822 time")))?;
        versions.push(RawVersion { version, submitted: submitted.with_timezone(&Utc) });
    }
    versions.sort_by_key(|v| v.version);
    versions.dedup_by_key(|v| v.version);
    let (Some(first), Some(latest)) = (versions.first().copied(), versions.last().copied()) else {
        return Err(bad("no <version> elements".into()));
    };

    let mut categories: Vec<String> = Vec::new();
    for code in raw.categories.as_deref().unwrap_or("").split_whitespace() {
        if is_category_code(code) && !categories.iter().any(|c| c == code) {
            categories.push(code.to_string());
        }
    }
    let Some(primary_category) = categories.first().cloned() else {
        return Err(bad("no arXiv category".into()));
    };
    let mut dois = raw.dois;
    dois = crate::model::distinct(dois);

    let version = latest.version;
    let links = Links {
        abs: format!("https://arxiv.org/abs/{id}v{version}"),
        pdf: format!("https://arxiv.org/pdf/{id}v{version}"),
    };
    let paper = Paper {
        id,
        version,
        title: raw.title.unwrap_or_default(),
        abstract_text: raw.abstract_text.unwrap_or_default(),
        authors: split_author_list(raw.authors.as_deref().unwrap_or("")),
        published: first.submitted,
        updated: latest.submitted,
        primary_category,
        categories,
        comment: raw.comment,
        journal_ref: raw.journal_ref,
        dois,
        links,
    };
    Ok(OaiRecord::Present { datestamp, sets: draft.sets, paper, versions })
}

/// OAI datestamps are days here; a full UTC time (the other granularity the
/// protocol allows) is cut to its day.
fn parse_datestamp(text: &str) -> Option<NaiveDate> {
    let day = match text.get(10..) {
        Some(rest) if rest.starts_with('T') => text.get(..10)?,
        _ => text,
    };
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

fn xml_error(position: u64, message: String) -> OaiError {
    OaiError::Xml { position, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_of(record: &OaiRecord) -> &str {
        match record {
            OaiRecord::Deleted { id, .. } => id.as_str(),
            OaiRecord::Present { paper, .. } => paper.id.as_str(),
        }
    }

    /// Old server (export.arxiv.org/oai2): one line per record body, unpadded days,
    /// archive-level setSpecs, `cursor`/`completeListSize` on the token, entities in
    /// the abstract, a multi-DOI `<doi>`, an old-style id and a deleted record.
    const OLD_PAGE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>2015-02-03T10:20:30Z</responseDate>
<request verb="ListRecords" from="2014-12-01" metadataPrefix="arXivRaw">http://export.arxiv.org/oai2</request>
<ListRecords>
<record>
<header>
 <identifier>oai:arXiv.org:0705.0123</identifier>
 <datestamp>2014-12-02</datestamp>
 <setSpec>physics:nucl-ex</setSpec>
 <setSpec>physics:nucl-th</setSpec>
</header>
<metadata>
 <arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://arxiv.org/OAI/arXivRaw/ http://arxiv.org/OAI/arXivRaw.xsd">
 <id>0705.0123</id><submitter>Dana Quarry</submitter><version version="v1"><date>Wed, 2 May 2007 09:15:42 GMT</date><size>294kb</size></version><title>Isospin Drift in Warm Nuclear Matter: A Toy-Model
  Perspective</title><authors>D.V. Quarry, S.J. Lune, and G.A. Tove</authors><categories>nucl-ex nucl-th</categories><comments>16 pages, 14 figures</comments><journal-ref>Fake Phys.Rev.C99:000001,2007; Erratum-ibid.C99:000002,2007</journal-ref><doi>10.1000/fake.0001 10.1000/fake.0002</doi><abstract>  The drift of isospin in warm matter is of some importance. The comparison
rules out an extremely &quot; stiff &quot; and &quot; soft &quot; form
of the drift, with 5 &lt; A &amp; B &gt; 3.
</abstract></arXivRaw>
</metadata>
</record>
<record>
<header>
 <identifier>oai:arXiv.org:0705.0456</identifier>
 <datestamp>2014-12-22</datestamp>
 <setSpec>math</setSpec>
 <setSpec>physics:math-ph</setSpec>
</header>
<metadata>
 <arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://arxiv.org/OAI/arXivRaw/ http://arxiv.org/OAI/arXivRaw.xsd">
 <id>0705.0456</id><submitter>Ines Polder</submitter><version version="v3"><date>Tue, 4 Mar 2008 16:05:39 GMT</date><size>48kb</size></version><version version="v1"><date>Wed, 9 May 2007 12:45:03 GMT</date><size>43kb</size></version><version version="v4"><date>Tue, 13 Jan 2009 09:07:25 GMT</date><size>49kb</size></version><version version="v2"><date>Mon, 1 Oct 2007 15:13:43 GMT</date><size>48kb</size></version><title>Limit Shapes of Toy Polygons</title><authors>Ines Polder</authors><categories>math-ph math.MP</categories><comments>54 pages; v2 expanded; v3 changes in
  some proofs; v4 slightly expanded</comments><msc-class>05A15, 05A16</msc-class><journal-ref>Toy Polygons, 1-99, Lecture Notes in
  Nothing, 1, Nowhere, 2009</journal-ref><license>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</license><abstract>  We discuss toy polygons.
</abstract></arXivRaw>
</metadata>
</record>
<record>
<header>
 <identifier>oai:arXiv.org:solv-int/9901002</identifier>
 <datestamp>2014-12-23</datestamp>
 <setSpec>nlin</setSpec>
</header>
<metadata>
 <arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://arxiv.org/OAI/arXivRaw/ http://arxiv.org/OAI/arXivRaw.xsd">
 <id>solv-int/9901002</id><submitter>K. Lattice</submitter><version version="v1"><date>Tue, 5 Jan 1999 08:00:00 GMT</date><size>12kb</size></version><title>Solitons on a Toy Lattice</title><authors>K. Lattice (Example Univ., Nowhere) and M. Ring</authors><categories>solv-int nlin.SI</categories><abstract>Short.</abstract></arXivRaw>
</metadata>
</record>
<record>
<header status="deleted">
 <identifier>oai:arXiv.org:0705.0999</identifier>
 <datestamp>2014-12-30</datestamp>
</header>
</record>
<resumptionToken cursor="0" completeListSize="41234">812345|1001</resumptionToken>
</ListRecords>
</OAI-PMH>
"#;

    /// Current server (oaipmh.arxiv.org, 2025 rewrite), laid out as its templates
    /// print: indented, zero-padded days, `source_type`, category-level setSpecs, a
    /// deleted record and a URL-quoted token with `expirationDate`.
    const NEW_PAGE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" 
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
    <responseDate>2026-05-01T03:04:05Z</responseDate>
    <request verb="ListRecords" metadataPrefix="arXivRaw" from="2026-04-30">https://oaipmh.arxiv.org/oai</request>
    <ListRecords>
        <record>
            <header>
                <identifier>oai:arXiv.org:2604.01234</identifier>
                <datestamp>2026-04-30</datestamp>
                <setSpec>cs:cs:LG</setSpec>
                <setSpec>cs:cs:AI</setSpec>
                <setSpec>stat:stat:ML</setSpec>
            </header>
            <metadata>
                <arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://arxiv.org/OAI/arXivRaw/ http://arxiv.org/OAI/arXivRaw.xsd">
        <id>2604.01234</id>
        <submitter>Ana Ruiz</submitter>
            <version version="v1">
                <date>Mon, 06 Apr 2026 17:59:59 GMT</date>
                <size>1024kb</size>
                    <source_type>D</source_type>
            </version>
            <version version="v2">
                <date>Thu, 23 Apr 2026 08:00:01 GMT</date>
                <size>1100kb</size>
            </version>
        <title>Sparse Toy Transformers
  for Pretend Data</title>
        <authors>Ana Ruiz (Univ. Example, Spain), Bo Li (Example AI Lab) and
  Chen Wu</authors>
        <categories>cs.LG cs.AI stat.ML</categories>
            <comments>12 pages, 3 figures</comments>
            <doi>10.1000/fake.2026.7</doi>
            <license>http://creativecommons.org/licenses/by/4.0/</license>
            <abstract>  We train toy transformers on pretend data.
It works.
</abstract>
    </arXivRaw>
            </metadata>
        </record>
        <record>
            <header status="deleted">
                <identifier>oai:arXiv.org:2603.09999</identifier>
                <datestamp>2026-04-30</datestamp>
                <setSpec>cs:cs:CL</setSpec>
            </header>
        </record>
        <resumptionToken expirationDate="2026-05-02T00:00:00Z">verb%3DListRecords%26metadataPrefix%3DarXivRaw%26from%3D2026-04-30%26skip%3D2500</resumptionToken>
    </ListRecords>
</OAI-PMH>"#;

    fn page(text: &str) -> OaiPage {
        parse_list_records(text.as_bytes()).unwrap_or_else(|e| panic!("parse failed: {e}"))
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).expect("test time")
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn present(record: &OaiRecord) -> (&NaiveDate, &Vec<String>, &Paper, &Vec<RawVersion>) {
        match record {
            OaiRecord::Present { datestamp, sets, paper, versions } => (datestamp, sets, paper, versions),
            other => panic!("expected a present record, got {other:?}"),
        }
    }

    /// Wraps record XML in a minimal ListRecords page.
    fn wrap(records: &str) -> String {
        format!(
            r#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate><ListRecords>{records}</ListRecords></OAI-PMH>"#
        )
    }

    fn raw_record(id: &str, body: &str) -> String {
        format!(
            r#"<record><header><identifier>oai:arXiv.org:{id}</identifier><datestamp>2026-01-01</datestamp></header><metadata><arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/"><id>{id}</id>{body}</arXivRaw></metadata></record>"#
        )
    }

    #[test]
    fn old_server_page() {
        let page = page(OLD_PAGE);
        assert_eq!(page.response_date, utc("2015-02-03T10:20:30Z"));
        assert_eq!(
            page.resumption,
            Some(ResumptionToken {
                token: "812345|1001".into(),
                expires: None,
                complete_list_size: Some(41234),
                cursor: Some(0),
            })
        );
        assert_eq!(page.records.len(), 4);

        let (datestamp, sets, paper, versions) = present(&page.records[0]);
        assert_eq!(*datestamp, day("2014-12-02"));
        assert_eq!(sets, &["physics:nucl-ex", "physics:nucl-th"]);
        assert_eq!(paper.id.as_str(), "0705.0123");
        assert_eq!(paper.version, 1);
        assert_eq!(paper.title, "Isospin Drift in Warm Nuclear Matter: A Toy-Model Perspective");
        assert_eq!(
            paper.abstract_text,
            "The drift of isospin in warm matter is of some importance. The comparison rules out an \
             extremely \" stiff \" and \" soft \" form of the drift, with 5 < A & B > 3."
        );
        let names: Vec<&str> = paper.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["D.V. Quarry", "S.J. Lune", "G.A. Tove"]);
        assert_eq!(paper.categories, ["nucl-ex", "nucl-th"]);
        assert_eq!(paper.primary_category, "nucl-ex");
        assert_eq!(paper.comment.as_deref(), Some("16 pages, 14 figures"));
        assert_eq!(
            paper.journal_ref.as_deref(),
            Some("Fake Phys.Rev.C99:000001,2007; Erratum-ibid.C99:000002,2007")
        );
        assert_eq!(paper.dois, ["10.1000/fake.0001", "10.1000/fake.0002"]);
        assert_eq!(versions, &[RawVersion { version: 1, submitted: utc("2007-05-02T09:15:42Z") }]);
        assert_eq!(paper.published, paper.updated);
        assert_eq!(paper.links.abs, "https://arxiv.org/abs/0705.0123v1");
        assert_eq!(paper.links.pdf, "https://arxiv.org/pdf/0705.0123v1");

        let (_, sets, paper, versions) = present(&page.records[1]);
        assert_eq!(sets, &["math", "physics:math-ph"]);
        let numbers: Vec<u32> = versions.iter().map(|v| v.version).collect();
        assert_eq!(numbers, [1, 2, 3, 4], "sorted whatever the input order");
        assert_eq!(versions[1].submitted, utc("2007-10-01T15:13:43Z"));
        assert_eq!(paper.version, 4);
        assert_eq!(paper.published, utc("2007-05-09T12:45:03Z"), "v1's time");
        assert_eq!(paper.updated, utc("2009-01-13T09:07:25Z"), "the latest version's time");
        assert_eq!(
            paper.comment.as_deref(),
            Some("54 pages; v2 expanded; v3 changes in some proofs; v4 slightly expanded")
        );
        assert_eq!(
            paper.journal_ref.as_deref(),
            Some("Toy Polygons, 1-99, Lecture Notes in Nothing, 1, Nowhere, 2009")
        );
        assert!(paper.dois.is_empty());
        assert_eq!(paper.categories, ["math-ph", "math.MP"]);
        assert_eq!(paper.links.abs, "https://arxiv.org/abs/0705.0456v4");

        let (_, _, paper, _) = present(&page.records[2]);
        assert_eq!(paper.id.as_str(), "solv-int/9901002");
        assert_eq!(paper.links.pdf, "https://arxiv.org/pdf/solv-int/9901002v1");
        assert_eq!(paper.authors[0].affiliations, ["Example Univ., Nowhere"]);
        assert_eq!(paper.authors[1].name, "M. Ring");
        assert!(paper.comment.is_none() && paper.journal_ref.is_none());

        assert_eq!(
            page.records[3],
            OaiRecord::Deleted { id: ArxivId::parse("0705.0999").expect("id"), datestamp: day("2014-12-30") }
        );
    }

    #[test]
    fn new_server_page() {
        let page = page(NEW_PAGE);
        assert_eq!(page.response_date, utc("2026-05-01T03:04:05Z"));
        let token = page.resumption.as_ref().expect("a token");
        assert_eq!(
            token.token,
            "verb%3DListRecords%26metadataPrefix%3DarXivRaw%26from%3D2026-04-30%26skip%3D2500"
        );
        assert_eq!(token.expires, Some(utc("2026-05-02T00:00:00Z")));
        assert_eq!((token.cursor, token.complete_list_size), (None, None));

        let (datestamp, sets, paper, versions) = present(&page.records[0]);
        assert_eq!(*datestamp, day("2026-04-30"));
        assert_eq!(sets, &["cs:cs:LG", "cs:cs:AI", "stat:stat:ML"]);
        assert_eq!(
            versions,
            &[
                RawVersion { version: 1, submitted: utc("2026-04-06T17:59:59Z") },
                RawVersion { version: 2, submitted: utc("2026-04-23T08:00:01Z") },
            ]
        );
        assert_eq!(paper.version, 2);
        assert_eq!(paper.title, "Sparse Toy Transformers for Pretend Data");
        assert_eq!(paper.abstract_text, "We train toy transformers on pretend data. It works.");
        assert_eq!(paper.authors.len(), 3);
        assert_eq!(paper.authors[0].affiliations, ["Univ. Example, Spain"]);
        assert_eq!(paper.authors[2].name, "Chen Wu");
        assert_eq!(paper.categories, ["cs.LG", "cs.AI", "stat.ML"]);
        assert_eq!(paper.dois, ["10.1000/fake.2026.7"]);
        assert_eq!(paper.links.abs, "https://arxiv.org/abs/2604.01234v2");

        assert_eq!(id_of(&page.records[1]), "2603.09999");
        assert!(matches!(page.records[1], OaiRecord::Deleted { .. }));
        assert_eq!(page.records[1].datestamp(), day("2026-04-30"));
    }

    #[test]
    fn last_pages_have_no_token() {
        let record = raw_record(
            "2604.00001",
            r#"<version version="v1"><date>Wed, 01 Apr 2026 10:00:00 GMT</date></version><categories>cs.CL</categories>"#,
        );
        let empty_element = wrap(&format!("{record}<resumptionToken/>"));
        assert_eq!(page(&empty_element).resumption, None);
        let empty_old = wrap(&format!(
            r#"{record}<resumptionToken cursor="58000" completeListSize="58011"></resumptionToken>"#
        ));
        assert_eq!(page(&empty_old).resumption, None);
        let none = wrap(&record);
        let none = page(&none);
        assert_eq!(none.resumption, None);
        assert_eq!(none.records.len(), 1);
    }

    #[test]
    fn get_record_is_read_like_list_records() {
        let body = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2015-01-06T20:48:16Z</responseDate>
<request verb="GetRecord" identifier="oai:arXiv.org:1302.0001" metadataPrefix="arXivRaw">http://export.arxiv.org/oai2</request>
<GetRecord>{}</GetRecord></OAI-PMH>"#,
            raw_record(
                "1302.0001",
                r#"<version version="v1"><date>Fri, 8 Feb 2013 21:00:01 GMT</date><size>853kb</size><source_type>D</source_type></version><title>One</title><authors>A. Quill and B. Rook</authors><categories>hep-ph hep-ex</categories>"#
            )
        );
        let page = page(&body);
        assert_eq!(page.records.len(), 1);
        assert_eq!(id_of(&page.records[0]), "1302.0001");
        assert!(page.resumption.is_none());
    }

    #[test]
    fn protocol_errors_are_typed() {
        let error = |code: &str, message: &str| {
            format!(
                r#"<?xml version="1.0"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
  <responseDate>2017-08-24T11:43:16Z</responseDate>
  <request verb="ListRecords">http://export.arxiv.org/oai2</request>
  <error code="{code}">{message}</error>
</OAI-PMH>"#
            )
        };
        let bad_token =
            error("badResumptionToken", "The resumptionToken supplied is illegal for this repository");
        let err = parse_list_records(bad_token.as_bytes()).expect_err("an error response");
        assert!(err.is_bad_resumption_token());
        assert_eq!(err.position(), None);
        assert_eq!(
            err.to_string(),
            "OAI-PMH error badResumptionToken: The resumptionToken supplied is illegal for this repository"
        );

        let multi_line =
            error("idDoesNotExist", "\nIdentifier 'oai:arXiv.org:1305.9999' has correct form\nbut no item\n");
        match parse_list_records(multi_line.as_bytes()) {
            Err(OaiError::Protocol { code, message }) => {
                assert_eq!(code, "idDoesNotExist");
                assert_eq!(message, "Identifier 'oai:arXiv.org:1305.9999' has correct form but no item");
            }
            other => panic!("expected a protocol error, got {other:?}"),
        }
        let bad_argument = error("badArgument", "Verb 'ListRecords', illegal argument 'identifier'.");
        let err = parse_list_records(bad_argument.as_bytes()).expect_err("an error response");
        assert!(!err.is_bad_resumption_token());
        assert!(err.to_string().contains("illegal argument 'identifier'"));

        let empty = error("noRecordsMatch", "Set argument doesn't match any sets. The setSpec was 'moo'");
        let page = page(&empty);
        assert!(page.records.is_empty());
        assert!(page.resumption.is_none());
        assert_eq!(page.response_date, utc("2017-08-24T11:43:16Z"));
    }

    #[test]
    fn other_metadata_formats_are_bad_records() {
        let arxiv_format = r#"<record><header><identifier>oai:arXiv.org:1706.00001</identifier><datestamp>2017-12-14</datestamp><setSpec>physics:hep-ex</setSpec></header><metadata>
 <arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>1706.00001</id><created>2017-06-16</created><authors><author><keyname>Anders</keyname><forenames>T.</forenames></author></authors><title>T</title><categories>hep-ex</categories></arXiv>
</metadata></record>"#;
        let dc_format = r#"<record><header><identifier>oai:arXiv.org:1303.0002</identifier><datestamp>2024-01-25</datestamp><setSpec>cs</setSpec></header><metadata>
<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title><dc:creator>Liep, Vil</dc:creator><dc:date>2013-03-08</dc:date></oai_dc:dc>
</metadata></record>"#;
        for (record, format) in [(arxiv_format, "<arXiv>"), (dc_format, "<oai_dc:dc>")] {
            let body = wrap(record);
            match parse_list_records(body.as_bytes()) {
                Err(OaiError::BadRecord { problem, position, .. }) => {
                    assert!(problem.contains(format), "{problem}");
                    assert!(problem.contains("not supported"), "{problem}");
                    assert_eq!(&body[position as usize..position as usize + 8], "<record>");
                }
                other => panic!("expected a bad record, got {other:?}"),
            }
        }
    }

    #[test]
    fn unusable_records_fail_strictly_and_are_set_aside_leniently() {
        let version = r#"<version version="v1"><date>Wed, 01 Apr 2026 10:00:00 GMT</date></version>"#;
        let good = raw_record("2604.00001", &format!("{version}<categories>cs.CL</categories>"));
        let cases = [
            (raw_record("2604.00002", "<categories>cs.CL</categories>"), "no <version>"),
            (raw_record("2604.00003", version), "no arXiv category"),
            (raw_record("2604.00004", &format!("{version}<categories>14C20</categories>")), "no arXiv category"),
            (
                raw_record("2604.00005", r#"<version version="v1"><date>yesterday</date></version><categories>cs.CL</categories>"#),
                "not an RFC 2822 time",
            ),
            (
                raw_record("2604.00006", r#"<version version="first"><date>Wed, 01 Apr 2026 10:00:00 GMT</date></version><categories>cs.CL</categories>"#),
                "is not vN",
            ),
            (
                raw_record("2604.00007", r#"<version version="v1"/><categories>cs.CL</categories>"#),
                "has no <date>",
            ),
            (raw_record("not-an-id", &format!("{version}<categories>cs.CL</categories>")), "not an arXiv id"),
            (
                r#"<record><header><identifier>oai:arXiv.org:2604.00008</identifier></header></record>"#.to_string(),
                "no <datestamp>",
            ),
            (
                r#"<record><header><identifier>oai:arXiv.org:2604.00009</identifier><datestamp>30/04/2026</datestamp></header></record>"#.to_string(),
                "not a YYYY-MM-DD date",
            ),
            (
                r#"<record><header><identifier>oai:arXiv.org:2604.00010</identifier><datestamp>2026-04-30</datestamp></header></record>"#.to_string(),
                "no <metadata>",
            ),
            (
                r#"<record><header status="deleted"><identifier>oai:arXiv.org:junk</identifier><datestamp>2026-04-30</datestamp></header></record>"#.to_string(),
                "not an arXiv id",
            ),
        ];
        for (bad, expected) in &cases {
            let body = wrap(&format!("{good}{bad}{good}"));
            let err = parse_list_records(body.as_bytes()).expect_err(expected);
            assert!(err.to_string().contains(expected), "expected '{expected}', got: {err}");
            assert!(err.position().is_some());
            let (page, skipped) = parse_list_records_lenient(body.as_bytes()).expect("lenient");
            assert_eq!(page.records.len(), 2, "{expected}");
            assert_eq!(skipped.len(), 1, "{expected}");
        }
    }

    #[test]
    fn prefixes_order_and_foreign_elements_do_not_matter() {
        let body = r#"<o:OAI-PMH xmlns:o="http://www.openarchives.org/OAI/2.0/" xmlns:x="urn:other">
          <o:ListRecords>
            <o:record>
              <o:metadata>
                <r:arXivRaw xmlns:r="http://arxiv.org/OAI/arXivRaw/">
                  <r:abstract>Late id.</r:abstract>
                  <x:title>not arXivRaw, ignored</x:title>
                  <r:categories>  q-bio.NC   cs.NE q-bio.NC </r:categories>
                  <r:version version="v2"><r:date>Tue, 04 Mar 2008 16:05:39 GMT</r:date></r:version>
                  <r:title>Shuffled</r:title>
                  <r:id>0803.0001</r:id>
                  <r:version version="v1"><x:date>Sat, 1 Jan 2000 00:00:00 GMT</x:date><r:date>Mon, 3 Mar 2008 16:05:39 GMT</r:date></r:version>
                  <r:unknown-future-field>kept out</r:unknown-future-field>
                </r:arXivRaw>
              </o:metadata>
              <o:header><o:setSpec>q-bio</o:setSpec><o:datestamp>2008-03-05</o:datestamp><o:identifier>oai:arXiv.org:0803.0001</o:identifier></o:header>
            </o:record>
            <x:record><o:header/></x:record>
          </o:ListRecords>
          <o:responseDate>2008-03-06T00:00:00Z</o:responseDate>
        </o:OAI-PMH>"#;
        let page = page(body);
        assert_eq!(page.records.len(), 1);
        let (_, sets, paper, versions) = present(&page.records[0]);
        assert_eq!(sets, &["q-bio"]);
        assert_eq!(paper.title, "Shuffled");
        assert_eq!(paper.categories, ["q-bio.NC", "cs.NE"], "primary first, duplicates dropped");
        assert_eq!(versions[0].submitted, utc("2008-03-03T16:05:39Z"));
        assert_eq!(paper.version, 2);
        assert!(paper.authors.is_empty());
    }

    #[test]
    fn dates_in_both_server_styles() {
        for (text, expected) in [
            ("Tue, 3 Apr 2007 22:04:11 GMT", "2007-04-03T22:04:11Z"),
            ("Tue, 03 Apr 2007 22:04:11 GMT", "2007-04-03T22:04:11Z"),
            ("Fri, 3 Apr 2007 22:04:11 GMT", "2007-04-03T22:04:11Z"),
            ("  Mon, 27 Apr 2026 00:00:00 -0400 ", "2026-04-27T04:00:00Z"),
            ("27 Apr 2026 00:00:00 +0000", "2026-04-27T00:00:00Z"),
        ] {
            let parsed = parse_rfc2822(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(parsed.with_timezone(&Utc), utc(expected), "{text}");
        }
        for bad in ["", "yesterday", "Tue, 32 Apr 2007 22:04:11 GMT", "2007-04-03T22:04:11Z"] {
            assert!(parse_rfc2822(bad).is_none(), "{bad}");
        }
        assert_eq!(parse_datestamp("2014-11-18"), Some(day("2014-11-18")));
        assert_eq!(parse_datestamp("2014-11-18T10:00:00Z"), Some(day("2014-11-18")));
        assert_eq!(parse_datestamp("2014-11-1"), Some(day("2014-11-01")));
        assert_eq!(parse_datestamp("2014-13-01"), None);
    }

    #[test]
    fn malformed_and_foreign_inputs_are_errors_not_panics() {
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            ("  \n", "empty"),
            ("Rate exceeded.", "the text 'Rate exceeded.'"),
            ("<html><body>503 Service Unavailable</body></html>", "root element is <html>"),
            ("<OAI-PMH><responseDate>2026-01-01T00:00:00Z</responseDate></OAI-PMH>", "root element"),
            (
                r#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords/></OAI-PMH>"#,
                "no <responseDate>",
            ),
            (
                r#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate></OAI-PMH>"#,
                "no <ListRecords>",
            ),
            (
                r#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>Jan 1</responseDate><ListRecords/></OAI-PMH>"#,
                "not an RFC 3339 time",
            ),
            (
                r#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate><Identify/></OAI-PMH>"#,
                "the response is Identify",
            ),
            (
                r#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z&nbsp;</responseDate></OAI-PMH>"#,
                "unknown entity &nbsp;",
            ),
            (
                r#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate><ListRecords></OAI-PMH>"#,
                "",
            ),
            (
                r#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate><ListRecords/></OAI-PMH><OAI-PMH/>"#,
                "second root",
            ),
            (
                r#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate><ListRecords><record>"#,
                "ends inside <record>",
            ),
        ];
        for (input, expected) in cases {
            match parse_list_records(input.as_bytes()) {
                Err(err @ OaiError::Xml { .. }) => {
                    assert!(
                        err.to_string().contains(expected),
                        "{input:?}: expected '{expected}', got: {err}"
                    );
                    assert!(err.position().is_some());
                }
                other => panic!("{input:?}: expected an XML error, got {other:?}"),
            }
        }
        let truncated = &OLD_PAGE[..OLD_PAGE.find("<title>Limit").expect("fixture")];
        match parse_list_records(truncated.as_bytes()) {
            Err(OaiError::Xml { position, message }) => {
                assert_eq!(position, truncated.len() as u64);
                assert_eq!(message, "the input ends inside <arXivRaw>");
            }
            other => panic!("expected truncation, got {other:?}"),
        }
    }

    #[test]
    fn every_prefix_fails_cleanly_and_only_the_whole_page_parses() {
        for fixture in [OLD_PAGE, NEW_PAGE] {
            let end = fixture.rfind("</OAI-PMH>").expect("fixture") + "</OAI-PMH>".len();
            for cut in 0..fixture.len() {
                let result = parse_list_records(&fixture.as_bytes()[..cut]);
                assert_eq!(result.is_ok(), cut >= end, "cut at {cut}");
            }
        }
        // Bytes that are not UTF-8 and stray markup.
        for garbage in
            [&b"\xff\xfe<\x00O"[..], b"<", b"<OAI-PMH", b"</OAI-PMH>", b"<?xml?><a:b/>", b"<!-- -->"]
        {
            let _ = parse_list_records(garbage);
        }
    }
}
