//! FileZilla's `sitemanager.xml` and `recentservers.xml`: each `<Server>`'s `<Pass>` (plain in
//! old versions, `encoding="base64"` since 3.26; `encoding="crypt"` is encrypted under the master
//! password and is not readable), with its host, port, user and site name.

use super::Out;

/// The content range of the first `<tag ...>...</tag>` in `c[s..e]`, with the opening tag's
/// attributes.
fn element(c: &[u8], (s, e): (usize, usize), tag: &str) -> Option<((usize, usize), String)> {
    let open = format!("<{tag}");
    let mut from = s;
    loop {
        let at = from + memchr::memmem::find(&c[from..e], open.as_bytes())?;
        let after = at + open.len();
        if !matches!(c.get(after), Some(b'>' | b' ' | b'\t' | b'/')) {
            from = after;
            continue;
        }
        let gt = after + memchr::memchr(b'>', &c[after..e])?;
        if c[gt - 1] == b'/' {
            return Some(((gt + 1, gt + 1), super::text(c, (after, gt - 1))));
        }
        let close = format!("</{tag}>");
        let end = gt + 1 + memchr::memmem::find(&c[gt + 1..e], close.as_bytes())?;
        return Some(((gt + 1, end), super::text(c, (after, gt))));
    }
}

pub(crate) fn parse_filezilla(out: &mut Out<'_>) {
    let c = out.content;
    let mut from = 0;
    while let Some(start) = memchr::memmem::find(&c[from..], b"<Server>").map(|i| from + i) {
        let body = start + 8;
        let Some(end) = memchr::memmem::find(&c[body..], b"</Server>").map(|i| body + i) else {
            break;
        };
        from = end;
        let block = (body, end);
        let get = |tag: &str| {
            element(c, block, tag)
                .map(|(span, _)| super::text(c, span))
                .unwrap_or_default()
        };
        let Some((span, attrs)) = element(c, block, "Pass") else {
            continue;
        };
        let user = get("User");
        let ctx = vec![
            ("host", get("Host")),
            ("port", get("Port")),
            ("user", user.clone()),
            ("account", get("Name")),
        ];
        let raw = &c[span.0..span.1];
        if attrs.contains("encoding=\"base64\"") {
            let Some(plain) = super::base64(raw) else { continue };
            if super::anonymous(Some(&user), &plain) {
                out.reject(span);
                continue;
            }
            out.decoded("Pass", span, plain, "base64", ctx);
        } else if !attrs.contains("encoding=") {
            if super::anonymous(Some(&user), raw) {
                out.reject(span);
                continue;
            }
            out.value("Pass", span, ctx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{contexts, found};
    use super::*;
    use crate::rules::ParserKind::*;

    #[test]
    fn servers() {
        let x = "<FileZilla3><Servers>\n<Server><Host>ftp.shop.example</Host><Port>21</Port><User>shopftp</User>\
            <Pass encoding=\"base64\">U2hvcCNMaXZlMjAyMw==</Pass><Name>Shop live</Name></Server>\n\
            <Server><Host>h2</Host><User>bob</User><Pass>Bl4ckC0ff33</Pass></Server>\n\
            <Server><Host>h3</Host><User>anonymous</User><Pass>anonymous@example.com</Pass></Server>\n\
            <Server><Host>h4</Host><User>c</User><Pass encoding=\"crypt\" pubkey=\"k\">7jbIv+qlM30P4o2y</Pass></Server>\n\
            <Server><Host>h5</Host><User>d</User><Logontype>2</Logontype></Server></Servers></FileZilla3>";
        assert_eq!(
            found(parse_filezilla, x),
            [
                (Secret, "Pass".to_string(), "Shop#Live2023".to_string()),
                (Secret, "Pass".into(), "Bl4ckC0ff33".into()),
            ]
        );
        assert_eq!(
            contexts(parse_filezilla, x)[0],
            [
                ("host", "ftp.shop.example".to_string()),
                ("port", "21".into()),
                ("user", "shopftp".into()),
                ("account", "Shop live".into())
            ]
        );
    }
}
