//! End-to-end tests: the real `papers` binary against a temporary database.
//! Nothing here touches the network or the user's home directory.

mod mock_arxiv;
mod mock_sources;
mod util;

mod announced;
mod cli;
mod edits;
mod export;
mod fetch;
mod harvest;
mod import;
mod ingest;
mod list;
#[cfg(unix)]
mod resilience;
mod show;
mod signals;
mod topics;
mod widths;
