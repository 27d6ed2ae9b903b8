//! A hermetic environment for running the binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub struct TestEnv {
    pub dir: TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv { dir: tempfile::tempdir().expect("tempdir") }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("papers.db")
    }

    /// `papers` with HOME and XDG folders inside the temp dir, no colour, and the
    /// database at [`TestEnv::db`].
    pub fn papers(&self) -> Command {
        Command::from_std(self.papers_process())
    }

    /// [`TestEnv::papers`] as a plain process, to start and stop at will.
    pub fn papers_process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("papers"));
        let root = self.dir.path();
        for var in [
            "PAPERS_DB",
            "PAPERS_HOLIDAYS",
            "PAPERS_API_URL",
            "PAPERS_OAI_URL",
            "PAPERS_RSS_URL",
            "PAPERS_RETRY_BASE",
            "PAPERS_HTTP_TIMEOUT",
            "COLUMNS",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("HOME", root)
            .env("XDG_DATA_HOME", root.join("xdg-data"))
            .env("XDG_CONFIG_HOME", root.join("xdg-config"))
            .env("XDG_STATE_HOME", root.join("xdg-state"))
            .env("XDG_CACHE_HOME", root.join("xdg-cache"))
            .env("NO_COLOR", "1")
            .env("PAPERS_DB", self.db());
        cmd
    }

    /// Runs `papers ARGS` and returns stdout, failing the test on a non-zero exit.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.papers().args(args).output().expect("run");
        assert!(
            output.status.success(),
            "papers {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf-8 stdout")
    }

    pub fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write");
        path
    }
}

pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).display().to_string()
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// The ids in the database, sorted, read straight from SQLite.
pub fn stored_ids(env: &TestEnv) -> Vec<String> {
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    let mut stmt = conn.prepare("SELECT id FROM papers ORDER BY id").expect("prepare");
    stmt.query_map([], |row| row.get(0)).expect("query").collect::<Result<_, _>>().expect("rows")
}

/// A feed of `count` papers listed in 2024-W21, numbered from `first`.
pub fn feed(first: usize, count: usize) -> String {
    let mut out = String::from(
        "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns=\"http://www.w3.org/2005/Atom\">\n  <id>https://arxiv.org/api/kills</id>\n",
    );
    for n in first..first + count {
        out.push_str(&format!(
            "  <entry>\n    <id>http://arxiv.org/abs/2405.{n:05}v1</id>\n    <title>Paper {n} on speculative decoding and KV-cache compression for LLM serving</title>\n    <updated>2024-05-21T12:00:00Z</updated>\n    <summary>We study serving large language models. Our method {n} compresses the key-value cache and drafts tokens, reaching a 2x speed-up on long contexts without retraining.</summary>\n    <published>2024-05-21T12:00:00Z</published>\n    <category term=\"cs.CL\" scheme=\"http://arxiv.org/schemas/atom\"/>\n    <arxiv:primary_category term=\"cs.CL\"/>\n    <author><name>Ada Example</name></author>\n  </entry>\n"
        ));
    }
    out.push_str("</feed>\n");
    out
}
