//! `papers fetch --announced`: the RSS announcement feeds of the tracked (or named)
//! categories, which date what arXiv announced and fetch what is missing.

use anyhow::Result;

use super::Settings;
use super::args::FetchArgs;
use super::messages::info;
use super::network::{connect, failure, one_run};
use super::progress::Reporter;
use super::values::AnnouncedDay;
use papers::export::runs::{announcement_tally, run_summary};
use papers::ingest::announced::{feed_names, read_announcements};
use papers::ingest::{Context, StopFlag};
use papers::store::Store;

pub fn run(settings: &Settings, store: &mut Store, args: &FetchArgs, day: AnnouncedDay) -> Result<()> {
    let expected = match day {
        AnnouncedDay::Latest => None,
        AnnouncedDay::On(day) => Some(day),
    };
    let feeds = feed_names(store, &args.categories)?;
    let _running =
        one_run(settings, &args.network, &format!("reading the announcements of {}", feeds.join(", ")), "")?;
    let reporter = Reporter::new(settings);
    let client = connect(&args.network, &reporter)?;
    client.check_delay(&args.network.rss_url)?;
    client.check_delay(&args.network.api_url)?;
    let classifier = settings.classifier()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    // One request per feed plus the id lookups: short enough to run to the end.
    let stop = StopFlag::new();
    let context =
        Context { classifier: &classifier, schedule: &settings.schedule, observer: &reporter, stop: &stop };
    let result = runtime.block_on(read_announcements(store, &client, &context, &feeds, expected));
    reporter.finish();
    let report = result.map_err(|failed| failure(*failed, "run the same command again", None))?;
    match report.day {
        None => info(
            settings,
            format!(
                "the feed of {} is empty: arXiv announces nothing on weekends and holidays",
                feeds.join("+")
            ),
        ),
        Some(day) => info(
            settings,
            format!(
                "{} on {day}: {}; stored {}",
                report.run.label,
                announcement_tally(report.announced),
                run_summary(&report.run)
            ),
        ),
    }
    Ok(())
}
