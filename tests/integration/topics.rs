//! Topics end to end: taxonomy files, classification at import, re-classification,
//! manual labels, explain, per-topic counts and eval.

use predicates::prelude::*;

use crate::util::{TestEnv, json};

fn sample() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample-feed.xml").display().to_string()
}

fn topics_of(env: &TestEnv, id: &str) -> Vec<(String, bool)> {
    let paper = json(&env.ok(&["show", id, "--format", "json"]));
    paper["topics"]
        .as_array()
        .expect("topics array")
        .iter()
        .map(|t| (t["slug"].as_str().unwrap_or_default().to_string(), t["manual"].as_bool().unwrap_or(false)))
        .collect()
}

#[test]
fn import_assigns_topics_and_topics_counts_them_by_section() {
    let env = TestEnv::new();
    env.ok(&["import", &sample()]);
    let expected = [
        ("2405.10101", "peft"),
        ("2405.10233", "inference"),
        ("2405.11456", "alignment"),
        ("2405.12555", "quantization"),
        ("2405.12981", "interpretability"),
    ];
    for (id, topic) in expected {
        assert_eq!(topics_of(&env, id)[0], (topic.to_string(), false), "{id}: the best topic");
    }
    let slugs = |id: &str| topics_of(&env, id).into_iter().map(|t| t.0).collect::<Vec<_>>();
    assert_eq!(slugs("2405.12001"), ["attention", "inference"], "grouped-query attention is both");
    assert_eq!(slugs("2405.13004")[..2], ["multilingual", "retrieval"]);
    let out = env.ok(&["topics", "--week", "2024-W21"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "LLM Progress & Benchmarking");
    assert!(out.contains("  attention               1  Attention & architectures"), "{out}");
    assert!(out.contains("  retrieval               0"), "2405.13004 is listed in W22:\n{out}");
}

#[test]
fn a_user_taxonomy_replaces_the_default_and_stale_topics_are_reported() {
    let env = TestEnv::new();
    env.ok(&["import", &sample()]);
    let custom = env.write(
        "mine.toml",
        "[[section]]\nname = \"Efficiency\"\ntopics = [\"fast\"]\n\n[[topic]]\nslug = \"fast\"\nname = \"Fast\"\ndescription = \"Speed\"\n[topic.include]\n\"speculative decoding\" = 3\n\"quantization\" = 3\n",
    );
    let custom = custom.to_str().expect("utf-8 path");
    env.papers()
        .args(["--taxonomy", custom, "topics"])
        .assert()
        .success()
        .stderr(predicate::str::contains("8 papers were classified with another taxonomy"));
    env.papers()
        .args(["--taxonomy", custom, "classify"])
        .assert()
        .success()
        .stdout(predicate::str::contains("classified 8 papers"));
    env.papers().args(["--taxonomy", custom, "topics"]).assert().success().stderr("");
    assert_eq!(topics_of(&env, "2405.10233"), [("fast".to_string(), false)]);
    assert!(topics_of(&env, "2405.10101").is_empty());
    // The default again, through PAPERS_TAXONOMY pointing nowhere useful: an error naming the file.
    env.papers()
        .args(["topics"])
        .env("PAPERS_TAXONOMY", "/nonexistent/taxonomy.toml")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read taxonomy /nonexistent/taxonomy.toml"));
}

#[test]
fn taxonomy_init_writes_an_editable_copy_and_bad_files_name_the_line() {
    let env = TestEnv::new();
    let shown = env.ok(&["taxonomy", "show"]);
    assert!(shown.contains("slug = \"attention\""));
    env.ok(&["taxonomy", "init"]);
    let path = env.dir.path().join("xdg-config/papers/taxonomy.toml");
    assert_eq!(std::fs::read_to_string(&path).expect("written"), shown);
    env.papers()
        .args(["taxonomy", "init"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    let broken = shown.replacen("slug = \"inference\"", "slug = \"attention\"", 1);
    std::fs::write(&path, broken).expect("write");
    let line = shown.lines().position(|l| l == "slug = \"inference\"").expect("line") + 1;
    env.papers().args(["taxonomy", "show"]).assert().code(1).stderr(predicate::str::contains(format!(
        "taxonomy.toml line {line}: duplicate topic slug 'attention'"
    )));
}

#[test]
fn manual_labels_override_and_survive_reclassification() {
    let env = TestEnv::new();
    env.ok(&["import", &sample()]);
    env.ok(&["label", "2405.12981", "+attention", "-interpretability", "-domain"]);
    assert_eq!(topics_of(&env, "2405.12981"), [("attention".to_string(), true)]);
    env.ok(&["classify"]);
    assert_eq!(topics_of(&env, "2405.12981"), [("attention".to_string(), true)]);
    env.papers()
        .args(["label", "2405.12981", "+atention"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown topic 'atention'; did you mean 'attention'?"));
    env.papers()
        .args(["label", "2405.12981", "attention"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("write +topic to add a topic or -topic to remove one"));
    let explained = env.ok(&["explain", "2405.12981"]);
    assert!(
        explained.contains("manual label: +attention")
            && explained.contains("manual label: -interpretability")
    );
}

#[test]
fn explain_accounts_for_every_assigned_topic() {
    let env = TestEnv::new();
    env.ok(&["import", &sample()]);
    let text = env.ok(&["explain", "2405.13004"]);
    assert!(text.contains("\nretrieval 1.00 against "), "the model's verdict: {text}");
    assert!(text.contains("phrases \"retrieval\""), "the phrase score is a feature: {text}");
    assert!(text.contains("retrieval 16.00 (assigned)"), "the phrases' own verdict: {text}");
    assert!(text.contains("\"retrieval augmented generation\" in title"), "{text}");
    let explained = json(&env.ok(&["explain", "2405.13004", "--format", "json"]));
    assert!(
        text.contains("\ndigest section: LLM Progress & Benchmarking (its topic multilingual)\n"),
        "{text}"
    );
    assert_eq!(explained["section"], "LLM Progress & Benchmarking", "the best topic files it");
    for (slug, _) in topics_of(&env, "2405.13004") {
        let topic = explained["model"]
            .as_array()
            .expect("the model's topics")
            .iter()
            .find(|t| t["slug"] == slug)
            .expect("explained");
        assert_eq!(topic["assigned"], true, "{slug}");
        let probability = topic["probability"].as_f64().unwrap_or_default();
        assert!(probability >= topic["threshold"].as_f64().unwrap_or(1.0), "{slug}");
        assert!(!topic["contributions"].as_array().expect("contributions").is_empty(), "{slug}");
    }
}

#[test]
fn eval_reports_precision_recall_and_micro_f1() {
    let env = TestEnv::new();
    let file = env.write(
        "labelled.jsonl",
        concat!(
            "{\"id\": \"1\", \"title\": \"LoRA adapters for small models\", \"abstract\": \"We study low-rank adaptation.\", \"topics\": [\"peft\"]}\n",
            "{\"id\": \"2\", \"title\": \"Power transformer cooling\", \"abstract\": \"Oil flow in transformer windings.\", \"topics\": []}\n",
            "{\"id\": \"3\", \"title\": \"KV cache eviction\", \"abstract\": \"Faster LLM inference.\", \"topics\": [\"inference\", \"attention\"]}\n",
        ),
    );
    let out = env.ok(&["eval", file.to_str().expect("utf-8"), "--mistakes"]);
    assert!(out.starts_with("3 papers, taxonomy "), "{out}");
    // The phrases alone, then the model: precision, recall, F1; then the labels.
    assert!(
        out.contains("peft                  1.000  1.000  1.000       1.000  1.000  1.000      1"),
        "{out}"
    );
    assert!(
        out.contains("attention             1.000  0.000  0.000       1.000  0.000  0.000      1"),
        "{out}"
    );
    assert!(
        out.contains("domain                1.000  1.000  1.000       0.000  1.000  0.000      0"),
        "{out}"
    );
    assert!(out.contains("micro                 1.000  0.667  0.800       0.667  0.667  0.667"), "{out}");
    assert!(out.contains("2: labelled [], classified [domain]"), "the model's mistakes are listed: {out}");
    assert!(out.contains("3: labelled [attention, inference], classified [inference]"), "{out}");
    let shipped = env.ok(&["eval"]);
    assert!(shipped.starts_with("500 papers, taxonomy "), "the shipped held-out set by default: {shipped}");
    let bad = env.write("bad.jsonl", "{\"id\": 1}\n");
    env.papers()
        .args(["eval", bad.to_str().expect("utf-8")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.jsonl: line 1: invalid type"));
}

#[test]
fn train_learns_a_new_topic_from_labels_and_list_finds_it() {
    let env = TestEnv::new();
    env.ok(&["import", &sample()]);
    env.papers()
        .args(["label", "2405.10233", "+serving"])
        .assert()
        .success()
        .stderr(predicate::str::contains("'serving' is a new topic"));
    env.ok(&["label", "2405.12001", "+serving"]);
    let trained = env.ok(&["train"]);
    assert!(trained.contains("new topics: serving"), "{trained}");
    assert!(trained.contains("re-classified 8 papers with it"), "{trained}");
    // Two labels are too few: it takes nothing yet, and says what to label.
    assert!(
        trained.contains(
            "serving (yours): it finds 0 of your 2 papers (recall 0.00) at precision 0.00\n  (cross-validated"
        ),
        "{trained}"
    );
    assert!(trained.contains("it takes 0 of the 0 you labelled outside it, and 0 of the "), "{trained}");
    assert!(trained.contains(" unlabelled papers it learned against; threshold "), "{trained}");
    assert!(
        trained.contains("it takes nothing yet: label more papers in it with `papers label ID +serving`"),
        "{trained}"
    );
    let (_, suggested) = trained.split_once("worth labelling next").expect("suggestions");
    let suggested: Vec<&str> =
        suggested.lines().skip(1).filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(suggested.len(), 6, "every unlabelled paper, nearest the threshold first: {trained}");
    assert!(
        !suggested.contains(&"2405.10233") && !suggested.contains(&"2405.12001"),
        "labelled papers are not suggested"
    );
    assert!(env.dir.path().join("papers.model").exists(), "the model is saved beside the database");
    let found = env.ok(&["list", "--topic", "serving", "--format", "csv"]);
    assert!(found.contains("2405.10233") && found.contains("2405.12001"), "{found}");
    let explained = env.ok(&["explain", "2405.12001"]);
    assert!(explained.contains("\nserving "), "{explained}");
    env.papers()
        .args(["label", "2405.12001", "+servng"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown topic 'servng'; did you mean 'serving'?"));
}
