//! Parses an export-API feed file without storing anything and reports the speed:
//! the parse-only half of `benches/compare.sh`.
//!
//! ```sh
//! cargo run --release --example parse_file -- /tmp/feed.xml
//! ```

use std::error::Error;
use std::fs::File;
use std::io::BufReader;
use std::time::Instant;

use papers::arxiv::atom::FeedReader;

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args().nth(1).ok_or("usage: parse_file FEED.xml")?;
    let bytes = std::fs::metadata(&path)?.len();
    let started = Instant::now();
    let mut entries = 0u64;
    for paper in FeedReader::new(BufReader::with_capacity(256 * 1024, File::open(&path)?)) {
        paper?;
        entries += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "papers parse: {entries} entries, {:.1} MB in {seconds:.3} s = {:.0} entries/s, {:.1} MB/s",
        bytes as f64 / 1e6,
        entries as f64 / seconds,
        bytes as f64 / 1e6 / seconds
    );
    Ok(())
}
