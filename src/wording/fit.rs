//! Fitting text to a terminal's width: cutting a string with "…", and joining a
//! list with only as many items as fit.

/// `text` cut to `width` characters, ending in "…" when shortened.
pub fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// `items` joined by `separator`, keeping the leading items whose text fits in
/// `width` characters; "…" marks that some were left out. With no width, all of
/// them.
pub fn join_fitting(items: &[String], separator: &str, width: Option<usize>) -> String {
    let Some(width) = width else {
        return items.join(separator);
    };
    let mut out = String::new();
    for (index, item) in items.iter().enumerate() {
        let joined = match index {
            0 => item.clone(),
            _ => format!("{out}{separator}{item}"),
        };
        let last = index + 1 == items.len();
        // Room for the ellipsis unless this is the last item.
        let room = if last { width } else { width.saturating_sub(separator.len() + 1) };
        if joined.chars().count() > room {
            return match out.is_empty() {
                true => cut(item, width),
                false => format!("{out}{}…", separator.trim_end()),
            };
        }
        out = joined;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting() {
        assert_eq!(cut("Attention Is All You Need", 10), "Attention…");
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("Zoë Zoë Zoë", 5), "Zoë…");
    }

    #[test]
    fn joining_keeps_whole_items_that_fit() {
        let items: Vec<String> = ["cs.CL 120", "cs.LG 80", "cond-mat.stat-mech 3"].map(String::from).into();
        assert_eq!(join_fitting(&items, ", ", None), "cs.CL 120, cs.LG 80, cond-mat.stat-mech 3");
        assert_eq!(join_fitting(&items, ", ", Some(100)), "cs.CL 120, cs.LG 80, cond-mat.stat-mech 3");
        assert_eq!(join_fitting(&items, ", ", Some(25)), "cs.CL 120, cs.LG 80,…");
        assert_eq!(join_fitting(&items, ", ", Some(12)), "cs.CL 120,…");
        assert_eq!(join_fitting(&items, ", ", Some(5)), "cs.C…");
        for width in 5..60 {
            assert!(join_fitting(&items, ", ", Some(width)).chars().count() <= width, "{width}");
        }
    }
}
