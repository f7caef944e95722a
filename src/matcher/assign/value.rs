//! Whether a value assigned to a secret-sounding key looks like secret material, from its shape:
//! length, alphabet, structure and randomness. Identifiers, dotted references, paths, URLs, file
//! names, numbers, hashes with an algorithm prefix, password hashes, regexes, JMESPath
//! expressions and type names are not. (Placeholders, templates and variables are the
//! precision layer's, for every rule alike.)

use crate::engine::bytes::contains;
use crate::matcher::entropy;
use crate::rules::AssignKind;

/// Values are looked at up to this length (a 400-character session token is a value; a
/// kilobyte of text is not one).
pub(crate) const MAX_VALUE: usize = 1024;

/// The shortest value of each kind.
fn min_len(kind: AssignKind) -> usize {
    match kind {
        AssignKind::Secret => 12,
        AssignKind::Password => 8,
    }
}

/// Whether `v`, assigned to a key of `kind`, looks like a secret.
pub(crate) fn looks_secret(v: &[u8], kind: AssignKind) -> bool {
    if v.len() < min_len(kind) || v.len() > MAX_VALUE {
        return false;
    }
    if v.iter()
        .any(|&b| b.is_ascii_whitespace() || !(0x21..=0x7e).contains(&b))
    {
        return false;
    }
    let classes = char_classes(v);
    if classes.letters == 0 || classes.count() < 2 {
        return false;
    }
    if is_number(v) || is_reference(v, kind) || is_structured_non_secret(v) {
        return false;
    }
    let e = entropy::shannon(v);
    match kind {
        AssignKind::Secret => e >= min_entropy(v),
        AssignKind::Password => e >= 2.5,
    }
}

/// The entropy a random value of this length and alphabet reaches easily: a random 12-character
/// value cannot score more than log2(12) = 3.6, a hex one no more than 4.
fn min_entropy(v: &[u8]) -> f64 {
    let hex = v.iter().all(u8::is_ascii_hexdigit);
    let cap: f64 = if hex { 3.0 } else { 3.2 };
    cap.min((v.len() as f64).log2() * 0.8)
}

#[derive(Default)]
struct Classes {
    lower: usize,
    upper: usize,
    digits: usize,
    other: usize,
    letters: usize,
}

impl Classes {
    fn count(&self) -> usize {
        [self.lower, self.upper, self.digits, self.other]
            .iter()
            .filter(|&&n| n > 0)
            .count()
    }
}

fn char_classes(v: &[u8]) -> Classes {
    let mut c = Classes::default();
    for &b in v {
        match b {
            b'a'..=b'z' => c.lower += 1,
            b'A'..=b'Z' => c.upper += 1,
            b'0'..=b'9' => c.digits += 1,
            _ => c.other += 1,
        }
    }
    c.letters = c.lower + c.upper;
    c
}

/// A number literal: decimal or `0x` hex, `_` between digits, a type suffix (`16384u32`,
/// `0xC000006B_u32`, `100L`, `1.5f32`).
fn is_number(s: &[u8]) -> bool {
    // A date or a time stamp (`2016-09-08T21:47:36Z`).
    let digits_at =
        |r: std::ops::Range<usize>| s.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if digits_at(0..4) && s.get(4) == Some(&b'-') && digits_at(5..7) && s.get(7) == Some(&b'-') {
        return true;
    }
    let s = s.strip_prefix(b"-").unwrap_or(s);
    let (digits, rest): (fn(&u8) -> bool, &[u8]) = match s {
        [b'0', b'x' | b'X', rest @ ..] => (u8::is_ascii_hexdigit, rest),
        _ => (u8::is_ascii_digit, s),
    };
    let end = rest
        .iter()
        .position(|b| !(digits(b) || *b == b'_' || *b == b'.'))
        .unwrap_or(rest.len());
    if end == 0 {
        return false;
    }
    let suffix = rest[end..].strip_prefix(b"_").unwrap_or(&rest[end..]);
    const SUFFIXES: [&[u8]; 18] = [
        b"", b"u8", b"u16", b"u32", b"u64", b"u128", b"usize", b"i8", b"i16", b"i32", b"i64",
        b"i128", b"isize", b"f32", b"f64", b"l", b"ul", b"ull",
    ];
    SUFFIXES.iter().any(|x| x.eq_ignore_ascii_case(suffix))
}

