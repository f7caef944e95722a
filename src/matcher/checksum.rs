//! Provider checksums: a token whose checksum verifies is almost certainly real, not a made-up
//! string of the right shape.

use crate::rules::Checksum;

/// Whether `secret` carries a valid checksum of the given kind (the structures, such as a JWT's,
/// are checked in `matcher/precision/structure.rs`).
pub(crate) fn verify(kind: Checksum, secret: &[u8]) -> bool {
    match kind {
        Checksum::GithubCrc32 => github_crc32(secret),
        Checksum::Jwt | Checksum::PemDer | Checksum::GcpServiceAccount => false,
    }
}

/// GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`): after the prefix come 30 random base62
/// characters and a 6-character base62 encoding of their CRC32, zero-padded on the left.
fn github_crc32(secret: &[u8]) -> bool {
    let Some(us) = secret.iter().position(|&b| b == b'_') else {
        return false;
    };
    let body = &secret[us + 1..];
    if body.len() != 36 {
        return false;
    }
    let (random, check) = body.split_at(30);
    check == base62_6(crc32(random)) || check == base62_6(crc32(&secret[..us + 1 + 30]))
}

/// The 6-character base62 form of a CRC32, zero-padded on the left, as GitHub tokens end.
pub fn base62_6(mut n: u32) -> [u8; 6] {
    const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(n % 62) as usize];
        n /= 62;
    }
    out
}

/// CRC-32 (IEEE 802.3, reflected, as zlib computes it). Tokens are short: bitwise is enough.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_known_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    #[test]
    fn github_token_round_trip() {
        let random = b"Xq3Zk9Lm2Np7Rt5Vw8Yb1Cd4Fg6Hj0K";
        let random = &random[..30];
        let mut token = b"ghp_".to_vec();
        token.extend_from_slice(random);
        token.extend_from_slice(&base62_6(crc32(random)));
        assert!(verify(Checksum::GithubCrc32, &token));
        let last = token.len() - 1;
        token[last] = if token[last] == b'a' { b'b' } else { b'a' };
        assert!(!verify(Checksum::GithubCrc32, &token));
        assert!(!verify(Checksum::GithubCrc32, b"ghp_short"));
        // npm tokens share the scheme.
        let mut npm = b"npm_".to_vec();
        npm.extend_from_slice(random);
        npm.extend_from_slice(&base62_6(crc32(random)));
        assert!(verify(Checksum::GithubCrc32, &npm));
    }
}
