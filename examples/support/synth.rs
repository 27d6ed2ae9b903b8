//! A deterministic generator of realistic export-API Atom feeds, shared by the
//! `synth_feed` example and the benchmarks (included with `#[path]`, so it is not
//! part of the library).
//!
//! Entries look like the current backend's: 1–12 authors (names reused as on arXiv:
//! a few prolific, most on one paper; some with affiliations),
//! a title, a ~170-word abstract drawn from a skewed vocabulary of common words with
//! about one topic word in fifteen, 1–4
//! categories, and the optional comment, journal ref and DOIs at roughly arXiv's
//! rates. The same `seed` always gives the same bytes.

use std::io::{self, Write};

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "a",
    "to",
    "in",
    "we",
    "is",
    "that",
    "for",
    "on",
    "with",
    "our",
    "are",
    "this",
    "by",
    "as",
    "an",
    "from",
    "which",
    "be",
    "at",
    "it",
    "these",
    "can",
    "results",
    "show",
    "method",
    "methods",
    "approach",
    "performance",
    "propose",
    "data",
    "task",
    "tasks",
    "existing",
    "novel",
    "framework",
    "based",
    "model",
    "models",
    "problem",
    "paper",
    "both",
    "two",
    "new",
    "set",
    "use",
    "using",
    "while",
    "however",
    "such",
    "large",
    "high",
    "low",
    "across",
    "than",
    "more",
    "over",
    "under",
    "between",
    "each",
    "first",
    "one",
    "further",
    "also",
    "study",
    "analysis",
    "significantly",
    "improves",
    "outperforms",
    "baselines",
    "experiments",
    "demonstrate",
    "achieves",
    "state",
    "art",
    "work",
    "key",
    "provides",
    "introduce",
    "present",
    "evaluate",
    "consider",
    "different",
    "multiple",
    "without",
    "via",
    "through",
    "into",
    "only",
    "time",
    "simple",
    "effective",
    "efficient",
    "general",
    "specific",
    "common",
    "prior",
    "recent",
    "strong",
    "limited",
    "small",
    "number",
    "range",
    "level",
    "quality",
    "accuracy",
    "error",
    "cost",
    "setting",
    "settings",
    "real",
    "world",
    "open",
    "source",
    "available",
    "public",
    "theoretical",
    "empirical",
    "prove",
    "bound",
    "function",
    "space",
    "structure",
    "information",
    "system",
    "systems",
    "process",
    "design",
    "learning",
    "network",
    "networks",
    "neural",
    "training",
    "language",
    "text",
];

/// Topic vocabulary, drawn for about one word in fifteen, as in real abstracts.
const TOPICAL: &[&str] = &[
    "attention",
    "transformer",
    "inference",
    "quantization",
    "alignment",
    "preference",
    "reward",
    "agents",
    "retrieval",
    "generation",
    "code",
    "vision",
    "multimodal",
    "context",
    "cache",
    "memory",
    "sparse",
    "experts",
    "mixture",
    "scaling",
    "laws",
    "evaluation",
    "dataset",
    "benchmark",
    "fine-tuning",
    "low-rank",
    "adapters",
    "safety",
    "jailbreak",
    "robustness",
    "interpretability",
    "features",
    "representations",
    "probing",
    "multilingual",
    "translation",
    "speech",
    "decoding",
    "speculative",
    "latency",
    "throughput",
    "distillation",
    "pruning",
    "compression",
    "tokens",
    "state-space",
    "reasoning",
    "planning",
    "optimization",
    "gradient",
];

const CATEGORIES: &[&str] = &[
    "cs.CL",
    "cs.LG",
    "cs.AI",
    "cs.CV",
    "stat.ML",
    "cs.IR",
    "cs.SE",
    "cs.CR",
    "cs.DC",
    "cs.RO",
    "math.OC",
    "eess.AS",
    "q-bio.NC",
    "physics.comp-ph",
];

const FIRST: &[&str] =
    &["Ana", "Wei", "Tri", "Sofia", "Jürgen", "Priya", "Kenji", "Zoë", "Omar", "Léa", "Ming", "Ivan"];
const LAST: &[&str] = &[
    "Nuñez", "Zhang", "Dao", "Rossi", "Müller", "Sharma", "Tanaka", "O'Brien", "Haddad", "Dubois", "Li",
    "Petrov",
];

/// splitmix64: tiny, fast and good enough for synthetic text.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// From 0 to `n`, log-uniform: index k comes about 1/(k+1) as often as 0,
    /// as a few names (and authors) come up far more than the rest.
    fn zipfian(&mut self, n: usize) -> usize {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }

    /// Skewed towards the start of the list, like word frequencies.
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
}

/// Syllables of the synthetic surnames.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "to", "shi", "an", "el", "vi", "no", "sa", "de", "ru", "ma", "ti", "be", "go",
    "zu", "ha", "ne", "po", "li", "wa", "ke", "do", "fe", "ri", "mo", "ta", "yu", "si", "ba", "ko", "la",
    "me", "na", "pe", "qi", "so", "xu",
];

/// Surnames to draw from: the common ones first, then 64,000 made of syllables.
const SURNAMES: usize = 64_000;

/// An author's name as arXiv's authors reuse them: surnames follow a Zipf-like
/// law (a few are everywhere), first names and initials multiply them, so that a
/// million papers have some prolific authors and a long tail of one-paper ones.
fn author(rng: &mut Rng) -> String {
    let first = FIRST[rng.below(FIRST.len())];
    let initial = match rng.below(2) {
        0 => String::new(),
        _ => format!(" {}.", char::from(b'A' + rng.below(26) as u8)),
    };
    let k = rng.zipfian(SURNAMES + LAST.len());
    let surname = match LAST.get(k) {
        Some(common) => common.to_string(),
        None => {
            let k = k - LAST.len();
            let mut made = String::new();
            for part in [k % 40, (k / 40) % 40, k / 1600] {
                made.push_str(SYLLABLES[part % SYLLABLES.len()]);
            }
            let mut chars = made.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or(made)
        }
    };
    format!("{first}{initial} {surname}")
}

