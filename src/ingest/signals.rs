//! Reading community signals: each day's Hugging Face daily papers into the store,
//! one transaction per day (a day is stored whole or not at all), then the papers
//! those lists name that the store lacks, fetched from the arXiv API by id with
//! the usual client, limiter and retries; last, the database's own authors'
//! record learns who was featured.

use std::time::Instant;

use chrono::{NaiveDate, Utc};

use super::fetch::{Period, Plan, fetch};
use super::{Context, Ended, Event, IngestError, RunFailure, RunReport, Unreadable};
use crate::arxiv::client::ArxivClient;
use crate::classify::importance::{self, record::name_key};
use crate::hf::HfClient;
use crate::http::client::ClientStats;
use crate::id::ArxivId;
use crate::store::{RecordLearned, SignalCounts, Store};
use crate::week::IsoWeek;

/// The label of the run that fetches the papers the lists name.
const MISSING_LABEL: &str = "papers featured on Hugging Face";

/// How a signals run went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignalsReport {
    /// The days read, each with how many papers it featured.
    pub days: Vec<(NaiveDate, usize)>,
    pub counts: SignalCounts,
    /// Items of the lists that could not be read.
    pub skipped: usize,
    /// Distinct papers featured (a paper can be featured on several days).
    pub papers: usize,
    /// Requests and retries sent to Hugging Face.
    pub stats: ClientStats,
    /// The fetch of the papers the store lacked, if any were.
    pub missing: Option<RunReport>,
    /// What the database's own authors' record learned from the papers listed
    /// after the shipped record ends.
    pub record: RecordLearned,
    /// Stopped early by the stop flag; the days read are stored.
    pub interrupted: bool,
    pub elapsed: std::time::Duration,
}

/// A signals run that stopped on an error, with what it had stored by then;
/// running it again reads every day again.
pub type SignalsFailure = RunFailure<SignalsReport>;

impl Ended for SignalsReport {
    fn interrupted(&self) -> bool {
        self.interrupted
    }

    fn stored_any(&self) -> bool {
        !self.days.is_empty()
    }
}

/// The days a signals run reads: at least one, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignalDays(Vec<NaiveDate>);

impl SignalDays {
    /// The days of `period` whose lists can exist by `today` (see [`days_of`]);
    /// none is an error, since there is nothing to read.
    pub fn of(period: Period, today: NaiveDate) -> Result<SignalDays, IngestError> {
        match days_of(period, today) {
            days if days.is_empty() => Err(IngestError::Request(
                "no day of that period has begun yet, so there are no daily papers to read".to_string(),
            )),
            days => Ok(SignalDays(days)),
        }
    }

    pub fn days(&self) -> &[NaiveDate] {
        &self.0
    }

    fn first(&self) -> NaiveDate {
        self.0[0]
    }

    fn last(&self) -> NaiveDate {
        self.0[self.0.len() - 1]
    }

    /// The days as a period to ask for again: their week when they are a whole one.
    pub fn period(&self) -> Period {
        let (first, last) = (self.first(), self.last());
        let week = IsoWeek::containing(first);
        match first == week.monday() && last == week.sunday() {
            true => Period::Week(week),
            false => Period::Days { first, last },
        }
    }
}

/// "2024-05-20 to 2024-05-26".
impl std::fmt::Display for SignalDays {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} to {}", self.first(), self.last())
    }
}

impl SignalsFailure {
    /// Whether the failure leaves a fetch before it standing: a source that failed
    /// costs the signals only; the database failing is another matter.
    pub fn spares_a_fetch(&self) -> bool {
        matches!(self.error, IngestError::Fetch(_))
    }
}

/// The days of `period` whose lists can exist by `today`: Monday to Sunday of a
/// week, or the days between two dates, never a day after today.
fn days_of(period: Period, today: NaiveDate) -> Vec<NaiveDate> {
    let (first, last) = match period {
        Period::Week(week) => (week.monday(), week.sunday()),
        Period::Days { first, last } => (first, last),
    };
    first.iter_days().take_while(|day| *day <= last.min(today)).collect()
}

