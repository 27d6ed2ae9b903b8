//! Where typed flags meet the clock and the environment: the one place that reads
//! today's date, and that turns parsed flags into the library's periods, ranges,
//! selections and client settings. A range that ends before it starts is a usage
//! error, found before any database is opened.

use chrono::NaiveDate;

use super::UsageError;
use super::args::{FetchArgs, NetworkArgs};
use papers::arxiv::client::ArxivUrls;
use papers::http::client::{ClientConfig, RetryPolicy};
use papers::id::ArxivId;
use papers::ingest::fetch::{Period, Selection};
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

/// The days asked for: --since/--until (to today), else --week (this week by default).
pub fn period(
    week: Option<WeekExpr>,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Result<Period, UsageError> {
    match since {
        Some(first) => {
            let last = until.unwrap_or_else(today);
            ordered(first, last, "--since")?;
            Ok(Period::Days { first, last })
        }
        None => Ok(Period::Week(week.unwrap_or(WeekExpr::This).resolve(today()))),
    }
}

/// Refuses a range whose end comes before its start (`first_flag` names the start).
pub fn ordered(first: NaiveDate, last: NaiveDate, first_flag: &str) -> Result<(), UsageError> {
    match last < first {
        true => Err(UsageError(format!("--until {last} is before {first_flag} {first}"))),
        false => Ok(()),
    }
}

/// What `fetch`'s flags name; the tracked set when they name nothing.
pub fn selection(args: &FetchArgs) -> Selection {
    let ids: Vec<ArxivId> = args.ids.iter().map(|v| v.id.clone()).collect();
    if args.categories.is_empty() && args.query.is_none() && args.author.is_none() && ids.is_empty() {
        return Selection::Tracked;
    }
    Selection::Named {
        categories: args.categories.clone(),
        query: args.query.clone(),
        author: args.author.clone(),
        ids,
    }
}

/// Where arXiv's services are, from the flags and variables.
pub fn arxiv_urls(args: &NetworkArgs) -> ArxivUrls {
    ArxivUrls { api: args.api_url.clone(), oai: args.oai_url.clone(), rss: args.rss_url.clone() }
}

/// The client's retries and timeout, from the flags and variables.
pub fn client_config(args: &NetworkArgs) -> ClientConfig {
    let mut retry = RetryPolicy::default();
    if let Some(base) = args.retry_base {
        retry.base = base.0;
        retry.max = retry.max.min(base.0.saturating_mul(24));
        retry.quick = retry.quick.min(base.0);
    }
    ClientConfig { retry, timeout: args.http_timeout.0 }
}
