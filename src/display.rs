//! How leakhound shows the two things it must be careful with: paths (as users read them) and
//! secrets it must not show (redacted). A leaf: every layer may use it, it uses none.

use std::path::Path;

/// How much of a secret is shown: at most 4 characters, and never more than a quarter of it.
pub(crate) const SHOWN: usize = 4;

/// The first few characters of `secret` (see [`SHOWN`]) followed by `*****`. The mask has a fixed
/// length, so it does not tell the secret's length either.
pub(crate) fn redact(secret: &str) -> String {
    let n = secret.chars().count();
    let shown = SHOWN.min(n / 4);
    let mut out: String = secret.chars().take(shown).collect();
    out.push_str("*****");
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
