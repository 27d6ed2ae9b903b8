//! `papers track`: the set of things `papers fetch` brings in by default.

use anyhow::Result;

use super::Settings;
use super::args::TrackCommand;
use super::messages::info;
use papers::ingest::{track, untrack};

pub fn run(settings: &Settings, command: &TrackCommand) -> Result<()> {
    let mut store = settings.open_store()?;
    let quiet = settings.verbosity < 0;
    match command {
        TrackCommand::Add { specs } => {
            for (spec, added) in track(&mut store, specs)?.into_iter().filter(|_| !quiet) {
                outln!("{} {spec}", if added { "tracking" } else { "already tracking" })?;
            }
        }
        TrackCommand::Rm { specs } => {
            for spec in untrack(&mut store, specs)?.into_iter().filter(|_| !quiet) {
                outln!("stopped tracking {spec}")?;
            }
        }
        TrackCommand::List => {
            let tracked = store.tracked()?;
            if tracked.is_empty() {
                info(settings, "nothing is tracked yet; try `papers track add cat:cs.CL`");
            }
            for item in tracked {
                outln!("{}:{}", item.kind, item.value)?;
            }
        }
    }
    Ok(())
}
