//! Shannon entropy of a secret, in bits per byte.

/// The Shannon entropy of `bytes` in bits per byte: 0 for empty or single-symbol input, at most
/// log2(distinct bytes). Random base64 of 40 characters scores about 5; English words about 3.
pub(crate) fn shannon(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::shannon;

    #[test]
    fn table() {
        let cases: [(&[u8], f64); 6] = [
            (b"", 0.0),
            (b"aaaa", 0.0),
            (b"ab", 1.0),
            (b"abcd", 2.0),
            (b"aabb", 1.0),
            (b"0123456789abcdef", 4.0),
        ];
        for (input, want) in cases {
            let got = shannon(input);
            assert!(
                (got - want).abs() < 1e-9,
                "{:?}: {got} != {want}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn random_looking_beats_words() {
        assert!(shannon(b"wJalrXUtnFEMIK7MDENGbPxRfiCY9q2Lz") > 4.5);
        assert!(shannon(b"password") < 3.0);
    }
}
