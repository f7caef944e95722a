//! Placeholders every rule should know: values made to look like a secret's shape without being
//! one. Each test is a class (repetition, masks, sequences, repeated patterns, marker words,
//! template and variable syntax, bracketed placeholders, the key's own name, encoded placeholder
//! text), not a list of strings; the thresholds of the tests that a random value could pass by
//! chance depend on the alphabet the value uses and its length (see [`chance_run`]).

use super::randomness::Alphabet;
use crate::engine::bytes::contains;
use crate::matcher::decode;
use crate::rules::Ignored;

/// Marker words that say a value is made up (matched case-insensitively anywhere in the value).
/// Not `test` (`sk_test_`, `pk_test_` are real key kinds) nor `demo` (a word inside names).
const MARKERS: &[&str] = &[
    "example",
    "sample",
    "dummy",
    "fake",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "redacted",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "yourapikey",
    "yourpassword",
    "replace_me",
    "replaceme",
    "replace-me",
    "notreal",
    "not_real",
    "not-real",
    "lorem",
    "ipsum",
    "insert_",
    "insert-",
];

/// Words that, in text decoded from a value, say the text names a secret rather than being one.
const DECODED_STOPWORDS: &[&str] = &[
    "token", "secret", "password", "passwd", "apikey", "api_key", "api-key", "key",
];

/// Why `secret` is a placeholder, if it is. `key`: the name the value is assigned to, when the
/// match shows one (the identifier right before the value). `chosen`: the value is one people
/// choose (a password), so words in it are no sign of a placeholder.
pub(crate) fn placeholder(secret: &[u8], key: Option<&[u8]>, chosen: bool) -> Option<Ignored> {
    if secret.is_empty() {
        return None;
    }
    syntax(secret)
        .or_else(|| shape(secret))
        .or_else(|| key.and_then(|k| key_name(secret, k)))
        .or_else(|| (!chosen && words(secret)).then_some(Ignored::Words))
        .or_else(|| decoded(secret))
}

/// Spelled in words: three or more pieces between separators, each letters of one case only
/// (`glpat-python-gitlab-token`, `sk_live_your_key_here`, `AKIA_MY_ACCESS_KEY`). A random token
/// of that length almost never is (a 20-character base62 body is all lower case once in 10^8).
fn words(s: &[u8]) -> bool {
    let pieces: Vec<&[u8]> = s
        .split(|b| b"-_.:/ ".contains(b))
        .filter(|p| !p.is_empty())
        .collect();
    let letters: usize = pieces.iter().map(|p| p.len()).sum();
    pieces.len() >= 3
        && letters >= 12
        && pieces
            .iter()
            .all(|p| p.iter().all(u8::is_ascii_lowercase) || p.iter().all(u8::is_ascii_uppercase))
}

/// Template, variable, bracket, mask and marker syntax: what the text says of itself.
fn syntax(s: &[u8]) -> Option<Ignored> {
    let has = |needle: &[u8]| contains(s, needle);
    let lower = s.to_ascii_lowercase();
    let lhas = |needle: &str| contains(&lower, needle.as_bytes());
    // Template languages: shell/Compose/Terraform/GitHub Actions `${..}`, Jinja/Helm/Handlebars
    // `{{ }}`, `{% %}`, ERB/EJS `<% %>`, Ruby `#{}`, Python `%(x)s`, make `$(X)`.
    if has(b"${") || has(b"{{") || has(b"}}") || has(b"{%") || has(b"%}") || has(b"<%") {
        return Some(Ignored::Template);
    }
    if has(b"#{") || has(b"$(") || python_format(s) || braced_name(s) {
        return Some(Ignored::Template);
    }
    // A variable or a lookup in place of a literal.
    if is_variable(s)
        || [
            "process.env",
            "os.environ",
            "getenv(",
            "environ.get(",
            "environ[",
            "env.fetch(",
            "env[",
            "env(",
            "getenvironmentvariable(",
            "system.getproperty(",
            "import.meta.env.",
        ]
        .iter()
        .any(|w| lhas(w))
    {
        return Some(Ignored::Variable);
    }
    // `<your-key>`, `<TOKEN>`, `[API_KEY]`, `__TOKEN__`, `@token@`.
    if bracketed(s) || lhas("<your") || lhas("<insert") || lhas("<replace") {
        return Some(Ignored::Angle);
    }
    // Masks and cut values.
    if has(b"***")
        || has(b"...")
        || has("…".as_bytes())
        || has("•".as_bytes())
        || has("●".as_bytes())
        || has("█".as_bytes())
        || has(b"###")
    {
        return Some(Ignored::Mask);
    }
    if MARKERS.iter().any(|m| lhas(m)) {
        return Some(Ignored::Marker);
    }
    None
}

