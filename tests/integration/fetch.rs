//! `papers fetch` and `papers track` against the mock export API.

use chrono::Duration as Span;
use predicates::prelude::*;

use crate::mock_arxiv::{Fault, MockArxiv, corpus};
use crate::util::{TestEnv, stored_ids};

/// Week 2024-W21 lists v1 submissions from 2024-05-16T18:00Z to 2024-05-23T18:00Z.
const WEEK_START: &str = "2024-05-16T18:00:00Z";
const WEEK_END: &str = "2024-05-23T18:00:00Z";

fn mock() -> MockArxiv {
    // A paper every 37 minutes from two days before the week to two days after it.
    MockArxiv::start(corpus("2024-05-14T18:00:00Z", Span::minutes(37), 430))
}

/// The papers in the week that carry cs.CL or cs.LG: two in three of the corpus.
fn expected(mock: &MockArxiv) -> Vec<String> {
    let all = mock.ids_between(WEEK_START, WEEK_END);
    all.into_iter().filter(|id| !id_number(id).is_multiple_of(3)).collect()
}

fn id_number(id: &str) -> usize {
    // corpus() gives paper i the id 2405.{i+1} and cs.CV to every third (i % 3 == 2).
    id.rsplit('.').next().and_then(|n| n.parse::<usize>().ok()).map_or(0, |n| n)
}

fn fetch_week(env: &TestEnv, mock: &MockArxiv) -> assert_cmd::Command {
    let mut cmd = env.papers();
    cmd.args(["fetch", "--week", "2024-W21", "--category", "cs.CL", "--category", "cs.LG"])
        .args(["--api-url", &mock.url, "--delay", "0.05", "--page-size", "50"])
        .env("PAPERS_RETRY_BASE", "0.01");
    cmd
}

#[test]
fn a_clean_fetch_stores_exactly_the_week_and_keeps_the_delay() {
    let env = TestEnv::new();
    let mock = mock();
    let expected = expected(&mock);
    assert_eq!(expected.len(), 182);
    fetch_week(&env, &mock).assert().success().stderr(predicate::str::contains("week 2024-W21: 182 new"));
    assert_eq!(stored_ids(&env), expected);
    let requests = mock.requests();
    assert_eq!(requests.len(), 4, "182 papers at 50 a page");
    let query = requests[0].param("search_query").expect("search_query");
    assert_eq!(query, "(cat:cs.CL OR cat:cs.LG) AND submittedDate:[202405161800 TO 202405231800]");
    let starts: Vec<&str> = requests.iter().filter_map(|r| r.param("start")).collect();
    assert_eq!(starts, ["0", "50", "100", "150"]);
    for pair in requests.windows(2) {
        let gap = pair[1].arrived - pair[0].answered;
        assert!(gap >= std::time::Duration::from_millis(50), "gap {gap:?} shorter than the delay");
    }
}

#[test]
fn an_interrupted_fetch_resumes_where_it_stopped() {
    let env = TestEnv::new();
    let mock = mock();
    mock.fail_next([Fault::Pass, Fault::Pass, Fault::BadRequest]);
    fetch_week(&env, &mock)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("run the same command again to resume"));
    assert_eq!(stored_ids(&env).len(), 100, "two pages were kept");
    let before = mock.requests().len();
    fetch_week(&env, &mock).assert().success();
    let resumed = &mock.requests()[before];
    assert_eq!(resumed.param("start"), Some("100"), "the rerun starts after the stored pages");
    assert_eq!(stored_ids(&env), expected(&mock));
    // A third run starts afresh: completed progress is forgotten.
    let before = mock.requests().len();
    fetch_week(&env, &mock)
        .assert()
        .success()
        .stderr(predicate::str::contains("0 new, 0 updated, 182 unchanged"));
    assert_eq!(mock.requests()[before].param("start"), Some("0"));
    env.ok(&["fetch", "--history"]);
    let history = env.ok(&["fetch", "--history"]);
    assert!(history.contains("failed") && history.contains("done"), "{history}");
    assert!(history.contains("week 2024-W21: (cat:cs.CL OR cat:cs.LG)"), "{history}");
}

