//! Lists of papers for `papers list` (and the weeks for `papers weeks`, the edits
//! for `papers pick --list`): a table that fits the terminal, CSV, and
//! Markdown, and the JSON forms of [`super::record::PaperRecord`]; written a chunk
//! of papers at a time.

use std::fmt::Write;

use super::record::PaperRecord;
use crate::classify::Classifier;
use crate::model::edit::Edit;
use crate::model::{Named, StoredPaper};
use crate::query::{QueryError, Staleness, section_of};
use crate::store::{StoreError, WeekSummary};
use crate::tex;
use crate::wording::fit::{cut, join_fitting};
use crate::wording::thousands;

/// A paper to list, with the digest section of its best topic.
pub struct Listed<'a> {
    pub stored: &'a StoredPaper,
    pub section: Option<&'a str>,
}

/// Columns capped so that the title keeps most of the width.
const MAX_ID: usize = 16;
const MAX_PRIMARY: usize = 18;
const MAX_TOPICS: usize = 30;
/// The title never gets less, however narrow the terminal.
const MIN_TITLE: usize = 10;
/// Topics are cut no shorter than this (nor than a queried topic).
const MIN_TOPICS: usize = 8;
/// The listing date, YYYY-MM-DD.
const DATE: usize = 10;
const GAP: usize = 2;

/// How much the columns before the title show, from the most to the least: the
/// order in which they give way to the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Every topic, the whole primary category.
    Full,
    /// Each paper's first topic (a queried one, else its best).
    FirstTopic,
    /// Also the primary category cut to its archive (`cond-mat`).
    Archive,
    /// The primary category left out.
    NoPrimary,
}

/// Column widths for one table; a width of 0 hides the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    detail: Detail,
    id: usize,
    primary: usize,
    topics: usize,
    /// `None`: nothing is cut (no terminal).
    title: Option<usize>,
}

/// One paper's cells before fitting.
struct Row<'a> {
    id: &'a str,
    listed: String,
    primary: &'a str,
    /// Queried topics first, then the rest best first.
    topics: Vec<&'a str>,
    /// As a person reads it.
    title: std::borrow::Cow<'a, str>,
    mark: String,
}

impl Row<'_> {
    fn primary(&self, detail: Detail) -> &str {
        match detail {
            Detail::Full | Detail::FirstTopic => self.primary,
            _ => self.primary.split('.').next().unwrap_or(self.primary),
        }
    }

    fn topics(&self, detail: Detail) -> String {
        match detail {
            Detail::Full => self.topics.join(","),
            _ => self.topics.first().map(|t| t.to_string()).unwrap_or_default(),
        }
    }

    /// The title with its mark, in characters.
    fn title_len(&self) -> usize {
        self.title.chars().count() + self.mark.chars().count()
    }
}

/// The widest cells of a table's rows: gathered a chunk at a time before any row
/// is written, so that a table of any length is written as it is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableWidths {
    id: usize,
    primary: usize,
    archive: usize,
    topics: usize,
    first_topic: usize,
    title: usize,
}

impl TableWidths {
    /// Widens the columns to hold these papers' cells.
    pub fn add(&mut self, papers: &[StoredPaper], queried: &[String]) {
        for stored in papers {
            self.add_row(&row(stored, queried));
        }
    }

    fn add_row(&mut self, row: &Row) {
        let chars = |text: &str| text.chars().count();
        self.id = self.id.max(chars(row.id));
        self.primary = self.primary.max(chars(row.primary(Detail::Full)));
        self.archive = self.archive.max(chars(row.primary(Detail::Archive)));
        self.topics = self.topics.max(chars(&row.topics(Detail::Full)));
        self.first_topic = self.first_topic.max(chars(&row.topics(Detail::FirstTopic)));
        self.title = self.title.max(row.title_len());
    }
}

