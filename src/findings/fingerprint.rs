//! Fingerprints identify a secret, not a line.
//!
//! `fingerprint = hex(sha256(rule_id || 0x00 || secret))[..32]`: the same secret found by the same
//! rule has the same fingerprint wherever it is and however the file around it changes, and the
//! secret cannot be recovered from it. [`location_fingerprint`] adds the path for the places
//! that need a per-location identity (SARIF results): it is computed when the finding is made,
//! from the fingerprint and the path before secrets are masked in it, so it does not depend on
//! redaction.
//!
//! These values are a contract: baselines, ignore files and code scanning alerts store them, so
//! changing the scheme orphans every one of them (the SARIF key is versioned: `leakhound/v1`).

use sha2::{Digest, Sha256};

/// The stable identity of a secret found by a rule.
pub(crate) fn fingerprint(rule_id: &str, secret: &[u8]) -> String {
    digest(&[rule_id.as_bytes(), secret])
}

/// The identity of a secret at a path: `hex(sha256(fingerprint || 0x00 || path))[..32]`, where
/// `path` is relative to the scan root and `/`-separated.
pub(crate) fn location_fingerprint(fingerprint: &str, path: &str) -> String {
    digest(&[fingerprint.as_bytes(), path.as_bytes()])
}

fn digest(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0u8]);
        }
        h.update(p);
    }
    let out = h.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out[..16]
        .iter()
        .flat_map(|&b| {
            [
                HEX[usize::from(b >> 4)] as char,
                HEX[usize::from(b & 15)] as char,
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_distinct() {
        let a = fingerprint("github-pat", b"ghp_abc");
        assert_eq!(a.len(), 32);
        assert_eq!(a, fingerprint("github-pat", b"ghp_abc"));
        assert_ne!(a, fingerprint("github-pat", b"ghp_abd"));
        assert_ne!(a, fingerprint("github-oauth", b"ghp_abc"));
        // The separator keeps (id, secret) pairs from colliding by concatenation.
        assert_ne!(fingerprint("ab", b"c"), fingerprint("a", b"bc"));
        assert_ne!(
            location_fingerprint(&a, "a.txt"),
            location_fingerprint(&a, "b.txt")
        );
    }

    /// The values are a contract (baselines and code scanning alerts store them): pin them.
    #[test]
    fn pinned_values() {
        let a = fingerprint("github-pat", b"ghp_abc");
        assert_eq!(a, PINNED_FINGERPRINT);
        assert_eq!(location_fingerprint(&a, "src/a.rs"), PINNED_LOCATION);
    }

    const PINNED_FINGERPRINT: &str = "2cc6aae5df5444fe03dd0cd9aea742e1";
    const PINNED_LOCATION: &str = "5538d03e9d422395157b0d9d0ceec6ba";
}