/// Runs a fetch of 2024-W21 against `api_url` (no delay, real retry waits) and
/// returns its stderr, after checking it failed.
fn failed_fetch(env: &TestEnv, api_url: &str) -> String {
    let output = env
        .papers()
        .args(["fetch", "--week", "2024-W21", "--category", "cs.CL", "--api-url", api_url, "--delay", "0"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8(output.stderr).expect("utf-8")
}

#[test]
fn an_unresolvable_host_fails_fast_with_the_cause_and_the_offline_import() {
    let env = TestEnv::new();
    // `.invalid` never resolves (RFC 6761): the resolver says so at once, online or not.
    let stderr = failed_fetch(&env, "http://nonexistent.invalid/api/query");
    // One quick retry (a second's wait; the bound is 5 s) and one line of error.
    assert_eq!(
        stderr,
        "papers: warning: name not resolved; try 1 of 2, again in 1.0 s\n\
         papers: error: cannot reach nonexistent.invalid: name not resolved (are you offline?); \
         to work offline, load saved API responses with `papers import FILE`\n"
    );
    assert!(!stderr.contains("resume"), "nothing was stored: {stderr}");
}

#[test]
fn a_refused_connection_fails_fast_too() {
    let env = TestEnv::new();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let stderr = failed_fetch(&env, &format!("http://127.0.0.1:{port}/api/query"));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert_eq!(lines[0], "papers: warning: connection refused; try 1 of 2, again in 1.0 s");
    assert!(
        lines[1].starts_with(&format!("papers: error: cannot reach 127.0.0.1:{port}: connection refused")),
        "{stderr}"
    );
    assert!(lines[1].ends_with("`papers import FILE`"), "{stderr}");
}

#[test]
fn a_503_with_an_html_page_prints_no_html_and_resume_needs_stored_pages() {
    let env = TestEnv::new();
    let mock = mock();
    mock.fail_next(std::iter::repeat_n(Fault::UnavailableHtml, 5));
    let output = fetch_week(&env, &mock).env("COLUMNS", "80").output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 5, "four warnings and the error: {stderr}");
    for (try_number, line) in lines[..4].iter().enumerate() {
        let start =
            format!("papers: warning: HTTP 503 Service Unavailable; try {} of 5, again in", try_number + 1);
        assert!(line.starts_with(&start), "{line}");
        assert!(line.chars().count() <= 80, "{line}");
    }
    assert!(lines[4].starts_with("papers: error: HTTP 503 Service Unavailable from 127.0.0.1:"), "{stderr}");
    for echoed in ["<", "html", "temporarily"] {
        assert!(!stderr.to_lowercase().contains(echoed), "the body was echoed: {stderr}");
    }
    assert!(!stderr.contains("resume"), "no page was stored, so there is nothing to resume: {stderr}");
    assert!(lines[..4].iter().all(|l| !l.contains("search_query")), "the request only with -v: {stderr}");
    mock.fail_next([Fault::UnavailableHtml]);
    let verbose = fetch_week(&env, &mock).arg("-v").output().expect("run");
    let verbose = String::from_utf8(verbose.stderr).expect("utf-8");
    assert!(
        verbose.contains("HTTP 503 Service Unavailable; try 1 of 5, again in")
            && verbose.contains("[search_query=(cat:cs.CL OR cat:cs.LG) AND submittedDate:"),
        "{verbose}"
    );
}

#[test]
fn a_malformed_query_gets_a_clear_error() {
    let env = TestEnv::new();
    let mock = mock();
    // Caught before sending: unbalanced parentheses would escape the date window.
    env.papers()
        .args([
            "fetch",
            "--week",
            "2024-W21",
            "--query",
            "ti:(attention",
            "--api-url",
            &mock.url,
            "--delay",
            "0",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'ti:(attention' for '--query <Q>': 'ti:(attention' has an unclosed parenthesis\n",
        ));
    assert!(mock.requests().is_empty());
    // Refused by arXiv: its error feed is reported, not retried, with no resume hint.
    env.papers()
        .args([
            "fetch",
            "--week",
            "2024-W21",
            "--query",
            "ti:a AND AND abs:b",
            "--api-url",
            &mock.url,
            "--delay",
            "0",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("arXiv rejected the query: malformed query: (ti:a AND AND abs:b)"))
        .stderr(predicate::str::contains("resume").not());
    assert_eq!(mock.requests().len(), 1, "error feeds are not retried");
}

#[test]
fn dry_run_sends_nothing() {
    let env = TestEnv::new();
    let mock = mock();
    fetch_week(&env, &mock)
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "search_query=(cat:cs.CL OR cat:cs.LG) AND submittedDate:[202405161800 TO 202405231800]",
        ))
        .stdout(predicate::str::contains("nothing was sent"));
    assert!(mock.requests().is_empty());
}

