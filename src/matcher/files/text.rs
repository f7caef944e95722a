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
    let mut passwords: Vec<(usize, Vec<(String, (usize, usize))>)> = Vec::new();
    let mut flush = |block: &mut Vec<(String, (usize, usize))>| {
        if block.iter().any(|(k, _)| k == "password") {
            passwords.push((0, std::mem::take(block)));
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
    for (_, block) in passwords {
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
        let user = if get("user").is_empty() { get("username") } else { get("user") };
        let account = if get("account").is_empty() { get("identity") } else { get("account") };
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

/// The user, password and host of a URL's `scheme://user:password@host[:port]/...` part (as
/// ranges into `c`, from `at`), if it has a password.
pub(crate) fn url_userinfo(c: &[u8], (s, e): (usize, usize)) -> Option<((usize, usize), (usize, usize), String, String)> {
    let scheme_end = s + memchr::memmem::find(&c[s..e], b"://")?;
    let auth = scheme_end + 3;
    let auth_end = c[auth..e]
        .iter()
        .position(|b| matches!(b, b'/' | b'?' | b'#' | b'"' | b'\'' | b' '))
        .map_or(e, |i| auth + i);
    let at = auth + memchr::memrchr(b'@', &c[auth..auth_end])?;
    let colon = auth + memchr::memchr(b':', &c[auth..at])?;
    let hostport = super::text(c, (at + 1, auth_end));
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) => (h.to_string(), p.to_string()),
        _ => (hostport, String::new()),
    };
    Some(((auth, colon), (colon + 1, at), host, port))
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
        let Some(eq) = memchr::memchr(b'=', &c[s..e]) else { continue };
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
            if let Some((user, pass, host, port)) = url_userinfo(c, v) {
                let user = String::from_utf8_lossy(&super::percent(&c[user.0..user.1])).into_owned();
                let plain = super::percent(&c[pass.0..pass.1]);
                let ctx = vec![("host", host), ("port", port), ("user", user)];
                out.decoded(&key, pass, plain, "percent", ctx);
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
    let Some(pass) = col(&["password", "login_password", "pass"]) else { return };
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
            let ctx = vec![("url", get(url)), ("user", get(user)), ("account", get(name))];
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
            [(Secret, "password".to_string(), "uxopvocbjfeuvamj".to_string())]
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
        assert_eq!(contexts(parse_smtp_rc, esmtp)[0][1], ("port", "587".to_string()));
    }

    #[test]
    fn muttrc_passwords_and_urls() {
        let rc = "set imap_user = \"a@example.org\"\nset imap_pass = \"Marigold#Field6\"\n\
            set smtp_url = \"smtps://a%40example.org:Tangerine%3ADream%4077@smtp.example.org:465/\"\n\
            set smtp_pass = \"`pass show mail`\"\n# set imap_pass = \"Commented-0ut\"\n";
        let got = found(parse_muttrc, rc);
        assert_eq!(got[0], (Secret, "imap_pass".to_string(), "Marigold#Field6".to_string()));
        assert_eq!(got[1], (Secret, "smtp_url".to_string(), "Tangerine:Dream@77".to_string()));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn csv_exports() {
        let csv = "name,url,username,password,note\ngithub.com,https://github.com/session,bob,Hornet!Nest2021,\n\
            router,http://192.168.1.1/,admin,admin,\nfed,https://x.example,bob,,\n";
        let got = found(parse_csv_export, csv);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].0, got[1].0), (Secret, DefaultPassword));
        let quoted = "\"url\",\"username\",\"password\"\n\"https://a.example\",\"c@x\",\"Clem,entine*22\"\n";
        assert_eq!(found(parse_csv_export, quoted)[0].2, "Clem,entine*22");
        assert!(found(parse_csv_export, "id,password_hint\n1,x\n").is_empty());
    }
}