/// `%(name)s` and the like.
fn python_format(s: &[u8]) -> bool {
    let mut i = 0;
    while let Some(at) = memchr::memmem::find(&s[i..], b"%(") {
        let rest = &s[i + at + 2..];
        if let Some(close) = rest.iter().position(|&b| b == b')') {
            let name = &rest[..close];
            let after = rest.get(close + 1);
            if name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
                && after.is_some_and(|b| b.is_ascii_alphabetic())
            {
                return true;
            }
        }
        i += at + 2;
    }
    false
}

/// `{name}` or `{0}` (format strings), a whole word in braces.
fn braced_name(s: &[u8]) -> bool {
    let mut i = 0;
    while let Some(open) = memchr::memchr(b'{', &s[i..]) {
        let rest = &s[i + open + 1..];
        if let Some(close) = rest.iter().position(|&b| b == b'}') {
            let name = &rest[..close];
            if !name.is_empty()
                && name.len() <= 40
                && name
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.:|-".contains(b))
                && (name[0].is_ascii_alphabetic() || name[0] == b'_' || name.len() <= 2)
            {
                return true;
            }
        }
        i += open + 1;
    }
    false
}

/// `$NAME`, `$name`, `%NAME%` (Windows), `@NAME@` (autoconf): the whole value is a variable.
fn is_variable(s: &[u8]) -> bool {
    let ident = |t: &[u8]| {
        !t.is_empty()
            && (t[0].is_ascii_alphabetic() || t[0] == b'_')
            && t.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
    };
    match s {
        [b'$', rest @ ..] => ident(rest),
        [b'%', mid @ .., b'%'] | [b'@', mid @ .., b'@'] => ident(mid),
        _ => false,
    }
}

/// The whole value in brackets or dunders: `<...>`, `[...]`, `__NAME__`.
fn bracketed(s: &[u8]) -> bool {
    let inner_ok = |t: &[u8]| !t.is_empty() && !t.contains(&b'<') && !t.contains(&b'[');
    match s {
        [b'<', mid @ .., b'>'] | [b'[', mid @ .., b']'] => inner_ok(mid),
        [b'_', b'_', mid @ .., b'_', b'_'] => {
            !mid.is_empty() && mid.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        }
        _ => false,
    }
}

/// The shortest run of one pattern (a character repeated, a sequence of consecutive characters)
/// that a random value of `n` characters over an alphabet of `k` symbols holds by chance less
/// than once in a million: a run of `r` has probability about `n * k^-(r-1)`.
fn chance_run(k: f64, n: usize) -> usize {
    let k = k.max(2.0);
    let r = ((n as f64 * 1e6).ln() / k.ln()).floor() as usize + 2;
    r.max(4)
}

/// Repetition, sequences and repeated patterns: the shape of a made-up value.
fn shape(s: &[u8]) -> Option<Ignored> {
    let n = s.len();
    if n < 8 {
        return None;
    }
    let k = Alphabet::of(s).size();
    // One character over much of the value: `ghp_xxxx…`, `AKIAXXXX…`, `0000…`, `xxxx-xxxx-xxxx`.
    let (longest, covered) = repeats(s);
    // How often the most frequent letter or digit occurs.
    let mut counts = [0u32; 128];
    let mut top = 0;
    for &b in s.iter().filter(|b| b.is_ascii_alphanumeric()) {
        counts[b as usize] += 1;
        top = top.max(counts[b as usize] as usize);
    }
    if (longest >= chance_run(k, n) && longest * 4 >= n) || covered * 2 >= n || top * 5 >= n * 3 {
        return Some(Ignored::Repeated);
    }
    // Consecutive characters: `abcdef…`, `123456…`, `0123456789abcdef`, `qwerty`, `zyxwvu`.
    let (longest, covered) = sequences(s);
    if (longest >= chance_run(k / 2.0, n).max(6) && longest * 3 >= n) || covered * 2 >= n {
        return Some(Ignored::Sequence);
    }
    if interleaved_sequences(s) {
        return Some(Ignored::Sequence);
    }
    if periodic(s) {
        return Some(Ignored::Pattern);
    }
    None
}

