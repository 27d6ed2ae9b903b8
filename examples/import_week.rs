//! Uses `papers` as a library: parses the bundled sample feed, stores it in an
//! in-memory database, and prints the papers arXiv listed in one ISO week.
//!
//! ```sh
//! cargo run --example import_week            # week 2024-W21
//! cargo run --example import_week -- 2024-W22
//! ```

use std::error::Error;

use chrono::NaiveDate;
use papers::arxiv::atom::FeedReader;
use papers::store::{PaperRow, Store};
use papers::week::{IsoWeek, Schedule};

const SAMPLE: &[u8] = include_bytes!("sample-feed.xml");

fn main() -> Result<(), Box<dyn Error>> {
    let week_text = std::env::args().nth(1).unwrap_or_else(|| "2024-W21".to_string());
    // `this`/`last` are relative to today; the sample is from May 2024.
    let week = IsoWeek::parse_expr(&week_text, NaiveDate::from_ymd_opt(2024, 5, 27).unwrap_or_default())?;

    let schedule = Schedule::default();
    let mut store = Store::open_in_memory()?;
    let mut batch = store.begin_import()?;
    for paper in FeedReader::new(SAMPLE) {
        let paper = paper?;
        batch.upsert(&PaperRow::dated(paper, &schedule)?)?;
    }
    let counts = batch.commit()?;
    println!("imported {} papers; week {week} runs {} to {}:", counts.new, week.monday(), week.sunday());

    for stored in store.papers_in_week(week, false)? {
        let paper = &stored.paper;
        println!(
            "  {} {}  {:<8} {}",
            stored.announced.format("%a %d %b"),
            paper.id,
            paper.primary_category,
            paper.title
        );
    }
    Ok(())
}
