//! Go's RE2 syntax (what gitleaks configs are written in) rewritten where Rust's `regex` reads
//! the same text differently or not at all, so a config written for gitleaks loads unchanged and
//! matches what gitleaks matches.
//!
//! | Go | Rust reads it as | rewritten to |
//! | -- | ---------------- | ------------ |
//! | `{` that does not start `{n}`, `{n,}`, `{n,m}` (`${{`, `{,3}`, `\b{start}`): a literal | an error, or a repetition | `\{` |
//! | `\Q...\E`: the text between, literally | an error | the text, escaped |
//! | `\0`, `\012`, `\12`: octal escapes | an error (back-reference) | `\x{..}` |
//! | `\<`, `\>`: `<` and `>` | word-boundary assertions | `<`, `>` |
//! | `\C`: any byte | an error | `(?s-u:.)` |
//! | `[` inside a class (`[[]`, `[a[b]`): a literal | a nested class | `\[` (`[:alpha:]` kept) |
//! | `&&`, `~~`, `--` inside a class: literals (or a range ending at `-`) | set operations | `\&`, `\~`, `\-` |
//! | `\d`, `\w`, `\s`, `\b` (and negations): ASCII, `\s` without `\v` | Unicode, when the pattern needs Unicode (`\pL`) | explicit ASCII classes, `(?-u:\b)` |
//!
//! The same in both (kept as written): `\z`, `\A`, `(?U)` and the other flags, `\pN`, `\p{Greek}`,
//! `\PN`, `[[:word:]]` and the other ASCII classes, `(?P<name>...)`, `(?<name>...)`, `\x{10FFFF}`,
//! escaped punctuation. What Go rejects (`\Z`, back-references, `(?x)`) is left as written: Rust
//! rejects it too, and the config error names it.

use std::borrow::Cow;

const ASCII_DIGIT: &str = "0-9";
const ASCII_WORD: &str = "0-9A-Za-z_";
/// Go's `\s`: no vertical tab (Rust's ASCII `\s` has it).
const GO_SPACE: &str = "\\t\\n\\f\\r ";

/// `pattern`, a Go regular expression, as the Rust regex that matches the same text
/// (borrowed when nothing needs rewriting).
pub(crate) fn from_go(pattern: &str) -> Cow<'_, str> {
    let needs = pattern.contains(['{', '\\', '[', '&', '~', '-']);
    if !needs {
        return Cow::Borrowed(pattern);
    }
    let out = rewrite(pattern);
    if out == pattern {
        Cow::Borrowed(pattern)
    } else {
        Cow::Owned(out)
    }
}

fn rewrite(pattern: &str) -> String {
    let c: Vec<char> = pattern.chars().collect();
    let n = c.len();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    // Inside a class: the index of its first member (where `]` is a literal) and the previous
    // member character (to tell `--`).
    let mut class: Option<usize> = None;
    let mut prev_in_class: Option<char> = None;
    while i < n {
        let ch = c[i];
        if ch == '\\' {
            i = escape(&c, i, class.is_some(), &mut out);
            prev_in_class = None;
            continue;
        }
        match class {
            Some(first) => {
                match ch {
                    ']' if i != first => {
                        class = None;
                        out.push(']');
                    }
                    '[' => match ascii_class_end(&c, i) {
                        Some(end) => {
                            out.extend(&c[i..end]);
                            i = end;
                            prev_in_class = None;
                            continue;
                        }
                        None => out.push_str("\\["),
                    },
                    '&' | '~' => {
                        out.push('\\');
                        out.push(ch);
                    }
                    '-' if prev_in_class == Some('-') => out.push_str("\\-"),
                    _ => out.push(ch),
                }
                prev_in_class = Some(ch);
                i += 1;
            }
            None => {
                match ch {
                    '[' => {
                        out.push('[');
                        i += 1;
                        if c.get(i) == Some(&'^') {
                            out.push('^');
                            i += 1;
                        }
                        class = Some(i);
                        prev_in_class = None;
                        continue;
                    }
                    '{' => match repetition_end(&c, i) {
                        Some(end) => {
                            out.extend(&c[i..end]);
                            i = end;
                            continue;
                        }
                        None => out.push_str("\\{"),
                    },
                    _ => out.push(ch),
                }
                i += 1;
            }
        }
    }
    out
}