/// The widths that give the title the room: with a `width`, the first [`Detail`]
/// that leaves the title half the width (or all it needs), else topics cut down
/// to `keep` characters (the longest queried topic) or [`MIN_TOPICS`].
fn layout(widths: &TableWidths, width: Option<usize>, keep: usize) -> Layout {
    let widest = |value: usize, header: &str, cap: usize| value.max(header.chars().count()).min(cap);
    let id = widest(widths.id, "ID", MAX_ID);
    let at = |detail: Detail| {
        let (primary, topics) = match detail {
            Detail::Full => (widths.primary, widths.topics),
            Detail::FirstTopic => (widths.primary, widths.first_topic),
            Detail::Archive | Detail::NoPrimary => (widths.archive, widths.first_topic),
        };
        let primary = match detail {
            Detail::NoPrimary => 0,
            _ => widest(primary, "PRIMARY", MAX_PRIMARY),
        };
        let topics = widest(topics, "TOPICS", MAX_TOPICS);
        Layout { detail, id, primary, topics, title: None }
    };
    let Some(width) = width else {
        return at(Detail::Full);
    };
    let before = |l: &Layout| {
        l.id + GAP + DATE + GAP + if l.primary > 0 { l.primary + GAP } else { 0 } + l.topics + GAP
    };
    let needed = widths.title.min((width / 2).max(MIN_TITLE));
    for detail in [Detail::Full, Detail::FirstTopic, Detail::Archive, Detail::NoPrimary] {
        let layout = at(detail);
        if width.saturating_sub(before(&layout)) >= needed {
            return Layout { title: Some(width - before(&layout)), ..layout };
        }
    }
    let mut last = at(Detail::NoPrimary);
    let floor = keep.max(MIN_TOPICS).min(last.topics);
    let spare = width.saturating_sub(before(&Layout { topics: 0, ..last }) + needed);
    last.topics = spare.clamp(floor, last.topics);
    Layout { title: Some(width.saturating_sub(before(&last)).max(MIN_TITLE)), ..last }
}

/// An aligned table: id, listing date, primary category, topics, title, written a
/// chunk of rows at a time once its column widths are known ([`TableWidths`]).
/// With a `width`, the columns before the title give way to it (see [`layout`]) so
/// each line fits. The `queried` topics come first in each paper's topics, so a
/// view of a topic always shows it. A paper there as a replacement shows the day
/// its new version was listed, and its mark.
pub struct Table<'q> {
    layout: Layout,
    bold: String,
    reset: String,
    queried: &'q [String],
}

impl<'q> Table<'q> {
    pub fn new(widths: &TableWidths, width: Option<usize>, color: bool, queried: &'q [String]) -> Table<'q> {
        let keep = queried.iter().map(|t| t.chars().count()).max().unwrap_or(0);
        let (bold, reset) = match color {
            true => (anstyle::Style::new().bold().render().to_string(), anstyle::Reset.render().to_string()),
            false => (String::new(), String::new()),
        };
        Table { layout: layout(widths, width, keep), bold, reset, queried }
    }

    /// The header line.
    pub fn header(&self) -> String {
        let header = self.cells("ID", "LISTED", "PRIMARY", "TOPICS", "TITLE");
        format!("{}{}{}\n", self.bold, header.trim_end(), self.reset)
    }

    /// One line per paper.
    pub fn rows(&self, papers: &[StoredPaper]) -> String {
        let rows: Vec<Row> = papers.iter().map(|stored| row(stored, self.queried)).collect();
        self.render(&rows)
    }

    fn render(&self, rows: &[Row]) -> String {
        let mut out = String::new();
        for row in rows {
            let title = match self.layout.title {
                Some(w) => cut(&row.title, w.saturating_sub(row.mark.chars().count()).max(1)),
                None => row.title.to_string(),
            } + &row.mark;
            let detail = self.layout.detail;
            let line = self.cells(row.id, &row.listed, row.primary(detail), &row.topics(detail), &title);
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out
    }

    fn cells(&self, id: &str, listed: &str, primary: &str, topics: &str, title: &str) -> String {
        let layout = &self.layout;
        let primary = match layout.primary {
            0 => String::new(),
            w => format!("{:<w$}  ", cut(primary, w)),
        };
        let (id_w, topics_w) = (layout.id, layout.topics);
        format!(
            "{:<id_w$}  {listed:<DATE$}  {primary}{:<topics_w$}  {title}",
            cut(id, id_w),
            cut(topics, topics_w)
        )
    }
}

fn row<'a>(stored: &'a StoredPaper, queried: &[String]) -> Row<'a> {
    let p = &stored.paper;
    let slugs = stored.topics.iter().map(|t| t.slug.as_str());
    let (mut topics, rest): (Vec<&str>, Vec<&str>) =
        slugs.partition(|slug| queried.iter().any(|q| q == slug));
    topics.extend(rest);
    Row {
        id: p.id.as_str(),
        listed: stored.listed_in_view().to_string(),
        primary: &p.primary_category,
        topics,
        title: tex::clean(&p.title),
        mark: stored.replaced.map(|v| format!(" {}", crate::model::replaced_mark(v))).unwrap_or_default(),
    }
}

