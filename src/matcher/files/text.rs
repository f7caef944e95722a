//! Line-oriented client settings: WinSCP's `WinSCP.ini` sessions (the password obfuscation
//! reversed), msmtp's and esmtp's rc files, mutt's `set ..._pass` and `smtp_url`, and the CSV
//! password exports of browsers and password managers.

use super::Out;

/// `[section]` headers and `key=value` lines of an ini file: (section, key, value range).
fn ini(content: &[u8]) -> Vec<(String, String, (usize, usize))> {
    let mut out = Vec::new();
    let mut section = String::new();
    for line in super::lines(content) {
        let (s, e) = super::trim(content, line);
        if s == e || matches!(content[s], b';' | b'#') {
            continue;
        }
        if content[s] == b'[' && content[e - 1] == b']' {
            section = super::text(content, (s + 1, e - 1));
            continue;
        }
        if let Some(eq) = memchr::memchr(b'=', &content[s..e]) {
            let key = super::text(content, super::trim(content, (s, s + eq)));
            out.push((section.clone(), key, super::trim(content, (s + eq + 1, e))));
        }
    }
    out
}

/// WinSCP's reversible password obfuscation: hex bytes, each `!(b ^ 0xA3)`; a flag byte (0xFF:
/// a version byte and the length follow; else the flag is the length), a count of bytes to skip,
/// then the password, prefixed with user + host when the flag is 0xFF.
pub(crate) fn winscp_decode(hex: &[u8], user: &str, host: &str) -> Option<Vec<u8>> {
    let digits: Option<Vec<u8>> = hex
        .chunks(2)
        .map(|p| {
            let s = std::str::from_utf8(p).ok()?;
            u8::from_str_radix(s, 16).ok().map(|b| !(b ^ 0xA3))
        })
        .collect();
    let bytes = digits?;
    let mut it = bytes.into_iter();
    let flag = it.next()?;
    let len = if flag == 0xFF {
        it.next()?;
        it.next()?
    } else {
        flag
    };
    let skip = it.next()? as usize;
    let rest: Vec<u8> = it.skip(skip).take(len as usize).collect();
    if rest.len() != len as usize {
        return None;
    }
    let key = format!("{user}{host}");
    if flag == 0xFF {
        return rest.strip_prefix(key.as_bytes()).map(<[u8]>::to_vec);
    }
    Some(rest)
}

pub(crate) fn parse_winscp(out: &mut Out<'_>) {
    let c = out.content;
    let entries = ini(c);
    let get = |section: &str, key: &str| {
        entries
            .iter()
            .find(|(s, k, _)| s == section && k.eq_ignore_ascii_case(key))
            .map(|(_, _, v)| super::text(c, *v))
            .unwrap_or_default()
    };
    for (section, key, value) in &entries {
        let Some(session) = section.strip_prefix("Sessions\\") else {
            continue;
        };
        let host = get(section, "HostName");
        let user = get(section, "UserName");
        let account = String::from_utf8_lossy(&super::percent(session.as_bytes())).into_owned();
        let ctx = vec![
            ("host", host.clone()),
            ("port", get(section, "PortNumber")),
            ("user", user.clone()),
            ("account", account),
        ];
        match key.as_str() {
            "Password" | "ProxyPassword" | "TunnelPassword" => {
                if let Some(plain) = winscp_decode(&c[value.0..value.1], &user, &host) {
                    out.decoded(key, *value, plain, "winscp", ctx);
                }
            }
            "PasswordPlain" | "ProxyPasswordPlain" | "TunnelPasswordPlain" => {
                out.value(key, *value, ctx)
            }
            _ => {}
        }
    }
}

