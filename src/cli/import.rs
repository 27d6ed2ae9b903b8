//! `papers import`: load saved export-API responses into the database.

use std::path::Path;

use anyhow::{Result, bail};

use super::Settings;
use super::args::ImportArgs;
use super::interrupt::{interrupted, stop_on_ctrl_c};
use super::messages::error;
use super::progress::byte_bar;
use papers::export::runs::{import_counts, import_summary};
use papers::ingest::Context;
use papers::ingest::import::{ImportError, import_file};
use papers::store::ImportCounts;

pub fn run(settings: &Settings, args: &ImportArgs) -> Result<()> {
    let classifier = settings.classifier()?;
    let mut store = settings.open_store()?;
    let stop = stop_on_ctrl_c(
        || eprintln!("papers: stopping: the file in hand is rolled back (Ctrl-C again to quit at once)"),
        || {},
    );
    let mut total = ImportCounts::default();
    let (mut failed, mut imported) = (0usize, 0usize);
    for path in &args.files {
        let name = display_name(path);
        let started = std::time::Instant::now();
        let size = (path.as_os_str() != "-").then(|| std::fs::metadata(path).ok().map(|m| m.len())).flatten();
        let bar = byte_bar(settings, &name, size);
        let context =
            Context { classifier: &classifier, schedule: &settings.schedule, observer: &bar, stop: &stop };
        let result = import_file(&mut store, &context, path);
        bar.finish();
        match result {
            Ok(report) => {
                imported += 1;
                total.add(report.counts);
                if settings.verbosity >= 0 {
                    outln!("{name}: {}", import_summary(&report))?;
                }
                if settings.verbosity >= 1 {
                    let seconds = started.elapsed().as_secs_f64();
                    let rate = report.counts.total() as f64 / seconds.max(1e-9);
                    eprintln!("papers: {name}: {seconds:.3} s, {rate:.0} entries/s");
                }
            }
            Err(ImportError::Interrupted) => {
                let before = match imported {
                    0 => String::new(),
                    1 => "; the file imported before it is kept".to_string(),
                    n => format!("; the {n} files imported before it are kept"),
                };
                return Err(interrupted(format!(
                    "interrupted: nothing from {name} was kept{before}; run the same command again to import the rest"
                )));
            }
            Err(err) => {
                let message = format!("cannot import {}; nothing from it was kept", err.located(&name, path));
                if args.files.len() == 1 {
                    bail!(message);
                }
                failed += 1;
                error(message);
            }
        }
    }
    if args.files.len() > 1 && settings.verbosity >= 0 {
        outln!("total: {}", import_counts(total))?;
    }
    if failed > 0 {
        bail!("{failed} of {} files failed to import", args.files.len());
    }
    Ok(())
}

fn display_name(path: &Path) -> String {
    match path.as_os_str() == "-" {
        true => "<stdin>".to_string(),
        false => path.display().to_string(),
    }
}
