//! How counts and text are worded for people, wherever they are shown: a count
//! with its noun, thousands separators, text fitted to a terminal's width. Shared
//! by the renderers, the ingest engine's reports and the command line.

pub mod fit;

/// "1 paper", "1,207 papers", "3 retries": a count with its noun.
pub fn plural(n: u64, noun: &str) -> String {
    // "day" and "key" take an s; "entry" and "retry" an -ies.
    let consonant_y = noun.strip_suffix('y').filter(|stem| !stem.ends_with(['a', 'e', 'i', 'o', 'u']));
    match (n, consonant_y) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{} {stem}ies", thousands(n)),
        (_, None) => format!("{} {noun}s", thousands(n)),
    }
}

/// 1207 → "1,207".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_naturally() {
        assert_eq!(plural(1, "retry"), "1 retry");
        assert_eq!(plural(3, "retry"), "3 retries");
        assert_eq!(plural(1207, "paper"), "1,207 papers");
        assert_eq!(plural(0, "page"), "0 pages");
        assert_eq!(plural(7, "day"), "7 days");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
