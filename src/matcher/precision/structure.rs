//! Structures that verify offline, for confidence: a JWT whose header is JSON with `alg`, a key
//! body that is DER (an ASN.1 SEQUENCE whose length fits what follows, or OpenSSH's own format),
//! a GCP service-account JSON that holds its `private_key`.

use crate::matcher::decode;

/// A JWT: three dot-separated parts, the first base64url of a JSON object with an `alg` member.
pub(crate) fn jwt(secret: &[u8]) -> bool {
    let Some(header) = secret.split(|&b| b == b'.').next() else {
        return false;
    };
    let mut json = Vec::new();
    if secret.iter().filter(|&&b| b == b'.').count() < 2 || !decode::base64(header, &mut json) {
        return false;
    }
    match serde_json::from_slice::<serde_json::Value>(&json) {
        Ok(serde_json::Value::Object(map)) => map.get("alg").is_some_and(|a| a.is_string()),
        _ => false,
    }
}

/// A key body (PEM, with or without its armour, line breaks as real or escaped `\n`) that
/// decodes to DER: a SEQUENCE (0x30) whose encoded length matches the bytes that follow (within
/// what a cut or padded copy leaves), or an OpenSSH key (`openssh-key-v1\0`).
pub(crate) fn pem_der(secret: &[u8]) -> bool {
    let mut body = Vec::with_capacity(secret.len());
    let text = String::from_utf8_lossy(secret).replace("\\n", "\n");
    for line in text.lines() {
        let line = line
            .trim()
            .trim_matches(|c| c == '"' || c == '\'' || c == ',');
        // Armour lines and the headers of an encrypted PEM (`Proc-Type: ...`).
        if line.starts_with("-----") || line.contains(':') || line.is_empty() {
            continue;
        }
        body.extend(line.bytes().filter(|b| !b.is_ascii_whitespace()));
    }
    let mut der = Vec::new();
    if body.len() < 64 || !decode::base64(&body, &mut der) {
        return false;
    }
    if der.starts_with(b"openssh-key-v1\0") {
        return true;
    }
    if der.len() < 4 || der[0] != 0x30 {
        return false;
    }
    let (len, header) = match der[1] {
        n @ 0..=0x7f => (n as usize, 2),
        0x81 => (der[2] as usize, 3),
        0x82 => (((der[2] as usize) << 8) | der[3] as usize, 4),
        0x83 if der.len() > 4 => (
            ((der[2] as usize) << 16) | ((der[3] as usize) << 8) | der[4] as usize,
            5,
        ),
        _ => return false,
    };
    // The body holds the whole SEQUENCE (base64 padding may add up to two bytes).
    len >= 32 && header + len <= der.len() && der.len() <= header + len + 2
}

/// A GCP service-account key file: within the JSON object around the match, a `private_key`
/// member whose value is a PEM private key (escaped or not).
pub(crate) fn gcp_service_account(content: &[u8], matched: (usize, usize)) -> bool {
    const REACH: usize = 8 << 10;
    let from = matched.0.saturating_sub(REACH);
    let to = matched.1.saturating_add(REACH).min(content.len());
    let around = &content[from..to];
    let mut i = 0;
    while let Some(at) = memchr::memmem::find(&around[i..], b"private_key") {
        let rest = &around[i + at + b"private_key".len()..];
        // `"private_key": "-----BEGIN PRIVATE KEY-----...`, quotes possibly escaped.
        let rest = rest
            .strip_prefix(b"\\\"")
            .or_else(|| rest.strip_prefix(b"\""));
        if let Some(rest) = rest {
            let value = rest
                .iter()
                .position(|b| !b" \t\r\n:\"\\".contains(b))
                .map(|p| &rest[p..]);
            if value.is_some_and(|v| v.starts_with(b"-----BEGIN")) {
                return true;
            }
        }
        i += at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwts() {
        let sample =
            b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl";
        assert!(jwt(sample));
        // `{"typ":"JWT"}`: no alg.
        assert!(!jwt(b"eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.c2ln"));
        // Not base64 of JSON.
        assert!(!jwt(
            b"eyJxxxxxxxxxxxxxxxxx.eyJxxxxxxxxxxxx.xxxxxxxxxxxxxxxx"
        ));
        assert!(!jwt(b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"));
    }

    /// A DER SEQUENCE of `n` content bytes, base64-encoded in PEM lines of 64.
    fn pem(n: usize) -> String {
        let mut der = vec![0x30, 0x82, (n >> 8) as u8, n as u8];
        der.extend((0..n).map(|i| (i * 7 + 3) as u8));
        let b64 = base64_encode(&der);
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----",
            lines.join("\n")
        )
    }

    fn base64_encode(data: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in data.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(A[((v >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn der_bodies() {
        assert!(pem_der(pem(600).as_bytes()));
        assert!(pem_der(pem(600).replace('\n', "\\n").as_bytes()));
        // A placeholder body, or one whose length does not fit.
        assert!(!pem_der(
            b"-----BEGIN PRIVATE KEY-----\nMIIEvg...\n-----END PRIVATE KEY-----"
        ));
        let cut: String = pem(600).chars().take(300).collect();
        assert!(!pem_der(cut.as_bytes()));
        let openssh = format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----",
            base64_encode(b"openssh-key-v1\0\0\0\0\x04none\0\0\0\x04none\0\0\0\0\0\0\0\x01\0\0\0\x33\0\0\0\x0bssh-ed25519")
        );
        assert!(pem_der(openssh.as_bytes()));
    }

    #[test]
    fn service_accounts() {
        let with = br#"{"type": "service_account", "private_key_id": "a381", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIE..."}"#;
        assert!(gcp_service_account(with, (0, 30)));
        let escaped = br#"GOOGLE_CREDENTIALS: "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\nMII\"}""#;
        assert!(gcp_service_account(escaped, (0, 30)));
        // Made at run time: the whole file would be a finding in this repository.
        let without = format!(
            "{{\"type\": \"service_{}\", \"private_key_id\": \"{}\"}}",
            "account", "a381791965f17269efeac606c844a7a69437dd66"
        );
        let without = without.as_bytes();
        assert!(!gcp_service_account(without, (0, 30)));
    }
}
