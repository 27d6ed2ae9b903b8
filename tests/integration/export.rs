//! `papers export`: the digest in every format, golden files, and its errors.

use predicates::prelude::*;
use quick_xml::events::Event;

use crate::util::{TestEnv, fixture, json};

fn loaded() -> TestEnv {
    let env = TestEnv::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample-feed.xml");
    env.ok(&["import", sample.to_str().expect("utf-8"), &fixture("current-backend.xml")]);
    env
}

#[test]
fn every_format_matches_its_golden_file() {
    let env = loaded();
    for (format, extension) in [("html", "html"), ("json", "json"), ("bibtex", "bib"), ("csv", "csv")] {
        let golden = format!("expected/week-2024-W21.{extension}");
        let expected = std::fs::read_to_string(fixture(&golden)).expect("golden file");
        let got = env.ok(&["export", "--week", "2024-W21", "--format", format]);
        assert_eq!(got, expected, "{format} differs from {golden}; see tests/fixtures/expected/README.md");
    }
}

#[test]
fn markdown_matches_the_golden_digest() {
    let env = loaded();
    let expected = std::fs::read_to_string(fixture("expected/week-2024-W21.md")).expect("golden file");
    let got = env.ok(&["export", "--week", "2024-W21"]);
    assert_eq!(
        got, expected,
        "regenerate with: papers export --week 2024-W21 > tests/fixtures/expected/week-2024-W21.md"
    );
    // Every paper of the week appears exactly once.
    for id in [
        "2405.10101",
        "2405.10233",
        "2405.10987",
        "2405.11456",
        "2405.12001",
        "2405.12555",
        "2405.12981",
        "2405.14001",
    ] {
        assert_eq!(got.matches(&format!("(https://arxiv.org/abs/{id})")).count(), 1, "{id}");
    }
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    let env = loaded();
    for format in ["markdown", "html", "json", "bibtex", "csv"] {
        let first = env.ok(&["export", "--week", "2024-W21", "--format", format]);
        let second = env.ok(&["export", "--week", "2024-W21", "--format", format]);
        assert_eq!(first, second, "{format}");
        assert!(!first.is_empty(), "{format}");
    }
}

#[test]
fn html_is_well_formed_and_escaped() {
    let env = loaded();
    let html = env.ok(&["export", "--week", "2024-W22", "--format", "html"]);
    assert!(html.contains("When α &lt; 1 Beats Full Attention"), "TeX made readable: {html}");
    assert!(!html.contains("$"), "no maths delimiter is left");
    let mut reader = quick_xml::Reader::from_str(&html);
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("HTML does not parse at {}: {e}", reader.error_position()),
        }
        assert!(depth >= 0);
    }
    assert_eq!(depth, 0, "unclosed elements");
}

#[test]
fn bibtex_entries_are_complete_and_keys_unique() {
    let env = loaded();
    let bib = env.ok(&["export", "--week", "2024-W21", "--format", "bibtex"]);
    let mut keys = std::collections::BTreeSet::new();
    for entry in bib.split('@').skip(1) {
        let (kind, rest) = entry.split_once('{').expect("entry type");
        assert!(kind == "misc" || kind == "article", "{kind}");
        let key = rest.split_once(',').expect("key").0;
        assert!(keys.insert(key.to_string()), "duplicate key {key}");
        let (mut depth, mut escaped) = (1i32, false);
        for c in rest.chars() {
            match c {
                '\\' => escaped = !escaped,
                '{' if !escaped => depth += 1,
                '}' if !escaped => depth -= 1,
                _ => escaped = false,
            }
        }
        assert_eq!(depth, 0, "unbalanced braces in {key}");
        for field in ["title", "author", "year", "eprint", "archivePrefix = {arXiv}", "primaryClass", "url"] {
            assert!(rest.contains(field), "{key} lacks {field}");
        }
        if kind == "article" {
            assert!(rest.contains("journal"));
        }
    }
    assert_eq!(keys.len(), 8);
    assert!(
        bib.contains("title         = {{KV-Cache Compression for Long-Context LLM Inference \\& Serving}}")
    );
}

