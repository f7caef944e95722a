//! PostgreSQL's `.pgpass`: `hostname:port:database:username:password` per line, `*` for any,
//! `\:` and `\\` escaping a colon and a backslash, `#` comments.

use super::Out;

/// The five fields of a line (ranges into `content`), split at unescaped colons; `None` when the
/// line has fewer than five (it is no `.pgpass` entry).
fn fields(content: &[u8], (s, e): (usize, usize)) -> Option<[(usize, usize); 5]> {
    let mut out = [(0, 0); 5];
    let mut n = 0;
    let mut start = s;
    let mut i = s;
    while i < e && n < 4 {
        match content[i] {
            b'\\' => i += 1,
            b':' => {
                out[n] = (start, i);
                n += 1;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if n < 4 {
        return None;
    }
    // The password is the rest of the line.
    out[4] = (start, e);
    Some(out)
}

fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\\' && i + 1 < raw.len() {
            i += 1;
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

pub(crate) fn parse(out: &mut Out<'_>) {
    let content = out.content;
    for line in super::lines(content) {
        let line = super::trim(content, line);
        if line.0 == line.1 || content[line.0] == b'#' {
            continue;
        }
        let Some([host, port, db, user, pass]) = fields(content, line) else {
            continue;
        };
        let port_text = &content[port.0..port.1];
        if !(port_text == b"*"
            || (!port_text.is_empty() && port_text.iter().all(u8::is_ascii_digit)))
        {
            continue;
        }
        let t = |span: (usize, usize)| {
            String::from_utf8_lossy(&unescape(&content[span.0..span.1])).into_owned()
        };
        let ctx = vec![
            ("host", t(host)),
            ("port", t(port)),
            ("database", t(db)),
            ("user", t(user)),
        ];
        let raw = &content[pass.0..pass.1];
        out.decoded("password", pass, unescape(raw), "pgpass-escape", ctx);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{contexts, found};
    use super::*;
    use crate::rules::ParserKind::*;

    const PGPASS: &str = "# hostname:port:database:username:password\n\
        db.internal:5432:app:app:Tr0ub4dor&3\n\
        reports:5432:analytics:ro:Hap\\:py\\\\Days42\n\
        localhost:5432:*:postgres:postgres\n\
        #staging:5432:app:app:Commented-Out1\n\
        localhost:5432:test:test:password\n\
        ci:5432:ci:ci:${PGPASSWORD}\n\
        not a pgpass line\n\
        host:notaport:db:user:Whatever-1\n";

    #[test]
    fn entries_escapes_and_decoys() {
        let got = found(parse, PGPASS);
        assert_eq!(
            got,
            [
                (Secret, "password".to_string(), "Tr0ub4dor&3".to_string()),
                (Secret, "password".into(), "Hap:py\\Days42".into()),
                (DefaultPassword, "password".into(), "postgres".into()),
            ]
        );
        assert_eq!(
            contexts(parse, PGPASS)[0],
            [
                ("host", "db.internal".to_string()),
                ("port", "5432".into()),
                ("database", "app".into()),
                ("user", "app".into())
            ]
        );
        // `*` is left out of the context.
        assert_eq!(
            contexts(parse, PGPASS)[2],
            [
                ("host", "localhost".to_string()),
                ("port", "5432".into()),
                ("user", "postgres".into())
            ]
        );
    }
}