/// One CSV row per paper, RFC 4180 quoting.
/// The first line of [`csv`].
pub const CSV_HEADER: &str = "id,version,announced,week,primary_category,categories,topics,section,title,authors,published,abs_url,replaced\n";

/// The papers as CSV rows, without the header.
pub fn csv_rows(papers: &[Listed]) -> String {
    let mut out = String::new();
    for listed in papers {
        let stored = listed.stored;
        let p = &stored.paper;
        let fields = [
            p.id.to_string(),
            p.version.to_string(),
            stored.announced.to_string(),
            stored.week.to_string(),
            p.primary_category.clone(),
            p.categories.join(" "),
            stored.topics.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>().join(" "),
            listed.section.unwrap_or_default().to_string(),
            tex::clean(&p.title).into_owned(),
            p.author_names(),
            super::record::rfc3339(p.published),
            p.links.abs.clone(),
            stored.replaced.map(|v| v.to_string()).unwrap_or_default(),
        ];
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        let _ = writeln!(out, "{}", quoted.join(","));
    }
    out
}

/// A Markdown bullet per paper: linked title, then authors, listing date and topics.
pub fn markdown(papers: &[Listed]) -> String {
    let mut out = String::new();
    for listed in papers {
        let p = &listed.stored.paper;
        let _ = writeln!(
            out,
            "- [{}]({}){} · {} · {} · {}",
            markdown_text(&tex::clean(&p.title)),
            p.links.abs,
            listed
                .stored
                .replaced
                .map(|v| format!(" {}", crate::model::replaced_mark(v)))
                .unwrap_or_default(),
            markdown_text(&p.author_names()),
            listed.stored.listed_in_view(),
            topic_list(listed.stored)
        );
    }
    out
}

fn topic_list(stored: &StoredPaper) -> String {
    stored.topics.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>().join(",")
}

/// A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break.
pub fn csv_field(field: &str) -> String {
    match field.contains([',', '"', '\n', '\r']) {
        true => format!("\"{}\"", field.replace('"', "\"\"")),
        false => field.to_string(),
    }
}

/// Escapes what Markdown would read as link syntax or emphasis.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '*' | '_' | '`' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The formats a list is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    Table,
    Json,
    Jsonl,
    Csv,
    Markdown,
}

impl Named for ListFormat {
    const NAMES: &'static [(&'static str, ListFormat)] = &[
        ("table", ListFormat::Table),
        ("json", ListFormat::Json),
        ("jsonl", ListFormat::Jsonl),
        ("csv", ListFormat::Csv),
        ("markdown", ListFormat::Markdown),
    ];
}

/// A list being written in its format, a chunk of papers at a time, so that
/// memory stays flat however many papers there are.
pub struct ListWriter<'q> {
    format: ListFormat,
    /// Papers written so far.
    written: usize,
    /// The table, its column widths known, when that is the format.
    table: Option<Table<'q>>,
}

impl<'q> ListWriter<'q> {
    /// A writer in `format`; a table's widths are those of `table`.
    pub fn new(format: ListFormat, table: Option<Table<'q>>) -> ListWriter<'q> {
        ListWriter { format, written: 0, table }
    }

    /// The text of the next chunk of papers; `section` names each paper's digest
    /// section.
    pub fn chunk<'p>(
        &mut self,
        papers: &'p [StoredPaper],
        section: impl Fn(&'p StoredPaper) -> Option<&'p str>,
    ) -> Result<String, serde_json::Error> {
        if let Some(table) = &self.table {
            let header = if self.written == 0 && !papers.is_empty() { table.header() } else { String::new() };
            self.written += papers.len();
            return Ok(format!("{header}{}", table.rows(papers)));
        }
        let listed: Vec<Listed> = papers.iter().map(|p| Listed { stored: p, section: section(p) }).collect();
        let records = || listed.iter().map(|l| PaperRecord::new(l.stored).in_section(l.section));
        let mut text = String::new();
        match self.format {
            // Written above.
            ListFormat::Table => {}
            ListFormat::Json => {
                for (n, record) in records().enumerate() {
                    // Byte for byte the elements of a pretty-printed array.
                    text.push_str(if self.written + n == 0 { "[\n  " } else { ",\n  " });
                    text.push_str(&serde_json::to_string_pretty(&record)?.replace('\n', "\n  "));
                }
            }
            ListFormat::Jsonl => {
                for record in records() {
                    text.push_str(&serde_json::to_string(&record)?);
                    text.push('\n');
                }
            }
            ListFormat::Csv => {
                text = format!("{}{}", if self.written == 0 { CSV_HEADER } else { "" }, csv_rows(&listed))
            }
            ListFormat::Markdown => text = markdown(&listed),
        }
        self.written += listed.len();
        Ok(text)
    }

    /// The end of the list: what closes a JSON array.
    pub fn finish(self) -> &'static str {
        match self.format {
            ListFormat::Json if self.written == 0 => "[]\n",
            ListFormat::Json => "\n]\n",
            _ => "",
        }
    }
}

