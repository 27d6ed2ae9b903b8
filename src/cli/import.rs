//! `papers import`: load saved export-API responses into the database.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use std::sync::mpsc::SyncSender;

use anyhow::{Result, bail};
use indicatif::ProgressBar;

use super::args::ImportArgs;
use super::progress::byte_bar;
use super::{Settings, classified};
use papers::arxiv::atom::{AtomError, FeedReader};
use papers::classify::Classifier;
use papers::error_chain;
use papers::store::{ImportCounts, PaperRow, Store, StoreError};
use papers::week::Schedule;

/// Big reads keep the parser fed; the figure barely matters above 64 KiB.
const READ_BUFFER: usize = 256 * 1024;

pub fn run(settings: &Settings, args: &ImportArgs) -> Result<()> {
    let classifier = settings.classifier()?;
    let mut store = settings.open_store()?;
    let mut total = ImportCounts::default();
    let mut failed = 0usize;
    for path in &args.files {
        let name = display_name(path);
        let started = std::time::Instant::now();
        match store.with_rollback_journal(|store| import_one(store, settings, &classifier, path)) {
            Ok(report) => {
                total.add(report.counts);
                if settings.verbosity >= 0 {
                    outln!("{name}: {}", describe(&report))?;
                }
                if settings.verbosity >= 1 {
                    let seconds = started.elapsed().as_secs_f64();
                    let rate = report.counts.total() as f64 / seconds.max(1e-9);
                    eprintln!("papers: {name}: {seconds:.3} s, {rate:.0} entries/s");
                }
            }
            Err(err) => {
                let message = format!("cannot import {}; nothing from it was kept", err.located(&name, path));
                if args.files.len() == 1 {
                    bail!(message);
                }
                failed += 1;
                eprintln!("papers: error: {message}");
            }
        }
    }
    if args.files.len() > 1 && settings.verbosity >= 0 {
        outln!("total: {}", describe_counts(total))?;
    }
    if failed > 0 {
        bail!("{failed} of {} files failed to import", args.files.len());
    }
    Ok(())
}

struct FileReport {
    counts: ImportCounts,
    skipped: u64,
}

enum ImportError {
    Open(std::io::Error),
    Feed(AtomError),
    Store(StoreError),
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> ImportError {
        ImportError::Store(e)
    }
}

impl ImportError {
    /// `file:line:column: message` for feed errors in files, `file: message` otherwise.
    fn located(&self, name: &str, path: &Path) -> String {
        match self {
            ImportError::Open(e) => format!("{name}: {e}"),
            ImportError::Store(e) => format!("{name}: {}", error_chain(e)),
            ImportError::Feed(e) => match e.position().and_then(|offset| line_and_column(path, offset)) {
                Some((line, column)) => format!("{name}:{line}:{column}: {}", error_chain(e)),
                None => format!("{name}: {}", error_chain(e)),
            },
        }
    }
}

fn import_one(
    store: &mut Store,
    settings: &Settings,
    classifier: &Classifier,
    path: &Path,
) -> Result<FileReport, ImportError> {
    let (input, size): (Box<dyn BufRead + Send>, Option<u64>) = if path.as_os_str() == "-" {
        (Box::new(BufReader::with_capacity(READ_BUFFER, std::io::stdin())), None)
    } else {
        let file = File::open(path).map_err(ImportError::Open)?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(BufReader::with_capacity(READ_BUFFER, file)), size)
    };
    let bar = byte_bar(settings, &display_name(path), size);
    // Parsing, dating and classifying run on their own thread, a chunk ahead of the
    // writer, so the two cores overlap that work with SQLite's.
    let result = std::thread::scope(|scope| {
        let (sender, chunks) = std::sync::mpsc::sync_channel(CHUNKS_IN_FLIGHT);
        let schedule = &settings.schedule;
        let shown = bar.clone();
        let parser =
            scope.spawn(move || parse_ahead(FeedReader::new(input), schedule, classifier, sender, shown));
        let mut batch = store.begin_import()?;
        for chunk in chunks {
            for row in chunk? {
                batch.upsert(&row)?;
            }
        }
        let skipped = parser.join().map_err(|_| {
            ImportError::Feed(AtomError::Io(std::io::Error::other("the parser thread panicked")))
        })?;
        let counts = batch.commit()?;
        Ok(FileReport { counts, skipped })
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result
}

/// Papers handed from the parser thread to the writer at a time.
const CHUNK: usize = 512;
/// Chunks the parser may run ahead of the writer.
const CHUNKS_IN_FLIGHT: usize = 4;

type Chunk = Result<Vec<PaperRow>, ImportError>;

/// Parses the whole feed into chunks of dated, classified, encoded papers; stops at the first
/// error (which it forwards) or when the writer hangs up. Moves the bar to the bytes read
/// at each chunk. Returns the count of id-less entries.
fn parse_ahead(
    mut feed: FeedReader<Box<dyn BufRead + Send>>,
    schedule: &Schedule,
    classifier: &Classifier,
    sender: SyncSender<Chunk>,
    bar: Option<ProgressBar>,
) -> u64 {
    let mut chunk = Vec::with_capacity(CHUNK);
    while let Some(item) = feed.next() {
        match item {
            Ok(paper) => {
                match PaperRow::dated(paper, schedule) {
                    Ok(row) => chunk.push(classified(classifier, row)),
                    Err(err) => {
                        let _ = sender.send(Err(ImportError::Store(err)));
                        return feed.entries_without_id();
                    }
                }
                if chunk.len() == CHUNK {
                    if let Some(bar) = &bar {
                        bar.set_position(feed.position());
                    }
                    if sender.send(Ok(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))).is_err() {
                        return feed.entries_without_id();
                    }
                }
            }
            Err(err) => {
                let _ = sender.send(Err(ImportError::Feed(err)));
                return feed.entries_without_id();
            }
        }
    }
    if !chunk.is_empty() {
        let _ = sender.send(Ok(chunk));
    }
    feed.entries_without_id()
}

fn describe(report: &FileReport) -> String {
    let mut text = describe_counts(report.counts);
    if report.skipped > 0 {
        text.push_str(&format!("; skipped {} entries without an id", report.skipped));
    }
    text
}

fn describe_counts(c: ImportCounts) -> String {
    let noun = if c.total() == 1 { "paper" } else { "papers" };
    format!("{} {noun}: {} new, {} updated, {} unchanged", c.total(), c.new, c.updated, c.unchanged)
}

fn display_name(path: &Path) -> String {
    match path.as_os_str() == "-" {
        true => "<stdin>".to_string(),
        false => path.display().to_string(),
    }
}

/// 1-based line and column (in bytes) of `offset` in the file, found by re-reading
/// it; only used on the error path. `None` for stdin or an unreadable file.
fn line_and_column(path: &Path, offset: u64) -> Option<(u64, u64)> {
    if path.as_os_str() == "-" {
        return None;
    }
    let mut reader = BufReader::new(File::open(path).ok()?).take(offset);
    let (mut line, mut column) = (1u64, 1u64);
    let mut chunk = [0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut chunk).ok()?;
        if n == 0 {
            return Some((line, column));
        }
        for &byte in &chunk[..n] {
            if byte == b'\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
    }
}
