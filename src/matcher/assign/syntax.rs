//! Finding key-value pairs in a line, in the syntaxes people write them in: `KEY=value` (shell,
//! env, INI, TOML, properties, `export`/`set`/`ENV`), `key: value` (YAML, JSON, headers, struct
//! fields), typed declarations (`var X string = "…"`, `val x: String = "…"`, C# properties),
//! `=>` and `:=`, XML attributes and elements, name/value objects (`{"name": "X", "value":
//! "…"}`), literal pairs in calls (`define('X', '…')`, `buildConfigField 'String', 'X', '"…"'`,
//! `env('X', '…')`), env-lookup defaults (`process.env.X || '…'`, `${X:-…}`), credential calls
//! (`new NetworkCredential("user", "…")`, `login(`, `auth=(`), CLI flags (`--password …`,
//! `-Password …`, `-p …`, `-u user:…`), and `key "value"` (Gradle, Ruby, nginx).
//!
//! Every offset is into the content; a pair is a key span, a value span and what the syntax
//! says about the value (a password argument is one whatever its key is called). Quoted values
//! are read to their closing quote (escapes honoured), bare ones to a delimiter, either up to
//! `value::MAX_VALUE` bytes.

use super::value::MAX_VALUE;

/// What the syntax alone says the value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hint {
    /// Only the key's words say.
    Key,
    /// A password argument or flag (`NetworkCredential`'s second argument, `sshpass -p`).
    Password,
    /// A secret argument (`jwt.sign(payload, "…")`, `bearer_auth("…")`).
    Secret,
    /// The credential of an `Authorization` header, keyed by its scheme (`GenieKey …`,
    /// `SSWS …`): a credential by its place, named only by the scheme word.
    Scheme,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pair {
    pub(crate) key: (usize, usize),
    pub(crate) value: (usize, usize),
    pub(crate) hint: Hint,
}

/// Longest key looked at.
const MAX_KEY: usize = 128;

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-' || b == b'$'
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

pub(crate) fn is_quote(b: u8) -> bool {
    b == b'"' || b == b'\'' || b == b'`'
}

/// The quoted string starting at `at` (its quote there): the content span and the offset past
/// the closing quote. None when it does not close within `end` or [`MAX_VALUE`].
fn quoted(c: &[u8], at: usize, end: usize) -> Option<((usize, usize), usize)> {
    let q = c[at];
    let mut i = at + 1;
    let limit = end.min(at + 2 + MAX_VALUE);
    while i < limit {
        match c[i] {
            b'\\' => i += 2,
            b if b == q => return Some(((at + 1, i), i + 1)),
            b'\n' => return None,
            _ => i += 1,
        }
    }
    None
}

/// The quoted string ending at `close` (its closing quote there), searching back to `start`.
fn quoted_back(c: &[u8], start: usize, close: usize) -> Option<(usize, usize)> {
    let q = c[close];
    let from = close.saturating_sub(MAX_KEY + 1).max(start);
    let open = memchr::memrchr(q, &c[from..close])? + from;
    Some((open + 1, close))
}

fn skip_spaces(c: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && is_space(c[i]) {
        i += 1;
    }
    i
}

fn skip_spaces_back(c: &[u8], start: usize, mut i: usize) -> usize {
    while i > start && is_space(c[i - 1]) {
        i -= 1;
    }
    i
}

/// The bare word ending at `end` (exclusive), back to `start`.
fn word_back(c: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
    let mut s = end;
    while s > start && is_key_byte(c[s - 1]) && end - s < MAX_KEY {
        s -= 1;
    }
    (s < end).then_some((s, end))
}

/// Type names that sit between a key and its `=` (`var token string = …`).
const TYPE_WORDS: &[&[u8]] = &[b"string", b"String", b"str", b"&str", b"[]byte", b"const"];

/// The key before an operator at `op`: a quoted name, a bracketed one (`ENV['X']`,
/// `[:api_key]`), or a bare word; past a type annotation (`key: Type =`, Go's `key string =`)
/// and a C# accessor block (`Key { get; set; } =`). Leading dashes (flags), `$` and `:` (Ruby
/// symbols) are not part of it.
fn key_before(c: &[u8], start: usize, op: usize, typed: bool) -> Option<(usize, usize)> {
    let mut j = skip_spaces_back(c, start, op);
    // `char secret[] = "…"`: the array's brackets are not the key.
    if j >= start + 2 && c[j - 1] == b']' && c[j - 2] == b'[' {
        j = skip_spaces_back(c, start, j - 2);
    }
    if j == start {
        return None;
    }
    // `key: Type =` with any annotation (`&'static str`, `Optional[str]`, `str | None`,
    // `Map<String, String>`, `String?`): the key is before the colon.
    if typed {
        if let Some(found) = annotated_key(c, start, j) {
            return trim_key(c, found);
        }
    }
    let last = c[j - 1];
    if is_quote(last) {
        // `\"key\":` inside a string: the key without its escape.
        let close = j - 1;
        let (s, mut e) = quoted_back(c, start, close)?;
        if e > s && c[e - 1] == b'\\' {
            e -= 1;
        }
        return (e > s).then_some((s, e));
    }
    if last == b']' {
        let open = memchr::memrchr(b'[', &c[start..j - 1])? + start;
        let mut s = open + 1;
        let mut e = j - 1;
        if s < e && c[s] == b':' {
            s += 1;
        }
        if s < e && is_quote(c[s]) && is_quote(c[e - 1]) && e - s >= 2 {
            s += 1;
            e -= 1;
        }
        return (e > s && c[s..e].iter().all(|&b| is_key_byte(b))).then_some((s, e));
    }
    if last == b'}' {
        let open = memchr::memrchr(b'{', &c[start..j - 1])? + start;
        memchr::memmem::find(&c[open..j], b"get")?;
        j = skip_spaces_back(c, start, open);
    }
    let (mut s, e) = word_back(c, start, j)?;
    let word = &c[s..e];
    // `key: Type =` (Kotlin, Swift, TypeScript, Python, Rust): the key is before the colon.
    let before = skip_spaces_back(c, start, s);
    let before = if before > start && c[before - 1] == b'&' {
        skip_spaces_back(c, start, before - 1)
    } else {
        before
    };
    if typed
        && before > start
        && c[before - 1] == b':'
        && (before < 2 || c[before - 2] != b':')
        && word.first().is_some_and(u8::is_ascii_alphabetic)
    {
        let k = skip_spaces_back(c, start, before - 1);
        let k = if k > start && c[k - 1] == b'?' {
            k - 1
        } else {
            k
        };
        if let Some(found) = word_back(c, start, k) {
            // PowerShell's `$env:NAME =` is no annotation.
            let w = &c[found.0..found.1];
            let w = w.strip_prefix(b"$").unwrap_or(w);
            if !w.eq_ignore_ascii_case(b"env") {
                return trim_key(c, found);
            }
        }
    }
    if TYPE_WORDS.contains(&word) && before < s {
        if let Some(found) = word_back(c, start, before) {
            // Visual Basic's `Dim key As String =`: the key is before `As`.
            if c[found.0..found.1].eq_ignore_ascii_case(b"as") {
                let k = skip_spaces_back(c, start, found.0);
                if k < found.0 {
                    if let Some(key) = word_back(c, start, k) {
                        return trim_key(c, key);
                    }
                }
            }
            return trim_key(c, found);
        }
    }
    while s < e && (c[s] == b'-' || c[s] == b'$') {
        s += 1;
    }
    trim_key(c, (s, e))
}

