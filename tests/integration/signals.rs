//! `papers signals` against the mock Hugging Face daily papers (and the mock
//! arXiv API for the papers it names that the database lacks), then the
//! importance ranking they feed: `list --sort importance`, `show`, `export --top`.

use chrono::Duration as Span;
use predicates::prelude::*;

use crate::mock_arxiv::{Fault, MockArxiv, corpus};
use crate::util::{TestEnv, fixture, json, stored_ids};

/// Corpus papers 2405.00001… every 37 minutes from 2024-05-14 18:00 UTC; those
/// in cs.CL or cs.LG submitted in W21's window are listed in 2024-W21.
fn mock() -> MockArxiv {
    MockArxiv::start(corpus("2024-05-14T18:00:00Z", Span::minutes(37), 430))
}

/// A 2026-shaped item: every field.
fn recent(id: &str, upvotes: u32, comments: u32, stars: u32) -> String {
    format!(
        r#"{{"paper":{{"id":"{id}","title":"Paper {id}","upvotes":{upvotes},"githubRepo":"https://github.com/lab/{id}",
        "githubStars":{stars},"ai_summary":"One line about {id}.","ai_keywords":["agents","tool use"],
        "organization":{{"name":"lab","fullname":"The Lab"}}}},"numComments":{comments}}}"#
    )
}

/// A 2024-shaped item: upvotes and comments only.
fn old(id: &str, upvotes: u32, comments: u32) -> String {
    format!(
        r#"{{"paper":{{"id":"{id}","title":"Paper {id}","upvotes":{upvotes}}},"numComments":{comments}}}"#
    )
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

fn fetch_week(env: &TestEnv, mock: &MockArxiv, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = env.papers();
    cmd.args(["fetch", "--week", "2024-W21", "--category", "cs.CL", "--category", "cs.LG"])
        .args(["--api-url", &mock.url, "--delay", "0.01", "--page-size", "100"])
        .args(extra)
        .env("PAPERS_HF_URL", &mock.base)
        .env("PAPERS_HF_DELAY", "0.01")
        .env("PAPERS_RETRY_BASE", "0.01");
    cmd
}

fn signals(env: &TestEnv, mock: &MockArxiv) -> assert_cmd::Command {
    let mut cmd = env.papers();
    cmd.args(["signals", "--week", "2024-W21", "--api-url", &mock.url, "--delay", "0.01"])
        .env("PAPERS_HF_URL", &mock.base)
        .env("PAPERS_HF_DELAY", "0.01")
        .env("PAPERS_RETRY_BASE", "0.01");
    cmd
}

/// Every stored signal row, sorted, as text: what a run left in the database.
fn stored_signals(env: &TestEnv) -> Vec<String> {
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT id || ' ' || upvotes || ' ' || comments || ' ' || coalesce(github_stars, '-') || ' ' || featured
             FROM community_signals ORDER BY id",
        )
        .expect("prepare");
    stmt.query_map([], |row| row.get(0)).expect("query").collect::<Result<_, _>>().expect("rows")
}

/// Lists for W21: Tuesday in the 2026 shape, Wednesday in the 2024 shape, a
/// paper on both days, the weekend empty.
fn set_week(mock: &MockArxiv, upvotes: u32) {
    mock.set_daily(
        "2024-05-21",
        list(&[recent("2405.00101", upvotes, 3, 2_100), recent("2405.00104", 5, 0, 0)]),
    );
    mock.set_daily("2024-05-22", list(&[old("2405.00113", 9, 0), old("2405.00101", upvotes, 3)]));
}

