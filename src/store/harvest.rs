//! Where each OAI-PMH set's harvest got to: the day the next incremental harvest
//! starts from, and for an interrupted one its resumption token.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{OptionalExtension, params};

use super::papers::ImportBatch;
use super::{Store, StoreError};

/// One set's harvest state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HarvestState {
    pub set_spec: String,
    /// The date of the first responseDate of the last complete harvest: the next
    /// one's `from`, as arXiv advises.
    pub harvested_to: Option<NaiveDate>,
    /// An unfinished harvest: its next resumption token and when that expires.
    pub resume_token: Option<String>,
    pub token_expires: Option<DateTime<Utc>>,
    /// The latest datestamp stored by the unfinished harvest: where to restart from
    /// when its token has expired.
    pub restart_from: Option<NaiveDate>,
    /// The date of the unfinished harvest's first responseDate.
    pub started_on: Option<NaiveDate>,
}

impl HarvestState {
    /// A set never harvested.
    pub fn new(set_spec: &str) -> HarvestState {
        HarvestState { set_spec: set_spec.to_string(), ..HarvestState::default() }
    }
}

impl Store {
    /// The state of `set_spec`, or a fresh one.
    pub fn harvest_state(&self, set_spec: &str) -> Result<HarvestState, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT harvested_to, resume_token, token_expires, restart_from, started_on
                 FROM harvest_state WHERE set_spec = ?1",
                [set_spec],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                    ))
                },
            )
            .optional()?;
        let Some((harvested_to, resume_token, token_expires, restart_from, started_on)) = row else {
            return Ok(HarvestState::new(set_spec));
        };
        let corrupt =
            |what: &str| StoreError::Corrupt(format!("harvest state of set {set_spec} has a bad {what}"));
        let day = |text: Option<String>, what: &str| {
            text.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| corrupt(what))).transpose()
        };
        Ok(HarvestState {
            set_spec: set_spec.to_string(),
            harvested_to: day(harvested_to, "date")?,
            resume_token,
            token_expires: token_expires
                .map(|t| {
                    DateTime::parse_from_rfc3339(&t)
                        .map(|t| t.with_timezone(&Utc))
                        .map_err(|_| corrupt("expiry"))
                })
                .transpose()?,
            restart_from: day(restart_from, "restart date")?,
            started_on: day(started_on, "start date")?,
        })
    }
}

impl ImportBatch<'_> {
    /// Saves a set's state with the page it follows, so the two never disagree.
    pub fn save_harvest(&mut self, state: &HarvestState) -> Result<(), StoreError> {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        self.tx.execute(
            "INSERT OR REPLACE INTO harvest_state
                 (set_spec, harvested_to, resume_token, token_expires, restart_from, started_on, updated)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                state.set_spec,
                day(state.harvested_to),
                state.resume_token,
                state.token_expires.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
                day(state.restart_from),
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

    #[test]
    fn a_state_round_trips_and_an_unknown_set_is_fresh() {
        let mut store = Store::open_in_memory().expect("store");
        assert_eq!(store.harvest_state("cs").expect("read"), HarvestState::new("cs"));
        let state = HarvestState {
            set_spec: "cs".into(),
            harvested_to: NaiveDate::from_ymd_opt(2026, 11, 20),
            resume_token: Some("verb%3DListRecords%26skip%3D2500".into()),
            token_expires: DateTime::parse_from_rfc3339("2026-11-29T00:00:00Z")
                .ok()
                .map(|t| t.with_timezone(&Utc)),
            restart_from: NaiveDate::from_ymd_opt(2026, 11, 24),
            started_on: NaiveDate::from_ymd_opt(2026, 11, 28),
        };
        let mut batch = store.begin_import().expect("begin");
        batch.save_harvest(&state).expect("save");
        batch.commit().expect("commit");
        assert_eq!(store.harvest_state("cs").expect("read"), state);
        assert_eq!(store.harvest_state("math").expect("read"), HarvestState::new("math"));
    }
}
