//! Where each OAI-PMH set's harvest got to: the day the next incremental harvest
//! starts from, and for an unfinished one its range and resumption token.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{OptionalExtension, params};

use super::papers::ImportBatch;
use super::{Store, StoreError};

/// One set's harvest state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarvestState {
    pub set_spec: String,
    /// The date of the first responseDate of the last complete harvest that covered
    /// everything since the one before: the next one's `from`, as arXiv advises.
    pub harvested_to: Option<NaiveDate>,
    /// The range the unfinished harvest asked for.
    pub run_from: Option<NaiveDate>,
    pub run_until: Option<NaiveDate>,
    /// Its next resumption token and when that expires.
    pub resume_token: Option<String>,
    pub token_expires: Option<DateTime<Utc>>,
    /// The latest datestamp it stored, and whether records came in datestamp order
    /// so far (only then is that day a safe place to restart from).
    pub restart_from: Option<NaiveDate>,
    pub in_order: bool,
    /// The date of its first responseDate.
    pub started_on: Option<NaiveDate>,
}

impl HarvestState {
    /// A set never harvested.
    pub fn new(set_spec: &str) -> HarvestState {
        HarvestState {
            set_spec: set_spec.to_string(),
            harvested_to: None,
            run_from: None,
            run_until: None,
            resume_token: None,
            token_expires: None,
            restart_from: None,
            in_order: true,
            started_on: None,
        }
    }

    /// A new harvest of `from..=until` (open ends when `None`), forgetting any
    /// unfinished one but not where the last complete one got to.
    pub fn start(&self, from: Option<NaiveDate>, until: Option<NaiveDate>) -> HarvestState {
        HarvestState {
            harvested_to: self.harvested_to,
            run_from: from,
            run_until: until,
            ..HarvestState::new(&self.set_spec)
        }
    }

    /// Where an unfinished harvest whose token is gone starts again: the latest
    /// datestamp it stored if records came in datestamp order, else its own start.
    pub fn restart_day(&self) -> Option<NaiveDate> {
        match self.in_order {
            true => self.restart_from.or(self.run_from),
            false => self.run_from,
        }
    }

    /// Notes a stored record's datestamp.
    pub fn saw(&mut self, datestamp: NaiveDate) {
        if self.restart_from.is_some_and(|latest| datestamp < latest) {
            self.in_order = false;
        }
        self.restart_from = self.restart_from.max(Some(datestamp));
    }

    /// The harvest is complete. It becomes the next one's starting point only if
    /// it reached today and left no gap after the previous starting point.
    pub fn finish(&self) -> HarvestState {
        let no_gap = match (self.run_from, self.harvested_to) {
            (Some(from), Some(to)) => from <= to,
            _ => true,
        };
        let harvested_to = match self.run_until.is_none() && no_gap {
            true => self.started_on,
            false => self.harvested_to,
        };
        HarvestState { harvested_to, ..HarvestState::new(&self.set_spec) }
    }
}

impl Store {
    /// The state of `set_spec`, or a fresh one.
    pub fn harvest_state(&self, set_spec: &str) -> Result<HarvestState, StoreError> {
        type Row = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            bool,
            Option<String>,
        );
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT harvested_to, run_from, run_until, resume_token, token_expires, restart_from, in_order,
                        started_on
                 FROM harvest_state WHERE set_spec = ?1",
                [set_spec],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
            )
            .optional()?;
        let Some((
            harvested_to,
            run_from,
            run_until,
            resume_token,
            token_expires,
            restart_from,
            in_order,
            started_on,
        )) = row
        else {
            return Ok(HarvestState::new(set_spec));
        };
        let corrupt =
            |what: &str| StoreError::Corrupt(format!("harvest state of set {set_spec} has a bad {what}"));
        let day = |text: Option<String>| {
            text.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| corrupt("date"))).transpose()
        };
        Ok(HarvestState {
            set_spec: set_spec.to_string(),
            harvested_to: day(harvested_to)?,
            run_from: day(run_from)?,
            run_until: day(run_until)?,
            resume_token,
            token_expires: token_expires
                .map(|t| {
                    DateTime::parse_from_rfc3339(&t)
                        .map(|t| t.with_timezone(&Utc))
                        .map_err(|_| corrupt("expiry"))
                })
                .transpose()?,
            restart_from: day(restart_from)?,
            in_order,
            started_on: day(started_on)?,
        })
    }
}

impl ImportBatch<'_> {
    /// Saves a set's state with the page it follows, so the two never disagree.
    pub fn save_harvest(&mut self, state: &HarvestState) -> Result<(), StoreError> {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        self.tx.execute(
            "INSERT OR REPLACE INTO harvest_state (set_spec, harvested_to, run_from, run_until, resume_token,
                 token_expires, restart_from, in_order, started_on, updated)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                state.set_spec,
                day(state.harvested_to),
                day(state.run_from),
                day(state.run_until),
                state.resume_token,
                state.token_expires.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
                day(state.restart_from),
                state.in_order,
                day(state.started_on),
                Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
            ],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 11, d)
    }

    #[test]
    fn a_state_round_trips_and_an_unknown_set_is_fresh() {
        let mut store = Store::open_in_memory().expect("store");
        assert_eq!(store.harvest_state("cs").expect("read"), HarvestState::new("cs"));
        let state = HarvestState {
            set_spec: "cs".into(),
            harvested_to: day(20),
            run_from: day(20),
            run_until: None,
            resume_token: Some("verb%3DListRecords%26skip%3D2500".into()),
            token_expires: DateTime::parse_from_rfc3339("2026-11-29T00:00:00Z")
                .ok()
                .map(|t| t.with_timezone(&Utc)),
            restart_from: day(24),
            in_order: false,
            started_on: day(28),
        };
        let mut batch = store.begin_import().expect("begin");
        batch.save_harvest(&state).expect("save");
        batch.commit().expect("commit");
        assert_eq!(store.harvest_state("cs").expect("read"), state);
        assert_eq!(store.harvest_state("math").expect("read"), HarvestState::new("math"));
    }

    #[test]
    fn restarts_trust_the_latest_datestamp_only_while_records_come_in_order() {
        let mut state = HarvestState::new("cs").start(day(1), None);
        state.saw(day(3).expect("day"));
        state.saw(day(5).expect("day"));
        assert_eq!(state.restart_day(), day(5));
        state.saw(day(4).expect("day"));
        assert_eq!(state.restart_day(), day(1), "out of order: from the harvest's own start");
    }

    #[test]
    fn only_a_gapless_harvest_to_today_moves_the_starting_point() {
        let done = |from, until| {
            let mut state =
                HarvestState { harvested_to: day(10), ..HarvestState::new("cs") }.start(from, until);
            state.started_on = day(28);
            state.finish().harvested_to
        };
        assert_eq!(done(day(10), None), day(28), "the usual incremental run");
        assert_eq!(done(None, None), day(28), "everything");
        assert_eq!(done(day(5), None), day(28), "an overlap is fine");
        assert_eq!(done(day(15), None), day(10), "a gap after the 10th keeps the 10th");
        assert_eq!(done(day(1), day(20)), day(10), "a bounded range never counts");
    }
}
