//! Parent context: a generic key (`routing_key`, `access_token`, `api_key`, `key`) whose
//! provider is named by what encloses it rather than by its own name.
//!
//! - A **block** that a line opens: a YAML or Python key with no value (`pagerduty_configs:`),
//!   an object or call left open (`"sendgrid": {`, `new Ably.Realtime({`), a Ruby block
//!   (`Rollbar.configure do |config|`): the lines below it indented deeper (a YAML sequence's
//!   `- ` items may sit at its own indent); an INI/TOML **section** (`[sumologic]`): the lines
//!   up to the next section header. The parent is the opening line's head (`pagerduty_configs`,
//!   `Rollbar.configure`, `sumologic`).
//! - A **call on the same line**: `Rollbar.configure(access_token: "…")`,
//!   `new Pusher({ key: "…" })`: the parent is the callee.
//!
//! Only keys made of generic words (`config.access_token`: config, access, token) take their
//! provider from a parent: a key that names anything else (`slack_token` under `pagerduty:`)
//! keeps its own meaning, and one that names the provider is found on its own line.
//!
//! # Resource usage
//!
//! A block is read for at most [`MAX_BLOCK_LINES`] lines of at most [`MAX_LINE`] bytes each; a
//! callee is looked for at most [`MAX_CALLEE_BACK`] bytes back on the pair's line.

use super::syntax::{self, Hint, Pair};

/// Lines of a block read below its opening line.
pub(crate) const MAX_BLOCK_LINES: usize = 32;
/// Bytes of a block line read.
const MAX_LINE: usize = 4096;
/// Bytes looked back from a key for the call it is an argument of.
const MAX_CALLEE_BACK: usize = 256;

/// A pair in a block, with its parent's head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Child {
    pub(crate) pair: Pair,
    pub(crate) parent: (usize, usize),
    /// The parent is a URL's host (a sibling's), not a block's head.
    pub(crate) host: bool,
}

/// The words a key may consist of to take its provider from its parent: secret nouns, their
/// qualifiers, and the holders (`config`, `settings`, `this`) a key is read from.
const GENERIC_WORDS: &[&str] = &[
    "api",
    "key",
    "keys",
    "token",
    "tokens",
    "secret",
    "secrets",
    "access",
    "auth",
    "app",
    "application",
    "client",
    "private",
    "server",
    "service",
    "routing",
    "integration",
    "master",
    "account",
    "password",
    "pass",
    "passwd",
    "pwd",
    "credential",
    "credentials",
    "cred",
    "creds",
    "config",
    "cfg",
    "conf",
    "configuration",
    "settings",
    "options",
    "opts",
    "write",
    "read",
    "admin",
    "license",
    "signing",
    "webhook",
    "hec",
    "bot",
    "sdk",
    "project",
    "id",
    "user",
    "personal",
    "management",
    "mgmt",
    "shared",
    "default",
    "live",
    "prod",
    "production",
    "ingest",
    "consumer",
    "developer",
    "dev",
    "header",
    "this",
    "self",
    "my",
    "apikey",
    "oauth",
    "bearer",
    "site",
    "org",
    "organization",
    "workspace",
    "team",
    "env",
    "x",
];

