//! What a run reports when it ends, and the run log entry written from it.

use std::time::{Duration, Instant};

use super::IngestError;
use crate::http::client::{ClientStats, FetchError};
use crate::store::{ImportCounts, RunStatus, RunSummary, Store, StoreError};

/// How one run went.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    /// What the run asked for ("week 2024-W21", "harvest cs:cs:CL").
    pub label: String,
    pub status: RunStatus,
    pub counts: ImportCounts,
    /// Papers withdrawn from the store (OAI deletions).
    pub deleted: u64,
    /// Pages stored, each in its own transaction.
    pub pages: u64,
    pub requests: u64,
    pub retries: u64,
    pub elapsed: Duration,
}

/// A run that stopped on an error, with what it had done by then (`report`: a
/// fetch's or harvest's [`RunReport`], a signals read's own).
#[derive(Debug)]
pub struct RunFailure<R = RunReport> {
    pub report: R,
    pub error: IngestError,
    /// Whether running it again can go on from what it stored: false only when
    /// arXiv refused the request itself, which it would refuse again.
    pub resumable: bool,
}

/// What a run's report tells of how it ended, for its [`RunOutcome`].
pub trait Ended {
    /// Stopped by the stop flag.
    fn interrupted(&self) -> bool;
    /// Stored something (pages, days) that running again keeps.
    fn stored_any(&self) -> bool;
}

impl Ended for RunReport {
    fn interrupted(&self) -> bool {
        self.status == RunStatus::Interrupted
    }

    fn stored_any(&self) -> bool {
        self.pages > 0
    }
}

/// How a run (a fetch, a harvest, a signals read) ended, for the words that
/// follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunOutcome {
    Done,
    /// Stopped by the stop flag; `kept`: something was stored (pages, days),
    /// which running again keeps.
    Interrupted {
        kept: bool,
    },
    /// Stopped on an error. `resumable`: something was stored, which running again
    /// keeps and goes on from; `unreachable`: the server could not be reached at all.
    Failed {
        resumable: bool,
        unreachable: bool,
    },
}

impl RunOutcome {
    /// The outcome of a run's result.
    pub fn of<R: Ended>(result: &Result<R, Box<RunFailure<R>>>) -> RunOutcome {
        match result {
            Ok(report) if report.interrupted() => RunOutcome::Interrupted { kept: report.stored_any() },
            Ok(_) => RunOutcome::Done,
            Err(failed) => RunOutcome::failed(failed),
        }
    }

    /// The outcome of a run that stopped on an error.
    pub fn failed<R: Ended>(failed: &RunFailure<R>) -> RunOutcome {
        RunOutcome::Failed {
            resumable: failed.resumable && failed.report.stored_any(),
            unreachable: matches!(failed.error, IngestError::Fetch(FetchError::Unreachable { .. })),
        }
    }

    /// Whether the run is worth a summary line: it did something, or it ended well.
    pub fn worth_summing_up(self, report: &impl Ended) -> bool {
        !matches!(self, RunOutcome::Failed { .. }) || report.stored_any()
    }
}

impl RunFailure {
    /// A run that could not even be logged.
    pub(crate) fn before_start(label: &str, error: StoreError) -> Box<RunFailure> {
        let report = RunReport {
            label: label.to_string(),
            status: RunStatus::Failed,
            counts: ImportCounts::default(),
            deleted: 0,
            pages: 0,
            requests: 0,
            retries: 0,
            elapsed: Duration::ZERO,
        };
        // Nothing of this run is stored; what a run around it stored (a signals
        // read's days) stays worth running again for.
        Box::new(RunFailure { report, error: error.into(), resumable: true })
    }
}

/// One run in the log: started when the run starts, finished exactly once.
pub(crate) struct RunLog {
    id: i64,
    label: String,
    started: Instant,
}

