//! Writes a deterministic synthetic export-API feed to stdout, for benchmarks and
//! for trying `papers import` on a large input.
//!
//! ```sh
//! cargo run --release --example synth_feed -- 20000 > /tmp/feed.xml
//! ```
//! Arguments: number of entries (default 20,000) and seed (default 1).

#[path = "support/synth.rs"]
mod synth;

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let entries = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    synth::write_feed(&mut out, entries, seed)?;
    out.flush()
}
