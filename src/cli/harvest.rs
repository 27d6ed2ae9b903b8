//! `papers harvest`: incremental OAI-PMH harvests of whole sets (arXivRaw, with
//! version histories), resumable page by page.

use anyhow::Result;

use super::args::HarvestArgs;
use super::interrupt::interrupted;
use super::messages::info;
use super::network::{connect, describe_run, failure, one_run, with_context, worth_summing_up};
use super::progress::Reporter;
use super::{Settings, resolve};
use papers::ingest::harvest::{harvest, sets};
use papers::store::RunStatus;

pub fn run(settings: &Settings, args: &HarvestArgs) -> Result<()> {
    let (from, until) = (args.from, args.until);
    if let (Some(from), Some(until)) = (from, until) {
        resolve::ordered(from, until, "--from")?;
    }
    let mut store = settings.open_store()?;
    let sets = sets(&store, &args.sets)?;
    let names: Vec<String> = sets.iter().map(ToString::to_string).collect();
    let _running = one_run(settings, &args.network, &format!("harvesting {}", names.join(", ")), "")?;
    let classifier = settings.classifier()?;
    let reporter = Reporter::new(settings);
    let client = connect(&args.network, &reporter)?;
    client.check_delay(&args.network.oai_url)?;
    let result = with_context(settings, &classifier, &reporter, async |context| {
        harvest(&mut store, &client, context, &sets, from, until).await
    })?;
    reporter.finish();
    let report = match &result {
        Ok(report) => report,
        Err(failed) => &failed.report,
    };
    let deleted = match report.deleted {
        0 => String::new(),
        n => format!("{n} deleted, "),
    };
    if worth_summing_up(&result, report) {
        info(settings, format!("{}: {deleted}{}", report.label, describe_run(report)));
    }
    match result {
        Ok(report) if report.status == RunStatus::Interrupted && report.pages > 0 => {
            Err(interrupted("interrupted; run `papers harvest` again to continue where it stopped"))
        }
        Ok(report) if report.status == RunStatus::Interrupted => {
            Err(interrupted("interrupted before any page was stored"))
        }
        Ok(_) => Ok(()),
        Err(failed) => Err(failure(*failed, "harvest stopped; run it again to continue where it stopped")),
    }
}
