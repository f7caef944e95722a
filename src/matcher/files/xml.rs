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

/// The `name="value"` attributes of the tag text `c[s..e]`: (name, value range).
fn attributes(c: &[u8], (s, e): (usize, usize)) -> Vec<(String, (usize, usize))> {
    let mut out = Vec::new();
    let mut i = s;
    while i < e {
        let Some(eq) = memchr::memchr(b'=', &c[i..e]).map(|p| i + p) else {
            break;
        };
        let name_start = c[i..eq]
            .iter()
            .rposition(|b| b.is_ascii_whitespace())
            .map_or(i, |p| i + p + 1);
        let q = eq + 1;
        if q >= e || !matches!(c[q], b'"' | b'\'') {
            i = eq + 1;
            continue;
        }
        let Some(close) = memchr::memchr(c[q], &c[q + 1..e]).map(|p| q + 1 + p) else {
            break;
        };
        out.push((super::text(c, (name_start, eq)), (q + 1, close)));
        i = close + 1;
    }
    out
}

/// .NET `web.config`/`app.config`: passwords in `<connectionStrings>` (`Password=`, `Pwd=`,
/// `AccountKey=`), `<appSettings>` entries whose key says secret (and connection strings among
/// them), and `<machineKey>`'s `validationKey` and `decryptionKey`.
pub(crate) fn parse_dotnet_config(out: &mut Out<'_>) {
    let c = out.content;
    let mut from = 0;
    while let Some(lt) = memchr::memchr(b'<', &c[from..]).map(|i| from + i) {
        let Some(gt) = memchr::memchr(b'>', &c[lt..]).map(|i| lt + i) else {
            break;
        };
        from = gt + 1;
        let tag = &c[lt + 1..gt];
        let name_end = tag
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        if name.starts_with(b"!") {
            // A comment: skip to its end.
            if let Some(end) = memchr::memmem::find(&c[lt..], b"-->") {
                from = lt + end + 3;
            }
            continue;
        }
        let attrs = attributes(c, (lt + 1 + name_end, gt));
        let get = |n: &str| {
            attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(n))
                .map(|(_, v)| *v)
        };
        match name {
            b"add" => {
                let label = get("name")
                    .or(get("key"))
                    .map(|v| super::text(c, v))
                    .unwrap_or_default();
                let value = get("connectionString").or(get("value"));
                let Some(v) = value else { continue };
                if super::has_connection_password(&c[v.0..v.1]) {
                    for f in super::connection_string(c, v) {
                        let mut ctx = f.context;
                        ctx.push(("account", label.clone()));
                        out.value(&f.name, f.span, ctx);
                    }
                } else if get("key").is_some() && super::secret_key(&label) {
                    out.value(&label, v, Vec::new());
                }
            }
            b"machineKey" => {
                for key in ["validationKey", "decryptionKey"] {
                    if let Some(v) = get(key) {
                        let raw = &c[v.0..v.1];
                        if !raw.starts_with(b"AutoGenerate") {
                            out.value(key, v, Vec::new());
                        }
                    }
                }
            }
            _ => {}
        }
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
            let Some(plain) = super::base64(raw) else {
                continue;
            };
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
    fn dotnet_config() {
        let x = r#"<configuration><connectionStrings>
            <add name="BillingDb" connectionString="Server=tcp:sql01,1433;Database=Billing;User ID=app;Password=Marathon#2600;" />
            <add name="AuditDb" connectionString="Data Source=sql02;Integrated Security=SSPI;" />
            <add name="ReportsDb" connectionString="Server=sql03;User Id=r;Password=#{ReportsDbPassword};" />
            <!-- <add key="SmtpPassword" value="Commented-Out-9" /> -->
          </connectionStrings><appSettings>
            <add key="SmtpPassword" value="Breakwater-77" /><add key="PasswordResetUrl" value="https://x/reset" />
          </appSettings><machineKey validationKey="07C76E52D04F3D91B7DA" decryptionKey="AutoGenerate,IsolateApps" /></configuration>"#;
        let got = found(parse_dotnet_config, x);
        let names: Vec<_> = got.iter().map(|g| (g.1.as_str(), g.2.as_str())).collect();
        assert_eq!(
            names,
            [
                ("Password", "Marathon#2600"),
                ("SmtpPassword", "Breakwater-77"),
                ("validationKey", "07C76E52D04F3D91B7DA")
            ]
        );
        assert!(contexts(parse_dotnet_config, x)[0].contains(&("account", "BillingDb".to_string())));
    }

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
