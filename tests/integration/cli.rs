//! Global behaviour: database location and versions, stats, completions, man page.

use predicates::prelude::*;

use crate::util::{TestEnv, fixture, json};

#[test]
fn stats_reports_path_version_and_counts() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("legacy-backend.xml"), &fixture("current-backend.xml")]);
    let out = env.ok(&["stats"]);
    assert!(out.contains(&format!("database:       {}", env.db().display())), "{out}");
    assert!(out.contains("schema version: 8"), "{out}");
    assert!(out.contains("papers:         7 (10 versions known)"), "{out}");
    assert!(out.contains("weeks:          7 (1999-W01 to 2024-W22)"), "{out}");
    let stats = json(&env.ok(&["stats", "--format", "json"]));
    assert_eq!(stats["weeks"], 7);
    assert_eq!(stats["categories"], 9);
    assert_eq!(stats["top_primary_categories"][0], serde_json::json!({"category": "cs.CL", "papers": 2}));
}

#[test]
fn the_default_database_lives_in_the_xdg_data_dir() {
    let env = TestEnv::new();
    env.papers().env_remove("PAPERS_DB").args(["track", "list"]).assert().success();
    assert!(env.dir.path().join("xdg-data/papers/papers.db").exists());
    assert!(!env.db().exists());
}

#[test]
fn the_db_flag_beats_the_environment() {
    let env = TestEnv::new();
    let other = env.dir.path().join("nested/other.db");
    env.papers().args(["--db", other.to_str().expect("utf-8"), "track", "list"]).assert().success();
    assert!(other.exists(), "parent folders are created");
    assert!(!env.db().exists());
}

#[test]
fn read_commands_never_create_a_database() {
    let env = TestEnv::new();
    let typo = env.dir.path().join("papres.db");
    let path = typo.to_str().expect("utf-8");
    let expected = format!("papers: error: no database at {path}; fetch or import papers first\n");
    for command in [
        &["list"][..],
        &["show", "2405.12981"],
        &["stats"],
        &["weeks"],
        &["topics"],
        &["export", "--week", "2024-W21"],
        &["explain", "2405.12981"],
    ] {
        env.papers().args(["--db", path]).args(command).assert().code(1).stdout("").stderr(expected.clone());
        assert!(!typo.exists(), "papers {command:?} created {path}");
    }
    let left: Vec<_> =
        std::fs::read_dir(env.dir.path()).expect("list").flatten().map(|e| e.file_name()).collect();
    assert!(left.is_empty(), "files were created: {left:?}");
}

#[cfg(unix)]
#[test]
fn a_folder_without_permission_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let locked = env.dir.path().join("locked");
    std::fs::create_dir(&locked).expect("mkdir");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    // root (as in some CI containers) writes through any mode: nothing to test
    // then; `store::access` checks the mapping of a refusal directly.
    if std::fs::write(locked.join("probe"), "").is_ok() {
        return;
    }
    let db = locked.join("papers.db");
    env.papers()
        .args(["--db", db.to_str().expect("utf-8"), "import", &fixture("current-backend.xml")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "permission denied: cannot create files in {}",
            locked.display()
        )));
    assert!(!db.exists());
}

#[test]
fn a_database_from_a_newer_papers_is_refused_untouched() {
    let env = TestEnv::new();
    {
        let conn = rusqlite::Connection::open(env.db()).expect("create");
        conn.execute_batch("CREATE TABLE papers (x); PRAGMA user_version = 42;").expect("seed");
    }
    let before = std::fs::read(env.db()).expect("read");
    env.papers().args(["import", &fixture("current-backend.xml")]).assert().code(1).stderr(
        predicate::str::contains("schema version 42").and(predicate::str::contains("upgrade papers")),
    );
    assert_eq!(std::fs::read(env.db()).expect("read"), before);
}

#[test]
fn usage_errors_exit_2() {
    let env = TestEnv::new();
    env.papers().args(["import"]).assert().code(2);
    env.papers().args(["frobnicate"]).assert().code(2);
}

#[test]
fn completions_and_man_page() {
    let env = TestEnv::new();
    let bash = env.ok(&["completions", "bash"]);
    assert!(bash.contains("_papers()") && bash.contains("import"), "{bash}");
    let man = env.ok(&["man"]);
    assert!(man.starts_with(".ie") || man.contains(".TH papers"), "{man}");
    assert!(man.contains("import"));
    let add = env.ok(&["man", "track", "add"]);
    assert!(add.contains(".TH papers-track-add 1"), "{add}");
    env.papers().args(["man", "trak"]).assert().code(1).stderr(predicate::str::contains("no command 'trak'"));
}

#[test]
fn every_man_page_a_page_names_is_written() {
    let env = TestEnv::new();
    let dir = env.db().with_file_name("man");
    env.ok(&["man", "--dir", dir.to_str().expect("utf-8 path")]);
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .expect("the folder")
        .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert!(written.len() > 20 && written.contains(&"papers-export.1".to_string()), "{written:?}");
    let mut checked = 0;
    for page in &written {
        let text = std::fs::read_to_string(dir.join(page)).expect("a page");
        // roff escapes the dashes of the names it refers to: papers\-weeks(1).
        for named in text.split("papers\\-").skip(1) {
            let end = named.find(|c: char| !(c.is_ascii_lowercase() || c == '\\' || c == '-')).unwrap_or(0);
            if !named[end..].starts_with("(1)") {
                continue;
            }
            let file = format!("papers-{}.1", named[..end].replace("\\-", "-"));
            assert!(written.contains(&file), "{page} names {file}, which is not written");
            checked += 1;
        }
    }
    assert!(checked > 20, "papers(1) alone names every command: {checked}");
}

