//! arXiv's announcement calendar: from a v1 submission time to the listing date and
//! ISO week people saw it in, and back from a week to the submission window.
//!
//! Pure functions over `chrono`; the clock is always passed in. The schedule
//! (arXiv help, "availability"): submissions are due at 14:00 America/New_York on
//! weekdays; each deadline's batch is announced at 20:00 the same evening (Monday to
//! Thursday) or on Sunday evening for Friday's; the listing date is the day after
//! the announcement, Monday to Friday. A holiday is an announcement evening that is
//! skipped: its batch goes out with the next announcement.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::America::New_York;

/// The hour (New York time) at which each weekday's submission window closes.
const DEADLINE_HOUR: u32 = 14;

/// An ISO 8601 week, written `2024-W21`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

/// Raised for a week expression that names no week.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeekError {
    #[error("'{0}' is not a week (use 2024-W21, a date such as 2024-05-22, 'this' or 'last')")]
    Syntax(String),
    #[error("week {week} does not exist: {year} has {weeks} ISO weeks")]
    OutOfRange { week: String, year: i32, weeks: u32 },
    #[error("'{0}' is not a valid date (use YYYY-MM-DD)")]
    BadDate(String),
    #[error("'{0}' is not a date from 1991 on (use YYYY-MM-DD)")]
    NotListingDate(String),
}

impl IsoWeek {
    /// The week containing `date`.
    pub fn containing(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek { year: w.year(), week: w.week() }
    }

    /// Builds a week, refusing numbers the year does not have (W53 in most years).
    pub fn new(year: i32, week: u32) -> Result<IsoWeek, WeekError> {
        match NaiveDate::from_isoywd_opt(year, week, Weekday::Mon) {
            Some(_) => Ok(IsoWeek { year, week }),
            None => Err(WeekError::OutOfRange {
                week: format!("{year}-W{week:02}"),
                year,
                weeks: weeks_in_year(year),
            }),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn week(self) -> u32 {
        self.week
    }

    /// The Monday that starts the week.
    pub fn monday(self) -> NaiveDate {
        // `new` and `containing` only build weeks whose Monday exists.
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or(NaiveDate::MIN)
    }

    /// The Sunday that ends the week.
    pub fn sunday(self) -> NaiveDate {
        self.monday() + Days::new(6)
    }

    /// The week before this one.
    pub fn previous(self) -> IsoWeek {
        IsoWeek::containing(self.monday() - Days::new(7))
    }

    /// The week after this one.
    pub fn next(self) -> IsoWeek {
        IsoWeek::containing(self.monday() + Days::new(7))
    }

    /// Parses a week expression (see [`WeekExpr`]) and resolves it against `today`.
    pub fn parse_expr(input: &str, today: NaiveDate) -> Result<IsoWeek, WeekError> {
        Ok(input.parse::<WeekExpr>()?.resolve(today))
    }
}

/// A week as people name it: `2024-W21` (any case), a date such as `2024-05-22`
/// (its week), `this` or `last`. It is parsed without a clock, so a command line
/// is checked before anything runs, and resolved against today's date later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekExpr {
    This,
    Last,
    Week(IsoWeek),
}

impl WeekExpr {
    /// The week it names, `this` and `last` counted from `today`.
    pub fn resolve(self, today: NaiveDate) -> IsoWeek {
        match self {
            WeekExpr::This => IsoWeek::containing(today),
            WeekExpr::Last => IsoWeek::containing(today).previous(),
            WeekExpr::Week(week) => week,
        }
    }
}

impl FromStr for WeekExpr {
    type Err = WeekError;

    fn from_str(input: &str) -> Result<WeekExpr, WeekError> {
        let text = input.trim();
        match text.to_ascii_lowercase().as_str() {
            "this" => return Ok(WeekExpr::This),
            "last" => return Ok(WeekExpr::Last),
            _ => {}
        }
        if text.len() == 10 && text.as_bytes().get(4) == Some(&b'-') && text.as_bytes().get(7) == Some(&b'-')
        {
            return NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(|day| WeekExpr::Week(IsoWeek::containing(day)))
                .map_err(|_| WeekError::BadDate(text.to_string()));
        }
        text.parse().map(WeekExpr::Week)
    }
}

/// A listing date as written on a command line, `YYYY-MM-DD`. arXiv began in
/// 1991; far-off years are typos and would overflow date arithmetic.
pub fn listing_date(text: &str) -> Result<NaiveDate, WeekError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|day| (1991..=2200).contains(&day.year()))
        .ok_or_else(|| WeekError::NotListingDate(text.to_string()))
}

