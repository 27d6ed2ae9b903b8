//! Reading the shared importance data (`../shared/importance/`, see its
//! `SOURCES.md`): the 2026 arXiv listings, the 2024 sample, Hugging Face's daily
//! papers and a curator's weekly picks, as the training and evaluation examples
//! use them.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Deserialize;

use papers::week::Schedule;

/// A listed (or sampled) paper.
#[derive(Debug, Clone)]
pub struct Paper {
    pub id: String,
    /// Its listing date: the file's for the listings, from the submission time for
    /// the sample.
    pub listed: NaiveDate,
    pub title: String,
    pub abstract_text: String,
    /// `None` in the 2024 sample, which has no authors.
    pub authors: Option<Vec<String>>,
    pub categories: Vec<String>,
    pub comment: Option<String>,
}

/// A paper Hugging Face featured, as `papers signals` would store it: the first
/// day it was featured, the counts of the last day it was read.
#[derive(Debug, Clone)]
pub struct Featured {
    pub first_day: NaiveDate,
    pub upvotes: u32,
    pub comments: u32,
    pub stars: Option<u32>,
    pub repo: bool,
    pub authors: Vec<String>,
}

/// One curator pick.
#[derive(Debug, Clone)]
pub struct Pick {
    pub week_start: NaiveDate,
    pub id: Option<String>,
    pub title: Option<String>,
    pub abstract_text: Option<String>,
}

pub struct Shared {
    pub listings: Vec<Paper>,
    pub sample: Vec<Paper>,
    pub featured: HashMap<String, Featured>,
    pub picks: Vec<Pick>,
}

#[derive(Deserialize)]
struct ListingRow {
    arxiv_id: String,
    listing_day: Option<NaiveDate>,
    published: Option<String>,
    title: String,
    #[serde(rename = "abstract")]
    abstract_text: String,
    authors: Option<Vec<String>>,
    categories: Vec<String>,
    comment: Option<String>,
}

#[derive(Deserialize)]
struct FeaturedRow {
    day: NaiveDate,
    arxiv_id: String,
    authors: Vec<String>,
    upvotes: u32,
    comments: u32,
    github_repo: Option<String>,
    github_stars: Option<u32>,
}

#[derive(Deserialize)]
struct PickRow {
    week_start: NaiveDate,
    arxiv_id: Option<String>,
    title: Option<String>,
    #[serde(rename = "abstract")]
    abstract_text: Option<String>,
}

type Failure = Box<dyn std::error::Error>;

fn lines(path: &Path) -> Result<Box<dyn BufRead>, Failure> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(match path.extension().is_some_and(|e| e == "gz") {
        true => Box::new(std::io::BufReader::new(flate2::read::GzDecoder::new(file))),
        false => Box::new(std::io::BufReader::new(file)),
    })
}

fn rows<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, Failure> {
    let mut out = Vec::new();
    for (number, line) in lines(path)?.lines().enumerate() {
        let line = line?;
        let row =
            serde_json::from_str(&line).map_err(|e| format!("{}:{}: {e}", path.display(), number + 1))?;
        out.push(row);
    }
    Ok(out)
}

impl Shared {
    pub fn read(folder: &Path) -> Result<Shared, Failure> {
        let schedule = Schedule::default();
        let paper = |row: ListingRow| -> Result<Paper, Failure> {
            let listed = match (row.listing_day, &row.published) {
                (Some(day), _) => day,
                (None, Some(published)) => {
                    let time = NaiveDateTime::parse_from_str(published, "%Y-%m-%d %H:%M:%S")?;
                    schedule.listing_date(DateTime::<Utc>::from_naive_utc_and_offset(time, Utc))
                }
                (None, None) => return Err(format!("{} has no date", row.arxiv_id).into()),
            };
            Ok(Paper {
                id: row.arxiv_id,
                listed,
                title: row.title,
                abstract_text: row.abstract_text,
                authors: row.authors,
                categories: row.categories,
                comment: row.comment,
            })
        };
        let listings = rows::<ListingRow>(&folder.join("arxiv-listings.jsonl.gz"))?
            .into_iter()
            .map(paper)
            .collect::<Result<_, _>>()?;
        let sample = rows::<ListingRow>(&folder.join("arxiv-sample-2024.jsonl.gz"))?
            .into_iter()
            .map(paper)
            .collect::<Result<_, _>>()?;
        let mut featured_rows = rows::<FeaturedRow>(&folder.join("hf-daily-featured.jsonl.gz"))?;
        featured_rows.sort_by_key(|r| r.day);
        let mut featured: HashMap<String, Featured> = HashMap::new();
        for row in featured_rows {
            let entry = featured.entry(row.arxiv_id).or_insert_with(|| Featured {
                first_day: row.day,
                upvotes: 0,
                comments: 0,
                stars: None,
                repo: false,
                authors: row.authors.clone(),
            });
            // The newest reading replaces the counts; a field it lacks keeps its value.
            (entry.upvotes, entry.comments) = (row.upvotes, row.comments);
            entry.stars = row.github_stars.or(entry.stars);
            entry.repo |= row.github_repo.is_some();
        }
        let picks = rows::<PickRow>(&folder.join("curator-picks.jsonl"))?
            .into_iter()
            .map(|row| Pick {
                week_start: row.week_start,
                id: row.arxiv_id,
                title: row.title,
                abstract_text: row.abstract_text,
            })
            .collect();
        Ok(Shared { listings, sample, featured, picks })
    }
}
