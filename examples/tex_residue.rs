//! How much TeX is left in real titles and abstracts after `papers::tex::clean`:
//! the papers that still show a backslash command, a `$` or a TeX quote, and the
//! kinds left, most common first.
//!
//! ```sh
//! cargo run --release --example tex_residue -- ../shared/corpus/arxiv-ml-2025.jsonl.gz [--list]
//! ```

use std::collections::BTreeMap;
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: tex_residue CORPUS.jsonl.gz")?;
    let file = std::fs::File::open(&path).map_err(|e| format!("{path}: {e}"))?;
    let lines = std::io::BufReader::new(flate2::read::GzDecoder::new(file)).lines();
    let (mut papers, mut with_tex, mut left) = (0usize, 0usize, 0usize);
    let mut kinds: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let started = std::time::Instant::now();
    // `--list`: every paper with TeX left, with the text around it.
    let list = std::env::args().nth(2).as_deref() == Some("--list");
    for line in lines {
        let paper: serde_json::Value = serde_json::from_str(&line?)?;
        let text = |field: &str| paper[field].as_str().unwrap_or_default().to_string();
        let (title, abstract_text) = (text("title"), text("abstract"));
        papers += 1;
        let raw = format!("{title} {abstract_text}");
        with_tex += usize::from(residue(&raw).next().is_some());
        let clean = format!("{} {}", papers::tex::clean(&title), papers::tex::clean(&abstract_text));
        let found: Vec<String> = residue(&clean).collect();
        left += usize::from(!found.is_empty());
        if list && let Some(kind) = found.first() {
            println!("{}: {}", paper["id"].as_str().unwrap_or_default(), context(&clean, kind));
        }
        for kind in found {
            let entry = kinds.entry(kind.clone()).or_insert((0, String::new()));
            entry.0 += 1;
            if entry.1.is_empty() {
                let id = paper["id"].as_str().unwrap_or_default();
                entry.1 = format!("{id}: {}", context(&clean, &kind));
            }
        }
    }
    println!(
        "{papers} papers; {with_tex} show TeX as arXiv gives them; {left} still do after cleaning ({:.1?})",
        started.elapsed()
    );
    let mut sorted: Vec<(String, (usize, String))> = kinds.into_iter().collect();
    sorted.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    for (kind, (count, example)) in sorted.iter().take(40) {
        println!("{count:>6}  {kind}  e.g. {example}");
    }
    Ok(())
}

/// A few words around the first `kind` in `text`.
fn context(text: &str, kind: &str) -> String {
    let at = text.find(kind).unwrap_or(0);
    let start = text[..at].char_indices().rev().nth(30).map_or(0, |(i, _)| i);
    let end = text[at..].char_indices().nth(30).map_or(text.len(), |(i, _)| at + i);
    format!("…{}…", &text[start..end])
}

/// The TeX a text shows: `\command`s, `$` signs, ``` `` ``` and `''` quotes.
fn residue(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut kinds = Vec::new();
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\\' => {
                let name: String = text[i + 1..].chars().take_while(|c| c.is_ascii_alphabetic()).collect();
                kinds.push(match name.is_empty() {
                    true => format!("\\{}", text[i + 1..].chars().next().unwrap_or(' ')),
                    false => format!("\\{name}"),
                });
            }
            b'$' => kinds.push("$".to_string()),
            b'`' if bytes.get(i + 1) == Some(&b'`') => kinds.push("``".to_string()),
            b'\'' if bytes.get(i + 1) == Some(&b'\'') => kinds.push("''".to_string()),
            _ => {}
        }
    }
    kinds.sort();
    kinds.dedup();
    kinds.into_iter()
}