/// Longest type annotation looked through (`key: Type =`).
const MAX_ANNOTATION: usize = 64;

/// The key of `key: Type` ending at `j` (just before the `=`): the annotation is a type
/// expression (words, `::` paths, `&`, lifetimes, brackets, `|`, `?`, `,`), the key a word
/// starting with a letter before a single colon. PowerShell's `$env:NAME` is no annotation.
fn annotated_key(c: &[u8], start: usize, j: usize) -> Option<(usize, usize)> {
    let from = j.saturating_sub(MAX_ANNOTATION).max(start);
    let mut i = j;
    let mut letters = false;
    while i > from {
        i -= 1;
        let b = c[i];
        if b == b':' {
            if i > start && c[i - 1] == b':' {
                i -= 1;
                continue;
            }
            break;
        }
        if b.is_ascii_alphabetic() {
            letters = true;
        } else if !(b.is_ascii_digit() || b" \t_.&'[]<>|?,*".contains(&b)) {
            return None;
        }
        if i == from {
            return None;
        }
    }
    // `key: Type`: a space after the colon (a URL's `host:port?q=` or `AWS:user?secret=` is no
    // annotation), and `?` only closing the type (`String?`).
    if c[i] != b':' || !letters || !c.get(i + 1).copied().is_some_and(is_space) {
        return None;
    }
    let ann = &c[i + 1..skip_spaces_back(c, i + 1, j)];
    if ann.iter().rev().skip(1).any(|&b| b == b'?') {
        return None;
    }
    // The annotation starts with a type, not a value (`a: 1 ==`, `x: "y"`).
    let t = skip_spaces(c, i + 1, j);
    if t >= j || !(c[t].is_ascii_alphabetic() || c[t] == b'&' || c[t] == b'[' || c[t] == b'*') {
        return None;
    }
    if !one_type(&c[t..skip_spaces_back(c, t, j)]) {
        return None;
    }
    let mut k = skip_spaces_back(c, start, i);
    if k > start && c[k - 1] == b'?' {
        k -= 1;
    }
    let (s, e) = word_back(c, start, k)?;
    let w = &c[s..e];
    let w = w.strip_prefix(b"$").unwrap_or(w);
    (w.first().is_some_and(u8::is_ascii_alphabetic) && !w.eq_ignore_ascii_case(b"env"))
        .then_some((s, e))
}

/// Whether `t` reads as one type: words joined by spaces only where a type has them (around
/// `|`, `,`, brackets, after `&'a`, `mut`, `dyn`, `impl`), so `command: export TOKEN` is no
/// annotation.
fn one_type(t: &[u8]) -> bool {
    let mut words = t
        .split(|&b| is_space(b))
        .filter(|w| !w.is_empty())
        .peekable();
    while let Some(w) = words.next() {
        let Some(next) = words.peek() else { break };
        let joined = w.last().is_some_and(|b| b"|,<[&".contains(b))
            || next.first().is_some_and(|b| b"|,>]".contains(b))
            || w.first() == Some(&b'\'')
            || w.starts_with(b"&'")
            || [&b"mut"[..], b"&mut", b"dyn", b"impl"].contains(&w);
        if !joined {
            return false;
        }
    }
    true
}

fn trim_key(c: &[u8], (mut s, e): (usize, usize)) -> Option<(usize, usize)> {
    while s < e && (c[s] == b'-' || c[s] == b'$' || c[s] == b'.') {
        s += 1;
    }
    // `-Dregistry.password=…` (a Java system property on a command line).
    if e - s > 2 && c[s] == b'D' && c[s + 1].is_ascii_lowercase() && s > 0 && c[s - 1] == b'-' {
        s += 1;
    }
    (e > s).then_some((s, e))
}

/// Where a bare value ends: at white space, quotes, brackets, separators, and (after a `:`) at
/// a comment.
fn bare_end(c: &[u8], at: usize, end: usize) -> usize {
    let mut i = at;
    let limit = end.min(at + MAX_VALUE + 1);
    while i < limit {
        match c[i] {
            b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'\'' | b'`' | b',' | b';' | b')' | b'('
            | b'}' | b'{' | b']' | b'[' | b'<' | b'>' | b'&' | b'|' => break,
            _ => i += 1,
        }
    }
    i
}

/// The string literals of a call's arguments at `open` (its `(` there), each with its argument
/// index; a literal wrapped in `Some(…)` or followed by `.toCharArray()` counts, a `name=`
/// or `name:` before it too. Stops at the closing parenthesis.
fn call_literals(c: &[u8], open: usize, end: usize, out: &mut Vec<(usize, (usize, usize))>) {
    out.clear();
    let mut depth = 0usize;
    let mut arg = 0usize;
    let mut i = open + 1;
    let mut fresh = true;
    while i < end {
        let b = c[i];
        match b {
            b'"' | b'\'' | b'`' => {
                let Some((span, after)) = quoted(c, i, end) else {
                    return;
                };
                if fresh && depth <= 1 {
                    out.push((arg, span));
                }
                fresh = false;
                i = after;
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                if depth == 0 {
                    return;
                }
                depth -= 1;
            }
            b',' if depth == 0 => {
                arg += 1;
                fresh = true;
            }
            b'=' | b':' if depth == 0 && fresh => {}
            _ if is_space(b) => {}
            _ if depth == 0 && fresh => {
                // `Some("…")`, `name="…"`: skip the word; anything else is not a literal
                // argument.
                let w_end = {
                    let mut k = i;
                    while k < end && is_key_byte(c[k]) {
                        k += 1;
                    }
                    k
                };
                if w_end > i {
                    let next = skip_spaces(c, w_end, end);
                    let ok = next < end && (c[next] == b'(' || c[next] == b'=' || c[next] == b':');
                    if !ok {
                        fresh = false;
                    }
                    i = w_end;
                    continue;
                }
                fresh = false;
            }
            _ => {}
        }
        i += 1;
    }
}