/// msmtp (`key value`, `account` starts a block) and esmtp (`key = value`, `identity` starts
/// one): the `password` of each account, with its host, port and user.
pub(crate) fn parse_smtp_rc(out: &mut Out<'_>) {
    let c = out.content;
    let mut block: Vec<(String, (usize, usize))> = Vec::new();
    let mut passwords: Vec<Vec<(String, (usize, usize))>> = Vec::new();
    let mut flush = |block: &mut Vec<(String, (usize, usize))>| {
        if block.iter().any(|(k, _)| k == "password") {
            passwords.push(std::mem::take(block));
        }
        block.clear();
    };
    for line in super::lines(c) {
        let (s, e) = super::trim(c, line);
        if s == e || c[s] == b'#' {
            continue;
        }
        let sep = c[s..e]
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'=')
            .map_or(e, |i| s + i);
        let key = super::text(c, (s, sep)).to_ascii_lowercase();
        let mut v = (sep, e);
        v = super::trim(c, v);
        if v.0 < v.1 && c[v.0] == b'=' {
            v = super::trim(c, (v.0 + 1, v.1));
        }
        let v = super::unquote(c, v);
        if matches!(key.as_str(), "account" | "identity" | "defaults") {
            flush(&mut block);
        }
        block.push((key, v));
    }
    flush(&mut block);
    for block in passwords {
        let get = |k: &str| {
            block
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| super::text(c, *v))
                .unwrap_or_default()
        };
        let mut host = get("host");
        let mut port = get("port");
        if host.is_empty() {
            // esmtp: hostname = host:port
            let hp = get("hostname");
            let (h, p) = hp.split_once(':').unwrap_or((&hp, ""));
            host = h.to_string();
            if port.is_empty() {
                port = p.to_string();
            }
        }
        let user = if get("user").is_empty() {
            get("username")
        } else {
            get("user")
        };
        let account = if get("account").is_empty() {
            get("identity")
        } else {
            get("account")
        };
        for (k, span) in &block {
            if k == "password" {
                let ctx = vec![
                    ("host", host.clone()),
                    ("port", port.clone()),
                    ("user", user.clone()),
                    ("account", account.clone()),
                ];
                if !c[span.0..span.1].starts_with(b"`") {
                    out.value("password", *span, ctx);
                }
            }
        }
    }
}

/// What a URL's `scheme://user:password@host[:port]` part holds: the user's and the password's
/// ranges, the host and the port.
pub(crate) struct UserInfo {
    pub(crate) user: (usize, usize),
    pub(crate) password: (usize, usize),
    pub(crate) host: String,
    pub(crate) port: String,
}

/// The [`UserInfo`] of the first URL in `c[s..e]`, if it has a password.
pub(crate) fn url_userinfo(c: &[u8], (s, e): (usize, usize)) -> Option<UserInfo> {
    let scheme_end = s + memchr::memmem::find(&c[s..e], b"://")?;
    let auth = scheme_end + 3;
    // The authority ends at the first `/` (or quote, or space); a password may hold `?` and `#`
    // unencoded (people write them so), so the host starts after the authority's last `@`.
    let auth_end = c[auth..e]
        .iter()
        .position(|b| matches!(b, b'/' | b'"' | b'\'' | b' '))
        .map_or(e, |i| auth + i);
    let at = auth + memchr::memrchr(b'@', &c[auth..auth_end])?;
    let auth_end = c[at..auth_end]
        .iter()
        .position(|b| matches!(b, b'?' | b'#'))
        .map_or(auth_end, |i| at + i);
    let colon = auth + memchr::memchr(b':', &c[auth..at])?;
    let hostport = super::text(c, (at + 1, auth_end));
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) => (h.to_string(), p.to_string()),
        _ => (hostport, String::new()),
    };
    Some(UserInfo {
        user: (auth, colon),
        password: (colon + 1, at),
        host,
        port,
    })
}

