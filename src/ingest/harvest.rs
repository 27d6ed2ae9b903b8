//! Harvesting OAI-PMH sets in `arXivRaw` (full version histories), page by page,
//! each page stored with the set's resumption state in one transaction, so an
//! interrupted harvest continues where it stopped and the next one starts where
//! the last ended. Expired or rejected tokens restart the set from a day.

use chrono::{NaiveDate, Utc};

use super::report::{RunLog, Tally};
use super::{
    Context, Event, IngestError, RunFailure, RunReport, TrackedSpec, Unreadable, Warning, Work, classified,
};
use crate::arxiv::client::ArxivClient;
use crate::arxiv::oai::{OaiPage, OaiRecord};
use crate::arxiv::oai_request::{ListRecords, set_for};
use crate::store::{HarvestState, PaperRow, Store};

/// Expired tokens are restarted from a date at most this many times per set, so a
/// server that rejects every token cannot keep a harvest busy for ever.
const MAX_RESTARTS: u32 = 3;

/// The sets to harvest: those named (category codes turned into their sets), or
/// those of the tracked categories; each once.
pub fn sets(store: &Store, named: &[String]) -> Result<Vec<String>, IngestError> {
    let named = match named.is_empty() {
        false => named.to_vec(),
        true => {
            let mut codes = Vec::new();
            for item in store.tracked()? {
                if let TrackedSpec::Category(code) = TrackedSpec::from_stored(&item)? {
                    codes.push(code);
                }
            }
            codes
        }
    };
    if named.is_empty() {
        return Err(IngestError::NothingTracked(Work::Harvest));
    }
    let mut sets = Vec::new();
    for name in named {
        let set = set_for(&name).map_err(|e| IngestError::Request(e.to_string()))?;
        if !sets.contains(&set) {
            sets.push(set);
        }
    }
    Ok(sets)
}

/// Harvests `sets` one after the other. A plain run continues an unfinished
/// harvest (with its own range); `from` or `until` start a new one.
pub async fn harvest(
    store: &mut Store,
    client: &ArxivClient,
    context: &Context<'_>,
    sets: &[String],
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Result<RunReport, Box<RunFailure>> {
    let label = format!("harvest {}", sets.join(", "));
    let log = RunLog::start(store, &label, &label).map_err(|e| RunFailure::before_start(&label, e))?;
    let mut run = Harvest { store, client, context, tally: Tally::default() };
    let mut outcome = Ok(true);
    for set in sets {
        outcome = run.set(set, from, until).await;
        if !matches!(outcome, Ok(true)) {
            break;
        }
    }
    let tally = run.tally;
    log.finish(store, outcome, tally, client.stats())
}

struct Harvest<'a, 'c> {
    store: &'a mut Store,
    client: &'a ArxivClient,
    context: &'a Context<'c>,
    tally: Tally,
}

/// What the next request asks for: a token, or the harvest's range from a day.
enum Next {
    From(Option<NaiveDate>),
    Token(String),
}

impl Harvest<'_, '_> {
    /// Harvests one set to the end. `Ok(false)` means interrupted.
    async fn set(
        &mut self,
        set: &str,
        from: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<bool, IngestError> {
        let mut state = self.store.harvest_state(set)?;
        let pending = state.resume_token.is_some() && from.is_none() && until.is_none();
        let mut next = match (&state.resume_token, state.token_expires) {
            (Some(token), expires) if pending && expires.is_none_or(|t| t > Utc::now()) => {
                Next::Token(token.clone())
            }
            _ if pending => {
                self.context.warn(Warning::TokenExpired { set: set.to_string() });
                Next::From(state.restart_day())
            }
            _ => {
                state = state.start(from.or(state.harvested_to), until);
                Next::From(state.run_from)
            }
        };
        let mut restarts = 0;
        loop {
            if self.context.stop.is_raised() {
                return Ok(false);
            }
            let (request, describe) = match &next {
                Next::Token(token) => (ListRecords::Resume { token }, format!("set {set} (resumed)")),
                Next::From(from) => (
                    ListRecords::Start { set, from: *from, until: state.run_until },
                    format!("set {set} from {}", from.map_or("the start".into(), |d| d.to_string())),
                ),
            };
            let page = match self.client.oai_page(&request.params(), &describe).await? {
                Ok((page, skipped)) => {
                    self.context.skipped(Unreadable::OaiRecord, skipped);
                    page
                }
                Err(e) if e.is_bad_resumption_token() && restarts < MAX_RESTARTS => {
                    restarts += 1;
                    self.context.warn(Warning::TokenRefused { set: set.to_string(), problem: e.to_string() });
                    next = Next::From(state.restart_day());
                    continue;
                }
                Err(e) => {
                    return Err(IngestError::Request(format!(
                        "arXiv's OAI-PMH server refused {describe}: {e}"
                    )));
                }
            };
            let following = page.resumption.as_ref().map(|t| t.token.clone());
            let position = page.resumption.as_ref().and_then(|t| {
                Some((t.cursor?.saturating_add(page.records.len() as u64), t.complete_list_size?))
            });
            self.store_page(&mut state, page)?;
            let counts = self.tally.counts;
            self.context.observer.event(Event::HarvestPage {
                set: set.to_string(),
                page: self.tally.pages,
                position,
                counts,
            });
            match following {
                Some(token) => next = Next::Token(token),
                None => return Ok(true),
            }
        }
    }

    /// Stores one page and the set's state after it in one transaction; after the
    /// last page the state says where the next incremental harvest starts.
    fn store_page(&mut self, state: &mut HarvestState, page: OaiPage) -> Result<(), IngestError> {
        let schedule = self.context.schedule;
        state.started_on.get_or_insert(page.response_date.date_naive());
        let mut batch = self.store.begin_import()?;
        for record in page.records {
            state.saw(record.datestamp());
            match record {
                OaiRecord::Present { paper, versions, .. } => {
                    let history: Vec<_> = versions.iter().map(|v| (v.version, v.submitted)).collect();
                    let row = PaperRow::dated(paper, schedule)?.with_history(&history, schedule);
                    batch.upsert(&classified(self.context.classifier, row))?;
                }
                OaiRecord::Deleted { id, datestamp } => {
                    if batch.delete(&id, datestamp)? {
                        self.tally.deleted += 1;
                    }
                }
            }
        }
        match &page.resumption {
            Some(token) => {
                state.resume_token = Some(token.token.clone());
                state.token_expires = token.expires;
            }
            None => *state = state.finish(),
        }
        batch.save_harvest(state)?;
        self.tally.counts.add(batch.commit()?);
        self.tally.pages += 1;
        Ok(())
    }
}