/// Calls whose argument at the given position is a password or secret whatever their keys say.
/// The position counts string literals among the arguments (`conn_login(c, "user", "…")`: 1).
const CREDENTIAL_CALLS: &[(&[u8], usize, Hint)] = &[
    (b"networkcredential", 1, Hint::Password),
    (b"passwordauthentication", 1, Hint::Password),
    (b"httpbasicauth", 1, Hint::Password),
    (b"httpdigestauth", 1, Hint::Password),
    (b"basicauth", 1, Hint::Password),
    (b"basic_auth", 1, Hint::Password),
    (b"basic", 1, Hint::Password),
    (b"digestauth", 1, Hint::Password),
    (b"usernamepasswordcredentials", 1, Hint::Password),
    (b"usernamepasswordcredential", 1, Hint::Password),
    (b"passwordcredential", 1, Hint::Password),
    (b"login", 1, Hint::Password),
    (b"plainauth", 2, Hint::Password),
    (b"getconnection", 2, Hint::Password),
    (b"connect", 2, Hint::Password),
    (b"pdo", 2, Hint::Password),
    (b"mysqli", 2, Hint::Password),
    (b"mysqli_connect", 2, Hint::Password),
    (b"simple_bind_s", 1, Hint::Password),
    (b"simple_bind", 1, Hint::Password),
    (b"bind_s", 1, Hint::Password),
    (b"setpassword", 0, Hint::Password),
    (b"password", 0, Hint::Password),
    (b"withpassword", 0, Hint::Password),
    (b"auth", 0, Hint::Password),
    (b"bearer_auth", 0, Hint::Secret),
    (b"authenticationheadervalue", 1, Hint::Secret),
    (b"sign", 1, Hint::Secret),
];

/// Commands whose `-p` (or `-P`) flag takes a password.
const PASSWORD_P_COMMANDS: &[&[u8]] = &[
    b"psexec", b"sshpass", b"login", b"mysql", b"sqlcmd", b"plink", b"pscp", b"bcp", b"osql",
    b"mongo", b"paexec",
];

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Finds the pairs of the line `start..end` of `c` and appends them to `out`.
pub(crate) fn pairs(c: &[u8], start: usize, end: usize, out: &mut Vec<Pair>) {
    let first = out.len();
    spaced_line(c, start, end, out);
    let mut lits = Vec::new();
    let mut i = start;
    while i < end {
        let b = c[i];
        match b {
            b'=' => {
                let next = c.get(i + 1).copied().unwrap_or(0);
                let prev = if i > start { c[i - 1] } else { 0 };
                if next == b'=' || next == b'~' || b"!<>=+-*/|&%^".contains(&prev) {
                    i += 1;
                    while i < end && c[i] == b'=' {
                        i += 1;
                    }
                    continue;
                }
                let op = if prev == b':' || prev == b'?' {
                    i - 1
                } else {
                    i
                };
                let value_at = if next == b'>' { i + 2 } else { i + 1 };
                assignment(c, start, end, op, value_at, false, out);
                i = value_at;
                continue;
            }
            b':' => {
                let next = c.get(i + 1).copied().unwrap_or(0);
                if next == b':' {
                    i += 2;
                    continue;
                }
                if next != b'=' {
                    assignment(c, start, end, i, i + 1, true, out);
                }
            }
            b'(' => call(c, start, end, i, &mut lits, out),
            b'$' if c.get(i + 1) == Some(&b'{') => {
                // `${NAME:-default}` anywhere (shell, Spring's `${a.b:default}`).
                if let Some((value, _)) = shell_default(c, end, i) {
                    let name = (i + 2, value.0);
                    let mut ne = name.0;
                    while ne < name.1 && is_key_byte(c[ne]) {
                        ne += 1;
                    }
                    if ne > name.0 {
                        out.push(Pair {
                            key: (name.0, ne),
                            value,
                            hint: Hint::Key,
                        });
                    }
                }
            }
            b'<' if c.get(i + 1) == Some(&b'-')
                && i > start
                && is_space(c[i - 1])
                && c.get(i + 2).is_some_and(|&b| is_space(b)) =>
            {
                // R's `key <- "value"`.
                assignment(c, start, end, i, i + 2, false, out);
                i += 2;
                continue;
            }
            b'<' => element(c, end, i, out),
            b'-' if i == start || is_space(c[i - 1]) || b"\"'[(,".contains(&c[i - 1]) => {
                flag(c, start, end, i, out)
            }
            b'"' | b'\'' => spaced(c, start, end, i, out),
            b't' if c[i..end].starts_with(b"to ") && i > start && is_space(c[i - 1]) => {
                // Kotlin's `"key" to "value"`.
                assignment(c, start, end, i, i + 2, false, out);
            }
            _ => {}
        }
        i += 1;
    }
    name_value(c, start, end, first, out);
    schemes(c, end, first, out);
}

/// `Authorization: <scheme> <credential>` in any syntax that gave an `Authorization` pair (a
/// header line, a JSON or dict entry, a `Header.Set(…)` call): the credential, keyed by the
/// scheme word, so that a provider's own scheme (`GenieKey`, `SSWS`, `DeepL-Auth-Key`) names
/// its key as a key name would.
fn schemes(c: &[u8], end: usize, first: usize, out: &mut Vec<Pair>) {
    let mut found = Vec::new();
    for p in &out[first..] {
        let k = &c[p.key.0..p.key.1];
        let auth = b"authorization";
        if p.hint == Hint::Scheme
            || k.len() < auth.len()
            || !k[k.len() - auth.len()..].eq_ignore_ascii_case(auth)
        {
            continue;
        }
        let ss = p.value.0;
        let mut se = ss;
        while se < end && (c[se].is_ascii_alphanumeric() || c[se] == b'-' || c[se] == b'_') {
            se += 1;
        }
        if se == ss || se - ss > 32 || !c[ss].is_ascii_alphabetic() {
            continue;
        }
        let v = skip_spaces(c, se, end);
        if v == se || v >= end {
            continue;
        }
        let ve = bare_end(c, v, end);
        if ve > v && ve - v <= MAX_VALUE {
            found.push(Pair {
                key: (ss, se),
                value: (v, ve),
                hint: Hint::Scheme,
            });
        }
    }
    out.extend(found);
}

