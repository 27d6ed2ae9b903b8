//! Lists of papers for `papers list`: a table that fits the terminal, CSV, and
//! Markdown. (JSON uses [`super::record::PaperRecord`].)

use std::fmt::Write;

use crate::model::StoredPaper;

/// A paper to list, with the digest section of its best topic.
pub struct Listed<'a> {
    pub stored: &'a StoredPaper,
    pub section: Option<&'a str>,
}

/// Columns capped so that the title keeps most of the width.
const MAX_ID: usize = 16;
const MAX_PRIMARY: usize = 16;
const MAX_TOPICS: usize = 30;
const MIN_TITLE: usize = 10;

/// An aligned table: id, listing date, primary category, topics, title. With a
/// `width`, the topics and title are cut (with "…") so each line fits.
pub fn table(papers: &[Listed], width: Option<usize>, color: bool) -> String {
    let column = |values: &mut dyn Iterator<Item = usize>, header: &str, cap: usize| {
        values.max().unwrap_or(0).max(header.chars().count()).min(cap)
    };
    let id_w = column(&mut papers.iter().map(|p| p.stored.paper.id.as_str().chars().count()), "ID", MAX_ID);
    let primary_w = column(
        &mut papers.iter().map(|p| p.stored.paper.primary_category.chars().count()),
        "PRIMARY",
        MAX_PRIMARY,
    );
    // Where the title would get less than its minimum, the topics shrink to each
    // paper's best one first.
    let all: Vec<String> = papers.iter().map(|p| topic_list(p.stored)).collect();
    let all_w = column(&mut all.iter().map(|t| t.chars().count()), "TOPICS", MAX_TOPICS);
    // Two spaces after each column; the listing date is ten characters.
    let before_title = |topics_w: usize| id_w + 2 + 10 + 2 + primary_w + 2 + topics_w + 2;
    let crowded = width.is_some_and(|w| before_title(all_w) + MIN_TITLE > w);
    let topics: Vec<String> = match crowded {
        true => papers
            .iter()
            .map(|p| p.stored.topics.first().map(|t| t.slug.clone()).unwrap_or_default())
            .collect(),
        false => all,
    };
    let topics_w = column(&mut topics.iter().map(|t| t.chars().count()), "TOPICS", MAX_TOPICS);
    let title_w = width.map(|w| w.saturating_sub(before_title(topics_w)).max(MIN_TITLE));
    let (bold, reset) = match color {
        true => (anstyle::Style::new().bold().render().to_string(), anstyle::Reset.render().to_string()),
        false => (String::new(), String::new()),
    };
    let mut out = String::new();
    let header = format!(
        "{:<id_w$}  {:<10}  {:<primary_w$}  {:<topics_w$}  TITLE",
        "ID", "LISTED", "PRIMARY", "TOPICS"
    );
    let _ = writeln!(out, "{bold}{}{reset}", header.trim_end());
    for (paper, topics) in papers.iter().zip(&topics) {
        let p = &paper.stored.paper;
        let mark =
            paper.stored.replaced.map(|v| format!(" {}", crate::model::replaced_mark(v))).unwrap_or_default();
        let title = match title_w {
            Some(w) => cut(&p.title, w.saturating_sub(mark.chars().count()).max(MIN_TITLE)),
            None => p.title.clone(),
        } + &mark;
        let line = format!(
            "{:<id_w$}  {}  {:<primary_w$}  {:<topics_w$}  {title}",
            cut(p.id.as_str(), id_w),
            paper.stored.announced,
            cut(&p.primary_category, primary_w),
            cut(topics, topics_w),
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// One CSV row per paper, RFC 4180 quoting.
pub fn csv(papers: &[Listed]) -> String {
    let mut out = String::from(
        "id,version,announced,week,primary_category,categories,topics,section,title,authors,published,abs_url,replaced\n",
    );
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
            p.title.clone(),
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
            markdown_text(&p.title),
            p.links.abs,
            listed
                .stored
                .replaced
                .map(|v| format!(" {}", crate::model::replaced_mark(v)))
                .unwrap_or_default(),
            markdown_text(&p.author_names()),
            listed.stored.announced,
            topic_list(listed.stored)
        );
    }
    out
}

fn topic_list(stored: &StoredPaper) -> String {
    stored.topics.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>().join(",")
}

/// `text` cut to `width` characters, ending in "…" when shortened.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_and_quoting() {
        assert_eq!(cut("Attention Is All You Need", 10), "Attention…");
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("Zoë Zoë Zoë", 5), "Zoë…");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(markdown_text("[x]_*"), "\\[x\\]\\_\\*");
    }
}
