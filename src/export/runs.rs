//! What the ingest engine's runs did, in words: the one-line summaries of a
//! fetch, harvest, announcement read, import and signals read, the status line
//! of each progress event and the words of each warning, a fetch's plan (`fetch
//! --dry-run`) and the run log (`fetch --history`).

use std::fmt::Write;
use std::time::Duration;

use crate::arxiv::pager::IDS_PER_REQUEST;
use crate::http::client::ClientEvent;
use crate::id::ArxivId;
use crate::ingest::announced::{AnnouncedReport, AnnouncementCounts};
use crate::ingest::fetch::Plan;
use crate::ingest::import::FileReport;
use crate::ingest::signals::{SignalDays, SignalsReport};
use crate::ingest::{Event, RunReport, Unreadable, Warning};
use crate::store::{ImportCounts, RunRecord};
use crate::wording::fit::cut;
use crate::wording::{plural, thousands};

/// "3 new, 1 updated, 0 unchanged; 2 pages, 3 requests, 1 retry, 0.4 s".
fn run_summary(report: &RunReport) -> String {
    let c = report.counts;
    format!(
        "{} new, {} updated, {} unchanged; {}, {}, {}, {:.1} s",
        c.new,
        c.updated,
        c.unchanged,
        plural(report.pages, "page"),
        plural(report.requests, "request"),
        plural(report.retries, "retry"),
        report.elapsed.as_secs_f64()
    )
}

/// "harvest cs:cs:CL: 2 deleted, 3 new, …": what a fetch or harvest asked for,
/// then what it did (deletions only when there were any).
pub fn run_line(report: &RunReport) -> String {
    let deleted = match report.deleted {
        0 => String::new(),
        n => format!("{n} deleted, "),
    };
    format!("{}: {deleted}{}", report.label, run_summary(report))
}

/// What an announcement read of `feeds` found: the day's tally and what was
/// stored, or that the feeds were empty.
pub fn announced_line(report: &AnnouncedReport, feeds: &[String]) -> String {
    match report.day {
        None => format!(
            "the feed of {} is empty: arXiv announces nothing on weekends and holidays",
            feeds.join("+")
        ),
        Some(day) => format!(
            "{} on {day}: {}; stored {}",
            report.run.label,
            announcement_tally(report.announced),
            run_summary(&report.run)
        ),
    }
}

/// "3 new papers, 1 cross-list, 2 replacements, 1 abstract-only change".
fn announcement_tally(counts: AnnouncementCounts) -> String {
    [
        plural(counts.new, "new paper"),
        plural(counts.cross, "cross-list"),
        plural(counts.replaced, "replacement"),
        plural(counts.abstract_only, "abstract-only change"),
    ]
    .join(", ")
}

/// "12 papers: 10 new, 2 updated, 0 unchanged; skipped 1 entries without an id".
pub fn import_summary(report: &FileReport) -> String {
    let mut text = import_counts(report.counts);
    if report.skipped > 0 {
        text.push_str(&format!("; skipped {} entries without an id", report.skipped));
    }
    text
}

/// "0.412 s, 29 entries/s": how fast an import of `report` in `took` went.
pub fn import_speed(report: &FileReport, took: Duration) -> String {
    let seconds = took.as_secs_f64();
    let rate = report.counts.total() as f64 / seconds.max(1e-9);
    format!("{seconds:.3} s, {rate:.0} entries/s")
}

/// "12 papers: 10 new, 2 updated, 0 unchanged".
pub fn import_counts(c: ImportCounts) -> String {
    let noun = if c.total() == 1 { "paper" } else { "papers" };
    format!("{} {noun}: {} new, {} updated, {} unchanged", c.total(), c.new, c.updated, c.unchanged)
}