/// muttrc: `set imap_pass = "..."`, `set smtp_pass = "..."` and the password in `smtp_url` /
/// `imap_url`; backtick commands (`\`pass show mail\``) fetch the secret and are not one.
pub(crate) fn parse_muttrc(out: &mut Out<'_>) {
    let c = out.content;
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut found: Vec<(String, (usize, usize))> = Vec::new();
    for line in super::lines(c) {
        let (s, e) = super::trim(c, line);
        if s == e || c[s] == b'#' || !c[s..e].starts_with(b"set ") {
            continue;
        }
        let Some(eq) = memchr::memchr(b'=', &c[s..e]) else {
            continue;
        };
        let key = super::text(c, super::trim(c, (s + 4, s + eq)));
        let v = super::unquote(c, super::trim(c, (s + eq + 1, e)));
        pairs.push((key.clone(), super::text(c, v)));
        found.push((key, v));
    }
    for (key, v) in found {
        let raw = &c[v.0..v.1];
        if raw.contains(&b'`') {
            continue;
        }
        if key.ends_with("_pass") || key.ends_with("_password") {
            let proto = key.split('_').next().unwrap_or("").to_string();
            let user = pairs
                .iter()
                .find(|(k, _)| *k == format!("{proto}_user"))
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            out.value(&key, v, vec![("user", user)]);
        } else if key.ends_with("_url") {
            if let Some(UserInfo {
                user,
                password: pass,
                host,
                port,
            }) = url_userinfo(c, v)
            {
                let user =
                    String::from_utf8_lossy(&super::percent(&c[user.0..user.1])).into_owned();
                let plain = super::percent(&c[pass.0..pass.1]);
                let ctx = vec![("host", host), ("port", port), ("user", user)];
                out.decoded(&key, pass, plain, "percent", ctx);
            }
        }
    }
}

/// `.git-credentials` (`credential.helper store`): one `https://user:password@host/path` URL
/// per line; the password percent-decoded.
pub(crate) fn parse_git_credentials(out: &mut Out<'_>) {
    let c = out.content;
    for line in super::lines(c) {
        let line = super::trim(c, line);
        if line.0 == line.1 || c[line.0] == b'#' {
            continue;
        }
        if let Some(UserInfo {
            user,
            password: pass,
            host,
            port,
        }) = url_userinfo(c, line)
        {
            let scheme = super::text(c, (line.0, user.0));
            let user = String::from_utf8_lossy(&super::percent(&c[user.0..user.1])).into_owned();
            let plain = super::percent(&c[pass.0..pass.1]);
            let url = if port.is_empty() {
                format!("{scheme}{host}")
            } else {
                format!("{scheme}{host}:{port}")
            };
            out.decoded(
                "password",
                pass,
                plain,
                "percent",
                vec![("url", url), ("user", user)],
            );
        }
    }
}

/// Lines of `key: value` (YAML) or `key=value` (`.env`, ini, tfvars, a compose file's
/// `- KEY=value`): the key and the value's range (unquoted), comments and blank lines skipped.
fn key_values(c: &[u8]) -> Vec<(String, (usize, usize))> {
    let mut out = Vec::new();
    for line in super::lines(c) {
        let (mut s, e) = super::trim(c, line);
        if s == e || matches!(c[s], b'#' | b';') {
            continue;
        }
        if c[s..e].starts_with(b"- ") {
            s = super::trim(c, (s + 2, e)).0;
        }
        if c[s..e].starts_with(b"export ") {
            s = super::trim(c, (s + 7, e)).0;
        }
        let Some(sep) = c[s..e].iter().position(|b| matches!(b, b'=' | b':')) else {
            continue;
        };
        let key = super::text(c, super::trim(c, (s, s + sep)));
        if key.is_empty() || key.contains(char::is_whitespace) {
            continue;
        }
        let mut v = super::trim(c, (s + sep + 1, e));
        // A trailing comment: after a quoted value, or ` #` after a plain one.
        if v.0 < v.1 && matches!(c[v.0], b'"' | b'\'') {
            if let Some(close) = c[v.0 + 1..v.1].iter().position(|&b| b == c[v.0]) {
                v = (v.0, v.0 + close + 2);
            }
        } else if let Some(hash) = memchr::memmem::find(&c[v.0..v.1], b" #") {
            v = super::trim(c, (v.0, v.0 + hash));
        }
        out.push((key, super::unquote(c, v)));
    }
    out
}

