//! GitHub's `primaryLocationLineHash`: the line fingerprint code scanning uses to follow an alert
//! from one commit to the next, computed exactly as GitHub's upload action computes it when a
//! SARIF file does not provide one (`codeql-action`, `src/fingerprints.ts`).
//!
//! # The scheme
//!
//! The content is decoded as UTF-8 (invalid bytes become U+FFFD) and read as UTF-16 code units.
//! Spaces and tabs are dropped, `\r\n` and lone `\r` become `\n`, and a sentinel (65535) marks the
//! end. A line's hash is a polynomial rolling hash (base 37, wrapping 64-bit arithmetic) of the
//! [`BLOCK_SIZE`] characters that start at the line's first remaining character, running across
//! line ends and padded with zeros past the end. It is written as unsigned lower-case hex without
//! leading zeros, followed by `:N`, where N counts how many lines so far (this one included) have
//! the same hash, so identical lines stay distinct.
//!
//! The hash covers the line's text, secret included. It is a 64-bit non-cryptographic hash, so it
//! does not reveal a long random secret, but like any hash of a secret it lets someone who
//! guesses a short, low-entropy secret check the guess; GitHub computes the same value from the
//! repository's content whenever a SARIF file omits it.
//!
//! # Resource usage
//!
//! Two passes over the content (the hashes of the lines asked for, then how often each of those
//! hashes occurs up to its line), holding nothing per line of the content: memory is per line
//! asked for. Computed only for blobs with findings.

use std::collections::HashMap;

/// How many characters (after dropping spaces and tabs) a line's hash covers.
pub(crate) const BLOCK_SIZE: usize = 100;
const MOD: u64 = 37;
const EOF: u64 = 65535;
const TAB: u16 = b'\t' as u16;
const SPACE: u16 = b' ' as u16;
const LF: u16 = b'\n' as u16;
const CR: u16 = b'\r' as u16;

/// The hash of every line of `content`, in line order (index 0 is line 1), before the `:N`
/// suffix. A text that ends with a line break has one more (empty) line, as in GitHub's scheme.
#[cfg(test)]
pub(crate) fn raw_line_hashes(content: &[u8]) -> Vec<u64> {
    let mut out = Vec::new();
    each_line_hash(content, |h| out.push(h));
    out
}

/// Calls `f` with the hash of every line of `content`, in line order (see [`raw_line_hashes`]).
fn each_line_hash(content: &[u8], mut f: impl FnMut(u64)) {
    let first_mod = (0..BLOCK_SIZE).fold(1u64, |m, _| m.wrapping_mul(MOD));
    let mut window = [0u64; BLOCK_SIZE];
    // For each window slot, whether the character in it starts a line.
    let mut starts = [false; BLOCK_SIZE];
    let mut hash = 0u64;
    let mut index = 0usize;
    let mut line_start = true;
    let mut prev_cr = false;

    let update = |current: u64, hash: &mut u64, index: &mut usize, window: &mut [u64]| {
        let begin = window[*index];
        window[*index] = current;
        *hash = MOD
            .wrapping_mul(*hash)
            .wrapping_add(current)
            .wrapping_sub(first_mod.wrapping_mul(begin));
        *index = (*index + 1) % BLOCK_SIZE;
    };

    // As `String::from_utf8_lossy` decodes (one U+FFFD per invalid sequence), without a copy.
    let units = content
        .utf8_chunks()
        .flat_map(|chunk| {
            let bad = if chunk.invalid().is_empty() {
                ""
            } else {
                "\u{FFFD}"
            };
            chunk.valid().encode_utf16().chain(bad.encode_utf16())
        })
        .map(u64::from)
        .chain([EOF]);
    for unit in units {
        let mut current = unit;
        if current == u64::from(SPACE)
            || current == u64::from(TAB)
            || (prev_cr && current == u64::from(LF))
        {
            prev_cr = false;
            continue;
        }
        if current == u64::from(CR) {
            current = u64::from(LF);
            prev_cr = true;
        } else {
            prev_cr = false;
        }
        if starts[index] {
            // A full block has been read since this slot's line started: its hash is ready.
            f(hash);
            starts[index] = false;
        }
        if line_start {
            line_start = false;
            starts[index] = true;
        }
        if current == u64::from(LF) {
            line_start = true;
        }
        update(current, &mut hash, &mut index, &mut window);
    }
    for _ in 0..BLOCK_SIZE {
        if starts[index] {
            f(hash);
            starts[index] = false;
        }
        update(0, &mut hash, &mut index, &mut window);
    }
}