/// Two sequences woven together, one character of each in turn, over the whole value:
/// `a1b2c3d4`, `A1B2C3D4E5`, `1a2b3c4d`.
fn interleaved_sequences(s: &[u8]) -> bool {
    if s.len() < 8 || !s.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let consecutive = |start: usize| {
        let picked: Vec<u8> = s
            .iter()
            .skip(start)
            .step_by(2)
            .map(u8::to_ascii_lowercase)
            .collect();
        picked.windows(2).all(|w| w[1] == w[0] + 1)
    };
    consecutive(0) && consecutive(1)
}

/// The longest run of one alphanumeric character repeated, and how many characters lie in such
/// runs of at least 3 (a line of `-` is a separator, not a value).
fn repeats(s: &[u8]) -> (usize, usize) {
    let (mut longest, mut covered, mut i) = (0, 0, 0);
    while i < s.len() {
        let mut j = i + 1;
        while j < s.len() && s[j] == s[i] {
            j += 1;
        }
        if s[i].is_ascii_alphanumeric() {
            longest = longest.max(j - i);
            if j - i >= 3 {
                covered += j - i;
            }
        }
        i = j;
    }
    (longest, covered)
}

/// The ordered alphabets a made-up sequence follows: digits then letters (so hex order `9` ->
/// `a`), `1234567890`, the keyboard's letter rows.
const ORDERS: [&[u8]; 5] = [
    b"0123456789abcdefghijklmnopqrstuvwxyz",
    b"1234567890",
    b"qwertyuiop",
    b"asdfghjkl",
    b"zxcvbnm",
];

/// Per order of [`ORDERS`], each byte's first position in it ([`NOWHERE`]: not in it). Built at
/// compile time: `shape` runs on every match, and five 256-entry tables per call were a
/// measurable part of judging a match.
static POSITIONS: [[u8; 256]; ORDERS.len()] = {
    let mut tables = [[NOWHERE; 256]; ORDERS.len()];
    let mut o = 0;
    while o < ORDERS.len() {
        let order = ORDERS[o];
        let mut i = order.len();
        // Backwards, so that a byte's first position is the one kept.
        while i > 0 {
            i -= 1;
            tables[o][order[i] as usize] = i as u8;
        }
        o += 1;
    }
    tables
};
const NOWHERE: u8 = u8::MAX;

/// The longest run of characters that follow one another in one of [`ORDERS`], in one
/// direction, ignoring case; and how many characters lie in such runs of at least 4.
fn sequences(s: &[u8]) -> (usize, usize) {
    let lower: Vec<u8> = s.iter().map(u8::to_ascii_lowercase).collect();
    let mut in_run = vec![false; s.len()];
    let mut longest = 1;
    for pos in &POSITIONS {
        for step in [1i16, -1] {
            let mut start = 0;
            for i in 1..=lower.len() {
                let follows = i < lower.len() && {
                    let (a, b) = (pos[lower[i - 1] as usize], pos[lower[i] as usize]);
                    a != NOWHERE && b != NOWHERE && b as i16 - a as i16 == step
                };
                if follows {
                    continue;
                }
                let run = i - start;
                longest = longest.max(run);
                if run >= 4 {
                    in_run[start..i].iter_mut().for_each(|x| *x = true);
                }
                start = i;
            }
        }
    }
    (longest, in_run.iter().filter(|&&x| x).count())
}

