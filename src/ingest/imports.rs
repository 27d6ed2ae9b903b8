//! Importing several saved inputs in turn, each in its own transaction: what
//! happens when one fails (with several, the others still go in; alone, the
//! import fails), when the stop flag stops one (it and the rest are left out, those
//! before it kept), and the totals. A watcher shows each input's progress and
//! says how it went.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::import::{FileReport, ImportError, import_file};
use super::{Context, Observer, StopFlag};
use crate::classify::Classifier;
use crate::store::{ImportCounts, Store};
use crate::week::Schedule;

/// One input as an import names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input<'a> {
    pub path: &'a Path,
    /// `<stdin>` for `-`, else the path.
    pub name: String,
    /// Its size in bytes, when it is a file that can be looked at.
    pub size: Option<u64>,
}

impl Input<'_> {
    pub fn of(path: &Path) -> Input<'_> {
        match path.as_os_str() == "-" {
            true => Input { path, name: "<stdin>".to_string(), size: None },
            false => Input {
                path,
                name: path.display().to_string(),
                size: std::fs::metadata(path).ok().map(|m| m.len()),
            },
        }
    }
}

/// How one input went, as its watcher hears it.
#[derive(Debug)]
pub enum Imported<'a> {
    /// Stored: what it brought, and how long it took.
    Stored { report: &'a FileReport, took: Duration },
    /// Not imported (nothing from it kept) and the import goes on with the next
    /// input: why.
    Failed(&'a str),
    /// The import ends with it: what ends it comes back from [`import_files`].
    Ended,
}

/// What an import of several inputs tells as it goes.
pub trait ImportWatch {
    /// Hears one input's progress.
    type Progress: Observer;
    /// The watcher's own failures (saying how an input went), which end the import.
    type Error;
    /// `input` is about to be read: the observer of its progress.
    fn reading(&mut self, input: &Input<'_>) -> Self::Progress;
    /// `input` is done: the observer of its progress, handed back, and how it went.
    fn read(
        &mut self,
        progress: Self::Progress,
        input: &Input<'_>,
        how: Imported<'_>,
    ) -> Result<(), Self::Error>;
}

/// Why an import of inputs ended early or failed.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportsError {
    /// The stop flag stopped the import of `name`, after `kept` inputs were imported.
    #[error("interrupted: nothing from {name} was kept{}", kept_before(*.kept))]
    Interrupted { name: String, kept: usize },
    /// The only input could not be imported: why.
    #[error("{0}")]
    Failed(String),
    /// Some of several inputs could not be imported (each said why as it failed).
    #[error("{failed} of {inputs} files failed to import")]
    SomeFailed { failed: usize, inputs: usize },
}

/// "; the 2 files imported before it are kept".
fn kept_before(kept: usize) -> String {
    match kept {
        0 => String::new(),
        1 => "; the file imported before it is kept".to_string(),
        n => format!("; the {n} files imported before it are kept"),
    }
}

/// What an import of inputs brought, all together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportTotals {
    pub counts: ImportCounts,
    pub inputs: usize,
    pub failed: usize,
}

impl ImportTotals {
    /// The counts of every input together, worth saying when there were several.
    pub fn of_several(&self) -> Option<ImportCounts> {
        (self.inputs > 1).then_some(self.counts)
    }

    /// The import's result: a failure when any input failed.
    pub fn check(&self) -> Result<(), ImportsError> {
        match self.failed {
            0 => Ok(()),
            failed => Err(ImportsError::SomeFailed { failed, inputs: self.inputs }),
        }
    }
}

