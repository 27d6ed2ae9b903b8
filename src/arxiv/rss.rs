//! A parser for rss.arxiv.org announcement feeds (the format introduced in January
//! 2024): RSS 2.0 from `/rss/<cats>`, and the Atom variant from `/atom/<cats>`.
//!
//! A feed is one announcement day: which papers were announced, as which kind
//! (new, cross-list, replacement …) and in which version. It carries no submission
//! times and does not mark the primary category, so it tells *what* to fetch, not
//! a full [`Paper`](crate::model::Paper).
//!
//! Elements are matched by namespace URI and local name, never by position or
//! prefix. Where the feed repeats a fact (the id and announce type are in both
//! their own elements and the description) the element wins and the description
//! is the fallback.
//!
//! The parser skeleton (event loop, open elements, text capture) and small XML
//! helpers are shared with the OAI-PMH parser (`xml.rs`): this file says which
//! elements matter and what they make.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use quick_xml::events::BytesStart;
use quick_xml::name::{Namespace, ResolveResult};

use crate::arxiv::authors::split_author_list;
use crate::arxiv::xml::{self, Format, attribute_text, non_empty, parse_rfc2822, qualified, snippet};
use crate::id::{ArxivId, VersionedId};
use crate::model::{Author, Links, Paper, collapse_whitespace, is_category_code};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const ARXIV: &str = "http://arxiv.org/schemas/atom";
const DC: &str = "http://purl.org/dc/elements/1.1/";

/// Why a paper is in the day's feed; the sections of the `/list/…/new` page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnnounceType {
    /// First appearance (v1) in its primary category.
    New,
    /// A new paper whose primary is another category.
    Cross,
    /// A new version in its primary category.
    Replace,
    /// A new version of a paper cross-listed here.
    ReplaceCross,
    /// A change to the abstract page only.
    AbsOnly,
}

impl AnnounceType {
    pub const ALL: [AnnounceType; 5] = [
        AnnounceType::New,
        AnnounceType::Cross,
        AnnounceType::Replace,
        AnnounceType::ReplaceCross,
        AnnounceType::AbsOnly,
    ];

    /// The string arXiv uses: `new`, `cross`, `replace`, `replace-cross`, `absonly`.
    pub fn as_str(self) -> &'static str {
        match self {
            AnnounceType::New => "new",
            AnnounceType::Cross => "cross",
            AnnounceType::Replace => "replace",
            AnnounceType::ReplaceCross => "replace-cross",
            AnnounceType::AbsOnly => "absonly",
        }
    }

    /// The inverse of [`as_str`](Self::as_str), ignoring surrounding space and ASCII case.
    pub fn parse(text: &str) -> Option<AnnounceType> {
        let text = text.trim();
        AnnounceType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for AnnounceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One item of the feed: one paper announced in one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub id: ArxivId,
    pub version: u32,
    pub announce_type: AnnounceType,
    /// The mailing day, as dated in the feed's own offset (US Eastern).
    pub announced: NaiveDate,
    pub title: String,
    pub abstract_text: String,
    pub authors: Vec<Author>,
    /// In the feed's order; the primary category is not marked.
    pub categories: Vec<String>,
    pub dois: Vec<String>,
    pub journal_ref: Option<String>,
}

impl Announcement {
    /// The paper as far as the feed tells it, for when the API has nothing on it.
    /// The feed carries no submission times: `submitted` is the caller's estimate,
    /// used for v1 and the announced version alike; the primary category is taken to
    /// be the first listed.
    pub fn into_paper(self, submitted: DateTime<Utc>) -> Option<Paper> {
        let primary_category = self.categories.first()?.clone();
        let (id, version) = (self.id, self.version);
        Some(Paper {
            links: Links {
                abs: format!("https://arxiv.org/abs/{id}v{version}"),
                pdf: format!("https://arxiv.org/pdf/{id}v{version}"),
            },
            id,
            version,
            title: self.title,
            abstract_text: self.abstract_text,
            authors: self.authors,
            published: submitted,
            updated: submitted,
            primary_category,
            categories: self.categories,
            comment: None,
            journal_ref: self.journal_ref,
            dois: self.dois,
        })
    }
}

/// A whole feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RssFeed {
    /// The date of the channel's `<pubDate>` in its own offset (`Mon, 27 Apr 2026
    /// 00:00:00 -0400` is 2026-04-27). `None` for the Atom variant, which only has
    /// the generation time.
    pub announced: Option<NaiveDate>,
    /// Empty on weekends and holidays.
    pub items: Vec<Announcement>,
}

/// Why a feed could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RssError {
    /// arXiv answered with its error feed ("Feed error for query: …"), e.g. for an
    /// unknown category.
    #[error("arXiv feed error: {message}")]
    Feed { message: String },
    /// Malformed or truncated XML, or not an arXiv RSS/Atom feed at all.
    #[error("unreadable arXiv feed at byte {position}: {message}")]
    Xml { position: u64, message: String },
    /// One item that cannot be used; the XML around it is sound.
    #[error("feed item {id} at byte {position}: {problem}")]
    BadItem { position: u64, id: String, problem: String },
}