/// A unit of 2 to 8 characters repeated over at least 12 characters and half the value
/// (`abcabcabc…`, `deadbeefdeadbeef`, `12341234…`).
fn periodic(s: &[u8]) -> bool {
    let n = s.len();
    if n < 12 {
        return false;
    }
    (2..=8.min(n / 3)).any(|p| {
        let mut stretch = 0;
        let mut best = 0;
        for i in 0..n - p {
            if s[i] == s[i + p] {
                stretch += 1;
                best = best.max(stretch);
            } else {
                stretch = 0;
            }
        }
        best + p >= 12.max(n / 2) && best >= 2 * p
    })
}

/// The value is the key's own name, or the key's name in other words: `API_KEY = "API_KEY"`,
/// `"apiSecret": "MY_API_SECRET_NAME"`, `token: "TOKEN"`.
fn key_name(secret: &[u8], key: &[u8]) -> Option<Ignored> {
    let norm = |t: &[u8]| -> Vec<u8> {
        t.iter()
            .filter(|b| b.is_ascii_alphanumeric())
            .map(u8::to_ascii_lowercase)
            .collect()
    };
    let (v, k) = (norm(secret), norm(key));
    if k.len() < 3 || v.is_empty() {
        return None;
    }
    let words_only = secret
        .iter()
        .all(|b| b.is_ascii_alphabetic() || b"_-. ".contains(b));
    if v == k || (words_only && contains(&v, &k)) {
        return Some(Ignored::KeyName);
    }
    None
}