/// An announcement day as asked for: the latest one there is, or a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnouncedDay {
    /// Whatever the feed holds now.
    Latest,
    /// The feed must be of this listing day.
    On(NaiveDate),
}

impl FromStr for AnnouncedDay {
    type Err = WeekError;

    /// `latest`, or a listing date.
    fn from_str(text: &str) -> Result<AnnouncedDay, WeekError> {
        match text {
            "latest" => Ok(AnnouncedDay::Latest),
            day => listing_date(day).map(AnnouncedDay::On),
        }
    }
}

impl FromStr for IsoWeek {
    type Err = WeekError;

    /// Parses the canonical `YYYY-Www` form (the `W` in either case).
    fn from_str(s: &str) -> Result<IsoWeek, WeekError> {
        let syntax = || WeekError::Syntax(s.to_string());
        let (year, week) = s.split_once(['W', 'w']).ok_or_else(syntax)?;
        let year = year.strip_suffix('-').ok_or_else(syntax)?;
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !digits(year) || !(1..=2).contains(&week.len()) || !digits(week) {
            return Err(syntax());
        }
        let (year, week) = (year.parse().map_err(|_| syntax())?, week.parse().map_err(|_| syntax())?);
        IsoWeek::new(year, week)
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

fn weeks_in_year(year: i32) -> u32 {
    // 28 December always falls in the last ISO week of its year.
    NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week())
}

/// The announcement calendar, with the evenings on which arXiv announces nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    holidays: BTreeSet<NaiveDate>,
}

impl Schedule {
    /// A schedule whose announcement evenings on `holidays` (New York dates) are skipped.
    pub fn with_holidays(holidays: impl IntoIterator<Item = NaiveDate>) -> Schedule {
        Schedule { holidays: holidays.into_iter().collect() }
    }

    /// The listing date (Monday to Friday) of a paper whose v1 was submitted at `submitted`.
    pub fn listing_date(&self, submitted: DateTime<Utc>) -> NaiveDate {
        let local = submitted.with_timezone(&New_York).naive_local();
        let mut deadline = first_deadline_after(local);
        loop {
            let announcement = announcement_of(deadline.date());
            if !self.holidays.contains(&announcement) {
                return announcement + Days::new(1);
            }
            deadline = first_deadline_after(deadline);
        }
    }

    /// The ISO week of [`Schedule::listing_date`].
    pub fn listing_week(&self, submitted: DateTime<Utc>) -> IsoWeek {
        IsoWeek::containing(self.listing_date(submitted))
    }

    /// The UTC window `[start, end)` of v1 submission times whose listing date falls
    /// in `week`. Without holidays it runs from the Thursday 14:00 New York time
    /// before the week to the Thursday 14:00 inside it.
    pub fn submission_window(&self, week: IsoWeek) -> (DateTime<Utc>, DateTime<Utc>) {
        self.submission_window_between(week.monday(), week.sunday())
    }

    /// The UTC window `[start, end)` of v1 submission times listed from `first` to
    /// `last`, both inclusive.
    pub fn submission_window_between(
        &self,
        first: NaiveDate,
        last: NaiveDate,
    ) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            self.first_submission_listed_on_or_after(first),
            self.first_submission_listed_on_or_after(last + Days::new(1)),
        )
    }

    /// The earliest submission instant whose listing date is `date` or later. Listing
    /// dates only change at deadlines, so the answer is a deadline: the first one whose
    /// own batch (a submission at exactly the deadline belongs to the next batch) is
    /// listed on or after `date`.
    fn first_submission_listed_on_or_after(&self, date: NaiveDate) -> DateTime<Utc> {
        // Every batch is listed within a few days of its deadline, holidays aside;
        // start two weeks early so that a run of holidays is still covered.
        let start = NaiveDateTime::new(date - Days::new(14), NaiveTime::MIN);
        let mut deadline = first_deadline_after(start);
        while self.listing_date(new_york_to_utc(deadline)) < date {
            deadline = first_deadline_after(deadline);
        }
        new_york_to_utc(deadline)
    }
}

/// The first weekday 14:00 (New York) strictly after `local`.
fn first_deadline_after(local: NaiveDateTime) -> NaiveDateTime {
    let mut day = local.date();
    loop {
        let is_weekday = !matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let deadline = day.and_hms_opt(DEADLINE_HOUR, 0, 0).unwrap_or(NaiveDateTime::MIN);
        if is_weekday && deadline > local {
            return deadline;
        }
        day = day + Days::new(1);
    }
}

