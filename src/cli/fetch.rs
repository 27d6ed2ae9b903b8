//! `papers fetch`: a week's (or a date range's) papers from the export API,
//! resumable page by page; `--announced` reads the RSS announcement feeds of the
//! tracked (or named) categories instead, which date what arXiv announced and
//! fetch what is missing.

use anyhow::Result;

use super::Settings;
use super::args::FetchArgs;
use super::messages::info;
use super::network::{Resume, arxiv_run, connect, failure, one_run, with_context};
use super::progress::Reporter;
use super::{resolve, signals};
use papers::export::runs::{announced_line, fetch_plan, run_log};
use papers::ingest::announced::{feed_names, read_announcements};
use papers::ingest::fetch::{fetch, plan};
use papers::ingest::run_lock::RunWork;
use papers::store::Store;
use papers::week::AnnouncedDay;

/// What to do after a fetch stopped.
const FETCH: Resume = Resume {
    interrupted: "interrupted; run the same command again to resume where it stopped",
    unit: "page",
    failed: "fetch stopped; run the same command again to resume where it stopped",
    url_flag: Some("--api-url"),
    offline: true,
};

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
        return announced(settings, &mut settings.open_store()?, args, day);
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
    let fetched =
        arxiv_run(settings, &args.network, &args.network.api_url, &FETCH, async |client, context| {
            fetch(&mut store, client, context, &plan, args.page_size).await
        });
    match (fetched, signals) {
        (Ok(()), Some(reader)) => reader.read(settings, &mut store, args.page_size, true),
        (fetched, _) => fetched,
    }
}

/// `fetch --announced`: the feeds of `args`' categories (else the tracked ones),
/// which must be of `day` when it names one.
fn announced(settings: &Settings, store: &mut Store, args: &FetchArgs, day: AnnouncedDay) -> Result<()> {
    let feeds = feed_names(store, &args.categories)?;
    let _running = one_run(settings, &args.network, RunWork::Announcements(&feeds))?;
    let reporter = Reporter::new(settings);
    let network = &args.network;
    let client = connect(network, &reporter, &[&network.rss_url, &network.api_url])?;
    let classifier = settings.classifier()?;
    // One request per feed plus the id lookups: short enough to run to the end.
    let result = with_context(settings, &classifier, &reporter, false, async |context| {
        read_announcements(store, &client, context, &feeds, day).await
    })?;
    let report = result.map_err(|failed| {
        failure(&failed, &Resume { failed: "run the same command again", url_flag: None, ..FETCH })
    })?;
    info(settings, announced_line(&report, &feeds));
    Ok(())
}