#[test]
fn top_sections_summaries_output_and_templates() {
    let env = loaded();
    let per_section = env.ok(&["export", "--week", "2024-W21", "--per-section", "1"]);
    let sections = per_section.matches("\n## ").count() - 1;
    assert_eq!(per_section.matches("\n### ").count(), sections, "one paper in each section with papers");
    let top = env.ok(&["export", "--week", "2024-W21", "--top", "2"]);
    assert_eq!(top.matches("\n### ").count(), 2, "the two most important papers of the week");
    assert!(top.contains("2 shown in"), "{top}");
    let attention = env.ok(&["export", "--week", "2024-W21", "--section", "5"]);
    assert!(attention.contains("## 1. Attention Models") && !attention.contains("Benchmarking\n\n###"));
    let short = env.ok(&[
        "export",
        "--week",
        "2024-W21",
        "--section",
        "Attention Models & Interpretability",
        "--summary-sentences",
        "1",
    ]);
    assert!(short.contains("shares keys and values across heads to shrink the KV cache.\n"), "{short}");
    assert!(short.ends_with("identify features that implement in-context learning.\n"), "{short}");
    let out = env.dir.path().join("digest.md");
    env.ok(&["export", "--week", "2024-W21", "--output", out.to_str().expect("utf-8")]);
    assert_eq!(std::fs::read_to_string(&out).expect("written"), env.ok(&["export", "--week", "2024-W21"]));
    let template = env.write(
        "mine.j2",
        "{{ digest.week }}: {% for s in digest.sections %}{{ s.name }}={{ s.papers | length }};{% endfor %}",
    );
    let custom = env.ok(&["export", "--week", "2024-W21", "--template", template.to_str().expect("utf-8")]);
    assert_eq!(
        custom,
        "2024-W21: Agents, Tools & Retrieval=1;LLM Training, Evaluation & Inference=3;LLM Quantization & Alignment=2;Attention Models & Interpretability=2;"
    );
}

#[test]
fn export_errors_are_clear() {
    let env = loaded();
    let broken = env.write("broken.j2", "line one\n{% for x in %}\n");
    env.papers()
        .args(["export", "--week", "2024-W21", "--template", broken.to_str().expect("utf-8")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("broken.j2: line 2:"));
    env.papers()
        .args(["export", "--week", "2024-W21", "--section", "Robotics"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown section 'Robotics'"));
    env.papers()
        .args(["export", "--week", "2024-W54"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2024 has 52 ISO weeks"));
    // Nothing to publish is an error, so a scheduled job never publishes an empty
    // digest; nothing is written.
    let output = env.db().with_file_name("empty.md");
    env.papers()
        .args(["export", "--week", "2030-W01", "-o", output.to_str().expect("utf-8")])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "nothing to export: no papers are listed in 2030-W01 in this database; fetch the week first",
        ))
        .stderr(predicate::str::contains("--allow-empty"));
    assert!(!output.exists(), "no file is written");
    env.papers()
        .args(["export", "--week", "2024-W23", "--new-only"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no paper was first listed in 2024-W23"));
    env.papers()
        .args(["export", "--week", "2024-W22", "--section", "LLM Quantization & Alignment"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "none of the 2 papers listed in 2024-W22 is in the sections asked for",
        ));
    let empty = env.ok(&["export", "--week", "2030-W01", "--allow-empty"]);
    assert!(empty.contains("Week 1 of 2030: no papers."), "{empty}");
}

#[test]
fn a_paper_with_no_abstract_has_no_summary_rather_than_an_empty_one() {
    let env = TestEnv::new();
    let feed = env.write(
        "bare.xml",
        "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns=\"http://www.w3.org/2005/Atom\">\n  <id>https://arxiv.org/api/bare</id>\n  <entry>\n    <id>http://arxiv.org/abs/2405.20001v1</id>\n    <title>Withdrawn Paper on Speculative Decoding</title>\n    <updated>2024-05-21T12:00:00Z</updated>\n    <summary></summary>\n    <published>2024-05-21T12:00:00Z</published>\n    <category term=\"cs.CL\" scheme=\"http://arxiv.org/schemas/atom\"/>\n    <arxiv:primary_category term=\"cs.CL\"/>\n    <author><name>Ada Example</name></author>\n  </entry>\n</feed>\n",
    );
    env.ok(&["import", feed.to_str().expect("utf-8")]);
    for summary in ["short", "full"] {
        let digest =
            json(&env.ok(&["export", "--week", "2024-W21", "--format", "json", "--summary", summary]));
        let paper = &digest["sections"][0]["papers"][0];
        assert_eq!(paper["id"], "2405.20001", "{digest}");
        assert_eq!(paper["summary"], serde_json::json!([]), "{summary}: {paper}");
    }
    let html = env.ok(&["export", "--week", "2024-W21", "--format", "html"]);
    assert!(!html.contains("<p></p>"), "{html}");
}

#[test]
fn papers_stored_without_a_prior_are_ranked_all_the_same_and_named_in_a_note() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("current-backend.xml")]);
    let before = env.ok(&["export", "--week", "2024-W21", "--format", "json"]);
    {
        let conn = rusqlite::Connection::open(env.db()).expect("open");
        conn.execute("UPDATE papers SET prior_featured = NULL, prior_picked = NULL", [])
            .expect("as an older papers left it");
    }
    let out = env.papers().args(["export", "--week", "2024-W21", "--format", "json"]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("were stored without an importance prior"), "{stderr}");
    assert!(stderr.contains("`papers classify --week 2024-W21` stores them"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), before, "the same ranking, worked out on the way");
    env.ok(&["classify", "--week", "2024-W21"]);
    let out = env.papers().args(["export", "--week", "2024-W21"]).output().expect("runs");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("without an importance prior"));
}
