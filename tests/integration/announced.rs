//! `papers fetch --announced`: the RSS announcement feed against the mock, and the
//! version-aware week views it feeds (`--new-only`, "(vN, replaced)").

use chrono::NaiveDate;
use predicates::prelude::*;

use crate::mock_arxiv::{MockArxiv, MockPaper, time};
use crate::mock_sources::rss_feed;
use crate::util::{TestEnv, json, stored_ids};

/// Monday 27 April 2026 (2026-W18): the feed of the Sunday-evening announcement.
const DAY: &str = "2026-04-27";

fn paper(id: &str, published: &str, categories: Vec<&'static str>, version: u32) -> MockPaper {
    MockPaper { id: id.into(), published: time(published), categories, version }
}

/// A new paper held in moderation (submitted Thursday morning, so the schedule
/// guesses Friday 24 April, W17), a cross-list, two replacements of older papers and
/// an abstract-only change, and a cross-list added to an old paper.
fn server() -> MockArxiv {
    let papers = vec![
        paper("2604.10001", "2026-04-23T15:00:00Z", vec!["cs.CL"], 1),
        paper("2604.10002", "2026-04-24T15:00:00Z", vec!["cs.LG", "cs.CL"], 1),
        paper("2603.20003", "2026-04-06T12:00:00Z", vec!["cs.CL"], 3),
        paper("2603.20004", "2026-04-13T12:00:00Z", vec!["cs.AI", "cs.CL"], 2),
        paper("2602.30005", "2026-02-02T12:00:00Z", vec!["cs.CL"], 1),
        paper("2602.30006", "2026-02-02T12:00:00Z", vec!["cs.LG", "cs.CL"], 1),
    ];
    let mock = MockArxiv::start(papers.clone());
    let kinds = ["new", "cross", "replace", "replace-cross", "absonly", "cross"];
    let items: Vec<(&MockPaper, &str)> = papers.iter().zip(kinds).collect();
    let day = NaiveDate::parse_from_str(DAY, "%Y-%m-%d").expect("day");
    mock.set_rss("cs.CL", rss_feed("cs.CL", day, &items));
    mock.set_rss("cs.LG", rss_feed("cs.LG", day, &[]));
    mock
}

fn announced(env: &TestEnv, mock: &MockArxiv, category: &str) -> assert_cmd::Command {
    announced_on(env, mock, category, None)
}

fn announced_on(env: &TestEnv, mock: &MockArxiv, category: &str, day: Option<&str>) -> assert_cmd::Command {
    let mut cmd = env.papers();
    cmd.args(["fetch", "--announced"])
        .args(day)
        .args(["--category", category, "--delay", "0"])
        .args(["--api-url", &mock.url, "--rss-url", &format!("{}/rss", mock.base)])
        .env("PAPERS_RETRY_BASE", "0.001");
    cmd
}

fn ids(listing: &serde_json::Value) -> Vec<String> {
    listing.as_array().expect("array").iter().map(|p| p["id"].as_str().expect("id").to_string()).collect()
}

#[test]
fn the_feed_dates_new_cross_and_replaced_papers() {
    let env = TestEnv::new();
    let mock = server();
    announced(&env, &mock, "cs.CL").assert().success().stderr(predicate::str::contains(
        "on 2026-04-27: 1 new paper, 2 cross-lists, 2 replacements, 1 abstract-only change",
    ));
    assert_eq!(stored_ids(&env).len(), 6, "every announced paper was fetched from the API");
    let old = json(&env.ok(&["show", "2602.30006", "--format", "json"]));
    assert_eq!(old["announced"], "2026-02-03", "a cross-list added to an old paper moves nothing");
    assert_eq!(old["announcements"][0]["announce_type"], "cross", "but is logged");
    let held = json(&env.ok(&["show", "2604.10001", "--format", "json"]));
    assert_eq!(held["announced"], DAY, "the feed's day overrides the estimate (2026-04-24)");
    assert_eq!(held["week"], "2026-W18");
    assert_eq!(held["versions"][0]["announce_type"], "new");
    assert_eq!(
        held["announcements"],
        serde_json::json!([{"announced": DAY, "version": 1, "announce_type": "new"}])
    );
    let touched = json(&env.ok(&["show", "2602.30005", "--format", "json"]));
    assert_eq!(touched["announcements"][0]["announce_type"], "absonly", "abstract-only changes are logged");
    assert_eq!(touched["announced"], "2026-02-03", "but move nothing");
    let text = env.ok(&["show", "2602.30005"]);
    assert!(text.contains("Announced:  2026-04-27 v1 absonly"), "{text}");
    let replaced = json(&env.ok(&["show", "2603.20003", "--format", "json"]));
    assert_eq!(replaced["announced"], "2026-04-07", "a replacement keeps its first listing date");
    let v3 = &replaced["versions"][1];
    assert_eq!(
        (&v3["version"], &v3["announced"], &v3["announce_type"]),
        (&3.into(), &DAY.into(), &"replace".into())
    );

    let week = json(&env.ok(&["list", "--week", "2026-W18", "--format", "json"]));
    assert_eq!(ids(&week), ["2603.20003", "2603.20004", "2604.10001", "2604.10002"]);
    assert_eq!(week[0]["replaced"], 3);
    assert_eq!(week[1]["replaced"], 2);
    assert!(week[2].get("replaced").is_none(), "new papers carry no mark");
    let new_only = json(&env.ok(&["list", "--week", "2026-W18", "--new-only", "--format", "json"]));
    assert_eq!(ids(&new_only), ["2604.10001", "2604.10002"], "--new-only drops the replacements");
    let table = env.ok(&["list", "--week", "2026-W18"]);
    assert!(table.contains("Paper 2603.20003 (v3, replaced)"), "{table}");
    let earlier = json(&env.ok(&["list", "--week", "2026-W15", "--format", "json"]));
    assert_eq!(ids(&earlier), ["2603.20003"], "first listed in W15, and not marked there");
    assert!(earlier[0].get("replaced").is_none());

    let digest = env.ok(&["export", "--week", "2026-W18"]);
    assert!(digest.contains("(v3, replaced)"), "{digest}");
    let digest_new = env.ok(&["export", "--week", "2026-W18", "--new-only"]);
    assert!(!digest_new.contains("2603.20003") && digest_new.contains("2604.10001"), "{digest_new}");
}

