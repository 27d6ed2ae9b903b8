//! `papers show`: the JSON contract, the text view, and listing weeks.

use predicates::prelude::*;

use crate::util::{TestEnv, fixture, json};

#[test]
fn json_has_the_stable_fields() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("current-backend.xml")]);
    let mut paper = json(&env.ok(&["show", "2405.14001", "--format", "json"]));
    let importance = paper.as_object_mut().and_then(|p| p.remove("importance")).expect("importance");
    assert_eq!(importance["score"], 2.53, "{importance}");
    let signals: Vec<&str> =
        importance["parts"].as_array().expect("parts").iter().filter_map(|p| p["signal"].as_str()).collect();
    assert_eq!(signals, ["curator prior", "expected attention"]);
    assert_eq!(
        importance["parts"][1]["detail"],
        "signals not read: featured with probability 4% by the community prior"
    );
    let expected = serde_json::json!({
        "id": "2405.14001",
        "version": 1,
        "title": "KV-Cache Compression for Long-Context LLM Inference & Serving",
        "title_clean": "KV-Cache Compression for Long-Context LLM Inference & Serving",
        "authors": [
            {"name": "Ana María Nuñez", "affiliations": ["Universidad de Ejemplo", "Example AI Lab"]},
            {"name": "李 小龙", "affiliations": []},
            {"name": "Zoë O'Brien", "affiliations": ["Example AI Lab"]}
        ],
        "abstract": "Serving long contexts is bound by the key-value cache. We compress it 4.5x with <1% loss, e.g. on LongBench, and release code at https://github.com/example/kvpress. Our method needs no retraining.",
        "abstract_clean": "Serving long contexts is bound by the key-value cache. We compress it 4.5x with <1% loss, e.g. on LongBench, and release code at https://github.com/example/kvpress. Our method needs no retraining.",
        "primary_category": "cs.CL",
        "categories": ["cs.CL", "cs.LG"],
        "published": "2024-05-23T17:59:04Z",
        "updated": "2024-05-23T17:59:04Z",
        "announced": "2024-05-24",
        "week": "2024-W21",
        "comment": "Accepted at ICML 2024. Code: https://github.com/example/kvpress",
        "journal_ref": "Proc. Fake Conf. 2024, pp. 1-10",
        "dois": ["10.1000/fake.2024.1", "10.1000/fake.2024.2"],
        "links": {"abs": "https://arxiv.org/abs/2405.14001v1", "pdf": "https://arxiv.org/pdf/2405.14001v1"},
        "topics": [{"slug": "inference", "score": 1.0}],
        "section": "LLM Training, Evaluation & Inference",
        "versions": [{"version": 1, "submitted": "2024-05-23T17:59:04Z", "announced": "2024-05-24"}],
        "signals": null,
        "edits": []
    });
    assert_eq!(paper, expected);
}

#[test]
fn the_deadline_second_decides_the_week() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("current-backend.xml")]);
    // Submitted 2024-05-23T17:59:04Z (13:59:04 EDT, Thursday): listed Friday.
    let before = json(&env.ok(&["show", "2405.14001", "--format", "json"]));
    assert_eq!(
        (before["announced"].as_str(), before["week"].as_str()),
        (Some("2024-05-24"), Some("2024-W21"))
    );
    // Submitted 2024-05-23T18:00:00Z (14:00:00 EDT): the next cycle, listed Monday.
    let after = json(&env.ok(&["show", "2405.14002", "--format", "json"]));
    assert_eq!((after["announced"].as_str(), after["week"].as_str()), (Some("2024-05-27"), Some("2024-W22")));
}

#[test]
fn holidays_move_the_listing_date() {
    let env = TestEnv::new();
    env.papers()
        .args(["import", &fixture("current-backend.xml")])
        .env("PAPERS_HOLIDAYS", "2024-05-23")
        .assert()
        .success();
    let paper = json(&env.ok(&["show", "2405.14001", "--format", "json"]));
    assert_eq!(paper["announced"], "2024-05-27", "Thursday's announcement was skipped");
    env.papers()
        .args(["--holidays", "2024-13-01", "stats"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'2024-13-01' is not a date from 1991 on"));
}

#[test]
fn text_view_labels_everything() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("legacy-backend.xml")]);
    let out = env.ok(&["show", "arXiv:hep-th/9901001v1"]);
    let expected = [
        "hep-th/9901001v2  Dreaming of Branes: A σ-Model Approach to D-Brane Dynamics",
        "Authors:    A. N. Other",
        "Categories: hep-th (primary), math.AG",
        "Submitted:  1999-01-04 15:30:00 UTC (v1)",
        "Listed:     1999-01-05 (Tuesday, week 1999-W01)",
        "Versions:   v1 1999-01-04 15:30 UTC, v2 1999-02-10 11:00 UTC",
        "Page:       http://arxiv.org/abs/hep-th/9901001v2",
    ];
    for line in expected {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in\n{out}");
    }
    assert!(!out.contains('\u{1b}'), "no colour when NO_COLOR is set");
}

#[test]
fn old_style_ids_with_a_subject_class_resolve() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("legacy-backend.xml")]);
    let paper = json(&env.ok(&["show", "math.GT/0309136", "--format", "json"]));
    assert_eq!(paper["id"], "math/0309136");
    assert_eq!(paper["primary_category"], "math.GT");
}

#[test]
fn unknown_and_malformed_ids_get_one_line_errors() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("empty-feed.xml")]);
    env.papers().args(["show", "2401.99999"]).assert().code(1).stderr(
        "papers: error: paper 2401.99999 is not in the database (fetch it with `papers fetch --id 2401.99999`)\n",
    );
    env.papers()
        .args(["show", "abc"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'abc' is not an arXiv id"));
}
