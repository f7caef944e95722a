//! Fingerprints identify a secret, not a line.
//!
//! `fingerprint = hex(sha256(rule_id || 0x00 || secret))[..32]`: the same secret found by the same
//! rule has the same fingerprint wherever it is and however the file around it changes, and the
//! secret cannot be recovered from it. [`location_fingerprint`] adds the path for the places
//! that need a per-location identity (SARIF results).

use sha2::{Digest, Sha256};

/// The stable identity of a secret found by a rule.
pub fn fingerprint(rule_id: &str, secret: &[u8]) -> String {
    digest(&[rule_id.as_bytes(), secret])
}

/// The identity of a secret at a path.
pub fn location_fingerprint(rule_id: &str, secret: &[u8], path: &str) -> String {
    digest(&[rule_id.as_bytes(), secret, path.as_bytes()])
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
    out[..16].iter().map(|b| format!("{b:02x}")).collect()
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
            location_fingerprint("r", b"s", "a.txt"),
            location_fingerprint("r", b"s", "b.txt")
        );
    }
}
