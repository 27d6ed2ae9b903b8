//! The writer's hand on one week's digest: a paper picked (kept in whatever its
//! rank) or dropped (kept out), filed under another section, given a line of the
//! writer's own.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::week::IsoWeek;

/// Whether the writer keeps a paper in a week's digest or out of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Choice {
    Picked,
    Dropped,
}

impl Choice {
    /// "picked" or "dropped": how it is stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Picked => "picked",
            Choice::Dropped => "dropped",
        }
    }

    pub fn parse(text: &str) -> Option<Choice> {
        match text {
            "picked" => Some(Choice::Picked),
            "dropped" => Some(Choice::Dropped),
            _ => None,
        }
    }
}

/// What the writer did to one paper in one week's digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    #[serde(serialize_with = "as_text")]
    pub week: IsoWeek,
    pub id: String,
    pub choice: Option<Choice>,
    /// The section it is filed under, by name.
    pub section: Option<String>,
    pub note: Option<String>,
    pub edited: DateTime<Utc>,
}

impl Edit {
    /// "picked, under Agents, Tools & Retrieval, noted "Read this."": the edit in words.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(choice) = self.choice {
            parts.push(choice.as_str().to_string());
        }
        if let Some(section) = &self.section {
            parts.push(format!("under {section}"));
        }
        if let Some(note) = &self.note {
            parts.push(format!("noted \u{201c}{note}\u{201d}"));
        }
        parts.join(", ")
    }
}

fn as_text<S: serde::Serializer>(week: &IsoWeek, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(week)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_reads_as_words_and_as_json() {
        let edit = Edit {
            week: "2024-W21".parse().expect("week"),
            id: "2405.00001".into(),
            choice: Some(Choice::Picked),
            section: Some("Agents".into()),
            note: Some("Read this.".into()),
            edited: DateTime::UNIX_EPOCH,
        };
        assert_eq!(edit.describe(), "picked, under Agents, noted \u{201c}Read this.\u{201d}");
        let json = serde_json::to_value(&edit).expect("json");
        assert_eq!(json["week"], "2024-W21");
        assert_eq!(json["choice"], "picked");
        assert_eq!(Choice::parse("dropped"), Some(Choice::Dropped));
        assert_eq!(Choice::parse("kept"), None);
    }
}
