//! What people read on a terminal fits it: `list`, `weeks`, `stats` and `topics`
//! at 60, 80, 120 and 200 columns, with the title getting the room and a queried
//! topic always in sight.

use crate::util::TestEnv;

const WIDTHS: [usize; 4] = [60, 80, 120, 200];

/// One paper of the feed: id, version, v1 submission, newest version's
/// submission, categories (primary first), title, abstract.
type Entry =
    (&'static str, u32, &'static str, &'static str, &'static [&'static str], &'static str, &'static str);

/// Long titles, a long primary category, papers with many topics; one paper
/// replaced in 2024-W21 (its v1 was listed in W19) and one replaced in W23, a week
/// with no new paper.
const ENTRIES: &[Entry] = &[
    (
        "2405.20001",
        1,
        "2024-05-20T10:00:00Z",
        "2024-05-20T10:00:00Z",
        &["cond-mat.stat-mech", "cs.LG"],
        "Statistical Mechanics of Multi-Head Attention: Phase Transitions in the KV Cache of Quantized Transformers",
        "We study multi-head attention and grouped-query attention through statistical mechanics. Quantization of the KV cache to 4-bit weights and activations changes inference latency; LoRA fine-tuning and RLHF alignment move the transition. Jailbreak safety and retrieval-augmented generation benchmarks follow.",
    ),
    (
        "2405.20002",
        1,
        "2024-05-20T11:00:00Z",
        "2024-05-20T11:00:00Z",
        &["cs.CL"],
        "Sparse Attention Kernels for Long-Context Inference: FlashAttention Meets Paged KV Caches at Scale",
        "Attention dominates long-context inference. We combine FlashAttention kernels with paged KV caches and speculative decoding to cut serving latency by 3x with no loss on long-context benchmarks.",
    ),
    (
        "2405.20003",
        1,
        "2024-05-21T09:00:00Z",
        "2024-05-21T09:00:00Z",
        &["cs.CV", "cs.CL"],
        "A Vision-Language Model That Reads Charts, Tables and Handwritten Notes Without Any OCR Pipeline",
        "We present a multimodal vision-language model with cross-attention over image patches. It answers questions about charts and documents without OCR.",
    ),
    (
        "2405.05004",
        3,
        "2024-05-06T10:00:00Z",
        "2024-05-20T12:00:00Z",
        &["cs.LG"],
        "Linear Attention Revisited: Why State-Space Layers Forget and How Gated Recurrence Remembers",
        "Linear attention and state-space models promise constant-memory inference. We show why they forget and propose gated attention that remembers, matching transformer attention on recall benchmarks.",
    ),
    (
        "2405.20005",
        2,
        "2024-05-21T12:00:00Z",
        "2024-06-04T12:00:00Z",
        &["cs.CL"],
        "Reward Hacking in RLHF: A Field Guide to Alignment Failures of Preference-Tuned Chat Models",
        "Reinforcement learning from human feedback (RLHF) aligns chat models with preferences. We catalogue reward hacking and alignment failures, and evaluate safety against jailbreak attacks.",
    ),
];

fn feed() -> String {
    let mut out = String::from(
        "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns=\"http://www.w3.org/2005/Atom\">\n  <id>https://arxiv.org/api/widths</id>\n",
    );
    for (id, version, published, updated, categories, title, summary) in ENTRIES {
        out.push_str(&format!(
            "  <entry>\n    <id>http://arxiv.org/abs/{id}v{version}</id>\n    <title>{title}</title>\n    <updated>{updated}</updated>\n    <summary>{summary}</summary>\n    <published>{published}</published>\n"
        ));
        for category in *categories {
            out.push_str(&format!(
                "    <category term=\"{category}\" scheme=\"http://arxiv.org/schemas/atom\"/>\n"
            ));
        }
        out.push_str(&format!(
            "    <arxiv:primary_category term=\"{}\"/>\n    <author><name>Ada Example</name></author>\n  </entry>\n",
            categories[0]
        ));
    }
    out.push_str("</feed>\n");
    out
}

fn loaded() -> TestEnv {
    let env = TestEnv::new();
    let path = env.write("widths.xml", &feed());
    env.ok(&["import", path.to_str().expect("utf-8")]);
    env
}

fn at_width(env: &TestEnv, width: usize, args: &[&str]) -> String {
    let output = env.papers().args(args).env("COLUMNS", width.to_string()).output().expect("run");
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "{args:?} at {width}: {} > {width}: {line}",
            line.chars().count()
        );
    }
    text
}

