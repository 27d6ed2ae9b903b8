//! What the user's disk throws at papers: a folder or a foreign file given as the
//! database, a damaged model, a folder that cannot be written. Each gets one line
//! naming the path, changes nothing on disk, and does not stop what needs none of it.

use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::time::Duration;

use predicates::prelude::*;

use crate::util::{TestEnv, feed, fixture, stored_ids};

/// Every file in `dir` with a digest of its bytes, to compare before and after;
/// a database is compared by what it holds (a reader closing it may write back
/// its WAL, which changes the bytes but nothing stored).
fn snapshot(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .filter(|e| e.path().is_file())
        .filter(|e| !e.file_name().to_string_lossy().contains(".db-"))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let digest = match name.ends_with(".db") {
                true => dump(&e.path()),
                false => {
                    format!("{:016x}", papers::classify::stable_hash(&std::fs::read(e.path()).expect("read")))
                }
            };
            (name, digest)
        })
        .collect();
    files.sort();
    files
}

/// What a papers database holds, as text: its papers with their versions and topics.
fn dump(db: &std::path::Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT p.id, p.version, coalesce(group_concat(t.topic), '') FROM papers p \
             LEFT JOIN paper_topics t ON t.paper_pk = p.pk GROUP BY p.pk ORDER BY p.id",
        )
        .expect("prepare");
    let rows = stmt
        .query_map([], |row| {
            Ok(format!("{}v{} {}", row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, String>(2)?))
        })
        .expect("query");
    rows.map(|r| r.expect("row")).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_folder_given_as_the_database_is_named_and_left_alone() {
    let env = TestEnv::new();
    let folder = env.dir.path().join("data");
    std::fs::create_dir(&folder).expect("mkdir");
    for args in [&["list"][..], &["import", &fixture("current-backend.xml")]] {
        let out = env.papers().arg("--db").arg(&folder).args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr
                .contains(&format!("{} is a folder; point --db at a database file in it", folder.display())),
            "{stderr}"
        );
    }
    assert!(std::fs::read_dir(&folder).expect("list").next().is_none(), "nothing was created in it");
}

#[test]
fn a_file_that_is_no_database_is_named_and_left_as_it_was() {
    let env = TestEnv::new();
    let notes = env.write("notes.txt", "my reading list\n2405.12981\n");
    let before = snapshot(env.dir.path());
    for args in [&["stats"][..], &["import", &fixture("current-backend.xml")]] {
        let out = env.papers().arg("--db").arg(&notes).args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(&format!("{} is not a papers database", notes.display())), "{stderr}");
    }
    assert_eq!(snapshot(env.dir.path()), before);
}

#[test]
fn a_damaged_model_stops_only_what_classifies() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("current-backend.xml")]);
    let model = env.db().with_extension("model");
    std::fs::write(&model, "not a model").expect("write");
    let before = snapshot(env.dir.path());
    // Reading needs no model: it lists, with a note naming the file.
    let out = env.papers().args(["list"]).output().expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ID "));
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(note.contains(&format!("cannot use the model {}", model.display())), "{note}");
    // Classifying does: one line that says what to do.
    let out = env.papers().args(["classify"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("run `papers train` to make it again, or delete it"), "{stderr}");
    assert_eq!(snapshot(env.dir.path()), before, "nothing changed on disk");
}