/// "5 days read, 66 entries for 64 papers (60 new, 4 updated, 2 unchanged); papers
/// they name: …; Hugging Face: 8 requests, 1 retry, 6.1 s".
fn signals_summary(report: &SignalsReport) -> String {
    let entries: usize = report.days.iter().map(|(_, n)| n).sum();
    let c = report.counts;
    let mut text = format!(
        "{} read, {} for {} ({} new, {} updated, {} unchanged)",
        plural(report.days.len() as u64, "day"),
        plural(entries as u64, "entry"),
        plural(report.papers as u64, "paper"),
        c.new,
        c.updated,
        c.unchanged
    );
    if report.skipped > 0 {
        text.push_str(&format!(", {} unreadable", plural(report.skipped as u64, "item")));
    }
    if let Some(missing) = &report.missing {
        text.push_str(&format!("; papers they name: {}", run_summary(missing)));
    }
    if report.record.papers + report.record.featured > 0 {
        text.push_str(&format!(
            "; authors' record: {} counted, {} more featured",
            plural(report.record.papers, "paper"),
            report.record.featured
        ));
    }
    text.push_str(&format!(
        "; Hugging Face: {}, {}, {:.1} s",
        plural(report.stats.requests, "request"),
        plural(report.stats.retries, "retry"),
        report.elapsed.as_secs_f64()
    ));
    text
}

/// "signals 2024-05-20 to 2024-05-26: 5 days read, …".
pub fn signals_line(days: &SignalDays, report: &SignalsReport) -> String {
    format!("signals {days}: {}", signals_summary(report))
}

/// "Hugging Face's signals were not read (2 days stored)": a signals read that
/// failed after a fetch, which stands without them.
pub fn signals_not_read(report: &SignalsReport) -> String {
    match report.days.len() {
        0 => "Hugging Face's signals were not read".to_string(),
        n => format!("Hugging Face's signals were not read ({} stored)", plural(n as u64, "day")),
    }
}

/// How a progress display shows an event.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// Where the run is, replacing the last status.
    Status(String),
    /// A line of its own, which stays.
    Warning(String),
    /// A wait before the next request, shown before the status ("wait 3.0 s; ").
    Waiting(String),
    /// How many bytes of its input an import has read.
    Position(u64),
}

/// How `event` shows: a retry's warning is cut to fit in `room` characters and,
/// when `verbose`, names the request after it.
pub fn shown(event: &Event, room: Option<usize>, verbose: bool) -> Option<Shown> {
    Some(match event {
        Event::Warning(warning) => Shown::Warning(warning_line(warning)),
        Event::BytesRead(position) => Shown::Position(*position),
        Event::Client(ClientEvent::Waiting(wait)) => {
            Shown::Waiting(format!("wait {:.1} s; ", wait.as_secs_f64()))
        }
        Event::Client(ClientEvent::Retrying { attempt, attempts, reason, wait, request }) => {
            let retry = retry_warning(reason, *attempt, *attempts, wait.as_secs_f64(), room);
            Shown::Warning(match verbose && !request.is_empty() {
                true => format!("{retry} [{request}]"),
                false => retry,
            })
        }
        progress => Shown::Status(event_status(progress)?),
    })
}

/// What a run's warning says.
fn warning_line(warning: &Warning) -> String {
    match warning {
        Warning::Skipped { what, problem } => match what {
            Unreadable::ApiEntry => format!("skipped an entry arXiv sent: {problem}"),
            Unreadable::OaiRecord => format!("skipped a record arXiv sent: {problem}"),
            Unreadable::FeedItem { feed } => format!("skipped an item of the {feed} feed: {problem}"),
            Unreadable::DailyPaper { day } => format!("daily papers of {day}: skipped {problem}"),
        },
        Warning::TokenExpired { set } => format!("the resumption token of set {set} has expired; restarting"),
        Warning::TokenRefused { set, problem } => {
            format!("arXiv no longer accepts the token of set {set} ({problem}); restarting")
        }
        Warning::FeedAtCap { feed, cap } => format!(
            "the {feed} feed has {cap} items, arXiv's limit, so it may be cut short; track its categories one by one"
        ),
        Warning::NotReturned(ids) => {
            let ids: Vec<String> = ids.iter().map(ArxivId::to_string).collect();
            format!("left out {}: the API returned nothing for them", ids.join(", "))
        }
    }
}

/// The status line a progress event replaces the last one with; `None` for the
/// events that are no status (warnings, the client's waits and retries, bytes read).
fn event_status(event: &Event) -> Option<String> {
    Some(match event {
        Event::FetchPage { page, next_start, total, query, counts } => format!(
            "page {page} ({next_start}/{total} of {query}); {} new, {} updated, {} unchanged",
            counts.new, counts.updated, counts.unchanged
        ),
        Event::HarvestPage { set, page, position, counts } => {
            let position = match position {
                Some((done, size)) => format!(" ({} of {})", thousands(*done), thousands(*size)),
                None => String::new(),
            };
            format!(
                "set {set}: page {page}{position}; {} new, {} updated, {} unchanged",
                counts.new, counts.updated, counts.unchanged
            )
        }
        Event::Announced { items, missing } => {
            format!("{}; fetching {missing} from the API", plural(*items, "announcement"))
        }
        Event::SignalsDay(day) => format!("Hugging Face daily papers of {day}"),
        Event::Warning(_) | Event::Client(_) | Event::BytesRead(_) => return None,
    })
}

