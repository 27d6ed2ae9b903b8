//! The arXiv category codes (as of 2026), their aliases, and suggestions for typos.

/// Every current category code, plus the archives that are categories in their own right.
const CODES: &[&str] = &[
    "astro-ph",
    "astro-ph.CO",
    "astro-ph.EP",
    "astro-ph.GA",
    "astro-ph.HE",
    "astro-ph.IM",
    "astro-ph.SR",
    "cond-mat",
    "cond-mat.dis-nn",
    "cond-mat.mes-hall",
    "cond-mat.mtrl-sci",
    "cond-mat.other",
    "cond-mat.quant-gas",
    "cond-mat.soft",
    "cond-mat.stat-mech",
    "cond-mat.str-el",
    "cond-mat.supr-con",
    "cs.AI",
    "cs.AR",
    "cs.CC",
    "cs.CE",
    "cs.CG",
    "cs.CL",
    "cs.CR",
    "cs.CV",
    "cs.CY",
    "cs.DB",
    "cs.DC",
    "cs.DL",
    "cs.DM",
    "cs.DS",
    "cs.ET",
    "cs.FL",
    "cs.GL",
    "cs.GR",
    "cs.GT",
    "cs.HC",
    "cs.IR",
    "cs.IT",
    "cs.LG",
    "cs.LO",
    "cs.MA",
    "cs.MM",
    "cs.MS",
    "cs.NA",
    "cs.NE",
    "cs.NI",
    "cs.OH",
    "cs.OS",
    "cs.PF",
    "cs.PL",
    "cs.RO",
    "cs.SC",
    "cs.SD",
    "cs.SE",
    "cs.SI",
    "cs.SY",
    "econ.EM",
    "econ.GN",
    "econ.TH",
    "eess.AS",
    "eess.IV",
    "eess.SP",
    "eess.SY",
    "gr-qc",
    "hep-ex",
    "hep-lat",
    "hep-ph",
    "hep-th",
    "math-ph",
    "math.AC",
    "math.AG",
    "math.AP",
    "math.AT",
    "math.CA",
    "math.CO",
    "math.CT",
    "math.CV",
    "math.DG",
    "math.DS",
    "math.FA",
    "math.GM",
    "math.GN",
    "math.GR",
    "math.GT",
    "math.HO",
    "math.IT",
    "math.KT",
    "math.LO",
    "math.MG",
    "math.MP",
    "math.NA",
    "math.NT",
    "math.OA",
    "math.OC",
    "math.PR",
    "math.QA",
    "math.RA",
    "math.RT",
    "math.SG",
    "math.SP",
    "math.ST",
    "nlin.AO",
    "nlin.CD",
    "nlin.CG",
    "nlin.PS",
    "nlin.SI",
    "nucl-ex",
    "nucl-th",
    "physics.acc-ph",
    "physics.ao-ph",
    "physics.app-ph",
    "physics.atm-clus",
    "physics.atom-ph",
    "physics.bio-ph",
    "physics.chem-ph",
    "physics.class-ph",
    "physics.comp-ph",
    "physics.data-an",
    "physics.ed-ph",
    "physics.flu-dyn",
    "physics.gen-ph",
    "physics.geo-ph",
    "physics.hist-ph",
    "physics.ins-det",
    "physics.med-ph",
    "physics.optics",
    "physics.plasm-ph",
    "physics.pop-ph",
    "physics.soc-ph",
    "physics.space-ph",
    "q-bio.BM",
    "q-bio.CB",
    "q-bio.GN",
    "q-bio.MN",
    "q-bio.NC",
    "q-bio.OT",
    "q-bio.PE",
    "q-bio.QM",
    "q-bio.SC",
    "q-bio.TO",
    "q-fin.CP",
    "q-fin.EC",
    "q-fin.GN",
    "q-fin.MF",
    "q-fin.PM",
    "q-fin.PR",
    "q-fin.RM",
    "q-fin.ST",
    "q-fin.TR",
    "quant-ph",
    "stat.AP",
    "stat.CO",
    "stat.ME",
    "stat.ML",
    "stat.OT",
    "stat.TH",
];

/// Pairs arXiv treats as one category under two names; a paper may carry either.
const ALIASES: &[(&str, &str)] = &[
    ("cs.IT", "math.IT"),
    ("cs.NA", "math.NA"),
    ("cs.SY", "eess.SY"),
    ("econ.GN", "q-fin.EC"),
    ("math-ph", "math.MP"),
    ("math.ST", "stat.TH"),
];

/// Why a category spec was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown arXiv category '{input}'{}", suggestion_text(.suggestions))]
pub struct UnknownCategory {
    pub input: String,
    pub suggestions: Vec<&'static str>,
}

fn suggestion_text(suggestions: &[&str]) -> String {
    match suggestions {
        [] => " (see https://arxiv.org/category_taxonomy)".to_string(),
        _ => format!("; did you mean {}?", suggestions.join(", ")),
    }
}