/// Git's config files (`~/.gitconfig`, `.git/config`): passwords in URLs (remotes, `url`
/// sections, proxies) and `sendemail.smtpPass`, with the SMTP server and user.
pub(crate) fn parse_gitconfig(out: &mut Out<'_>) {
    let c = out.content;
    let kv = key_values(c);
    let get = |k: &str| {
        kv.iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(k))
            .map(|(_, v)| super::text(c, *v))
            .unwrap_or_default()
    };
    for line in super::lines(c) {
        let (s, e) = super::trim(c, line);
        if s == e || matches!(c[s], b'#' | b';') {
            continue;
        }
        url_password(out, (s, e));
    }
    for (key, v) in &kv {
        if key.eq_ignore_ascii_case("smtppass") {
            let ctx = vec![
                ("host", get("smtpServer")),
                ("port", get("smtpServerPort")),
                ("user", get("smtpUser")),
            ];
            out.value(key, *v, ctx);
        }
    }
}

/// The password of the `scheme://user:password@host:port/database` URL in `span`, if any, with
/// its host, port, database and user; returns whether there was one.
fn url_password(out: &mut Out<'_>, span: (usize, usize)) -> bool {
    let c = out.content;
    let Some(UserInfo {
        user,
        password: pass,
        host,
        port,
    }) = url_userinfo(c, span)
    else {
        return false;
    };
    let user = String::from_utf8_lossy(&super::percent(&c[user.0..user.1])).into_owned();
    let plain = super::percent(&c[pass.0..pass.1]);
    let path = &c[pass.1..span.1];
    let database = path
        .iter()
        .position(|&b| b == b'/')
        .map(|i| {
            let rest = &path[i + 1..];
            let end = rest
                .iter()
                .position(|b| matches!(b, b'?' | b'/' | b'"' | b'\'' | b' ' | b']'))
                .unwrap_or(rest.len());
            String::from_utf8_lossy(&rest[..end]).into_owned()
        })
        .unwrap_or_default();
    let ctx = vec![
        ("host", host),
        ("port", port),
        ("database", database),
        ("user", user),
    ];
    out.decoded("password", pass, plain, "percent", ctx);
    true
}

/// RubyGems' `~/.gem/credentials` (YAML): `:rubygems_api_key:` and one key per gem host
/// (`https://gems.example: key`, `:github: Bearer ...`).
pub(crate) fn parse_gem_credentials(out: &mut Out<'_>) {
    let c = out.content;
    for line in super::lines(c) {
        let (s, e) = super::trim(c, line);
        if s == e || c[s] == b'#' || c[s..e].starts_with(b"---") {
            continue;
        }
        // The key ends at the last `: ` (a host key holds `:` itself).
        let Some(sep) = memchr::memmem::rfind(&c[s..e], b": ").map(|i| s + i) else {
            continue;
        };
        let key = super::text(c, (s, sep));
        let mut v = super::unquote(c, super::trim(c, (sep + 2, e)));
        if c[v.0..v.1].starts_with(b"Bearer ") {
            v.0 += 7;
        }
        let key = key.trim_matches(':').to_string();
        let ctx = if key.contains("://") {
            vec![("url", key.clone())]
        } else {
            vec![("account", key.clone())]
        };
        out.value(&key, v, ctx);
    }
}

/// Docker Compose and dotenv (`.env`) files: the environment's secret settings (`POSTGRES_PASSWORD: ...`,
/// `- MYSQL_ROOT_PASSWORD=...`) with the sibling user and database, and the passwords in
/// connection URLs (`postgres://user:password@db:5432/app`).
pub(crate) fn parse_compose(out: &mut Out<'_>) {
    let c = out.content;
    let kv = key_values(c);
    let pairs: Vec<(String, String)> = kv
        .iter()
        .map(|(k, v)| (k.clone(), super::text(c, *v)))
        .collect();
    for (key, v) in &kv {
        if !url_password(out, *v)
            && super::secret_key(key)
            && !key.to_ascii_uppercase().ends_with("_FILE")
        {
            let mut ctx = super::sibling_context(key, &pairs);
            if key.to_ascii_uppercase().contains("ROOT") && !ctx.iter().any(|(k, _)| *k == "user") {
                ctx.push(("user", "root".to_string()));
            }
            out.value(key, *v, ctx);
        }
    }
}