impl RunLog {
    /// Logs the start of a run; `request` is what the log says it asked for,
    /// `label` what its report calls it.
    pub(crate) fn start(store: &mut Store, request: &str, label: &str) -> Result<RunLog, StoreError> {
        let id = store.start_run(request)?;
        Ok(RunLog { id, label: label.to_string(), started: Instant::now() })
    }

    /// Writes how the run ended and turns its outcome into a report.
    pub(crate) fn finish(
        self,
        store: &mut Store,
        outcome: Result<bool, IngestError>,
        tally: Tally,
        stats: ClientStats,
    ) -> Result<RunReport, Box<RunFailure>> {
        let status = match &outcome {
            Ok(true) => RunStatus::Done,
            Ok(false) => RunStatus::Interrupted,
            Err(_) => RunStatus::Failed,
        };
        let summary = RunSummary {
            status,
            pages: tally.pages,
            counts: tally.counts,
            retries: stats.retries,
            error: outcome.as_ref().err().map(|e| crate::error_chain(e)),
        };
        let report = RunReport {
            label: self.label,
            status,
            counts: tally.counts,
            deleted: tally.deleted,
            pages: tally.pages,
            requests: stats.requests,
            retries: stats.retries,
            elapsed: self.started.elapsed(),
        };
        let logged = store.finish_run(self.id, &summary);
        match (outcome, logged) {
            (Err(error), _) => {
                // Resuming cannot help a query arXiv refuses; everything else may pass next time.
                let resumable = !matches!(error, IngestError::Fetch(FetchError::Api { .. }));
                Err(Box::new(RunFailure { report, error, resumable }))
            }
            (Ok(_), Err(error)) => Err(Box::new(RunFailure { report, error: error.into(), resumable: true })),
            (Ok(_), Ok(())) => Ok(report),
        }
    }
}

/// What a run has stored so far.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tally {
    pub pages: u64,
    pub counts: ImportCounts,
    pub deleted: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::failure::Failure;

    fn report(status: RunStatus, pages: u64) -> RunReport {
        let failed = RunFailure::before_start("week 2024-W21", StoreError::Busy).report;
        RunReport { status, pages, ..failed }
    }

    fn failed(pages: u64, resumable: bool, error: FetchError) -> Result<RunReport, Box<RunFailure>> {
        Err(Box::new(RunFailure { report: report(RunStatus::Failed, pages), error: error.into(), resumable }))
    }

    #[test]
    fn outcomes_say_what_was_kept_and_what_running_again_does() {
        let of = |result: Result<RunReport, Box<RunFailure>>| RunOutcome::of(&result);
        assert_eq!(of(Ok(report(RunStatus::Done, 0))), RunOutcome::Done);
        assert_eq!(of(Ok(report(RunStatus::Interrupted, 2))), RunOutcome::Interrupted { kept: true });
        assert_eq!(of(Ok(report(RunStatus::Interrupted, 0))), RunOutcome::Interrupted { kept: false });
        let unreachable = || FetchError::Unreachable { host: "arxiv.org".into(), failure: Failure::Refused };
        let gave_up = || FetchError::GaveUp {
            attempts: 5,
            host: "arxiv.org".into(),
            query: "week".into(),
            last: Failure::Reset,
        };
        assert_eq!(
            of(failed(3, true, gave_up())),
            RunOutcome::Failed { resumable: true, unreachable: false }
        );
        // Nothing stored: nothing to resume, whatever the error.
        assert_eq!(
            of(failed(0, true, unreachable())),
            RunOutcome::Failed { resumable: false, unreachable: true }
        );
        assert_eq!(
            of(failed(3, false, gave_up())),
            RunOutcome::Failed { resumable: false, unreachable: false }
        );
        let done = report(RunStatus::Done, 0);
        assert!(RunOutcome::Done.worth_summing_up(&done));
        assert!(!RunOutcome::Failed { resumable: false, unreachable: true }.worth_summing_up(&done));
        assert!(
            RunOutcome::Failed { resumable: true, unreachable: false }
                .worth_summing_up(&report(RunStatus::Failed, 1))
        );
    }
}