/// The evening (New York date) on which a deadline's batch is announced.
fn announcement_of(deadline_day: NaiveDate) -> NaiveDate {
    match deadline_day.weekday() {
        Weekday::Fri => deadline_day + Days::new(2),
        _ => deadline_day,
    }
}

fn new_york_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    match New_York.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        // 14:00 never falls in a DST gap; keep the function total anyway.
        LocalResult::None => Utc.from_utc_datetime(&local),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announced_days() {
        assert_eq!("latest".parse::<AnnouncedDay>(), Ok(AnnouncedDay::Latest));
        let day = NaiveDate::from_ymd_opt(2024, 5, 22).expect("a day");
        assert_eq!("2024-05-22".parse::<AnnouncedDay>(), Ok(AnnouncedDay::On(day)));
        assert!("yesterday".parse::<AnnouncedDay>().is_err());
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}")).with_timezone(&Utc)
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn listing_dates_follow_the_schedule() {
        let schedule = Schedule::default();
        // (submitted, listing date, week, why)
        let cases = [
            ("2024-05-23T17:59:04Z", "2024-05-24", "2024-W21", "Thu 13:59:04 EDT makes Thursday's mailing"),
            ("2024-05-23T17:59:59Z", "2024-05-24", "2024-W21", "last second before the deadline"),
            ("2024-05-23T18:00:00Z", "2024-05-27", "2024-W22", "exactly 14:00:00 goes to the next cycle"),
            ("2024-05-24T17:59:59Z", "2024-05-27", "2024-W22", "Friday before 14:00 is listed Monday"),
            ("2024-05-24T18:00:00Z", "2024-05-28", "2024-W22", "Friday afternoon is listed Tuesday"),
            ("2024-05-25T12:00:00Z", "2024-05-28", "2024-W22", "Saturday is listed Tuesday"),
            ("2024-05-26T23:00:00Z", "2024-05-28", "2024-W22", "Sunday is listed Tuesday"),
            ("2024-05-27T17:59:59Z", "2024-05-28", "2024-W22", "Monday before 14:00 is listed Tuesday"),
            ("2024-05-27T18:00:00Z", "2024-05-29", "2024-W22", "Monday afternoon is listed Wednesday"),
            (
                "2024-05-21T03:00:00Z",
                "2024-05-22",
                "2024-W21",
                "Monday 23:00 EDT is Monday night, listed Wednesday",
            ),
            // Winter: EST is UTC-5, so the deadline is 19:00Z.
            ("2024-01-10T18:59:59Z", "2024-01-11", "2024-W02", "EST deadline minute, before"),
            ("2024-01-10T19:00:00Z", "2024-01-12", "2024-W02", "EST deadline minute, at"),
            // DST starts Sunday 2024-03-10: Friday 8th is EST, Monday 11th EDT.
            ("2024-03-08T18:59:59Z", "2024-03-11", "2024-W11", "Friday before the spring change, EST"),
            ("2024-03-11T17:59:59Z", "2024-03-12", "2024-W11", "Monday after the spring change, EDT"),
            ("2024-03-11T18:30:00Z", "2024-03-13", "2024-W11", "14:30 EDT is past the deadline"),
            // DST ends Sunday 2024-11-03: Friday 1st is EDT, Monday 4th EST.
            ("2024-11-01T17:59:59Z", "2024-11-04", "2024-W45", "Friday before the autumn change, EDT"),
            ("2024-11-04T18:30:00Z", "2024-11-05", "2024-W45", "13:30 EST on Monday after the change"),
            ("2024-11-04T19:00:00Z", "2024-11-06", "2024-W45", "14:00 EST on Monday after the change"),
            // Year boundaries.
            ("2024-12-27T12:00:00Z", "2024-12-30", "2025-W01", "listed Monday 30 Dec, which is 2025-W01"),
            ("2020-12-31T12:00:00Z", "2021-01-01", "2020-W53", "listed Friday 1 Jan 2021, in 2020-W53"),
            ("2021-01-01T20:00:00Z", "2021-01-05", "2021-W01", "Friday afternoon after New Year"),
            ("2023-12-28T20:00:00Z", "2024-01-01", "2024-W01", "Thursday afternoon before New Year"),
            ("2026-12-31T12:00:00Z", "2027-01-01", "2026-W53", "2026 has a W53"),
            ("2019-12-26T12:00:00Z", "2019-12-27", "2019-W52", "W52"),
        ];
        for (submitted, listed, week, why) in cases {
            let t = utc(submitted);
            assert_eq!(schedule.listing_date(t), date(listed), "{submitted}: {why}");
            assert_eq!(schedule.listing_week(t).to_string(), week, "{submitted}: {why}");
        }
    }

    #[test]
    fn a_holiday_evening_defers_its_batch_to_the_next_announcement() {
        // Thanksgiving 2026 is Thursday 26 November: no announcement that evening.
        let schedule = Schedule::with_holidays([date("2026-11-26")]);
        let thursday_morning = utc("2026-11-26T15:00:00Z");
        assert_eq!(Schedule::default().listing_date(thursday_morning), date("2026-11-27"));
        assert_eq!(schedule.listing_date(thursday_morning), date("2026-11-30"));
        // Batches on other evenings are untouched.
        assert_eq!(schedule.listing_date(utc("2026-11-25T15:00:00Z")), date("2026-11-26"));
        // Two holidays in a row chain.
        let two = Schedule::with_holidays([date("2026-12-29"), date("2026-12-30")]);
        assert_eq!(two.listing_date(utc("2026-12-29T12:00:00Z")), date("2027-01-01"));
    }

    #[test]
    fn submission_window_is_the_inverse_of_listing_week() {
        let schedule = Schedule::default();
        let week: IsoWeek = "2024-W21".parse().expect("valid week");
        let (start, end) = schedule.submission_window(week);
        assert_eq!(start, utc("2024-05-16T18:00:00Z"));
        assert_eq!(end, utc("2024-05-23T18:00:00Z"));
        // Winter windows close at 19:00Z, and a window can straddle a DST change.
        let (start, end) = schedule.submission_window("2024-W11".parse().expect("valid week"));
        assert_eq!((start, end), (utc("2024-03-07T19:00:00Z"), utc("2024-03-14T18:00:00Z")));
        // Every instant inside maps back to the week, and the bounds are exact.
        for w in ["2024-W21", "2024-W11", "2024-W45", "2025-W01", "2020-W53"] {
            let week: IsoWeek = w.parse().expect("valid week");
            let (start, end) = schedule.submission_window(week);
            assert_eq!(schedule.listing_week(start), week, "{w} start");
            assert_eq!(schedule.listing_week(end - chrono::Duration::seconds(1)), week, "{w} end");
            assert_ne!(schedule.listing_week(start - chrono::Duration::seconds(1)), week, "{w} before");
            assert_ne!(schedule.listing_week(end), week, "{w} after");
        }
        let with_holiday = Schedule::with_holidays([date("2026-11-26")]);
        let (_, end) = with_holiday.submission_window("2026-W48".parse().expect("valid week"));
        assert_eq!(end, utc("2026-11-25T19:00:00Z"), "Thursday's batch moves to the next week");
    }

    #[test]
    fn week_expressions() {
        let today = date("2024-05-22");
        let cases = [
            ("2024-W21", "2024-W21"),
            ("2024-w21", "2024-W21"),
            ("2024-W1", "2024-W01"),
            ("2024-05-22", "2024-W21"),
            ("2024-12-30", "2025-W01"),
            ("this", "2024-W21"),
            ("LAST", "2024-W20"),
            ("2020-W53", "2020-W53"),
        ];
        for (input, expected) in cases {
            let week = IsoWeek::parse_expr(input, today).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(week.to_string(), expected, "{input}");
        }
        assert_eq!(
            IsoWeek::parse_expr("last", date("2025-01-01")).map(|w| w.to_string()),
            Ok("2024-W52".into())
        );
        let w21: IsoWeek = "2024-W21".parse().expect("valid week");
        assert_eq!((w21.monday(), w21.sunday()), (date("2024-05-20"), date("2024-05-26")));
    }

    #[test]
    fn bad_week_expressions_name_the_input() {
        let today = date("2024-05-22");
        for bad in ["2024-21", "W21", "2024-W", "2024-W123", "24-W21", "next", "2024-W2x", ""] {
            let err = IsoWeek::parse_expr(bad, today).expect_err(bad);
            assert!(matches!(err, WeekError::Syntax(ref s) if s == bad), "{bad}: {err}");
        }
        let err = IsoWeek::parse_expr("2024-W53", today).expect_err("2024 has 52 weeks");
        assert_eq!(err.to_string(), "week 2024-W53 does not exist: 2024 has 52 ISO weeks");
        assert!(IsoWeek::parse_expr("2024-W00", today).is_err());
        let err = IsoWeek::parse_expr("2024-02-30", today).expect_err("no such day");
        assert_eq!(err, WeekError::BadDate("2024-02-30".into()));
    }
}
