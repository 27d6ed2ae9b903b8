//! End-to-end tests: the real `papers` binary against a temporary database.
//! Nothing here touches the network or the user's home directory.

mod util;

mod cli;
mod import;
mod show;