/// `key OP value` with the operator at `op` and the value from `value_at`.
fn assignment(
    c: &[u8],
    start: usize,
    end: usize,
    op: usize,
    value_at: usize,
    colon: bool,
    out: &mut Vec<Pair>,
) {
    let Some(key) = key_before(c, start, op, !colon) else {
        return;
    };
    let v = skip_spaces(c, value_at, end);
    if v >= end {
        return;
    }
    // After a colon a value is spaced or quoted (`a:b`, `10:11`, `http:` are not pairs).
    if colon && v == value_at && !is_quote(c[v]) {
        return;
    }
    if colon && c[v] == b'{' {
        // `"adminPassword": {"value": "…"}`: an empty value marks the key for `name_value`.
        out.push(Pair {
            key,
            value: (v, v),
            hint: Hint::Key,
        });
        return;
    }
    if let Some(value) = value_at_(c, end, v, key) {
        out.push(Pair {
            key,
            value: value.0,
            hint: value.1,
        });
    }
}

/// The value starting at `v`: a literal, the default of an env lookup, the password of a
/// credential tuple, or a bare word.
fn value_at_(
    c: &[u8],
    end: usize,
    v: usize,
    key: (usize, usize),
) -> Option<((usize, usize), Hint)> {
    let mut v = v;
    // Python's string prefixes, Objective-C's and C#'s `@"…"`.
    if v + 1 < end && b"bruBRU@".contains(&c[v]) && is_quote(c[v + 1]) {
        v += 1;
    }
    // Go's `[]byte("…")`.
    if c[v..end].starts_with(b"[]") {
        v += 2;
        if v >= end {
            return None;
        }
    }
    let b = c[v];
    if is_quote(b) {
        let (span, _) = quoted(c, v, end)?;
        return Some((strip_inner_quotes(c, span), Hint::Key));
    }
    if b == b'\\' && v + 1 < end && is_quote(c[v + 1]) {
        // `\"value\"` inside a string (JSON in JSON, a JAAS line).
        let q = c[v + 1];
        let s = v + 2;
        let limit = end.min(s + MAX_VALUE);
        let e = (s..limit.saturating_sub(1)).find(|&i| c[i] == b'\\' && c[i + 1] == q)?;
        return (e > s).then_some(((s, e), Hint::Key));
    }
    if b == b'(' {
        // `auth=("user", "…")`: the second element of a credential tuple.
        let k = &c[key.0..key.1];
        if k.eq_ignore_ascii_case(b"auth") || k.to_ascii_lowercase().ends_with(b"_auth") {
            let mut lits = Vec::new();
            call_literals(c, v, end, &mut lits);
            return lits
                .iter()
                .find(|(arg, _)| *arg == 1)
                .map(|&(_, span)| (span, Hint::Password));
        }
        return None;
    }
    if b == b'$' && c.get(v + 1) == Some(&b'{') {
        return shell_default(c, end, v);
    }
    if b == b'{' || b == b'[' {
        return None;
    }
    let e = bare_end(c, v, end);
    if e == v || e - v > MAX_VALUE {
        return None;
    }
    let after = skip_spaces(c, e, end);
    let word = &c[v..e];
    // PowerShell's `ConvertTo-SecureString "…" -AsPlainText`.
    if contains_ci(word, b"securestring") && after < end && is_quote(c[after]) {
        let (span, _) = quoted(c, after, end)?;
        return Some((span, Hint::Key));
    }
    // A dotted word followed by more code is a member access (`cfg.key + x`); one that ends
    // where a quoted string does is text (`-H "X-Key: act.9f3b…"`, a JWT in a header).
    let code = after < end && (c[after] == b'(' || c[after] == b'|' || c[after] == b'?')
        || word.contains(&b'.')
            && word.iter().any(u8::is_ascii_lowercase)
            && after < end
            && !is_quote(c[after])
        || word.starts_with(b"$")
        || word.eq_ignore_ascii_case(b"env")
        || word.starts_with(b"ENV");
    if code {
        return env_default(c, end, v);
    }
    Some(((v, e), Hint::Key))
}

/// Gradle's `'"…"'` and `"\"…\""`: the string inside the string.
fn strip_inner_quotes(c: &[u8], (s, e): (usize, usize)) -> (usize, usize) {
    let inner = &c[s..e];
    if inner.len() >= 4 && inner.starts_with(b"\\\"") && inner.ends_with(b"\\\"") {
        return (s + 2, e - 2);
    }
    if inner.len() >= 2 && is_quote(inner[0]) && inner[inner.len() - 1] == inner[0] {
        return (s + 1, e - 1);
    }
    (s, e)
}

/// `${X:-default}`, `${x:default}` (shell, Spring): the default.
fn shell_default(c: &[u8], end: usize, v: usize) -> Option<((usize, usize), Hint)> {
    let close = memchr::memchr(b'}', &c[v..end])? + v;
    let inner = &c[v + 2..close];
    let colon = memchr::memchr(b':', inner)?;
    let mut s = v + 2 + colon + 1;
    if s < close && (c[s] == b'-' || c[s] == b'=') {
        s += 1;
    }
    (close > s).then_some(((s, close), Hint::Key))
}

/// An expression that reads the environment with a literal fallback
/// (`process.env.X || '…'`, `os.getenv("X", "…")`, `ENV.fetch("X") { "…" }`,
/// `$ENV{X} || '…'`, `System.get_env("X", "…")`, `z.string().default('…')`): the fallback,
/// the last literal of the expression when there is an alternative or a second literal.
fn env_default(c: &[u8], end: usize, v: usize) -> Option<((usize, usize), Hint)> {
    let mut i = v;
    let mut depth = 0usize;
    let mut literals: Vec<(usize, usize)> = Vec::new();
    let mut fallback = false;
    while i < end {
        match c[i] {
            b'"' | b'\'' | b'`' => {
                let (span, after) = quoted(c, i, end)?;
                literals.push(span);
                i = after;
                continue;
            }
            b'(' | b'[' | b'{' => {
                if c[i] == b'{' && depth == 0 {
                    fallback = true;
                }
                depth += 1;
            }
            b')' | b']' | b'}' => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            b',' | b';' if depth == 0 => break,
            b'|' | b'?' => fallback = true,
            _ => {}
        }
        i += 1;
    }
    let expr = &c[v..i];
    let envish = contains_ci(expr, b"env")
        || contains_ci(expr, b"default")
        || contains_ci(expr, b"variable")
        || contains_ci(expr, b"getproperty")
        || contains_ci(expr, b"config")
        || contains_ci(expr, b"setting")
        || [
            "get", "param", "arg", "option", "read", "load", "fetch", "lookup", "prompt", "input",
        ]
        .iter()
        .any(|w| contains_ci(expr, w.as_bytes()));
    let fallback = fallback || contains_ci(expr, b"default");
    let last = *literals.last()?;
    if envish {
        // A lookup: its one literal is the name looked up; a fallback or a second literal is
        // the value.
        return (fallback || literals.len() >= 2).then_some((last, Hint::Key));
    }
    // `x || "…"`, and a conversion of one literal (`String::from("…")`, `bytes.fromhex("…")`,
    // `SecretStr("…")`).
    (fallback || literals.len() == 1).then_some((last, Hint::Key))
}