#[test]
fn signals_are_stored_once_and_grow_between_runs() {
    let env = TestEnv::new();
    let mock = mock();
    fetch_week(&env, &mock, &[]).assert().success();
    set_week(&mock, 40);
    signals(&env, &mock).assert().success().stderr(predicate::str::contains(
        "7 days read, 4 entries for 3 papers (3 new, 0 updated, 1 unchanged)",
    ));
    assert_eq!(
        stored_signals(&env),
        ["2405.00101 40 3 2100 2024-05-21", "2405.00104 5 0 0 2024-05-21", "2405.00113 9 0 - 2024-05-22"]
    );
    let days: Vec<String> = mock
        .requests()
        .iter()
        .filter(|r| r.path == "/api/daily_papers")
        .filter_map(|r| r.param("date").map(str::to_string))
        .collect();
    assert_eq!(
        days,
        ["2024-05-20", "2024-05-21", "2024-05-22", "2024-05-23", "2024-05-24", "2024-05-25", "2024-05-26"]
    );
    // A day later the counts have grown; a 2024-shaped answer does not erase the stars.
    set_week(&mock, 55);
    signals(&env, &mock)
        .assert()
        .success()
        .stderr(predicate::str::contains("(0 new, 1 updated, 3 unchanged)"));
    assert_eq!(stored_signals(&env)[0], "2405.00101 55 3 2100 2024-05-21");
}