#[test]
fn arxiv_org_needs_three_seconds() {
    let env = TestEnv::new();
    env.papers()
        .args(["fetch", "--category", "cs.CL", "--delay", "1"])
        .env_remove("PAPERS_API_URL")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "below arXiv's limit of one request every 3 s for export.arxiv.org",
        ));
}

#[test]
fn the_tracked_set_drives_a_plain_fetch() {
    let env = TestEnv::new();
    let mock = mock();
    env.papers()
        .args(["fetch", "--week", "2024-W21", "--api-url", &mock.url])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing to fetch"));
    env.papers()
        .args(["track", "add", "cat:cs.CLL"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown arXiv category 'cs.CLL'; did you mean cs.CL"));
    env.ok(&["track", "add", "cat:cs.cl", "cat:cs.LG", "2405.00001", "cat:cs.AI"]);
    // A spec that is not tracked leaves the whole set as it was.
    env.papers()
        .args(["track", "rm", "cat:cs.AI", "cat:cs.CV"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("papers: error: cat:cs.CV is not tracked (see `papers track list`)\n");
    // Named twice (cs.ai is cs.AI), removed once.
    assert_eq!(env.ok(&["track", "rm", "cat:cs.AI", "cat:cs.ai"]), "stopped tracking cat:cs.AI\n");
    assert_eq!(env.ok(&["track", "list"]), "cat:cs.CL\ncat:cs.LG\nid:2405.00001\n");
    env.papers()
        .args([
            "fetch",
            "--week",
            "2024-W21",
            "--api-url",
            &mock.url,
            "--delay",
            "0.01",
            "--page-size",
            "100",
        ])
        .assert()
        .success();
    let mut expected = expected(&mock);
    expected.insert(0, "2405.00001".to_string());
    assert_eq!(stored_ids(&env), expected, "the week plus the tracked single paper");
    let id_request =
        mock.requests().into_iter().find(|r| r.param("id_list").is_some()).expect("id_list request");
    assert_eq!(id_request.param("id_list"), Some("2405.00001"));
}

#[test]
fn a_date_range_of_listing_days_matches_the_week() {
    let env = TestEnv::new();
    let mock = mock();
    let fetch_range = |extra: &[&str]| {
        let mut cmd = env.papers();
        cmd.args(["fetch", "--since", "2024-05-20", "--until", "2024-05-24", "--category", "cs.CL"])
            .args(["--category", "cs.LG", "--api-url", &mock.url, "--delay", "0", "--page-size", "200"])
            .args(extra);
        cmd
    };
    fetch_range(&["--dry-run"]).assert().success().stdout(predicate::str::contains(
        "listed 2024-05-20 to 2024-05-24: v1 submissions from 2024-05-16 18:00 to 2024-05-23 18:00",
    ));
    fetch_range(&[]).assert().success();
    assert_eq!(stored_ids(&env), expected(&mock));
    env.papers()
        .args(["fetch", "--since", "2024-05-24", "--until", "2024-05-20", "--category", "cs.CL"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--until 2024-05-20 is before --since 2024-05-24"));
}

#[test]
fn pages_that_stay_empty_stop_the_fetch_for_a_later_resume() {
    let env = TestEnv::new();
    let mock = mock();
    mock.fail_next([Fault::Pass, Fault::EmptyPage, Fault::EmptyPage, Fault::EmptyPage, Fault::EmptyPage]);
    fetch_week(&env, &mock)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("arXiv reported 182 results but sent nothing more"))
        .stderr(predicate::str::contains("run the same command again to resume"));
    assert_eq!(stored_ids(&env).len(), 50, "the first page was kept, the window not marked done");
    let before = mock.requests().len();
    fetch_week(&env, &mock).assert().success();
    assert_eq!(mock.requests()[before].param("start"), Some("50"));
    assert_eq!(stored_ids(&env), expected(&mock));
}

#[test]
fn an_unusable_entry_is_skipped_with_a_warning() {
    let env = TestEnv::new();
    let mock = mock();
    mock.fail_next([Fault::BadEntry]);
    fetch_week(&env, &mock).assert().success().stderr(predicate::str::contains(
        "skipped an entry arXiv sent: entry http://arxiv.org/abs/2405.00079v1",
    ));
    let mut expected = expected(&mock);
    expected.retain(|id| id != "2405.00079");
    assert_eq!(stored_ids(&env), expected);
    assert_eq!(mock.requests().len(), 4, "a bad entry is not a reason to retry");
}