#[test]
fn reading_the_same_feed_again_fetches_and_changes_nothing() {
    let env = TestEnv::new();
    let mock = server();
    announced(&env, &mock, "cs.CL").assert().success();
    let before = env.ok(&["list", "--week", "2026-W18", "--format", "json"]);
    let api_calls = |m: &MockArxiv| m.requests().iter().filter(|r| r.path == "/api/query").count();
    let calls = api_calls(&mock);
    announced(&env, &mock, "cs.CL").assert().success();
    assert_eq!(api_calls(&mock), calls, "everything announced is already stored");
    assert_eq!(env.ok(&["list", "--week", "2026-W18", "--format", "json"]), before);
}

#[test]
fn an_empty_feed_is_a_day_without_announcements() {
    let env = TestEnv::new();
    let mock = server();
    announced(&env, &mock, "cs.LG")
        .assert()
        .success()
        .stderr(predicate::str::contains("empty: arXiv announces nothing on weekends and holidays"));
    assert!(stored_ids(&env).is_empty());
}

#[test]
fn the_wrong_day_or_an_unknown_feed_fails_and_stores_nothing() {
    let env = TestEnv::new();
    let mock = server();
    announced_on(&env, &mock, "cs.CL", Some("2026-04-28"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "papers: error: the feed holds the announcements of 2026-04-27, not 2026-04-28: arXiv's RSS keeps \
             only the latest day; use `papers fetch --week` for earlier ones\n",
        ));
    announced(&env, &mock, "math.NA")
        .assert()
        .failure()
        .stderr(predicate::str::contains("Bad archive or category: math.NA"));
    assert!(stored_ids(&env).is_empty());
}

#[test]
fn new_papers_the_api_lacks_are_stored_from_the_feed() {
    let env = TestEnv::new();
    let mock = MockArxiv::start(Vec::new());
    let new = paper("2604.50001", "2026-04-24T15:00:00Z", vec!["cs.CL", "cs.AI"], 1);
    let replaced = paper("2601.50002", "2026-01-05T12:00:00Z", vec!["cs.CL"], 2);
    let day = NaiveDate::parse_from_str(DAY, "%Y-%m-%d").expect("day");
    let odd = paper("2604.50003", "2026-04-24T15:00:00Z", vec!["cs.CL"], 1);
    let items = [(&new, "new"), (&replaced, "replace"), (&odd, "withdrawn")];
    mock.set_rss("cs.CL", rss_feed("cs.CL", day, &items));
    announced(&env, &mock, "cs.CL")
        .assert()
        .success()
        .stderr(predicate::str::contains("left out 2601.50002: the API returned nothing"))
        .stderr(
            predicate::str::contains("skipped an item of the cs.CL feed")
                .and(predicate::str::contains("withdrawn")),
        );
    assert_eq!(stored_ids(&env), ["2604.50001"], "a replacement is never made up as a new paper");
    let stored = json(&env.ok(&["show", "2604.50001", "--format", "json"]));
    assert_eq!((&stored["announced"], &stored["primary_category"]), (&DAY.into(), &"cs.CL".into()));
    assert_eq!(stored["authors"][1]["name"], "Second Author");
    assert_eq!(stored["published"], "2026-04-24T17:59:59Z", "the last submission listed on that Monday");
}

#[test]
fn each_tracked_category_is_read_on_its_own_and_a_paper_counts_once() {
    let env = TestEnv::new();
    let mock = server();
    let day = NaiveDate::parse_from_str(DAY, "%Y-%m-%d").expect("day");
    let cross_listed = paper("2604.10002", "2026-04-24T15:00:00Z", vec!["cs.LG", "cs.CL"], 1);
    mock.set_rss("cs.LG", rss_feed("cs.LG", day, &[(&cross_listed, "new")]));
    env.ok(&["track", "add", "cat:cs.CL", "cat:cs.LG"]);
    let mut cmd = env.papers();
    cmd.args(["fetch", "--announced", "--delay", "0", "--api-url", &mock.url])
        .args(["--rss-url", &format!("{}/rss", mock.base)])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 new papers, 1 cross-list, 2 replacements"));
    let feeds: Vec<String> =
        mock.requests().iter().filter(|r| r.path.starts_with("/rss/")).map(|r| r.path.clone()).collect();
    assert_eq!(feeds, ["/rss/cs.CL", "/rss/cs.LG"]);
    let paper = json(&env.ok(&["show", "2604.10002", "--format", "json"]));
    assert_eq!(paper["versions"][0]["announce_type"], "new", "its primary category's feed wins");
}
