//! Importing saved export-API responses (Atom feeds, one or several concatenated)
//! in one transaction per input: parsing and dating, classifying, and writing run
//! on three threads, each a few chunks ahead of the next, in memory bounded
//! whatever the input's size. A failed import keeps nothing from its input.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

use super::{Context, Event, classified};
use crate::arxiv::atom::{AtomError, FeedReader};
use crate::error_chain;
use crate::store::{ImportCounts, PaperRow, Store, StoreError};

/// Big reads keep the parser fed.
const READ_BUFFER: usize = 256 * 1024;

/// What one input brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileReport {
    pub counts: ImportCounts,
    /// Entries without an id, left out.
    pub skipped: u64,
}

/// Why an input could not be imported (nothing from it was kept).
#[derive(Debug)]
pub enum ImportError {
    Open(std::io::Error),
    Feed(AtomError),
    Store(StoreError),
    /// The stop flag was raised.
    Interrupted,
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> ImportError {
        ImportError::Store(e)
    }
}

impl ImportError {
    /// `file:line:column: message` for feed errors in files, `file: message` otherwise.
    pub fn located(&self, name: &str, path: &Path) -> String {
        match self {
            ImportError::Interrupted => format!("{name}: interrupted"),
            ImportError::Open(e) => format!("{name}: {e}"),
            ImportError::Store(e) => format!("{name}: {}", error_chain(e)),
            ImportError::Feed(e) => match e.position().and_then(|offset| line_and_column(path, offset)) {
                Some((line, column)) => format!("{name}:{line}:{column}: {}", error_chain(e)),
                None => format!("{name}: {}", error_chain(e)),
            },
        }
    }
}

/// Imports one file (`-` is standard input) in one transaction; when the stop flag
/// is raised it rolls back and says [`ImportError::Interrupted`].
pub fn import_file(store: &mut Store, context: &Context<'_>, path: &Path) -> Result<FileReport, ImportError> {
    let input: Box<dyn BufRead + Send> = if path.as_os_str() == "-" {
        Box::new(BufReader::with_capacity(READ_BUFFER, std::io::stdin()))
    } else {
        Box::new(BufReader::with_capacity(READ_BUFFER, File::open(path).map_err(ImportError::Open)?))
    };
    // Parsing, dating and classifying run on their own thread, a chunk ahead of the
    // writer, so the two cores overlap that work with SQLite's.
    std::thread::scope(|scope| {
        // Three stages, each on its own thread: parsing and dating, classifying,
        // and writing; the machine's cores share them.
        let (sender, parsed) = std::sync::mpsc::sync_channel(CHUNKS_IN_FLIGHT);
        let parser = scope.spawn(move || parse_ahead(FeedReader::new(input), context, sender));
        let (sender, chunks) = std::sync::mpsc::sync_channel(CHUNKS_IN_FLIGHT);
        scope.spawn(move || classify_ahead(parsed, context, sender));
        let mut batch = store.begin_import()?;
        for chunk in chunks {
            if context.stop.is_raised() {
                // Dropping the receiver stops the parser; dropping the batch rolls back.
                return Err(ImportError::Interrupted);
            }
            for row in chunk? {
                batch.upsert(&row)?;
            }
        }
        let skipped = parser.join().map_err(|_| {
            ImportError::Feed(AtomError::Io(std::io::Error::other("the parser thread panicked")))
        })?;
        let counts = batch.commit()?;
        Ok(FileReport { counts, skipped })
    })
}

/// Classifies the parsed chunks in order and hands them on; stops when the parser
/// has finished or the writer hangs up.
fn classify_ahead(parsed: Receiver<Chunk>, context: &Context<'_>, sender: SyncSender<Chunk>) {
    for chunk in parsed {
        let chunk =
            chunk.map(|rows| rows.into_iter().map(|row| classified(context.classifier, row)).collect());
        if sender.send(chunk).is_err() {
            return;
        }
    }
}

/// Papers handed from one thread to the next at a time.
const CHUNK: usize = 512;
/// Chunks a stage may run ahead of the next: two keep both cores busy, and each
/// more costs memory (about 1.5 MB) without making the import faster.
const CHUNKS_IN_FLIGHT: usize = 2;

type Chunk = Result<Vec<PaperRow>, ImportError>;

/// Parses the whole feed into chunks of dated, encoded papers; stops at the first
/// error (which it forwards) or when the writer hangs up. Reports the bytes read at
/// each chunk. Returns the count of id-less entries.
fn parse_ahead(
    mut feed: FeedReader<Box<dyn BufRead + Send>>,
    context: &Context<'_>,
    sender: SyncSender<Chunk>,
) -> u64 {
    let mut chunk = Vec::with_capacity(CHUNK);
    while let Some(item) = feed.next() {
        match item {
            Ok(paper) => {
                match PaperRow::dated(paper, context.schedule) {
                    Ok(row) => chunk.push(row),
                    Err(err) => {
                        let _ = sender.send(Err(ImportError::Store(err)));
                        return feed.entries_without_id();
                    }
                }
                if chunk.len() == CHUNK {
                    context.observer.event(Event::BytesRead(feed.position()));
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