/// Identifiers and names made of words (`authTokenStorageKey`, `MY_API_SECRET_NAME`,
/// `bert-base-cased`, `this.session.accessToken`, `getPassword()`), paths, URLs and file names.
/// A password with a digit and a lowercase letter, and none of `_ : . /`, is not taken for a
/// name of words: people choose passwords of words and digits (`Maverick1986`,
/// `Kiwi#Orchard12`, `Autumn-Leaves-7`).
fn is_reference(v: &[u8], kind: AssignKind) -> bool {
    let s = v;
    let path_start = s.starts_with(b"/")
        || s.starts_with(b"./")
        || s.starts_with(b"../")
        || s.starts_with(b"~/")
        || (s.len() > 2 && s[0].is_ascii_alphabetic() && s[1] == b':' && s[2] == b'\\');
    // A path, not base64 that happens to start with `/` (which has `+` or `=`).
    if path_start && !s.iter().any(|b| *b == b'+' || *b == b'=') {
        return true;
    }
    if let Some(i) = memchr::memmem::find(s, b"://") {
        if i > 0
            && s[..i]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(b))
        {
            return true;
        }
    }
    let lower: Vec<u8> = s.iter().take(8).map(u8::to_ascii_lowercase).collect();
    if [&b"arn:"[..], b"urn:", b"data:", b"mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return true;
    }
    if has_file_extension(s) {
        return true;
    }
    // A chosen password of words and digits (`Maverick1986`, `Kiwi#Orchard12`), not a constant
    // or a host (`WIN32_ERROR`, `SCSI_PASS_THROUGH32`, `localhost:22`).
    let chosen = kind == AssignKind::Password
        && s.iter().any(u8::is_ascii_digit)
        && s.iter().any(u8::is_ascii_lowercase)
        && !s.iter().any(|b| b"_:./".contains(b));
    if chosen {
        return false;
    }
    wordy_identifier(s)
}

const EXTENSIONS: &[&str] = &[
    "json",
    "yaml",
    "yml",
    "pem",
    "key",
    "crt",
    "cer",
    "p12",
    "pfx",
    "jks",
    "txt",
    "env",
    "conf",
    "cfg",
    "ini",
    "toml",
    "xml",
    "properties",
    "asc",
    "gpg",
    "der",
    "pub",
    "html",
    "js",
    "py",
    "rb",
    "php",
    "sh",
    "csv",
    "log",
];

fn has_file_extension(s: &[u8]) -> bool {
    let Some(dot) = memchr::memrchr(b'.', s) else {
        return false;
    };
    let ext = &s[dot + 1..];
    dot > 0
        && s[..dot]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./".contains(b))
        && EXTENSIONS
            .iter()
            .any(|e| e.as_bytes().eq_ignore_ascii_case(ext))
}

