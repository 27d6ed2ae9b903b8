//! `papers signals` (and `fetch --signals`): Hugging Face's daily papers for a
//! period, then the papers they name that the database lacks.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::args::{HfArgs, NetworkArgs, SignalsArgs};
use super::hints;
use super::interrupt::interrupted;
use super::messages::{info, warning};
use super::network::{connect, hf_client, one_run, with_context};
use super::progress::Reporter;
use super::{Settings, resolve};
use papers::arxiv::client::ArxivClient;
use papers::export::runs::signals_summary;
use papers::hf::HfClient;
use papers::ingest::IngestError;
use papers::ingest::fetch::Period;
use papers::ingest::signals::{days_of, signals};
use papers::store::Store;
use papers::week::IsoWeek;
use papers::wording::plural;

pub fn run(settings: &Settings, args: &SignalsArgs) -> Result<()> {
    let period = resolve::period(args.week, args.since, args.until)?;
    // Every flag is checked before the database is opened (and perhaps created).
    let reader = Reader::new(settings, period, &args.hf, &args.network)?;
    let mut store = settings.open_store()?;
    let (first, last) = (reader.days[0], reader.days[reader.days.len() - 1]);
    let _running =
        one_run(settings, &args.network, &format!("reading the signals of {first} to {last}"), "")?;
    reader.read(settings, &mut store, papers::arxiv::pager::DEFAULT_PAGE_SIZE, false)
}

/// A signals run with its flags checked: the days to read and both clients.
pub struct Reader {
    days: Vec<NaiveDate>,
    hf: HfClient,
    arxiv: ArxivClient,
    reporter: Reporter,
}

impl Reader {
    pub fn new(settings: &Settings, period: Period, hf: &HfArgs, network: &NetworkArgs) -> Result<Reader> {
        let days = days_of(period, resolve::today());
        if days.is_empty() {
            bail!("no day of that period has begun yet, so there are no daily papers to read");
        }
        let reporter = Reporter::new(settings);
        let hf = hf_client(settings, network, hf, &reporter)?;
        let arxiv = connect(network, &reporter)?;
        arxiv.check_delay(&network.api_url)?;
        Ok(Reader { days, hf, arxiv, reporter })
    }

    /// Reads the signals into `store` and says what came of it. With `soft` (after
    /// a fetch, whose papers stand without them), a failure is one warning line
    /// naming the command that reads them later, not an error.
    pub fn read(self, settings: &Settings, store: &mut Store, page_size: u32, soft: bool) -> Result<()> {
        let classifier = settings.classifier()?;
        let (days, hf, arxiv) = (&self.days, &self.hf, &self.arxiv);
        let result = with_context(settings, &classifier, &self.reporter, async |context| {
            signals(store, hf, arxiv, context, days, page_size).await
        })?;
        self.reporter.finish();
        let label = format!("signals {} to {}", days[0], days[days.len() - 1]);
        match result {
            Ok(report) => {
                info(settings, format!("{label}: {}", signals_summary(&report)));
                if report.interrupted {
                    return Err(interrupted(
                        "interrupted; the days read are stored: run the same command again to read the rest",
                    ));
                }
                Ok(())
            }
            // After a fetch, a source that failed costs the signals, not the fetch;
            // the database failing is another matter.
            Err(failed) if soft && matches!(failed.error, IngestError::Fetch(_)) => {
                let cause = hints::run_error(&failed.error, None);
                let stored = match failed.report.days.len() {
                    0 => String::new(),
                    n => format!(" ({} stored)", plural(n as u64, "day")),
                };
                warning(format!(
                    "Hugging Face's signals were not read{stored}: {cause}; the papers fetched are stored, and `{}` reads the signals later",
                    retry_command(days)
                ));
                Ok(())
            }
            Err(failed) => {
                info(settings, format!("{label}: {}", signals_summary(&failed.report)));
                let cause = hints::run_error(&failed.error, None);
                match failed.report.days.len() {
                    0 => bail!("{cause}"),
                    n => bail!("{cause}; the {} before it are stored", plural(n as u64, "day")),
                }
            }
        }
    }
}

/// The command that reads the signals of `days` (in order) again.
fn retry_command(days: &[NaiveDate]) -> String {
    let (first, last) = (days[0], days[days.len() - 1]);
    let week = IsoWeek::containing(first);
    match first == week.monday() && last == week.sunday() {
        true => format!("papers signals --week {week}"),
        false => format!("papers signals --since {first} --until {last}"),
    }
}
