//! Reading the shared corpus (`../shared/corpus/arxiv-ml-2025.jsonl.gz`, see its
//! `SOURCES.md`): one paper a line, gzipped, as the topic examples use it
//! (included with `#[path]`, so it is not part of the library).

use std::error::Error;
use std::io::{BufRead, BufReader};

use papers::classify::Document;

/// The categories the shipped topics were trained on most; papers outside them
/// are where a topic model is least sure.
pub const CORE: [&str; 4] = ["cs.CL", "cs.LG", "cs.AI", "cs.CV"];

/// A corpus paper. Each example reads the fields it needs.
#[derive(Debug, Clone, serde::Deserialize)]
#[allow(dead_code)]
pub struct CorpusPaper {
    pub id: String,
    pub title: String,
    #[serde(rename = "abstract")]
    pub abstract_text: String,
    pub categories: Vec<String>,
    #[serde(default)]
    pub primary_category: String,
    #[serde(default)]
    pub published: String,
}

#[allow(dead_code)]
impl CorpusPaper {
    /// What the classifier reads of it.
    pub fn document(&self) -> Document<'_> {
        Document { title: &self.title, abstract_text: &self.abstract_text, categories: &self.categories }
    }

    /// Whether it is filed in none of the [`CORE`] categories.
    pub fn outside_core(&self) -> bool {
        !self.categories.iter().any(|c| CORE.contains(&c.as_str()))
    }
}

/// Every paper of the gzipped corpus at `path`, in file order.
pub fn corpus_papers(
    path: &str,
) -> Result<impl Iterator<Item = Result<CorpusPaper, Box<dyn Error>>>, Box<dyn Error>> {
    let reader = BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(path)?));
    Ok(reader.lines().map(|line| Ok(serde_json::from_str(&line?)?)))
}
