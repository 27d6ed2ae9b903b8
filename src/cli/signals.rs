//! `papers signals` (and `fetch --signals`): Hugging Face's daily papers for a
//! period, then the papers they name that the database lacks.

use anyhow::Result;

use super::args::{HfArgs, NetworkArgs, SignalsArgs};
use super::hints;
use super::messages::warning;
use super::network::{Resume, connect, ended, hf_client, one_run, with_context};
use super::progress::Reporter;
use super::{Settings, resolve};
use papers::arxiv::client::ArxivClient;
use papers::export::runs::{signals_line, signals_not_read};
use papers::hf::HfClient;
use papers::ingest::fetch::Period;
use papers::ingest::run_lock::RunWork;
use papers::ingest::signals::{SignalDays, signals};
use papers::store::Store;

pub fn run(settings: &Settings, args: &SignalsArgs) -> Result<()> {
    let period = resolve::period(args.week, args.since, args.until)?;
    // Every flag is checked before the database is opened (and perhaps created).
    let reader = Reader::new(settings, period, &args.hf, &args.network)?;
    let mut store = settings.open_store()?;
    let _running = one_run(settings, &args.network, RunWork::Signals(&reader.days))?;
    reader.read(settings, &mut store, papers::arxiv::pager::DEFAULT_PAGE_SIZE, false)
}

/// A signals run with its flags checked: the days to read and both clients.
pub struct Reader {
    days: SignalDays,
    hf: HfClient,
    arxiv: ArxivClient,
    reporter: Reporter,
}

impl Reader {
    pub fn new(settings: &Settings, period: Period, hf: &HfArgs, network: &NetworkArgs) -> Result<Reader> {
        let days = SignalDays::of(period, resolve::today())?;
        let reporter = Reporter::new(settings);
        let hf = hf_client(settings, network, hf, &reporter)?;
        let arxiv = connect(network, &reporter, &[&network.api_url])?;
        Ok(Reader { days, hf, arxiv, reporter })
    }

    /// Reads the signals into `store` and says what came of it. With `soft` (after
    /// a fetch, whose papers stand without them), a failure that spares the fetch
    /// is one warning line naming the command that reads them later, not an error.
    pub fn read(self, settings: &Settings, store: &mut Store, page_size: u32, soft: bool) -> Result<()> {
        let classifier = settings.classifier()?;
        let (days, hf, arxiv) = (&self.days, &self.hf, &self.arxiv);
        let result = with_context(settings, &classifier, &self.reporter, true, async |context| {
            signals(store, hf, arxiv, context, days.days(), page_size).await
        })?;
        match result {
            Err(failed) if soft && failed.spares_a_fetch() => {
                let (not_read, cause) =
                    (signals_not_read(&failed.report), hints::run_error(&failed.error, None));
                let again = match days.period() {
                    Period::Week(week) => format!("papers signals --week {week}"),
                    Period::Days { first, last } => format!("papers signals --since {first} --until {last}"),
                };
                warning(format!(
                    "{not_read}: {cause}; the papers fetched are stored, and `{again}` reads the signals later"
                ));
                Ok(())
            }
            result => ended(settings, result, &SIGNALS, |report| signals_line(days, report)),
        }
    }
}

/// What to do after a signals read stopped: every day is read again.
const SIGNALS: Resume = Resume {
    interrupted: "interrupted; the days read are stored: run the same command again to read the rest",
    unit: "day",
    failed: "the days read are stored: run the same command again to read the rest",
    url_flag: None,
    offline: false,
};
