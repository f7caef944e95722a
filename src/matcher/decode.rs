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
pub(crate) const MAX_DEPTH: usize = 2;
/// The most decoded bytes produced for one blob (all levels together).
pub(crate) const MAX_DECODED: usize = 4 << 20;
/// The shortest base64 run worth decoding: 16 characters decode to 12 bytes.
const MIN_BASE64: usize = 16;
/// The shortest hex run worth decoding (16 bytes of text).
const MIN_HEX: usize = 32;

/// How a run of text is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Base64,
    Percent,
    Hex,
}

impl Encoding {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Encoding::Base64 => "base64",
            Encoding::Percent => "percent",
            Encoding::Hex => "hex",
        }
    }
}

/// A run of encoded text in the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) encoding: Encoding,
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

const UPPER: u8 = 1;
const LOWER: u8 = 2;
const DIGIT: u8 = 4;
const NOT_HEX: u8 = 8;

const fn kinds() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_uppercase() {
            t[c] |= UPPER;
        }
        if b.is_ascii_lowercase() {
            t[c] |= LOWER;
        }
        if b.is_ascii_digit() {
            t[c] |= DIGIT;
        }
        if !b.is_ascii_hexdigit() {
            t[c] |= NOT_HEX;
        }
        c += 1;
    }
    t
}

/// Per byte: [`UPPER`], [`LOWER`], [`DIGIT`], [`NOT_HEX`].
static KIND: [u8; 256] = kinds();

/// Appends the candidate encoded runs of `content` to `out`, in order of their start.
pub(crate) fn find_runs(content: &[u8], out: &mut Vec<Run>) {
    let first = out.len();
    let n = content.len();
    // 64 bytes at a time, branch-free: a bit mask of the alphabet's bytes, in which runs of 16
    // or more set bits are found with shifts (most blocks of source text have none). `open` is
    // where the run that reaches the end of the previous block starts.
    let mut open = None;
    let mut blocks = content.chunks_exact(64);
    let mut at = 0;
    for block in blocks.by_ref() {
        let block: &[u8; 64] = block.try_into().expect("64 bytes");
        runs_in_block(content, at, alphabet_mask(block), &mut open, out);
        at += 64;
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        // The last bytes, padded with NULs (not in the alphabet: they end a run).
        let mut last = [0u8; 64];
        last[..rest.len()].copy_from_slice(rest);
        runs_in_block(content, at, alphabet_mask(&last), &mut open, out);
    }
    if let Some(start) = open {
        if n - start >= MIN_BASE64 {
            classify(content, start, n, out);
        }
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

/// The runs of at least [`MIN_BASE64`] alphabet bytes in the block at `at` (alphabet mask `m`):
/// the one `open` from the blocks before ends here or goes on; those inside are classified; the
/// one that reaches the block's end is left open.
#[inline]
fn runs_in_block(
    content: &[u8],
    at: usize,
    mut m: u64,
    open: &mut Option<usize>,
    out: &mut Vec<Run>,
) {
    if let Some(start) = *open {
        let more = m.trailing_ones();
        if more == 64 {
            return;
        }
        let end = at + more as usize;
        if end - start >= MIN_BASE64 {
            classify(content, start, end, out);
        }
        *open = None;
        m &= !0u64 << more;
    }
    let last = m.leading_ones();
    if last > 0 {
        *open = Some(at + 64 - last as usize);
        m &= (!0u64).checked_shr(last).unwrap_or(0);
    }
    let mut starts = runs_of_16(m);
    while starts != 0 {
        let s = starts.trailing_zeros();
        // Below 64: the run that reached the block's end was taken out of `m`.
        let e = s + (m >> s).trailing_ones();
        classify(content, at + s as usize, at + e as usize, out);
        starts &= !0u64 << e;
    }
}

/// Bit i: `block[i]` is in the base64 alphabet (A-Z a-z 0-9 + / - _).
#[cfg(target_arch = "x86_64")]
#[inline]
#[allow(unsafe_code)] // the crate's one exception, see below
fn alphabet_mask(block: &[u8; 64]) -> u64 {
    use std::arch::x86_64::*;
    let mut m = 0u64;
    for (k, chunk) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is part of the x86_64 baseline, so its intrinsics are always available.
        // The one load reads the 16 bytes of `chunk` (an unaligned load: any address is fine);
        // everything else computes on values.
        // Much faster than the table loop, which showed in a whole scan's profile
        // (docs/performance.md).
        let bits = unsafe {
            let x = _mm_loadu_si128(chunk.as_ptr().cast());
            // Letters: (x | 0x20) in 'a'..='z' exactly when x is in A-Z or a-z. Bytes >= 0x80
            // are negative in these signed comparisons, so they never pass.
            let folded = _mm_or_si128(x, _mm_set1_epi8(0x20));
            let letter = _mm_and_si128(
                _mm_cmpgt_epi8(folded, _mm_set1_epi8(b'a' as i8 - 1)),
                _mm_cmplt_epi8(folded, _mm_set1_epi8(b'z' as i8 + 1)),
            );
            let digit = _mm_and_si128(
                _mm_cmpgt_epi8(x, _mm_set1_epi8(b'0' as i8 - 1)),
                _mm_cmplt_epi8(x, _mm_set1_epi8(b'9' as i8 + 1)),
            );
            let punct = _mm_or_si128(
                _mm_or_si128(
                    _mm_cmpeq_epi8(x, _mm_set1_epi8(b'+' as i8)),
                    _mm_cmpeq_epi8(x, _mm_set1_epi8(b'/' as i8)),
                ),
                _mm_or_si128(
                    _mm_cmpeq_epi8(x, _mm_set1_epi8(b'-' as i8)),
                    _mm_cmpeq_epi8(x, _mm_set1_epi8(b'_' as i8)),
                ),
            );
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), punct)) as u32 as u64
        };
        m |= (bits & 0xffff) << (16 * k);
    }
    m
}

