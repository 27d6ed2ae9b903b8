//! A paper's digest entry: its fields as the digest shows them, with the title's
//! TeX cleaned, the authors shortened, the abstract in short paragraphs and
//! summarised as the digest asks.

use chrono::Datelike;

use super::Candidate;
use super::prose::{paragraphs, sentences, short_summary};
use crate::classify::importance::facts::{code_url, venue};
use crate::model::digest::{DigestPaper, Summary};
use crate::model::signals::attention_badge;
use crate::model::{StoredPaper, replaced_mark};
use crate::query::ranked::rounded;
use crate::tex;

/// Authors named before "et al.".
const AUTHORS_SHOWN: usize = 3;
/// Summary paragraphs aim at about this many characters.
const PARAGRAPH_TARGET: usize = 320;

/// The entry of `stored`, ranked as `candidate` says; its number and citation key are
/// filled in later, in digest order.
pub(super) fn entry(stored: &StoredPaper, candidate: &Candidate, style: Summary) -> DigestPaper {
    let p = &stored.paper;
    let authors: Vec<String> = p.authors.iter().map(|a| a.name.clone()).collect();
    let mut authors_short = authors.iter().take(AUTHORS_SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if authors.len() > AUTHORS_SHOWN {
        authors_short.push_str(", et al.");
    }
    let importance = &candidate.scored.importance;
    let comment = p.comment.as_deref().map(|c| tex::clean(c).into_owned());
    let abstract_text = tex::clean(&p.abstract_text);
    let signals = stored.signals.as_ref();
    let title = tex::clean(&p.title);
    // Split once: the summary and the abstract are both made of them.
    let all = sentences(&abstract_text);
    let abstract_paragraphs = paragraphs(&all, PARAGRAPH_TARGET, None);
    let summary = match style {
        Summary::Full => abstract_paragraphs.clone(),
        Summary::Short => {
            let line = signals.and_then(|s| s.summary.as_deref()).filter(|line| !line.trim().is_empty());
            let short =
                line.map_or_else(|| short_summary(&title, &all), |line| tex::clean(line).into_owned());
            // No summary at all rather than an empty paragraph.
            Some(short).filter(|s| !s.is_empty()).into_iter().collect()
        }
        Summary::Sentences(count) => paragraphs(&all, PARAGRAPH_TARGET, Some(count)),
    };
    DigestPaper {
        number: String::new(),
        id: p.id.to_string(),
        version: p.version,
        title: title.clone().into_owned(),
        title_raw: p.title.clone(),
        url: abs_url(p.id.as_str()),
        bibtex_key: String::new(),
        authors,
        authors_short,
        primary_category: p.primary_category.clone(),
        categories: p.categories.clone(),
        topic: stored.topics.first().map(|t| t.slug.clone()).unwrap_or_default(),
        topics: stored.topics.iter().map(|t| t.slug.clone()).collect(),
        rank: rounded(importance.score),
        attention: signals.map(attention_badge),
        venue: venue(p.comment.as_deref(), p.journal_ref.as_deref()).map(|v| tex::clean(&v).into_owned()),
        code_url: code_url(comment.as_deref(), &abstract_text)
            .or_else(|| signals.and_then(|s| s.github_repo.clone())),
        picked: candidate.picked,
        note: candidate.note.clone(),
        // As arXiv has them, as every JSON field of text is; BibTeX wants the TeX.
        comment: p.comment.clone(),
        journal_ref: p.journal_ref.clone(),
        dois: p.dois.clone(),
        year: p.published.year(),
        announced: stored.announced.to_string(),
        replaced: candidate.scored.replaced,
        mark: candidate.scored.replaced.map(replaced_mark),
        summary,
        abstract_paragraphs,
        abstract_raw: p.abstract_text.clone(),
        signals: signals.cloned(),
    }
}

/// The paper's abstract page, without a version: the newest whenever it is read.
pub(super) fn abs_url(id: &str) -> String {
    format!("https://arxiv.org/abs/{id}")
}
