//! `papers track`: the set of things `papers fetch` brings in by default.

use anyhow::{Result, bail};

use super::Settings;
use super::args::TrackCommand;
use papers::arxiv::{categories, query};
use papers::id::ArxivId;

pub fn run(settings: &Settings, command: &TrackCommand) -> Result<()> {
    let mut store = settings.open_store()?;
    match command {
        TrackCommand::Add { specs } => {
            // Validate all first, so one bad spec leaves the set as it was.
            let parsed = specs.iter().map(|s| parse_spec(s)).collect::<Result<Vec<_>>>()?;
            for (kind, value) in parsed {
                let added = store.track(kind, &value)?;
                if settings.verbosity >= 0 {
                    outln!("{} {kind}:{value}", if added { "tracking" } else { "already tracking" })?;
                }
            }
        }
        TrackCommand::Rm { specs } => {
            let parsed = specs.iter().map(|s| parse_spec(s)).collect::<Result<Vec<_>>>()?;
            for (kind, value) in parsed {
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
            if tracked.is_empty() && settings.verbosity >= 0 {
                eprintln!("papers: nothing is tracked yet; try `papers track add cat:cs.CL`");
            }
            for item in tracked {
                outln!("{}:{}", item.kind, item.value)?;
            }
        }
    }
    Ok(())
}

/// `cat:CODE`, `au:NAME`, `q:QUERY` or a bare arXiv id, as (kind, canonical value).
pub fn parse_spec(spec: &str) -> Result<(&'static str, String)> {
    let unquote = |s: &str| s.trim().trim_matches(|c| c == '"' || c == '\'').trim().to_string();
    if let Some(code) = spec.strip_prefix("cat:") {
        return Ok(("cat", categories::validate(code)?));
    }
    for (prefix, kind) in [("au:", "au"), ("q:", "q")] {
        if let Some(value) = spec.strip_prefix(prefix) {
            let value = unquote(value);
            if value.is_empty() {
                bail!("'{spec}' is empty after '{prefix}'");
            }
            if kind == "q" {
                query::validate_raw(&value).map_err(|e| anyhow::anyhow!("{spec}: {e}"))?;
            }
            return Ok((kind, value));
        }
    }
    match ArxivId::parse(spec) {
        Ok(id) => Ok(("id", id.to_string())),
        Err(_) => {
            bail!("'{spec}' is not something to track: use cat:CODE, au:\"NAME\", q:'QUERY' or an arXiv id")
        }
    }
}
