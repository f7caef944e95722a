//! Decoding: secrets hidden inside base64 (Kubernetes `Secret` manifests, basic-auth headers,
//! data URIs), percent-encoding and hex are found by decoding candidate runs and matching the
//! decoded text, to a bounded depth and size.
//!
//! # Resource usage
//!
//! One table-driven pass over the content finds candidate runs; a run is decoded only when it is
//! long enough, and kept only when the result is text (binary data, such as a PNG in a data URI
//! or a sha512 integrity hash, is dropped at once). The decoded bytes of one blob are capped at
//! [`MAX_DECODED`], and decoding nests at most [`MAX_DEPTH`] levels.

/// Nested decoding levels (base64 inside base64 inside the file is depth 2).
pub const MAX_DEPTH: usize = 2;
/// The most decoded bytes produced for one blob (all levels together).
pub const MAX_DECODED: usize = 4 << 20;
/// The shortest base64 run worth decoding: 16 characters decode to 12 bytes.
const MIN_BASE64: usize = 16;
/// The shortest hex run worth decoding (16 bytes of text).
const MIN_HEX: usize = 32;

/// How a run of text is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Base64,
    Percent,
    Hex,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Base64 => "base64",
            Encoding::Percent => "percent",
            Encoding::Hex => "hex",
        }
    }
}

/// A run of encoded text in the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    pub encoding: Encoding,
}

const B64: u8 = 1; // A-Z a-z 0-9 + / - _
const HEX: u8 = 2; // 0-9 a-f A-F
const URL: u8 = 4; // characters that may appear in a percent-encoded run, and '%'

const fn classes() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        let alnum = b.is_ascii_alphanumeric();
        if alnum || b == b'+' || b == b'/' || b == b'-' || b == b'_' {
            t[c] |= B64;
        }
        if b.is_ascii_hexdigit() {
            t[c] |= HEX;
        }
        if alnum
            || matches!(
                b,
                b'%' | b'.' | b'_' | b'~' | b'-' | b'+' | b'!' | b'*' | b'@' | b':'
            )
        {
            t[c] |= URL;
        }
        c += 1;
    }
    t
}

static CLASS: [u8; 256] = classes();

/// Appends the candidate encoded runs of `content` to `out`, in order of their start.
pub fn find_runs(content: &[u8], out: &mut Vec<Run>) {
    let first = out.len();
    let n = content.len();
    let is_b64 = |b: u8| CLASS[b as usize] & B64 != 0;
    // Only runs of at least MIN_BASE64 characters matter, and such a run starting in
    // i..i+MIN_BASE64 covers the byte at i+MIN_BASE64-1: when that byte is not in the alphabet,
    // skip the whole stretch (most source text is words shorter than that).
    let mut i = 0;
    while i + MIN_BASE64 <= n {
        let probe = i + MIN_BASE64 - 1;
        if !is_b64(content[probe]) {
            i = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > i && is_b64(content[start - 1]) {
            start -= 1;
        }
        let mut end = probe + 1;
        while end < n && is_b64(content[end]) {
            end += 1;
        }
        if end - start >= MIN_BASE64 {
            classify(content, start, end, out);
        }
        // content[end] is not in the alphabet (or is the end): the next run starts after it.
        i = end + 1;
    }
    // Percent-encoding is rare: look only around each `%XX`.
    if memchr::memchr(b'%', content).is_some() {
        let mut covered = 0;
        for at in memchr::memchr_iter(b'%', content) {
            if at < covered
                || at + 2 >= n
                || !content[at + 1].is_ascii_hexdigit()
                || !content[at + 2].is_ascii_hexdigit()
            {
                continue;
            }
            let mut s = at;
            while s > 0 && CLASS[content[s - 1] as usize] & URL != 0 {
                s -= 1;
            }
            let mut e = at;
            while e < n && CLASS[content[e] as usize] & URL != 0 {
                e += 1;
            }
            covered = e;
            if e - s >= 8 {
                out.push(Run {
                    start: s,
                    end: e,
                    encoding: Encoding::Percent,
                });
            }
        }
        out[first..].sort_by_key(|r| (r.start, r.end));
    }
}

/// Decides whether the base64-alphabet run `start..end` looks like hex or base64.
fn classify(content: &[u8], start: usize, end: usize, out: &mut Vec<Run>) {
    let run = &content[start..end];
    let (mut upper, mut lower, mut digit, mut all_hex) = (false, false, false, true);
    for &b in run {
        upper |= b.is_ascii_uppercase();
        lower |= b.is_ascii_lowercase();
        digit |= b.is_ascii_digit();
        all_hex &= b.is_ascii_hexdigit();
    }
    let mut padded = end;
    while padded < content.len() && padded - end < 2 && content[padded] == b'=' {
        padded += 1;
    }
    if all_hex && run.len() >= MIN_HEX && run.len() % 2 == 0 {
        out.push(Run {
            start,
            end,
            encoding: Encoding::Hex,
        });
    } else if upper && lower && (digit || padded > end) {
        out.push(Run {
            start,
            end: padded,
            encoding: Encoding::Base64,
        });
    }
}

/// Decodes `run` into `out` (cleared first). Returns whether the result is worth scanning: it
/// decoded cleanly and is mostly printable text.
pub fn decode(encoding: Encoding, run: &[u8], out: &mut Vec<u8>) -> bool {
    out.clear();
    let ok = match encoding {
        Encoding::Base64 => base64(run, out),
        Encoding::Hex => hex(run, out),
        Encoding::Percent => percent(run, out),
    };
    ok && is_text(out)
}

fn base64_value(b: u8) -> Option<u32> {
    Some(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    } as u32)
}

