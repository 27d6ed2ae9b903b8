//! Where typed flags meet the clock and the environment: the one place that reads
//! today's date, and that turns parsed flags into the library's periods, ranges,
//! selections and client settings. A range that ends before it starts is a usage
//! error, found before any database is opened.

use chrono::NaiveDate;

use super::UsageError;
use super::args::{Command, FetchArgs, NetworkArgs};
use papers::arxiv::client::ArxivUrls;
use papers::http::client::ClientConfig;
use papers::ingest::fetch::{BackwardsRange, Period, Selection};
use papers::week::{IsoWeek, WeekExpr};

/// Today in New York, where arXiv's calendar runs.
pub fn today() -> NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz::America::New_York).date_naive()
}

/// A week expression's week.
pub fn week(expr: WeekExpr) -> IsoWeek {
    expr.resolve(today())
}

/// An optional week expression's week.
pub fn some_week(expr: Option<WeekExpr>) -> Option<IsoWeek> {
    expr.map(week)
}

/// The listing dates of an optional week, for filters.
pub fn week_range(expr: Option<WeekExpr>) -> Option<(NaiveDate, NaiveDate)> {
    some_week(expr).map(|week| (week.monday(), week.sunday()))
}

/// The days asked for by --week, or --since and --until.
pub fn period(
    week: Option<WeekExpr>,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Result<Period, UsageError> {
    Period::asked(week, since, until, today()).map_err(|range| backwards(range, "--since"))
}

/// Refuses a date range of `list` or `harvest` that ends before it starts, before
/// anything runs (a pager included). Those of `fetch` and `signals` are refused
/// as their days are resolved ([`period`]), since their end may be today.
pub fn check_ranges(command: &Command) -> Result<(), UsageError> {
    let (first, last, first_flag) = match command {
        Command::List(args) => (args.since, args.until, "--since"),
        Command::Harvest(args) => (args.from, args.until, "--from"),
        _ => return Ok(()),
    };
    match (first, last) {
        (Some(first), Some(last)) => {
            BackwardsRange::check(first, last).map_err(|range| backwards(range, first_flag))
        }
        _ => Ok(()),
    }
}

fn backwards(range: BackwardsRange, first_flag: &str) -> UsageError {
    UsageError(format!("--until {} is before {first_flag} {}", range.last, range.first))
}

/// What `fetch`'s flags name; the tracked set when they name nothing.
pub fn selection(args: &FetchArgs) -> Selection {
    let ids = args.ids.iter().map(|v| v.id.clone()).collect();
    Selection::named(args.categories.clone(), args.query.clone(), args.author.clone(), ids)
}

/// Where arXiv's services are, from the flags and variables.
pub fn arxiv_urls(args: &NetworkArgs) -> ArxivUrls {
    ArxivUrls { api: args.api_url.to_string(), oai: args.oai_url.to_string(), rss: args.rss_url.to_string() }
}

/// The client's retries and timeout, from the flags and variables.
pub fn client_config(args: &NetworkArgs) -> ClientConfig {
    ClientConfig::new(args.retry_base.map(|base| base.0), args.http_timeout.0)
}