/// Checks a category code or an archive wildcard (`cs.*`), fixing the case of
/// the subject class (`cs.cl` is `cs.CL`).
pub fn validate(input: &str) -> Result<String, UnknownCategory> {
    let trimmed = input.trim();
    if let Some(archive) = trimmed.strip_suffix(".*") {
        let known = CODES.iter().any(|c| c.split('.').next() == Some(archive));
        return match known {
            true => Ok(trimmed.to_string()),
            false => Err(UnknownCategory { input: trimmed.to_string(), suggestions: suggest(archive) }),
        };
    }
    CODES
        .iter()
        .find(|c| c.eq_ignore_ascii_case(trimmed))
        .map(|c| c.to_string())
        .ok_or_else(|| UnknownCategory { input: trimmed.to_string(), suggestions: suggest(trimmed) })
}

/// Archives in arXiv's physics group: their OAI sets are `physics:<archive>[:<class>]`.
const PHYSICS_ARCHIVES: &[&str] = &[
    "astro-ph", "cond-mat", "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math-ph", "nlin", "nucl-ex",
    "nucl-th", "physics", "quant-ph",
];

/// The OAI-PMH set (`group:archive:CLASS`) holding a category (`cs.CL` is
/// `cs:cs:CL`, `hep-th` is `physics:hep-th`); an archive wildcard (`cs.*`) is its
/// archive's set (`cs`, `physics:cond-mat`).
pub fn oai_set(code: &str) -> String {
    let (archive, class) = match code.split_once('.') {
        Some((archive, "*")) => (archive, None),
        Some((archive, class)) => (archive, Some(class)),
        None => (code, None),
    };
    let physics = PHYSICS_ARCHIVES.contains(&archive);
    let group = if physics { "physics" } else { archive };
    match class {
        // `cs` is a group and its archive; `physics` alone is the whole group.
        None if !physics => archive.to_string(),
        None => format!("{group}:{archive}"),
        Some(class) => format!("{group}:{archive}:{class}"),
    }
}

/// The other name of an aliased category, if it has one.
pub fn alias_of(code: &str) -> Option<&'static str> {
    ALIASES.iter().find_map(|&(a, b)| match code {
        c if c == a => Some(b),
        c if c == b => Some(a),
        _ => None,
    })
}

/// Up to three known codes closest to `input` by edit distance (case-insensitive).
fn suggest(input: &str) -> Vec<&'static str> {
    let lower = input.to_ascii_lowercase();
    let mut scored: Vec<(usize, &'static str)> =
        CODES.iter().map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), *c)).collect();
    scored.sort();
    let limit = (lower.len() / 2).max(2);
    scored.into_iter().filter(|(d, _)| *d <= limit).take(3).map(|(_, c)| c).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push((previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_map_to_their_oai_sets() {
        assert_eq!(oai_set("cs.CL"), "cs:cs:CL");
        assert_eq!(oai_set("cs.*"), "cs");
        assert_eq!(oai_set("hep-th"), "physics:hep-th");
        assert_eq!(oai_set("astro-ph.GA"), "physics:astro-ph:GA");
        assert_eq!(oai_set("cond-mat.*"), "physics:cond-mat");
        assert_eq!(oai_set("physics.*"), "physics:physics", "the archive, not the group");
        assert_eq!(oai_set("physics.optics"), "physics:physics:optics");
        assert_eq!(oai_set("math.NA"), "math:math:NA");
        assert_eq!(oai_set("stat.ML"), "stat:stat:ML");
        assert_eq!(oai_set("q-bio.NC"), "q-bio:q-bio:NC");
    }

    #[test]
    fn known_codes_and_wildcards_pass_with_their_case_fixed() {
        assert_eq!(validate("cs.CL"), Ok("cs.CL".into()));
        assert_eq!(validate("cs.cl"), Ok("cs.CL".into()));
        assert_eq!(validate("hep-th"), Ok("hep-th".into()));
        assert_eq!(validate("cs.*"), Ok("cs.*".into()));
        assert_eq!(validate("math.IT"), Ok("math.IT".into()), "aliases are valid codes");
    }

    #[test]
    fn unknown_codes_get_the_closest_suggestions() {
        let err = validate("cs.CLL").expect_err("typo");
        assert_eq!(err.suggestions.first(), Some(&"cs.CL"));
        assert!(err.to_string().starts_with("unknown arXiv category 'cs.CLL'; did you mean cs.CL"));
        assert_eq!(validate("hep-tk").expect_err("typo").suggestions.first(), Some(&"hep-th"));
        assert!(validate("xyz.*").is_err());
        let far = validate("zzzzzzzzzzzzzzzzzzzz").expect_err("nothing close");
        assert!(far.suggestions.is_empty() && far.to_string().contains("category_taxonomy"));
    }

    #[test]
    fn aliases_go_both_ways() {
        assert_eq!(alias_of("cs.IT"), Some("math.IT"));
        assert_eq!(alias_of("stat.TH"), Some("math.ST"));
        assert_eq!(alias_of("cs.CL"), None);
    }
}