/// Base64 or percent-encoding of placeholder text: `YS1naXQtdG9rZW4=` is `a-git-token`,
/// `%3Cyour-token%3E` is `<your-token>`. A random secret does not decode to printable text, so
/// text that also names a secret or is a placeholder is no secret.
fn decoded(s: &[u8]) -> Option<Ignored> {
    let mut out = Vec::new();
    if s.contains(&b'%') {
        decode::percent(s, &mut out);
        if out != s && (syntax(&out).is_some() || shape(&out).is_some()) {
            return Some(Ignored::Decoded);
        }
    }
    let b64 = s.len() >= 8
        && s.iter()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=_-".contains(b));
    if !b64 {
        return None;
    }
    out.clear();
    if !decode::base64(s, &mut out) || out.len() < 6 {
        return None;
    }
    let printable = out
        .iter()
        .all(|&b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t');
    if !printable {
        return None;
    }
    let lower = out.to_ascii_lowercase();
    let names_a_secret = DECODED_STOPWORDS
        .iter()
        .any(|w| contains(&lower, w.as_bytes()));
    if names_a_secret || syntax(&out).is_some() || shape(&out).is_some() {
        return Some(Ignored::Decoded);
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn interleaved_sequences_are_placeholders() {
        for v in ["A1b2c3d4", "a1b2c3d4e5f6", "1a2b3c4d"] {
            assert!(super::interleaved_sequences(v.as_bytes()), "{v}");
        }
        for v in ["A1b2c3d9", "k1zPZM6uVxMQ", "a1b2c3"] {
            assert!(!super::interleaved_sequences(v.as_bytes()), "{v}");
        }
    }

    use super::*;

    fn class(s: &str) -> Option<Ignored> {
        placeholder(s.as_bytes(), None, false)
    }

    #[test]
    fn each_class_of_placeholder() {
        let cases: &[(&str, Ignored)] = &[
            ("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", Ignored::Repeated),
            ("AKIAXXXXXXXXXXXXXXXX", Ignored::Repeated),
            ("github_pat_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", Ignored::Repeated),
            ("ops_eyJxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", Ignored::Repeated),
            ("AKCpXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", Ignored::Repeated),
            ("bP88Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", Ignored::Repeated),
            ("fo1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", Ignored::Repeated),
            ("xxxx-xxxx-xxxx-xxxx", Ignored::Repeated),
            ("00000000000000000000000000000000", Ignored::Repeated),
            ("sk_live_****************", Ignored::Mask),
            ("sk-proj-...", Ignored::Mask),
            ("xoxb-1234…", Ignored::Mask),
            ("sk_live_1234567890abcdef", Ignored::Sequence),
            ("AKIA1234567890ABCDEF", Ignored::Sequence),
            ("0123456789abcdef0123456789abcdef", Ignored::Sequence),
            ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", Ignored::Sequence),
            ("qwertyuiopasdfghjkl", Ignored::Sequence),
            ("deadbeefdeadbeefdeadbeefdeadbeef", Ignored::Pattern),
            ("sk_live_abcabcabcabcabcabcabcabc", Ignored::Pattern),
            ("AKIAIOSFODNN7EXAMPLE", Ignored::Marker),
            ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Ignored::Marker),
            ("sk_live_DUMMY4eC39HqLyjWDarjtT1zdp7dc", Ignored::Marker),
            ("xoxb-fake-token-value-0000", Ignored::Marker),
            ("glpat-your_token_here_abcd", Ignored::Marker),
            ("${GITHUB_TOKEN}", Ignored::Template),
            ("{{ .Values.apiKey }}", Ignored::Template),
            ("%(auth_token)s", Ignored::Template),
            ("#{secrets.token}", Ignored::Template),
            ("$API_KEY", Ignored::Variable),
            ("%API_KEY%", Ignored::Variable),
            ("process.env.STRIPE_KEY", Ignored::Variable),
            ("os.getenv(\"STRIPE_KEY\")", Ignored::Variable),
            ("<your-api-key>", Ignored::Angle),
            ("[API_TOKEN]", Ignored::Angle),
            ("__API_TOKEN__", Ignored::Angle),
            ("YS1naXQtdG9rZW4=", Ignored::Decoded),
            ("glpat-python-gitlab-token", Ignored::Words),
            ("AKIA_MY_ACCESS_KEY_ID", Ignored::Words),
            ("%3Cinsert%20token%3E", Ignored::Decoded),
        ];
        for (s, want) in cases {
            assert_eq!(class(s), Some(*want), "{s}");
        }
    }

    #[test]
    fn the_value_named_after_its_key() {
        let k = |s: &str, key: &str| placeholder(s.as_bytes(), Some(key.as_bytes()), false);
        assert_eq!(k("API_KEY", "API_KEY"), Some(Ignored::KeyName));
        assert_eq!(k("MY_API_SECRET_NAME", "apiSecret"), Some(Ignored::KeyName));
        assert_eq!(k("kT9vQ2mX7pL4wR8nA1sD", "apiSecret"), None);
    }

    /// Random values of each alphabet, and real token shapes, are not placeholders.
    #[test]
    fn random_values_are_not_placeholders() {
        let real = [
            concat!("ghp_", "R4nd0mT0k3nW1thEnoughEntr0pyAbCdEf12"),
            concat!("AKIA", "LJGD3K6YSKFYRIRK"),
            "7YiJE5MEblXmBS0/syh5TvGc8YL0zx4IYhWje79X",
            concat!("xoxb-", "2202465811-4528116473-qfPE7ybXlA36AzYhZaYgSxAc"),
            "994fc11e72ac3ec78aea21cd56c8b3236c6e5eee",
            "66feac8c-6801-4f0e-aa78-43e0aa72e1f1",
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            "dXNlcjpTM2NyM3QhUGE1NQ==",
            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACBqL0hp",
            "https://a9db8c238ccd41ccd858f79ae14b6b94@o915122.ingest.sentry.io/6125227",
            "iLkAkL86@1Yc",
        ];
        for s in real {
            assert_eq!(class(s), None, "{s}");
        }
        // Pseudo-random strings of several alphabets and lengths: none is a placeholder.
        let mut next = crate::matcher::test_rng(0x9e37_79b9_7f4a_7c15);
        let alphabets: [&[u8]; 5] = [
            b"0123456789abcdef",
            b"0123456789",
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        ];
        for alphabet in alphabets {
            for n in [16usize, 20, 32, 40, 64, 100] {
                for _ in 0..300 {
                    let s: Vec<u8> = (0..n)
                        .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                        .collect();
                    let got = placeholder(&s, None, false);
                    assert!(
                        got.is_none() || got == Some(Ignored::Marker),
                        "{} -> {got:?}",
                        String::from_utf8_lossy(&s)
                    );
                }
            }
        }
    }
}
