//! `papers fetch --announced`: the RSS announcement feeds of the tracked (or named)
//! categories, which date what arXiv announced and fetch what is missing.

use anyhow::Result;

use super::Settings;
use super::args::FetchArgs;
use super::messages::info;
use super::network::{connect, failure, one_run, with_context};
use super::progress::Reporter;
use super::values::AnnouncedDay;
use papers::export::runs::announced_line;
use papers::ingest::announced::{feed_names, read_announcements};
use papers::ingest::run_lock::RunWork;
use papers::store::Store;

pub fn run(settings: &Settings, store: &mut Store, args: &FetchArgs, day: AnnouncedDay) -> Result<()> {
    let expected = match day {
        AnnouncedDay::Latest => None,
        AnnouncedDay::On(day) => Some(day),
    };
    let feeds = feed_names(store, &args.categories)?;
    let _running = one_run(settings, &args.network, RunWork::Announcements(&feeds))?;
    let reporter = Reporter::new(settings);
    let network = &args.network;
    let client = connect(network, &reporter, &[&network.rss_url, &network.api_url])?;
    let classifier = settings.classifier()?;
    // One request per feed plus the id lookups: short enough to run to the end.
    let result = with_context(settings, &classifier, &reporter, false, async |context| {
        read_announcements(store, &client, context, &feeds, expected).await
    })?;
    let report = result.map_err(|failed| failure(*failed, "run the same command again", None))?;
    info(settings, announced_line(&report, &feeds));
    Ok(())
}