#[test]
fn a_database_in_a_folder_that_cannot_be_written_can_be_read() {
    let env = TestEnv::new();
    let shelf = env.dir.path().join("shelf");
    std::fs::create_dir(&shelf).expect("mkdir");
    let db = shelf.join("papers.db");
    let on_shelf = |args: &[&str]| env.papers().arg("--db").arg(&db).args(args).output().expect("runs");
    assert!(on_shelf(&["import", &fixture("current-backend.xml")]).status.success());
    std::fs::set_permissions(&shelf, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    // root writes through any mode: there is nothing to test then (the README
    // says how this was checked as another user).
    if std::fs::write(shelf.join("probe"), "").is_ok() {
        return;
    }
    let before = snapshot(&shelf);
    for args in [&["list"][..], &["stats"], &["export", "--week", "2024-W21"], &["weeks"]] {
        let out = on_shelf(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let out = on_shelf(&["import", &fixture("current-backend.xml")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("permission denied"));
    assert_eq!(snapshot(&shelf), before);
    std::fs::set_permissions(&shelf, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
}

#[test]
fn an_unknown_week_export_of_a_folder_db_says_folder_first() {
    let env = TestEnv::new();
    env.papers()
        .arg("--db")
        .arg(env.dir.path())
        .args(["export", "--week", "2024-W21"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a folder"));
}

/// Starts `papers ARGS` and kills it (as `kill -9` does) `wait` milliseconds later.
fn killed_after(env: &TestEnv, args: &[&str], wait: u64) {
    let mut child =
        env.papers_process().args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");
    std::thread::sleep(Duration::from_millis(wait));
    let _ = child.kill();
    let _ = child.wait();
}

/// After a kill `wait` ms into a run: the database is whole and the reading
/// commands work on it.
fn reads_work(env: &TestEnv, wait: u64) {
    assert_eq!(integrity(env), "ok", "after the kill at {wait} ms");
    for args in
        [&["list", "--limit", "1"][..], &["stats"], &["export", "--week", "2024-W21", "--allow-empty"]]
    {
        let out = env.papers().args(args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?} after the kill at {wait} ms: {stderr}");
    }
}

/// `PRAGMA integrity_check` of the database.
fn integrity(env: &TestEnv) -> String {
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).expect("check")
}

#[test]
fn an_import_killed_at_any_instant_leaves_a_readable_database_and_a_rerun_finishes_it() {
    let feeds = TestEnv::new();
    let files: Vec<String> = (0..3)
        .map(|i| feeds.write(&format!("part{i}.xml"), &feed(10_000 + i * 700, 700)).display().to_string())
        .collect();
    let mut import = vec!["import".to_string()];
    import.extend(files.iter().cloned());
    let import: Vec<&str> = import.iter().map(String::as_str).collect();
    // What an uninterrupted run stores.
    feeds.ok(&import);
    let expected = stored_ids(&feeds);
    assert_eq!(expected.len(), 2_100);
    let mut cut_short = 0;
    for wait in [0u64, 2, 5, 10, 20, 40, 70, 110, 160, 230, 320, 450] {
        let env = TestEnv::new();
        killed_after(&env, &import, wait);
        if env.db().exists() {
            reads_work(&env, wait);
            // What was committed is whole files: a multiple of one file's papers.
            let stored = stored_ids(&env).len();
            assert_eq!(stored % 700, 0, "after the kill at {wait} ms");
            cut_short += usize::from(stored < expected.len());
        }
        env.ok(&import);
        assert_eq!(
            stored_ids(&env),
            expected,
            "the rerun after the kill at {wait} ms stores what a whole run does"
        );
        assert_eq!(integrity(&env), "ok");
    }
    assert!(cut_short >= 3, "the kills landed before the import ended only {cut_short} times");
}

#[test]
fn reads_go_on_while_an_import_writes() {
    let env = TestEnv::new();
    env.ok(&["import", &fixture("current-backend.xml")]);
    let before = stored_ids(&env).len();
    let big = env.write("big.xml", &feed(20_000, 6_000));
    let mut child =
        env.papers_process().args(["import"]).arg(&big).stdout(Stdio::null()).spawn().expect("spawn");
    // Wait (a few milliseconds at a time) until the import holds its write transaction.
    let mut answered_during = 0;
    for _ in 0..200 {
        if child.try_wait().expect("poll").is_some() {
            break;
        }
        let out = env.papers().args(["list", "--format", "csv"]).output().expect("runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let listed = String::from_utf8_lossy(&out.stdout).lines().count() - 1;
        // Only the last commit is seen: the import's papers come all at once.
        assert!(listed == before || listed == before + 6_000, "{listed}");
        answered_during += usize::from(child.try_wait().expect("poll").is_none());
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(child.wait().expect("import ends").success());
    assert!(answered_during > 0, "no list ran while the import wrote");
}

#[test]
fn fetches_and_a_harvest_at_once_keep_the_delay_between_them_all() {
    use crate::mock_arxiv::{MockArxiv, MockOai, OaiEntry, corpus};
    let env = TestEnv::new();
    let mock = MockArxiv::start(corpus("2024-05-14T18:00:00Z", chrono::Duration::minutes(37), 120));
    let records = (0..9).map(|paper| OaiEntry { paper, datestamp: "2024-05-21", deleted: false }).collect();
    mock.set_oai(MockOai { records, page_size: 3, ..MockOai::default() });
    let delay = Duration::from_millis(100);
    let db = |name: &str| env.dir.path().join(name).display().to_string();
    let fetch = |name: &str, category: &str| {
        let mut cmd = env.papers_process();
        cmd.args(["--db", &db(name), "fetch", "--week", "2024-W21", "--category", category]).args([
            "--api-url",
            &mock.url,
            "--delay",
            "0.1",
            "--page-size",
            "10",
        ]);
        cmd
    };
    let mut harvest = env.papers_process();
    harvest.args(["--db", &db("c.db"), "harvest", "--set", "cs:cs:CL", "--delay", "0.1"]).args([
        "--oai-url",
        &format!("{}/oai", mock.base),
        "--api-url",
        &mock.url,
    ]);
    let runs: Vec<std::process::Child> = [fetch("a.db", "cs.CL"), fetch("b.db", "cs.LG"), harvest]
        .iter_mut()
        .map(|cmd| cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn"))
        .collect();
    for mut run in runs {
        assert!(run.wait().expect("ends").success());
    }
    let mut requests = mock.requests();
    assert!(requests.len() >= 6, "{} requests", requests.len());
    assert!(requests.iter().any(|r| r.path == "/oai"), "the harvest asked too");
    requests.sort_by_key(|r| r.arrived);
    for pair in requests.windows(2) {
        assert!(
            pair[1].arrived >= pair[0].answered + delay,
            "{} came {:?} after {} was answered",
            pair[1].path,
            pair[1].arrived.saturating_duration_since(pair[0].answered),
            pair[0].path
        );
    }
}

#[test]
fn a_second_run_of_the_same_fetch_names_the_first_or_waits_for_it() {
    use crate::mock_arxiv::{MockArxiv, corpus};
    let env = TestEnv::new();
    let mock = MockArxiv::start(corpus("2024-05-14T18:00:00Z", chrono::Duration::minutes(37), 120));
    let fetch = |extra: &[&str]| {
        let mut cmd = env.papers_process();
        cmd.args(["fetch", "--week", "2024-W21", "--category", "cs.CL", "--api-url", &mock.url])
            .args(["--delay", "0.1", "--page-size", "5"])
            .args(extra)
            .stdout(Stdio::null());
        cmd
    };
    let mut first = fetch(&[]).stderr(Stdio::null()).spawn().expect("spawn");
    // The first run names itself in its lock once it holds it.
    let runs = env.dir.path().join("xdg-state/papers/runs");
    let held = || {
        std::fs::read_dir(&runs).into_iter().flatten().flatten().any(|e| {
            std::fs::read_to_string(e.path()).is_ok_and(|text| text.contains(&format!("pid {}", first.id())))
        })
    };
    for _ in 0..400 {
        if held() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(held(), "the first run took its lock");
    let second = fetch(&[]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("another papers run is already fetching week 2024-W21 into"), "{stderr}");
    assert!(stderr.contains(&format!("pid {}, `papers fetch --week 2024-W21", first.id())), "{stderr}");
    assert!(stderr.contains("pass --wait"), "{stderr}");
    let waited = fetch(&["--wait"]).output().expect("runs");
    assert!(waited.status.success(), "{}", String::from_utf8_lossy(&waited.stderr));
    assert!(first.wait().expect("ends").success());
}

#[test]
fn a_fetch_or_a_train_killed_at_any_instant_leaves_a_working_database_and_a_rerun_finishes() {
    use crate::mock_arxiv::{MockArxiv, corpus};
    let mock = MockArxiv::start(corpus("2024-05-14T18:00:00Z", chrono::Duration::minutes(37), 200));
    let fetch =
        ["fetch", "--week", "2024-W21", "--category", "cs.CL", "--api-url", &mock.url, "--delay", "0.02"];
    let fetch: Vec<&str> = fetch.into_iter().chain(["--page-size", "10"]).collect();
    let whole = TestEnv::new();
    whole.ok(&fetch);
    let expected = stored_ids(&whole);
    assert!(expected.len() > 40, "{}", expected.len());
    let mut cut_short = 0;
    for wait in [5u64, 30, 60, 100, 150, 220, 300, 400] {
        let env = TestEnv::new();
        killed_after(&env, &fetch, wait);
        if env.db().exists() {
            reads_work(&env, wait);
            cut_short += usize::from(stored_ids(&env).len() < expected.len());
        }
        // Killed mid-run, the fetch resumes; run again, it stores what a whole run does.
        env.ok(&fetch);
        assert_eq!(stored_ids(&env), expected, "after the kill at {wait} ms");
        assert_eq!(integrity(&env), "ok");
    }
    assert!(cut_short >= 2, "the kills landed before the fetch ended only {cut_short} times");
    // `train` re-classifies the database and writes a model beside it.
    let model = whole.db().with_extension("model");
    for wait in [20u64, 200, 600] {
        killed_after(&whole, &["train"], wait);
        reads_work(&whole, wait);
        // The model is the old one, the new one, or none: never half a file.
        let classify = whole.papers().args(["classify"]).output().expect("runs");
        assert!(
            classify.status.success(),
            "model {}: {}",
            model.exists(),
            String::from_utf8_lossy(&classify.stderr)
        );
    }
}

#[test]
fn ctrl_c_rolls_back_the_file_in_hand_keeps_the_ones_before_and_exits_130() {
    let env = TestEnv::new();
    let small = env.write("small.xml", &feed(30_000, 50));
    let big = env.write("big.xml", &feed(40_000, 20_000));
    let child = env
        .papers_process()
        .arg("import")
        .arg(&small)
        .arg(&big)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // The handler is set once the database is open; the big file takes seconds.
    for _ in 0..400 {
        if env.db().exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(300));
    let sent =
        std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
    assert!(sent.success());
    let out = child.wait_with_output().expect("ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("papers: interrupted: nothing from "), "{stderr}");
    assert!(stderr.contains("big.xml was kept; the file imported before it is kept"), "{stderr}");
    assert_eq!(stored_ids(&env).len(), 50, "the small file only");
    assert_eq!(integrity(&env), "ok");
}
