//! The command line's words for the library's errors: the library says what went
//! wrong in its own terms, and this says it with the flag or command that fixes it.

use std::error::Error;

use papers::classify::files::OwnFileError;
use papers::http::client::FetchError;
use papers::ingest::{IngestError, UntrackError, Work};
use papers::query::QueryError;
use papers::query::edits::EditError;
use papers::store::StoreError;

/// `err` with the flags that fix it, when the command line has words for it.
pub fn with_hints(err: anyhow::Error) -> anyhow::Error {
    // Only an error at the top of the chain is reworded: one under a context keeps
    // the context's words.
    match err.chain().next().and_then(flagged) {
        Some(words) => anyhow::anyhow!(words),
        None => err,
    }
}

/// The words of a library error that names a flag or command, else `None`.
pub fn flagged(err: &(dyn Error + 'static)) -> Option<String> {
    if let Some(err) = err.downcast_ref::<QueryError>() {
        return query(err);
    }
    if let Some(err) = err.downcast_ref::<StoreError>() {
        return store(err);
    }
    if let Some(err) = err.downcast_ref::<EditError>() {
        return edit(err);
    }
    if let Some(OwnFileError::DamagedModel { .. }) = err.downcast_ref::<OwnFileError>() {
        return Some(format!(
            "{err}; run `papers train` to make it again, or delete it to use the built-in model"
        ));
    }
    if let Some(UntrackError::NotTracked(_)) = err.downcast_ref::<UntrackError>() {
        return Some(format!("{err} (see `papers track list`)"));
    }
    if let Some(err) = err.downcast_ref::<IngestError>() {
        return match err {
            IngestError::NothingTracked(work) => Some(nothing_tracked(*work)),
            IngestError::NotThatDay { .. } => {
                Some(format!("{err}; use `papers fetch --week` for earlier ones"))
            }
            IngestError::Fetch(err) => fetch(err, None),
            _ => None,
        };
    }
    err.downcast_ref::<FetchError>().and_then(|err| fetch(err, None))
}

/// A run's error on one line, with the flag that names the address it asked
/// (`url_flag`) when a redirect says to use another.
pub fn run_error(err: &IngestError, url_flag: Option<&str>) -> String {
    let flagged = match err {
        IngestError::Fetch(err) => fetch(err, url_flag),
        _ => flagged(err),
    };
    flagged.unwrap_or_else(|| papers::error_chain(err))
}

fn query(err: &QueryError) -> Option<String> {
    Some(match err {
        QueryError::NotFound(id) => format!("{err} (fetch it with `papers fetch --id {id}`)"),
        QueryError::NoTopicInSection(section) => {
            format!("none of the --topic topics is in section '{section}'")
        }
        QueryError::CategoryPattern(code) => format!("--category takes one category code, not '{code}'"),
        QueryError::NewOnlyWithoutDates => {
            "--new-only needs --week, --since or --until: it leaves out the papers replaced in those days"
                .into()
        }
        QueryError::UntilBeforeSince { since, until } => format!("--until {until} is before --since {since}"),
        QueryError::Taste(_) => format!("{err}; run `papers pick --relearn` to learn it again"),
        QueryError::Store(err) => return store(err),
        _ => return None,
    })
}

fn edit(err: &EditError) -> Option<String> {
    Some(match err {
        EditError::NotStored(id) => format!(
            "{err}; fetch it first (`papers fetch --id {id}`), or give --week to name the digest's week"
        ),
        EditError::NoneStored { unknown, .. } => match unknown.first() {
            Some(first) => format!("{err}; fetch them first (`papers fetch --id {first}`) or give --week"),
            None => return None,
        },
        EditError::NoneChosen { .. } => format!("{err}; see `papers pick --list`"),
        EditError::Query(err) => return query(err),
        EditError::Store(err) => return store(err),
        _ => return None,
    })
}

fn store(err: &StoreError) -> Option<String> {
    Some(match err {
        StoreError::Foreign(_) | StoreError::NotADatabase(_) => format!("{err}; point --db at another file"),
        StoreError::Folder(path) => format!(
            "{} is a folder; point --db at a database file in it, such as {}",
            path.display(),
            path.join("papers.db").display()
        ),
        _ => return None,
    })
}

fn nothing_tracked(work: Work) -> String {
    match work {
        Work::Fetch => "nothing to fetch: track something first (papers track add cat:cs.CL) or pass --category, --query, --author or --id",
        Work::Harvest => "no set to harvest: name one with --set (e.g. --set cs:cs:CL) or track a category (papers track add cat:cs.CL)",
        Work::Announcements => "no category to read announcements for: track one (papers track add cat:cs.CL) or pass --category",
    }
    .to_string()
}

/// A request error with the flag that names the server's address (`url_flag`,
/// when the command knows which server it was).
fn fetch(err: &FetchError, url_flag: Option<&str>) -> Option<String> {
    Some(match (err, url_flag) {
        (FetchError::Redirected { .. }, Some(flag)) => format!("{err}; use that address with {flag}"),
        (FetchError::DelayTooShort { seconds, host }, _) => {
            format!("--delay {seconds}s is below arXiv's limit of one request every 3 s for {host}")
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_errors_get_the_flags_that_fix_them() {
        let words = |err: anyhow::Error| with_hints(err).to_string();
        let since = chrono::NaiveDate::from_ymd_opt(2024, 5, 20).expect("a day");
        let until = chrono::NaiveDate::from_ymd_opt(2024, 5, 19).expect("a day");
        assert_eq!(
            words(QueryError::UntilBeforeSince { since, until }.into()),
            "--until 2024-05-19 is before --since 2024-05-20"
        );
        assert_eq!(
            words(IngestError::NothingTracked(Work::Announcements).into()),
            "no category to read announcements for: track one (papers track add cat:cs.CL) or pass --category"
        );
        let path = std::path::PathBuf::from("/tmp/x");
        assert_eq!(
            words(QueryError::Store(StoreError::Foreign(path.clone())).into()),
            "/tmp/x is not a papers database (it holds other tables); point --db at another file"
        );
        let redirected =
            FetchError::Redirected { query: "week 2024-W21".into(), location: "https://b".into() };
        let fetched = IngestError::Fetch(redirected);
        assert_eq!(
            run_error(&fetched, Some("--oai-url")),
            "the server redirects week 2024-W21 to https://b; use that address with --oai-url"
        );
        assert_eq!(run_error(&fetched, None), "the server redirects week 2024-W21 to https://b");
        // Under a context, the context's words stay.
        let wrapped = anyhow::Error::new(StoreError::Folder(path)).context("cannot open");
        assert_eq!(
            format!("{:#}", with_hints(wrapped)),
            "cannot open: /tmp/x is a folder, not a database file"
        );
        // Errors without flags pass through.
        assert_eq!(words(QueryError::Store(StoreError::Busy).into()), StoreError::Busy.to_string());
        assert_eq!(
            words(QueryError::Taste("the stored taste is damaged (trailing bytes)".into()).into()),
            "the stored taste is damaged (trailing bytes); run `papers pick --relearn` to learn it again"
        );
        let unknown = vec![papers::id::ArxivId::parse("2405.99999").expect("an id")];
        assert_eq!(
            words(EditError::NoneStored { file: "picks.md".into(), unknown }.into()),
            "none of the papers picks.md names (1) is in the database; \
             fetch them first (`papers fetch --id 2405.99999`) or give --week"
        );
        let none = EditError::NoneChosen { choice: papers::model::edit::Choice::Picked, week: None };
        assert_eq!(words(none.into()), "none of these papers is picked; see `papers pick --list`");
    }
}
