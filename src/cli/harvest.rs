//! `papers harvest`: incremental OAI-PMH harvests of whole sets (arXivRaw, with
//! version histories), resumable page by page.

use anyhow::Result;

use super::Settings;
use super::args::HarvestArgs;
use super::network::{Resume, arxiv_run, one_run};
use papers::ingest::harvest::{harvest, sets};
use papers::ingest::run_lock::RunWork;

/// What to do after a harvest stopped.
const HARVEST: Resume = Resume {
    interrupted: "interrupted; run `papers harvest` again to continue where it stopped",
    unit: "page",
    failed: "harvest stopped; run it again to continue where it stopped",
    url_flag: Some("--oai-url"),
    offline: true,
};

pub fn run(settings: &Settings, args: &HarvestArgs) -> Result<()> {
    let mut store = settings.open_store()?;
    let sets = sets(&store, &args.sets)?;
    let _running = one_run(settings, &args.network, RunWork::Harvest(&sets))?;
    arxiv_run(settings, &args.network, &args.network.oai_url, &HARVEST, async |client, context| {
        harvest(&mut store, client, context, &sets, args.from, args.until).await
    })
}