/// A name made of words: segments (between `_ . - / : $ + @`, `()` at the end) that are each
/// lowercase, uppercase or camel-case words with a few digits at their ends
/// (`authTokenStorageKey`, `MY_API_SECRET_NAME`, `bert-base-cased`, `oauth2Token`), every letter
/// run of four or more pronounceable. Random tokens break this everywhere: a lowercase letter
/// right after a digit, long digit runs, consonant runs. Segments of mixed case joined by
/// dashes (`hapmi-Dalzig-420`) are a passphrase, not a name.
fn wordy_identifier(s: &[u8]) -> bool {
    let s = s.strip_suffix(b"()").unwrap_or(s);
    // A call or a plural in prose: `name(arg)`, `credential(s)`.
    let s = match (s.last(), memchr::memchr(b'(', s)) {
        (Some(b')'), Some(open))
            if open > 0
                && s[open + 1..s.len() - 1]
                    .iter()
                    .all(u8::is_ascii_alphanumeric) =>
        {
            &s[..open]
        }
        _ => s,
    };
    // A macro's or an optional's mark (`quote_spanned!`, `token?`).
    let s = s
        .strip_suffix(b"!")
        .or_else(|| s.strip_suffix(b"?"))
        .unwrap_or(s);
    const SEPARATORS: &[u8] = b"_.-/:$+@=#";
    if s.is_empty()
        || !s
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || SEPARATORS.contains(b))
    {
        return false;
    }
    let mut styles = [false; 3];
    let mut humps = Humps::default();
    for seg in s.split(|b| SEPARATORS.contains(b)) {
        match segment_style(seg, &mut humps) {
            Segment::Not => return false,
            Segment::Style(style) => styles[style] = true,
            Segment::Neutral => {}
        }
    }
    // Word pieces of one or two letters, and of three without a vowel (`Xi`, `b`, `Cfp`): a name
    // has at most two, and two only beside at least two longer words (`SpAcceptCredentialsFn`,
    // `ngx.var.http_x_api_key`); and at least one longer word.
    if humps.long == 0 || humps.short > 2 || (humps.short == 2 && humps.long < 2) {
        return false;
    }
    // Segments of mixed case are a name when paths and members join them (`this.accessToken`),
    // a passphrase when dashes, `+` or `@` do (`hapmi-Dalzig-420`, `Gateoa01@naq`).
    let mixed = styles.iter().filter(|&&x| x).count() > 1;
    !(mixed && s.iter().any(|b| b"-+@".contains(b)))
}

/// What one segment of an identifier is.
enum Segment {
    /// Not made of words.
    Not,
    /// Digits or nothing.
    Neutral,
    /// 0 lowercase, 1 uppercase, 2 camel case.
    Style(usize),
}

/// The word pieces of an identifier, by kind.
#[derive(Default)]
struct Humps {
    short: usize,
    long: usize,
}

impl Humps {
    fn add(&mut self, piece: &[u8]) {
        let vowel = piece.iter().any(|b| b"aeiouyAEIOUY".contains(b));
        if piece.len() <= 2 || (piece.len() == 3 && !vowel) {
            self.short += 1;
        } else {
            self.long += 1;
        }
    }
}

fn segment_style(seg: &[u8], humps: &mut Humps) -> Segment {
    if seg.is_empty() {
        return Segment::Neutral;
    }
    if seg.iter().all(u8::is_ascii_digit) {
        return if seg.len() <= 6 {
            Segment::Neutral
        } else {
            Segment::Not
        };
    }
    let n = seg.len();
    let run = |mut j: usize, f: fn(&u8) -> bool| {
        while j < n && f(&seg[j]) {
            j += 1;
        }
        j
    };
    let mut i = 0;
    while i < n {
        let c = seg[i];
        if c.is_ascii_digit() {
            let j = run(i, u8::is_ascii_digit);
            if j - i > 6 || (j < n && seg[j].is_ascii_lowercase()) {
                return Segment::Not;
            }
            i = j;
        } else if c.is_ascii_uppercase() {
            let j = run(i, u8::is_ascii_uppercase);
            if j < n && seg[j].is_ascii_lowercase() {
                let k = run(j, u8::is_ascii_lowercase);
                if !pronounceable(&seg[j - 1..k]) {
                    return Segment::Not;
                }
                humps.add(&seg[j - 1..k]);
                i = k;
            } else {
                // A run of capitals: a word when it has two vowels or reads like one
                // (`SECRET`, `API`, `BLOB`), else neither word nor piece (`AKQ`, `SQL`).
                let run = &seg[i..j];
                let vowels = run.iter().filter(|b| b"AEIOUY".contains(b)).count();
                if run.len() >= 3 && (vowels >= 2 || (run.len() >= 4 && pronounceable(run))) {
                    humps.long += 1;
                }
                i = j;
            }
        } else {
            let j = run(i, u8::is_ascii_lowercase);
            if !pronounceable(&seg[i..j]) {
                return Segment::Not;
            }
            humps.add(&seg[i..j]);
            i = j;
        }
    }
    let lower = seg.iter().any(u8::is_ascii_lowercase);
    let upper = seg.iter().any(u8::is_ascii_uppercase);
    // Capitals and digits (`D3D10`, `X509`, not base32 `JBSWY3DPEHPK3PXP`).
    let digit_runs = seg
        .windows(2)
        .filter(|w| w[1].is_ascii_digit() && !w[0].is_ascii_digit())
        .count()
        + usize::from(seg[0].is_ascii_digit());
    if !lower && (digit_runs >= 3 || (digit_runs > 0 && seg.len() >= 16)) {
        return Segment::Not;
    }
    Segment::Style(match (lower, upper) {
        (true, false) => 0,
        (false, _) => 1,
        (true, true) => 2,
    })
}

