//! `papers signals` (and `fetch --signals`): Hugging Face's daily papers for a
//! period, then the papers they name that the database lacks.

use anyhow::{Result, bail};

use super::args::{HfArgs, NetworkArgs, SignalsArgs};
use super::fetch::period;
use super::messages::info;
use super::network::{client_with_delay, connect, describe_run, seconds, with_context};
use super::progress::Reporter;
use super::{Settings, today};
use papers::export::plural;
use papers::ingest::fetch::Period;
use papers::ingest::signals::{SignalSource, SignalsReport, days_of, signals};
use papers::store::Store;

pub fn run(settings: &Settings, args: &SignalsArgs) -> Result<()> {
    let period = period(args.week.as_deref(), args.since.as_deref(), args.until.as_deref())?;
    let mut store = settings.open_store()?;
    read(settings, &mut store, period, &args.hf, &args.network, papers::arxiv::pager::DEFAULT_PAGE_SIZE)
}

/// Reads the signals of `period` into `store` and says what came of it.
pub fn read(
    settings: &Settings,
    store: &mut Store,
    period: Period,
    hf: &HfArgs,
    network: &NetworkArgs,
    page_size: u32,
) -> Result<()> {
    let days = days_of(period, today());
    if days.is_empty() {
        bail!("no day of that period has begun yet, so there are no daily papers to read");
    }
    let classifier = settings.classifier()?;
    let reporter = Reporter::new(settings);
    let hf_client = client_with_delay(network, seconds(hf.hf_delay, "--hf-delay")?, &reporter)?;
    hf_client.check_delay(&hf.hf_url)?;
    let arxiv = connect(network, &reporter)?;
    arxiv.check_delay(&network.api_url)?;
    let source = SignalSource { client: &hf_client, url: &hf.hf_url };
    let result = with_context(settings, &classifier, &reporter, async |context| {
        signals(store, &source, &arxiv, context, &days, page_size).await
    })?;
    reporter.finish();
    let (first, last) = (days[0], days[days.len() - 1]);
    let label = format!("signals {first} to {last}");
    match result {
        Ok(report) => {
            info(settings, format!("{label}: {}", describe(&report)));
            if report.interrupted {
                bail!("interrupted; the days read are stored: run the same command again to read the rest");
            }
            Ok(())
        }
        Err(failed) => {
            info(settings, format!("{label}: {}", describe(&failed.report)));
            Err(anyhow::Error::new(failed.error)
                .context("signals stopped; the days read before are stored: run the same command again"))
        }
    }
}

/// "5 days read, 64 papers featured (60 new, 4 updated, 0 unchanged); 3 papers
/// fetched from arXiv; 8 requests, 1 retry, 6.1 s".
fn describe(report: &SignalsReport) -> String {
    let featured: usize = report.days.iter().map(|(_, n)| n).sum();
    let c = report.counts;
    let mut text = format!(
        "{} read, {} featured ({} new, {} updated, {} unchanged)",
        plural(report.days.len() as u64, "day"),
        plural(featured as u64, "paper"),
        c.new,
        c.updated,
        c.unchanged
    );
    if report.skipped > 0 {
        text.push_str(&format!(", {} unreadable", plural(report.skipped as u64, "item")));
    }
    if let Some(missing) = &report.missing {
        text.push_str(&format!("; papers they name: {}", describe_run(missing)));
    }
    text.push_str(&format!(
        "; Hugging Face: {}, {}, {:.1} s",
        plural(report.stats.requests, "request"),
        plural(report.stats.retries, "retry"),
        report.elapsed.as_secs_f64()
    ));
    text
}
