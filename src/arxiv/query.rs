//! Building export-API queries: what to select, over which submission window.
//!
//! Pure string building. Dates in `submittedDate:[A TO B]` are GMT, minute
//! precision, inclusive at both ends; a [`Window`] is half-open `[start, end)`, so
//! its clause asks for one minute more at the end and callers keep only the papers
//! whose `published` time falls inside (see [`Window::contains`]).

use chrono::{DateTime, Duration, DurationRound, Utc};

/// A half-open range of v1 submission times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Window {
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Window {
        Window { start, end }
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }

    /// `submittedDate:[start TO end]` at minute precision; the inclusive upper
    /// minute overlaps the next window by design.
    pub fn clause(&self) -> String {
        format!("submittedDate:[{} TO {}]", self.start.format("%Y%m%d%H%M"), self.end.format("%Y%m%d%H%M"))
    }

    /// Splits at every multiple of `step` (a day or an hour, aligned to UTC).
    pub fn split(&self, step: Duration) -> Vec<Window> {
        let mut windows = Vec::new();
        let mut start = self.start;
        while start < self.end {
            let aligned = start.duration_trunc(step).unwrap_or(start) + step;
            let end = aligned.min(self.end);
            windows.push(Window { start, end });
            start = end;
        }
        windows
    }
}

/// What a search selects, before any window is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Any of these categories (codes or `archive.*` wildcards), primary or cross-listed.
    Categories(Vec<String>),
    /// An author, as arXiv's `au:` field matches it.
    Author(String),
    /// A raw arXiv query, e.g. `ti:attention AND abs:"kv cache"`.
    Raw(String),
}

impl Selector {
    /// The `search_query` text, limited to `window` when given.
    pub fn search_query(&self, window: Option<&Window>) -> String {
        let selector = match self {
            Selector::Categories(codes) => {
                let mut terms: Vec<String> = Vec::new();
                for code in codes {
                    let alias = super::categories::alias_of(code);
                    for name in std::iter::once(code.as_str()).chain(alias) {
                        let term = format!("cat:{name}");
                        if !terms.contains(&term) {
                            terms.push(term);
                        }
                    }
                }
                match terms.len() {
                    1 => terms.remove(0),
                    _ => format!("({})", terms.join(" OR ")),
                }
            }
            Selector::Author(name) if name.contains(' ') && !name.starts_with('"') => {
                format!("au:\"{name}\"")
            }
            Selector::Author(name) => format!("au:{name}"),
            Selector::Raw(query) => format!("({query})"),
        };
        match window {
            Some(window) => format!("{selector} AND {}", window.clause()),
            None => selector,
        }
    }
}

/// Refuses a raw query whose parentheses or quotes do not balance: appended to a
/// date window, it would escape the window.
pub fn validate_raw(query: &str) -> Result<(), String> {
    let mut depth = 0i32;
    let mut quoted = false;
    for c in query.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth < 0 {
                    return Err(format!("'{query}' closes a parenthesis it never opened"));
                }
            }
            _ => {}
        }
    }
    match (depth, quoted) {
        (0, false) if !query.trim().is_empty() => Ok(()),
        (0, false) => Err("the query is empty".to_string()),
        (_, true) => Err(format!("'{query}' has an unclosed quote")),
        _ => Err(format!("'{query}' has an unclosed parenthesis")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
    }

    #[test]
    fn window_clause_is_gmt_minutes_with_the_end_minute_included() {
        let window = Window::new(utc("2024-05-16T18:00:00Z"), utc("2024-05-23T18:00:00Z"));
        assert_eq!(window.clause(), "submittedDate:[202405161800 TO 202405231800]");
        assert!(window.contains(utc("2024-05-23T17:59:59Z")));
        assert!(!window.contains(utc("2024-05-23T18:00:00Z")), "the overlap minute is filtered out");
        assert!(window.contains(utc("2024-05-16T18:00:00Z")));
    }

    #[test]
    fn windows_split_by_day_then_hour() {
        let window = Window::new(utc("2024-05-16T18:00:00Z"), utc("2024-05-19T06:30:00Z"));
        let days = window.split(Duration::days(1));
        let bounds: Vec<(String, String)> =
            days.iter().map(|w| (w.start.to_rfc3339(), w.end.to_rfc3339())).collect();
        assert_eq!(
            bounds,
            [
                ("2024-05-16T18:00:00+00:00".into(), "2024-05-17T00:00:00+00:00".into()),
                ("2024-05-17T00:00:00+00:00".into(), "2024-05-18T00:00:00+00:00".into()),
                ("2024-05-18T00:00:00+00:00".into(), "2024-05-19T00:00:00+00:00".into()),
                ("2024-05-19T00:00:00+00:00".into(), "2024-05-19T06:30:00+00:00".into()),
            ]
        );
        assert_eq!(days[0].split(Duration::hours(1)).len(), 6);
    }

    #[test]
    fn raw_queries_must_balance() {
        assert!(validate_raw("ti:attention AND abs:\"kv cache\"").is_ok());
        assert!(validate_raw("(a OR b) AND c").is_ok());
        assert!(validate_raw("ti:\"(not a group\"").is_ok(), "parentheses inside quotes do not count");
        assert!(validate_raw("a) OR (b").expect_err("unbalanced").contains("never opened"));
        assert!(validate_raw("ti:(attention").expect_err("unclosed").contains("unclosed parenthesis"));
        assert!(validate_raw("abs:\"kv cache").expect_err("quote").contains("unclosed quote"));
        assert!(validate_raw("  ").is_err());
    }

    #[test]
    fn selectors_become_search_queries() {
        let window = Window::new(utc("2024-05-16T18:00:00Z"), utc("2024-05-23T18:00:00Z"));
        let cats = Selector::Categories(vec!["cs.CL".into(), "cs.LG".into()]);
        assert_eq!(
            cats.search_query(Some(&window)),
            "(cat:cs.CL OR cat:cs.LG) AND submittedDate:[202405161800 TO 202405231800]"
        );
        assert_eq!(
            Selector::Categories(vec!["cs.IT".into()]).search_query(None),
            "(cat:cs.IT OR cat:math.IT)"
        );
        assert_eq!(Selector::Categories(vec!["cs.*".into()]).search_query(None), "cat:cs.*");
        assert_eq!(Selector::Author("Tri Dao".into()).search_query(None), "au:\"Tri Dao\"");
        assert_eq!(Selector::Author("del_maestro".into()).search_query(None), "au:del_maestro");
        assert_eq!(
            Selector::Raw("ti:attention AND abs:\"kv cache\"".into()).search_query(Some(&window)),
            "(ti:attention AND abs:\"kv cache\") AND submittedDate:[202405161800 TO 202405231800]"
        );
    }
}
