//! JSON settings of FTP/SFTP clients (Atom's `.ftpconfig` and `.remote-sync.json`, Sublime SFTP's
//! `sftp-config.json`, VS Code's `sftp.json`): each object's `password`/`pass`/`passphrase`,
//! with the host, port, user and name beside it. Comments (`//`, `/* */`) are allowed, as these
//! tools allow them.

use super::Out;

/// A scalar member of an object: the object it is in, its key, its value's range (a string's
/// without its quotes) and whether the value is a string.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) object: usize,
    pub(crate) key: String,
    pub(crate) value: (usize, usize),
    pub(crate) string: bool,
}

/// Every scalar object member of the JSON text `c`, in order. Arrays of scalars and malformed
/// input are skipped over; the walk never fails.
pub(crate) fn members(c: &[u8]) -> Vec<Member> {
    let mut out = Vec::new();
    // The open containers: Some(object id) for an object, None for an array.
    let mut stack: Vec<Option<usize>> = Vec::new();
    let mut objects = 0;
    let mut key: Option<String> = None;
    let mut expect_key = false;
    let mut i = 0;
    let n = c.len();
    while i < n {
        match c[i] {
            b'/' if c.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &c[i..]).map_or(n, |k| i + k);
                continue;
            }
            b'/' if c.get(i + 1) == Some(&b'*') => {
                i = memchr::memmem::find(&c[i + 2..], b"*/").map_or(n, |k| i + 2 + k + 2);
                continue;
            }
            b'{' => {
                stack.push(Some(objects));
                objects += 1;
                expect_key = true;
                key = None;
            }
            b'[' => {
                stack.push(None);
                expect_key = false;
                key = None;
            }
            b'}' | b']' => {
                stack.pop();
                key = None;
                expect_key = false;
            }
            b',' => {
                expect_key = matches!(stack.last(), Some(Some(_)));
                key = None;
            }
            b':' => expect_key = false,
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < n && c[j] != b'"' {
                    j += if c[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(n);
                if expect_key {
                    key = Some(String::from_utf8_lossy(&c[start..end]).into_owned());
                    expect_key = false;
                } else if let (Some(Some(object)), Some(k)) = (stack.last(), key.take()) {
                    out.push(Member { object: *object, key: k, value: (start, end), string: true });
                }
                i = end + 1;
                continue;
            }
            b if b.is_ascii_alphanumeric() || b == b'-' => {
                let start = i;
                while i < n && (c[i].is_ascii_alphanumeric() || matches!(c[i], b'-' | b'+' | b'.')) {
                    i += 1;
                }
                if let (Some(Some(object)), Some(k)) = (stack.last(), key.take()) {
                    out.push(Member { object: *object, key: k, value: (start, i), string: false });
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The FTP/SFTP clients' settings: per object, its password fields with their connection.
pub(crate) fn parse_ftp(out: &mut Out<'_>) {
    let c = out.content;
    let all = members(c);
    for m in all.iter().filter(|m| m.string) {
        let key = m.key.to_ascii_lowercase();
        if !matches!(key.as_str(), "password" | "pass" | "passphrase" | "passwd") {
            continue;
        }
        let get = |names: &[&str]| {
            all.iter()
                .find(|o| o.object == m.object && names.contains(&o.key.to_ascii_lowercase().as_str()))
                .map(|o| super::text(c, o.value))
                .unwrap_or_default()
        };
        let ctx = vec![
            ("host", get(&["host", "hostname", "server"])),
            ("port", get(&["port"])),
            ("user", get(&["user", "username", "login"])),
            ("account", get(&["name"])),
        ];
        out.value(&m.key, m.value, ctx);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{contexts, found};
    use super::*;
    use crate::rules::ParserKind::*;

    #[test]
    fn members_of_nested_objects_with_comments() {
        let j = br#"{"a": {"b": "x\"y", "n": 22}, // "c": "no"
            "l": ["s", {"d": true}] /* "e": "no" */}"#;
        let got: Vec<(usize, String, bool)> =
            members(j).into_iter().map(|m| (m.object, m.key, m.string)).collect();
        assert_eq!(
            got,
            [(1, "b".to_string(), true), (1, "n".into(), false), (2, "d".into(), false)]
        );
    }

    #[test]
    fn ftp_settings() {
        let j = r#"{
            // sftp-config.json
            "type": "sftp",
            "host": "shop-example.com",
            "user": "shopdeploy",
            "password": "Ocelot-Sunrise-31",
            //"password": "password",
            "port": "22",
            "profiles": {"staging": {"host": "staging.example", "password": "6?8KItMLTgVwW_eAhw"}},
            "passphrase": ""
        }"#;
        let got = found(parse_ftp, j);
        assert_eq!(
            got,
            [
                (Secret, "password".to_string(), "Ocelot-Sunrise-31".to_string()),
                (Secret, "password".into(), "6?8KItMLTgVwW_eAhw".into()),
            ]
        );
        assert_eq!(
            contexts(parse_ftp, j)[0],
            [("host", "shop-example.com".to_string()), ("port", "22".into()), ("user", "shopdeploy".into())]
        );
    }
}
