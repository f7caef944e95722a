//! How sure a match is to be a real secret, as findings report it.

/// How sure we are that a match is a real secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// The provider's checksum does not verify: most likely a made-up string.
    Low,
    /// The shape matches; nothing more can be checked offline.
    Medium,
    /// The provider's checksum verifies.
    High,
}