impl RssError {
    /// The byte offset in the input that the error refers to, if any.
    pub fn position(&self) -> Option<u64> {
        match self {
            RssError::Xml { position, .. } | RssError::BadItem { position, .. } => Some(*position),
            RssError::Feed { .. } => None,
        }
    }
}

/// Parses one feed body (RSS 2.0 or Atom). Any unusable item fails the feed; see
/// [`parse_rss_lenient`] to set such items aside instead.
#[cfg(test)]
pub fn parse_rss(body: &[u8]) -> Result<RssFeed, RssError> {
    let (feed, skipped) = parse_rss_lenient(body)?;
    match skipped.into_iter().next() {
        Some(bad) => Err(bad),
        None => Ok(feed),
    }
}

/// Like [`parse_rss`], but items that cannot be used (no versioned id, an unknown
/// announce type, no date) come back as [`RssError::BadItem`]s beside the feed.
pub fn parse_rss_lenient(body: &[u8]) -> Result<(RssFeed, Vec<RssError>), RssError> {
    xml::parse(body, ParseState::default())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// No namespace: plain RSS 2.0 elements.
    None,
    Atom,
    Arxiv,
    Dc,
    Other,
}

/// What an open element means here; decided from its parent, namespace and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Rss,
    /// `<channel>`, or the Atom `<feed>` root.
    Channel,
    ChannelTitle,
    ChannelDescription,
    ChannelPubDate,
    /// `<item>` or `<entry>`.
    Item,
    Field(ItemField),
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemField {
    Title,
    Description,
    Guid,
    Category,
    PubDate,
    Published,
    AnnounceType,
    Creator,
    Doi,
    JournalRef,
}

#[derive(Default)]
struct ItemDraft {
    start: u64,
    title: Option<String>,
    description: Option<String>,
    guid: Option<String>,
    categories: Vec<String>,
    pub_date: Option<String>,
    published: Option<String>,
    announce_type: Option<String>,
    creators: Vec<String>,
    dois: Vec<String>,
    journal_ref: Option<String>,
}

/// What this format remembers between events; the open elements and the text
/// being captured are the skeleton's.
#[derive(Default)]
struct ParseState {
    channel_seen: bool,
    atom: bool,
    channel_title: Option<String>,
    channel_description: Option<String>,
    channel_date: Option<NaiveDate>,
    item: Option<ItemDraft>,
    /// Items are built once the whole channel is read: the channel's date, their
    /// fallback, may come after them.
    drafts: Vec<ItemDraft>,
}

impl Format for ParseState {
    type Tag = Tag;
    type Ns = Ns;
    type Output = (RssFeed, Vec<RssError>);
    type Error = RssError;
    const NOT_THIS_FORMAT: &'static str = "not an arXiv feed";
    const ROOT: &'static str = "rss";

    fn namespace(resolved: &ResolveResult<'_>) -> Ns {
        match resolved {
            ResolveResult::Unbound => Ns::None,
            ResolveResult::Bound(Namespace(ATOM)) => Ns::Atom,
            ResolveResult::Bound(Namespace(ARXIV)) => Ns::Arxiv,
            ResolveResult::Bound(Namespace(DC)) => Ns::Dc,
            _ => Ns::Other,
        }
    }

    fn root(&mut self, ns: Ns, local: &str, start: &BytesStart, position: u64) -> Result<Tag, RssError> {
        match (ns, local) {
            (Ns::None, "rss") => Ok(Tag::Rss),
            (Ns::Atom, "feed") => {
                self.atom = true;
                self.channel_seen = true;
                Ok(Tag::Channel)
            }
            _ => {
                let message =
                    format!("not an arXiv RSS or Atom feed: the root element is <{}>", qualified(start));
                Err(xml_error(position, message))
            }
        }
    }

    fn child(
        &mut self,
        parent: Tag,
        ns: Ns,
        local: &str,
        start: &BytesStart,
        position: u64,
    ) -> Result<Tag, RssError> {
        let tag = match (parent, ns, local) {
            (Tag::Rss, Ns::None, "channel") => {
                self.channel_seen = true;
                Tag::Channel
            }
            (Tag::Channel, Ns::None | Ns::Atom, "title") => Tag::ChannelTitle,
            (Tag::Channel, Ns::None, "description") | (Tag::Channel, Ns::Atom, "subtitle") => {
                Tag::ChannelDescription
            }
            (Tag::Channel, Ns::None, "pubDate") => Tag::ChannelPubDate,
            (Tag::Channel, Ns::None, "item") | (Tag::Channel, Ns::Atom, "entry") => {
                self.item = Some(ItemDraft { start: position, ..ItemDraft::default() });
                Tag::Item
            }
            (Tag::Item, Ns::None | Ns::Atom, "title") => Tag::Field(ItemField::Title),
            (Tag::Item, Ns::None, "description") | (Tag::Item, Ns::Atom, "summary") => {
                Tag::Field(ItemField::Description)
            }
            (Tag::Item, Ns::None, "guid") | (Tag::Item, Ns::Atom, "id") => Tag::Field(ItemField::Guid),
            (Tag::Item, Ns::None, "category") => Tag::Field(ItemField::Category),
            (Tag::Item, Ns::Atom, "category") => {
                let term = attribute_text(start, "term").map_err(|message| xml_error(position, message))?;
                if let (Some(item), Some(term)) = (self.item.as_mut(), term) {
                    push_category(&mut item.categories, &term);
                }
                Tag::Other
            }
            (Tag::Item, Ns::None, "pubDate") => Tag::Field(ItemField::PubDate),
            (Tag::Item, Ns::Atom, "published") => Tag::Field(ItemField::Published),
            (Tag::Item, Ns::Arxiv, "announce_type") => Tag::Field(ItemField::AnnounceType),
            (Tag::Item, Ns::Dc, "creator") => Tag::Field(ItemField::Creator),
            (Tag::Item, Ns::Arxiv, "DOI" | "doi") => Tag::Field(ItemField::Doi),
            (Tag::Item, Ns::Arxiv, "journal_reference" | "journal_ref") => Tag::Field(ItemField::JournalRef),
            _ => Tag::Other,
        };
        Ok(tag)
    }

