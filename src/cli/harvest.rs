//! `papers harvest`: incremental OAI-PMH harvests of whole sets in arXivRaw, with
//! version histories, page by page, each page stored with the set's resumption
//! state so that an interrupted harvest continues where it stopped.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::{Result, bail};
use chrono::{NaiveDate, Utc};

use super::args::HarvestArgs;
use super::network::{connect, describe_run, run_summary, stop_on_ctrl_c};
use super::progress::Reporter;
use super::{Settings, classified, parse_listing_date};
use papers::arxiv::categories;
use papers::arxiv::client::ArxivClient;
use papers::arxiv::oai::{OaiPage, OaiRecord};
use papers::classify::Classifier;
use papers::export::thousands;
use papers::store::{HarvestState, ImportCounts, PaperRow, Store};

/// Expired tokens are restarted from a date at most this many times per set, so a
/// server that rejects every token cannot keep a harvest busy for ever.
const MAX_RESTARTS: u32 = 3;

pub fn run(settings: &Settings, args: &HarvestArgs) -> Result<()> {
    let mut store = settings.open_store()?;
    let sets = sets(&store, args)?;
    let from = args.from.as_deref().map(|d| parse_listing_date(d, "--from")).transpose()?;
    let until = args.until.as_deref().map(|d| parse_listing_date(d, "--until")).transpose()?;
    if let (Some(from), Some(until)) = (from, until)
        && until < from
    {
        bail!("--until {until} is before --from {from}");
    }
    let classifier = settings.classifier()?;
    let reporter = Reporter::new(settings);
    let client = connect(&args.network, &reporter)?;
    client.check_delay(&args.network.oai_url)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let mut run = Harvest {
            store: &mut store,
            client: &client,
            classifier: &classifier,
            settings,
            reporter: &reporter,
            interrupted: stop_on_ctrl_c(&reporter),
            pages: 0,
            counts: ImportCounts::default(),
            deleted: 0,
        };
        run.all(&sets, from, until).await
    })
}

/// The sets to harvest: those named (category codes turned into their sets), or
/// those of the tracked categories.
fn sets(store: &Store, args: &HarvestArgs) -> Result<Vec<String>> {
    let named = match args.sets.is_empty() {
        false => args.sets.clone(),
        true => store.tracked()?.into_iter().filter(|t| t.kind == "cat").map(|t| t.value).collect(),
    };
    if named.is_empty() {
        bail!(
            "no set to harvest: name one with --set (e.g. --set cs:cs:CL) or track a category (papers track add cat:cs.CL)"
        );
    }
    let mut sets = Vec::new();
    for name in named {
        let set = match name.contains(':') || GROUPS.contains(&name.trim()) {
            true => check_set_spec(&name)?,
            false => categories::oai_set(&categories::validate(&name)?),
        };
        if !sets.contains(&set) {
            sets.push(set);
        }
    }
    Ok(sets)
}

/// arXiv's top-level groups, which are OAI sets of their own.
const GROUPS: &[&str] = &["cs", "econ", "eess", "math", "physics", "q-bio", "q-fin", "stat"];

/// A set spec as OAI-PMH writes them: `group`, `group:archive`, `group:archive:CLASS`.
fn check_set_spec(spec: &str) -> Result<String> {
    let parts: Vec<&str> = spec.trim().split(':').collect();
    let well_formed = parts.len() <= 3
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    match well_formed {
        true => Ok(spec.trim().to_string()),
        false => {
            bail!("'{spec}' is not an OAI set (use cs, cs:cs:CL or physics:hep-th, or a category like cs.CL)")
        }
    }
}

struct Harvest<'a> {
    store: &'a mut Store,
    client: &'a ArxivClient,
    classifier: &'a Classifier,
    settings: &'a Settings,
    reporter: &'a Reporter,
    interrupted: std::sync::Arc<AtomicBool>,
    pages: u64,
    counts: ImportCounts,
    deleted: u64,
}

/// What the next request asks for: a token, or the harvest's range from a day.
enum Request {
    From(Option<NaiveDate>),
    Token(String),
}