/// The `primaryLocationLineHash` of each of `lines` (1-based, any order): `hex:N`. A line past
/// the end of the content gets `None`.
pub(crate) fn line_hashes(content: &[u8], lines: &[usize]) -> Vec<Option<String>> {
    let mut wanted: Vec<usize> = lines.iter().filter_map(|l| l.checked_sub(1)).collect();
    wanted.sort_unstable();
    wanted.dedup();
    // First pass: the hash of each wanted line.
    let mut hash_of: HashMap<usize, u64> = HashMap::with_capacity(wanted.len());
    let (mut i, mut next) = (0usize, 0usize);
    each_line_hash(content, |h| {
        if wanted.get(next) == Some(&i) {
            hash_of.insert(i, h);
            next += 1;
        }
        i += 1;
    });
    // Second pass: how many lines up to each wanted line have its hash (only those hashes are
    // counted).
    let mut counts: HashMap<u64, u32> = hash_of.values().map(|&h| (h, 0)).collect();
    let mut suffix: HashMap<usize, u32> = HashMap::with_capacity(wanted.len());
    let (mut i, mut next) = (0usize, 0usize);
    each_line_hash(content, |h| {
        if let Some(n) = counts.get_mut(&h) {
            *n += 1;
            if wanted.get(next) == Some(&i) {
                suffix.insert(i, *n);
            }
        }
        if wanted.get(next) == Some(&i) {
            next += 1;
        }
        i += 1;
    });
    lines
        .iter()
        .map(|&line| {
            let i = line.checked_sub(1)?;
            Some(format!("{:x}:{}", hash_of.get(&i)?, suffix.get(&i)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(content: &str) -> Vec<String> {
        let n = raw_line_hashes(content.as_bytes()).len();
        let lines: Vec<usize> = (1..=n).collect();
        line_hashes(content.as_bytes(), &lines)
            .into_iter()
            .map(Option::unwrap)
            .collect()
    }

    /// The expected values are those of codeql-action's own tests (`src/fingerprints.test.ts`).
    #[test]
    fn matches_github() {
        let cases: &[(&str, &[&str])] = &[
            ("", &["c129715d7a2bc9a3:1"]),
            (
                " a\nb\n  \t\tc\n d",
                &[
                    "271789c17abda88f:1",
                    "54703d4cd895b18:1",
                    "180aee12dab6264:1",
                    "a23a3dc5e078b07b:1",
                ],
            ),
        ];
        for (content, want) in cases {
            assert_eq!(all(content), *want, "{content:?}");
        }
    }

    #[test]
    fn line_endings_and_whitespace_do_not_matter() {
        let lf = all(" a\nb\n  \t\tc\n d");
        assert_eq!(all(" a\r\nb\r\n  \t\tc\r\n d"), lf);
        assert_eq!(all(" a\rb\r  \t\tc\r d"), lf);
        assert_eq!(all("a\n   b\nc\n\td"), lf);
    }

    #[test]
    fn identical_lines_are_numbered() {
        let h = all("x\nx\nx\n");
        // Three identical lines followed by different text hash differently (the block runs
        // on), but the same text at the end of two blocks repeats: check the suffix mechanics
        // on a content whose last lines are identical within the block.
        assert_eq!(h.len(), 4);
        let same = all(&"y\n".repeat(3));
        assert!(same.iter().all(|s| s.ends_with(":1")));
        let many = "z\n".repeat(BLOCK_SIZE * 2);
        let hashes = all(&many);
        // Far from the end, every line sees the same 100 characters: same hash, counted.
        assert_eq!(hashes[0].split(':').next(), hashes[1].split(':').next());
        assert!(hashes[0].ends_with(":1"));
        assert!(hashes[1].ends_with(":2"));
    }

    #[test]
    fn lines_out_of_range() {
        assert_eq!(line_hashes(b"a\nb", &[0, 3]), vec![None, None]);
        assert_eq!(line_hashes(b"a\nb", &[2]).len(), 1);
    }
}
