//! The TeX in arXiv titles and abstracts, turned into text a person reads:
//! formatting commands dropped (`\textbf{CARL}` is `CARL`), symbols and Greek
//! letters as Unicode (`$\sim$` is `∼`, `{\tau}` is `τ`), inline maths kept
//! readable (`$O(n^2)$` is `O(n²)`, `$\frac{1}{2}$` is `1/2`), accents composed
//! (`\"o` is `ö`), `\href{url}{text}` as `text (url)`, LaTeX quotes as typographic
//! ones (` ``soft'' ` is `“soft”`), citations and labels dropped, footnotes in
//! brackets. A `$` that opens no maths (`$5 million`) stays. Pure and total:
//! whatever the input, it returns text.
//!
//! Written here rather than taken from a crate: `unicodeit` (the Rust port of
//! unicodeit.net) converts maths only, turns every hyphen of the surrounding text
//! into a minus sign and `{\it …}` into `{ℹt …}`, and rescans the text once per
//! each of its 4,000 symbols (about 2.6 ms an abstract).

use std::borrow::Cow;

use icu_normalizer::ComposingNormalizerBorrowed;

/// The readable form of `text`.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.contains(['\\', '$', '{', '}', '`', '~']) && !text.contains("''") && !text.contains("--") {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut reader = Reader { chars: &chars, at: 0, depth: 0 };
    let mut out = String::with_capacity(text.len());
    reader.text(&mut out, None, false);
    let composed = ComposingNormalizerBorrowed::new_nfc().normalize(&out).into_owned();
    Cow::Owned(tidy_spaces(&composed))
}

/// Runs of spaces become one, and none is left before closing punctuation that
/// a dropped command left behind ("see [3] ." is "see .").
fn tidy_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let space = c == ' ';
        if space && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        if matches!(c, '.' | ',' | ';' | ':' | ')') && out.ends_with(' ') {
            out.pop();
        }
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

struct Reader<'a> {
    chars: &'a [char],
    at: usize,
    /// How many groups and arguments deep the reading is.
    depth: usize,
}

/// Groups nested deeper than this are read as plain text: no abstract comes near
/// it, and a hostile one cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

/// How maths ends.
#[derive(Clone, Copy, PartialEq)]
enum Close {
    Dollar,
    DoubleDollar,
    Paren,
    Bracket,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    /// Reads until the end, a `}` closing the group (`in_group`), or the end of
    /// the maths `math` (with `math`, in maths mode).
    fn text(&mut self, out: &mut String, math: Option<Close>, in_group: bool) {
        if self.depth >= MAX_DEPTH {
            out.extend(&self.chars[self.at..]);
            self.at = self.chars.len();
            return;
        }
        self.depth += 1;
        self.read(out, math, in_group);
        self.depth -= 1;
    }

    fn read(&mut self, out: &mut String, math: Option<Close>, in_group: bool) {
        while let Some(c) = self.peek() {
            match c {
                '}' if in_group => {
                    self.at += 1;
                    return;
                }
                '}' => self.at += 1,
                '{' => {
                    self.at += 1;
                    self.text(out, math, true);
                }
                '\\' => {
                    if let Some(close) = math {
                        if (close == Close::Paren && self.peek_at(1) == Some(')'))
                            || (close == Close::Bracket && self.peek_at(1) == Some(']'))
                        {
                            self.at += 2;
                            return;
                        }
                    } else if matches!(self.peek_at(1), Some('(' | '[')) {
                        let close = if self.peek_at(1) == Some('(') { Close::Paren } else { Close::Bracket };
                        self.at += 2;
                        self.text(out, Some(close), false);
                        continue;
                    }
                    self.command(out, math);
                }
                '$' => match math {
                    Some(Close::Dollar) => {
                        self.at += 1;
                        return;
                    }
                    Some(Close::DoubleDollar) if self.peek_at(1) == Some('$') => {
                        self.at += 2;
                        return;
                    }
                    Some(_) => self.at += 1,
                    None => self.dollar(out),
                },
                '^' | '_' if math.is_some() => {
                    self.at += 1;
                    self.script(out, c == '^', math);
                }
                '~' => {
                    self.at += 1;
                    out.push(' ');
                }
                // Quotes count in maths too: `$\textit{``x"}$` is text in maths.
                '`' if self.peek_at(1) == Some('`') => {
                    self.at += 2;
                    out.push('“');
                }
                '`' if math.is_none() => {
                    self.at += 1;
                    out.push('‘');
                }
                // In maths `''` is a double prime: f''(x).
                '\'' if self.peek_at(1) == Some('\'') => {
                    self.at += 2;
                    out.push(if math.is_some() { '″' } else { '”' });
                }
                '"' if out_has_open_quote(out) => {
                    self.at += 1;
                    out.push('”');
                }
                '-' if math.is_none() && self.peek_at(1) == Some('-') => {
                    let dashes = if self.peek_at(2) == Some('-') { 3 } else { 2 };
                    self.at += dashes;
                    out.push(if dashes == 3 { '—' } else { '–' });
                }
                _ => {
                    self.at += 1;
                    out.push(c);
                }
            }
        }
    }

