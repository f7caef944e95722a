//! `.netrc` / `_netrc` (ftp, curl, git, Heroku): `machine HOST login USER password PASS`, the
//! tokens on one line or spread over several, `default` for any host, `macdef` bodies skipped.

use super::Out;

/// The whitespace-separated tokens of `content`, as byte ranges, skipping `#` comments (a `#`
/// that starts a token) and the bodies of `macdef` (up to a blank line).
fn tokens(content: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = content.len();
    while i < n {
        let c = content[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'#' {
            while i < n && content[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        if c == b'"' {
            // A quoted token (curl and others accept them): up to the closing quote.
            i += 1;
            while i < n && content[i] != b'"' && content[i] != b'\n' {
                i += 1;
            }
            out.push((start + 1, i));
            i += 1;
        } else {
            while i < n && !content[i].is_ascii_whitespace() {
                i += 1;
            }
            out.push((start, i));
        }
        if &content[start..i] == b"macdef" {
            // Skip to the blank line that ends the macro.
            while i < n && !(content[i] == b'\n' && content.get(i + 1) == Some(&b'\n')) {
                i += 1;
            }
        }
    }
    out
}

pub(crate) fn parse(out: &mut Out<'_>) {
    let content = out.content;
    let toks = tokens(content);
    let word = |i: usize| &content[toks[i].0..toks[i].1];
    // The entries: the machine's host (None for `default`), its login and password spans.
    let mut host: Option<String> = None;
    let mut login: Option<String> = None;
    let mut password: Option<(usize, usize)> = None;
    let mut in_entry = false;
    let flush = |out: &mut Out<'_>,
                 host: &Option<String>,
                 login: &Option<String>,
                 password: Option<(usize, usize)>| {
        if let Some(span) = password {
            if super::anonymous(login.as_deref(), &out.content[span.0..span.1]) {
                return out.reject(span);
            }
            let mut ctx = vec![("user", login.clone().unwrap_or_default())];
            ctx.push(("host", host.clone().unwrap_or_default()));
            out.value("password", span, ctx);
        }
    };
    let mut i = 0;
    while i < toks.len() {
        let w = word(i);
        match w {
            b"machine" | b"default" => {
                if in_entry {
                    flush(out, &host, &login, password);
                }
                in_entry = true;
                login = None;
                password = None;
                host = None;
                if w == b"machine" && i + 1 < toks.len() {
                    host = Some(super::text(content, toks[i + 1]));
                    i += 1;
                }
            }
            b"login" | b"password" | b"account" | b"port" if in_entry && i + 1 < toks.len() => {
                let v = toks[i + 1];
                match w {
                    b"login" => login = Some(super::text(content, v)),
                    b"password" => password = Some(v),
                    _ => {}
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    if in_entry {
        flush(out, &host, &login, password);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{contexts, found};
    use super::*;
    use crate::rules::ParserKind::*;

    const NETRC: &str = "machine github.com\n  login alice\n  password Gh-Tok3n-xyz\n\n\
        machine ftp.example login backup password Fenway1918!\n\
        machine nas login admin password admin\n\
        machine reg login ci password changeme\n\
        # machine old login ci password Commented-0ut\n\
        macdef init\npassword InMacro-99\n\n\
        default login anonymous password \"Quoted pass\"\n";

    #[test]
    fn every_entry_form() {
        let got = found(parse, NETRC);
        let want = [
            (Secret, "password".to_string(), "Gh-Tok3n-xyz".to_string()),
            (Secret, "password".into(), "Fenway1918!".into()),
            (DefaultPassword, "password".into(), "admin".into()),
            (Secret, "password".into(), "Quoted pass".into()),
        ];
        assert_eq!(got, want);
        let ctx = contexts(parse, NETRC);
        assert_eq!(
            ctx[0],
            [("host", "github.com".to_string()), ("user", "alice".into())]
        );
        assert_eq!(ctx[3], [("user", "anonymous".to_string())]);
    }

    #[test]
    fn not_a_netrc() {
        assert!(found(parse, "some text with password in it\n").is_empty());
    }
}