/// Terraform variable files (`*.tfvars`): `name = "value"` where the name says secret (a
/// password, token, secret or `..._key` that is not a public key, an id or a path).
pub(crate) fn parse_tfvars(out: &mut Out<'_>) {
    let c = out.content;
    let kv = key_values(c);
    let pairs: Vec<(String, String)> = kv
        .iter()
        .map(|(k, v)| (k.clone(), super::text(c, *v)))
        .collect();
    for (key, v) in &kv {
        let k = key.to_ascii_lowercase();
        let keyish = k.ends_with("_key")
            && !["public", "ssh_key", "key_name", "key_id", "key_path", "kms"]
                .iter()
                .any(|x| k.contains(x));
        if (super::secret_key(key) || keyish) && c.get(v.0.wrapping_sub(1)) == Some(&b'"') {
            out.value(key, *v, super::sibling_context(key, &pairs));
        }
    }
}

/// Ansible inventories (ini and YAML): `ansible_password`, `ansible_ssh_pass`,
/// `ansible_become_pass(word)` and the like, with the host and `ansible_user` of the line or
/// group.
pub(crate) fn parse_ansible(out: &mut Out<'_>) {
    let c = out.content;
    let mut user = String::new();
    let mut host = String::new();
    for line in super::lines(c) {
        let (s, e) = super::trim(c, line);
        if s == e || matches!(c[s], b'#' | b';') {
            continue;
        }
        if c[s] == b'[' {
            user.clear();
            continue;
        }
        let text = &c[s..e];
        let ini_host = !text.contains(&b':') || text.contains(&b'=');
        // ini: `host key=value key=value`; YAML: `key: value`.
        let mut fields: Vec<(String, (usize, usize))> = Vec::new();
        if text.contains(&b'=') {
            let mut i = s;
            while i < e {
                while i < e && c[i].is_ascii_whitespace() {
                    i += 1;
                }
                let start = i;
                let quote = c[i..e].iter().position(|&b| b == b'=').map(|p| i + p);
                let mut j = i;
                while j < e && !c[j].is_ascii_whitespace() {
                    if Some(j) == quote && j + 1 < e && matches!(c[j + 1], b'"' | b'\'') {
                        let q = c[j + 1];
                        j += 2;
                        while j < e && c[j] != q {
                            j += 1;
                        }
                    }
                    j += 1;
                }
                let tok = (start, j.min(e));
                match memchr::memchr(b'=', &c[tok.0..tok.1]) {
                    Some(eq) => fields.push((
                        super::text(c, (tok.0, tok.0 + eq)),
                        super::unquote(c, (tok.0 + eq + 1, tok.1)),
                    )),
                    None if start == s && ini_host => host = super::text(c, tok),
                    None => {}
                }
                i = j + 1;
            }
        } else if let Some(colon) = memchr::memchr(b':', text) {
            let key = super::text(c, (s, s + colon)).trim().to_string();
            let v = super::unquote(c, super::trim(c, (s + colon + 1, e)));
            if v.0 == v.1 && !key.starts_with("ansible_") {
                // A YAML mapping key: a group or a host.
                host = key.clone();
            }
            fields.push((key, v));
        }
        if let Some((_, v)) = fields
            .iter()
            .find(|(k, _)| k == "ansible_user" || k == "ansible_ssh_user")
        {
            user = super::text(c, *v);
        }
        for (key, v) in &fields {
            if key.starts_with("ansible_") && key.contains("pass") && !key.contains("file") {
                out.value(
                    key,
                    *v,
                    vec![("host", host.clone()), ("user", user.clone())],
                );
            }
        }
    }
}