/// At a `(`: a credential call's password argument, and literal pairs among the arguments
/// (`define('KEY', '…')`, `headers.put("X-Api-Key", "…")`, `env('KEY', '…')`).
fn call(
    c: &[u8],
    start: usize,
    end: usize,
    open: usize,
    lits: &mut Vec<(usize, (usize, usize))>,
    out: &mut Vec<Pair>,
) {
    call_literals(c, open, end, lits);
    if lits.is_empty() {
        return;
    }
    let name_end = skip_spaces_back(c, start, open);
    let name = word_back(c, start, name_end);
    if let Some((ns, ne)) = name {
        let last = c[ns..ne]
            .rsplit(|&b| b == b'.')
            .next()
            .unwrap_or(&[])
            .to_ascii_lowercase();
        let called = |n: &[u8]| {
            last == n
                || (last.len() > n.len() + 1
                    && last.ends_with(n)
                    && last[last.len() - n.len() - 1] == b'_')
        };
        if let Some(&(_, pos, hint)) = CREDENTIAL_CALLS.iter().find(|(n, _, _)| called(n)) {
            if let Some(&(_, span)) = lits.get(pos) {
                out.push(Pair {
                    key: (ns, ne),
                    value: span,
                    hint,
                });
            }
        }
    }
    for w in lits.windows(2) {
        let ((a, key), (b, value)) = (w[0], w[1]);
        if b == a + 1 && key.1 > key.0 && c[key.0..key.1].iter().all(|&b| is_key_byte(b)) {
            out.push(Pair {
                key,
                value: strip_inner_quotes(c, value),
                hint: Hint::Key,
            });
        }
    }
    // `buildConfigField 'String', 'KEY', '"…"'` has no parentheses: see `spaced`.
}

/// `<name>value</name>`: an XML element with a text value.
fn element(c: &[u8], end: usize, lt: usize, out: &mut Vec<Pair>) {
    let ns = lt + 1;
    let mut ne = ns;
    while ne < end && (is_key_byte(c[ne]) || c[ne] == b':') {
        ne += 1;
    }
    if ne == ns || ne >= end || c[ne] != b'>' {
        return;
    }
    let vs = ne + 1;
    let Some(ve) = memchr::memchr(b'<', &c[vs..end]).map(|i| vs + i) else {
        return;
    };
    let close = &c[ve..end];
    let name = &c[ns..ne];
    if close.len() < name.len() + 3 || &close[..2] != b"</" || &close[2..2 + name.len()] != name {
        return;
    }
    if ve > vs && ve - vs <= MAX_VALUE {
        out.push(Pair {
            key: (ns, ne),
            value: (vs, ve),
            hint: Hint::Key,
        });
    }
}

/// At a `-` that starts a word: a flag and its value (`--token X`, `-Password X`,
/// `--password=X` is an assignment), with the flags that take a password on some commands
/// (`sshpass -p X`, `mysql -pX`, `curl -u user:X`, `openssl … -pass pass:X`, `redis-cli -a X`).
fn flag(c: &[u8], start: usize, end: usize, dash: usize, out: &mut Vec<Pair>) {
    let mut ns = dash;
    while ns < end && c[ns] == b'-' {
        ns += 1;
    }
    let single = ns == dash + 1;
    let mut ne = ns;
    while ne < end && (c[ne].is_ascii_alphanumeric() || c[ne] == b'-' || c[ne] == b'_') {
        ne += 1;
    }
    if ne == ns || ne - ns > 64 || !c[ns].is_ascii_alphabetic() {
        return;
    }
    let line = &c[start..end];
    let name = &c[ns..ne];
    // `mysql -pSECRET`: the password attached to the flag.
    if single && name.len() > 4 && name[0] == b'p' && contains_ci(line, b"mysql") {
        out.push(Pair {
            key: (ns, ns + 1),
            value: (ns + 1, ne),
            hint: Hint::Password,
        });
        return;
    }
    // `["--requirepass", "…"]`: the flag's own string closes, the value is the next one.
    let mut after_flag = ne;
    if ne < end && is_quote(c[ne]) && dash > start && c[dash - 1] == c[ne] {
        let j = skip_spaces(c, ne + 1, end);
        if j < end && c[j] == b',' {
            after_flag = j + 1;
        }
    }
    if after_flag >= end || !is_space(c[after_flag]) {
        return;
    }
    let v = skip_spaces(c, after_flag, end);
    if v >= end || c[v] == b'-' {
        return;
    }
    let value = if is_quote(c[v]) {
        match quoted(c, v, end) {
            Some((span, _)) => span,
            None => return,
        }
    } else {
        (v, bare_end(c, v, end))
    };
    if value.1 <= value.0 {
        return;
    }
    let password_flag = match name {
        b"p" | b"P" => PASSWORD_P_COMMANDS.iter().any(|cmd| contains_ci(line, cmd)),
        b"a" => contains_ci(line, b"redis-cli"),
        _ => false,
    };
    let mut hint = if password_flag {
        Hint::Password
    } else {
        Hint::Key
    };
    let mut value = value;
    if (name == b"u" || name == b"user")
        && (contains_ci(line, b"curl") || contains_ci(line, b"wget"))
    {
        // `curl -u user:password`.
        let Some(colon) = memchr::memchr(b':', &c[value.0..value.1]) else {
            return;
        };
        value.0 += colon + 1;
        hint = Hint::Password;
    } else if name == b"pass" && c[value.0..value.1].starts_with(b"pass:") {
        value.0 += 5;
        hint = Hint::Password;
    }
    if value.1 > value.0 {
        out.push(Pair {
            key: (ns, ne),
            value,
            hint,
        });
    }
}

