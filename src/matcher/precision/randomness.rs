//! A charset-aware randomness test: how likely is this value under the alphabet it uses?
//!
//! One Shannon threshold for every rule says too little: 3.5 bits per character is a lot for a
//! hex string of 16 characters and very little for 40 characters of base64. This test first
//! decides the alphabet a value is drawn from (hex, decimal, lower/upper case letters and digits,
//! base64's symbols: the classes it uses), then asks two questions a uniformly random value of
//! that alphabet and length answers with near certainty:
//!
//! - **class balance**: each character class holds its share of the alphabet (a 40-character
//!   mixed-case value with one capital is a sentence in camelCase, not a key): the binomial
//!   probability of a class count this low;
//! - **distinct symbols**: `n` draws from `k` symbols use nearly all of them; the chance that
//!   they use `d` or fewer is at most `C(k, d) (d/k)^n`.
//!
//! A value fails only when its chance under the random model is below about one in ten million,
//! so a real random secret is practically never dropped; the test runs on the longest
//! alphanumeric piece of the value (a prefix such as `xoxb-` and its separators are structure,
//! not randomness) and only on pieces of 16 to 256 characters.

/// The classes of characters a value uses, and the size of the alphabet they imply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Alphabet {
    lower: usize,
    upper: usize,
    digit: usize,
    /// Distinct other characters.
    symbols: usize,
    /// Letters all within `a-f` / `A-F` and digits present: hex.
    hex: bool,
}

impl Alphabet {
    pub(crate) fn of(s: &[u8]) -> Alphabet {
        let mut a = Alphabet::default();
        let mut seen = [false; 256];
        let mut beyond_f = false;
        for &b in s {
            match b {
                b'a'..=b'z' => a.lower += 1,
                b'A'..=b'Z' => a.upper += 1,
                b'0'..=b'9' => a.digit += 1,
                _ => {
                    if !seen[b as usize] {
                        seen[b as usize] = true;
                        a.symbols += 1;
                    }
                }
            }
            if b.is_ascii_alphabetic() && !matches!(b.to_ascii_lowercase(), b'a'..=b'f') {
                beyond_f = true;
            }
        }
        a.hex = !beyond_f && a.digit > 0 && (a.lower == 0 || a.upper == 0);
        a
    }

    /// The sizes of the letter classes this alphabet draws from.
    fn letters(&self) -> f64 {
        if self.hex {
            6.0
        } else {
            26.0
        }
    }

    /// How many symbols the alphabet has.
    pub(crate) fn size(&self) -> f64 {
        let letters = self.letters();
        let mut k = self.symbols as f64;
        if self.lower > 0 {
            k += letters;
        }
        if self.upper > 0 {
            k += letters;
        }
        if self.digit > 0 {
            k += 10.0;
        }
        k.max(1.0)
    }
}

/// The chance below which a value is called not random (one in ten million, per test).
const CHANCE: f64 = 1e-7;

/// Whether `secret` is far less random than a random value of its alphabet and length. A
/// leading run of up to 8 characters of one class (`EZAK` before a hex body) may be a prefix:
/// the value is not random only if it is not random without that run either.
pub(crate) fn not_random(secret: &[u8]) -> bool {
    let piece = longest_alnum(secret);
    let class = |b: u8| (b.is_ascii_lowercase(), b.is_ascii_uppercase());
    let prefix = piece
        .iter()
        .take_while(|&&b| class(b) == class(piece[0]))
        .count();
    piece_not_random(piece)
        && (prefix > 8 || prefix == piece.len() || piece_not_random(&piece[prefix..]))
}

fn piece_not_random(piece: &[u8]) -> bool {
    let n = piece.len();
    if !(16..=256).contains(&n) {
        return false;
    }
    let a = Alphabet::of(piece);
    let k = a.size();
    // Class balance: a class present holds far less than its share of the alphabet.
    let letters = a.letters();
    let classes = [(a.lower, letters), (a.upper, letters), (a.digit, 10.0)];
    let present = classes.iter().filter(|(c, _)| *c > 0).count();
    if present >= 2 {
        for (count, size) in classes {
            if count > 0 && binomial_lower_tail(n, size / k, count) * (present as f64) < CHANCE {
                return true;
            }
        }
    }
    // Distinct symbols: far fewer than n draws from k symbols leave. The chance that n draws
    // use at most d of the k symbols is at most C(k, d) (d/k)^n (some d-set holds them all).
    let mut seen = [false; 256];
    let distinct = piece
        .iter()
        .filter(|&&b| !std::mem::replace(&mut seen[b as usize], true))
        .count();
    let d = distinct as f64;
    d < k && ln_choose(k, d) + n as f64 * (d / k).ln() < CHANCE.ln()
}