    /// A `$` outside maths: maths when a closing `$` follows and what is between
    /// looks like maths, else a dollar sign.
    fn dollar(&mut self, out: &mut String) {
        let double = self.peek_at(1) == Some('$');
        let start = self.at + if double { 2 } else { 1 };
        let close = self.chars[start..].iter().position(|&c| c == '$').map(|i| start + i);
        if !close
            .is_some_and(|end| looks_like_maths(&self.chars[start..end], self.chars.get(end + 1).copied()))
        {
            self.at += 1;
            out.push('$');
            return;
        }
        self.at = start;
        let mut maths = String::new();
        self.text(&mut maths, Some(if double { Close::DoubleDollar } else { Close::Dollar }), false);
        out.push_str(maths.trim());
    }

    /// `\$`, a dollar sign; but some authors escape the dollars of their maths
    /// (`\$m\times n\$`), which is read as maths when it looks like it.
    fn escaped_dollar(&mut self, out: &mut String) {
        let start = self.at;
        let close = (start..self.chars.len().saturating_sub(1))
            .find(|&i| self.chars[i] == '\\' && self.chars[i + 1] == '$');
        let Some(end) =
            close.filter(|&end| looks_like_maths(&self.chars[start..end], self.chars.get(end + 2).copied()))
        else {
            out.push('$');
            return;
        };
        let inner: String = self.chars[start..end].iter().collect();
        self.at = end + 2;
        let chars: Vec<char> = inner.chars().collect();
        let mut maths = String::new();
        Reader { chars: &chars, at: 0, depth: 0 }.text(&mut maths, Some(Close::Dollar), false);
        out.push_str(maths.trim());
    }

    /// A superscript or subscript: as Unicode when every character has a form,
    /// else `^(…)` or `_(…)`.
    fn script(&mut self, out: &mut String, superscript: bool, math: Option<Close>) {
        let mut inner = String::new();
        match self.peek() {
            Some('{') => {
                self.at += 1;
                self.text(&mut inner, math, true);
            }
            Some('\\') => self.command(&mut inner, math),
            Some(c) => {
                self.at += 1;
                inner.push(c);
            }
            None => {}
        }
        push_script(out, inner.trim(), superscript);
    }

