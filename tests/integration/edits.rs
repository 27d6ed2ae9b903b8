//! `papers pick`, `drop` and `note`: a writer's picks stay in their week's digest
//! whatever their rank (under the section they name), drops stay out, notes show
//! under the heading; picks come from ids, id lists or past digests, every edit
//! can be taken back, survives a re-export and teaches a taste.

use predicates::prelude::*;

use crate::util::{TestEnv, json};

/// The bundled sample: seven papers listed in 2024-W21 (and one in W22).
fn sample() -> TestEnv {
    let env = TestEnv::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample-feed.xml");
    env.ok(&["import", sample.to_str().expect("utf-8")]);
    env
}

/// The ids of a week's digest in order, and which of them are marked picked.
fn digest(env: &TestEnv, top: &str) -> (Vec<String>, Vec<String>) {
    let digest = json(&env.ok(&["export", "--week", "2024-W21", "--format", "json", "--top", top]));
    let papers: Vec<&serde_json::Value> = digest["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .flat_map(|s| s["papers"].as_array().expect("papers"))
        .collect();
    let id = |p: &&serde_json::Value| p["id"].as_str().expect("id").to_string();
    let picked = papers.iter().filter(|p| p["picked"] == true).map(id).collect();
    (papers.iter().map(id).collect(), picked)
}

/// The week's papers, most important first.
fn ranked(env: &TestEnv) -> Vec<String> {
    let listed = json(&env.ok(&["list", "--week", "2024-W21", "--sort", "importance", "--format", "json"]));
    listed.as_array().expect("list").iter().map(|p| p["id"].as_str().expect("id").to_string()).collect()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

fn picks(env: &TestEnv) -> Vec<String> {
    env.ok(&["pick", "--list"]).lines().map(str::to_string).collect()
}

#[test]
fn a_pick_stays_in_its_weeks_digest_whatever_its_rank() {
    let env = sample();
    let everything = ranked(&env);
    assert_eq!(everything.len(), 7);
    let (top, picked) = digest(&env, "2");
    assert_eq!((sorted(top), picked.len()), (sorted(everything[..2].to_vec()), 0));
    let last = everything.last().expect("a paper").clone();
    env.papers()
        .args(["pick", &last])
        .assert()
        .success()
        .stderr(predicate::str::contains("picked 1 paper for 2024-W21\n"))
        .stderr(predicate::str::contains("learned your taste from 1 pick over 1 week"));
    let (top, picked) = digest(&env, "2");
    assert_eq!(picked, std::slice::from_ref(&last));
    assert_eq!(top.len(), 2, "the pick takes one of the two places");
    assert!(top.contains(&last) && top.contains(&everything[0]), "{top:?}");
    let shown = env.ok(&["show", &last]);
    assert!(shown.contains("Digest:     2024-W21 picked\n"), "{shown}");
    let record = json(&env.ok(&["show", &last, "--format", "json"]));
    assert_eq!(record["edits"][0]["week"], "2024-W21");
    assert_eq!(record["edits"][0]["choice"], "picked");
    // Taken back, it ranks as before, and no taste is left.
    env.papers()
        .args(["pick", "--remove", &last])
        .assert()
        .success()
        .stderr(predicate::str::contains("took back 1 pick"))
        .stderr(predicate::str::contains("no picks of stored papers"));
    let (top, picked) = digest(&env, "2");
    assert_eq!((sorted(top), picked.len()), (sorted(everything[..2].to_vec()), 0));
    assert!(!env.ok(&["show", &last]).contains("Digest:"));
}

#[test]
fn picks_come_from_id_lists_and_past_digests() {
    let env = sample();
    let list = env.write("ids.txt", "# my picks\n2405.12981\n\n2405.10101v2 the adapter library\n");
    env.ok(&["pick", "--import", list.to_str().expect("utf-8")]);
    let listed = picks(&env);
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(
        listed[0].starts_with("2024-W21  2405.10101  picked  Towards Modular Language Models"),
        "{listed:?}"
    );
    // A digest written by `export` names every paper it shows in its links.
    let markdown = env.ok(&["export", "--week", "2024-W21", "--top", "3"]);
    let digest_file = env.write("digest.md", &markdown);
    env.papers()
        .args(["pick", "--import", digest_file.to_str().expect("utf-8")])
        .assert()
        .success()
        .stderr(predicate::str::contains("for 2024-W21"));
    let (_, picked) = digest(&env, "20");
    assert!(picked.len() >= 3 && picked.len() <= 5, "{picked:?}");
    assert_eq!(picks(&env).len(), picked.len(), "every pick is marked in the digest");
}

#[test]
fn an_unknown_paper_is_refused_and_nothing_is_stored() {
    let env = sample();
    env.papers()
        .args(["pick", "2405.12981", "2405.99999"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("paper 2405.99999 is not in the database"))
        .stderr(predicate::str::contains("--week"));
    assert!(picks(&env).is_empty(), "one bad id leaves the picks as they were");
    let unknown = env.write("unknown.txt", "2405.99998\n2405.99999\n");
    env.papers()
        .args(["pick", "--import", unknown.to_str().expect("utf-8")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("none of the papers"))
        .stderr(predicate::str::contains("(2) is in the database"));
    let prose = env.write("prose.md", "Nothing here: 1234 things happened in 2024.05.\n");
    env.papers()
        .args(["pick", "--import", prose.to_str().expect("utf-8")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("names no arXiv paper"));
    // With --week, a paper not fetched yet can be picked for a week.
    env.ok(&["pick", "--week", "2024-W21", "2405.99999"]);
    assert_eq!(picks(&env), ["2024-W21  2405.99999  picked  (not in the database)"]);
    env.papers().args(["pick"]).assert().code(2);
    env.papers().args(["pick", "--list", "2405.12981"]).assert().code(2);
    env.papers().args(["pick", "--relearn", "--week", "2024-W21"]).assert().code(2);
    // Taking back papers that are not picked changes nothing and says so.
    env.papers()
        .args(["pick", "--remove", "2405.12981"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("none of these papers is picked"));
    env.ok(&["pick", "2405.12981", "2405.12981"]);
    env.papers()
        .args(["pick", "--remove", "2405.12981", "2405.10101"])
        .assert()
        .success()
        .stderr(predicate::str::contains("not picked, so left as they are: 2405.10101"))
        .stderr(predicate::str::contains("took back 1 pick"));
}

#[test]
fn the_taste_learned_from_picks_moves_the_scores() {
    let env = sample();
    env.ok(&["pick", "2405.12981", "2405.10101"]);
    let record = json(&env.ok(&["show", "2405.12981", "--format", "json"]));
    assert_eq!(record["importance"]["picked"], serde_json::json!(["2024-W21"]), "{record}");
    assert_eq!(record["edits"][0]["choice"], "picked", "{record}");
    let parts = record["importance"]["parts"].as_array().expect("parts");
    assert!(parts.iter().any(|p| p["signal"] == "your taste"), "{parts:?}");
    env.papers()
        .args(["pick", "--relearn"])
        .assert()
        .success()
        .stderr(predicate::str::contains("learned your taste from 2 picks over 1 week"));
}

#[test]
fn a_pick_the_digest_cannot_show_is_named() {
    let env = sample();
    // 2405.99999 is not stored; picked for W21 it cannot be in W21's digest.
    env.ok(&["pick", "--week", "2024-W21", "2405.99999"]);
    env.papers()
        .args(["export", "--week", "2024-W21"])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 paper picked for 2024-W21 not in this digest"))
        .stderr(predicate::str::contains("2405.99999"));
}

/// The Markdown digest of 2024-W21's top `top`.
fn markdown(env: &TestEnv, top: &str) -> String {
    env.ok(&["export", "--week", "2024-W21", "--top", top])
}

#[test]
fn drops_notes_and_moves_shape_the_digest_and_survive_a_re_export() {
    let env = sample();
    let everything = ranked(&env);
    let (best, second) = (everything[0].clone(), everything[1].clone());
    env.papers()
        .args(["drop", &best])
        .assert()
        .success()
        .stderr(predicate::str::contains("dropped 1 paper from 2024-W21\n"));
    let (top, _) = digest(&env, "2");
    assert!(!top.contains(&best), "a dropped paper stays out: {top:?}");
    assert_eq!(top.len(), 2, "the next best takes its place");
    env.ok(&["note", &second, "Worth it   for the ablations."]);
    env.ok(&["pick", &second, "--section", "Attention Models & Interpretability"]);
    let shown = markdown(&env, "2");
    let attention = shown.find(". Attention Models & Interpretability\n\n###");
    let heading = shown.find(&format!("(https://arxiv.org/abs/{second})"));
    assert!(attention.is_some() && heading > attention, "moved under the section named:\n{shown}");
    assert!(
        shown.contains(&format!("(https://arxiv.org/abs/{second})"))
            && shown.contains("\n\nWorth it for the ablations.\n\n"),
        "the note is under the heading, its spaces tidied:\n{shown}"
    );
    // A re-export is byte for byte the same, and `show` tells what was done.
    assert_eq!(markdown(&env, "2"), shown);
    // A long field wraps under itself; joined again, it reads as one line.
    let details = env.ok(&["show", &second]).replace(&format!("\n{}", " ".repeat(12)), " ");
    assert!(
        details.contains("Digest:     2024-W21 picked, under Attention Models & Interpretability, noted “Worth it for the ablations.”"),
        "{details}"
    );
    assert!(env.ok(&["show", &best]).contains("Digest:     2024-W21 dropped"));
    let listed = picks(&env);
    assert_eq!(listed.len(), 2, "{listed:?}");
    // Taken back one by one, the digest is as it was.
    env.papers()
        .args(["drop", "--remove", &best])
        .assert()
        .success()
        .stderr(predicate::str::contains("took back 1 drop"));
    env.ok(&["note", &second, "--clear"]);
    env.ok(&["pick", "--remove", &second]);
    assert!(picks(&env).is_empty(), "no edit is left");
    let (top, _) = digest(&env, "2");
    assert_eq!(sorted(top), sorted(everything[..2].to_vec()));
}

#[test]
fn edits_of_unknown_papers_or_sections_are_refused_and_change_nothing() {
    let env = sample();
    env.papers()
        .args(["pick", "2405.12981", "--section", "Robotics"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown section 'Robotics'"));
    env.papers()
        .args(["drop", "2405.12981", "2405.99999"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("paper 2405.99999 is not in the database"));
    env.papers()
        .args(["note", "2405.99999", "Nice."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("paper 2405.99999 is not in the database"));
    env.papers()
        .args(["note", "2405.12981", "  "])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the note for 2405.12981 is empty"));
    env.papers().args(["note", "2405.12981"]).assert().code(2);
    env.papers().args(["note", "2405.12981", "Nice.", "--clear"]).assert().code(2);
    env.papers()
        .args(["drop", "--remove", "2405.12981"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("none of these papers is dropped"));
    assert!(picks(&env).is_empty(), "nothing was stored");
}

#[test]
fn a_draft_lists_the_next_papers_with_their_scores_and_the_command_to_swap() {
    let env = sample();
    let everything = ranked(&env);
    let draft = env.ok(&["export", "--week", "2024-W21", "--top", "2", "--draft"]);
    let below = draft.split("## Below the cut").nth(1).expect("a below-the-cut section");
    let listed: Vec<&str> = below.lines().filter(|l| l.starts_with(|c: char| c.is_ascii_digit())).collect();
    assert_eq!(listed.len(), everything.len() - 2, "{below}");
    assert!(
        listed[0].starts_with("1. [") && listed[0].contains(&format!("`papers pick {}`", everything[2])),
        "{below}"
    );
    assert!(listed[0].contains(" · score "), "{below}");
    assert_eq!(draft.matches(" · score ").count(), everything.len(), "every paper shows its score");
    // Swapping is one command.
    env.ok(&["pick", &everything[2]]);
    let (top, picked) = digest(&env, "2");
    assert_eq!(picked, std::slice::from_ref(&everything[2]));
    assert!(top.contains(&everything[0]), "{top:?}");
    let plain = env.ok(&["export", "--week", "2024-W21", "--top", "2"]);
    assert!(!plain.contains("Below the cut") && !plain.contains(" · score "), "{plain}");
}

#[test]
fn picking_a_dropped_paper_undoes_the_drop_and_a_drop_forgets_the_move() {
    let env = sample();
    let everything = ranked(&env);
    let best = everything[0].clone();
    env.ok(&["pick", &best, "--section", "Attention Models & Interpretability"]);
    env.ok(&["drop", &best]);
    let (top, _) = digest(&env, "2");
    assert!(!top.contains(&best), "the drop wins over the earlier pick: {top:?}");
    assert_eq!(picks(&env), [format!("2024-W21  {best}  dropped  {}", title(&env, &best))]);
    // Taking the drop back leaves no edit: the move went with the pick.
    env.ok(&["drop", "--remove", &best]);
    assert!(picks(&env).is_empty(), "{:?}", picks(&env));
    env.ok(&["drop", &best]);
    env.ok(&["pick", &best]);
    let (top, picked) = digest(&env, "2");
    assert!(top.contains(&best) && picked == [best.clone()], "the pick undoes the drop: {top:?}");
}

/// A paper's title as `pick --list` shows it.
fn title(env: &TestEnv, id: &str) -> String {
    json(&env.ok(&["show", id, "--format", "json"]))["title_clean"].as_str().expect("a title").to_string()
}

#[test]
fn a_move_to_a_section_the_taxonomy_lost_is_named_and_files_the_paper_by_its_topics() {
    let env = sample();
    let paper = ranked(&env)[0].clone();
    env.ok(&["pick", &paper, "--section", "Attention Models & Interpretability"]);
    let renamed = env
        .ok(&["taxonomy", "show"])
        .replace("name = \"Attention Models & Interpretability\"", "name = \"Attention & Interpretability\"");
    let taxonomy = env.write("taxonomy.toml", &renamed);
    let out = env
        .papers()
        .args(["--taxonomy", taxonomy.to_str().expect("utf-8"), "export", "--week", "2024-W21", "--top", "2"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "1 paper filed under a section your taxonomy no longer has, so under its topics' section: {paper} (under 'Attention Models & Interpretability')"
        )),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("/abs/{paper})")), "still in the digest");
}

#[test]
fn notes_are_escaped_in_html_and_kept_as_written_in_markdown() {
    let env = sample();
    let paper = ranked(&env)[0].clone();
    env.ok(&["note", &paper, "Beats <b>GQA</b> & costs *less*"]);
    let html = env.ok(&["export", "--week", "2024-W21", "--top", "2", "--format", "html"]);
    assert!(html.contains("<p class=\"note\">Beats &lt;b&gt;GQA&lt;/b&gt; &amp; costs *less*</p>"), "{html}");
    let markdown = markdown(&env, "2");
    assert!(markdown.contains("\n\nBeats <b>GQA</b> & costs *less*\n\n"), "{markdown}");
}

#[test]
fn an_export_that_names_its_file_takes_the_format_from_the_extension() {
    let env = sample();
    for (file, starts) in
        [("d.html", "<!DOCTYPE html>"), ("d.json", "{"), ("d.bib", "@"), ("d.md", "# Top papers")]
    {
        let path = env.db().with_file_name(file);
        env.ok(&["export", "--week", "2024-W21", "-o", path.to_str().expect("utf-8")]);
        let written = std::fs::read_to_string(&path).expect("written");
        assert!(written.starts_with(starts), "{file}: {}", &written[..written.len().min(80)]);
    }
    let forced = env.db().with_file_name("forced.html");
    env.ok(&["export", "--week", "2024-W21", "--format", "markdown", "-o", forced.to_str().expect("utf-8")]);
    assert!(std::fs::read_to_string(&forced).expect("written").starts_with("# Top papers"));
}

#[test]
fn a_week_whose_papers_were_all_dropped_says_so() {
    let env = sample();
    let mut args = vec!["drop".to_string()];
    args.extend(ranked(&env));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.ok(&args);
    env.papers()
        .args(["export", "--week", "2024-W21"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing to export: you dropped all 7 papers listed in 2024-W21"));
}
