//! `papers import`: load saved export-API responses into the database, each
//! file's progress on a byte bar and its summary on stdout.

use anyhow::Result;

use super::Settings;
use super::args::ImportArgs;
use super::interrupt::{interrupted, stop_on_ctrl_c};
use super::messages::error;
use super::progress::{Reporter, byte_bar};
use papers::export::runs::{import_counts, import_speed, import_summary};
use papers::ingest::imports::{ImportWatch, Imported, ImportsError, Input, import_files};

pub fn run(settings: &Settings, args: &ImportArgs) -> Result<()> {
    let classifier = settings.classifier()?;
    let mut store = settings.open_store()?;
    let stop = stop_on_ctrl_c(
        || eprintln!("papers: stopping: the file in hand is rolled back (Ctrl-C again to quit at once)"),
        || {},
    );
    let watch = &mut Watch(settings);
    let totals = import_files(&mut store, &classifier, &settings.schedule, &stop, &args.files, watch)?
        .map_err(|err| match err {
            ImportsError::Interrupted { .. } => {
                interrupted(format!("{err}; run the same command again to import the rest"))
            }
            failed => failed.into(),
        })?;
    if let Some(total) = totals.of_several().filter(|_| settings.verbosity >= 0) {
        outln!("total: {}", import_counts(total))?;
    }
    Ok(totals.check()?)
}

/// Shows each file's progress and says how it went: its summary on stdout
/// (unless `-q`), its speed with `-v`, why it failed on stderr.
struct Watch<'a>(&'a Settings);

impl ImportWatch for Watch<'_> {
    type Progress = Reporter;
    type Error = anyhow::Error;

    fn reading(&mut self, input: &Input<'_>) -> Reporter {
        byte_bar(self.0, &input.name, input.size)
    }

    fn read(&mut self, bar: Reporter, input: &Input<'_>, how: Imported<'_>) -> Result<()> {
        bar.finish();
        match how {
            Imported::Stored { report, took } => {
                if self.0.verbosity >= 0 {
                    outln!("{}: {}", input.name, import_summary(report))?;
                }
                if self.0.verbosity >= 1 {
                    eprintln!("papers: {}: {}", input.name, import_speed(report, took));
                }
            }
            Imported::Failed(why) => error(why),
            Imported::Ended => {}
        }
        Ok(())
    }
}