    fn captures_text(tag: Tag) -> bool {
        matches!(tag, Tag::ChannelTitle | Tag::ChannelDescription | Tag::ChannelPubDate | Tag::Field(_))
    }

    fn name(tag: Tag) -> Option<&'static str> {
        Some(match tag {
            Tag::Rss => "rss",
            Tag::Channel => "channel",
            Tag::ChannelTitle => "title",
            Tag::ChannelDescription => "description",
            Tag::ChannelPubDate => "pubDate",
            Tag::Item => "item",
            Tag::Field(ItemField::Title) => "title",
            Tag::Field(ItemField::Description) => "description",
            Tag::Field(ItemField::Guid) => "guid",
            Tag::Field(ItemField::Category) => "category",
            Tag::Field(ItemField::PubDate) => "pubDate",
            Tag::Field(ItemField::Published) => "published",
            Tag::Field(ItemField::AnnounceType) => "arxiv:announce_type",
            Tag::Field(ItemField::Creator) => "dc:creator",
            Tag::Field(ItemField::Doi) => "arxiv:DOI",
            Tag::Field(ItemField::JournalRef) => "arxiv:journal_reference",
            Tag::Other => return None,
        })
    }

    fn store(&mut self, tag: Tag, text: &str, position: u64) -> Result<(), RssError> {
        let trimmed = text.trim();
        match tag {
            Tag::ChannelTitle => self.channel_title = Some(collapse_whitespace(text)),
            Tag::ChannelDescription => self.channel_description = Some(collapse_whitespace(text)),
            Tag::ChannelPubDate => {
                let time = parse_rfc2822(trimmed).ok_or_else(|| {
                    let message =
                        format!("the channel <pubDate> '{}' is not an RFC 2822 date", snippet(trimmed));
                    xml_error(position, message)
                })?;
                self.channel_date = Some(time.date_naive());
            }
            Tag::Field(field) => {
                let Some(item) = self.item.as_mut() else {
                    return Ok(());
                };
                let owned = || Some(trimmed.to_string());
                match field {
                    ItemField::Title => item.title = Some(collapse_whitespace(text)),
                    ItemField::Description => item.description = Some(text.to_string()),
                    ItemField::Guid => item.guid = owned(),
                    ItemField::Category => push_category(&mut item.categories, trimmed),
                    ItemField::PubDate => item.pub_date = owned(),
                    ItemField::Published => item.published = owned(),
                    ItemField::AnnounceType => item.announce_type = owned(),
                    ItemField::Creator => item.creators.push(text.to_string()),
                    ItemField::Doi => item.dois.extend(trimmed.split_whitespace().map(str::to_string)),
                    ItemField::JournalRef => item.journal_ref = non_empty(collapse_whitespace(text)),
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn closed(&mut self, tag: Tag) {
        if tag == Tag::Item
            && let Some(draft) = self.item.take()
        {
            self.drafts.push(draft);
        }
    }

    fn finish(self, position: u64) -> Result<(RssFeed, Vec<RssError>), RssError> {
        if !self.channel_seen {
            return Err(xml_error(position, "no <channel>".into()));
        }
        let title = self.channel_title.unwrap_or_default();
        if title.starts_with("Feed error") {
            let message = self.channel_description.filter(|d| !d.is_empty()).unwrap_or(title);
            return Err(RssError::Feed { message });
        }
        let channel_date = self.channel_date;
        let (mut items, mut skipped) = (Vec::with_capacity(self.drafts.len()), Vec::new());
        for draft in self.drafts {
            match build_item(draft, channel_date) {
                Ok(item) => items.push(item),
                Err(bad) => skipped.push(bad),
            }
        }
        let announced = if self.atom { None } else { channel_date };
        Ok((RssFeed { announced, items }, skipped))
    }

    fn xml_error(position: u64, message: String) -> RssError {
        xml_error(position, message)
    }
}

fn build_item(draft: ItemDraft, channel_date: Option<NaiveDate>) -> Result<Announcement, RssError> {
    let description = split_description(draft.description.as_deref().unwrap_or(""));
    let position = draft.start;
    let shown_id =
        draft.guid.as_deref().or(description.id).filter(|s| !s.is_empty()).unwrap_or("(no id)").to_string();
    let bad = |problem: String| RssError::BadItem { position, id: shown_id.clone(), problem };

    let versioned = |text: Option<&str>| {
        text.and_then(|t| VersionedId::parse(t).ok()).and_then(|v| Some((v.id, v.version?)))
    };
    let (id, version) = versioned(draft.guid.as_deref())
        .or_else(|| versioned(description.id))
        .ok_or_else(|| bad("no versioned arXiv id in <guid> or the description".into()))?;

    let type_text = draft.announce_type.as_deref().filter(|t| !t.is_empty()).or(description.announce_type);
    let type_text = type_text.ok_or_else(|| bad("no announce type".into()))?;
    let announce_type =
        AnnounceType::parse(type_text).ok_or_else(|| bad(format!("unknown announce type '{type_text}'")))?;

    let announced = match (draft.pub_date.as_deref(), draft.published.as_deref()) {
        (Some(text), _) => parse_rfc2822(text)
            .map(|t| t.date_naive())
            .ok_or_else(|| bad(format!("<pubDate> '{text}' is not an RFC 2822 date")))?,
        (None, Some(text)) => DateTime::parse_from_rfc3339(text)
            .map(|t| t.date_naive())
            .map_err(|_| bad(format!("<published> '{text}' is not an RFC 3339 time")))?,
        (None, None) => {
            channel_date.ok_or_else(|| bad("no date: neither it nor the channel has a <pubDate>".into()))?
        }
    };

    let mut dois = draft.dois;
    dois = crate::model::distinct(dois);

    Ok(Announcement {
        id,
        version,
        announce_type,
        announced,
        title: draft.title.unwrap_or_default(),
        abstract_text: description.abstract_text,
        authors: draft.creators.iter().flat_map(|c| split_author_list(c)).collect(),
        categories: draft.categories,
        dois,
        journal_ref: draft.journal_ref,
    })
}

fn push_category(categories: &mut Vec<String>, code: &str) {
    let code = code.trim();
    if is_category_code(code) && !categories.iter().any(|c| c == code) {
        categories.push(code.to_string());
    }
}

/// What the description says besides the abstract.
struct Description<'a> {
    /// `arXiv:2604.21935v1`.
    id: Option<&'a str>,
    announce_type: Option<&'a str>,
    abstract_text: String,
}

/// Splits `arXiv:2604.21935v1 Announce Type: new \nAbstract: …`. Each part is
/// optional, so a description without the header is all abstract.
fn split_description(text: &str) -> Description<'_> {
    let first_word = |s: &'_ str| -> usize { s.find(char::is_whitespace).unwrap_or(s.len()) };
    let mut rest = text.trim_start();
    let mut id = None;
    if rest.get(..6).is_some_and(|head| head.eq_ignore_ascii_case("arXiv:")) {
        let end = first_word(rest);
        id = Some(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    let mut announce_type = None;
    if let Some(after) = rest.strip_prefix("Announce Type:") {
        let after = after.trim_start();
        let end = first_word(after);
        announce_type = Some(&after[..end]).filter(|t| !t.is_empty());
        rest = after[end..].trim_start();
    }
    // The header may one day hold more than id and type; "Abstract:" still ends it.
    let abstract_part = match rest.find("Abstract:") {
        Some(at) => &rest[at + "Abstract:".len()..],
        None => rest,
    };
    Description { id, announce_type, abstract_text: collapse_whitespace(abstract_part) }
}

fn xml_error(position: u64, message: String) -> RssError {
    RssError::Xml { position, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Monday feed for one category, laid out like rss.arxiv.org's (no XML
    /// declaration, full channel header, "Announce Type: new " with its trailing
    /// space, a double space in a creator list).
    const MONDAY: &str = r#"<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.CL updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.CL</link>
    <description>cs.CL updates on the arXiv.org e-print archive.</description>
    <atom:link href="http://rss.arxiv.org/rss/cs.CL" rel="self" type="application/rss+xml" />
    <docs>http://www.rssboard.org/rss-specification</docs>
    <language>en-us</language>
    <lastBuildDate>Mon, 27 Apr 2026 04:00:02 +0000</lastBuildDate>
    <managingEditor>rss-help@arxiv.org</managingEditor>
    <pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate>
    <skipDays>
      <day>Saturday</day>
      <day>Sunday</day>
    </skipDays>
    <item>
      <title>When Toy Models Talk: Limits of Pretend LLMs
 in Detecting Made-up Claims</title>
      <link>https://arxiv.org/abs/2604.30001</link>
      <description>arXiv:2604.30001v1 Announce Type: new 
Abstract: Pretend platforms have become channels for made-up information. We present a toy analysis of 30 transcripts
showing that costs over $800 per sample &amp; more are &lt;rare&gt;.</description>
      <guid isPermaLink="false">oai:arXiv.org:2604.30001v1</guid>
      <category>cs.CL</category>
      <pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:rights>http://creativecommons.org/licenses/by-nc-sa/4.0/</dc:rights>
      <dc:creator>Amira Kahn, Rana Kandel,  Dipti, Sara Mun, Joy Paul</dc:creator>
    </item>
    <item>
      <title>Shared Toy Representations</title>
      <link>https://arxiv.org/abs/2604.30027</link>
      <description>arXiv:2604.30027v1 Announce Type: new 
Abstract: One of the most common complaints -- that is, the fact that answers depend on phrasing.</description>
      <guid isPermaLink="false">oai:arXiv.org:2604.30027v1</guid>
      <category>cs.CL</category>
      <category>cs.AI</category>
      <category>cs.LG</category>
      <pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
      <dc:creator>Zhu Yang (Example Univ., Nowhere), Jacob X. Lee (Toy Lab), Ellie Pav</dc:creator>
    </item>
    </channel>
</rss>"#;

    /// A multi-category Thursday feed with every announce type, a DOI and a journal
    /// reference, an item without its own pubDate, one without a guid and one
    /// without an announce_type element.
    const MIXED: &str = r#"<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
  <channel>
    <title>cs.LG, stat.ML updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.LG+stat.ML</link>
    <description>cs.LG, stat.ML updates on the arXiv.org e-print archive.</description>
    <atom:link href="http://rss.arxiv.org/rss/cs.LG+stat.ML" rel="self" type="application/rss+xml"/>
    <lastBuildDate>Thu, 24 Sep 2026 08:58:05 +0000</lastBuildDate>
    <pubDate>Thu, 24 Sep 2026 00:00:00 -0400</pubDate>
    <skipDays>
      <day>Sunday</day>
      <day>Saturday</day>
    </skipDays>
    <item>
      <title>The Toy Contract</title>
      <link>https://arxiv.org/abs/2609.40011</link>
      <description>arXiv:2609.40011v1 Announce Type: new 
Abstract: Local toys.</description>
      <guid isPermaLink="false">oai:arXiv.org:2609.40011v1</guid>
      <category>cs.LG</category>
      <pubDate>Thu, 24 Sep 2026 00:00:00 -0400</pubDate>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:creator>Fabio Pol</dc:creator>
    </item>
    <item>
      <title>Outliers in Pretend Networks</title>
      <link>https://arxiv.org/abs/2205.01234</link>
      <description>arXiv:2205.01234v2 Announce Type: cross 
Abstract: Networks of pretend brains.</description>
      <guid isPermaLink="false">oai:arXiv.org:2205.01234v2</guid>
      <category>stat.ME</category>
      <category>stat.AP</category>
      <category>stat.ML</category>
      <pubDate>Thu, 24 Sep 2026 00:00:00 -0400</pubDate>
      <arxiv:announce_type>cross</arxiv:announce_type>
      <dc:rights>http://creativecommons.org/licenses/by-sa/4.0/</dc:rights>
      <arxiv:DOI>10.1000/fake.btac431</arxiv:DOI>
      <dc:creator>Pri Dey, Zhen Zhang, David B. Dunn</dc:creator>
    </item>
    <item>
      <title>Random Toy Descriptors</title>
      <link>https://arxiv.org/abs/2009.04321</link>
      <description>arXiv:2009.04321v3 Announce Type: replace 
Abstract: We introduce a class of random toys.</description>
      <category>cs.LG</category>
      <category>math.MG</category>
      <arxiv:announce_type>replace</arxiv:announce_type>
      <dc:creator>Mika Jos, Marek Kal, Lukas Ruf</dc:creator>
    </item>
    <item>
      <title>Old Toys, New Tricks</title>
      <link>https://arxiv.org/abs/math/0309136</link>
      <description>arXiv:math/0309136v4 Announce Type: replace-cross 
Abstract: Knots.</description>
      <guid isPermaLink="false">oai:arXiv.org:math/0309136v4</guid>
      <category>math.GT</category>
      <category>cs.LG</category>
      <pubDate>Thu, 24 Sep 2026 00:00:00 -0400</pubDate>
      <arxiv:journal_reference>Fake J. Knots 7 (2004)
  1-12</arxiv:journal_reference>
      <arxiv:DOI>10.1000/fake.1 10.1000/fake.2</arxiv:DOI>
      <dc:creator>Ann Lee, John Smith, Jr.</dc:creator>
    </item>
    <item>
      <title>Abstract Only</title>
      <link>https://arxiv.org/abs/2608.00005</link>
      <description>arXiv:2608.00005v2 Announce Type: absonly 
Abstract: Fixed a typo.</description>
      <guid isPermaLink="false">oai:arXiv.org:2608.00005v2</guid>
      <category>stat.ML</category>
      <pubDate>Thu, 24 Sep 2026 00:00:00 -0400</pubDate>
      <arxiv:announce_type>absonly</arxiv:announce_type>
      <dc:creator>Solo Author</dc:creator>
    </item>
  </channel>
</rss>
"#;

    /// The Atom variant, shaped like the feedgen output rss.arxiv.org serves.
    const ATOM_FEED: &str = r#"<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xml:lang="en-us">
  <id>http://rss.arxiv.org/atom/math.OC</id>
  <title>math.OC updates on arXiv.org</title>
  <updated>2024-08-23T04:00:12.941605+00:00</updated>
  <link href="http://rss.arxiv.org/atom/math.OC" rel="self" type="application/atom+xml"/>
  <subtitle>math.OC updates on the arXiv.org e-print archive.</subtitle>
  <entry>
    <id>oai:arXiv.org:2203.05678v3</id>
    <title>Mass Concentration in Toy Functionals</title>
    <updated>2024-08-23T04:00:12.942190+00:00</updated>
    <link href="https://arxiv.org/abs/2203.05678" rel="alternate" type="text/html"/>
    <summary>arXiv:2203.05678v3 Announce Type: replace-cross 
Abstract: We consider $\min \int f(u)$ under a mass constraint.</summary>
    <category term="math.AP"/>
    <category term="math.OC"/>
    <published>2024-08-23T00:00:00-04:00</published>
    <arxiv:announce_type>replace-cross</arxiv:announce_type>
    <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
    <arxiv:journal_reference>Journal de Toy - Math\'ematiques, Tome 1 (2024)</arxiv:journal_reference>
    <arxiv:DOI>10.1000/fake.257</arxiv:DOI>
    <dc:creator>Ann Monteux, Paul Pegasus</dc:creator>
  </entry>
</feed>"#;

    fn feed(text: &str) -> RssFeed {
        parse_rss(text.as_bytes()).unwrap_or_else(|e| panic!("parse failed: {e}"))
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    /// A minimal RSS feed around the given items.
    fn rss(items: &str) -> String {
        format!(
            r#"<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel><title>cs.AI updates on arXiv.org</title><pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate>{items}</channel></rss>"#
        )
    }

    #[test]
    fn monday_feed_for_one_category() {
        let feed = feed(MONDAY);
        assert_eq!(feed.announced, Some(day("2026-04-27")), "the channel's own offset, not UTC");
        assert_eq!(feed.items.len(), 2);

        let first = &feed.items[0];
        assert_eq!(first.id.as_str(), "2604.30001");
        assert_eq!(first.version, 1);
        assert_eq!(first.announce_type, AnnounceType::New);
        assert_eq!(first.announced, day("2026-04-27"));
        assert_eq!(first.title, "When Toy Models Talk: Limits of Pretend LLMs in Detecting Made-up Claims");
        assert_eq!(
            first.abstract_text,
            "Pretend platforms have become channels for made-up information. We present a toy analysis of 30 \
             transcripts showing that costs over $800 per sample & more are <rare>."
        );
        let names: Vec<&str> = first.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Amira Kahn", "Rana Kandel", "Dipti", "Sara Mun", "Joy Paul"]);
        assert_eq!(first.categories, ["cs.CL"]);
        assert!(first.dois.is_empty() && first.journal_ref.is_none());

        let second = &feed.items[1];
        assert_eq!(second.categories, ["cs.CL", "cs.AI", "cs.LG"], "the feed's order");
        assert_eq!(second.authors[0].name, "Zhu Yang");
        assert_eq!(second.authors[0].affiliations, ["Example Univ., Nowhere"]);
        assert_eq!(second.authors[1].affiliations, ["Toy Lab"]);
        assert_eq!(second.authors.len(), 3);
    }

    #[test]
    fn every_announce_type_and_the_fallbacks() {
        let feed = feed(MIXED);
        assert_eq!(feed.announced, Some(day("2026-09-24")));
        let kinds: Vec<AnnounceType> = feed.items.iter().map(|i| i.announce_type).collect();
        assert_eq!(kinds, AnnounceType::ALL);

        let cross = &feed.items[1];
        assert_eq!((cross.id.as_str(), cross.version), ("2205.01234", 2));
        assert_eq!(cross.categories, ["stat.ME", "stat.AP", "stat.ML"], "primary unmarked, order kept");
        assert_eq!(cross.dois, ["10.1000/fake.btac431"]);

        let replace = &feed.items[2];
        assert_eq!(
            (replace.id.as_str(), replace.version),
            ("2009.04321", 3),
            "no guid: from the description"
        );
        assert_eq!(replace.announced, day("2026-09-24"), "no pubDate: the channel's");

        let old_style = &feed.items[3];
        assert_eq!((old_style.id.as_str(), old_style.version), ("math/0309136", 4));
        assert_eq!(old_style.journal_ref.as_deref(), Some("Fake J. Knots 7 (2004) 1-12"));
        assert_eq!(old_style.dois, ["10.1000/fake.1", "10.1000/fake.2"]);
        let names: Vec<&str> = old_style.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Ann Lee", "John Smith Jr."]);

        assert_eq!(feed.items[4].abstract_text, "Fixed a typo.");
    }

    #[test]
    fn description_is_the_fallback_for_the_announce_type() {
        let item = r#"<item><title>T</title><description>arXiv:2604.00001v2 Announce Type: replace-cross 
Abstract: A.</description><guid>oai:arXiv.org:2604.00001v2</guid><category>cs.AI</category></item>"#;
        let feed = feed(&rss(item));
        assert_eq!(feed.items[0].announce_type, AnnounceType::ReplaceCross);
        assert_eq!(feed.items[0].version, 2);
        assert_eq!(feed.items[0].abstract_text, "A.");
    }

    #[test]
    fn the_element_wins_over_the_description() {
        let item = r#"<item><description>arXiv:2604.00001v1 Announce Type: new 
Abstract: A.</description><guid>oai:arXiv.org:2604.00009v3</guid><arxiv:announce_type>replace</arxiv:announce_type></item>"#;
        let feed = feed(&rss(item));
        let item = &feed.items[0];
        assert_eq!(
            (item.id.as_str(), item.version, item.announce_type),
            ("2604.00009", 3, AnnounceType::Replace)
        );
        assert!(item.categories.is_empty() && item.title.is_empty() && item.authors.is_empty());
    }

    #[test]
    fn item_dates_are_read_in_their_own_offset() {
        let item = r#"<item><guid>oai:arXiv.org:2604.00001v1</guid><arxiv:announce_type>new</arxiv:announce_type><pubDate>Sun, 26 Apr 2026 21:30:00 -0400</pubDate></item>"#;
        assert_eq!(feed(&rss(item)).items[0].announced, day("2026-04-26"), "01:30 UTC on the 27th");
    }

    #[test]
    fn atom_variant() {
        let feed = feed(ATOM_FEED);
        assert_eq!(feed.announced, None);
        assert_eq!(feed.items.len(), 1);
        let entry = &feed.items[0];
        assert_eq!((entry.id.as_str(), entry.version), ("2203.05678", 3));
        assert_eq!(entry.announce_type, AnnounceType::ReplaceCross);
        assert_eq!(entry.announced, day("2024-08-23"));
        assert_eq!(entry.title, "Mass Concentration in Toy Functionals");
        assert_eq!(entry.abstract_text, "We consider $\\min \\int f(u)$ under a mass constraint.");
        assert_eq!(entry.categories, ["math.AP", "math.OC"]);
        assert_eq!(entry.dois, ["10.1000/fake.257"]);
        assert_eq!(entry.journal_ref.as_deref(), Some("Journal de Toy - Math\\'ematiques, Tome 1 (2024)"));
        assert_eq!(entry.authors.len(), 2);
    }

    #[test]
    fn weekend_feeds_are_empty_not_errors() {
        let empty = r#"<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.AI updates on arXiv.org</title>
    <description>cs.AI updates on the arXiv.org e-print archive.</description>
    <pubDate>Sat, 25 Apr 2026 00:00:00 -0400</pubDate>
    <skipDays><day>Saturday</day><day>Sunday</day></skipDays>
  </channel>
</rss>"#;
        assert_eq!(feed(empty), RssFeed { announced: Some(day("2026-04-25")), items: vec![] });
        let with_bom = format!("\u{feff}{empty}");
        assert_eq!(feed(&with_bom).announced, Some(day("2026-04-25")), "a byte-order mark is not text");
        let atom =
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>cs.AI updates on arXiv.org</title></feed>"#;
        assert_eq!(feed(atom), RssFeed { announced: None, items: vec![] });
    }

    #[test]
    fn error_feeds_become_a_typed_error() {
        let rss_error = r#"<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title>Feed error for query: https://rss.arxiv.org/rss/cs.XY</title>
    <link>https://rss.arxiv.org/rss/cs.XY</link>
    <description>Invalid archive or category: cs.XY</description>
    <language>en-us</language>
    <managingEditor>rss-help.arxiv.org</managingEditor>
    <pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate>
  </channel>
</rss>"#;
        let err = parse_rss(rss_error.as_bytes()).expect_err("an error feed");
        assert_eq!(err, RssError::Feed { message: "Invalid archive or category: cs.XY".into() });
        assert_eq!(err.to_string(), "arXiv feed error: Invalid archive or category: cs.XY");
        assert_eq!(err.position(), None);

        let atom_error = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed error for query: https://rss.arxiv.org/atom/zz</title></feed>"#;
        match parse_rss(atom_error.as_bytes()) {
            Err(RssError::Feed { message }) => assert!(message.starts_with("Feed error for query")),
            other => panic!("expected a feed error, got {other:?}"),
        }
    }

    #[test]
    fn unusable_items_fail_strictly_and_are_set_aside_leniently() {
        let good = r#"<item><guid>oai:arXiv.org:2604.00001v1</guid><arxiv:announce_type>new</arxiv:announce_type></item>"#;
        let cases = [
            (
                r#"<item><guid>oai:arXiv.org:2604.00002v1</guid><arxiv:announce_type>rewrite</arxiv:announce_type></item>"#,
                "unknown announce type 'rewrite'",
            ),
            (
                r#"<item><description>arXiv:2604.00003v1 Announce Type: later 
Abstract: x</description></item>"#,
                "unknown announce type 'later'",
            ),
            (r#"<item><guid>oai:arXiv.org:2604.00004v1</guid></item>"#, "no announce type"),
            (
                r#"<item><guid>oai:arXiv.org:2604.00005</guid><arxiv:announce_type>new</arxiv:announce_type></item>"#,
                "no versioned arXiv id",
            ),
            (r#"<item><title>no id at all</title></item>"#, "no versioned arXiv id"),
            (
                r#"<item><guid>oai:arXiv.org:2604.00006v1</guid><arxiv:announce_type>new</arxiv:announce_type><pubDate>someday</pubDate></item>"#,
                "not an RFC 2822 date",
            ),
        ];
        for (bad, expected) in cases {
            let body = rss(&format!("{good}{bad}{good}"));
            let err = parse_rss(body.as_bytes()).expect_err(expected);
            assert!(err.to_string().contains(expected), "expected '{expected}', got: {err}");
            let position = err.position().expect("a position") as usize;
            assert_eq!(&body[position..position + 6], "<item>");
            let (feed, skipped) = parse_rss_lenient(body.as_bytes()).expect("lenient");
            assert_eq!((feed.items.len(), skipped.len()), (2, 1), "{expected}");
        }

        let no_date_anywhere = r#"<rss version="2.0" xmlns:arxiv="http://arxiv.org/schemas/atom"><channel><item><guid>oai:arXiv.org:2604.00001v1</guid><arxiv:announce_type>new</arxiv:announce_type></item></channel></rss>"#;
        let err = parse_rss(no_date_anywhere.as_bytes()).expect_err("no date");
        assert!(err.to_string().contains("no date"), "{err}");
    }

    #[test]
    fn announce_types_round_trip() {
        for kind in AnnounceType::ALL {
            assert_eq!(AnnounceType::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(AnnounceType::parse(" Replace-Cross\n"), Some(AnnounceType::ReplaceCross));
        assert_eq!(AnnounceType::parse("replace cross"), None);
        assert_eq!(AnnounceType::parse(""), None);
    }

    #[test]
    fn descriptions_split_into_header_and_abstract() {
        let parts =
            split_description("arXiv:2604.21935v1 Announce Type: new \nAbstract: Although  models\n work.");
        assert_eq!(parts.id, Some("arXiv:2604.21935v1"));
        assert_eq!(parts.announce_type, Some("new"));
        assert_eq!(parts.abstract_text, "Although models work.");
        let bare = split_description("  Just an abstract. ");
        assert_eq!(
            (bare.id, bare.announce_type, bare.abstract_text.as_str()),
            (None, None, "Just an abstract.")
        );
        let extra = split_description("arXiv:2604.1v1 Announce Type: new Journal: X\nAbstract: Body.");
        assert_eq!(extra.abstract_text, "Body.");
        let header_only = split_description("arXiv:2604.21935v1 Announce Type:");
        assert_eq!((header_only.announce_type, header_only.abstract_text.as_str()), (None, ""));
    }

    #[test]
    fn malformed_and_foreign_inputs_are_errors_not_panics() {
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            ("Rate exceeded.", "the text 'Rate exceeded.'"),
            ("<html><body>502 Bad Gateway</body></html>", "root element is <html>"),
            (
                r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>"#,
                "root element is <rdf:RDF>",
            ),
            (r#"<rss version="2.0"></rss>"#, "no <channel>"),
            (
                r#"<rss version="2.0"><channel><pubDate>Monday</pubDate></channel></rss>"#,
                "not an RFC 2822 date",
            ),
            (r#"<rss version="2.0"><channel><title>&nbsp;</title></channel></rss>"#, "unknown entity"),
            (r#"<rss version="2.0"><channel><item><title>x</item></channel></rss>"#, ""),
            (r#"<rss version="2.0"><channel><item><title>x"#, "ends inside <title>"),
            (r#"<rss version="2.0"><channel/></rss><rss/>"#, "second root"),
        ];
        for (input, expected) in cases {
            match parse_rss(input.as_bytes()) {
                Err(err @ RssError::Xml { .. }) => {
                    assert!(
                        err.to_string().contains(expected),
                        "{input:?}: expected '{expected}', got: {err}"
                    );
                    assert!(err.position().is_some());
                }
                other => panic!("{input:?}: expected an XML error, got {other:?}"),
            }
        }
    }

    #[test]
    fn every_prefix_fails_cleanly_and_only_the_whole_feed_parses() {
        for (fixture, root_end) in [(MONDAY, "</rss>"), (MIXED, "</rss>"), (ATOM_FEED, "</feed>")] {
            let end = fixture.rfind(root_end).expect("fixture") + root_end.len();
            for cut in 0..fixture.len() {
                let result = parse_rss(&fixture.as_bytes()[..cut]);
                assert_eq!(result.is_ok(), cut >= end, "cut at {cut}");
            }
        }
        for garbage in [
            &b"\xff\xfe<\x00r"[..],
            b"<",
            b"<rss",
            b"</rss>",
            b"<?xml?><a:b/>",
            b"<!-- -->",
            b"<rss><channel>&#0;",
        ] {
            let _ = parse_rss(garbage);
        }
    }
}