/// `security dump-keychain -d` output: per item, the `data:` that follows its attributes (the
/// password, or a `0x...` hex blob), for its server or service and account.
pub(crate) fn parse_keychain_dump(out: &mut Out<'_>) {
    let c = out.content;
    let mut attrs: Vec<(String, String)> = Vec::new();
    let mut take_data = false;
    for line in super::lines(c) {
        let (s, e) = super::trim(c, line);
        let text = &c[s..e];
        if text.starts_with(b"keychain:") {
            attrs.clear();
            take_data = false;
            continue;
        }
        if text == b"data:" {
            take_data = true;
            continue;
        }
        if take_data {
            take_data = false;
            let get = |k: &str| {
                attrs
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let ctx = vec![
                ("host", get("srvr")),
                ("user", get("acct")),
                (
                    "account",
                    if get("svce").is_empty() {
                        get("0x00000007")
                    } else {
                        get("svce")
                    },
                ),
            ];
            let v = super::unquote(c, (s, e));
            if v != (s, e) || !text.starts_with(b"0x") {
                out.value("data", v, ctx);
            }
            continue;
        }
        // `"acct"<blob>="carol"`, `0x00000007 <blob>="label"`
        if let Some(lt) = memchr::memchr(b'<', text) {
            if let Some(eq) = memchr::memmem::find(text, b">=\"") {
                let name = String::from_utf8_lossy(&text[..lt])
                    .trim()
                    .trim_matches('"')
                    .to_string();
                let value = String::from_utf8_lossy(&text[eq + 3..text.len().saturating_sub(1)])
                    .into_owned();
                attrs.push((name, value));
            }
        }
    }
}

/// The fields of one CSV line (quoted fields may hold commas and doubled quotes), as ranges
/// without their quotes.
fn csv_fields(c: &[u8], (s, e): (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = s;
    loop {
        if i < e && c[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < e && !(c[j] == b'"' && c.get(j + 1) != Some(&b'"')) {
                j += if c[j] == b'"' { 2 } else { 1 };
            }
            out.push((start, j.min(e)));
            i = j + 1;
            while i < e && c[i] != b',' {
                i += 1;
            }
        } else {
            let start = i;
            while i < e && c[i] != b',' {
                i += 1;
            }
            out.push((start, i));
        }
        if i >= e {
            break;
        }
        i += 1;
    }
    out
}

/// Password exports (Chrome, Firefox, Bitwarden, LastPass, 1Password CSV): a header with a
/// `password` column and a `url` or `username` column; each row's password, with its site and
/// user.
pub(crate) fn parse_csv_export(out: &mut Out<'_>) {
    let c = out.content;
    let mut rows = super::lines(c);
    let Some(header) = rows.next() else { return };
    let names: Vec<String> = csv_fields(c, header)
        .into_iter()
        .map(|f| super::text(c, f).trim().to_ascii_lowercase())
        .collect();
    let col = |want: &[&str]| names.iter().position(|n| want.contains(&n.as_str()));
    let Some(pass) = col(&["password", "login_password", "pass"]) else {
        return;
    };
    let url = col(&["url", "login_uri", "origin", "website", "hostname"]);
    let user = col(&["username", "login_username", "login", "user", "email"]);
    let name = col(&["name", "title"]);
    if url.is_none() && user.is_none() {
        return;
    }
    for row in rows {
        let fields = csv_fields(c, row);
        let get = |i: Option<usize>| {
            i.and_then(|i| fields.get(i))
                .map(|f| super::text(c, *f))
                .unwrap_or_default()
        };
        if let Some(&span) = fields.get(pass) {
            let ctx = vec![
                ("url", get(url)),
                ("user", get(user)),
                ("account", get(name)),
            ];
            out.value(&names[pass], span, ctx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{contexts, found};
    use super::*;
    use crate::rules::ParserKind::*;

    #[test]
    fn winscp_sessions() {
        // "Nov2022$ecure" for bob@web01.example.net, obfuscated as WinSCP stores it.
        let ini = "[Sessions\\bob@web01.example.net]\nHostName=web01.example.net\nUserName=bob\n\
            Password=A35C7D5F2ADE2D3E333E2B393E6C6D7239243D312C30397232392812332A6E6C6E6E78393F292E391A572E75AE6071B8C97B\n\
            [Sessions\\lab%20box]\nHostName=10.0.0.2\nUserName=pi\nPasswordPlain=raspberry\n\
            [Configuration\\Security]\nUseMasterPassword=0\n";
        let got = found(parse_winscp, ini);
        assert_eq!(
            got,
            [
                (Secret, "Password".to_string(), "Nov2022$ecure".to_string()),
                (DefaultPassword, "PasswordPlain".into(), "raspberry".into()),
            ]
        );
        assert!(contexts(parse_winscp, ini)[1].contains(&("account", "lab box".to_string())));
        assert_eq!(winscp_decode(b"zz", "", ""), None);
    }

    #[test]
    fn smtp_rc_accounts() {
        let msmtp = "defaults\nauth on\n\naccount gmail\nhost smtp.gmail.com\nport 587\nuser a@gmail.com\npassword uxopvocbjfeuvamj\n\
            account fm\nhost smtp.fastmail.com\npasswordeval \"gpg -d x.gpg\"\n# password <app password>\n";
        assert_eq!(
            found(parse_smtp_rc, msmtp),
            [(
                Secret,
                "password".to_string(),
                "uxopvocbjfeuvamj".to_string()
            )]
        );
        assert_eq!(
            contexts(parse_smtp_rc, msmtp)[0],
            [
                ("host", "smtp.gmail.com".to_string()),
                ("port", "587".into()),
                ("user", "a@gmail.com".into()),
                ("account", "gmail".into())
            ]
        );
        let esmtp = "identity = \"alice@example.org\"\n\thostname = smtp.example.org:587\n\tusername = \"alice\"\n\tpassword = \"Juniper&Sage21\"\n";
        assert_eq!(found(parse_smtp_rc, esmtp)[0].2, "Juniper&Sage21");
        assert_eq!(
            contexts(parse_smtp_rc, esmtp)[0][1],
            ("port", "587".to_string())
        );
    }

    #[test]
    fn muttrc_passwords_and_urls() {
        let rc = "set imap_user = \"a@example.org\"\nset imap_pass = \"Marigold#Field6\"\n\
            set smtp_url = \"smtps://a%40example.org:Tangerine%3ADream%4077@smtp.example.org:465/\"\n\
            set smtp_pass = \"`pass show mail`\"\n# set imap_pass = \"Commented-0ut\"\n";
        let got = found(parse_muttrc, rc);
        assert_eq!(
            got[0],
            (
                Secret,
                "imap_pass".to_string(),
                "Marigold#Field6".to_string()
            )
        );
        assert_eq!(
            got[1],
            (
                Secret,
                "smtp_url".to_string(),
                "Tangerine:Dream@77".to_string()
            )
        );
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn git_credentials() {
        let g = "https://alice: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@github.com\n\
            https://a%40x.org:Gr33n%40Tea%3AHoney@bitbucket.org\n\
            https://alice:%24%7BGIT_TOKEN%7D@git.example.net\nhttps://ci:changeme@ci.example\n\
            https://jenkins:B~weKkv6tJYsNyKX?v@git.corp.example\n";
        let got = found(parse_git_credentials, g);
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].2, "B~weKkv6tJYsNyKX?v");
        assert_eq!(got[1].2, "Gr33n@Tea:Honey");
        assert_eq!(
            contexts(parse_git_credentials, g)[1],
            [
                ("user", "a@x.org".to_string()),
                ("url", "https://bitbucket.org".into())
            ]
        );
    }

    #[test]
    fn gitconfig_and_gem_credentials() {
        let g = "[http \"https://build.corp.example\"]\n\tproxy = http://alice:Velvet#Moon23@proxy.corp.example:3128\n\
            [sendemail]\n\tsmtpServer = smtp.example.org\n\tsmtpUser = alice@example.org\n\tsmtpPass = EOniuiNw7yyp~Joh\n\
            [remote \"origin\"]\n\turl = ssh://git@backup.internal/srv/git/website.git\n";
        let got = found(parse_gitconfig, g);
        assert_eq!(
            got,
            [
                (Secret, "password".to_string(), "Velvet#Moon23".to_string()),
                (Secret, "smtpPass".into(), "EOniuiNw7yyp~Joh".into()),
            ]
        );
        let gem = "---\n:rubygems_api_key: rubygems_bb827dd7bd4839081550ce45569a99306a028f032bae5125\n\
            https://gems.corp.example: 825af80f73ad7c6b95b2c430ea59fd0a\n:staging: Bearer TOKEN\n# :x: <token>\n";
        let got = found(parse_gem_credentials, gem);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].1, "https://gems.corp.example");
    }

    #[test]
    fn compose_tfvars_and_ansible() {
        let compose = "services:\n  db:\n    environment:\n      POSTGRES_USER: worker\n      POSTGRES_PASSWORD: postgres\n\
            MYSQL_ROOT_PASSWORD: root\n      MYSQL_PASSWORD_FILE: /run/secrets/p\n\
            - DATABASE_URL=postgres://worker:Pg-Pass-77@db:5432/jobs\n      AMQP_URL: amqp://w:${RABBITMQ_PASS}@rabbit:5672/\n";
        let got = found(parse_compose, compose);
        let kinds: Vec<_> = got
            .iter()
            .map(|g| (g.0, g.1.as_str(), g.2.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (DefaultPassword, "POSTGRES_PASSWORD", "postgres"),
                (DefaultPassword, "MYSQL_ROOT_PASSWORD", "root"),
                (Secret, "password", "Pg-Pass-77"),
            ]
        );
        assert_eq!(
            contexts(parse_compose, compose)[0],
            [("user", "worker".to_string())]
        );
        let tf = "db_password = \"Granite#Peak2024\"\n# db_password = \"change-me\"\ndatadog_app_key = \"964d032d7d34d44db0a0adb199ec07e1becf4eaf\"\nssh_key_name = \"deploy\"\ngithub_token = \"\"\n";
        let got = found(parse_tfvars, tf);
        assert_eq!(got.len(), 2);
        let ini = "[web]\nweb01 ansible_user=deploy ansible_password='Quokka!Smile3' ansible_become_pass=SDEi!3eC1\n\
            lab02 ansible_password='{{ lab_password }}'\n";
        let got = found(parse_ansible, ini);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].2, "Quokka!Smile3");
        assert_eq!(
            contexts(parse_ansible, ini)[0],
            [("host", "web01".to_string()), ("user", "deploy".into())]
        );
        let yml = "all:\n  hosts:\n    mon01.example.net:\n      ansible_user: deploy\n      ansible_become_pass_backup: Ipoc!nqwAm4DtL\n";
        assert_eq!(found(parse_ansible, yml)[0].2, "Ipoc!nqwAm4DtL");
        assert_eq!(
            contexts(parse_ansible, yml)[0],
            [
                ("host", "mon01.example.net".to_string()),
                ("user", "deploy".into())
            ]
        );
    }

    #[test]
    fn keychain_dumps() {
        let d = "keychain: \"/x\"\nclass: \"inet\"\nattributes:\n    \"acct\"<blob>=\"carol-gh\"\n    \"desc\"<blob>=\"Web form password\"\n    \"srvr\"<blob>=\"github.com\"\n\
            data:\n\"gh-secret-value-1\"\nkeychain: \"/x\"\nattributes:\n    0x00000007 <blob>=\"AirPort\"\n    \"acct\"<blob>=\"net-5G\"\ndata:\n\"correct-horse-battery-9\"\n\
            keychain: \"/x\"\ndata:\n<NULL>\n";
        let got = found(parse_keychain_dump, d);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].2, "correct-horse-battery-9");
        assert_eq!(
            contexts(parse_keychain_dump, d)[0],
            [
                ("host", "github.com".to_string()),
                ("user", "carol-gh".into())
            ]
        );
    }

    #[test]
    fn csv_exports() {
        let csv = "name,url,username,password,note\ngithub.com,https://github.com/session,bob,Hornet!Nest2021,\n\
            router,http://192.168.1.1/,admin,admin,\nfed,https://x.example,bob,,\n";
        let got = found(parse_csv_export, csv);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].0, got[1].0), (Secret, DefaultPassword));
        let quoted =
            "\"url\",\"username\",\"password\"\n\"https://a.example\",\"c@x\",\"Clem,entine*22\"\n";
        assert_eq!(found(parse_csv_export, quoted)[0].2, "Clem,entine*22");
        assert!(found(parse_csv_export, "id,password_hint\n1,x\n").is_empty());
    }
}