/// How a list is written: in `format`; a table fitted to `width` (none: no
/// cutting), in colour or not, the `queried` topics first in each paper's topics.
#[derive(Debug, Clone, Copy)]
pub struct ListStyle<'q> {
    pub format: ListFormat,
    pub width: Option<usize>,
    pub color: bool,
    pub queried: &'q [String],
}

/// Why a list could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// The output could not be written.
    #[error(transparent)]
    Write(std::io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A reader of the listed papers: hands each chunk, in order, to the function it
/// is given.
pub type ReadPapers<'r> =
    dyn Fn(&mut dyn FnMut(&[StoredPaper]) -> Result<(), ListError>) -> Result<(), ListError> + 'r;

/// Writes the papers `read` hands over to `out` in `style`, each with the section
/// `classifier` files it under, as they come (so memory stays flat however many
/// there are), and counts how many were classified otherwise than `classifier`
/// would. A table's columns fit its widest cells, so for a table `read` is called
/// twice, once for the widths and once to write them: it must hand the same
/// papers both times (read them in one snapshot).
pub fn write_list(
    style: &ListStyle,
    classifier: &Classifier,
    read: &ReadPapers,
    out: &mut impl std::io::Write,
) -> Result<Staleness, ListError> {
    let table = match style.format {
        ListFormat::Table => {
            let mut widths = TableWidths::default();
            read(&mut |papers| {
                widths.add(papers, style.queried);
                Ok(())
            })?;
            Some(Table::new(&widths, style.width, style.color, style.queried))
        }
        _ => None,
    };
    let mut output = ListWriter::new(style.format, table);
    let mut staleness = Staleness::default();
    read(&mut |papers| {
        for paper in papers {
            staleness.count(paper.topics_hash.as_deref(), classifier.fingerprint());
        }
        let chunk = output.chunk(papers, |p| section_of(classifier.taxonomy(), p))?;
        out.write_all(chunk.as_bytes()).map_err(ListError::Write)
    })?;
    out.write_all(output.finish().as_bytes()).map_err(ListError::Write)?;
    Ok(staleness)
}

/// `papers weeks`: one line per week, its new and replaced papers in aligned
/// columns, then as many of its top topics as fit `width`.
pub fn weeks_lines(weeks: &[WeekSummary], width: Option<usize>) -> String {
    let counts: Vec<(String, String)> = weeks
        .iter()
        .map(|w| (format!("{} new", thousands(w.papers)), format!("{} replaced", thousands(w.replaced))))
        .collect();
    let new_w = counts.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let replaced_w = counts.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (week, (new, replaced)) in weeks.iter().zip(&counts) {
        let line = format!("{}  {new:>new_w$}  {replaced:>replaced_w$}  ", week.week);
        let top: Vec<String> = week.top_topics.iter().map(|(t, n)| format!("{t} {n}")).collect();
        let room = width.map(|w| w.saturating_sub(line.chars().count()));
        let _ = writeln!(out, "{}", format!("{line}{}", join_fitting(&top, ", ", room)).trim_end());
    }
    out
}

/// `papers pick --list`: one line per edit (week, id, what was done, and the
/// title, `None` when the paper is not stored), fitted to `width` by cutting the
/// title; whole without one.
pub fn edit_lines(edits: &[(Edit, Option<String>)], width: Option<usize>) -> String {
    let mut out = String::new();
    for (edit, title) in edits {
        let title = match title {
            Some(title) => tex::clean(title),
            None => "(not in the database)".into(),
        };
        let line = format!("{}  {}  {}  {}", edit.week, edit.id, edit.describe(), title);
        let line = match width {
            Some(width) => cut(&line, width),
            None => line,
        };
        let _ = writeln!(out, "{line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_table_reads_twice_and_counts_the_stale_papers() {
        let classifier = Classifier::rules_only(crate::classify::Taxonomy::builtin().expect("taxonomy"));
        let submitted = chrono::DateTime::from_timestamp(1_716_300_000, 0).expect("a time");
        let week = crate::week::IsoWeek::new(2024, 21).expect("a week");
        let stored = |id: &str, hash: Option<&str>| StoredPaper {
            paper: crate::model::Paper::for_tests(id, submitted, &["Ada Example"]),
            announced: week.monday(),
            week,
            versions: Vec::new(),
            topics: Vec::new(),
            topics_hash: hash.map(String::from),
            replaced: None,
            relisted: None,
            announcements: Vec::new(),
            signals: None,
            prior: None,
            near_topic: None,
        };
        let papers = [stored("2405.00001", Some(classifier.fingerprint())), stored("2405.00002", None)];
        let reads = std::cell::Cell::new(0);
        let read = |each: &mut dyn FnMut(&[StoredPaper]) -> Result<(), ListError>| {
            reads.set(reads.get() + 1);
            each(&papers)
        };
        let mut style = ListStyle { format: ListFormat::Table, width: None, color: false, queried: &[] };
        let mut out = Vec::new();
        let staleness = write_list(&style, &classifier, &read, &mut out).expect("written");
        assert_eq!((staleness, reads.get()), (Staleness { stale: 1, papers: 2 }, 2));
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with("ID ") && text.lines().count() == 3, "{text}");
        style.format = ListFormat::Json;
        let mut out = Vec::new();
        write_list(&style, &classifier, &|each| each(&[]), &mut out).expect("written");
        assert_eq!(out, b"[]\n");
    }

    fn widths(rows: &[Row]) -> TableWidths {
        let mut widths = TableWidths::default();
        for row in rows {
            widths.add_row(row);
        }
        widths
    }

    /// The header and the rows, as `list` writes them.
    fn render(rows: &[Row], layout: Layout) -> String {
        let table = Table { layout, bold: String::new(), reset: String::new(), queried: &[] };
        table.header() + &table.render(rows)
    }

    fn rows() -> Vec<Row<'static>> {
        let row = |id, primary, topics: &[&'static str], title: &'static str, mark: &str| Row {
            id,
            listed: "2024-05-22".to_string(),
            primary,
            topics: topics.to_vec(),
            title: title.into(),
            mark: mark.to_string(),
        };
        vec![
            row(
                "2405.12001",
                "cond-mat.stat-mech",
                &["interpretability", "attention", "quantization", "multimodal"],
                "LoRA: Scaling Low-Rank Adapters to Trillion-Parameter Mixture-of-Experts Language Models",
                "",
            ),
            row("hep-th/9901001", "cs.CL", &["attention", "safety"], "A Short Title", " (v2, replaced)"),
            row(
                "2405.14002",
                "cs.LG",
                &["attention", "interpretability"],
                "Grouped-Query Attention Matches Multi-Head Attention at a Fraction of the Cache",
                " (v12, replaced)",
            ),
        ]
    }

    #[test]
    fn every_line_fits_and_the_title_gets_the_room() {
        let rows = rows();
        for (width, keep) in [(60, 0), (80, 0), (120, 0), (200, 0), (60, 9), (80, 9), (120, 9)] {
            let layout = layout(&widths(&rows), Some(width), keep);
            let table = render(&rows, layout);
            for line in table.lines() {
                assert!(line.chars().count() <= width, "{width}: {} > {width}: {line}", line.chars().count());
            }
            let title = layout.title.expect("cut to a width");
            assert!(title >= (width / 2).min(40) || width < 80, "{width}: title {title}: {table}");
            if width >= 80 {
                assert!(title >= 40, "{width}: title {title}");
            }
            if keep > 0 {
                assert!(layout.topics >= keep, "{width}: the queried topic must show: {table}");
            }
        }
    }

    #[test]
    fn columns_give_way_in_order() {
        let rows = rows();
        assert_eq!(layout(&widths(&rows), None, 0).detail, Detail::Full);
        assert_eq!(layout(&widths(&rows), Some(200), 0).detail, Detail::Full);
        assert_eq!(layout(&widths(&rows), Some(136), 0).detail, Detail::FirstTopic);
        assert_eq!(layout(&widths(&rows), Some(120), 0).detail, Detail::Archive);
        let narrow = layout(&widths(&rows), Some(80), 0);
        assert_eq!((narrow.detail, narrow.primary), (Detail::NoPrimary, 0));
        let table = render(&rows, layout(&widths(&rows), Some(120), 0));
        assert!(table.contains("  cond-mat  interpretability  LoRA"), "{table}");
        assert!(table.contains("(v12, replaced)"), "the mark is never cut: {table}");
    }

    #[test]
    fn cutting_and_quoting() {
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(markdown_text("[x]_*"), "\\[x\\]\\_\\*");
    }
}