/// "HTTP 503 Service Unavailable; try 1 of 5, again in 5.2 s": the cause first, cut
/// so that the whole warning fits in `room` characters.
fn retry_warning(reason: &str, attempt: u32, attempts: u32, wait: f64, room: Option<usize>) -> String {
    let tail = format!("; try {attempt} of {attempts}, again in {wait:.1} s");
    let room = room.map_or(usize::MAX, |w| w.saturating_sub(tail.len() + 1));
    format!("{}{tail}", cut(reason, room.max(12)))
}

/// What `plan` would send, request by request, with `page_size` results a page;
/// nothing is sent.
pub fn fetch_plan(plan: &Plan, page_size: u32) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: v1 submissions from {} to {} (UTC)",
        plan.label,
        plan.window.start.format("%Y-%m-%d %H:%M"),
        plan.window.end.format("%Y-%m-%d %H:%M")
    );
    let searches = plan.searches();
    for search in &searches {
        let _ = writeln!(out, "search_query={}", search.query());
    }
    for batch in plan.ids.chunks(IDS_PER_REQUEST) {
        let _ = writeln!(out, "id_list={}", batch.iter().map(ArxivId::as_str).collect::<Vec<_>>().join(","));
    }
    let requests = searches.len() + plan.ids.len().div_ceil(IDS_PER_REQUEST);
    let _ = writeln!(
        out,
        "{} at least: one per query, plus one per {page_size} results past the first page (nothing was sent)",
        plural(requests as u64, "request")
    );
    out
}

