//! A small tokenizer for the code-like formats (SQL, PHP): words, string literals, punctuation,
//! with the format's comments skipped.

/// A token, as byte ranges into the content.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tok {
    /// A word (identifier, keyword, number, `$var`) or a quoted identifier, without quotes.
    Word(usize, usize),
    /// A string literal, without its quotes (escapes left as written).
    Str(usize, usize),
    Punct(u8),
}

/// What differs between the formats.
pub(crate) struct Syntax {
    /// Line comments (`--`, `#`, `//`).
    pub(crate) line_comments: &'static [&'static [u8]],
    /// Quote bytes that delimit string literals; other quotes (`"`, `` ` `` in SQL) delimit
    /// identifiers.
    pub(crate) strings: &'static [u8],
    /// Stop after a `;` (a statement at a time).
    pub(crate) statements: bool,
    /// A `\` that starts a line starts a client command to the end of the line (psql's
    /// `\connect`), which is skipped.
    pub(crate) meta_lines: bool,
}

pub(crate) const SQL: Syntax = Syntax {
    line_comments: &[b"--", b"#"],
    strings: b"'",
    statements: true,
    meta_lines: true,
};

pub(crate) const PHP: Syntax = Syntax {
    line_comments: &[b"//", b"#"],
    strings: b"'\"",
    statements: false,
    meta_lines: false,
};

/// Tokenizes from `at` (to the first `;` included, for [`Syntax::statements`], else to the end)
/// into `toks`; returns where it stopped.
pub(crate) fn tokens(c: &[u8], mut at: usize, syntax: &Syntax, toks: &mut Vec<Tok>) -> usize {
    toks.clear();
    let n = c.len();
    'next: while at < n {
        let b = c[at];
        if b.is_ascii_whitespace() {
            at += 1;
            continue;
        }
        for lc in syntax.line_comments {
            if c[at..].starts_with(lc) {
                at = memchr::memchr(b'\n', &c[at..]).map_or(n, |i| at + i + 1);
                continue 'next;
            }
        }
        match b {
            b'\\' if syntax.meta_lines && (at == 0 || c[at - 1] == b'\n') => {
                at = memchr::memchr(b'\n', &c[at..]).map_or(n, |i| at + i + 1)
            }
            b'/' if c.get(at + 1) == Some(&b'*') => {
                at = memchr::memmem::find(&c[at + 2..], b"*/").map_or(n, |i| at + 2 + i + 2)
            }
            b'\'' | b'"' | b'`' => {
                let start = at + 1;
                let mut i = start;
                while i < n {
                    if c[i] == b'\\' && b != b'`' {
                        i += 2;
                        continue;
                    }
                    if c[i] == b {
                        if c.get(i + 1) == Some(&b) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                let end = i.min(n);
                toks.push(if syntax.strings.contains(&b) {
                    Tok::Str(start, end)
                } else {
                    Tok::Word(start, end)
                });
                at = end + 1;
            }
            b';' if syntax.statements => {
                toks.push(Tok::Punct(b';'));
                return at + 1;
            }
            _ if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80 => {
                let start = at;
                while at < n
                    && (c[at].is_ascii_alphanumeric()
                        || matches!(c[at], b'_' | b'$' | b'.')
                        || c[at] >= 0x80)
                {
                    at += 1;
                }
                toks.push(Tok::Word(start, at));
            }
            _ => {
                toks.push(Tok::Punct(b));
                at += 1;
            }
        }
    }
    at
}

/// The text of a token, lossily.
pub(crate) fn text(c: &[u8], t: &Tok) -> String {
    match *t {
        Tok::Word(s, e) | Tok::Str(s, e) => String::from_utf8_lossy(&c[s..e]).into_owned(),
        Tok::Punct(b) => (b as char).to_string(),
    }
}

/// Whether `t` is the word `w` (ASCII case-insensitive).
pub(crate) fn is_word(c: &[u8], t: Option<&Tok>, w: &str) -> bool {
    matches!(t, Some(Tok::Word(s, e)) if c[*s..*e].eq_ignore_ascii_case(w.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_strings_and_statements() {
        let c = b"SELECT 'a;b' -- c;\n/* d; */ \"id\"; next";
        let mut toks = Vec::new();
        let end = tokens(c, 0, &SQL, &mut toks);
        let texts: Vec<String> = toks.iter().map(|t| text(c, t)).collect();
        assert_eq!(texts, ["SELECT", "a;b", "id", ";"]);
        assert!(matches!(toks[1], Tok::Str(..)) && matches!(toks[2], Tok::Word(..)));
        assert_eq!(&c[end..], b" next");
        let php = b"<?php // $x = 'no';\n$y = \"it's\"; # z\n";
        tokens(php, 0, &PHP, &mut toks);
        let texts: Vec<String> = toks.iter().map(|t| text(php, t)).collect();
        assert_eq!(texts, ["<", "?", "php", "$y", "=", "it's", ";"]);
    }
}