    /// The command at the backslash.
    fn command(&mut self, out: &mut String, math: Option<Close>) {
        self.at += 1;
        let Some(first) = self.peek() else {
            return;
        };
        if !first.is_ascii_alphabetic() {
            self.at += 1;
            match first {
                '$' if math.is_none() => self.escaped_dollar(out),
                '%' | '&' | '_' | '#' | '$' | '{' | '}' => out.push(first),
                ',' | ';' | ':' | ' ' => out.push(' '),
                '!' | '-' | '/' => {}
                '\\' => out.push(' '),
                '|' => out.push('‖'),
                '\'' | '"' | '`' | '^' | '~' | '=' | '.' => self.accent(out, first, math),
                other => out.push(other),
            }
            return;
        }
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.at += 1;
        }
        let name: String = self.chars[start..self.at].iter().collect();
        // A space after a command name only ends the name.
        if math.is_none() && self.peek() == Some(' ') && !takes_argument(&name) && symbol(&name).is_some() {
            self.at += 1;
            if let Some(symbol) = symbol(&name) {
                out.push_str(symbol);
                out.push(' ');
            }
            return;
        }
        self.named(out, &name, math);
    }

    fn named(&mut self, out: &mut String, name: &str, math: Option<Close>) {
        match name {
            "href" => {
                let url = self.raw_argument();
                let text = self.argument(math);
                match text.trim() == url.trim() || text.trim().is_empty() {
                    true => out.push_str(url.trim()),
                    false => {
                        out.push_str(text.trim());
                        out.push_str(" (");
                        out.push_str(url.trim());
                        out.push(')');
                    }
                }
            }
            "url" | "nolinkurl" => out.push_str(self.raw_argument().trim()),
            "footnote" | "thanks" => {
                let text = self.argument(math);
                out.push_str(" (");
                out.push_str(text.trim());
                out.push(')');
            }
            "cite" | "citep" | "citet" | "citeauthor" | "citeyear" | "ref" | "eqref" | "autoref" | "cref"
            | "Cref" | "label" | "vspace" | "hspace" | "color" | "includegraphics" | "index" => {
                self.skip_optional();
                self.raw_argument();
            }
            "textcolor" | "colorbox" => {
                self.raw_argument();
                let text = self.argument(math);
                out.push_str(&text);
            }
            "frac" | "tfrac" | "dfrac" | "cfrac" => {
                let top = self.argument(math);
                let bottom = self.argument(math);
                out.push_str(&operand(&top));
                out.push('/');
                out.push_str(&operand(&bottom));
            }
            "sqrt" => {
                self.skip_optional();
                let inner = self.argument(math);
                out.push('√');
                out.push_str(&operand(&inner));
            }
            "textsuperscript" => {
                let inner = self.argument(math);
                push_script(out, inner.trim(), true);
            }
            "unicode" => {
                let code = self.raw_argument();
                let value = code.trim().trim_start_matches(['x', 'X', 'U', '+']);
                match u32::from_str_radix(value, 16).ok().and_then(char::from_u32) {
                    Some(c) => out.push(c),
                    None => out.push_str(&code),
                }
            }
            "mathbb" | "mathbbm" | "mathds" => {
                let inner = self.argument(math);
                out.extend(inner.chars().map(double_struck));
            }
            "hat" | "widehat" | "tilde" | "widetilde" | "bar" | "overline" | "vec" | "dot" | "ddot"
            | "check" | "breve" | "acute" | "grave" | "mathring" => {
                let inner = self.argument(math);
                out.push_str(&inner);
                if inner.chars().count() == 1 {
                    out.push_str(combining(name));
                }
            }
            "c" | "v" | "u" | "H" | "k" | "r" | "b" | "d" | "t"
                if self.peek() == Some('{') || self.peek() == Some(' ') =>
            {
                let mark = match name {
                    "c" => "\u{327}",
                    "v" => "\u{30c}",
                    "u" => "\u{306}",
                    "H" => "\u{30b}",
                    "k" => "\u{328}",
                    "r" => "\u{30a}",
                    "b" => "\u{331}",
                    "d" => "\u{323}",
                    _ => "\u{361}",
                };
                if self.peek() == Some(' ') {
                    self.at += 1;
                }
                let base = self.argument(math);
                out.push_str(&base);
                out.push_str(mark);
            }
            "left" | "right" | "big" | "Big" | "bigg" | "Bigg" | "bigl" | "bigr" | "Bigl" | "Bigr"
            | "biggl" | "biggr" | "middle" | "displaystyle" | "textstyle" | "scriptstyle" | "limits"
            | "nolimits" | "small" | "footnotesize" | "scriptsize" | "tiny" | "large" | "Large" | "LARGE"
            | "huge" | "normalsize" | "em" | "it" | "bf" | "rm" | "sf" | "tt" | "sc" | "sl" | "up" | "md"
            | "itshape" | "bfseries" | "scshape" | "ttfamily" | "rmfamily" | "sffamily" | "upshape"
            | "normalfont" | "noindent" | "newline" | "linebreak" | "par" | "xspace" | "relax"
            | "centering" | "ignorespaces" | "protect" | "allowbreak" | "nobreak" => {
                if name == "newline" || name == "par" {
                    out.push(' ');
                }
            }
            "quad" | "qquad" | "enspace" | "thinspace" | "medspace" | "thickspace" => out.push(' '),
            _ if is_formatting(name) => {
                let inner = self.argument(math);
                out.push_str(&inner);
            }
            _ => match symbol(name) {
                Some(symbol) => out.push_str(symbol),
                // An unknown command, or an author's own macro (`\ours`): its name
                // is the best guess at what it stood for.
                None => out.push_str(name),
            },
        }
    }

    /// An accent command (`\'e`, `\"{o}`, `\^{\i}`).
    fn accent(&mut self, out: &mut String, accent: char, math: Option<Close>) {
        let base = match self.peek() {
            Some('{') => self.argument(math),
            Some('\\') => {
                let mut inner = String::new();
                self.command(&mut inner, math);
                inner
            }
            Some(c) if !c.is_whitespace() => {
                self.at += 1;
                c.to_string()
            }
            _ => String::new(),
        };
        let mark = match accent {
            '\'' => "\u{301}",
            '"' => "\u{308}",
            '`' => "\u{300}",
            '^' => "\u{302}",
            '~' => "\u{303}",
            '=' => "\u{304}",
            _ => "\u{307}",
        };
        out.push_str(&base);
        if !base.is_empty() {
            out.push_str(mark);
        }
    }

    /// The next argument, converted: a `{…}` group, a command, or one character.
    fn argument(&mut self, math: Option<Close>) -> String {
        while self.peek() == Some(' ') {
            self.at += 1;
        }
        let mut out = String::new();
        match self.peek() {
            Some('{') => {
                self.at += 1;
                self.text(&mut out, math, true);
            }
            Some('\\') => self.command(&mut out, math),
            Some(c) => {
                self.at += 1;
                out.push(c);
            }
            None => {}
        }
        out
    }

    /// The next `{…}` argument as written (a URL), or nothing.
    fn raw_argument(&mut self) -> String {
        while self.peek() == Some(' ') {
            self.at += 1;
        }
        if self.peek() != Some('{') {
            return String::new();
        }
        self.at += 1;
        let mut depth = 1;
        let start = self.at;
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        let raw: String = self.chars[start..self.at - 1].iter().collect();
                        return ["%", "#", "_", "&", "~"]
                            .iter()
                            .fold(raw, |url, c| url.replace(&format!("\\{c}"), c));
                    }
                }
                _ => {}
            }
        }
        self.chars[start..].iter().collect()
    }

    /// Skips an optional `[…]` argument.
    fn skip_optional(&mut self) {
        if self.peek() == Some('[')
            && let Some(end) = self.chars[self.at..].iter().position(|&c| c == ']')
        {
            self.at += end + 1;
        }
    }
}