/// Bit i: `block[i]` is in the base64 alphabet.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn alphabet_mask(block: &[u8; 64]) -> u64 {
    let mut m = 0u64;
    for (i, &b) in block.iter().enumerate() {
        m |= u64::from(CLASS[b as usize] & B64) << i;
    }
    m
}

/// Bit i: bits i..i+16 of `m` are all set.
#[inline]
fn runs_of_16(mut m: u64) -> u64 {
    m &= m >> 1;
    m &= m >> 2;
    m &= m >> 4;
    m & (m >> 8)
}

/// Decides whether the base64-alphabet run `start..end` looks like hex or base64.
fn classify(content: &[u8], start: usize, end: usize, out: &mut Vec<Run>) {
    let run = &content[start..end];
    // One table lookup per byte: which kinds of character the run holds.
    let kinds = run.iter().fold(0u8, |acc, &b| acc | KIND[b as usize]);
    let (upper, lower, digit, all_hex) = (
        kinds & UPPER != 0,
        kinds & LOWER != 0,
        kinds & DIGIT != 0,
        kinds & NOT_HEX == 0,
    );
    let mut padded = end;
    while padded < content.len() && padded - end < 2 && content[padded] == b'=' {
        padded += 1;
    }
    if all_hex && run.len() >= MIN_HEX && run.len().is_multiple_of(2) {
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
pub(crate) fn decode(encoding: Encoding, run: &[u8], out: &mut Vec<u8>) -> bool {
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
pub(crate) fn base64(run: &[u8], out: &mut Vec<u8>) -> bool {
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
    if !run.len().is_multiple_of(2) {
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

pub(crate) fn percent(run: &[u8], out: &mut Vec<u8>) -> bool {
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
    fn alphabet_mask_agrees_with_the_table() {
        for base in (0..256).step_by(64) {
            let block: [u8; 64] = std::array::from_fn(|i| (base + i) as u8);
            let m = alphabet_mask(&block);
            for (i, &b) in block.iter().enumerate() {
                assert_eq!(m >> i & 1 == 1, CLASS[b as usize] & B64 != 0, "byte {b:#x}");
            }
        }
    }

    /// The block scan finds exactly the runs a byte-by-byte scan finds, wherever runs fall
    /// relative to the 64-byte blocks.
    #[test]
    fn block_scan_matches_a_naive_scan() {
        let mut next = crate::matcher::test_rng(0x9e37_79b9_7f4a_7c15);
        let alphabet = b"ABCxyz0189+/-_";
        for round in 0..400 {
            let mut text = Vec::new();
            while text.len() < 700 + round {
                // Now and then a run across several blocks.
                let len = (next() % if next().is_multiple_of(8) { 200 } else { 40 }) as usize;
                for _ in 0..len {
                    text.push(alphabet[(next() % alphabet.len() as u64) as usize]);
                }
                text.push(if next().is_multiple_of(5) { b'=' } else { b' ' });
            }
            // Sometimes the content ends inside a run.
            text.truncate(text.len() - (next() % 30) as usize);
            let mut naive = Vec::new();
            let mut i = 0;
            while i < text.len() {
                let mut e = i;
                while e < text.len() && CLASS[text[e] as usize] & B64 != 0 {
                    e += 1;
                }
                if e - i >= MIN_BASE64 {
                    classify(&text, i, e, &mut naive);
                }
                i = e + 1;
            }
            let mut fast = Vec::new();
            find_runs(&text, &mut fast);
            assert_eq!(fast, naive, "{}", String::from_utf8_lossy(&text));
        }
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