/// Writes one feed of `entries` entries to `out`.
pub fn write_feed(out: &mut impl Write, entries: usize, seed: u64) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    writeln!(out, "<?xml version='1.0' encoding='UTF-8'?>")?;
    writeln!(
        out,
        "<feed xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns=\"http://www.w3.org/2005/Atom\">"
    )?;
    writeln!(out, "  <id>https://arxiv.org/api/SyntheticFeed{seed:014}</id>")?;
    writeln!(
        out,
        "  <title>arXiv Query: search_query=cat:cs.*&amp;id_list=&amp;start=0&amp;max_results={entries}</title>"
    )?;
    writeln!(out, "  <updated>2026-04-12T22:09:26Z</updated>")?;
    writeln!(out, "  <opensearch:itemsPerPage>{entries}</opensearch:itemsPerPage>")?;
    writeln!(out, "  <opensearch:totalResults>{entries}</opensearch:totalResults>")?;
    writeln!(out, "  <opensearch:startIndex>0</opensearch:startIndex>")?;
    for index in 0..entries {
        write_entry(out, &mut rng, index)?;
    }
    writeln!(out, "</feed>")
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut text = String::new();
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        let word = match rng.below(15) {
            0 => TOPICAL[rng.below(TOPICAL.len())],
            _ => WORDS[rng.skewed(WORDS.len())],
        };
        text.push_str(word);
    }
    text
}

fn write_entry(out: &mut impl Write, rng: &mut Rng, index: usize) -> io::Result<()> {
    // Ids run 2401.00001 upwards, 20,000 a month; submissions spread over 2024 at
    // about 9,500 a week so that one ISO week holds ~10,000 papers.
    let month = 1 + (index / 20_000) % 12;
    let year = 24 + index / 240_000;
    let number = index % 20_000 + 1;
    let id = format!("{year:02}{month:02}.{number:05}");
    let version = 1 + (rng.below(10) / 7) + (rng.below(10) / 9);
    let seconds = 1_704_067_200 + (index as u64) * 64 + rng.below(60) as u64;
    let published = chrono::DateTime::from_timestamp(seconds as i64, 0).unwrap_or_default();
    let updated = published + chrono::Duration::days(7 * (version as i64 - 1));
    let stamp = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let title_words = 6 + rng.below(10);
    let mut title = sentence(rng, title_words);
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    writeln!(out, "  <entry>")?;
    writeln!(out, "    <id>http://arxiv.org/abs/{id}v{version}</id>")?;
    writeln!(out, "    <title>{title}</title>")?;
    writeln!(out, "    <updated>{}</updated>", stamp(updated))?;
    writeln!(
        out,
        "    <link href=\"https://arxiv.org/abs/{id}v{version}\" rel=\"alternate\" type=\"text/html\"/>"
    )?;
    writeln!(
        out,
        "    <link href=\"https://arxiv.org/pdf/{id}v{version}\" rel=\"related\" type=\"application/pdf\" title=\"pdf\"/>"
    )?;
    write!(out, "    <summary>  ")?;
    for s in 0..(7 + rng.below(5)) {
        if s > 0 {
            write!(out, " ")?;
        }
        let words = 12 + rng.below(14);
        let mut text = sentence(rng, words);
        if let Some(first) = text.get(..1) {
            text = first.to_uppercase() + &text[1..];
        }
        write!(out, "{text}.")?;
    }
    writeln!(out, " We release code &amp; data.</summary>")?;
    let primary = CATEGORIES[rng.skewed(CATEGORIES.len())];
    writeln!(out, "    <category term=\"{primary}\" scheme=\"http://arxiv.org/schemas/atom\"/>")?;
    for _ in 0..rng.below(4) {
        let cross = CATEGORIES[rng.below(CATEGORIES.len())];
        if cross != primary {
            writeln!(out, "    <category term=\"{cross}\" scheme=\"http://arxiv.org/schemas/atom\"/>")?;
        }
    }
    writeln!(out, "    <published>{}</published>", stamp(published))?;
    if rng.below(10) < 6 {
        let pages = 5 + rng.below(40);
        writeln!(
            out,
            "    <arxiv:comment>{pages} pages, {} figures. Accepted at ICLR 2025</arxiv:comment>",
            rng.below(12)
        )?;
    }
    writeln!(out, "    <arxiv:primary_category term=\"{primary}\"/>")?;
    if rng.below(100) < 15 {
        writeln!(
            out,
            "    <arxiv:journal_ref>J. Synth. Res. {} ({}) {}</arxiv:journal_ref>",
            rng.below(90),
            2024,
            rng.below(999)
        )?;
    }
    if rng.below(100) < 30 {
        writeln!(out, "    <arxiv:doi>10.5555/synth.{id}</arxiv:doi>")?;
        writeln!(
            out,
            "    <link href=\"https://doi.org/10.5555/synth.{id}\" rel=\"related\" type=\"text/html\" title=\"doi\"/>"
        )?;
    }
    for _ in 0..(1 + rng.skewed(12)) {
        let name = author(rng);
        writeln!(out, "    <author>\n      <name>{name}</name>")?;
        if rng.below(100) < 5 {
            writeln!(out, "      <arxiv:affiliation>Synthetic University</arxiv:affiliation>")?;
        }
        writeln!(out, "    </author>")?;
    }
    writeln!(out, "  </entry>")
}