/// At a quote: `key "value"` and `key 'value'` with only spaces between (Gradle's
/// `storePassword "…"`, Ruby DSLs), and Gradle's `buildConfigField 'String', 'KEY', '"…"'`.
fn spaced(c: &[u8], start: usize, end: usize, q: usize, out: &mut Vec<Pair>) {
    let w_end = skip_spaces_back(c, start, q);
    if w_end == q || w_end == start {
        return;
    }
    let Some((ks, ke)) = word_back(c, start, w_end) else {
        return;
    };
    // `@key "…"`: an Elixir module attribute.
    let ks_prev = ks.checked_sub(1).map(|p| c[p]);
    if ks > start
        && !(is_space(c[ks - 1])
            || c[ks - 1] == b'('
            || c[ks - 1] == b'{'
            || (ks_prev == Some(b'@') && (ks - 1 == start || is_space(c[ks - 2]))))
    {
        return;
    }
    let Some((span, after)) = quoted(c, q, end) else {
        return;
    };
    let word = &c[ks..ke];
    // SQL's `IDENTIFIED BY '…'`.
    if word.eq_ignore_ascii_case(b"by") {
        let before = skip_spaces_back(c, start, ks);
        if let Some((ps, pe)) = word_back(c, start, before) {
            if c[ps..pe].eq_ignore_ascii_case(b"identified") {
                out.push(Pair {
                    key: (ps, ke),
                    value: span,
                    hint: Hint::Password,
                });
            }
        }
        return;
    }
    if word.eq_ignore_ascii_case(b"buildConfigField") || word.eq_ignore_ascii_case(b"resValue") {
        // type, name, value
        let mut lits = Vec::new();
        let mut i = q;
        while i < end && lits.len() < 3 {
            if is_quote(c[i]) {
                let Some((s, a)) = quoted(c, i, end) else {
                    return;
                };
                lits.push(s);
                i = skip_spaces(c, a, end);
                if i < end && c[i] == b',' {
                    i = skip_spaces(c, i + 1, end);
                }
                continue;
            }
            break;
        }
        if let [_, key, value] = lits[..] {
            out.push(Pair {
                key,
                value: strip_inner_quotes(c, value),
                hint: Hint::Key,
            });
        }
        return;
    }
    // Not followed by an operator (then it is the key of an assignment, not a value).
    let next = skip_spaces(c, after, end);
    if next < end && (c[next] == b'=' || c[next] == b':') {
        return;
    }
    out.push(Pair {
        key: (ks, ke),
        value: span,
        hint: Hint::Key,
    });
}

/// Keys that hold the name of a setting, and keys that hold its value, in name/value objects.
const NAME_KEYS: &[&[u8]] = &[
    b"name",
    b"key",
    b"parameterkey",
    b"variable",
    b"param",
    b"type",
];
const VALUE_KEYS: &[&[u8]] = &[b"value", b"parametervalue", b"defaultvalue", b"string"];

/// Name/value objects on one line (`{"name": "DB_PASSWORD", "value": "…"}`, `<add
/// key="ApiKey" value="…"/>`, `{"ParameterKey": "…", "ParameterValue": "…"}`): the name's
/// value becomes the key of the value.
fn name_value(c: &[u8], start: usize, end: usize, first: usize, out: &mut Vec<Pair>) {
    let is = |span: (usize, usize), list: &[&[u8]]| {
        let k = &c[span.0..span.1];
        list.iter().any(|n| n.eq_ignore_ascii_case(k))
    };
    let mut found = Vec::new();
    let mut name: Option<(usize, usize)> = None;
    for p in &out[first..] {
        if p.value.0 == p.value.1 {
            // `"adminPassword": {` marks its key.
            name = Some(p.key);
        } else if is(p.key, NAME_KEYS) {
            name = Some(p.value);
        } else if is(p.key, VALUE_KEYS) {
            if let Some(n) = name.take() {
                found.push(Pair {
                    key: n,
                    value: p.value,
                    hint: Hint::Key,
                });
            }
        }
    }
    let _ = (start, end);
    out.extend(found);
}

/// Whether the pairs `out[first..]` of a line end with a name waiting for its value on the next
/// line (`- name: DB_PASSWORD` then `  value: …`, `<key>ApiKey</key>` then `<string>…</string>`,
/// `"adminPassword": {` then `"value": "…"`), and the pair that names it.
pub(crate) fn pending_name(c: &[u8], out: &[Pair]) -> Option<(usize, usize)> {
    let p = out.last()?;
    let k = &c[p.key.0..p.key.1];
    if p.value.0 == p.value.1 {
        return Some(p.key);
    }
    NAME_KEYS
        .iter()
        .any(|n| n.eq_ignore_ascii_case(k))
        .then_some(p.value)
}

/// The value pair that `pairs` found first on a line, when it is one (`value: …`).
pub(crate) fn value_pair(c: &[u8], line: &[Pair]) -> Option<(usize, usize)> {
    let p = line.first()?;
    let k = &c[p.key.0..p.key.1];
    VALUE_KEYS
        .iter()
        .any(|n| n.eq_ignore_ascii_case(k))
        .then_some(p.value)
}

