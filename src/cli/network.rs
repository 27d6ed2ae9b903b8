//! The network commands' wiring (`fetch`, `harvest`, `signals`): their clients,
//! polite to each server with every other `papers` process of the user, with
//! waits and retries shown by the reporter; the run lock; the runtime with Ctrl-C
//! as stop flag; and the words that tell how to go on after a run stopped.

use anyhow::{Result, anyhow};

use super::Settings;
use super::args::{HfArgs, NetworkArgs};
use super::hints;
use super::interrupt::{interrupted, stop_on_ctrl_c};
use super::messages::{info, note};
use super::progress::Reporter;
use super::resolve::{arxiv_urls, client_config};
use papers::arxiv::client::ArxivClient;
use papers::classify::Classifier;
use papers::export::runs::run_line;
use papers::hf::HfClient;
use papers::http::client::HttpClient;
use papers::ingest::run_lock::{RunLock, RunWork};
use papers::ingest::{Context, Ended, RunFailure, RunOutcome, RunReport, StopFlag};

/// A client for the API, OAI-PMH and RSS behind one limiter, its delay checked
/// against arXiv's rule for each address in `asked` (those the run asks).
pub fn connect(args: &NetworkArgs, reporter: &Reporter, asked: &[&str]) -> Result<ArxivClient> {
    let http = HttpClient::polite(client_config(args), args.delay.0, &args.api_url)?;
    let client = ArxivClient::new(http.with_observer(reporter.client_observer(true)), arxiv_urls(args))?;
    for url in asked {
        client.check_delay(url)?;
    }
    Ok(client)
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
    let http = HttpClient::polite(client_config(args).for_secondary_source(), hf.hf_delay.0, &hf.hf_url)?;
    Ok(HfClient::new(http.with_observer(reporter.client_observer(settings.verbosity >= 1)), &hf.hf_url)?)
}

/// Holds the run lock of `work` into the database, so that a second run of the
/// same work says which run does it (or, with --wait, waits for it to end).
pub fn one_run(settings: &Settings, network: &NetworkArgs, work: RunWork<'_>) -> Result<Option<RunLock>> {
    RunLock::for_work(&settings.db, work, &settings.command_line, network.wait, |words| note(settings, words))
        .map_err(|busy| anyhow!("{busy}; let it finish, or pass --wait to start when it ends"))
}

/// Runs `run` on a runtime of its own with the context of a network run: the
/// classifier, the schedule, `reporter` as observer (finished when the run ends)
/// and a stop flag, which Ctrl-C raises when the run is `stoppable`.
pub fn with_context<T>(
    settings: &Settings,
    classifier: &Classifier,
    reporter: &Reporter,
    stoppable: bool,
    run: impl AsyncFnOnce(&Context<'_>) -> T,
) -> Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let ended = runtime.block_on(async {
        let (first, second) = (reporter.clone(), reporter.clone());
        let stop = match stoppable {
            true => stop_on_ctrl_c(
                move || first.warn("stopping after the request in hand (Ctrl-C again to quit at once)"),
                move || second.finish(),
            ),
            false => StopFlag::new(),
        };
        let context = Context { classifier, schedule: &settings.schedule, observer: reporter, stop: &stop };
        run(&context).await
    });
    reporter.finish();
    Ok(ended)
}

/// What to tell the user after a run stopped: after Ctrl-C with something
/// stored, and after a failure that running again picks up from.
pub struct Resume {
    pub interrupted: &'static str,
    /// What the run stores, for "interrupted before any page was stored".
    pub unit: &'static str,
    pub failed: &'static str,
    /// The flag naming the address the run asks, for a redirect's hint.
    pub url_flag: Option<&'static str>,
    /// Whether loading saved API responses is the way on without a connection.
    pub offline: bool,
}

/// Runs a fetch or harvest (`run`) with arXiv's client, its delay checked for the
/// address the run asks (`asked`), then says how it ended ([`ended`]).
pub fn arxiv_run(
    settings: &Settings,
    network: &NetworkArgs,
    asked: &str,
    resume: &Resume,
    run: impl AsyncFnOnce(&ArxivClient, &Context<'_>) -> Result<RunReport, Box<RunFailure>>,
) -> Result<()> {
    let classifier = settings.classifier()?;
    let reporter = Reporter::new(settings);
    let client = connect(network, &reporter, &[asked])?;
    let result =
        with_context(settings, &classifier, &reporter, true, async |context| run(&client, context).await)?;
    ended(settings, result, resume, run_line)
}

/// Says how a run went (`summary`, unless it failed before storing anything) and
/// turns how it ended into the command's result: interrupted runs exit 130 with
/// what was kept, failed ones say the cause and how to go on (`resume`).
pub fn ended<R: Ended>(
    settings: &Settings,
    result: Result<R, Box<RunFailure<R>>>,
    resume: &Resume,
    summary: impl Fn(&R) -> String,
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
            Err(interrupted(format!("interrupted before any {} was stored", resume.unit)))
        }
        (_, Ok(_)) => Ok(()),
        (_, Err(failed)) => Err(failure(&failed, resume)),
    }
}

/// A failed run's error on one line, the cause first, then what to do next:
/// `resume.failed` when something was stored and running again can pick up after
/// it; the offline `import` when arXiv cannot be reached at all.
pub fn failure<R: Ended>(failure: &RunFailure<R>, resume: &Resume) -> anyhow::Error {
    let cause = hints::run_error(&failure.error, resume.url_flag);
    match RunOutcome::failed(failure) {
        RunOutcome::Failed { resumable: true, .. } => anyhow!("{cause}; {}", resume.failed),
        RunOutcome::Failed { unreachable: true, .. } if resume.offline => anyhow!("{cause}; {OFFLINE}"),
        _ => anyhow!("{cause}"),
    }
}

/// What to do without a connection.
const OFFLINE: &str = "to work offline, load saved API responses with `papers import FILE`";
