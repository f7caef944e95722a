//! Redaction: what is shown of a secret when it must not be shown.

/// How much of a secret is shown: at most 4 characters, and never more than a quarter of it.
pub const SHOWN: usize = 4;

/// The first few characters of `secret` (see [`SHOWN`]) followed by `*****`. The mask has a fixed
/// length, so it does not tell the secret's length either.
pub fn redact(secret: &str) -> String {
    let n = secret.chars().count();
    let shown = SHOWN.min(n / 4);
    let mut out: String = secret.chars().take(shown).collect();
    out.push_str("*****");
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn table() {
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
}
