//! How leakhound shows what it must be careful with: paths (as users read them), secrets it must
//! not show (redacted, and masked wherever else they appear: [`Mask`]), and text from the
//! repository that reaches a terminal (control characters escaped: [`escape_controls`]). A leaf:
//! every layer may use it, it uses none.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};

/// How much of a secret is shown: at most 4 characters, and never more than a quarter of it.
pub(crate) const SHOWN: usize = 4;

/// The first few characters of `secret` (see [`SHOWN`]) followed by `*****`. The mask has a fixed
/// length, so it does not tell the secret's length either.
pub(crate) fn redact(secret: &str) -> String {
    let n = secret.chars().count();
    let shown = SHOWN.min(n / 4);
    let mut out: String = secret.chars().take(shown).collect();
    out.push_str(MASK);
    out
}

/// Where the rest of a secret was cut off in its redacted form (see [`redact`]).
pub(crate) const MASK: &str = "*****";

/// Secrets shorter than this (in characters) are redacted in their own field only, not masked in
/// other text: a few characters occur in ordinary paths and messages too often to hide them
/// there without hiding the text itself.
pub(crate) const MIN_MASKED: usize = 6;

/// Every secret of a scan, masked (as `display::redact` shows it) wherever it appears in other
/// text: paths, commit messages, authors and emails, warnings, baselines. One Aho-Corasick
/// automaton over the secrets, so masking a text costs one pass over it, however many secrets
/// there are.
///
/// (Not the keyword automaton of `engine/keywords.rs`: that one is a full DFA, whose table grows
/// with every pattern byte times the alphabet, built for a few thousand short keywords; a scan
/// can find many thousands of long secrets, and they must match exactly, not case-folded.)
#[derive(Debug, Clone, Default)]
pub struct Mask {
    /// `None`: nothing to mask.
    inner: Option<Arc<MaskInner>>,
}

#[derive(Debug)]
struct MaskInner {
    automaton: AhoCorasick,
    /// Per pattern, what it is replaced with.
    redacted: Vec<String>,
}

impl Mask {
    /// The mask of `secrets` (duplicates and secrets under [`MIN_MASKED`] characters left out).
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Mask {
        let mut patterns: Vec<&str> = secrets
            .into_iter()
            .filter(|s| s.chars().count() >= MIN_MASKED)
            .collect();
        patterns.sort_unstable();
        patterns.dedup();
        if patterns.is_empty() {
            return Mask::default();
        }
        // Standard semantics, searched overlapping: every occurrence of every secret is found,
        // also where secrets overlap, and the union of what they cover is masked.
        let Ok(automaton) = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
        else {
            // The automaton's size limits: mask nothing rather than fail the scan (the secrets'
            // own fields are still redacted).
            return Mask::default();
        };
        let redacted = patterns.iter().map(|p| redact(p)).collect();
        Mask {
            inner: Some(Arc::new(MaskInner {
                automaton,
                redacted,
            })),
        }
    }

    /// `text` with every secret masked: each stretch of text that secrets cover becomes the
    /// redacted form of the longest secret that starts it.
    pub fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let Some(inner) = &self.inner else {
            return Cow::Borrowed(text);
        };
        // (start, end, pattern of the longest match at start), stretches merged.
        let mut covered: Vec<(usize, usize, usize)> = Vec::new();
        for m in inner.automaton.find_overlapping_iter(text) {
            let (s, e, p) = (m.start(), m.end(), m.pattern().as_usize());
            match covered.last_mut() {
                Some(last) if s < last.1 => {
                    if s == last.0 && e > last.1 {
                        last.2 = p;
                    }
                    last.1 = last.1.max(e);
                }
                _ => covered.push((s, e, p)),
            }
        }
        if covered.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (s, e, p) in covered {
            out.push_str(&text[at..s]);
            out.push_str(&inner.redacted[p]);
            at = e;
        }
        out.push_str(&text[at..]);
        Cow::Owned(out)
    }

    /// The mask of those of `secrets` that may occur in one of `texts` (the text a scan will
    /// show: its findings' paths, commits and authors, its warnings, the paths it was given):
    /// a secret whose first [`MIN_MASKED`] bytes occur in none of them cannot occur in them
    /// either, and is left out. One pass over the texts and one look-up per secret, so the
    /// automaton holds the few secrets that matter, not every secret of a scan with a million
    /// findings (it costs about ten bytes per byte of secret).
    pub(crate) fn for_texts<'a>(
        secrets: impl IntoIterator<Item = &'a str>,
        texts: impl IntoIterator<Item = &'a str>,
    ) -> Mask {
        let texts: std::collections::HashSet<&str> = texts
            .into_iter()
            .filter(|t| t.len() >= MIN_MASKED)
            .collect();
        let mut grams = std::collections::HashSet::new();
        for t in &texts {
            grams.extend(t.as_bytes().windows(MIN_MASKED).map(gram));
        }
        if grams.is_empty() {
            return Mask::default();
        }
        Mask::new(secrets.into_iter().filter(|s| {
            s.len() >= MIN_MASKED && grams.contains(&gram(&s.as_bytes()[..MIN_MASKED]))
        }))
    }

    /// Masks `text` in place.
    pub(crate) fn apply_to(&self, text: &mut String) {
        if let Cow::Owned(masked) = self.apply(text) {
            *text = masked;
        }
    }
}