/// Whether a letter run reads like a word: shorter than four letters, or a vowel and no more
/// than five consonants in a row.
fn pronounceable(piece: &[u8]) -> bool {
    let vowel = |b: &u8| b"aeiouyAEIOUY".contains(b);
    // Pieces of one or two letters, and the abbreviations without a vowel that names are made
    // of.
    const ABBREVIATIONS: [&[u8]; 28] = [
        b"http", b"https", b"html", b"smtp", b"sftp", b"pkcs", b"cfg", b"ctx", b"msg", b"src",
        b"dst", b"std", b"str", b"cmd", b"pwd", b"sql", b"xml", b"rgb", b"jwt", b"dns", b"tcp",
        b"udp", b"ssh", b"ssl", b"tls", b"www", b"vm", b"fn",
    ];
    if piece.len() < 4 || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(piece)) {
        return true;
    }
    if !piece.iter().any(vowel) {
        return false;
    }
    let mut run = 0;
    for b in piece {
        run = if vowel(b) { 0 } else { run + 1 };
        if run > 5 {
            return false;
        }
    }
    true
}

/// Structures that are not secrets: hashes with an algorithm prefix, password hashes (a hash is
/// not the password), regexes, JMESPath and other expressions, type paths with `::`.
fn is_structured_non_secret(s: &[u8]) -> bool {
    let lower: Vec<u8> = s.iter().map(u8::to_ascii_lowercase).collect();
    let starts = |p: &[u8]| lower.starts_with(p);
    const HASH_PREFIXES: [&[u8]; 10] = [
        b"sha1:", b"sha256:", b"sha384:", b"sha512:", b"sha1-", b"sha256-", b"sha384-", b"sha512-",
        b"md5:", b"blake2",
    ];
    if HASH_PREFIXES.iter().any(|p| starts(p)) {
        return true;
    }
    const PASSWORD_HASHES: [&[u8]; 9] = [
        b"$2a$", b"$2b$", b"$2y$", b"$2x$", b"$1$", b"$5$", b"$6$", b"$apr1$", b"$argon2",
    ];
    if PASSWORD_HASHES.iter().any(|p| starts(p))
        || starts(b"pbkdf2")
        || starts(b"{ssha}")
        || starts(b"{sha}")
    {
        return true;
    }
    let has = |p: &[u8]| contains(s, p);
    // Regexes: escapes of classes, groups, anchors around the whole.
    const REGEX_MARKS: [&[u8]; 18] = [
        b"\\d", b"\\w", b"\\s", b"\\b", b"\\.", b"\\-", b"[^", b"(?", b".*", b".+", b"]+", b"]*",
        b"]{", b"a-z", b"A-Z", b"0-9", b"{1,", b"{0,",
    ];
    // Two marks (a random password may hold `.*` once), or anchors around the whole.
    if REGEX_MARKS.iter().filter(|m| has(m)).count() >= 2
        || (s.starts_with(b"^") && s.ends_with(b"$"))
    {
        return true;
    }
    // JMESPath and other expressions: filters, projections, alternatives.
    const EXPR_MARKS: [&[u8]; 7] = [b"[?", b"[*]", b"[]", b"||", b"&&", b"[-1]", b"[0]"];
    if EXPR_MARKS.iter().any(|m| has(m)) {
        return true;
    }
    has(b"::")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_not() {
        use AssignKind::{Password, Secret};
        let yes: [(&str, AssignKind); 18] = [
            ("RP9DtyoYttGTVjs6kB87pJC9feyWH1V4", Secret),
            ("OaMXiBRiu3RLLQTXzuBbJ0DrnUhZnMoH", Secret),
            ("9fd5a36bc0d02f1e49bdf71c2dffa086195bac08", Secret),
            ("203679b9-a87b-4010-beb7-aca6d5479951", Secret),
            ("l6Hj/1E95T/zhOIS31wAbNT6EfEEolWQNws5Loqs", Secret),
            ("iLkAkL86@1Yc", Password),
            ("Gateoa01@naq", Password),
            ("zO5shTvhrgLQ4cVdLd", Password),
            ("KhTgu7EmcxOVrfl4cdSHd7iVkUmwY5Eg", Secret),
            ("tfamvrumkx8qLN", Password),
            ("hapmi-dalzigshu-Hapmi-420", Password),
            ("Z4wC.*~0T=DobhP2", Password),
            ("/BP/9JcaG7hJUjCVtyb8PXo6nt+Ot9R8xzp9UOd1i4c=", Secret),
            ("a.CbIR0RgeB8fQnr", Password),
            ("JBSWY3DPEHPK3PXP", Secret),
            ("sd_eQRcpFPiXJ3Ijq9", Password),
            ("uiWPZupLzH2CCfp-Cgun", Password),
            ("K3GLx498#AKQ", Password),
        ];
        for (v, kind) in yes {
            assert!(looks_secret(v.as_bytes(), kind), "{v}");
        }
        let no: [(&str, AssignKind); 33] = [
            ("authTokenStorageKey", Secret),
            ("MY_API_SECRET_NAME", Secret),
            ("bert-base-multilingual-cased", Secret),
            ("this.session.accessToken", Secret),
            ("/etc/app/keys/signing.pem", Secret),
            ("https://vault.internal.io/v1/kv/api", Secret),
            ("db-credentials-prod", Secret),
            ("sha256:1f3870be274f6c49b3e31a0c6728957f", Secret),
            (
                "$2b$12$Q9lEo3hUW5wH0sX1PzTvYeKq7mJcR2nB8dL4fG6iA0sV3uN5xZyCa",
                Password,
            ),
            ("^[A-Za-z0-9]{32}$", Secret),
            ("Contents[-1].Key", Secret),
            ("NextToken || Marker", Secret),
            ("AWS::Route53::KeySigningKey", Secret),
            ("2024-01-15T10:22:31Z", Secret),
            ("12345678901234", Secret),
            ("getPassword()", Password),
            ("config.database.password", Password),
            ("short", Password),
            ("signing.key", Secret),
            ("secrets/prod/app.json", Secret),
            ("allowlistedTokenValues", Secret),
            ("Use at least 12 characters", Password),
            ("gitlab+deploy-token-42", Secret),
            ("ngx.var.http_x_api_key", Secret),
            ("0xC000006B_u32", Password),
            ("16384u32", Password),
            ("D3D10_SB_RESOURCE_RETURN_TYPE", Secret),
            ("quote_spanned!", Secret),
            ("yegor256/home#assets/crates-credentials", Secret),
            ("SpAcceptCredentialsFn", Secret),
            ("CRYPT_DER_BLOB", Secret),
            ("credential(s)", Secret),
            ("2016-09-08T21:47:36Z", Password),
        ];
        for (v, kind) in no {
            assert!(!looks_secret(v.as_bytes(), kind), "{v}");
        }
    }

    /// No length cap below a kilobyte: long random tokens are values too.
    #[test]
    fn long_values_are_values() {
        let mut v = Vec::new();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for _ in 0..400 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            v.push(alphabet[(seed % 62) as usize]);
        }
        assert!(looks_secret(&v[..129], AssignKind::Secret));
        assert!(looks_secret(&v, AssignKind::Secret));
        v.resize(MAX_VALUE + 1, b'a');
        assert!(!looks_secret(&v, AssignKind::Secret));
    }
}
