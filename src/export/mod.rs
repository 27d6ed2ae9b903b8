//! Rendering papers and digests for people and scripts.
//!
//! Functions from the [`model`](crate::model) types to text; nothing here reads
//! the database or the network, or decides which papers to show. [`record`]
//! defines the one JSON shape every command uses for a paper.

pub mod digest;
pub mod fit;
pub mod list;
pub mod record;
pub mod render;
pub mod text;

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
