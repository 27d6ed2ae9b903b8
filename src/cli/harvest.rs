//! `papers harvest`: incremental OAI-PMH harvests of whole sets (arXivRaw, with
//! version histories), resumable page by page.

use anyhow::Result;

use super::args::HarvestArgs;
use super::network::{Resume, conclude, connect, one_run, with_context};
use super::progress::Reporter;
use super::{Settings, resolve};
use papers::ingest::harvest::{harvest, sets};

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
    let client = connect(&args.network, &reporter, &[&args.network.oai_url])?;
    let result = with_context(settings, &classifier, &reporter, true, async |context| {
        harvest(&mut store, &client, context, &sets, from, until).await
    })?;
    conclude(
        settings,
        result,
        Resume {
            interrupted: "interrupted; run `papers harvest` again to continue where it stopped",
            failed: "harvest stopped; run it again to continue where it stopped",
            url_flag: "--oai-url",
        },
    )
}