/// `KEY VALUE` and `DIRECTIVE KEY VALUE` lines (redis.conf's `requirepass …`, nginx's
/// `proxy_set_header X-Token …;`, Dockerfile's `ENV KEY value`, fluent-bit's `HTTP_Passwd …`):
/// two or three words, the value last (a `;` after it is the line's end).
pub(crate) fn spaced_line(c: &[u8], start: usize, end: usize, out: &mut Vec<Pair>) {
    let mut words: [(usize, usize); 4] = [(0, 0); 4];
    let mut n = 0;
    let mut i = skip_spaces(c, start, end);
    while i < end {
        let s = i;
        while i < end && !c[i].is_ascii_whitespace() {
            i += 1;
        }
        if n == 4 {
            return;
        }
        words[n] = (s, i);
        n += 1;
        i = skip_spaces(c, i, end);
        if i < end && c[i] == b'\r' {
            i += 1;
        }
    }
    if !(2..=3).contains(&n) {
        return;
    }
    let key = words[n - 2];
    let (vs, mut ve) = words[n - 1];
    let mut vs = vs;
    if c[ve - 1] == b';' {
        ve -= 1;
    }
    if ve - vs >= 2 && is_quote(c[vs]) && c[ve - 1] == c[vs] {
        vs += 1;
        ve -= 1;
    }
    // Code is no config line: a value with brackets, commas or quotes inside (`prompt_callback,`,
    // `Required')`, `set_x[1..2]`), a pointer (`*name`), a line that continues.
    let quoted_whole = ve - vs >= 2 && is_quote(c[vs]) && c[ve - 1] == c[vs];
    let inner = if quoted_whole {
        &c[vs + 1..ve - 1]
    } else {
        &c[vs..ve]
    };
    if inner.iter().any(|b| b"()[]{},'\"`".contains(b))
        || b"*&:=".contains(&c[vs])
        || b",({".contains(&c[words[n - 1].1 - 1])
    {
        return;
    }
    let k = &c[key.0..key.1];
    if ve > vs
        && k.iter().all(|&b| is_key_byte(b))
        && k.first().is_some_and(u8::is_ascii_alphabetic)
    {
        out.push(Pair {
            key,
            value: (vs, ve),
            hint: Hint::Key,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The (key, value) pairs of `line`.
    fn of(line: &str) -> Vec<(String, String, Hint)> {
        let c = line.as_bytes();
        let mut out = Vec::new();
        pairs(c, 0, c.len(), &mut out);
        out.iter()
            .map(|p| {
                (
                    line[p.key.0..p.key.1].to_string(),
                    line[p.value.0..p.value.1].to_string(),
                    p.hint,
                )
            })
            .collect()
    }

    fn has(line: &str, key: &str, value: &str) {
        let found = of(line);
        assert!(
            found.iter().any(|(k, v, _)| k == key && v == value),
            "{line}: no ({key}, {value}) in {found:?}"
        );
    }

    fn has_password(line: &str, value: &str) {
        let found = of(line);
        assert!(
            found
                .iter()
                .any(|(_, v, h)| v == value && *h == Hint::Password),
            "{line}: no password {value} in {found:?}"
        );
    }

    #[test]
    fn assignments_in_each_syntax() {
        has(
            "export SERVICE_TOKEN=uOR8KOhcX",
            "SERVICE_TOKEN",
            "uOR8KOhcX",
        );
        has("set apikey=\"abc123def\"", "apikey", "abc123def");
        has("ENV API_TOKEN=abc123", "API_TOKEN", "abc123");
        has("  api_key: OaMXiBRiu3R", "api_key", "OaMXiBRiu3R");
        has(
            r#"    "accessToken": "KhTgu7Em","#,
            "accessToken",
            "KhTgu7Em",
        );
        has("client_secret = \"RP9Dty\"", "client_secret", "RP9Dty");
        has(
            "spring.datasource.password=Gateoa01@naq",
            "spring.datasource.password",
            "Gateoa01@naq",
        );
        has("<secretKey>9fd5a36b</secretKey>", "secretKey", "9fd5a36b");
        has(
            r#"<add key="StorageApiKey" value="0WMABbdg" />"#,
            "StorageApiKey",
            "0WMABbdg",
        );
        has(
            "var ClickHouseToken string = \"abc\"",
            "ClickHouseToken",
            "abc",
        );
        has("const HEROKU_KEY = \"abc\"", "HEROKU_KEY", "abc");
        has(
            "  private let accessKey: String = \"F1RS\"",
            "accessKey",
            "F1RS",
        );
        has("const API_KEY: &str = \"zz9\";", "API_KEY", "zz9");
        has(
            "sumologic.accessId = \"suABC\"",
            "sumologic.accessId",
            "suABC",
        );
        has(
            "public string ApiKey { get; set; } = \"k9\";",
            "ApiKey",
            "k9",
        );
        has("\tapiSecret := \"ACg1\"", "apiSecret", "ACg1");
        has("    'signing_key' => 'l6Hj/1E',", "signing_key", "l6Hj/1E");
        has("config[:api_key] = 'r9'", "api_key", "r9");
        has("f.headers[\"X-Api-Key\"] = \"2521\"", "X-Api-Key", "2521");
        has(
            "curl -H 'X-Api-Key: d0b538ac' https://x",
            "X-Api-Key",
            "d0b538ac",
        );
        has(
            "curl -H \"X-Api-Key: act.d0b5.38ac\" https://x",
            "X-Api-Key",
            "act.d0b5.38ac",
        );
        has("X-Figma-Token: 1234-abcd", "X-Figma-Token", "1234-abcd");
        has("CC_TEST_REPORTER_ID: 8a9b", "CC_TEST_REPORTER_ID", "8a9b");
        has("url?access_token=GWK4gx&x=1", "access_token", "GWK4gx");
        has(
            "login(username=user, password=hunter)",
            "password",
            "hunter",
        );
        has(
            "val headers = mapOf(\"X-Api-Key\" to \"7631\")",
            "X-Api-Key",
            "7631",
        );
    }

    /// `key: Type = value` whatever the annotation, and the typed forms without a colon.
    #[test]
    fn typed_declarations() {
        for (line, key) in [
            ("acme_token: str = \"v9\"", "acme_token"),
            ("    acme_token: Optional[str] = \"v9\"", "acme_token"),
            ("    acme_token: str | None = \"v9\"", "acme_token"),
            ("acme_token: Final[str] = \"v9\"", "acme_token"),
            ("const ACME_TOKEN: &'static str = \"v9\";", "ACME_TOKEN"),
            (
                "pub static ACME_TOKEN: &'static str = \"v9\";",
                "ACME_TOKEN",
            ),
            ("let acme_token: Option<&str> = Some(\"v9\");", "acme_token"),
            (
                "let acme_token: String = String::from(\"v9\");",
                "acme_token",
            ),
            ("export const acmeToken: string = \"v9\";", "acmeToken"),
            ("private readonly acmeToken: string = 'v9';", "acmeToken"),
            ("const acmeToken: string | undefined = 'v9';", "acmeToken"),
            ("private val acmeToken: String? = \"v9\"", "acmeToken"),
            ("val acmeToken: String = \"v9\"", "acmeToken"),
            ("static let acmeToken: String = \"v9\"", "acmeToken"),
            ("var acmeToken string = \"v9\"", "acmeToken"),
            (
                "private static readonly string AcmeToken = \"v9\";",
                "AcmeToken",
            ),
            ("final String acmeToken = \"v9\";", "acmeToken"),
        ] {
            has(line, key, "v9");
        }
        has("NSString *const kAcmeToken = @\"v9\";", "kAcmeToken", "v9");
        has("Dim acmeToken As String = \"v9\"", "acmeToken", "v9");
        has("  Const ACME_TOKEN As String = \"v9\"", "ACME_TOKEN", "v9");
        has("  @acme_token \"v9\"", "acme_token", "v9");
        has("acme_token <- \"v9\"", "acme_token", "v9");
        assert!(of("if (a < -1) x").iter().all(|(_, v, _)| v != "1"));
        // A colon before a command, a condition or a value is no annotation.
        has("command: export ACME_TOKEN=v9", "ACME_TOKEN", "v9");
        has("config[:acme_token] = 'v9'", "acme_token", "v9");
        has(
            "\"totp\": \"otpauth://totp/Acme:carol?secret=v9&issuer=Acme\"",
            "secret",
            "v9",
        );
        let found = of("$env:ACME_TOKEN = \"v9\"");
        assert!(found.iter().all(|(k, _, _)| k != "env"), "{found:?}");
    }

    /// The credential of an `Authorization` header keyed by its scheme, in each syntax.
    #[test]
    fn authorization_schemes() {
        let scheme = |line: &str, key: &str, value: &str| {
            let found = of(line);
            assert!(
                found
                    .iter()
                    .any(|(k, v, h)| k == key && v == value && *h == Hint::Scheme),
                "{line}: no scheme ({key}, {value}) in {found:?}"
            );
        };
        scheme("Authorization: GenieKey 1f2e-3d4c", "GenieKey", "1f2e-3d4c");
        scheme(
            r#"headers={"Authorization": "GenieKey 1f2e-3d4c"},"#,
            "GenieKey",
            "1f2e-3d4c",
        );
        scheme(
            "curl -H 'Authorization: SSWS 00aBcD' https://x",
            "SSWS",
            "00aBcD",
        );
        scheme(
            "req.Header.Set(\"Authorization\", \"DeepL-Auth-Key 9f8e:fx\")",
            "DeepL-Auth-Key",
            "9f8e:fx",
        );
        scheme(
            "xhr.setRequestHeader('Proxy-Authorization', 'Acme k9Zq')",
            "Acme",
            "k9Zq",
        );
        // One word is no scheme and credential; other headers have no scheme.
        for line in [
            "Authorization: 1f2e3d4c",
            "X-Api-Key: GenieKey 1f2e-3d4c",
            "authorization: ${AUTH_HEADER}",
        ] {
            let found = of(line);
            assert!(
                found.iter().all(|(_, _, h)| *h != Hint::Scheme),
                "{line}: {found:?}"
            );
        }
    }

    #[test]
    fn literal_pairs_and_defaults() {
        has(
            "define( 'DB_PASSWORD', 'Hlk7+34u' );",
            "DB_PASSWORD",
            "Hlk7+34u",
        );
        has(
            "'API_KEY' => env('TWILIO_API_KEY', 'SK8dcd'),",
            "TWILIO_API_KEY",
            "SK8dcd",
        );
        has(
            "buildConfigField 'String', 'API_KEY', '\"4a9dcdee\"'",
            "API_KEY",
            "4a9dcdee",
        );
        has(
            r#"buildConfigField "String", "BACKEND_SECRET", "\"IWNnP\"""#,
            "BACKEND_SECRET",
            "IWNnP",
        );
        has("storePassword \"zO5shT\"", "storePassword", "zO5shT");
        has(
            "password: process.env.DB_PASSWORD || '1nHSzy',",
            "password",
            "1nHSzy",
        );
        has("secret: process.env.S ?? 'ojgdL',", "secret", "ojgdL");
        has(
            "export GITHUB_TOKEN=\"${GITHUB_TOKEN:-ghs_pzJ}\"",
            "GITHUB_TOKEN",
            "ghs_pzJ",
        );
        has("password: ${DB_PASSWORD:yTq6Hf}", "password", "yTq6Hf");
        has(
            "EMAIL_PASSWORD = os.getenv(\"EMAIL_PASSWORD\", \"40ae\")",
            "EMAIL_PASSWORD",
            "40ae",
        );
        has(
            "my $token = $ENV{SYNC_TOKEN} || '3LEeo8';",
            "token",
            "3LEeo8",
        );
        has(
            "DEFAULT_TOKEN = ENV.fetch(\"ACME_TOKEN\") { \"6lKU0y\" }",
            "DEFAULT_TOKEN",
            "6lKU0y",
        );
        has(
            r#"{"name": "DB_PASSWORD", "value": "O+Kkb"}"#,
            "DB_PASSWORD",
            "O+Kkb",
        );
        has(
            r#"{"ParameterKey": "DbMasterPassword", "ParameterValue": "_^LBH"}"#,
            "DbMasterPassword",
            "_^LBH",
        );
        // A single literal is the variable's name, not a value.
        let found = of("API_KEY = os.getenv(\"API_KEY\")");
        assert!(found.iter().all(|(_, v, _)| v != "API_KEY"), "{found:?}");
    }

    #[test]
    fn calls_and_flags() {
        has_password(
            "new NetworkCredential(\"portal@acme.io\", \"1~_^~DV2\"),",
            "1~_^~DV2",
        );
        has_password("s.login(\"reports@acme.io\", \"i8iCV!qD\")", "i8iCV!qD");
        has_password("auth=(\"notifier\", \"jeFm3L\"))", "jeFm3L");
        has_password("auth=HTTPBasicAuth(\"svc\", \"kgAJPo\"),", "kgAJPo");
        has_password(
            "use(smtp.PlainAuth(\"\", \"m@a.io\", \"jjaOvt\", \"smtp\"))",
            "jjaOvt",
        );
        has_password(".basic_auth(\"uploader\", Some(\"^rv4Lr\"))", "^rv4Lr");
        has_password(
            "return new PasswordAuthentication(\"p\", \"3OYsTd\".toCharArray());",
            "3OYsTd",
        );
        has_password("& psexec \\\\web02 -u ACME\\svc -p tfamvr cmd", "tfamvr");
        has_password("sshpass -p w4qShgg5 ssh deploy@10.0.4.11", "w4qShgg5");
        has_password("mysql -h db -u root -pnIVtrdjk -e 'x'", "nIVtrdjk");
        has_password("curl -sS -u admin:wN1lZxwS https://j", "wN1lZxwS");
        has_password("openssl enc -pass pass:JMkV5mjq -in x", "JMkV5mjq");
        has_password("redis-cli -h cache -a EjA9WS0a FLUSHALL", "EjA9WS0a");
        has_password("docker login -u ci -p _hKKl3Az registry", "_hKKl3Az");
        has(
            "Connect-VIServer -Server vc -User adm -Password jx+L-lzk",
            "Password",
            "jx+L-lzk",
        );
        has("acme-worker --token 8Xdy0sd9", "token", "8Xdy0sd9");
        has(
            "args: [\"--db-password=R2job2j4\", \"--log\"]",
            "db-password",
            "R2job2j4",
        );
        has(
            "mvn -Dregistry.password=i9boWAwb",
            "registry.password",
            "i9boWAwb",
        );
        has(
            "command: [\"redis-server\", \"--requirepass\", \"q6itOPpT\"]",
            "requirepass",
            "q6itOPpT",
        );
    }

    #[test]
    fn decoys_are_not_pairs() {
        for line in [
            "if a == b { return }",
            "please see http://example.com/path now",
            "at 10:11:12 the job ran",
            "std::string token;",
            "x >= y && y <= z",
        ] {
            let found = of(line);
            assert!(found.is_empty(), "{line}: {found:?}");
        }
        // The flag `-p` of a command that does not take a password there.
        let found = of("mkdir -p build/out");
        assert!(
            found.iter().all(|(_, _, h)| *h != Hint::Password),
            "{found:?}"
        );
        // curl's -u without a password.
        assert!(of("curl -u admin https://x")
            .iter()
            .all(|(_, _, h)| *h != Hint::Password));
    }
}