#[test]
fn help_ends_with_the_weekly_recipe() {
    let env = TestEnv::new();
    let help = env.ok(&["--help"]);
    let recipe = help.split("The weekly digest:").nth(1).expect("the recipe");
    for step in [
        "papers fetch --week",
        "papers signals --week",
        "--draft",
        "papers pick ID",
        "papers drop ID",
        "papers note ID",
        "-o digest.md",
    ] {
        assert!(recipe.contains(step), "{step} is missing from:\n{recipe}");
    }
}

#[test]
fn output_is_never_paged_when_piped() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("current-backend.xml")]);
    for pager in ["sed s/^/PAGED:/", "less -FRX"] {
        let out = env.papers().args(["list"]).env("PAGER", pager).output().expect("run");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert!(text.starts_with("ID "), "{pager}: {text}");
        assert!(!text.contains("PAGED:"), "{pager}: {text}");
    }
}

#[test]
fn help_puts_global_options_under_their_own_heading() {
    let env = TestEnv::new();
    let help = env.ok(&["list", "--help"]);
    let global = help.find("Global options:").unwrap_or_else(|| panic!("{help}"));
    let own = help.find("--topic").expect("--topic");
    assert!(own < global, "the command's own options come first: {help}");
    for option in ["--db", "--verbose", "--quiet", "--color", "--taxonomy", "--holidays", "--no-pager"] {
        let at = help.find(option).unwrap_or_else(|| panic!("{option}: {help}"));
        assert!(at > global, "{option} is not under Global options: {help}");
    }
}

#[test]
fn bad_flag_values_are_usage_errors_before_any_database_is_made() {
    let env = TestEnv::new();
    // The command's arguments, the environment, and words of the message.
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        (&["fetch", "--week", "2024-W99"], &[], "week 2024-W99 does not exist: 2024 has 52 ISO weeks"),
        (&["fetch", "--since", "2024-13-01"], &[], "'2024-13-01' is not a date from 1991 on"),
        (
            &["fetch", "--since", "2024-05-24", "--until", "2024-05-20"],
            &[],
            "--until 2024-05-20 is before --since 2024-05-24",
        ),
        (&["fetch", "--delay=-1"], &[], "'-1' is not a number of seconds from 0 to 3600"),
        (&["fetch", "--api-url", "localhost:8080"], &[], "'localhost:8080' is not a usable http(s) URL"),
        (&["fetch", "--category", "cs.CLL"], &[], "unknown arXiv category 'cs.CLL'"),
        (&["fetch", "--announced", "someday"], &[], "'someday' is not a date from 1991 on"),
        (
            &["fetch"],
            &[("PAPERS_HTTP_TIMEOUT", "soon")],
            "PAPERS_HTTP_TIMEOUT: 'soon' is not a number of seconds",
        ),
        (
            &["list", "--since", "2024-05-24", "--until", "2024-05-20"],
            &[],
            "--until 2024-05-20 is before --since 2024-05-24",
        ),
        (&["harvest", "--from", "2024-02-30"], &[], "'2024-02-30' is not a date from 1991 on"),
        (
            &["harvest", "--from", "2024-05-24", "--until", "2024-05-20"],
            &[],
            "--until 2024-05-20 is before --from 2024-05-24",
        ),
        (&["signals", "--week", "this", "--hf-delay", "x"], &[], "'x' is not a number of seconds"),
        (&["list", "--week", "someday"], &[], "'someday' is not a week"),
        (&["export", "--week", "2024-W53"], &[], "week 2024-W53 does not exist"),
        (&["classify", "--week", "2024-02-30"], &[], "'2024-02-30' is not a valid date"),
        (&["pick", "2405.00001", "--week", "W21"], &[], "'W21' is not a week"),
        (&["track", "add", "xyz:1"], &[], "xyz:1"),
    ];
    for (args, vars, message) in cases {
        let db = env.dir.path().join("new.db");
        let mut cmd = env.papers();
        cmd.arg("--db").arg(&db).args(*args);
        for (name, value) in *vars {
            cmd.env(name, value);
        }
        let out = cmd.assert().code(2).get_output().clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(stderr.lines().next().is_some_and(|line| line.contains("error:")), "{args:?}: {stderr}");
        // A usage shown is the command's, whether clap or papers found the error.
        let usage = format!("Usage: papers {} ", args[0]);
        let mut usages = stderr.lines().filter(|line| line.starts_with("Usage:")).peekable();
        assert!(usages.peek().is_some() || !message.contains("is before"), "{args:?}: {stderr}");
        assert!(usages.all(|line| line.starts_with(&usage)), "{args:?}: {stderr}");
        assert!(!db.exists(), "{args:?} made a database");
    }
}