/// Where the TITLE column starts.
fn title_column(table: &str) -> usize {
    let header = table.lines().next().expect("header");
    header.find("TITLE").unwrap_or_else(|| panic!("no TITLE: {header}"))
}

#[test]
fn list_fits_every_width_and_the_title_gets_the_room() {
    let env = loaded();
    for width in WIDTHS {
        for args in [&["list"][..], &["list", "--week", "2024-W21"], &["list", "--topic", "attention"]] {
            let table = at_width(&env, width, args);
            assert!(table.lines().count() > 2, "{args:?}: {table}");
            let room = width - title_column(&table);
            assert!(room >= width / 2 || width < 80, "{args:?} at {width}: the title gets {room}: {table}");
            if width >= 80 {
                assert!(room >= 40, "{args:?} at {width}: the title gets {room}");
            }
            if args.contains(&"--topic") {
                for row in table.lines().skip(1) {
                    let topics = &row[..title_column(&table)];
                    assert!(topics.contains(" attention"), "at {width}, the queried topic is hidden: {row}");
                }
            }
        }
    }
    // Wide enough for everything: the whole primary category and every topic.
    let wide = at_width(&env, 200, &["list", "--week", "2024-W21"]);
    assert!(wide.contains("cond-mat.stat-mech"), "{wide}");
    // At 80 the primary category gives way before the title does.
    let narrow = at_width(&env, 80, &["list", "--week", "2024-W21"]);
    assert!(!narrow.contains("cond-mat.stat-mech"), "{narrow}");
}

#[test]
fn a_replacement_is_listed_on_its_day_in_the_view_with_its_mark() {
    let env = loaded();
    let week = at_width(&env, 120, &["list", "--week", "2024-W21"]);
    let row = week.lines().find(|l| l.starts_with("2405.05004")).unwrap_or_else(|| panic!("{week}"));
    assert!(row.contains("  2024-05-21  "), "the day v3 was listed, not 2024-05-07: {row}");
    assert!(row.ends_with("(v3, replaced)"), "{row}");
    // Its own week lists it on its own day, as new.
    let own = at_width(&env, 120, &["list", "--week", "2024-W19"]);
    assert!(own.lines().any(|l| l.starts_with("2405.05004  2024-05-07") && !l.contains("replaced")), "{own}");
}

#[test]
fn weeks_count_new_and_replaced_papers_and_fit() {
    let env = loaded();
    for width in WIDTHS {
        let weeks = at_width(&env, width, &["weeks"]);
        let lines: Vec<&str> = weeks.lines().collect();
        assert!(lines[0].starts_with("2024-W23  0 new  1 replaced"), "a week of replacements only: {weeks}");
        assert!(lines[1].starts_with("2024-W21  4 new  1 replaced"), "{weeks}");
        assert!(lines[2].starts_with("2024-W19  1 new  0 replaced"), "{weeks}");
    }
    let json = crate::util::json(&env.ok(&["weeks", "--format", "json"]));
    assert_eq!(
        (json[0]["week"].as_str(), json[0]["papers"].as_u64(), json[0]["replaced"].as_u64()),
        (Some("2024-W23"), Some(0), Some(1))
    );
}

#[test]
fn stats_and_topics_fit() {
    let env = loaded();
    for width in WIDTHS {
        let stats = at_width(&env, width, &["stats"]);
        assert!(stats.contains("top primaries:  cs.CL 2"), "{stats}");
        at_width(&env, width, &["topics"]);
    }
    let narrow = at_width(&env, 60, &["stats"]);
    let top = narrow.lines().find(|l| l.starts_with("top primaries")).expect("top primaries");
    let wide = at_width(&env, 200, &["stats"]);
    assert!(wide.contains("cond-mat.stat-mech 1"), "{wide}");
    assert!(top.len() <= 60, "{top}");
}

#[test]
fn edits_and_show_fit() {
    let env = loaded();
    env.ok(&["pick", "2405.20005", "--section", "LLM Quantization & Alignment"]);
    env.ok(&[
        "note",
        "2405.20005",
        "A field guide every alignment team should keep at hand, with its failure cases.",
    ]);
    for width in [60, 80] {
        let listed = at_width(&env, width, &["pick", "--list"]);
        assert!(listed.starts_with("2024-W21  2405.20005  picked, under"), "{listed}");
        let shown = at_width(&env, width, &["show", "2405.20005"]);
        assert!(shown.contains("\nDigest:     2024-W21 picked, under"), "{shown}");
    }
}