/// Whether what stands between two `$` is maths: it has TeX in it, or is one
/// token ("n"), or has no words ("1 - α"), or it opens on no digit and closes on
/// no space ("O(AN log N)"). Prices ("$5 and $10") are none of these, nor is a
/// price range ("$5-$10": a digit after each dollar).
fn looks_like_maths(inner: &[char], after: Option<char>) -> bool {
    let (Some(first), Some(last)) = (inner.first(), inner.last()) else {
        return false;
    };
    if first.is_ascii_digit() && after.is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let has_word = inner.windows(2).any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_alphabetic());
    inner.iter().any(|c| matches!(c, '\\' | '^' | '_' | '=' | '<' | '>' | '{'))
        || !inner.iter().any(|c| c.is_whitespace())
        || !has_word
        || (!first.is_ascii_digit() && !first.is_whitespace() && !last.is_whitespace())
}

/// Whether an unpaired `"` closes a quote opened by ``` `` ```.
fn out_has_open_quote(out: &str) -> bool {
    out.rfind('“').is_some_and(|open| !out[open..].contains('”'))
}

/// A fraction's part, bracketed when it is more than one term.
fn operand(text: &str) -> String {
    let text = text.trim();
    match text.chars().all(|c| c.is_alphanumeric() || c == '.') {
        true => text.to_string(),
        false => format!("({text})"),
    }
}