impl Harvest<'_> {
    async fn all(
        &mut self,
        sets: &[String],
        from: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<()> {
        let started = Instant::now();
        let label = format!("harvest {}", sets.join(", "));
        let run_id = self.store.start_run(&label)?;
        let mut result = Ok(true);
        for set in sets {
            result = self.set(set, from, until).await;
            if !matches!(result, Ok(true)) {
                break;
            }
        }
        self.reporter.finish();
        let stats = self.client.stats();
        let summary = run_summary(&result, self.pages, self.counts, &stats);
        self.store.finish_run(run_id, &summary)?;
        if self.settings.verbosity >= 0 {
            let deleted = match self.deleted {
                0 => String::new(),
                n => format!("{n} deleted, "),
            };
            eprintln!("papers: {label}: {deleted}{}", describe_run(&summary, &stats, started));
        }
        match result {
            Ok(true) => Ok(()),
            Ok(false) => bail!("interrupted; run `papers harvest` again to continue where it stopped"),
            Err(e) => Err(e.context("harvest stopped; run it again to continue where it stopped")),
        }
    }

    /// Harvests one set to the end. `Ok(false)` means interrupted. A plain run
    /// continues an unfinished harvest (with its own range); dates start a new one.
    async fn set(&mut self, set: &str, from: Option<NaiveDate>, until: Option<NaiveDate>) -> Result<bool> {
        let mut state = self.store.harvest_state(set)?;
        let pending = state.resume_token.is_some() && from.is_none() && until.is_none();
        let mut request = match (&state.resume_token, state.token_expires) {
            (Some(token), expires) if pending && expires.is_none_or(|t| t > Utc::now()) => {
                Request::Token(token.clone())
            }
            _ if pending => {
                self.reporter.warn(&format!("the resumption token of set {set} has expired; restarting"));
                Request::From(state.restart_day())
            }
            _ => {
                state = state.start(from.or(state.harvested_to), until);
                Request::From(state.run_from)
            }
        };
        let mut restarts = 0;
        loop {
            if self.interrupted.load(Ordering::SeqCst) {
                return Ok(false);
            }
            let (params, describe) = match &request {
                Request::Token(token) => (
                    vec![("verb", "ListRecords".to_string()), ("resumptionToken", token.clone())],
                    format!("set {set} (resumed)"),
                ),
                Request::From(from) => {
                    let mut params = vec![
                        ("verb", "ListRecords".to_string()),
                        ("metadataPrefix", "arXivRaw".to_string()),
                        ("set", set.to_string()),
                    ];
                    params.extend(from.map(|d| ("from", d.to_string())));
                    params.extend(state.run_until.map(|d| ("until", d.to_string())));
                    (params, format!("set {set} from {}", from.map_or("the start".into(), |d| d.to_string())))
                }
            };
            let page = match self.client.oai_page(&params, &describe).await? {
                Ok((page, skipped)) => {
                    for problem in skipped {
                        self.reporter.warn(&format!("skipped a record arXiv sent: {problem}"));
                    }
                    page
                }
                Err(e) if e.is_bad_resumption_token() && restarts < MAX_RESTARTS => {
                    restarts += 1;
                    self.reporter
                        .warn(&format!("arXiv no longer accepts the token of set {set} ({e}); restarting"));
                    request = Request::From(state.restart_day());
                    continue;
                }
                Err(e) => bail!("arXiv's OAI-PMH server refused {describe}: {e}"),
            };
            let next = page.resumption.as_ref().map(|t| t.token.clone());
            let progress =
                match page.resumption.as_ref().and_then(|t| Some((t.cursor?, t.complete_list_size?))) {
                    Some((cursor, size)) => {
                        format!(" ({} of {})", thousands(cursor + page.records.len() as u64), thousands(size))
                    }
                    None => String::new(),
                };
            self.store_page(&mut state, page)?;
            self.reporter.status(format!(
                "set {set}: page {}{progress}; {} new, {} updated, {} unchanged",
                self.pages, self.counts.new, self.counts.updated, self.counts.unchanged
            ));
            match next {
                Some(token) => request = Request::Token(token),
                None => return Ok(true),
            }
        }
    }

    /// Stores one page and the set's state after it in one transaction; after the
    /// last page the state says where the next incremental harvest starts.
    fn store_page(&mut self, state: &mut HarvestState, page: OaiPage) -> Result<()> {
        let schedule = &self.settings.schedule;
        state.started_on.get_or_insert(page.response_date.date_naive());
        let mut batch = self.store.begin_import()?;
        for record in page.records {
            state.saw(record.datestamp());
            match record {
                OaiRecord::Present { paper, versions, .. } => {
                    let history: Vec<_> = versions.iter().map(|v| (v.version, v.submitted)).collect();
                    let row = PaperRow::dated(paper, schedule)?.with_history(&history, schedule);
                    batch.upsert(&classified(self.classifier, row))?;
                }
                OaiRecord::Deleted { id, datestamp } => {
                    if batch.delete(&id, datestamp)? {
                        self.deleted += 1;
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
        self.counts.add(batch.commit()?);
        self.pages += 1;
        Ok(())
    }
}
