//! `papers fetch`: a week's (or a date range's) papers from the export API,
//! resumable page by page; `--announced` reads the RSS feeds instead.

use anyhow::Result;

use super::Settings;
use super::args::FetchArgs;
use super::network::{Resume, arxiv_run, one_run};
use super::{announced, resolve, signals};
use papers::export::runs::{fetch_plan, run_log};
use papers::ingest::fetch::{fetch, plan};
use papers::ingest::run_lock::RunWork;

pub fn run(settings: &Settings, args: &FetchArgs) -> Result<()> {
    if args.history {
        let runs = settings.open_store()?.runs(50)?;
        if runs.is_empty() {
            eprintln!("papers: no fetch has run yet");
        }
        out!("{}", run_log(&runs))?;
        return Ok(());
    }
    if let Some(day) = args.announced {
        return announced::run(settings, &mut settings.open_store()?, args, day);
    }
    let period = resolve::period(args.week, args.since, args.until)?;
    let selection = resolve::selection(args);
    let mut store = settings.open_store()?;
    let plan = plan(&store, &settings.schedule, period, &selection)?;
    if args.dry_run {
        out!("{}", fetch_plan(&plan, args.page_size))?;
        return Ok(());
    }
    let _running = one_run(settings, &args.network, RunWork::Fetch(&plan, &selection))?;
    let signals =
        args.signals.then(|| signals::Reader::new(settings, period, &args.hf, &args.network)).transpose()?;
    let resume = Resume {
        interrupted: "interrupted; run the same command again to resume where it stopped",
        failed: "fetch stopped; run the same command again to resume where it stopped",
        url_flag: "--api-url",
    };
    let fetched =
        arxiv_run(settings, &args.network, &args.network.api_url, resume, async |client, context| {
            fetch(&mut store, client, context, &plan, args.page_size).await
        });
    match (fetched, signals) {
        (Ok(()), Some(reader)) => reader.read(settings, &mut store, args.page_size, true),
        (fetched, _) => fetched,
    }
}
