//! The stable JSON shape of a paper, shared by every command that prints JSON.
//!
//! Field names are part of the CLI contract: add fields, never rename them.

use std::borrow::Cow;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::model::StoredPaper;
use crate::model::edit::{Choice, Edit};
use crate::model::signals::{CommunitySignals, ImportanceExplained};
use crate::tex;

#[derive(Debug, Serialize)]
pub struct AuthorRecord<'a> {
    pub name: &'a str,
    pub affiliations: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct LinksRecord<'a> {
    pub abs: &'a str,
    pub pdf: &'a str,
}

#[derive(Debug, Serialize)]
pub struct TopicEntry<'a> {
    pub slug: &'a str,
    pub score: f64,
    /// Present (true) only for a topic added by a manual label.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub manual: bool,
}

#[derive(Debug, Serialize)]
pub struct AnnouncementEntry {
    pub announced: String,
    pub version: u32,
    pub announce_type: String,
}

#[derive(Debug, Serialize)]
pub struct VersionEntry {
    pub version: u32,
    pub submitted: Option<String>,
    /// Its listing date, when known.
    pub announced: Option<String>,
    /// How the announcement feed listed it (new, cross, replace, replace-cross).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announce_type: Option<String>,
}

/// A paper as JSON. `versions` is filled only where a command promises history
/// (`papers show`).
/// How a paper's importance was made, and the weeks it is picked for (kept from
/// before `edits` said more).
#[derive(Debug, Serialize)]
pub struct ImportanceRecord<'a> {
    #[serde(flatten)]
    pub explained: &'a ImportanceExplained,
    pub picked: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct PaperRecord<'a> {
    pub id: &'a str,
    pub version: u32,
    /// As arXiv has it, TeX and all.
    pub title: &'a str,
    /// As a person reads it (see [`crate::tex`]).
    pub title_clean: Cow<'a, str>,
    pub authors: Vec<AuthorRecord<'a>>,
    #[serde(rename = "abstract")]
    pub abstract_text: &'a str,
    pub abstract_clean: Cow<'a, str>,
    pub primary_category: &'a str,
    pub categories: &'a [String],
    pub published: String,
    pub updated: String,
    pub announced: String,
    pub week: String,
    pub comment: Option<&'a str>,
    pub journal_ref: Option<&'a str>,
    pub dois: &'a [String],
    pub links: LinksRecord<'a>,
    /// Topics, best first.
    pub topics: Vec<TopicEntry<'a>>,
    /// The digest section of the best topic, if the caller knows the taxonomy.
    pub section: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versions: Option<Vec<VersionEntry>>,
    /// With `versions`: what the announcement feed reported, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announcements: Option<Vec<AnnouncementEntry>>,
    /// In a week (or date range) view: the version announced in it, for a paper
    /// first listed earlier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced: Option<u32>,
    /// Hugging Face's community signals; null when it was never featured.
    pub signals: Option<&'a CommunitySignals>,
    /// How its importance was made (`show` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub importance: Option<ImportanceRecord<'a>>,
    /// The writer's edits of it in weekly digests (`show` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edits: Option<&'a [Edit]>,
}

impl<'a> PaperRecord<'a> {
    /// The shared fields only.
    pub fn new(stored: &'a StoredPaper) -> PaperRecord<'a> {
        let paper = &stored.paper;
        PaperRecord {
            id: paper.id.as_str(),
            version: paper.version,
            title: &paper.title,
            title_clean: tex::clean(&paper.title),
            authors: paper
                .authors
                .iter()
                .map(|a| AuthorRecord { name: &a.name, affiliations: &a.affiliations })
                .collect(),
            abstract_text: &paper.abstract_text,
            abstract_clean: tex::clean(&paper.abstract_text),
            primary_category: &paper.primary_category,
            categories: &paper.categories,
            published: rfc3339(paper.published),
            updated: rfc3339(paper.updated),
            announced: stored.announced.to_string(),
            week: stored.week.to_string(),
            comment: paper.comment.as_deref(),
            journal_ref: paper.journal_ref.as_deref(),
            dois: &paper.dois,
            links: LinksRecord { abs: &paper.links.abs, pdf: &paper.links.pdf },
            topics: stored
                .topics
                .iter()
                .map(|t| TopicEntry { slug: &t.slug, score: t.score, manual: t.manual })
                .collect(),
            section: None,
            versions: None,
            announcements: None,
            replaced: stored.replaced,
            signals: stored.signals.as_ref(),
            importance: None,
            edits: None,
        }
    }

    /// Says how its importance was made, and how the writer edited it in digests.
    pub fn with_importance(self, importance: &'a ImportanceExplained, edits: &'a [Edit]) -> PaperRecord<'a> {
        let picked =
            edits.iter().filter(|e| e.choice == Some(Choice::Picked)).map(|e| e.week.to_string()).collect();
        PaperRecord {
            importance: Some(ImportanceRecord { explained: importance, picked }),
            edits: Some(edits),
            ..self
        }
    }

    /// Names the digest section the paper falls under.
    pub fn in_section(self, section: Option<&'a str>) -> PaperRecord<'a> {
        PaperRecord { section, ..self }
    }

    /// The shared fields plus the version history.
    pub fn with_versions(stored: &'a StoredPaper) -> PaperRecord<'a> {
        let versions = stored
            .versions
            .iter()
            .map(|v| VersionEntry {
                version: v.version,
                submitted: v.submitted.map(rfc3339),
                announced: v.announced.map(|d| d.to_string()),
                announce_type: v.announce_type.clone(),
            })
            .collect();
        let announcements = stored
            .announcements
            .iter()
            .map(|a| AnnouncementEntry {
                announced: a.announced.to_string(),
                version: a.version,
                announce_type: a.announce_type.clone(),
            })
            .collect::<Vec<_>>();
        PaperRecord {
            versions: Some(versions),
            announcements: (!announcements.is_empty()).then_some(announcements),
            ..PaperRecord::new(stored)
        }
    }
}

/// RFC 3339 in UTC with a `Z`, to the second, as arXiv writes it.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}
