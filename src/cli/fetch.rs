//! `papers fetch`: a week's (or a date range's) papers from the export API,
//! resumable page by page; `--announced` reads the RSS feeds instead.

use anyhow::Result;

use super::Settings;
use super::args::FetchArgs;
use super::network::{Resume, conclude, connect, describe_run, one_run, with_context};
use super::progress::Reporter;
use super::{announced, resolve, signals};
use papers::arxiv::pager;
use papers::id::ArxivId;
use papers::ingest::fetch::{Plan, fetch, plan};
use papers::store::Store;
use papers::wording::plural;

pub fn run(settings: &Settings, args: &FetchArgs) -> Result<()> {
    if args.history {
        return print_history(&settings.open_store()?);
    }
    if let Some(day) = args.announced {
        return announced::run(settings, &mut settings.open_store()?, args, day);
    }
    let period = resolve::period(args.week, args.since, args.until)?;
    let selection = resolve::selection(args);
    let mut store = settings.open_store()?;
    let plan = plan(&store, &settings.schedule, period, &selection)?;
    if args.dry_run {
        return print_dry_run(&plan, args.page_size);
    }
    let _running =
        one_run(settings, &args.network, &format!("fetching {}", plan.label), &format!("{selection:?}"))?;
    let signals =
        args.signals.then(|| signals::Reader::new(settings, period, &args.hf, &args.network)).transpose()?;
    let classifier = settings.classifier()?;
    let reporter = Reporter::new(settings);
    let client = connect(&args.network, &reporter)?;
    client.check_delay(&args.network.api_url)?;
    let result = with_context(settings, &classifier, &reporter, async |context| {
        fetch(&mut store, &client, context, &plan, args.page_size).await
    })?;
    reporter.finish();
    let fetched = conclude(
        settings,
        result,
        |report| format!("{}: {}", plan.label, describe_run(report)),
        Resume {
            interrupted: "interrupted; run the same command again to resume where it stopped",
            failed: "fetch stopped; run the same command again to resume where it stopped",
            url_flag: "--api-url",
        },
    );
    match (fetched, signals) {
        (Ok(()), Some(reader)) => reader.read(settings, &mut store, args.page_size, true),
        (fetched, _) => fetched,
    }
}

fn print_dry_run(plan: &Plan, page_size: u32) -> Result<()> {
    outln!(
        "{}: v1 submissions from {} to {} (UTC)",
        plan.label,
        plan.window.start.format("%Y-%m-%d %H:%M"),
        plan.window.end.format("%Y-%m-%d %H:%M")
    )?;
    let searches = plan.searches();
    for search in &searches {
        outln!("search_query={}", search.query())?;
    }
    for batch in plan.ids.chunks(pager::IDS_PER_REQUEST) {
        outln!("id_list={}", batch.iter().map(ArxivId::as_str).collect::<Vec<_>>().join(","))?;
    }
    let requests = searches.len() + plan.ids.len().div_ceil(pager::IDS_PER_REQUEST);
    outln!(
        "{} at least: one per query, plus one per {page_size} results past the first page (nothing was sent)",
        plural(requests as u64, "request")
    )?;
    Ok(())
}

fn print_history(store: &Store) -> Result<()> {
    let runs = store.runs(50)?;
    if runs.is_empty() {
        eprintln!("papers: no fetch has run yet");
    }
    for run in runs {
        outln!(
            "#{} {} {:<11} {}: {} pages, {} new, {} updated, {} unchanged, {} retries{}",
            run.id,
            run.started,
            run.status,
            run.request,
            run.pages,
            run.new,
            run.updated,
            run.unchanged,
            run.retries,
            run.error.map(|e| format!(" ({e})")).unwrap_or_default()
        )?;
    }
    Ok(())
}