/// Standard or URL-safe base64, padding optional.
fn base64(run: &[u8], out: &mut Vec<u8>) -> bool {
    let body = run
        .strip_suffix(b"==")
        .or_else(|| run.strip_suffix(b"="))
        .unwrap_or(run);
    if body.len() % 4 == 1 {
        return false;
    }
    let mut acc = 0u32;
    let mut bits = 0;
    for &b in body {
        let Some(v) = base64_value(b) else {
            return false;
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    true
}

fn hex(run: &[u8], out: &mut Vec<u8>) -> bool {
    if run.len() % 2 != 0 {
        return false;
    }
    for pair in run.chunks_exact(2) {
        let hi = (pair[0] as char).to_digit(16);
        let lo = (pair[1] as char).to_digit(16);
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => return false,
        }
    }
    true
}

fn percent(run: &[u8], out: &mut Vec<u8>) -> bool {
    let mut i = 0;
    while i < run.len() {
        if run[i] == b'%' && i + 2 < run.len() {
            if let (Some(h), Some(l)) = (
                (run[i + 1] as char).to_digit(16),
                (run[i + 2] as char).to_digit(16),
            ) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(run[i]);
        i += 1;
    }
    true
}

/// Mostly printable: at least 90% of bytes are printable ASCII, whitespace or UTF-8, and no NUL.
fn is_text(bytes: &[u8]) -> bool {
    if bytes.len() < 8 || bytes.contains(&0) {
        return false;
    }
    let printable = bytes
        .iter()
        .filter(|&&b| {
            (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\r' || b == b'\t' || b >= 0x80
        })
        .count();
    printable * 10 >= bytes.len() * 9 && std::str::from_utf8(bytes).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<(String, Encoding)> {
        let mut out = Vec::new();
        find_runs(text.as_bytes(), &mut out);
        out.into_iter()
            .map(|r| (text[r.start..r.end].to_string(), r.encoding))
            .collect()
    }

    #[test]
    fn finds_runs() {
        let b64 = "dXNlcjpwYXNzd29yZDEyMzQ1Ng==";
        assert_eq!(
            runs(&format!("Authorization: Basic {b64}\n")),
            vec![(b64.to_string(), Encoding::Base64)]
        );
        let hex = "6d7970617373776f72643132333435363738";
        assert_eq!(
            runs(&format!("x = {hex};")),
            vec![(hex.to_string(), Encoding::Hex)]
        );
        let pct = "p%40ssw0rd%21secret";
        assert_eq!(
            runs(&format!("?password={pct}&x=1")),
            vec![(pct.to_string(), Encoding::Percent)]
        );
        assert!(runs("just some ordinary_identifiers and words here").is_empty());
    }

    #[test]
    fn decodes() {
        let mut out = Vec::new();
        assert!(decode(
            Encoding::Base64,
            b"dXNlcjpwYXNzd29yZDEyMzQ1Ng==",
            &mut out
        ));
        assert_eq!(out, b"user:password123456");
        assert!(decode(
            Encoding::Base64,
            b"dXNlcjpwYXNzd29yZDEyMzQ1Ng",
            &mut out
        ));
        assert_eq!(out, b"user:password123456");
        assert!(decode(
            Encoding::Hex,
            b"6d7970617373776f7264313233",
            &mut out
        ));
        assert_eq!(out, b"mypassword123");
        assert!(decode(Encoding::Percent, b"p%40ssw0rd%21secret", &mut out));
        assert_eq!(out, b"p@ssw0rd!secret");
        // Binary results are not text.
        assert!(!decode(
            Encoding::Base64,
            b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB",
            &mut out
        ));
        // A truncated %X is kept as is.
        assert!(decode(Encoding::Percent, b"abcdefgh%4", &mut out));
        assert_eq!(out, b"abcdefgh%4");
    }
}