/// Reads the lists of `days` into `store`, then fetches from arXiv (`arxiv`) the
/// papers they name that the store lacks.
pub async fn signals(
    store: &mut Store,
    source: &HfClient,
    arxiv: &ArxivClient,
    context: &Context<'_>,
    days: &[NaiveDate],
    page_size: u32,
) -> Result<SignalsReport, Box<SignalsFailure>> {
    let started = Instant::now();
    let mut report = SignalsReport::default();
    let mut named: Vec<ArxivId> = Vec::new();
    let outcome = read_days(store, source, context, days, &mut report, &mut named).await;
    report.stats = source.stats();
    named.sort();
    named.dedup();
    report.papers = named.len();
    // Running again reads every day again, and fetches what is still missing; but
    // not past a request arXiv refused.
    let fail = |mut report: SignalsReport, error: IngestError, resumable: bool| {
        report.elapsed = started.elapsed();
        Box::new(RunFailure { report, error, resumable })
    };
    if let Err(error) = outcome {
        return Err(fail(report, error, true));
    }
    if !report.interrupted {
        let missing = match store.missing_ids(&named) {
            Ok(missing) => missing,
            Err(error) => return Err(fail(report, error.into(), true)),
        };
        if !missing.is_empty() {
            let plan = Plan::ids(MISSING_LABEL, missing);
            match fetch(store, arxiv, context, &plan, page_size).await {
                Ok(run) => {
                    report.interrupted = run.status == crate::store::RunStatus::Interrupted;
                    report.missing = Some(run);
                }
                Err(failed) => {
                    let RunFailure { report: run, error, resumable } = *failed;
                    report.missing = Some(run);
                    return Err(fail(report, error, resumable));
                }
            }
        }
    }
    if !report.interrupted
        && let Some(model) = importance::builtin()
    {
        let read: Vec<NaiveDate> = report.days.iter().map(|(day, _)| *day).collect();
        match store.learn_author_record(model.record_until, &read, name_key) {
            Ok(learned) => report.record = learned,
            Err(error) => return Err(fail(report, error.into(), true)),
        }
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Reads and stores each day's list in turn; `named` collects every id seen.
async fn read_days(
    store: &mut Store,
    source: &HfClient,
    context: &Context<'_>,
    days: &[NaiveDate],
    report: &mut SignalsReport,
    named: &mut Vec<ArxivId>,
) -> Result<(), IngestError> {
    for day in days {
        if context.stop.is_raised() {
            report.interrupted = true;
            return Ok(());
        }
        context.observer.event(Event::SignalsDay(*day));
        let list = source.daily_papers(*day).await?;
        context.skipped(Unreadable::DailyPaper { day: *day }, &list.skipped);
        report.skipped += list.skipped.len();
        let pairs: Vec<(ArxivId, _)> = list.papers.into_iter().map(|p| (p.id, p.signals)).collect();
        report.counts.add(store.save_daily_signals(*day, Utc::now(), &pairs)?);
        report.days.push((*day, pairs.len()));
        named.extend(pairs.into_iter().map(|(id, _)| id));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("date")
    }

    #[test]
    fn a_signals_read_ends_as_a_fetch_does_with_days_for_pages() {
        use crate::ingest::RunOutcome;
        let mut report = SignalsReport { interrupted: true, ..SignalsReport::default() };
        let of = |report: &SignalsReport| RunOutcome::of::<SignalsReport>(&Ok(report.clone()));
        assert_eq!(of(&report), RunOutcome::Interrupted { kept: false });
        report.days.push((date("2024-05-20"), 3));
        assert_eq!(of(&report), RunOutcome::Interrupted { kept: true });
        let failed = |report: SignalsReport, error| RunFailure { report, error, resumable: true };
        let database = || IngestError::Store(crate::store::StoreError::Busy);
        let kept = failed(report.clone(), database());
        assert_eq!(RunOutcome::failed(&kept), RunOutcome::Failed { resumable: true, unreachable: false });
        assert!(!kept.spares_a_fetch(), "a database failing fails the fetch too");
        let nothing = failed(SignalsReport::default(), database());
        assert_eq!(RunOutcome::failed(&nothing), RunOutcome::Failed { resumable: false, unreachable: false });
    }

    #[test]
    fn a_week_is_monday_to_sunday_but_never_after_today() {
        let week = Period::Week("2024-W21".parse().expect("week"));
        let days = days_of(week, date("2024-06-01"));
        assert_eq!((days.len(), days[0], days[6]), (7, date("2024-05-20"), date("2024-05-26")));
        assert_eq!(
            days_of(week, date("2024-05-22")),
            [date("2024-05-20"), date("2024-05-21"), date("2024-05-22")]
        );
        assert!(days_of(week, date("2024-05-01")).is_empty());
        let range = Period::Days { first: date("2024-05-30"), last: date("2024-06-02") };
        assert_eq!(days_of(range, date("2030-01-01")).len(), 4);
    }

    #[test]
    fn days_to_read_are_asked_again_as_their_week_when_whole() {
        let week: IsoWeek = "2024-W21".parse().expect("week");
        let whole = SignalDays::of(Period::Week(week), date("2024-06-01")).expect("days");
        assert_eq!(
            (whole.period(), whole.to_string()),
            (Period::Week(week), "2024-05-20 to 2024-05-26".into())
        );
        let begun = SignalDays::of(Period::Week(week), date("2024-05-22")).expect("days");
        let (first, last) = (date("2024-05-20"), date("2024-05-22"));
        assert_eq!(begun.period(), Period::Days { first, last });
        let none = SignalDays::of(Period::Week(week), date("2024-05-01")).expect_err("not begun");
        assert_eq!(
            none.to_string(),
            "no day of that period has begun yet, so there are no daily papers to read"
        );
    }
}