/// ln C(k, d) for real k >= d >= 0 (the alphabet's size need not be a whole number of classes).
fn ln_choose(k: f64, d: f64) -> f64 {
    let (mut total, mut i) = (0.0, 0.0);
    while i < d {
        total += (k - i).ln() - (i + 1.0).ln();
        i += 1.0;
    }
    total
}

/// The longest piece of ASCII letters and digits in `s`.
fn longest_alnum(s: &[u8]) -> &[u8] {
    s.split(|b| !b.is_ascii_alphanumeric())
        .max_by_key(|p| p.len())
        .unwrap_or(&[])
}

/// P(X <= x) for X ~ Binomial(n, p), summed in log space.
fn binomial_lower_tail(n: usize, p: f64, x: usize) -> f64 {
    if p >= 1.0 {
        return if x >= n { 1.0 } else { 0.0 };
    }
    let (lp, lq) = (p.ln(), (1.0 - p).ln());
    let mut log_choose = 0.0; // ln C(n, 0)
    let mut total = 0.0;
    for i in 0..=x.min(n) {
        if i > 0 {
            log_choose += ((n - i + 1) as f64).ln() - (i as f64).ln();
        }
        total += (log_choose + i as f64 * lp + (n - i) as f64 * lq).exp();
    }
    total.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabets() {
        assert!(Alphabet::of(b"994fc11e72ac3ec78aea21cd").hex);
        assert_eq!(Alphabet::of(b"994fc11e72ac3ec78aea21cd").size(), 16.0);
        assert_eq!(Alphabet::of(b"Ab9").size(), 62.0);
        assert_eq!(Alphabet::of(b"Ab9+/").size(), 64.0);
        assert_eq!(Alphabet::of(b"123456").size(), 10.0);
    }

    #[test]
    fn statistics() {
        assert!((ln_choose(5.0, 2.0) - 10f64.ln()).abs() < 1e-12);
        assert!((binomial_lower_tail(10, 0.5, 0) - 1.0 / 1024.0).abs() < 1e-12);
        assert!((binomial_lower_tail(4, 0.5, 4) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn made_up_values_are_not_random() {
        for s in [
            "ZZaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
            "abcdefabcdefabcdeffedcbafedcbaabcdef",
            "1111111111111111111111111111111a",
            "aaaaaaaaaaaabbbbbbbbbbbbbcccccccc",
        ] {
            assert!(not_random(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn random_values_are_random() {
        let mut next = crate::matcher::test_rng(0x2545_f491_4f6c_dd1d);
        let alphabets: [&[u8]; 6] = [
            b"0123456789abcdef",
            b"0123456789ABCDEF",
            b"0123456789",
            b"abcdefghijklmnopqrstuvwxyz0123456789",
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            b"abcdefghijklmnopqrstuvwxyz",
        ];
        for alphabet in alphabets {
            for n in [16usize, 24, 32, 40, 64, 128, 256] {
                for _ in 0..500 {
                    let s: Vec<u8> = (0..n)
                        .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                        .collect();
                    assert!(!not_random(&s), "{}", String::from_utf8_lossy(&s));
                }
            }
        }
        for s in [
            concat!("ghp_", "R4nd0mT0k3nW1thEnoughEntr0pyAbCdEf12"),
            concat!("xoxb-", "2202465811-4528116473-qfPE7ybXlA36AzYhZaYgSxAc"),
            "994fc11e72ac3ec78aea21cd56c8b3236c6e5eee",
            concat!(
                "EZAK",
                "ffbe50ddcdb7e029c3d31748bba281b47c01bb3de007fc66629bfe"
            ),
        ] {
            assert!(!not_random(s.as_bytes()), "{s}");
        }
    }
}
