//! Plain-text rendering of one paper for `papers show`.

use std::fmt::Write;

use crate::model::StoredPaper;
use crate::model::edit::Edit;
use crate::model::signals::{ImportanceExplained, attention_badge};
use crate::tex;
use crate::wording::plural;

/// How text output may be decorated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextStyle {
    /// Emit ANSI styles (bold headings).
    pub color: bool,
    /// Wrap the abstract and long fields at this many columns.
    pub width: usize,
}

/// Everything stored about a paper, labelled, with the abstract wrapped.
pub fn paper_details(
    stored: &StoredPaper,
    importance: &ImportanceExplained,
    edits: &[Edit],
    style: TextStyle,
) -> String {
    let paper = &stored.paper;
    let bold = anstyle::Style::new().bold();
    let (on, off) = match style.color {
        true => (bold.render().to_string(), bold.render_reset().to_string()),
        false => (String::new(), String::new()),
    };
    let mut out = String::new();
    // The title wraps under itself, after the id.
    let id = format!("{}v{}  ", paper.id, paper.version);
    let pad = " ".repeat(id.chars().count());
    let title_width = style.width.saturating_sub(pad.len()).max(20);
    for (n, line) in wrap(&tex::clean(&paper.title), title_width).iter().enumerate() {
        let lead = if n == 0 { &id } else { &pad };
        let _ = writeln!(out, "{on}{lead}{line}{off}");
    }
    let authors: Vec<String> = paper
        .authors
        .iter()
        .map(|a| match a.affiliations.is_empty() {
            true => a.name.clone(),
            false => format!("{} ({})", a.name, a.affiliations.join("; ")),
        })
        .collect();
    let categories: Vec<String> = paper
        .categories
        .iter()
        .map(|c| match *c == paper.primary_category {
            true => format!("{c} (primary)"),
            false => c.clone(),
        })
        .collect();
    let versions: Vec<String> = stored
        .versions
        .iter()
        .map(|v| match v.submitted {
            Some(t) => format!("v{} {}", v.version, t.format("%Y-%m-%d %H:%M UTC")),
            None => format!("v{}", v.version),
        })
        .collect();
    // Long values (the importance's parts, many authors) wrap under themselves.
    let mut field = |label: &str, value: &str| {
        for (n, line) in wrap(value, style.width.saturating_sub(12).max(20)).iter().enumerate() {
            let label = if n == 0 { label } else { "" };
            let _ = writeln!(out, "{label:<11} {line}");
        }
    };
    field("Authors:", &authors.join(", "));
    field("Categories:", &categories.join(", "));
    field("Submitted:", &paper.published.format("%Y-%m-%d %H:%M:%S UTC (v1)").to_string());
    field(
        "Listed:",
        &format!("{} ({}, week {})", stored.announced, stored.announced.format("%A"), stored.week),
    );
    field("Versions:", &versions.join(", "));
    let announced: Vec<String> = stored
        .announcements
        .iter()
        .map(|a| format!("{} v{} {}", a.announced, a.version, a.announce_type))
        .collect();
    field("Announced:", &announced.join(", "));
    let topics: Vec<String> = stored
        .topics
        .iter()
        .map(|t| match t.manual {
            true => format!("{} (manual)", t.slug),
            false => format!("{} {:.1}", t.slug, t.score),
        })
        .collect();
    field("Topics:", &topics.join(", "));
    if let Some(signals) = &stored.signals {
        let mut community =
            format!("{} · {}", attention_badge(signals), plural(signals.comments.into(), "comment"));
        if let Some(organization) = &signals.organization {
            community.push_str(&format!(" · {organization}"));
        }
        community.push_str(&format!(
            " (Hugging Face daily papers of {}, read {})",
            signals.featured,
            signals.fetched.format("%Y-%m-%d %H:%M UTC")
        ));
        field("Community:", &community);
        field("Code:", signals.github_repo.as_deref().unwrap_or(""));
        field("In a line:", signals.summary.as_deref().unwrap_or(""));
        field("Keywords:", &signals.keywords.join(", "));
    }
    let signed = |x: f64| match x < 0.0 {
        true => format!("−{:.2}", -x),
        false => format!("+{x:.2}"),
    };
    let parts: Vec<String> = importance
        .parts
        .iter()
        .map(|p| format!("{} {} ({})", p.signal, signed(p.points), p.detail))
        .collect();
    field("Importance:", &format!("{:.2}, the sum of: {}", importance.score, parts.join("; ")));
    for edit in edits {
        field("Digest:", &format!("{} {}", edit.week, edit.describe()));
    }
    field("Comment:", paper.comment.as_deref().unwrap_or(""));
    field("Journal:", paper.journal_ref.as_deref().unwrap_or(""));
    field("DOI:", &paper.dois.join(", "));
    field("Page:", &paper.links.abs);
    field("PDF:", &paper.links.pdf);
    if !paper.abstract_text.is_empty() {
        out.push('\n');
        for line in wrap(&tex::clean(&paper.abstract_text), style.width) {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// Greedy word wrap; a word longer than `width` gets a line of its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_respects_width_and_keeps_every_word() {
        let text = "one two three four five six seven eight nine ten";
        let lines = wrap(text, 14);
        assert_eq!(lines, ["one two three", "four five six", "seven eight", "nine ten"]);
        assert_eq!(wrap("supercalifragilistic x", 5), ["supercalifragilistic", "x"]);
        assert!(wrap("", 10).is_empty());
    }
}
