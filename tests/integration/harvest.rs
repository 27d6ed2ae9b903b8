//! `papers harvest` against the mock OAI-PMH server: paging, both server dialects,
//! resumption after a failure, expired and rejected tokens, deletions, errors and
//! incremental runs.

use chrono::Duration as Span;
use predicates::prelude::*;

use crate::mock_arxiv::{Fault, MockArxiv, MockOai, OaiEntry, corpus};
use crate::util::{TestEnv, json, stored_ids};

/// Nine cs.CL-bearing papers (the corpus's cs.CV ones are left out of the set),
/// every third with three versions; datestamps over four days.
fn server(oai: MockOai) -> MockArxiv {
    let mut papers = corpus("2026-11-02T15:00:00Z", Span::hours(5), 13);
    for paper in papers.iter_mut().step_by(3) {
        paper.version = 3;
    }
    let mock = MockArxiv::start(papers);
    let records = (0..13)
        .map(|i| OaiEntry {
            paper: i,
            datestamp: ["2026-11-20", "2026-11-21", "2026-11-23", "2026-11-24"][i % 4],
            deleted: false,
        })
        .collect();
    mock.set_oai(MockOai { records, page_size: 3, ..oai });
    mock
}

/// Ids of the corpus papers in cs:cs:CL (not every third one, which is cs.CV only).
fn in_set() -> Vec<String> {
    let mut ids: Vec<String> = (0..13).filter(|i| i % 3 != 2).map(|i| format!("2405.{:05}", i + 1)).collect();
    ids.sort();
    ids
}

fn harvest(env: &TestEnv, mock: &MockArxiv) -> assert_cmd::Command {
    let mut cmd = env.papers();
    cmd.args(["harvest", "--set", "cs:cs:CL", "--oai-url", &format!("{}/oai", mock.base), "--delay", "0"])
        .env("PAPERS_RETRY_BASE", "0.001");
    cmd
}

/// The first page goes through; the second fails every try (five 503s).
fn fail_the_second_page(mock: &MockArxiv) {
    mock.fail_next([Fault::Pass].into_iter().chain(std::iter::repeat_n(Fault::Unavailable, 5)));
}

fn oai_requests(mock: &MockArxiv) -> Vec<crate::mock_arxiv::Request> {
    mock.requests().into_iter().filter(|r| r.path == "/oai").collect()
}

