//! `papers track`: the set of things `papers fetch` brings in by default.

use anyhow::{Result, bail};

use super::Settings;
use super::args::TrackCommand;
use super::messages::info;

pub fn run(settings: &Settings, command: &TrackCommand) -> Result<()> {
    let mut store = settings.open_store()?;
    match command {
        // Every spec was checked as the command line was parsed, so one bad spec
        // leaves the set as it was.
        TrackCommand::Add { specs } => {
            for spec in specs {
                let (kind, value) = spec.to_stored();
                let added = store.track(kind, &value)?;
                if settings.verbosity >= 0 {
                    outln!("{} {kind}:{value}", if added { "tracking" } else { "already tracking" })?;
                }
            }
        }
        TrackCommand::Rm { specs } => {
            for spec in specs {
                let (kind, value) = spec.to_stored();
                if !store.untrack(kind, &value)? {
                    bail!("{kind}:{value} is not tracked (see `papers track list`)");
                }
                if settings.verbosity >= 0 {
                    outln!("stopped tracking {kind}:{value}")?;
                }
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
