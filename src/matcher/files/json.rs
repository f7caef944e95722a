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
    walk(c).0
}

/// [`members`], and for each object (by id) the key it is the value of.
pub(crate) fn walk(c: &[u8]) -> (Vec<Member>, Vec<Option<String>>) {
    let mut out = Vec::new();
    let mut keys: Vec<Option<String>> = Vec::new();
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
                keys.push(key.take());
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
                    out.push(Member {
                        object: *object,
                        key: k,
                        value: (start, end),
                        string: true,
                    });
                }
                i = end + 1;
                continue;
            }
            b if b.is_ascii_alphanumeric() || b == b'-' => {
                let start = i;
                while i < n && (c[i].is_ascii_alphanumeric() || matches!(c[i], b'-' | b'+' | b'.'))
                {
                    i += 1;
                }
                if let (Some(Some(object)), Some(k)) = (stack.last(), key.take()) {
                    out.push(Member {
                        object: *object,
                        key: k,
                        value: (start, i),
                        string: false,
                    });
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    (out, keys)
}

/// The FTP/SFTP clients' settings: per object, its password fields with their connection.
pub(crate) fn parse_ftp(out: &mut Out<'_>) {
    let c = out.content;
    let all = members(c);
    for m in all.iter().filter(|m| m.string) {
        let key = m.key.to_ascii_lowercase();
        if !matches!(
            key.as_str(),
            "password"
                | "pass"
                | "passphrase"
                | "passwd"
                | "userpassword"
                | "sshuserpassword"
                | "sshpassphrase"
        ) {
            continue;
        }
        let get = |names: &[&str]| {
            all.iter()
                .find(|o| {
                    o.object == m.object && names.contains(&o.key.to_ascii_lowercase().as_str())
                })
                .map(|o| super::text(c, o.value))
                .unwrap_or_default()
        };
        let ctx = vec![
            ("host", get(&["host", "hostname", "server"])),
            ("port", get(&["port"])),
            ("database", get(&["databasename", "database"])),
            ("user", get(&["user", "username", "login"])),
            ("account", get(&["name", "connectionname"])),
        ];
        out.value(&m.key, m.value, ctx);
    }
}

/// The `user:password` a base64 `auth` value decodes to: the user and the password.
fn basic_auth(raw: &[u8]) -> Option<(String, Vec<u8>)> {
    let plain = super::base64(raw)?;
    let colon = memchr::memchr(b':', &plain)?;
    Some((
        String::from_utf8_lossy(&plain[..colon]).into_owned(),
        plain[colon + 1..].to_vec(),
    ))
}

/// Docker's `config.json` (`auths`) and the older `.dockercfg`: each registry's `auth` (base64
/// `user:password`) and `identitytoken`/`registrytoken`.
pub(crate) fn parse_docker(out: &mut Out<'_>) {
    let c = out.content;
    let (all, keys) = walk(c);
    for m in all.iter().filter(|m| m.string) {
        let registry = keys.get(m.object).cloned().flatten().unwrap_or_default();
        match m.key.as_str() {
            "auth" => {
                let Some((user, password)) = basic_auth(&c[m.value.0..m.value.1]) else {
                    continue;
                };
                let ctx = vec![("url", registry), ("user", user)];
                out.decoded("auth", m.value, password, "base64", ctx);
            }
            "identitytoken" | "registrytoken" | "password" => {
                out.value(&m.key, m.value, vec![("url", registry)])
            }
            _ => {}
        }
    }
}

/// Composer's `auth.json`: `http-basic` (per host: username, password), `bearer`,
/// `github-oauth`, `gitlab-token`, `gitlab-oauth` and `bitbucket-oauth` (per host: the token).
pub(crate) fn parse_composer(out: &mut Out<'_>) {
    let c = out.content;
    let (all, keys) = walk(c);
    // The key an object is the value of: the section (`bearer`) or the host (`http-basic.{host}`).
    let section_of = |object: usize| keys.get(object).cloned().flatten().unwrap_or_default();
    for m in all.iter().filter(|m| m.string) {
        let section = section_of(m.object);
        match section.as_str() {
            "bearer" | "github-oauth" | "gitlab-token" | "gitlab-oauth" => {
                out.value(&section, m.value, vec![("host", m.key.clone())])
            }
            _ if m.key == "password" || m.key == "consumer-secret" || m.key == "token" => {
                // http-basic.{host}.password, bitbucket-oauth.{host}.consumer-secret,
                // gitlab-token.{host}.token
                let user = all
                    .iter()
                    .find(|o| {
                        o.object == m.object && (o.key == "username" || o.key == "consumer-key")
                    })
                    .map(|o| super::text(c, o.value))
                    .unwrap_or_default();
                out.value(&m.key, m.value, vec![("host", section), ("user", user)]);
            }
            _ => {}
        }
    }
}

/// Google service-account keys (`"type": "service_account"`): the `private_key`, for the
/// account's `client_email` in its `project_id`; the `private_key_id` is the key's public id (it
/// is in every token's header), not a secret.
pub(crate) fn parse_service_account(out: &mut Out<'_>) {
    let c = out.content;
    if memchr::memmem::find(c, b"\"service_account\"").is_none() {
        return;
    }
    let all = members(c);
    let get = |k: &str| {
        all.iter()
            .find(|m| m.key == k)
            .map(|m| super::text(c, m.value))
            .unwrap_or_default()
    };
    if get("type") != "service_account" {
        return;
    }
    for m in &all {
        match m.key.as_str() {
            "private_key_id" => out.reject(m.value),
            "private_key" => {
                let ctx = vec![
                    ("user", get("client_email")),
                    ("account", get("project_id")),
                ];
                out.value("private_key", m.value, ctx);
            }
            _ => {}
        }
    }
}

/// ASP.NET Core `appsettings*.json`: passwords in connection strings (`ConnectionStrings`, or
/// any value that reads as one), and settings whose name says secret (`Jwt:Key`,
/// `Smtp:Password`), named by their configuration path.
pub(crate) fn parse_appsettings(out: &mut Out<'_>) {
    let c = out.content;
    let (all, keys) = walk(c);
    for m in all.iter().filter(|m| m.string) {
        let value = &c[m.value.0..m.value.1];
        let parent = keys.get(m.object).cloned().flatten();
        if super::has_connection_password(value) {
            for f in super::connection_string(c, m.value) {
                let mut ctx = f.context;
                ctx.push(("account", m.key.clone()));
                out.value(&f.name, f.span, ctx);
            }
            continue;
        }
        let k = m.key.to_ascii_lowercase();
        if super::secret_key(&m.key)
            || matches!(k.as_str(), "key" | "signingkey" | "secret" | "clientsecret")
        {
            let field = match &parent {
                Some(p) => format!("{p}:{}", m.key),
                None => m.key.clone(),
            };
            let user = all
                .iter()
                .find(|o| {
                    o.object == m.object
                        && matches!(o.key.to_ascii_lowercase().as_str(), "user" | "username")
                })
                .map(|o| super::text(c, o.value))
                .unwrap_or_default();
            out.value(&field, m.value, vec![("user", user)]);
        }
    }
}

/// Terraform state: the values of sensitive outputs, and the secret attributes of resources
/// (`password`, `result` of `random_password`, `secret`, `private_key_pem`, SES SMTP passwords;
/// `bcrypt_hash` as a hash), named by their attribute.
pub(crate) fn parse_tfstate(out: &mut Out<'_>) {
    let c = out.content;
    let (all, keys) = walk(c);
    let sensitive = |object: usize| {
        all.iter().any(|o| {
            o.object == object && o.key == "sensitive" && &c[o.value.0..o.value.1] == b"true"
        })
    };
    // The resource each attributes object belongs to: its nearest `type`/`name` members before it.
    let mut resource = String::new();
    let mut kind = String::new();
    for m in &all {
        if m.key == "type" && m.string && keys.get(m.object).cloned().flatten().is_none() {
            kind = super::text(c, m.value);
        }
        if m.key == "name" && m.string && !kind.is_empty() {
            resource = format!("{kind}.{}", super::text(c, m.value));
        }
        if !m.string {
            continue;
        }
        let parent = keys.get(m.object).cloned().flatten().unwrap_or_default();
        let k = m.key.as_str();
        if k == "value" && sensitive(m.object) {
            out.value(
                &parent,
                m.value,
                vec![("account", format!("output {parent}"))],
            );
        } else if parent == "attributes" {
            let ctx = vec![("account", resource.clone())];
            match k {
                "bcrypt_hash" => out.hash(k, m.value, ctx),
                "result" if kind == "random_password" => out.value(k, m.value, ctx),
                "password"
                | "secret"
                | "master_password"
                | "private_key_pem"
                | "private_key_openssh"
                | "ses_smtp_password_v4"
                | "access_key"
                | "client_secret"
                | "token" => out.value(k, m.value, ctx),
                _ => {}
            }
        }
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
        let got: Vec<(usize, String, bool)> = members(j)
            .into_iter()
            .map(|m| (m.object, m.key, m.string))
            .collect();
        assert_eq!(
            got,
            [
                (1, "b".to_string(), true),
                (1, "n".into(), false),
                (2, "d".into(), false)
            ]
        );
    }

    #[test]
    fn docker_composer_and_service_accounts() {
        let docker = r#"{"auths": {"registry.gitlab.com": {"auth": "YWxpY2UtZGV2OmdscGF0LXVzbzUzbllNQ0xnZTI2MmMwaVN2"},
            "registry.example.com": {"auth": "dXNlcjpjaGFuZ2VtZQ=="}, "ghcr.io": {}}, "credsStore": "desktop"}"#;
        assert_eq!(
            found(parse_docker, docker),
            [(
                Secret,
                "auth".to_string(),
                "glpat-uso53nYMCLge262c0iSv".to_string()
            )]
        );
        assert_eq!(
            contexts(parse_docker, docker)[0],
            [
                ("user", "alice-dev".to_string()),
                ("url", "registry.gitlab.com".into())
            ]
        );
        let composer = r#"{"http-basic": {"repo.example": {"username": "bob", "password": "Dolphin#Sea88"}},
            "bearer": {"api.example": "BiQ9XPoasKsSj0lv7XKyubZc5JihlCuhsRu1ttR4"}, "github-oauth": {"github.com": "${GITHUB_TOKEN}"}}"#;
        let got = found(parse_composer, composer);
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].1.as_str(), got[1].1.as_str()),
            ("password", "bearer")
        );
        let sa = r#"{"type": "service_account", "project_id": "p1", "private_key_id": "df514cf948881945ede84f5296c1b5ac31a40e54",
            "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----\n", "client_email": "x@p1.iam.gserviceaccount.com"}"#;
        let mut o = Out::new(sa.as_bytes());
        parse_service_account(&mut o);
        assert_eq!(o.found.len(), 1);
        assert_eq!(o.rejected.len(), 1);
        assert!(found(parse_service_account, r#"{"type": "authorized_user"}"#).is_empty());
    }

    #[test]
    fn appsettings_and_tfstate() {
        let app = r#"{"ConnectionStrings": {"Default": "Host=pg;Port=5432;Database=b;Username=u;Password=Evergreen&Pine4"},
            "Jwt": {"Issuer": "https://x", "Key": "WoCKRN68wSnijE9gGVMO6xv00LNsE2Eg"}, "Smtp": {"User": "u", "Password": ""}}"#;
        let got = found(parse_appsettings, app);
        assert_eq!(
            got,
            [
                (
                    Secret,
                    "Password".to_string(),
                    "Evergreen&Pine4".to_string()
                ),
                (
                    Secret,
                    "Jwt:Key".into(),
                    "WoCKRN68wSnijE9gGVMO6xv00LNsE2Eg".into()
                ),
            ]
        );
        let state = r#"{"version": 4, "lineage": "cd219a14", "outputs": {"ci_key": {"value": "fFx+iUCjeFKqsw/3C7ZG", "type": "string", "sensitive": true},
            "url": {"value": "https://x", "type": "string"}},
          "resources": [{"mode": "managed", "type": "random_password", "name": "db", "instances": [{"attributes":
            {"bcrypt_hash": "$2a$10$4KZRGoeQKcVDJLZBh9BTcu4uMH06ho8NkYZgTB6tOlXcCY3a3dHwm", "id": "none", "result": "burBM+v0kz+FDAAF"}}]}]}"#;
        let got = found(parse_tfstate, state);
        let kinds: Vec<_> = got.iter().map(|g| (g.0, g.1.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (Secret, "ci_key"),
                (PasswordHash, "bcrypt_hash"),
                (Secret, "result")
            ]
        );
        assert_eq!(
            contexts(parse_tfstate, state)[2],
            [("account", "random_password.db".to_string())]
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
                (
                    Secret,
                    "password".to_string(),
                    "Ocelot-Sunrise-31".to_string()
                ),
                (Secret, "password".into(), "6?8KItMLTgVwW_eAhw".into()),
            ]
        );
        assert_eq!(
            contexts(parse_ftp, j)[0],
            [
                ("host", "shop-example.com".to_string()),
                ("port", "22".into()),
                ("user", "shopdeploy".into())
            ]
        );
    }
}
