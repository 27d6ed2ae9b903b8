//! `papers list` and `papers weeks` on the bundled sample and the fixtures.

use predicates::prelude::*;

use crate::util::{TestEnv, feed, fixture, json};

fn loaded() -> TestEnv {
    let env = TestEnv::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample-feed.xml");
    env.ok(&["import", sample.to_str().expect("utf-8"), &fixture("current-backend.xml")]);
    env
}

fn ids(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--format", "jsonl"];
    all.extend_from_slice(args);
    env.ok(&all).lines().map(|l| json(l)["id"].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn filters_combine_with_and_and_topics_with_or() {
    let env = loaded();
    assert_eq!(ids(&env, &["--topic", "attention", "--week", "2024-W21"]), ["2405.12001"]);
    assert_eq!(
        ids(&env, &["--topic", "attention", "--topic", "inference", "--week", "2024-W21"]),
        ["2405.10233", "2405.12001", "2405.14001"]
    );
    assert_eq!(
        ids(&env, &["--topic", "inference", "--topic", "attention", "--category", "cs.CL"]),
        ["2405.10233", "2405.14001", "2405.14002"],
        "primary or cross-listed"
    );
    assert_eq!(ids(&env, &["--section", "LLM Quantization & Alignment"]), ["2405.11456", "2405.12555"]);
    assert_eq!(ids(&env, &["--section", "5"]), ["2405.12001", "2405.12981", "2405.14002"]);
    assert_eq!(
        ids(&env, &["--since", "2024-05-24", "--until", "2024-05-27"]),
        ["2405.12981", "2405.14001", "2405.13004", "2405.14002"]
    );
    assert_eq!(ids(&env, &["--author", "Zoë O'Brien"]), ["2405.12981", "2405.14001"]);
    assert_eq!(
        ids(&env, &["--author", "zoe o brien"]),
        ["2405.12981", "2405.14001"],
        "case and accents fold"
    );
}

#[test]
fn full_text_search_takes_words_and_phrases() {
    let env = loaded();
    assert_eq!(ids(&env, &["--search", "\"kv cache\""]), ["2405.12001", "2405.14001"]);
    assert_eq!(ids(&env, &["--search", "cache compress*"]), ["2405.14001"]);
    assert_eq!(ids(&env, &["--search", "attention", "--topic", "attention"]), ["2405.12001", "2405.14002"]);
    // FTS5 syntax in the input is taken literally, never an SQL error.
    env.ok(&["list", "--search", "NEAR(attention AND) OR -"]);
    env.papers()
        .args(["list", "--search", "\"kv cache"])
        .assert()
        .code(1)
        .stderr("papers: error: cannot search for '\"kv cache': a quote is not closed\n");
}

#[test]
fn sorting_reversing_and_limits() {
    let env = loaded();
    let by_title = ids(&env, &["--week", "2024-W21", "--sort", "title", "--limit", "3"]);
    assert_eq!(by_title, ["2405.12555", "2405.10987", "2405.11456"]);
    let newest = ids(&env, &["--week", "2024-W21", "--reverse", "--limit", "1"]);
    assert_eq!(newest, ["2405.14001"]);
    let by_score = ids(&env, &["--topic", "inference", "--sort", "score"]);
    assert_eq!(by_score.len(), 3);
    assert_eq!(by_score.last().map(String::as_str), Some("2405.12001"), "its inference is the least likely");
}

#[test]
fn every_format_carries_the_same_papers() {
    let env = loaded();
    let args = ["list", "--topic", "attention", "--week", "2024-W21"];
    let table = env.ok(&[&args[..], &["--format", "table"]].concat());
    assert_eq!(
        table,
        "ID          LISTED      PRIMARY  TOPICS               TITLE\n2405.12001  2024-05-22  cs.LG    attention,inference  GQA at Scale: When Grouped-Query Attention Matches Multi-Head Attention\n"
    );
    let narrow = env.papers().args(args).env("COLUMNS", "60").output().expect("run");
    let narrow = String::from_utf8(narrow.stdout).expect("utf-8");
    assert!(narrow.lines().all(|l| l.chars().count() <= 60), "{narrow}");
    assert!(narrow.contains("  attention  GQA at Scale: When Group…"), "the queried topic only: {narrow}");
    let records = json(&env.ok(&[&args[..], &["--format", "json"]].concat()));
    assert_eq!(records[0]["id"], "2405.12001");
    assert_eq!(records[0]["topics"][0]["slug"], "attention");
    assert_eq!(records[0]["section"], "Attention Models & Interpretability");
    assert_eq!(records[0]["week"], "2024-W21");
    let csv = env.ok(&[&args[..], &["--format", "csv"]].concat());
    assert!(
        csv.lines().nth(1).expect("row").starts_with(
            "2405.12001,1,2024-05-22,2024-W21,cs.LG,cs.LG,attention inference,Attention Models & Interpretability,"
        )
    );
    let markdown = env.ok(&[&args[..], &["--format", "markdown"]].concat());
    assert!(markdown.starts_with("- [GQA at Scale: When Grouped-Query Attention Matches Multi-Head Attention](https://arxiv.org/abs/2405.12001v1)"));
}

#[test]
fn bad_filters_get_clear_errors_and_no_match_is_not_an_error() {
    let env = loaded();
    env.papers()
        .args(["list", "--topic", "quantizaton"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown topic 'quantizaton'; did you mean 'quantization'?"));
    // Names far from every topic get no guess; common names are aliases.
    env.papers()
        .args(["list", "--topic", "foo"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown topic 'foo'; the topics are attention, "));
    let rag = env.ok(&["list", "--topic", "RAG", "--format", "csv"]);
    assert_eq!(rag, env.ok(&["list", "--topic", "retrieval", "--format", "csv"]));
    env.papers().args(["list", "--section", "Robotics"]).assert().code(1).stderr(predicate::str::contains(
        "unknown section 'Robotics'; the sections are 1 (LLM Progress & Benchmarking)",
    ));
    env.papers()
        .args(["list", "--category", "cs.XX"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean"));
    env.papers()
        .args(["list", "--week", "2024-W99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2024 has 52 ISO weeks"));
    // An empty ranking as CSV is its header, as a plain list of nothing is not.
    let ranked = env.ok(&["list", "--week", "2030-W01", "--sort", "importance", "--format", "csv"]);
    assert!(ranked.starts_with("id,version,") && ranked.lines().count() == 1, "{ranked}");
    env.papers()
        .args(["list", "--week", "2030-W01"])
        .assert()
        .success()
        .stdout("")
        .stderr("papers: no papers match\n");
    env.papers().args(["list", "--week", "2030-W01", "--format", "json"]).assert().success().stdout("[]\n");
}

#[test]
fn weeks_lists_counts_and_top_topics() {
    let env = loaded();
    let out = env.ok(&["weeks"]);
    let lines: Vec<&str> = out.lines().collect();
    // 2405.14002 was first listed in 2024-W22; its v3 lists it again in W23.
    assert_eq!(lines[0], "2024-W23  0 new  1 replaced  attention 1");
    assert_eq!(lines[1], "2024-W22  2 new  0 replaced  attention 1, multilingual 1, retrieval 1");
    assert!(lines[2].starts_with("2024-W21  8 new  0 replaced  inference 3, "), "{out}");
    let weeks = json(&env.ok(&["weeks", "--format", "json"]));
    assert_eq!(weeks[2]["week"], "2024-W21");
    assert_eq!(weeks[2]["papers"], 8);
    assert_eq!(weeks[0]["replaced"], 1);
}

#[test]
fn open_ended_date_ranges_and_new_only_without_one() {
    let env = loaded();
    let since = ids(&env, &["--since", "2024-05-27"]);
    assert_eq!(since.len(), 2, "the papers listed from 27 May on: {since:?}");
    let until = ids(&env, &["--until", "2024-05-19"]);
    assert_eq!(until, ["astro-ph/0601001", "2104.12255"], "the papers listed up to 19 May");
    let all = ids(&env, &[]);
    assert_eq!(since.len() + until.len() + ids(&env, &["--week", "2024-W21"]).len(), all.len());
    env.papers()
        .args(["list", "--new-only"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--new-only needs --week, --since or --until"));
}

#[test]
fn a_long_list_streams_in_chunks_as_one_json_array() {
    let env = TestEnv::new();
    let big = env.write("big.xml", &feed(50_000, 1_234));
    // An old-style id sorts after the others on the same day, so its wide cells
    // come in the last chunk.
    let wide =
        feed(0, 1).replace("2405.00000", "cond-mat/0405999").replace("\"cs.CL\"", "\"cond-mat.stat-mech\"");
    let wide = env.write("wide.xml", &wide);
    env.ok(&["import", big.to_str().expect("utf-8"), wide.to_str().expect("utf-8")]);
    let array = json(&env.ok(&["list", "--week", "2024-W21", "--format", "json"]));
    let lines: Vec<serde_json::Value> =
        env.ok(&["list", "--week", "2024-W21", "--format", "jsonl"]).lines().map(json).collect();
    assert_eq!(array.as_array().map(Vec::len), Some(1_235));
    assert_eq!(array, serde_json::Value::Array(lines.clone()));
    let csv = env.ok(&["list", "--week", "2024-W21", "--format", "csv"]);
    assert_eq!(csv.lines().filter(|l| l.starts_with("id,")).count(), 1, "one header");
    assert_eq!(csv.lines().count(), 1_236);
    // Ranked by importance, the papers are read back a chunk at a time as well.
    let ranked = env.ok(&["list", "--week", "2024-W21", "--sort", "importance", "--format", "jsonl"]);
    let mut ranked: Vec<serde_json::Value> = ranked.lines().map(|line| json(line)["id"].clone()).collect();
    let mut listed: Vec<serde_json::Value> = lines.iter().map(|paper| paper["id"].clone()).collect();
    ranked.sort_by_key(|id| id.to_string());
    listed.sort_by_key(|id| id.to_string());
    assert_eq!((ranked.len(), ranked), (1_235, listed));
    // The table is written a chunk at a time too, its columns fitted to every row
    // first: the titles line up from the first chunk to the last.
    let table = env.ok(&["list", "--week", "2024-W21"]);
    let title_at = table.lines().next().and_then(|header| header.find("TITLE")).expect("a header");
    assert_eq!(table.lines().count(), 1_236);
    assert!(
        table.lines().last().is_some_and(|last| last.starts_with("cond-mat/0405999  2024-05-22")),
        "{table}"
    );
    for line in table.lines().skip(1) {
        let (before, title) = line.split_at_checked(title_at).expect("a full row");
        assert!(before.ends_with("  ") && !title.starts_with(' '), "{title_at}: {line}");
    }
}