/// Rewrites the escape at `c[i]` (a `\`) into `out`; returns the index after it.
fn escape(c: &[char], i: usize, in_class: bool, out: &mut String) -> usize {
    let Some(&d) = c.get(i + 1) else {
        out.push('\\');
        return i + 1;
    };
    match d {
        'Q' if !in_class => {
            let start = i + 2;
            let end = (start..c.len())
                .find(|&j| c[j] == '\\' && c.get(j + 1) == Some(&'E'))
                .unwrap_or(c.len());
            let text: String = c[start..end].iter().collect();
            out.push_str(&regex_syntax::escape(&text));
            (end + 2).min(c.len())
        }
        // `\1`..`\7` alone is a back-reference: left for the error.
        '1'..='7' if !matches!(c.get(i + 2), Some('0'..='7')) => {
            out.push('\\');
            out.push(d);
            i + 2
        }
        '0'..='7' => {
            let mut j = i + 1;
            let mut value = 0u32;
            while j < c.len() && j < i + 4 && matches!(c[j], '0'..='7') {
                value = value * 8 + (c[j] as u32 - '0' as u32);
                j += 1;
            }
            out.push_str(&format!("\\x{{{value:X}}}"));
            j
        }
        '<' | '>' => {
            out.push(d);
            i + 2
        }
        'C' if !in_class => {
            out.push_str("(?s-u:.)");
            i + 2
        }
        'd' | 'w' | 's' if in_class => {
            out.push_str(ascii_set(d));
            i + 2
        }
        'd' | 'w' | 's' | 'D' | 'W' | 'S' if !in_class => {
            let negated = d.is_ascii_uppercase();
            out.push('[');
            if negated {
                out.push('^');
            }
            out.push_str(ascii_set(d.to_ascii_lowercase()));
            out.push(']');
            i + 2
        }
        'b' | 'B' if !in_class => {
            out.push_str(if d == 'b' { "(?-u:\\b)" } else { "(?-u:\\B)" });
            i + 2
        }
        // `\pN`, `\p{Greek}`, `\x41`, `\x{41}`: copied whole, so their braces are not literals.
        'p' | 'P' | 'x' if c.get(i + 2) == Some(&'{') => {
            let end = (i + 3..c.len())
                .find(|&j| c[j] == '}')
                .map_or(c.len(), |j| j + 1);
            out.extend(&c[i..end]);
            end
        }
        _ => {
            out.push('\\');
            out.push(d);
            i + 2
        }
    }
}

fn ascii_set(class: char) -> &'static str {
    match class {
        'd' => ASCII_DIGIT,
        'w' => ASCII_WORD,
        _ => GO_SPACE,
    }
}

/// The end (one past `}`) of a counted repetition starting at `c[i]` (a `{`), as Go reads one:
/// `{n}`, `{n,}` or `{n,m}`; `None` when Go reads the `{` as a literal.
fn repetition_end(c: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let digits = |j: &mut usize| {
        let start = *j;
        while *j < c.len() && c[*j].is_ascii_digit() {
            *j += 1;
        }
        *j > start
    };
    if !digits(&mut j) {
        return None;
    }
    if c.get(j) == Some(&',') {
        j += 1;
        digits(&mut j);
    }
    (c.get(j) == Some(&'}')).then_some(j + 1)
}