fn takes_argument(name: &str) -> bool {
    is_formatting(name) || matches!(name, "href" | "url" | "frac" | "sqrt" | "footnote")
}

/// Commands whose argument is kept and the command dropped.
fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "textbf"
            | "textit"
            | "emph"
            | "texttt"
            | "textsc"
            | "textrm"
            | "textsf"
            | "textnormal"
            | "textup"
            | "textmd"
            | "textsl"
            | "underline"
            | "uline"
            | "mbox"
            | "hbox"
            | "text"
            | "mathrm"
            | "mathbf"
            | "mathit"
            | "mathsf"
            | "mathtt"
            | "mathnormal"
            | "mathcal"
            | "mathscr"
            | "mathfrak"
            | "boldsymbol"
            | "bm"
            | "pmb"
            | "operatorname"
            | "ensuremath"
            | "emph*"
            | "mathbfit"
            | "textsuperscript*"
            | "fbox"
            | "makebox"
            | "highlight"
            | "hl"
    )
}

/// The combining mark of an accent command over one letter.
fn combining(name: &str) -> &'static str {
    match name {
        "hat" | "widehat" => "\u{302}",
        "tilde" | "widetilde" => "\u{303}",
        "bar" | "overline" => "\u{304}",
        "vec" => "\u{20d7}",
        "dot" => "\u{307}",
        "ddot" => "\u{308}",
        "check" => "\u{30c}",
        "breve" => "\u{306}",
        "acute" => "\u{301}",
        "grave" => "\u{300}",
        _ => "\u{30a}",
    }
}

/// `\mathbb` letters.
fn double_struck(c: char) -> char {
    match c {
        'R' => 'ℝ',
        'N' => 'ℕ',
        'Z' => 'ℤ',
        'Q' => 'ℚ',
        'C' => 'ℂ',
        'P' => 'ℙ',
        'E' => '𝔼',
        'H' => 'ℍ',
        '1' => '𝟙',
        other => other,
    }
}

/// `inner` raised or lowered: in Unicode when every character has a form, else
/// `^x` or `^(…)`.
fn push_script(out: &mut String, inner: &str, superscript: bool) {
    let mapped: Option<String> = inner.chars().map(|c| script_char(c, superscript)).collect();
    match mapped {
        Some(mapped) if !mapped.is_empty() => out.push_str(&mapped),
        _ => {
            out.push(if superscript { '^' } else { '_' });
            match inner.chars().count() {
                1 => out.push_str(inner),
                _ => {
                    out.push('(');
                    out.push_str(inner);
                    out.push(')');
                }
            }
        }
    }
}

/// A character as a superscript or subscript, when Unicode has one.
fn script_char(c: char, superscript: bool) -> Option<char> {
    const SUPER: &[(char, char)] = &[
        ('0', '⁰'),
        ('1', '¹'),
        ('2', '²'),
        ('3', '³'),
        ('4', '⁴'),
        ('5', '⁵'),
        ('6', '⁶'),
        ('7', '⁷'),
        ('8', '⁸'),
        ('9', '⁹'),
        ('+', '⁺'),
        ('-', '⁻'),
        ('−', '⁻'),
        ('=', '⁼'),
        ('(', '⁽'),
        (')', '⁾'),
        ('n', 'ⁿ'),
        ('i', 'ⁱ'),
        ('T', 'ᵀ'),
        ('t', 'ᵗ'),
        ('k', 'ᵏ'),
        ('d', 'ᵈ'),
        ('m', 'ᵐ'),
        ('x', 'ˣ'),
        ('*', '*'),
        ('′', '′'),
        ('\'', '′'),
        ('∗', '*'),
        ('†', '†'),
        ('⊤', 'ᵀ'),
    ];
    const SUB: &[(char, char)] = &[
        ('0', '₀'),
        ('1', '₁'),
        ('2', '₂'),
        ('3', '₃'),
        ('4', '₄'),
        ('5', '₅'),
        ('6', '₆'),
        ('7', '₇'),
        ('8', '₈'),
        ('9', '₉'),
        ('+', '₊'),
        ('-', '₋'),
        ('−', '₋'),
        ('=', '₌'),
        ('(', '₍'),
        (')', '₎'),
        ('i', 'ᵢ'),
        ('j', 'ⱼ'),
        ('k', 'ₖ'),
        ('t', 'ₜ'),
        ('n', 'ₙ'),
        ('m', 'ₘ'),
        ('a', 'ₐ'),
        ('e', 'ₑ'),
        ('o', 'ₒ'),
        ('x', 'ₓ'),
        ('l', 'ₗ'),
        ('p', 'ₚ'),
        ('s', 'ₛ'),
        ('r', 'ᵣ'),
        ('u', 'ᵤ'),
        ('v', 'ᵥ'),
        ('h', 'ₕ'),
    ];
    let table = if superscript { SUPER } else { SUB };
    table.iter().find(|(from, _)| *from == c).map(|(_, to)| *to)
}