/// The first [`MIN_MASKED`] bytes of `bytes` as a number.
fn gram(bytes: &[u8]) -> u64 {
    bytes[..MIN_MASKED]
        .iter()
        .fold(0u64, |g, &b| g << 8 | u64::from(b))
}

/// Whether `pattern`, a text in which secrets may have been masked (`ab*****`), is `text` with
/// its secrets masked: each [`MASK`] stands for the unshown rest of a secret (any text). A
/// pattern without a mask must equal `text`.
pub(crate) fn matches_masked(pattern: &str, text: &str) -> bool {
    let mut pieces = pattern.split(MASK);
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    let Some((last, middle)) = pieces.split_last() else {
        return rest.is_empty();
    };
    for piece in middle {
        match rest.find(piece) {
            Some(i) => rest = &rest[i + piece.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// `text` as it may be shown on a terminal: control characters (C0, DEL, C1: the escape
/// sequences that retitle a window, clear the screen or hide a link, line breaks that forge
/// report lines) and the Unicode controls that reorder or break displayed text (bidirectional
/// overrides and isolates, line and paragraph separators) are written as escapes: `\n`, `\t`,
/// `\r`, `\x1b`, `\u{202e}`. Everything else is shown as it is. Every text from a scanned
/// repository that reaches a terminal goes through here: the text report and every message on
/// standard error.
pub(crate) fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) && (c as u32) < 0x100 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// serde's messages quote the value they found ("unknown variant `...`", "invalid type: string
/// \"...\""): a secret in the wrong place, or a file that is not what it was said to be, would be
/// printed. Quoted text before ", expected" longer than `keep` characters is redacted (the
/// expected names after it are the program's own); with `keep` 0, every quoted value is.
pub(crate) fn mask_quoted(message: &str, keep: usize) -> String {
    let split = message.find(", expected").unwrap_or(message.len());
    let (found, expected) = message.split_at(split);
    let mut out = String::with_capacity(message.len());
    let mut rest = found;
    while let Some(start) = rest.find(['`', '"']) {
        let quote = rest.as_bytes()[start] as char;
        let Some(len) = rest[start + 1..].find(quote) else {
            break;
        };
        let value = &rest[start + 1..start + 1 + len];
        out.push_str(&rest[..=start]);
        if value.chars().count() > keep {
            out.push_str(&redact(value));
        } else {
            out.push_str(value);
        }
        out.push(quote);
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out.push_str(expected);
    out
}

/// A path as users read it: `/`-separated, without leading `./`.
pub(crate) fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    let mut s: &str = &s;
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.trim_start_matches('/');
    }
    if std::path::MAIN_SEPARATOR != '/' {
        return s.replace(std::path::MAIN_SEPARATOR, "/");
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_table() {
        let cases = [
            ("", "*****"),
            ("abc", "*****"),
            ("abcdefgh", "ab*****"),
            (
                concat!("ghp_", "0123456789abcdefghijklmnopqrstuvwxyz"),
                "ghp_*****",
            ),
            ("pässwörd1234", "päs*****"),
        ];
        for (secret, want) in cases {
            assert_eq!(redact(secret), want, "{secret}");
        }
    }

    #[test]
    fn masks_every_secret_wherever_it_appears() {
        let x = concat!("ghp_", "R8vQ2mZx7LkP4nW9sT1yB6cH3jD5fG0aE2uK");
        let y = concat!("AKIA", "QX4Z7T2MNB5RWKE6");
        let mask = Mask::new([x, y, y, "short"]);
        let cases = [
            (format!("keys/{x}.env"), "keys/ghp_*****.env".to_string()),
            (
                format!("rotate {y} and {x}"),
                "rotate AKIA***** and ghp_*****".into(),
            ),
            (format!("{y}{y}"), "AKIA*****AKIA*****".into()),
            ("nothing here, short".into(), "nothing here, short".into()),
            (String::new(), String::new()),
        ];
        for (text, want) in cases {
            assert_eq!(mask.apply(&text), want, "{text}");
        }
        // Overlapping secrets: the union of what they cover is hidden.
        let mask = Mask::new(["abcdef123456", "123456ZYXWVU"]);
        assert_eq!(mask.apply("<abcdef123456ZYXWVU>"), "<abc*****>");
        assert!(Mask::new(["tiny"]).inner.is_none());
        // Only the secrets that may occur in the texts to be shown are kept.
        let named = format!("keys/{x}.env");
        let texts = [named.as_str(), "ci/x.env"];
        let mask = Mask::for_texts([x, y], texts);
        let inner = mask.inner.as_ref().unwrap();
        assert_eq!(inner.redacted, ["ghp_*****"]);
        assert_eq!(mask.apply(texts[0]), "keys/ghp_*****.env");
        assert!(Mask::for_texts([x, y], ["short"]).inner.is_none());
        assert_eq!(Mask::default().apply("a b"), "a b");
    }

    #[test]
    fn masked_patterns() {
        let cases = [
            ("keys/ghp_*****.env", "keys/ghp_R8vQ2mZx.env", true),
            ("keys/ghp_*****.env", "keys/other.env", false),
            (
                "a/AKIA*****/b/ghp_*****.txt",
                "a/AKIAQX4Z/b/ghp_xyz.txt",
                true,
            ),
            (
                "a/AKIA*****/b/ghp_*****.txt",
                "a/AKIAQX4Z/c/ghp_xyz.txt",
                false,
            ),
            ("plain.txt", "plain.txt", true),
            ("plain.txt", "plain.txt2", false),
        ];
        for (pattern, text, want) in cases {
            assert_eq!(matches_masked(pattern, text), want, "{pattern} {text}");
        }
    }

    #[test]
    fn control_characters_are_escaped() {
        let cases = [
            ("plain text, ünïcode", "plain text, ünïcode"),
            ("title\x1b]0;owned\x07", "title\\x1b]0;owned\\x07"),
            ("clear\x1b[2J", "clear\\x1b[2J"),
            ("two\nlines\r\tx", "two\\nlines\\r\\tx"),
            ("c1 \u{9b}31m", "c1 \\x9b31m"),
            ("del \x7f", "del \\x7f"),
            ("rtl \u{202e}cod.exe", "rtl \\u{202e}cod.exe"),
            ("back\\slash", "back\\slash"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_controls(input), want, "{input:?}");
        }
    }

    #[test]
    fn quoted_values_that_could_be_secrets_are_masked() {
        let token = concat!("ghp_", "R8vQ2mZx7LkP4nW9sT1yB6cH3jD5fG0aE2uK");
        let cases = [
            (
                format!("unknown variant `{token}`, expected one of `info`, `low`"),
                20,
                "unknown variant `ghp_*****`, expected one of `info`, `low`".to_string(),
            ),
            (
                format!("invalid type: string \"{token}\", expected usize"),
                20,
                "invalid type: string \"ghp_*****\", expected usize".to_string(),
            ),
            (
                "unknown field `sevrity`, expected one of `severity`".to_string(),
                20,
                "unknown field `sevrity`, expected one of `severity`".to_string(),
            ),
            (
                "invalid type: string \"hunter2pass\", expected u32".to_string(),
                0,
                "invalid type: string \"hu*****\", expected u32".to_string(),
            ),
            (
                "unbalanced `quote".to_string(),
                0,
                "unbalanced `quote".to_string(),
            ),
        ];
        for (input, keep, want) in cases {
            assert_eq!(mask_quoted(&input, keep), want);
        }
    }

    #[test]
    fn display_paths() {
        let cases = [
            ("./src/main.rs", "src/main.rs"),
            ("src/a", "src/a"),
            ("/abs/x", "/abs/x"),
            ("././a", "a"),
            (".env", ".env"),
        ];
        for (input, want) in cases {
            assert_eq!(display_path(Path::new(input)), want);
        }
    }
}
