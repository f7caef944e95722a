//! Substring tests on the short byte strings judging a match looks at (a secret, a key name, a
//! line).
//!
//! `memchr::memmem::find` builds a searcher for its needle on every call, which costs more than
//! the search on a value of a few dozen bytes; judging a match asks dozens of such questions
//! (docs/performance.md). [`contains`] searches a short haystack for the needle's first byte
//! and compares the rest, and leaves long haystacks to `memmem`.

/// Haystacks longer than this go to `memchr::memmem`.
const SHORT: usize = 256;

/// Whether `needle` occurs in `hay` (an empty needle always does).
pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    if hay.len() > SHORT {
        return memchr::memmem::find(hay, needle).is_some();
    }
    let mut from = 0;
    while let Some(i) = memchr::memchr(first, &hay[from..]) {
        let after = from + i + 1;
        if hay[after..].starts_with(rest) {
            return true;
        }
        from = after;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_memmem_on_short_and_long_haystacks() {
        let needles: [&[u8]; 6] = [b"", b"a", b"ab", b"abc", b"${", b"zzzz"];
        let mut hays: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"a".to_vec(),
            b"ba".to_vec(),
            b"aab".to_vec(),
            b"xxabxab".to_vec(),
            b"abab${".to_vec(),
            b"zzz".to_vec(),
        ];
        for n in [255, 256, 257, 1000] {
            let mut long = vec![b'a'; n];
            hays.push(long.clone());
            long.extend_from_slice(b"zzzz");
            hays.push(long);
        }
        for hay in &hays {
            for needle in needles {
                assert_eq!(
                    contains(hay, needle),
                    memchr::memmem::find(hay, needle).is_some(),
                    "{:?} in {:?}",
                    String::from_utf8_lossy(needle),
                    String::from_utf8_lossy(hay)
                );
            }
        }
    }
}
