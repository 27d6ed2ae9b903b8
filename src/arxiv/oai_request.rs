//! Building OAI-PMH `ListRecords` requests and naming their sets; the responses
//! are read by [`oai`](super::oai).

use chrono::NaiveDate;

use super::categories::{self, UnknownCategory};

/// One `ListRecords` request in `arXivRaw`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListRecords<'a> {
    /// The first page of a harvest of `set`, over records changed in `from..=until`.
    Start { set: &'a str, from: Option<NaiveDate>, until: Option<NaiveDate> },
    /// The page a resumption token points at (its other arguments are implied).
    Resume { token: &'a str },
}

impl ListRecords<'_> {
    /// The query arguments, in the order the protocol lists them.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            ListRecords::Resume { token } => {
                vec![("verb", "ListRecords".to_string()), ("resumptionToken", token.to_string())]
            }
            ListRecords::Start { set, from, until } => {
                let mut params = vec![
                    ("verb", "ListRecords".to_string()),
                    ("metadataPrefix", "arXivRaw".to_string()),
                    ("set", set.to_string()),
                ];
                params.extend(from.map(|d| ("from", d.to_string())));
                params.extend(until.map(|d| ("until", d.to_string())));
                params
            }
        }
    }
}

/// arXiv's top-level groups, which are OAI sets of their own.
const GROUPS: &[&str] = &["cs", "econ", "eess", "math", "physics", "q-bio", "q-fin", "stat"];

/// Why a name is not a set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    #[error("'{0}' is not an OAI set (use cs, cs:cs:CL or physics:hep-th, or a category like cs.CL)")]
    Malformed(String),
    #[error(transparent)]
    Category(#[from] UnknownCategory),
}

/// The set a user means: a set spec as OAI-PMH writes them (`group`,
/// `group:archive`, `group:archive:CLASS`), or a category code turned into its set.
pub fn set_for(name: &str) -> Result<String, SetError> {
    if !name.contains(':') && !GROUPS.contains(&name.trim()) {
        return Ok(categories::oai_set(&categories::validate(name)?));
    }
    let parts: Vec<&str> = name.trim().split(':').collect();
    let well_formed = parts.len() <= 3
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    match well_formed {
        true => Ok(name.trim().to_string()),
        false => Err(SetError::Malformed(name.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_carry_the_set_and_range_or_only_the_token() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 5, d);
        let start = ListRecords::Start { set: "cs:cs:CL", from: day(1), until: None }.params();
        let names: Vec<&str> = start.iter().map(|(k, _)| *k).collect();
        assert_eq!(names, ["verb", "metadataPrefix", "set", "from"]);
        assert_eq!(start[3].1, "2024-05-01");
        let resume = ListRecords::Resume { token: "abc|1001" }.params();
        assert_eq!(resume, [("verb", "ListRecords".into()), ("resumptionToken", "abc|1001".into())]);
    }

    #[test]
    fn names_become_sets() {
        assert_eq!(set_for("cs"), Ok("cs".into()));
        assert_eq!(set_for("physics:hep-th"), Ok("physics:hep-th".into()));
        assert!(matches!(set_for("cs::CL"), Err(SetError::Malformed(_))));
        assert!(matches!(set_for("cs:a b"), Err(SetError::Malformed(_))));
        assert!(matches!(set_for("nonsense"), Err(SetError::Category(_))));
    }
}