/// The Unicode of a symbol command (Greek letters, operators, relations, arrows,
/// text symbols and letters).
fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "epsilon" => "ϵ",
        "varepsilon" => "ε",
        "zeta" => "ζ",
        "eta" => "η",
        "theta" => "θ",
        "vartheta" => "ϑ",
        "iota" => "ι",
        "kappa" => "κ",
        "lambda" => "λ",
        "mu" => "μ",
        "nu" => "ν",
        "xi" => "ξ",
        "pi" => "π",
        "varpi" => "ϖ",
        "rho" => "ρ",
        "varrho" => "ϱ",
        "sigma" => "σ",
        "varsigma" => "ς",
        "tau" => "τ",
        "upsilon" => "υ",
        "phi" => "ϕ",
        "varphi" => "φ",
        "chi" => "χ",
        "psi" => "ψ",
        "omega" => "ω",
        "Gamma" => "Γ",
        "Delta" => "Δ",
        "Theta" => "Θ",
        "Lambda" => "Λ",
        "Xi" => "Ξ",
        "Pi" => "Π",
        "Sigma" => "Σ",
        "Upsilon" => "Υ",
        "Phi" => "Φ",
        "Psi" => "Ψ",
        "Omega" => "Ω",
        "times" => "×",
        "cdot" => "·",
        "cdots" | "ldots" | "dots" | "dotsc" | "dotsb" | "textellipsis" => "…",
        "vdots" => "⋮",
        "pm" => "±",
        "mp" => "∓",
        "div" => "÷",
        "ast" => "∗",
        "star" => "⋆",
        "circ" => "∘",
        "bullet" => "•",
        "oplus" => "⊕",
        "otimes" => "⊗",
        "odot" => "⊙",
        "cap" => "∩",
        "cup" => "∪",
        "wedge" | "land" => "∧",
        "vee" | "lor" => "∨",
        "neg" | "lnot" => "¬",
        "setminus" => "∖",
        "le" | "leq" => "≤",
        "ge" | "geq" => "≥",
        "leqslant" => "⩽",
        "geqslant" => "⩾",
        "ne" | "neq" => "≠",
        "ll" => "≪",
        "gg" => "≫",
        "lesssim" => "≲",
        "gtrsim" => "≳",
        "approx" => "≈",
        "simeq" => "≃",
        "sim" => "∼",
        "cong" => "≅",
        "equiv" => "≡",
        "propto" => "∝",
        "in" => "∈",
        "notin" => "∉",
        "ni" => "∋",
        "subset" => "⊂",
        "subseteq" => "⊆",
        "supset" => "⊃",
        "supseteq" => "⊇",
        "emptyset" | "varnothing" => "∅",
        "forall" => "∀",
        "exists" => "∃",
        "nexists" => "∄",
        "infty" => "∞",
        "partial" => "∂",
        "nabla" => "∇",
        "sum" => "∑",
        "prod" => "∏",
        "int" => "∫",
        "oint" => "∮",
        "ell" => "ℓ",
        "hbar" => "ℏ",
        "Re" => "ℜ",
        "Im" => "ℑ",
        "aleph" => "ℵ",
        "top" => "⊤",
        "bot" | "perp" => "⊥",
        "mid" => "|",
        "vert" | "lvert" | "rvert" => "|",
        "Vert" | "lVert" | "rVert" => "‖",
        "parallel" => "∥",
        "langle" => "⟨",
        "rangle" => "⟩",
        "lceil" => "⌈",
        "rceil" => "⌉",
        "lfloor" => "⌊",
        "rfloor" => "⌋",
        "lbrace" => "{",
        "rbrace" => "}",
        "to" | "rightarrow" => "→",
        "leftarrow" | "gets" => "←",
        "leftrightarrow" => "↔",
        "Rightarrow" | "implies" => "⇒",
        "Leftarrow" => "⇐",
        "Leftrightarrow" | "iff" => "⇔",
        "longrightarrow" => "⟶",
        "longleftarrow" => "⟵",
        "Longrightarrow" => "⟹",
        "mapsto" => "↦",
        "uparrow" => "↑",
        "downarrow" => "↓",
        "updownarrow" => "↕",
        "nearrow" => "↗",
        "searrow" => "↘",
        "hookrightarrow" => "↪",
        "rightleftharpoons" => "⇌",
        "checkmark" => "✓",
        "dagger" => "†",
        "ddagger" => "‡",
        "S" => "§",
        "P" => "¶",
        "copyright" => "©",
        "textregistered" => "®",
        "texttrademark" => "™",
        "pounds" => "£",
        "euro" => "€",
        "deg" | "degree" | "textdegree" => "°",
        "prime" => "′",
        "log" => "log",
        "ln" => "ln",
        "exp" => "exp",
        "min" => "min",
        "max" => "max",
        "arg" => "arg",
        "argmin" => "argmin",
        "argmax" => "argmax",
        "sup" => "sup",
        "inf" => "inf",
        "lim" => "lim",
        "sin" => "sin",
        "cos" => "cos",
        "tan" => "tan",
        "det" => "det",
        "dim" => "dim",
        "Pr" => "Pr",
        "textasciitilde" => "~",
        "textasciicircum" => "^",
        "textbackslash" => "\\",
        "textendash" => "–",
        "textemdash" => "—",
        "textbar" => "|",
        "textless" => "<",
        "textgreater" => ">",
        "textquoteleft" => "‘",
        "textquoteright" => "’",
        "textquotedblleft" => "“",
        "textquotedblright" => "”",
        "textperthousand" => "‰",
        "textmu" => "µ",
        "textpm" => "±",
        "texttimes" => "×",
        "ss" => "ß",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "aa" => "å",
        "AA" => "Å",
        "o" => "ø",
        "O" => "Ø",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "j" => "ȷ",
        "eg" => "e.g.",
        "ie" => "i.e.",
        "etal" => "et al.",
        "etc" => "etc.",
        "vs" => "vs.",
        "LaTeX" => "LaTeX",
        "TeX" => "TeX",
        "today" => "",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str) -> String {
        clean(text).into_owned()
    }

    #[test]
    fn formatting_goes_and_symbols_become_unicode() {
        assert_eq!(c("48%$\\sim$66%"), "48%∼66%");
        assert_eq!(c("LLM Query $\\rightarrow$ BM25"), "LLM Query → BM25");
        assert_eq!(c("$\\textbf{CARL}$ wins"), "CARL wins");
        assert_eq!(c("a {\\tau} b"), "a τ b");
        assert_eq!(c("\\textbf{Bold} \\& \\emph{it} 50\\% {braces}"), "Bold & it 50% braces");
        assert_eq!(c("{\\it Lehmer Transform} is {\\bf new}"), "Lehmer Transform is new");
        assert_eq!(c("We get 3$\\times$ faster"), "We get 3× faster");
        assert_eq!(c("$\\alpha$ < 1 beats \\textit{Full} attention"), "α < 1 beats Full attention");
        assert_eq!(c("\\textcolor{red}{Warning}: see~Fig. 2"), "Warning: see Fig. 2");
    }

    #[test]
    fn maths_reads_like_text() {
        assert_eq!(c("in $O(n^2)$ time"), "in O(n²) time");
        assert_eq!(c("$10^{-3}$ and $x_{t+1}$ and $x_i$"), "10⁻³ and xₜ₊₁ and xᵢ");
        assert_eq!(c("$\\frac{1}{2}$ and $\\frac{a+b}{c}$"), "1/2 and (a+b)/c");
        assert_eq!(c("$\\sqrt{d}$, $\\mathbb{R}^d$, $\\mathcal{O}(1)$"), "√d, ℝᵈ, O(1)");
        assert_eq!(c("$\\hat{y}$ and \\(\\epsilon\\)-greedy"), "ŷ and ϵ-greedy");
        assert_eq!(c("$\\left(\\frac{x}{y}\\right)$"), "(x/y)");
        assert_eq!(c("$W_{\\text{out}}$ and $W_{\\text{gate}}$"), "Wₒᵤₜ and W_(gate)");
    }

    #[test]
    fn links_quotes_accents_and_citations() {
        assert_eq!(
            c("Code at \\href{https://github.com/a/b}{our repo}. See \\url{https://x.org/p\\%20q}."),
            "Code at our repo (https://github.com/a/b). See https://x.org/p%20q."
        );
        assert_eq!(
            c("``soft-positive\" and ``Learning'' and `one'"),
            "“soft-positive” and “Learning” and ‘one'"
        );
        assert_eq!(
            c("Schr\\\"odinger, Erd\\H{o}s, \\'{e}t\\'e, Ca\\~{n}ete, G\\\"{o}del"),
            "Schrödinger, Erdős, été, Cañete, Gödel"
        );
        assert_eq!(c("as shown \\cite{smith2020} and~\\citep[p.~2]{x}."), "as shown and.");
        assert_eq!(
            c("Results\\footnote{See \\href{https://a.b}{here}.} hold"),
            "Results (See here (https://a.b).) hold"
        );
        assert_eq!(c("pages 7--10 --- really"), "pages 7–10 — really");
    }

    #[test]
    fn a_dollar_that_opens_no_maths_stays_and_text_without_tex_is_borrowed() {
        assert_eq!(c("costs $5 and $10 a month"), "costs $5 and $10 a month");
        assert_eq!(c("top-\\$p\\$ and \\$m\\times n\\$ but \\$5"), "top-p and m× n but $5");
        assert_eq!(c("complexity $O(AN log N)$, yet $ 5 and $ 6"), "complexity O(AN log N), yet $ 5 and $ 6");
        assert_eq!(
            c("probability $1 - α$ and $\\textit{``Intermediate\"}$ steps"),
            "probability 1 - α and “Intermediate” steps"
        );
        assert_eq!(
            c("\\href{https://a.org/x\\#learn\\_the\\_details}{site}"),
            "site (https://a.org/x#learn_the_details)"
        );
        assert_eq!(c("a lone $ sign"), "a lone $ sign");
        assert_eq!(c("costs $5-$10, or $1M-$2M, or \\$5-\\$10"), "costs $5-$10, or $1M-$2M, or $5-$10");
        assert_eq!(c("$f''(x)$ and $2$-$3$ apart"), "f″(x) and 2-3 apart");
        assert!(matches!(clean("Plain text, nothing to do."), Cow::Borrowed(_)));
        assert_eq!(c("\\ours{} beats \\method"), "ours beats method");
        assert_eq!(c("ends with \\"), "ends with");
        assert_eq!(c("unclosed {\\bf group"), "unclosed group");
        assert_eq!(c("\\unicode{x2013} and \\unicode{zz}"), "– and zz");
    }

    #[test]
    fn groups_nested_past_the_limit_are_kept_as_text() {
        let deep = format!("{}x{}", "{".repeat(100_000), "}".repeat(100_000));
        let cleaned = clean(&deep);
        assert!(cleaned.contains('x') && cleaned.len() < deep.len(), "{}", cleaned.len());
    }
}
