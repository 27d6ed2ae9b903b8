//! The arXiv client as the network commands (`fetch`, `harvest`) set it up: one
//! limiter for every source, shared with every other `papers` process of the
//! user through a slot file per server, waits and retries shown by the reporter.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, bail};

use super::Settings;
use super::args::{HfArgs, NetworkArgs};
use super::hints;
use super::interrupt::interrupted;
use super::interrupt::stop_on_ctrl_c;
use super::messages::{info, note};
use super::progress::Reporter;
use super::resolve::{arxiv_urls, client_config};
use papers::arxiv::client::ArxivClient;
use papers::classify::Classifier;
use papers::files::state_folder;
use papers::hf::HfClient;
use papers::http::client::{ClientEvent, HttpClient, Limiter};
use papers::http::slot::SharedSlot;
use papers::ingest::run_lock::{RunLock, RunLockError};
use papers::ingest::{Context, Event, Observer, RunFailure, RunOutcome, RunReport};

/// A client for the API, OAI-PMH and RSS behind one limiter.
pub fn connect(args: &NetworkArgs, reporter: &Reporter) -> Result<ArxivClient> {
    let limiter = polite_limiter(args.delay.0, &args.api_url);
    let observer = reporter.clone();
    let http = HttpClient::new(client_config(args), limiter)?
        .with_observer(Box::new(move |e| observer.event(Event::Client(e.clone()))));
    Ok(ArxivClient::new(http, arxiv_urls(args))?)
}

/// A limiter `delay` apart for the server at `url`, kept together with every
/// other `papers` process of the user.
fn polite_limiter(delay: Duration, url: &str) -> Arc<Limiter> {
    let limiter = Limiter::new(delay);
    // The slots are in the user's state folder: `~/.local/state/papers/polite/HOST`.
    let slot = state_folder().and_then(|folder| SharedSlot::of_server(&folder.join("polite"), url));
    Arc::new(match slot {
        Some(slot) => limiter.shared(slot),
        None => limiter,
    })
}

/// Holds the run lock of `work` ("fetching week 2024-W21") into the database, so
/// that a second run of the same work says which run does it (or, with --wait,
/// waits for it to end). `detail` tells apart work the words do not (which
/// categories a fetch asks for).
pub fn one_run(
    settings: &Settings,
    network: &NetworkArgs,
    work: &str,
    detail: &str,
) -> Result<Option<RunLock>> {
    let Some(folder) = state_folder() else {
        return Ok(None);
    };
    let database = std::fs::canonicalize(&settings.db).unwrap_or_else(|_| settings.db.clone());
    let command: Vec<String> =
        std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let holder = format!(
        "pid {}, `papers {}`, since {}",
        std::process::id(),
        command.join(" "),
        chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
    );
    let path = RunLock::path_for(&folder.join("runs"), &database, work, detail);
    let told = |holder: &str| {
        note(settings, format!("waiting for the papers run already {work} ({holder}) to end"));
    };
    match RunLock::take(&path, &holder, network.wait, told) {
        Ok(lock) => Ok(Some(lock)),
        Err(RunLockError::Busy { holder }) => bail!(
            "another papers run is already {work} into {}: {holder}; let it finish, or pass --wait to start when it ends",
            settings.db.display()
        ),
        // Without a state folder to share, runs go on as they did before locks.
        Err(other) => {
            note(settings, format!("{other}; going on without checking for another run of the same work"));
            Ok(None)
        }
    }
}

/// A client for Hugging Face, a source the run can do without (so it gives up
/// soon: `ClientConfig::for_secondary_source`); it says of its retries only with
/// `-v` (the outcome is said anyway).
pub fn hf_client(
    settings: &Settings,
    args: &NetworkArgs,
    hf: &HfArgs,
    reporter: &Reporter,
) -> Result<HfClient> {
    let config = client_config(args).for_secondary_source();
    let observer = reporter.clone();
    let retries_shown = settings.verbosity >= 1;
    let http = HttpClient::new(config, polite_limiter(hf.hf_delay.0, &hf.hf_url))?.with_observer(Box::new(
        move |event| {
            if retries_shown || !matches!(event, ClientEvent::Retrying { .. }) {
                observer.event(Event::Client(event.clone()))
            }
        },
    ));
    Ok(HfClient::new(http, &hf.hf_url)?)
}

/// Runs `run` on a runtime of its own with the context of a network run: the
/// classifier, the schedule, `reporter` as observer, and a stop flag that Ctrl-C
/// raises.
pub fn with_context<T>(
    settings: &Settings,
    classifier: &Classifier,
    reporter: &Reporter,
    run: impl AsyncFnOnce(&Context<'_>) -> T,
) -> Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    Ok(runtime.block_on(async {
        let (first, second) = (reporter.clone(), reporter.clone());
        let stop = stop_on_ctrl_c(
            move || first.warn("stopping after the request in hand (Ctrl-C again to quit at once)"),
            move || second.finish(),
        );
        let context = Context { classifier, schedule: &settings.schedule, observer: reporter, stop: &stop };
        run(&context).await
    }))
}

/// What to tell the user to do after a run stopped: after Ctrl-C with pages
/// stored, and after a failure that running again picks up from.
pub struct Resume {
    pub interrupted: &'static str,
    pub failed: &'static str,
    /// The flag naming the address the run asks, for a redirect's hint.
    pub url_flag: &'static str,
}

/// Says how a fetch or harvest went (`summary` words its report) and turns how it
/// ended into the command's result: interrupted runs exit 130 with what was kept,
/// failed ones say the cause and how to go on.
pub fn conclude(
    settings: &Settings,
    result: Result<RunReport, Box<RunFailure>>,
    summary: impl FnOnce(&RunReport) -> String,
    resume: Resume,
) -> Result<()> {
    let outcome = RunOutcome::of(&result);
    let report = match &result {
        Ok(report) => report,
        Err(failed) => &failed.report,
    };
    if outcome.worth_summing_up(report) {
        info(settings, summary(report));
    }
    match (outcome, result) {
        (RunOutcome::Interrupted { kept: true }, _) => Err(interrupted(resume.interrupted)),
        (RunOutcome::Interrupted { kept: false }, _) => {
            Err(interrupted("interrupted before any page was stored"))
        }
        (_, Ok(_)) => Ok(()),
        (_, Err(failed)) => Err(failure(*failed, resume.failed, Some(resume.url_flag))),
    }
}

/// A failed run's error on one line, the cause first, then what to do next:
/// `again` (how to resume) when some pages were stored and running again can pick
/// up after them; the offline `import` when arXiv cannot be reached at all.
pub fn failure(failure: RunFailure, again: &str, url_flag: Option<&str>) -> anyhow::Error {
    let cause = hints::run_error(&failure.error, url_flag);
    match RunOutcome::failed(&failure) {
        RunOutcome::Failed { resumable: true, .. } => anyhow::anyhow!("{cause}; {again}"),
        RunOutcome::Failed { unreachable: true, .. } => anyhow::anyhow!("{cause}; {OFFLINE}"),
        _ => anyhow::anyhow!("{cause}"),
    }
}

/// What to do without a connection.
const OFFLINE: &str = "to work offline, load saved API responses with `papers import FILE`";