#[test]
fn a_harvest_pages_through_tokens_and_keeps_version_histories() {
    let env = TestEnv::new();
    let mock = server(MockOai::default());
    harvest(&env, &mock)
        .assert()
        .success()
        .stderr(predicate::str::contains("9 new, 0 updated, 0 unchanged; 3 pages"));
    assert_eq!(stored_ids(&env), in_set());
    let requests = oai_requests(&mock);
    assert_eq!(requests[0].param("metadataPrefix"), Some("arXivRaw"));
    assert_eq!(requests[0].param("set"), Some("cs:cs:CL"));
    assert_eq!(requests[0].param("from"), None, "a first harvest takes everything");
    assert!(requests[1].param("resumptionToken").is_some() && requests[1].param("set").is_none());
    let paper = json(&env.ok(&["show", "2405.00001", "--format", "json"]));
    assert_eq!(paper["version"], 3);
    let submitted: Vec<&str> = paper["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .map(|v| v["submitted"].as_str().expect("time"))
        .collect();
    assert_eq!(submitted, ["2026-11-02T15:00:00Z", "2026-11-09T15:00:00Z", "2026-11-16T15:00:00Z"]);
    let authors: Vec<&str> = paper["authors"]
        .as_array()
        .expect("authors")
        .iter()
        .map(|a| a["name"].as_str().expect("name"))
        .collect();
    assert_eq!(authors, ["Author of 2405.00001", "Second Author"]);
    assert_eq!(paper["authors"][0]["affiliations"][0], "Example University");
    assert_eq!(paper["published"], "2026-11-02T15:00:00Z");
}

#[test]
fn the_next_harvest_continues_from_the_day_of_the_last_response() {
    let env = TestEnv::new();
    let mock = server(MockOai::default());
    harvest(&env, &mock).assert().success();
    let first_run = oai_requests(&mock).len();
    harvest(&env, &mock).assert().success().stderr(predicate::str::contains("0 new, 0 updated, 0 unchanged"));
    let requests = oai_requests(&mock);
    let second = &requests[first_run];
    assert_eq!(second.param("from"), Some("2026-11-28"), "the first responseDate of the last harvest");
    assert_eq!(second.param("until"), None, "incremental harvests never set until");
    assert_eq!(requests.len(), first_run + 1, "noRecordsMatch is an empty result, not an error");
}

#[test]
fn an_interrupted_harvest_resumes_with_its_token_and_stores_each_record_once() {
    let env = TestEnv::new();
    let mock = server(MockOai::default());
    fail_the_second_page(&mock);
    harvest(&env, &mock).assert().failure().stderr(predicate::str::contains("run it again to continue"));
    assert_eq!(stored_ids(&env).len(), 3, "the first page was kept");
    let before = oai_requests(&mock).len();
    harvest(&env, &mock).assert().success().stderr(predicate::str::contains("6 new, 0 updated, 0 unchanged"));
    let resumed = &oai_requests(&mock)[before];
    assert!(resumed.param("resumptionToken").is_some(), "the second run starts from the saved token");
    assert_eq!(stored_ids(&env), in_set());
    let versions: i64 = rusqlite::Connection::open(env.db())
        .expect("open")
        .query_row("SELECT count(*) FROM paper_versions", [], |r| r.get(0))
        .expect("count");
    assert_eq!(versions, 5 * 3 + 4, "five papers with three versions, four with one");
}

#[test]
fn an_expired_token_restarts_from_the_last_stored_day() {
    let env = TestEnv::new();
    let mock = server(MockOai { expired_tokens: true, ..MockOai::default() });
    fail_the_second_page(&mock);
    harvest(&env, &mock).assert().failure();
    let before = oai_requests(&mock).len();
    harvest(&env, &mock)
        .assert()
        .success()
        .stderr(predicate::str::contains("token of set cs:cs:CL has expired"));
    let restart = &oai_requests(&mock)[before];
    assert_eq!(restart.param("resumptionToken"), None);
    assert_eq!(restart.param("from"), Some("2026-11-20"), "the latest datestamp of the first page");
    assert_eq!(stored_ids(&env), in_set(), "overlapping pages store nothing twice");
}

#[test]
fn a_rejected_token_mid_harvest_restarts_from_the_last_day() {
    let env = TestEnv::new();
    let mock = server(MockOai { reject_tokens: 1, ..MockOai::default() });
    harvest(&env, &mock).assert().success().stderr(predicate::str::contains("no longer accepts the token"));
    assert_eq!(stored_ids(&env), in_set());
}

#[test]
fn the_2015_server_dialect_harvests_the_same() {
    let env = TestEnv::new();
    let mock = server(MockOai { old_server: true, ..MockOai::default() });
    harvest(&env, &mock).assert().success();
    assert_eq!(stored_ids(&env), in_set());
    let paper = json(&env.ok(&["show", "2405.00004", "--format", "json"]));
    assert_eq!(paper["versions"][2]["submitted"], "2026-11-17T06:00:00Z", "unpadded days parse");
}

#[test]
fn deleted_records_remove_stored_papers() {
    let env = TestEnv::new();
    let mock = server(MockOai::default());
    harvest(&env, &mock).assert().success();
    let records = vec![OaiEntry { paper: 0, datestamp: "2026-11-28", deleted: true }];
    mock.set_oai(MockOai { records, page_size: 3, ..MockOai::default() });
    harvest(&env, &mock).assert().success().stderr(predicate::str::contains("1 deleted"));
    assert!(!stored_ids(&env).contains(&"2405.00001".to_string()));
    assert_eq!(stored_ids(&env).len(), 8);
    env.papers().args(["show", "2405.00001"]).assert().failure();
    assert_eq!(json(&env.ok(&["stats", "--format", "json"]))["deleted"], 1);
}

#[test]
fn oai_errors_are_reported_with_the_set_and_change_nothing() {
    let env = TestEnv::new();
    let mock = server(MockOai::default());
    env.papers()
        .args(["harvest", "--set", "cs:cs:bogus", "--oai-url", &format!("{}/oai", mock.base), "--delay", "0"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("set cs:cs:bogus").and(predicate::str::contains("badArgument")));
    assert!(stored_ids(&env).is_empty());
    env.papers()
        .args(["harvest", "--set", "cs..x", "--oai-url", &format!("{}/oai", mock.base)])
        .assert()
        .failure()
        .stderr(predicate::str::contains("'cs..x'"));
    env.papers()
        .args(["harvest", "--set", "cs", "--oai-url", "https://oaipmh.arxiv.org/oai", "--delay", "1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("below arXiv's limit"));
}

#[test]
fn a_bounded_harvest_resumed_by_a_plain_one_keeps_its_range_and_moves_no_starting_point() {
    let env = TestEnv::new();
    let mock = server(MockOai::default());
    fail_the_second_page(&mock);
    let mut bounded = harvest(&env, &mock);
    bounded.args(["--from", "2026-11-20", "--until", "2026-11-23"]).assert().failure();
    harvest(&env, &mock).assert().success();
    let ranged: Vec<String> = stored_ids(&env);
    assert_eq!(ranged.len(), 7, "the records dated 20 to 23 November in the set");
    let before = oai_requests(&mock).len();
    harvest(&env, &mock).assert().success();
    let next = &oai_requests(&mock)[before];
    assert_eq!(
        (next.param("from"), next.param("until")),
        (None, None),
        "still no complete harvest to go on from"
    );
    assert_eq!(stored_ids(&env), in_set());
}

#[test]
fn a_503_with_retry_after_is_waited_out_and_the_harvest_goes_on() {
    let env = TestEnv::new();
    let mock = server(MockOai::default());
    mock.fail_next([Fault::Pass, Fault::Unavailable, Fault::RateLimited]);
    harvest(&env, &mock).assert().success().stderr(predicate::str::contains("2 retries"));
    assert_eq!(stored_ids(&env), in_set());
    let tokens: Vec<_> =
        oai_requests(&mock).iter().filter_map(|r| r.param("resumptionToken").map(str::to_string)).collect();
    assert_eq!(tokens[0], tokens[1], "the same page is asked for again");
    assert_eq!(tokens[1], tokens[2]);
}
