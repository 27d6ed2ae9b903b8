//! `papers import`: counts, idempotence, versions, and all-or-nothing failures.

use predicates::prelude::*;

use crate::util::{TestEnv, fixture, json};

#[test]
fn imports_both_backends_and_reports_counts() {
    let env = TestEnv::new();
    let out = env.ok(&["import", &fixture("legacy-backend.xml"), &fixture("current-backend.xml")]);
    assert!(out.contains("legacy-backend.xml: 3 papers: 3 new, 0 updated, 0 unchanged"), "{out}");
    assert!(out.contains("current-backend.xml: 4 papers: 4 new, 0 updated, 0 unchanged"), "{out}");
    assert!(out.contains("total: 7 papers: 7 new, 0 updated, 0 unchanged"), "{out}");
    let stats = json(&env.ok(&["stats", "--format", "json"]));
    assert_eq!(stats["papers"], 7);
    assert_eq!(stats["schema_version"], 8);
}

#[test]
fn importing_again_changes_nothing() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("current-backend.xml")]);
    let before = env.ok(&["show", "2405.14001", "--format", "json"]);
    let stats_before = env.ok(&["stats", "--format", "json"]);
    let out = env.ok(&["import", &fixture("current-backend.xml")]);
    assert!(out.contains("4 papers: 0 new, 0 updated, 4 unchanged"), "{out}");
    assert_eq!(env.ok(&["show", "2405.14001", "--format", "json"]), before);
    assert_eq!(env.ok(&["stats", "--format", "json"]), stats_before);
}

#[test]
fn a_newer_version_updates_and_an_older_one_does_not() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("current-backend.xml")]);
    let out = env.ok(&["import", &fixture("newer-version.xml")]);
    assert!(out.contains("1 paper: 0 new, 1 updated, 0 unchanged"), "{out}");
    let out = env.ok(&["import", &fixture("current-backend.xml")]);
    assert!(out.contains("4 papers: 0 new, 0 updated, 4 unchanged"), "{out}");
    let shown = json(&env.ok(&["show", "2405.14001", "--format", "json"]));
    assert_eq!(shown["version"], 2);
    assert_eq!(shown["title"], "KV-Cache Compression for Long-Context Inference (Revised)");
    assert_eq!(shown["versions"][0]["version"], 1);
    assert_eq!(shown["versions"][1]["version"], 2);
    assert_eq!(shown["versions"][1]["submitted"], "2024-06-10T12:00:00Z");
}

#[test]
fn a_corrupt_file_keeps_nothing_and_is_named_with_its_position() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("legacy-backend.xml")]);
    let stats_before = env.ok(&["stats", "--format", "json"]);
    let truncated = fixture("truncated.xml");
    env.papers()
        .args(["import", &truncated])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("cannot import {truncated}:43:5: truncated XML: the input ends at byte 2443 inside <entry>; nothing from it was kept\n")))
        .stderr(predicate::str::contains("1 of 1").not());
    // The truncated file's first entry was complete, yet it must not be kept.
    env.papers().args(["show", "2405.14001"]).assert().code(1);
    assert_eq!(env.ok(&["stats", "--format", "json"]), stats_before);
}

#[test]
fn good_files_are_kept_when_another_fails() {
    let env = TestEnv::new();
    let garbage = env.write("rate-limited.xml", "Rate exceeded.");
    env.papers()
        .args(["import", &fixture("legacy-backend.xml"), garbage.to_str().expect("utf-8 path")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("legacy-backend.xml: 3 papers: 3 new"))
        .stderr(predicate::str::contains(
            "rate-limited.xml:1:1: not an arXiv Atom feed at byte 0: it holds the text 'Rate exceeded.'",
        ))
        .stderr(predicate::str::contains("papers: error: 1 of 2 files failed to import"));
    assert_eq!(json(&env.ok(&["stats", "--format", "json"]))["papers"], 3);
}

#[test]
fn an_error_feed_reports_arxivs_message() {
    let env = TestEnv::new();
    env.papers()
        .args(["import", &fixture("error-feed.xml")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("arXiv API error: incorrect id format for abc"));
}

#[test]
fn a_missing_file_is_named() {
    let env = TestEnv::new();
    env.papers()
        .args(["import", "no-such-feed.xml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot import no-such-feed.xml: No such file or directory"));
}

#[test]
fn dash_reads_standard_input() {
    let env = TestEnv::new();
    let feed = std::fs::read(fixture("current-backend.xml")).expect("fixture");
    env.papers()
        .args(["import", "-"])
        .write_stdin(feed)
        .assert()
        .success()
        .stdout(predicate::str::contains("<stdin>: 4 papers: 4 new"));
}

#[test]
fn an_empty_feed_imports_nothing_successfully() {
    let env = TestEnv::new();
    let out = env.ok(&["import", &fixture("empty-feed.xml")]);
    assert!(out.contains("0 papers: 0 new, 0 updated, 0 unchanged"), "{out}");
}

#[test]
fn quiet_prints_nothing_on_success() {
    let env = TestEnv::new();
    env.papers().args(["-q", "import", &fixture("empty-feed.xml")]).assert().success().stdout("");
}

#[test]
fn the_bundled_sample_feed_imports() {
    let env = TestEnv::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample-feed.xml");
    let out = env.ok(&["import", sample.to_str().expect("utf-8 path")]);
    assert!(out.contains("8 papers: 8 new, 0 updated, 0 unchanged"), "{out}");
    let stats = json(&env.ok(&["stats", "--format", "json"]));
    assert_eq!((stats["weeks"].as_u64(), stats["last_week"].as_str()), (Some(2), Some("2024-W22")));
}

fn journal_mode(env: &TestEnv) -> String {
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    conn.query_row("PRAGMA journal_mode", [], |row| row.get(0)).expect("mode")
}

#[test]
fn imports_write_through_the_wal_while_others_read() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("current-backend.xml")]);
    assert_eq!(journal_mode(&env), "wal");
    // A failed import rolls back and leaves no journal file.
    env.papers().args(["import", &fixture("truncated.xml")]).assert().failure();
    assert!(!env.dir.path().join("papers.db-journal").exists());
    assert_eq!(journal_mode(&env), "wal");
    // Another connection reading meanwhile sees the import once it is committed.
    let reader = rusqlite::Connection::open(env.db()).expect("open");
    let before: i64 = reader.query_row("SELECT count(*) FROM papers", [], |row| row.get(0)).expect("count");
    let out = env.ok(&["import", &fixture("legacy-backend.xml")]);
    assert!(out.contains("3 papers: 3 new"), "{out}");
    let after: i64 = reader.query_row("SELECT count(*) FROM papers", [], |row| row.get(0)).expect("count");
    assert_eq!((before, after), (4, 7));
    assert_eq!(journal_mode(&env), "wal");
}