/// Whether `key` can take its provider from a parent: every word of it is generic (so not
/// `NextToken`, `token_url`, `public_key`, `cache_key`, nor another provider's `slack_token`).
/// The rule's secret words are checked beside it.
pub(crate) fn generic_key(key: &[u8]) -> bool {
    let words = super::key::words(key);
    !words.is_empty() && words.iter().all(|w| GENERIC_WORDS.contains(&w.as_str()))
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn trim(c: &[u8], (mut s, mut e): (usize, usize)) -> (usize, usize) {
    while s < e && c[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && c[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    (s, e)
}

fn indent(c: &[u8], s: usize, e: usize) -> usize {
    c[s..e].iter().take_while(|&&b| is_space(b)).count()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    /// `[section]`: to the next header.
    Section,
    /// An opened key, object, call or block: the lines indented deeper.
    Indented { yaml: bool },
}

/// The head of the line `s..e` when it opens a block, and the kind of block.
fn opener(c: &[u8], s: usize, e: usize) -> Option<((usize, usize), Block)> {
    let (ts, te) = trim(c, (s, e));
    if te - ts < 2 {
        return None;
    }
    let t = &c[ts..te];
    if t[0] == b'#' || t.starts_with(b"//") || t.starts_with(b"/*") || t[0] == b';' {
        return None;
    }
    if t[0] == b'[' && t[t.len() - 1] == b']' {
        let (hs, he) = trim(c, (ts + 1, te - 1));
        let (hs, he) = if he > hs && c[hs] == b'[' && c[he - 1] == b']' {
            (hs + 1, he - 1)
        } else {
            (hs, he)
        };
        return (he > hs && he - hs <= 128).then_some(((hs, he), Block::Section));
    }
    // The head ends before the opener: `key:`, `… {`, `… (`, `… [`, `… do |x|`, `= {`.
    let mut he = te;
    let mut yaml = false;
    if t.ends_with(b"|") {
        // `do |config|`
        let open = memchr::memrchr(b'|', &c[ts..te - 1])? + ts;
        he = open;
        let (_, e2) = trim(c, (ts, he));
        if !c[ts..e2].ends_with(b"do") {
            return None;
        }
        he = e2 - 2;
    } else if t.ends_with(b" do") || t == b"do" {
        he = te - 2;
    } else if t[t.len() - 1] == b':' {
        yaml = true;
        he = te - 1;
    } else if b"{([".contains(&t[t.len() - 1]) {
        while he > ts && (b"{([".contains(&c[he - 1]) || is_space(c[he - 1])) {
            he -= 1;
        }
        // `"sendgrid": {`, `sendgrid = {`, `:sendgrid => {`
        while he > ts && (b":=>".contains(&c[he - 1]) || is_space(c[he - 1])) {
            he -= 1;
        }
    } else {
        return None;
    }
    let mut hs = ts;
    if yaml && c[hs..he].starts_with(b"- ") {
        hs += 2;
    }
    let (hs, he) = trim(c, (hs, he));
    (he > hs && he - hs <= 128).then_some(((hs, he), Block::Indented { yaml }))
}

/// The pairs of the block that the last line of `content[start..end]` opens, each with the
/// opening line's head; or, when that line opens nothing but holds a URL (`baseURL:
/// 'https://api.acme.com/v1',`, `"https://api.acme.com/…",` as a call's first argument), the
/// pairs of the block around it (its siblings), each with the URL's host.
pub(crate) fn children(
    c: &[u8],
    start: usize,
    end: usize,
    scratch: &mut Vec<Pair>,
    out: &mut Vec<Child>,
) {
    let ls = memchr::memrchr(b'\n', &c[start..end]).map_or(start, |i| start + i + 1);
    if let Some((head, block)) = opener(c, ls, end) {
        let own = indent(c, ls, end);
        read_block(c, end, own, block, (head, false), None, scratch, out);
        return;
    }
    let Some(host) = url_host(c, ls, end) else {
        return;
    };
    // The URL is a value (`baseURL: '…'`, `url = "…"`) or a literal argument (`"https://…",`),
    // not a mention in prose or a comment.
    let (ts, te) = trim(c, (ls, end));
    let t = &c[ts..te];
    if [&b"#"[..], b"//", b"/*", b"*", b";", b"--"]
        .iter()
        .any(|m| t.starts_with(m))
    {
        return;
    }
    let before = &c[ts..host.0];
    let value = super::syntax::is_quote(c[ts])
        || before.contains(&b'=')
        || before
            .windows(2)
            .any(|w| w[0] == b':' && (is_space(w[1]) || super::syntax::is_quote(w[1])));
    if !value {
        return;
    }
    if let Some((open_end, own, block)) = enclosing(c, ls, end) {
        read_block(
            c,
            open_end,
            own,
            block,
            (host, true),
            Some(ls),
            scratch,
            out,
        );
    }
}

/// The line that opens the block holding the line at `ls..le`, within [`MAX_BLOCK_LINES`]
/// lines above it: the first line indented less that opens a block, or a section header.
/// Its end, its indent and its kind of block.
fn enclosing(c: &[u8], ls: usize, le: usize) -> Option<(usize, usize, Block)> {
    let own = indent(c, ls, le);
    let mut e = ls.checked_sub(1)?;
    for _ in 0..MAX_BLOCK_LINES {
        let s = memchr::memrchr(b'\n', &c[..e]).map_or(0, |i| i + 1);
        let (ts, te) = trim(c, (s, e));
        if te > ts {
            let at = indent(c, s, e);
            let section = c[ts] == b'[' && c[te - 1] == b']';
            if section || at < own {
                let (_, block) = opener(c, s, e)?;
                return Some((e, at, block));
            }
        }
        e = s.checked_sub(1)?;
    }
    None
}

/// The lines of a block: after `open_end` (the opening line's end), to the next section header
/// or the first line indented no deeper than `own`; their pairs, each with `context`, leaving
/// out the line starting at `skip`.
#[allow(clippy::too_many_arguments)]
fn read_block(
    c: &[u8],
    open_end: usize,
    own: usize,
    block: Block,
    (context, host): ((usize, usize), bool),
    skip: Option<usize>,
    scratch: &mut Vec<Pair>,
    out: &mut Vec<Child>,
) {
    let mut s = open_end + 1;
    let mut lines = 0;
    while s < c.len() && lines < MAX_BLOCK_LINES {
        let e = memchr::memchr(b'\n', &c[s..]).map_or(c.len(), |i| s + i);
        let next = e + 1;
        lines += 1;
        let (ts, te) = trim(c, (s, e));
        let t = &c[ts..te];
        if t.is_empty() || t[0] == b'#' || t.starts_with(b"//") || t[0] == b';' || skip == Some(s) {
            s = next;
            continue;
        }
        match block {
            Block::Section => {
                if t[0] == b'[' {
                    break;
                }
            }
            Block::Indented { yaml } => {
                let at = indent(c, s, e);
                if at < own || (at == own && !(yaml && t.starts_with(b"- "))) {
                    break;
                }
            }
        }
        scratch.clear();
        syntax::pairs(c, s, e.min(s + MAX_LINE), scratch);
        out.extend(
            scratch
                .iter()
                .filter(|p| p.hint == Hint::Key)
                .map(|&pair| Child {
                    pair,
                    parent: context,
                    host,
                }),
        );
        s = next;
    }
}

/// The host of the first URL on the line `s..e` (`https://api.acme.com/v1`: `api.acme.com`).
fn url_host(c: &[u8], s: usize, e: usize) -> Option<(usize, usize)> {
    let at = memchr::memmem::find(&c[s..e], b"://")? + s + 3;
    let mut h = at;
    while h < e && (c[h].is_ascii_alphanumeric() || c[h] == b'.' || c[h] == b'-') {
        h += 1;
    }
    (h > at && c[at..h].contains(&b'.')).then_some((at, h))
}

/// The host of the URL whose query string holds the key at `key_at`
/// (`https://api.acme.com/v1/x?q=1&appid=…`).
pub(crate) fn query_host(c: &[u8], key_at: usize) -> Option<(usize, usize)> {
    if key_at == 0 || !b"?&;".contains(&c[key_at - 1]) {
        return None;
    }
    let from = key_at.saturating_sub(MAX_URL_BACK);
    let mut i = key_at;
    while i > from {
        i -= 1;
        let b = c[i];
        if b.is_ascii_whitespace() || b"\"'`<>()".contains(&b) {
            return None;
        }
        if b == b':' && c[i..].starts_with(b"://") {
            return url_host(c, i, key_at);
        }
    }
    None
}

/// Bytes looked back from a query key for its URL's scheme.
const MAX_URL_BACK: usize = 512;

/// Whether a host names `word` (normalised): as a label, or the start of one
/// (`api.acme.com`, `api.acmedata.com` for `acme`).
pub(crate) fn host_names(host: &[u8], word: &str) -> bool {
    host.split(|&b| b == b'.').any(|label| {
        let label = super::key::normalised(label);
        label.starts_with(word)
    })
}

/// The callee of the call whose arguments hold the key at `key_at`, on the same line:
/// `Rollbar.configure(access_token: …)`, `new Ably.Realtime({ key: … })`,
/// `Stripe::Client.new(api_key: …)`. Objects and arrays between are looked through.
pub(crate) fn callee(c: &[u8], key_at: usize) -> Option<(usize, usize)> {
    let from = key_at.saturating_sub(MAX_CALLEE_BACK);
    let mut depth = 0usize;
    let mut i = key_at;
    while i > from {
        i -= 1;
        match c[i] {
            b'\n' => return None,
            b')' | b'}' | b']' => depth += 1,
            b'{' | b'[' => depth = depth.saturating_sub(1),
            b'(' if depth > 0 => depth -= 1,
            b'(' => {
                let mut e = i;
                while e > from && is_space(c[e - 1]) {
                    e -= 1;
                }
                let mut s = e;
                while s > from && (c[s - 1].is_ascii_alphanumeric() || b"_.:$".contains(&c[s - 1]))
                {
                    s -= 1;
                }
                return (e > s).then_some((s, e));
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kids(text: &str, line: usize) -> Vec<(String, String, String)> {
        let c = text.as_bytes();
        let mut s = 0;
        for _ in 0..line {
            s = memchr::memchr(b'\n', &c[s..]).map_or(c.len(), |i| s + i + 1);
        }
        let e = memchr::memchr(b'\n', &c[s..]).map_or(c.len(), |i| s + i);
        let (mut scratch, mut out) = (Vec::new(), Vec::new());
        children(c, s, e, &mut scratch, &mut out);
        out.iter()
            .map(|k| {
                (
                    text[k.parent.0..k.parent.1].to_string(),
                    text[k.pair.key.0..k.pair.key.1].to_string(),
                    text[k.pair.value.0..k.pair.value.1].to_string(),
                )
            })
            .collect()
    }

    fn has(text: &str, line: usize, parent: &str, key: &str, value: &str) {
        let found = kids(text, line);
        assert!(
            found
                .iter()
                .any(|(p, k, v)| p == parent && k == key && v == value),
            "{text}: no ({parent}, {key}, {value}) in {found:?}"
        );
    }

    #[test]
    fn blocks_in_each_format() {
        let yaml = "receivers:\n  - name: pd\n    acme_configs:\n      - routing_key: r1\n        service_key: s1\n  - name: other\n    url: x\n";
        has(yaml, 2, "acme_configs", "routing_key", "r1");
        has(yaml, 2, "acme_configs", "service_key", "s1");
        assert!(kids(yaml, 2).iter().all(|(_, k, _)| k != "url"));
        has("acme:\n- token: t1\nnext: 1\n", 0, "acme", "token", "t1");
        let ini = "[acme]\naccess_id = a1\n; note\naccess_key = k1\n[other]\nkey = no\n";
        has(ini, 0, "acme", "access_key", "k1");
        assert!(kids(ini, 0).iter().all(|(_, _, v)| v != "no"));
        has(
            "[[acme.hosts]]\ntoken = \"t1\"\n",
            0,
            "acme.hosts",
            "token",
            "t1",
        );
        let ruby =
            "Acme.configure do |config|\n  config.access_token = \"t1\"\nend\nx.token = \"no\"\n";
        has(ruby, 0, "Acme.configure", "config.access_token", "t1");
        assert!(kids(ruby, 0).iter().all(|(_, _, v)| v != "no"));
        has(
            "const c = new Acme.Client({\n  apiKey: 'k1',\n});\n",
            0,
            "const c = new Acme.Client",
            "apiKey",
            "k1",
        );
        has(
            "  \"acme\": {\n    \"apiKey\": \"k1\"\n  },\n",
            0,
            "\"acme\"",
            "apiKey",
            "k1",
        );
        has(
            "ACME = {\n    'token': 't1',\n}\n",
            0,
            "ACME",
            "token",
            "t1",
        );
        has(
            "acme do\n  api_key \"k1\"\nend\n",
            0,
            "acme",
            "api_key",
            "k1",
        );
    }

    #[test]
    fn lines_that_open_no_block() {
        for text in [
            "acme_key: k1\n  token: t1\n",
            "acme = 1\n  token = t1\n",
            "# acme\ntoken = t1\n",
            "acme:\ntoken: t1\n",
        ] {
            assert_eq!(kids(text, 0), Vec::new(), "{text}");
        }
    }

    #[test]
    fn generic_keys() {
        for k in [
            "routing_key",
            "service_key",
            "config.access_token",
            "apiKey",
            "key",
            "token",
            "X-Api-Key",
            "secret",
        ] {
            assert!(generic_key(k.as_bytes()), "{k}");
        }
        for k in [
            "slack_token",
            "NextToken",
            "token_url",
            "public_key",
            "name",
            "cache_key",
            "stripe_secret",
        ] {
            assert!(!generic_key(k.as_bytes()), "{k}");
        }
    }

    #[test]
    fn callees() {
        let at = |line: &str, key: &str| {
            let c = line.as_bytes();
            let k = line.find(key).unwrap();
            callee(c, k).map(|(s, e)| line[s..e].to_string())
        };
        assert_eq!(
            at("Acme.configure(access_token: \"t\")", "access_token").as_deref(),
            Some("Acme.configure")
        );
        assert_eq!(
            at("const a = new Acme.Realtime({ key: 'k' });", "key").as_deref(),
            Some("Acme.Realtime")
        );
        assert_eq!(
            at("Acme::Client.new(api_key: \"k\")", "api_key").as_deref(),
            Some("Acme::Client.new")
        );
        assert_eq!(
            at("f(x).then({ key: 'k' })", "key").as_deref(),
            Some(".then")
        );
        assert_eq!(at("const o = { key: 'k' };", "key"), None);
        assert_eq!(at("x = acme(1); y = { key: 'k' }", "key"), None);
    }
}