/// One line of the run log per run.
pub fn run_log(runs: &[RunRecord]) -> String {
    let mut out = String::new();
    for run in runs {
        let _ = writeln!(
            out,
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
            run.error.as_ref().map(|e| format!(" ({e})")).unwrap_or_default()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::ingest::fetch::Period;
    use crate::store::RunStatus;
    use chrono::NaiveDate;

    fn run(label: &str, deleted: u64) -> RunReport {
        RunReport {
            label: label.to_string(),
            status: RunStatus::Done,
            counts: ImportCounts { new: 3, updated: 1, unchanged: 0 },
            deleted,
            pages: 2,
            requests: 3,
            retries: 1,
            elapsed: Duration::from_millis(400),
        }
    }

    #[test]
    fn run_lines_name_the_run_and_deletions_only_when_there_were_some() {
        let summary = "3 new, 1 updated, 0 unchanged; 2 pages, 3 requests, 1 retry, 0.4 s";
        assert_eq!(run_line(&run("week 2024-W21", 0)), format!("week 2024-W21: {summary}"));
        assert_eq!(run_line(&run("harvest cs:cs:CL", 2)), format!("harvest cs:cs:CL: 2 deleted, {summary}"));
        let feeds = ["cs.CL".to_string(), "cs".to_string()];
        let mut read =
            AnnouncedReport { day: None, announced: AnnouncementCounts::default(), run: run("feeds", 0) };
        assert_eq!(
            announced_line(&read, &feeds),
            "the feed of cs.CL+cs is empty: arXiv announces nothing on weekends and holidays"
        );
        read.day = NaiveDate::from_ymd_opt(2024, 5, 21);
        assert_eq!(
            announced_line(&read, &feeds),
            format!(
                "feeds on 2024-05-21: 0 new papers, 0 cross-lists, 0 replacements, 0 abstract-only changes; stored {summary}"
            )
        );
        let file = FileReport { counts: ImportCounts { new: 10, updated: 2, unchanged: 0 }, skipped: 0 };
        assert_eq!(import_speed(&file, Duration::from_millis(500)), "0.500 s, 24 entries/s");
    }

    #[test]
    fn a_signals_read_says_how_many_days_it_stored() {
        let mut report = SignalsReport::default();
        assert_eq!(signals_not_read(&report), "Hugging Face's signals were not read");
        let day = NaiveDate::from_ymd_opt(2024, 5, 20).expect("day");
        report.days = vec![(day, 3), (day, 4)];
        assert_eq!(signals_not_read(&report), "Hugging Face's signals were not read (2 days stored)");
        let days = SignalDays::of(Period::Days { first: day, last: day }, day).expect("days");
        assert!(signals_line(&days, &report).starts_with("signals 2024-05-20 to 2024-05-20: 2 days read, "));
    }

    #[test]
    fn events_show_as_status_warning_wait_or_position() {
        let day = NaiveDate::from_ymd_opt(2024, 5, 20).expect("day");
        let status = Shown::Status("Hugging Face daily papers of 2024-05-20".into());
        assert_eq!(shown(&Event::SignalsDay(day), None, false), Some(status));
        assert_eq!(shown(&Event::BytesRead(512), None, false), Some(Shown::Position(512)));
        let wait = Event::Client(ClientEvent::Waiting(Duration::from_millis(2950)));
        assert_eq!(shown(&wait, None, false), Some(Shown::Waiting("wait 3.0 s; ".into())));
        let retry = |request: &str| {
            Event::Client(ClientEvent::Retrying {
                attempt: 1,
                attempts: 5,
                reason: "HTTP 503".into(),
                wait: Duration::from_secs(5),
                request: request.into(),
            })
        };
        let warning = |text: &str| Some(Shown::Warning(text.into()));
        assert_eq!(shown(&retry("page 2"), None, false), warning("HTTP 503; try 1 of 5, again in 5.0 s"));
        assert_eq!(
            shown(&retry("page 2"), None, true),
            warning("HTTP 503; try 1 of 5, again in 5.0 s [page 2]")
        );
        assert_eq!(shown(&retry(""), None, true), warning("HTTP 503; try 1 of 5, again in 5.0 s"));
    }

    #[test]
    fn a_run_warning_is_data_worded_here() {
        let said = |warning: Warning| match shown(&Event::Warning(warning), None, false) {
            Some(Shown::Warning(words)) => words,
            other => panic!("not a warning: {other:?}"),
        };
        let skipped = |what| Warning::Skipped { what, problem: "no id".into() };
        assert_eq!(said(skipped(Unreadable::ApiEntry)), "skipped an entry arXiv sent: no id");
        assert_eq!(said(skipped(Unreadable::OaiRecord)), "skipped a record arXiv sent: no id");
        let feed = Unreadable::FeedItem { feed: "cs.CL".into() };
        assert_eq!(said(skipped(feed)), "skipped an item of the cs.CL feed: no id");
        let day = NaiveDate::from_ymd_opt(2024, 5, 20).expect("day");
        assert_eq!(
            said(skipped(Unreadable::DailyPaper { day })),
            "daily papers of 2024-05-20: skipped no id"
        );
        assert_eq!(
            said(Warning::TokenExpired { set: "cs".into() }),
            "the resumption token of set cs has expired; restarting"
        );
        assert_eq!(
            said(Warning::TokenRefused { set: "cs".into(), problem: "badResumptionToken".into() }),
            "arXiv no longer accepts the token of set cs (badResumptionToken); restarting"
        );
        assert_eq!(
            said(Warning::FeedAtCap { feed: "cs".into(), cap: 2000 }),
            "the cs feed has 2000 items, arXiv's limit, so it may be cut short; track its categories one by one"
        );
        let ids = ["2405.00001", "2405.00002"].map(|id| ArxivId::parse(id).expect("an id")).to_vec();
        assert_eq!(
            said(Warning::NotReturned(ids)),
            "left out 2405.00001, 2405.00002: the API returned nothing for them"
        );
    }

    /// What every warning starts with on the command line.
    const WARNING: &str = "papers: warning: ";

    #[test]
    fn a_retry_warning_names_the_cause_first_and_fits_one_line() {
        let warning = retry_warning("HTTP 503 Service Unavailable", 1, 5, 5.24, Some(80));
        assert_eq!(warning, "HTTP 503 Service Unavailable; try 1 of 5, again in 5.2 s");
        let long =
            "error trying to connect: tcp connect error: some very long reason from deep down the stack";
        for width in [60, 80, 120] {
            let room = width - WARNING.len();
            let line = format!("{WARNING}{}", retry_warning(long, 2, 5, 10.0, Some(room)));
            assert!(line.chars().count() <= width, "{width}: {line}");
            assert!(line.ends_with("; try 2 of 5, again in 10.0 s"), "{line}");
        }
    }
}