/// The end (one past `:]`) of an ASCII class such as `[:alpha:]` or `[:^digit:]` starting at
/// `c[i]` (a `[` inside a class).
fn ascii_class_end(c: &[char], i: usize) -> Option<usize> {
    if c.get(i + 1) != Some(&':') {
        return None;
    }
    let mut j = i + 2;
    if c.get(j) == Some(&'^') {
        j += 1;
    }
    let start = j;
    while j < c.len() && c[j].is_ascii_lowercase() {
        j += 1;
    }
    (j > start && c.get(j) == Some(&':') && c.get(j + 1) == Some(&']')).then_some(j + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites() {
        let cases = [
            // Unchanged.
            ("abc", "abc"),
            ("a{2}b{1,}c{1,3}", "a{2}b{1,}c{1,3}"),
            (r"(?i)(?U)a+\z\A", r"(?i)(?U)a+\z\A"),
            (r"\pL\p{Greek}\PN", r"\pL\p{Greek}\PN"),
            ("[[:word:]][[:^alpha:]]", "[[:word:]][[:^alpha:]]"),
            (r"\x{41}\x41\.", r"\x{41}\x41\."),
            ("[]a][^]a]", "[]a][^]a]"),
            // Literal braces.
            (r"\${{ secrets }}", r"\$\{\{ secrets }}"),
            ("a{,3}", r"a\{,3}"),
            ("{x}", r"\{x}"),
            ("a{2", r"a\{2"),
            // \b{start} is \b and a literal in Go.
            (r"\b{start}", r"(?-u:\b)\{start}"),
            // \Q...\E.
            (r"\Qa.b*\E+", r"a\.b\*+"),
            (r"x\Q(open", r"x\(open"),
            // Octal.
            (r"\0\012\141", r"\x{0}\x{A}\x{61}"),
            (r"\1", r"\1"),
            // \< \> and \C.
            (r"\<a\>", "<a>"),
            (r"a\Cb", "a(?s-u:.)b"),
            // Classes.
            ("[[]", r"[\[]"),
            ("[a[b]", r"[a\[b]"),
            ("[a&&b]", r"[a\&\&b]"),
            ("[a~~b]", r"[a\~\~b]"),
            ("[+--]", r"[+-\-]"),
            (r"[\d\w\s]", r"[0-90-9A-Za-z_\t\n\f\r ]"),
            // Perl classes and word boundaries are ASCII, as in Go.
            (
                r"\d\D\w\W\s\S",
                r"[0-9][^0-9][0-9A-Za-z_][^0-9A-Za-z_][\t\n\f\r ][^\t\n\f\r ]",
            ),
            (r"\bx\B", r"(?-u:\b)x(?-u:\B)"),
        ];
        for (go, want) in cases {
            assert_eq!(from_go(go), want, "{go}");
        }
    }

    #[test]
    fn rewritten_patterns_compile_and_match_as_in_go() {
        use crate::engine::regex::build_regex;
        // (Go pattern, text, Go's match)
        let cases: [(&str, &str, Option<&str>); 12] = [
            (
                r"\${{ *secrets\.(\w+) *}}",
                "x ${{ secrets.TOKEN }}",
                Some("${{ secrets.TOKEN }}"),
            ),
            ("a{,2}", "a{,2}", Some("a{,2}")),
            (r"\Q1+1=2\E", "is 1+1=2?", Some("1+1=2")),
            (r"\101\102", "xAB", Some("AB")),
            (r"\<tag\>", "<tag>", Some("<tag>")),
            ("[[]x", "a[x", Some("[x")),
            ("[a&&b]+", "&&ab", Some("&&ab")),
            // ASCII \d even when \pL needs Unicode: the Arabic-Indic digit is not one.
            (r"\pL+\d", "été٣", None),
            (r"key\s=\s(\w+)", "key\x0b=\x0bv", None),
            (r"\w+", "été", Some("t")),
            ("(?U)a+", "aaa", Some("a")),
            (r"end\z", "the end", Some("end")),
        ];
        for (go, text, want) in cases {
            let re = build_regex(&from_go(go)).unwrap_or_else(|e| panic!("{go}: {e}"));
            let got = re.find(text.as_bytes()).map(|m| &text[m.start()..m.end()]);
            assert_eq!(got, want, "{go} on {text:?}");
        }
    }
}
