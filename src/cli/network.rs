//! The arXiv client as the network commands (`fetch`, `harvest`) set it up: one
//! limiter for every source, retry and timeout settings from the environment,
//! waits and retries shown by the reporter.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use super::args::NetworkArgs;
use super::progress::Reporter;
use papers::arxiv::client::{ArxivClient, ClientConfig, ClientStats, Limiter, RetryPolicy};
use papers::export::plural;
use papers::store::{ImportCounts, RunSummary};

/// A client for the API, OAI-PMH and RSS behind one limiter.
pub fn connect(args: &NetworkArgs, reporter: &Reporter) -> Result<ArxivClient> {
    let limiter = Arc::new(Limiter::new(seconds(args.delay, "--delay")?));
    let observer = reporter.clone();
    Ok(ArxivClient::new(client_config(args)?, limiter)?
        .with_observer(Box::new(move |e| observer.client_event(e))))
}

/// A flag the first Ctrl-C sets, so the run stops after the page in hand (and can
/// resume); a second Ctrl-C quits at once. Call from inside the runtime.
pub fn stop_on_ctrl_c(reporter: &Reporter) -> Arc<AtomicBool> {
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&interrupted);
    let notice = reporter.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            flag.store(true, Ordering::SeqCst);
            notice.warn("stopping after the current page (Ctrl-C again to quit at once)");
        }
        if tokio::signal::ctrl_c().await.is_ok() {
            std::process::exit(130);
        }
    });
    interrupted
}

/// The run-log entry of a run that ended with `result` (`Ok(false)`: interrupted).
pub fn run_summary(
    result: &Result<bool>,
    pages: u64,
    counts: ImportCounts,
    stats: &ClientStats,
) -> RunSummary {
    let (status, error) = match result {
        Ok(true) => ("done", None),
        Ok(false) => ("interrupted", None),
        Err(e) => ("failed", Some(format!("{e:#}"))),
    };
    RunSummary { status: status.into(), pages, counts, retries: stats.retries, error }
}

/// "3 new, 1 updated, 0 unchanged; 2 pages, 3 requests, 1 retry, 0.4 s".
pub fn describe_run(summary: &RunSummary, stats: &ClientStats, started: Instant) -> String {
    let c = summary.counts;
    format!(
        "{} new, {} updated, {} unchanged; {}, {}, {}, {:.1} s",
        c.new,
        c.updated,
        c.unchanged,
        plural(summary.pages, "page"),
        plural(stats.requests, "request"),
        plural(stats.retries, "retry"),
        started.elapsed().as_secs_f64()
    )
}

/// Longest delay, timeout or backoff base accepted from a flag or variable.
const MAX_SECONDS: f64 = 3600.0;

fn seconds(value: f64, name: &str) -> Result<Duration> {
    match Duration::try_from_secs_f64(value) {
        Ok(duration) if value <= MAX_SECONDS => Ok(duration),
        _ => bail!("{name} {value} is not a number of seconds from 0 to {MAX_SECONDS}"),
    }
}

fn client_config(args: &NetworkArgs) -> Result<ClientConfig> {
    let seconds_from_env = |name: &str| -> Result<Option<Duration>> {
        match std::env::var(name) {
            Ok(text) => {
                let value = text
                    .trim()
                    .parse::<f64>()
                    .map_err(|_| anyhow::anyhow!("{name}='{text}' is not a number"))?;
                seconds(value, name).map(Some)
            }
            Err(_) => Ok(None),
        }
    };
    let mut retry = RetryPolicy::default();
    if let Some(base) = seconds_from_env("PAPERS_RETRY_BASE")? {
        retry.base = base;
        retry.max = retry.max.min(base.saturating_mul(24));
    }
    Ok(ClientConfig {
        api_url: args.api_url.clone(),
        oai_url: args.oai_url.clone(),
        rss_url: args.rss_url.clone(),
        retry,
        timeout: seconds_from_env("PAPERS_HTTP_TIMEOUT")?.unwrap_or(Duration::from_secs(120)),
    })
}