/// Imports `paths` in turn (`-` is standard input), each in one transaction,
/// classified by `classifier`, dated by `schedule`, stopped by `stop`; `watch`
/// shows and says each. The outer error is the watcher's, the inner result the
/// import's.
pub fn import_files<W: ImportWatch>(
    store: &mut Store,
    classifier: &Classifier,
    schedule: &Schedule,
    stop: &StopFlag,
    paths: &[PathBuf],
    watch: &mut W,
) -> Result<Result<ImportTotals, ImportsError>, W::Error> {
    let mut totals = ImportTotals { counts: ImportCounts::default(), inputs: paths.len(), failed: 0 };
    let mut imported = 0;
    for path in paths {
        let started = Instant::now();
        let input = Input::of(path);
        let progress = watch.reading(&input);
        let context = Context { classifier, schedule, observer: &progress, stop };
        match import_file(store, &context, path) {
            Ok(report) => {
                imported += 1;
                totals.counts.add(report.counts);
                watch.read(
                    progress,
                    &input,
                    Imported::Stored { report: &report, took: started.elapsed() },
                )?;
            }
            Err(ImportError::Interrupted) => {
                watch.read(progress, &input, Imported::Ended)?;
                return Ok(Err(ImportsError::Interrupted { name: input.name, kept: imported }));
            }
            Err(err) => {
                let why =
                    format!("cannot import {}; nothing from it was kept", err.located(&input.name, path));
                if paths.len() == 1 {
                    watch.read(progress, &input, Imported::Ended)?;
                    return Ok(Err(ImportsError::Failed(why)));
                }
                totals.failed += 1;
                watch.read(progress, &input, Imported::Failed(&why))?;
            }
        }
    }
    Ok(Ok(totals))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Taxonomy;
    use crate::ingest::Silent;

    /// Writes down what it hears, one line an input.
    #[derive(Default)]
    struct Heard(Vec<String>);

    impl ImportWatch for Heard {
        type Progress = Silent;
        type Error = std::convert::Infallible;

        fn reading(&mut self, _: &Input<'_>) -> Silent {
            Silent
        }

        fn read(&mut self, _: Silent, input: &Input<'_>, how: Imported<'_>) -> Result<(), Self::Error> {
            self.0.push(match how {
                Imported::Stored { report, .. } => format!("{}: {} new", input.name, report.counts.new),
                Imported::Failed(why) => why.to_string(),
                Imported::Ended => format!("{}: ended", input.name),
            });
            Ok(())
        }
    }

    fn import(paths: &[PathBuf], stop: &StopFlag) -> (Result<ImportTotals, ImportsError>, Vec<String>) {
        let classifier = Classifier::new(Taxonomy::builtin().expect("taxonomy"));
        let mut store = Store::open_in_memory().expect("store");
        let mut heard = Heard::default();
        let result = import_files(&mut store, &classifier, &Schedule::default(), stop, paths, &mut heard);
        (result.unwrap_or_else(|never| match never {}), heard.0)
    }

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
    }

    #[test]
    fn a_failed_input_among_several_is_counted_and_the_rest_go_in() {
        let (good, missing) = (fixture("current-backend.xml"), fixture("no-such-file.xml"));
        let (result, heard) = import(&[good.clone(), missing.clone()], &StopFlag::new());
        let totals = result.expect("imported");
        assert_eq!((totals.inputs, totals.failed, totals.counts.new), (2, 1, 4));
        assert_eq!(totals.of_several(), Some(totals.counts));
        assert_eq!(totals.check().expect_err("one failed").to_string(), "1 of 2 files failed to import");
        assert_eq!(heard[0], format!("{}: 4 new", good.display()));
        assert!(heard[1].starts_with(&format!("cannot import {}: ", missing.display())), "{}", heard[1]);
        assert!(heard[1].ends_with("; nothing from it was kept"), "{}", heard[1]);
        // Alone, a failed input fails the import.
        let (result, heard) = import(std::slice::from_ref(&missing), &StopFlag::new());
        assert!(matches!(result, Err(ImportsError::Failed(why)) if why.starts_with("cannot import")));
        assert_eq!(heard, [format!("{}: ended", missing.display())]);
    }

    #[test]
    fn a_stopped_import_says_what_was_kept_before_it() {
        let stop = StopFlag::new();
        stop.stop();
        let good = fixture("current-backend.xml");
        let (result, _) = import(&[good.clone(), good.clone()], &stop);
        let stopped = result.expect_err("stopped");
        assert_eq!(stopped, ImportsError::Interrupted { name: good.display().to_string(), kept: 0 });
        assert_eq!(stopped.to_string(), format!("interrupted: nothing from {} was kept", good.display()));
        let words = |kept| ImportsError::Interrupted { name: "b.xml".into(), kept }.to_string();
        assert_eq!(words(1), "interrupted: nothing from b.xml was kept; the file imported before it is kept");
        assert_eq!(
            words(3),
            "interrupted: nothing from b.xml was kept; the 3 files imported before it are kept"
        );
    }

    #[test]
    fn standard_input_is_named_and_has_no_size() {
        let input = Input::of(Path::new("-"));
        assert_eq!((input.name.as_str(), input.size), ("<stdin>", None));
        let file = fixture("empty-feed.xml");
        assert_eq!(Input::of(&file).size, std::fs::metadata(&file).ok().map(|m| m.len()));
    }
}
