//! `papers fetch`: a week's (or a date range's) papers from the export API,
//! resumable page by page; `--announced` reads the RSS feeds instead.

use anyhow::Result;

use super::args::FetchArgs;
use super::interrupt::interrupted;
use super::messages::info;
use super::network::{connect, describe_run, failure, one_run, with_context, worth_summing_up};
use super::progress::Reporter;
use super::{Settings, ordered, parse_listing_date, today};
use super::{announced, signals};
use papers::arxiv::categories;
use papers::arxiv::pager;
use papers::arxiv::query::validate_raw;
use papers::id::ArxivId;
use papers::ingest::fetch::{Period, Plan, Selection, fetch, plan};
use papers::store::{RunStatus, Store};
use papers::week::IsoWeek;
use papers::wording::plural;

pub fn run(settings: &Settings, args: &FetchArgs) -> Result<()> {
    let mut store = settings.open_store()?;
    if args.history {
        return print_history(&store);
    }
    if let Some(day) = &args.announced {
        return announced::run(settings, &mut store, args, day);
    }
    let period = period(args.week.as_deref(), args.since.as_deref(), args.until.as_deref())?;
    let selection = selection(args)?;
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
    let report = match &result {
        Ok(report) => report,
        Err(failed) => &failed.report,
    };
    if worth_summing_up(&result, report) {
        info(settings, format!("{}: {}", plan.label, describe_run(report)));
    }
    match result {
        Ok(report) if report.status == RunStatus::Interrupted && report.pages > 0 => {
            Err(interrupted("interrupted; run the same command again to resume where it stopped"))
        }
        Ok(report) if report.status == RunStatus::Interrupted => {
            Err(interrupted("interrupted before any page was stored"))
        }
        Ok(_) => match signals {
            Some(reader) => reader.read(settings, &mut store, args.page_size, true),
            None => Ok(()),
        },
        Err(failed) => {
            Err(failure(*failed, "fetch stopped; run the same command again to resume where it stopped"))
        }
    }
}

/// The days asked for: --since/--until, else --week (this week by default).
pub fn period(week: Option<&str>, since: Option<&str>, until: Option<&str>) -> Result<Period> {
    match since {
        Some(since) => {
            let first = parse_listing_date(since, "--since")?;
            let last = match until {
                Some(until) => parse_listing_date(until, "--until")?,
                None => today(),
            };
            ordered(first, last, "--since")?;
            Ok(Period::Days { first, last })
        }
        None => Ok(Period::Week(IsoWeek::parse_expr(week.unwrap_or("this"), today())?)),
    }
}

/// What the flags name, validated; the tracked set when they name nothing.
fn selection(args: &FetchArgs) -> Result<Selection> {
    let ids: Vec<ArxivId> = args.ids.iter().map(|v| v.id.clone()).collect();
    if args.categories.is_empty() && args.query.is_none() && args.author.is_none() && ids.is_empty() {
        return Ok(Selection::Tracked);
    }
    let categories =
        args.categories.iter().map(|c| categories::validate(c)).collect::<Result<Vec<_>, _>>()?;
    if let Some(query) = &args.query {
        validate_raw(query).map_err(|e| anyhow::anyhow!("--query: {e}"))?;
    }
    Ok(Selection::Named { categories, query: args.query.clone(), author: args.author.clone(), ids })
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