#[test]
fn show_and_json_carry_the_signals_and_how_the_score_was_made() {
    let env = TestEnv::new();
    let mock = mock();
    set_week(&mock, 40);
    fetch_week(&env, &mock, &["--signals"]).assert().success();
    let shown = env.ok(&["show", "2405.00101"]);
    assert!(shown.contains("▲ 40 · ★ 2.1k"), "{shown}");
    assert!(shown.contains("One line about 2405.00101."), "{shown}");
    assert!(shown.contains("upvotes"), "{shown}");
    let record = json(&env.ok(&["show", "2405.00101", "--format", "json"]));
    assert_eq!(record["signals"]["upvotes"], 40);
    assert_eq!(record["signals"]["github_stars"], 2100);
    assert_eq!(record["signals"]["organization"], "The Lab");
    assert_eq!(record["signals"]["featured"], "2024-05-21");
    let parts: Vec<&str> = record["importance"]["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .filter_map(|p| p["signal"].as_str())
        .collect();
    for signal in ["upvotes", "featured", "curator prior"] {
        assert!(parts.contains(&signal), "{parts:?}");
    }
    let points: Vec<f64> = record["importance"]["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .filter_map(|p| p["points"].as_f64())
        .collect();
    assert!(points.windows(2).all(|w| w[0].abs() >= w[1].abs()), "largest first: {points:?}");
    let total: f64 = points.iter().sum();
    let score = record["importance"]["score"].as_f64().expect("score");
    assert!((total - score).abs() < 0.05, "the parts add up to the score: {total} {score}");
    let plain = json(&env.ok(&["show", "2405.00110", "--format", "json"]));
    assert!(plain["signals"].is_null());
    // Its listing day was read and it was not featured: that is known, not expected.
    let parts = plain["importance"]["parts"].as_array().expect("parts");
    let attention = parts.iter().find(|p| p["signal"] == "attention").expect("known attention");
    assert_eq!(attention["detail"], "not featured on Hugging Face's daily papers");
    assert!(!parts.iter().any(|p| p["signal"] == "expected attention"), "{parts:?}");
}

#[test]
fn the_most_upvoted_papers_lead_the_list_and_the_digest() {
    let env = TestEnv::new();
    let mock = mock();
    set_week(&mock, 40);
    fetch_week(&env, &mock, &["--signals"]).assert().success();
    let listed = json(&env.ok(&["list", "--week", "2024-W21", "--sort", "importance", "--format", "json"]));
    let ids: Vec<&str> = listed.as_array().expect("list").iter().filter_map(|p| p["id"].as_str()).collect();
    assert_eq!(&ids[..3], ["2405.00101", "2405.00113", "2405.00104"]);
    let limited = json(&env.ok(&[
        "list",
        "--week",
        "2024-W21",
        "--sort",
        "importance",
        "--limit",
        "2",
        "--format",
        "json",
    ]));
    assert_eq!(limited.as_array().map(Vec::len), Some(2));
    let digest = env.ok(&["export", "--week", "2024-W21", "--top", "3"]);
    assert_eq!(digest.matches("\n### ").count(), 3, "{digest}");
    assert!(digest.contains("(https://arxiv.org/abs/2405.00101) · ▲ 40 · ★ 2.1k"), "{digest}");
    assert!(digest.contains("> One line about 2405.00101."), "{digest}");
    assert!(digest.contains("Ranked by importance"), "{digest}");
    let default = env.ok(&["export", "--week", "2024-W21"]);
    assert_eq!(default.matches("\n### ").count(), 20, "the weekly summary keeps a top 20");
}

#[test]
fn a_refused_fetch_of_the_papers_named_is_not_worth_running_again() {
    let env = TestEnv::new();
    let mock = mock();
    fetch_week(&env, &mock, &[]).assert().success();
    mock.set_daily("2024-05-23", list(&[recent("2405.00003", 12, 0, 5)]));
    // The seven days pass; arXiv refuses the id lookup that follows.
    mock.fail_next(std::iter::repeat_n(Fault::Pass, 7).chain([Fault::ApiError]));
    let output = signals(&env, &mock).output().expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let error = stderr.lines().last().expect("an error line");
    assert!(error.starts_with("papers: error: ") && error.contains("incorrect id format"), "{stderr}");
    assert!(!error.contains("run the same command again"), "{stderr}");
    assert_eq!(mock.requests().iter().filter(|r| r.param("id_list").is_some()).count(), 1);
}

#[test]
fn a_paper_the_database_lacks_is_fetched_by_id() {
    let env = TestEnv::new();
    let mock = mock();
    fetch_week(&env, &mock, &[]).assert().success();
    // 2405.00003 is a cs.CV paper: not fetched with cs.CL and cs.LG.
    assert!(!stored_ids(&env).contains(&"2405.00003".to_string()));
    mock.set_daily("2024-05-23", list(&[recent("2405.00003", 12, 0, 5)]));
    signals(&env, &mock).assert().success().stderr(predicate::str::contains("papers they name: 1 new"));
    assert!(stored_ids(&env).contains(&"2405.00003".to_string()));
    let id_lists: Vec<String> =
        mock.requests().iter().filter_map(|r| r.param("id_list").map(str::to_string)).collect();
    assert_eq!(id_lists, ["2405.00003"]);
}

#[test]
fn faults_are_retried_and_leave_what_a_clean_run_leaves() {
    let clean = TestEnv::new();
    let mock = mock();
    set_week(&mock, 40);
    fetch_week(&clean, &mock, &[]).assert().success();
    signals(&clean, &mock).assert().success();
    let faulty = TestEnv::new();
    fetch_week(&faulty, &mock, &[]).assert().success();
    // Monday: 429 then 503; Tuesday: an HTML page, then a truncated list; Wednesday: a reset.
    mock.fail_next([
        Fault::RateLimited,
        Fault::Unavailable,
        Fault::Pass,
        Fault::NotXml,
        Fault::Truncated,
        Fault::Pass,
        Fault::Reset,
    ]);
    signals(&faulty, &mock).assert().success().stderr(predicate::str::contains("5 retries"));
    assert_eq!(stored_signals(&faulty), stored_signals(&clean));
}

#[test]
fn a_day_that_keeps_failing_is_reported_and_the_days_before_it_are_kept() {
    let env = TestEnv::new();
    let mock = mock();
    set_week(&mock, 40);
    fetch_week(&env, &mock, &[]).assert().success();
    // Monday passes; Tuesday answers HTML five times over.
    mock.fail_next([Fault::Pass, Fault::NotXml, Fault::NotXml, Fault::NotXml, Fault::NotXml, Fault::NotXml]);
    let output = signals(&env, &mock).output().expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    // The status lines of each day first, then the summary and the error.
    let lines: Vec<&str> = stderr.lines().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect();
    assert!(lines[0].starts_with("papers: signals 2024-05-20 to 2024-05-26: 1 day read, "), "{stderr}");
    assert!(
        lines[1].starts_with("papers: error: ")
            && lines[1].contains("Hugging Face daily papers of 2024-05-21")
    );
    assert!(lines[1].contains("an HTML page") && !stderr.contains("<html>"), "{stderr}");
    assert!(
        lines[1].ends_with("; the days read are stored: run the same command again to read the rest"),
        "{stderr}"
    );
    assert!(stored_signals(&env).is_empty(), "Tuesday's list was never half-stored");
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    let days: i64 = conn.query_row("SELECT count(*) FROM signal_days", [], |r| r.get(0)).expect("count");
    assert_eq!(days, 1, "Monday (empty) was read and kept");
}

#[test]
fn without_signals_the_digest_says_so_and_still_ranks() {
    let env = TestEnv::new();
    let mock = mock();
    fetch_week(&env, &mock, &[]).assert().success();
    let output = env.papers().args(["export", "--week", "2024-W21", "--top", "5"]).output().expect("run");
    assert!(output.status.success());
    let digest = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(digest.matches("\n### ").count(), 5);
    assert!(
        digest.contains(
            "Community signals were not fetched for this week: papers are ranked by how much they read like a curator's pick"
        ),
        "{digest}"
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("community signals were not fetched for 2024-W21")
    );
}

#[test]
fn a_busy_day_is_read_page_by_page() {
    let env = TestEnv::new();
    let mock = mock();
    fetch_week(&env, &mock, &[]).assert().success();
    let items: Vec<String> = (1..=130).map(|i| old(&format!("2405.{i:05}"), i, 0)).collect();
    mock.set_daily("2024-05-21", list(&items));
    signals(&env, &mock).assert().success().stderr(predicate::str::contains("130 entries for 130 papers"));
    assert_eq!(stored_signals(&env).len(), 130);
    let pages: Vec<(String, String)> = mock
        .requests()
        .iter()
        .filter(|r| r.param("date") == Some("2024-05-21"))
        .map(|r| (r.param("limit").unwrap_or("").to_string(), r.param("p").unwrap_or("").to_string()))
        .collect();
    assert_eq!(pages, [("100".to_string(), "0".to_string()), ("100".to_string(), "1".to_string())]);
}

#[test]
fn a_refused_request_names_the_day_and_stores_nothing() {
    let env = TestEnv::new();
    let mock = mock();
    fetch_week(&env, &mock, &[]).assert().success();
    mock.fail_next([Fault::BadRequest]);
    let output = signals(&env, &mock).output().expect("run");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let error = stderr.lines().find(|l| l.starts_with("papers: error:")).expect("an error line");
    assert_eq!(
        error,
        "papers: error: the server answered HTTP 400 to Hugging Face daily papers of 2024-05-20"
    );
    assert!(stored_signals(&env).is_empty());
}

#[test]
fn flags_are_checked_before_a_database_is_made() {
    let env = TestEnv::new();
    env.papers()
        .args(["signals", "--week", "2024-W21", "--hf-url", "not a url"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("'not a url' is not a usable http(s) URL"));
    assert!(!env.db().exists(), "no database was created");
    env.papers().args(["export", "--week", "2024-W21", "--top", "0"]).assert().code(2);
}

#[test]
fn a_replacement_keeps_its_listing_day_but_not_old_attention() {
    let env = TestEnv::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample-feed.xml");
    env.ok(&["import", sample.to_str().expect("utf-8"), &fixture("current-backend.xml")]);
    // 2405.14002 is listed in W22 and replaced (v3) in W23; Hugging Face featured it in W22.
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    conn.execute(
        "INSERT INTO community_signals VALUES
         ('2405.14002', 900, 4, NULL, NULL, NULL, NULL, '[]', '2024-05-28', '2024-06-10T00:00:00Z', NULL)",
        [],
    )
    .expect("seed");
    let output = env
        .papers()
        .args(["list", "--week", "2024-W23", "--sort", "importance"])
        .env("COLUMNS", "100")
        .output()
        .expect("run");
    let table = String::from_utf8(output.stdout).expect("utf-8");
    assert!(table.contains("2405.14002  2024-06-04"), "listed on its v3's day: {table}");
    let w23 = json(&env.ok(&["export", "--week", "2024-W23", "--format", "json"]));
    assert_eq!(w23["sections"][0]["papers"][0]["id"], "2405.14002");
    assert_eq!(w23["featured"], 0, "W22's attention does not follow the paper into W23");
    let w22 = json(&env.ok(&["export", "--week", "2024-W22", "--format", "json"]));
    assert_eq!(w22["featured"], 1);
    let ranking = w22["ranking"].as_str().unwrap_or_default();
    assert!(ranking.starts_with("Ranked by importance"), "{ranking}");
}

/// Two papers by Ada Lovelace listed after the shipped authors' record ends: one
/// in 2026-W36, one in 2026-W37.
const AFTER_THE_RECORD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry><id>http://arxiv.org/abs/2609.00001v1</id><title>Agents that plan</title>
    <published>2026-09-01T12:00:00Z</published><updated>2026-09-01T12:00:00Z</updated>
    <summary>We study planning agents.</summary><category term="cs.CL"/><arxiv:primary_category term="cs.CL"/>
    <author><name>Ada Lovelace</name></author><author><name>Bo Chen</name></author></entry>
  <entry><id>http://arxiv.org/abs/2609.00500v1</id><title>Agents that plan again</title>
    <published>2026-09-08T12:00:00Z</published><updated>2026-09-08T12:00:00Z</updated>
    <summary>We study planning agents once more.</summary><category term="cs.CL"/><arxiv:primary_category term="cs.CL"/>
    <author><name>Ada Lovelace</name></author></entry>
</feed>"#;

/// The community prior's chance that a paper is featured, as `show` gives it.
fn featured_chance(env: &TestEnv, id: &str) -> f64 {
    let record = json(&env.ok(&["show", id, "--format", "json"]));
    let parts = record["importance"]["parts"].as_array().expect("parts");
    let expected = parts.iter().find(|p| p["signal"] == "expected attention").expect("unread week");
    let detail = expected["detail"].as_str().expect("detail");
    let percent = detail.split("probability ").nth(1).and_then(|rest| rest.split('%').next());
    percent.and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("{detail}"))
}

#[test]
fn the_database_learns_its_own_authors_record_from_the_signals_it_reads() {
    let env = TestEnv::new();
    let mock = mock();
    let feed = env.write("after.xml", AFTER_THE_RECORD);
    env.ok(&["import", feed.to_str().expect("utf-8")]);
    let before = featured_chance(&env, "2609.00500");
    mock.set_daily("2026-09-02", list(&[recent("2609.00001", 30, 2, 10)]));
    let mut cmd = env.papers();
    cmd.args(["signals", "--week", "2026-W36", "--api-url", &mock.url, "--delay", "0.01"])
        .env("PAPERS_HF_URL", &mock.base)
        .env("PAPERS_HF_DELAY", "0.01");
    // Only the paper whose listing day was read is counted: the other's week was not
    // read, so its not being featured says nothing yet.
    cmd.assert()
        .success()
        .stderr(predicate::str::contains("authors' record: 1 paper counted, 1 more featured"));
    let after = featured_chance(&env, "2609.00500");
    assert!(
        after > before,
        "Ada Lovelace's featured paper raises her next one's chance: {before}% to {after}%"
    );
    // Read again, nothing is counted twice.
    let mut again = env.papers();
    again
        .args(["signals", "--week", "2026-W36", "--api-url", &mock.url, "--delay", "0.01"])
        .env("PAPERS_HF_URL", &mock.base)
        .env("PAPERS_HF_DELAY", "0.01");
    again.assert().success().stderr(predicate::str::contains("authors' record").not());
    assert_eq!(featured_chance(&env, "2609.00500"), after);
}

/// A server on 127.0.0.1 that answers every request with HTTP 500, counting them.
fn always_failing() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = count.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let body = "<html><body>Internal Server Error</body></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, count)
}

#[test]
fn a_hugging_face_outage_leaves_the_fetch_done_with_one_warning() {
    let env = TestEnv::new();
    let mock = mock();
    let (down, requests) = always_failing();
    let out = fetch_week(&env, &mock, &["--signals"]).env("PAPERS_HF_URL", &down).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("papers: warning:")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(warnings[0].contains("`papers signals --week 2024-W21` reads the signals later"), "{stderr}");
    assert!(!stored_ids(&env).is_empty(), "arXiv's papers are stored");
    // Three tries of the first day, then it gives up: an outage costs seconds.
    assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), 3);
    // `signals` alone fails.
    signals(&env, &mock).env("PAPERS_HF_URL", &down).assert().code(1);
}
