//! What a user tracks: categories, authors, raw queries and single papers, as typed
//! specs that parse from (and print as) `cat:cs.CL`, `au:"Tri Dao"`, `q:'…'`, `2405.12981`.

use std::fmt;
use std::str::FromStr;

use crate::arxiv::{categories, query};
use crate::id::ArxivId;
use crate::model::distinct;
use crate::store::{Store, StoreError, Tracked};

/// One thing `papers fetch` brings in by default.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TrackedSpec {
    /// A category code (`cs.CL`) or an archive wildcard (`cs.*`).
    Category(String),
    Author(String),
    /// A raw export-API query.
    Query(String),
    Paper(ArxivId),
}

/// Why a spec could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TrackedSpecError(String);

impl TrackedSpec {
    /// The kind and value the store keeps.
    pub fn to_stored(&self) -> (&'static str, String) {
        match self {
            TrackedSpec::Category(code) => ("cat", code.clone()),
            TrackedSpec::Author(name) => ("au", name.clone()),
            TrackedSpec::Query(query) => ("q", query.clone()),
            TrackedSpec::Paper(id) => ("id", id.to_string()),
        }
    }

    /// A spec the store kept (written by [`TrackedSpec::to_stored`]).
    pub fn from_stored(item: &Tracked) -> Result<TrackedSpec, TrackedSpecError> {
        match item.kind.as_str() {
            "cat" => Ok(TrackedSpec::Category(item.value.clone())),
            "au" => Ok(TrackedSpec::Author(item.value.clone())),
            "q" => Ok(TrackedSpec::Query(item.value.clone())),
            _ => ArxivId::parse(&item.value)
                .map(TrackedSpec::Paper)
                .map_err(|e| TrackedSpecError(format!("tracked id '{}': {e}", item.value))),
        }
    }
}

impl FromStr for TrackedSpec {
    type Err = TrackedSpecError;

    fn from_str(spec: &str) -> Result<TrackedSpec, TrackedSpecError> {
        let unquote = |s: &str| s.trim().trim_matches(|c| c == '"' || c == '\'').trim().to_string();
        if let Some(code) = spec.strip_prefix("cat:") {
            return categories::validate(code)
                .map(TrackedSpec::Category)
                .map_err(|e| TrackedSpecError(e.to_string()));
        }
        for prefix in ["au:", "q:"] {
            if let Some(value) = spec.strip_prefix(prefix) {
                let value = unquote(value);
                if value.is_empty() {
                    return Err(TrackedSpecError(format!("'{spec}' is empty after '{prefix}'")));
                }
                if prefix == "au:" {
                    return Ok(TrackedSpec::Author(value));
                }
                query::validate_raw(&value).map_err(|e| TrackedSpecError(format!("{spec}: {e}")))?;
                return Ok(TrackedSpec::Query(value));
            }
        }
        let id = spec.strip_prefix("id:").unwrap_or(spec);
        ArxivId::parse(id).map(TrackedSpec::Paper).map_err(|_| {
            TrackedSpecError(format!(
                "'{spec}' is not something to track: use cat:CODE, au:\"NAME\", q:'QUERY' or an arXiv id"
            ))
        })
    }
}

/// Why the tracked set was left as it was.
#[derive(Debug, thiserror::Error)]
pub enum UntrackError {
    #[error("{0} is not tracked")]
    NotTracked(TrackedSpec),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Adds `specs` to the tracked set in one transaction; for each spec (once however
/// often it was named), whether it was not tracked yet.
pub fn track<'a>(
    store: &mut Store,
    specs: &'a [TrackedSpec],
) -> Result<Vec<(&'a TrackedSpec, bool)>, StoreError> {
    store.atomically(|store| {
        let track = |spec: &'a TrackedSpec| {
            let (kind, value) = spec.to_stored();
            Ok((spec, store.track(kind, &value)?))
        };
        distinct(specs).into_iter().map(track).collect()
    })
}

/// Removes `specs` from the tracked set, all or none: a spec that is not tracked
/// leaves the set as it was. Returns the specs removed, each once however often
/// it was named.
pub fn untrack<'a>(
    store: &mut Store,
    specs: &'a [TrackedSpec],
) -> Result<Vec<&'a TrackedSpec>, UntrackError> {
    let specs = distinct(specs);
    store.atomically(|store| {
        for spec in &specs {
            let (kind, value) = spec.to_stored();
            if !store.untrack(kind, &value)? {
                return Err(UntrackError::NotTracked((*spec).clone()));
            }
        }
        Ok(())
    })?;
    Ok(specs)
}

impl fmt::Display for TrackedSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, value) = self.to_stored();
        write!(f, "{kind}:{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_into_their_kinds_and_print_as_stored() {
        let spec = |text: &str| text.parse::<TrackedSpec>();
        assert_eq!(spec("cat:cs.CL"), Ok(TrackedSpec::Category("cs.CL".into())));
        assert_eq!(spec("au:\"Tri Dao\""), Ok(TrackedSpec::Author("Tri Dao".into())));
        assert_eq!(spec("q:'ti:attention'"), Ok(TrackedSpec::Query("ti:attention".into())));
        let paper = spec("arXiv:2405.12981v2").expect("an id");
        assert_eq!(paper.to_string(), "id:2405.12981");
        assert_eq!(spec("id:2405.12981"), Ok(paper), "what `track list` prints reads back");
        assert!(spec("au:  ").expect_err("empty").to_string().contains("empty after 'au:'"));
        assert!(spec("cat:nope").is_err());
        assert!(spec("hello").expect_err("junk").to_string().contains("not something to track"));
        let stored = Tracked { kind: "au".into(), value: "Tri Dao".into() };
        assert_eq!(TrackedSpec::from_stored(&stored), Ok(TrackedSpec::Author("Tri Dao".into())));
    }

    #[test]
    fn untracking_is_all_or_nothing() {
        let mut store = Store::open_in_memory().expect("store");
        let spec = |text: &str| text.parse::<TrackedSpec>().expect("a spec");
        let (cl, lg, ai) = (spec("cat:cs.CL"), spec("cat:cs.LG"), spec("cat:cs.AI"));
        assert_eq!(track(&mut store, &[cl.clone(), lg.clone()]).expect("track"), [(&cl, true), (&lg, true)]);
        let again = [lg.clone(), ai.clone(), spec("cat:cs.ai")];
        assert_eq!(track(&mut store, &again).expect("track"), [(&lg, false), (&ai, true)], "cs.ai is cs.AI");
        let tracked = |store: &Store| store.tracked().expect("tracked").len();
        let err = untrack(&mut store, &[cl.clone(), spec("cat:cs.CV")]).expect_err("one is not tracked");
        assert_eq!(err.to_string(), "cat:cs.CV is not tracked");
        assert_eq!(tracked(&store), 3, "{err}: the set is as it was");
        untrack(&mut store, &[ai, cl.clone(), spec("cat:cs.cl")]).expect("each tracked, one named twice");
        assert_eq!(
            store.tracked().expect("tracked"),
            [Tracked { kind: "cat".into(), value: "cs.LG".into() }]
        );
    }
}
