//! Credential files read as what they are: a small parser per format, chosen by the file's path
//! and confirmed by its content, that yields each credential with the field that holds it and
//! the account it unlocks (`.pgpass` line 3: the password for `db.internal:5432/app`, user
//! `app`). The matcher (`Matcher::find_files`) judges what they yield like any rule's match and
//! reports it under the parser rules of `rules/credential_files.toml`.
//!
//! A parser sees bytes only and never fails: what does not parse as its format is skipped line by
//! line (or entry by entry), so a file that merely has a familiar name yields nothing.

mod hash;
mod json;
mod lex;
mod netrc;
mod passwd;
mod pgpass;
mod php;
mod sql;
mod text;
mod xml;

use crate::engine::bytes::contains;
use crate::rules::{Confidence, ParserKind};

/// One credential a parser found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    pub(crate) kind: ParserKind,
    /// The field as the format spells it.
    pub(crate) field: String,
    /// The value's byte range in the content (as stored: encoded, escaped).
    pub(crate) span: (usize, usize),
    /// The value decoded, when it is stored encoded or escaped, and how.
    pub(crate) decoded: Option<(Vec<u8>, &'static str)>,
    /// What it unlocks (`host`, `port`, `database`, `user`, `url`, `account`), in that order.
    pub(crate) context: Vec<(&'static str, String)>,
    pub(crate) note: Option<String>,
    /// Set for hashes: how sure the format makes us that it is one.
    pub(crate) confidence: Option<Confidence>,
}

/// What a parser reads and where it puts what it finds; [`Out::value`] and [`Out::hash`] judge a
/// value before it becomes a [`Candidate`].
pub(crate) struct Out<'a> {
    pub(crate) content: &'a [u8],
    pub(crate) found: Vec<Candidate>,
    /// The values the parser read and judged to be no credential (placeholders, templates,
    /// anonymous logins): another rule's match there is overruled (`Matcher::find_files`).
    pub(crate) rejected: Vec<(usize, usize)>,
}

/// The order context keys are reported in.
const CONTEXT_ORDER: [&str; 6] = ["host", "port", "database", "user", "url", "account"];

/// Context pairs with empty and wildcard values left out, in [`CONTEXT_ORDER`].
fn tidy(mut context: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
    context.retain(|(_, v)| !v.is_empty() && v != "*");
    context.sort_by_key(|(k, _)| CONTEXT_ORDER.iter().position(|o| o == k).unwrap_or(9));
    context.dedup_by(|a, b| a.0 == b.0);
    context
}

impl<'a> Out<'a> {
    pub(crate) fn new(content: &'a [u8]) -> Out<'a> {
        Out {
            content,
            found: Vec::new(),
            rejected: Vec::new(),
        }
    }

    /// Records that the value at `span` was read and is no credential.
    pub(crate) fn reject(&mut self, span: (usize, usize)) {
        self.rejected.push(span);
    }

    /// A password (or token, key) stored as is at `span`: reported unless it is no credential
    /// (see [`no_credential`]), as a default password if it is a well-known one.
    pub(crate) fn value(
        &mut self,
        field: &str,
        span: (usize, usize),
        context: Vec<(&'static str, String)>,
    ) {
        let value = self.content[span.0..span.1].to_vec();
        self.push_value(field, span, value, None, context);
    }

    /// Like [`Out::value`] for a value stored encoded at `span` (`decoded` is what it decodes to,
    /// `encoding` how): the decoded value is judged and reported.
    pub(crate) fn decoded(
        &mut self,
        field: &str,
        span: (usize, usize),
        decoded: Vec<u8>,
        encoding: &'static str,
        context: Vec<(&'static str, String)>,
    ) {
        if decoded == self.content[span.0..span.1] {
            return self.value(field, span, context);
        }
        self.push_value(field, span, decoded, Some(encoding), context);
    }

    fn push_value(
        &mut self,
        field: &str,
        span: (usize, usize),
        value: Vec<u8>,
        encoding: Option<&'static str>,
        context: Vec<(&'static str, String)>,
    ) {
        if span.1 <= span.0 || no_credential(&value) {
            return self.reject(span);
        }
        // A hash where a password should be is a hash (a dump's `password` column).
        if let Some((confidence, format)) = hash::recognise(&value) {
            return self.hash_found(field, span, confidence, format, context);
        }
        let (kind, note) = if is_default(&value) {
            (
                ParserKind::DefaultPassword,
                Some("a well-known default password: it still opens the door".to_string()),
            )
        } else {
            (ParserKind::Secret, None)
        };
        self.found.push(Candidate {
            kind,
            field: field.to_string(),
            span,
            decoded: encoding.map(|e| (value, e)),
            context: tidy(context),
            note,
            confidence: None,
        });
    }

    /// A value where the format stores a password hash: reported as one if its format is
    /// recognised (bare hex digests and DES crypt too, at low confidence).
    pub(crate) fn hash(
        &mut self,
        field: &str,
        span: (usize, usize),
        context: Vec<(&'static str, String)>,
    ) {
        if let Some((confidence, format)) = hash::recognise_stored(&self.content[span.0..span.1]) {
            self.hash_found(field, span, confidence, format, context);
        }
    }

    /// A value where the format stores a password or its hash (a dump's `password` column):
    /// a hash if it looks like one (as [`Out::hash`]), else a password (as [`Out::value`]).
    pub(crate) fn stored(
        &mut self,
        field: &str,
        span: (usize, usize),
        context: Vec<(&'static str, String)>,
    ) {
        if hash::recognise_stored(&self.content[span.0..span.1]).is_some() {
            self.hash(field, span, context)
        } else {
            self.value(field, span, context)
        }
    }

    fn hash_found(
        &mut self,
        field: &str,
        span: (usize, usize),
        confidence: Confidence,
        format: &str,
        context: Vec<(&'static str, String)>,
    ) {
        self.found.push(Candidate {
            kind: ParserKind::PasswordHash,
            field: field.to_string(),
            span,
            decoded: None,
            context: tidy(context),
            note: Some(format!("{format} hash: it can be cracked offline")),
            confidence: Some(confidence),
        });
    }
}

/// Whether a value is no credential: empty, `null`, a placeholder (`password`, `changeme`,
/// `<password>`, `***`, `REPLACE_ME`), a template or variable (`${DB_PASS}`, `$DB_PASS`,
/// `%DB_PASS%`, `{{ x }}`, `#{x}`, `<%= x %>`) or an env lookup (`os.environ[...]`, `getenv(..)`).
///
/// The general precision layer (`matcher/precision*`, placeholder and template detection after
/// every rule) will subsume this: it is deliberately the parsers' only such check, so the two
/// can be merged in one place.
pub(crate) fn no_credential(value: &[u8]) -> bool {
    let v = String::from_utf8_lossy(value);
    let v = v.trim();
    let lower = v.to_ascii_lowercase();
    // Masks and locked-account markers (`***`, `xxxx`, `!`, `!!`).
    if v.is_empty() || v.chars().all(|c| "*xX.-_#?!".contains(c)) {
        return true;
    }
    // Documentation examples (AWS's `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`), masked and
    // elided values (`sk_test_xxxx...`, `sk_live_****`, `sk-...`), a placeholder inside a prefix
    // (`whsec_<your-secret>`), a variable's name (`UPSTASH_REDIS_REST_TOKEN`), a path
    // (`C:\inetpub\tokens`, `/run/secrets/x`) and a time (`02:00:00`).
    if lower.contains("example")
        || lower.contains("xxxx")
        || v.contains("***")
        || v.ends_with("...")
        || angle_placeholder(v)
        || (v.contains('_')
            && v.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        || v.starts_with('/')
        || v.starts_with("~/")
        || v.starts_with("./")
        || (v.len() > 3 && v.as_bytes()[1] == b':' && v.as_bytes()[2] == b'\\')
        || (v.contains(':')
            && v.chars()
                .all(|c| c.is_ascii_digit() || c == ':' || c == '.'))
    {
        return true;
    }
    const PLACEHOLDERS: &[&str] = &[
        "null",
        "none",
        "nil",
        "undefined",
        "true",
        "false",
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "token",
        "apikey",
        "api_key",
        "changeme",
        "change-me",
        "change_me",
        "changeit",
        "replace_me",
        "replaceme",
        "replace-me",
        "todo",
        "tbd",
        "fixme",
        "example",
        "test",
        "dummy",
        "placeholder",
        "password_here",
        "your_password",
        "yourpassword",
        "mypassword",
        "put your unique phrase here",
    ];
    if PLACEHOLDERS.contains(&lower.as_str()) {
        return true;
    }
    let starts = |p: &str| lower.starts_with(p);
    // Templates, variables and lookups anywhere in the value.
    if v.contains("${")
        || v.contains("{{")
        || v.contains("#{")
        || v.contains("<%")
        || (v.starts_with('$')
            && v[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
        || (v.len() > 2
            && v.starts_with('%')
            && v.ends_with('%')
            && v[1..v.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('[') && v.ends_with(']') && v.contains(' '))
        || lower.contains("environ")
        || lower.contains("getenv")
        || starts("env(")
        || starts("env[")
        || starts("process.env")
        || starts("your-")
        || starts("your_")
        || starts("your ")
        || starts("change-me")
        || starts("changeme")
        || starts("replace")
        || starts("paste")
        || starts("!vault")
    {
        return true;
    }
    false
}

/// Whether a key names a secret: a password, passphrase, secret, token or private key (and not
/// a path, a URL, a length or a flag about one).
pub(crate) fn secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    let named = [
        "pass",
        "pwd",
        "secret",
        "token",
        "apikey",
        "api_key",
        "private_key",
        "privatekey",
    ]
    .iter()
    .any(|w| k.contains(w));
    named
        && ![
            "path", "file", "url", "uri", "length", "min", "max", "reset", "policy", "hint",
            "prompt", "enabled", "required", "expir", "type", "mode", "cmd", "command", "eval",
            "helper", "_id", "name", "user", "prefix", "lifetime", "timeout", "rounds",
        ]
        .iter()
        .any(|w| k.contains(w))
}

/// The context a secret's sibling settings give it: for `DB_PASSWORD`, the values of `DB_HOST`,
/// `DB_PORT`, `DB_NAME` and `DB_USER` (any case, `_`/`.`/`-` alike) among `pairs` (key, value).
pub(crate) fn sibling_context(
    key: &str,
    pairs: &[(String, String)],
) -> Vec<(&'static str, String)> {
    let lower = key.to_ascii_lowercase();
    let cut = ["password", "passwd", "pass", "pwd", "secret", "token"]
        .iter()
        .filter_map(|w| lower.rfind(w))
        .min()
        .unwrap_or(0);
    let norm = |s: &str| {
        s.trim_start_matches('$')
            .to_ascii_lowercase()
            .replace(['.', '-'], "_")
    };
    let prefix = norm(&key[..cut]);
    const SIBLINGS: [(&str, &[&str]); 4] = [
        ("host", &["host", "hostname", "server", "address"]),
        ("port", &["port"]),
        ("database", &["name", "database", "db", "dbname"]),
        ("user", &["user", "username", "login", "usr"]),
    ];
    let mut ctx = Vec::new();
    for (ck, names) in SIBLINGS {
        if let Some((_, v)) = pairs.iter().find(|(k, _)| {
            let k = norm(k);
            k.strip_prefix(prefix.as_str())
                .is_some_and(|rest| names.contains(&rest))
        }) {
            ctx.push((ck, v.clone()));
        }
    }
    ctx
}

/// A secret field of a connection string: its name as written, its value's range and the
/// string's server, port, database and user.
pub(crate) struct ConnField {
    pub(crate) name: String,
    pub(crate) span: (usize, usize),
    pub(crate) context: Vec<(&'static str, String)>,
}

/// The password fields of a connection string (ADO.NET, JDBC/ODBC style `Key=Value;...`, and
/// StackExchange.Redis' `host:port,password=...`), each with the string's server, port,
/// database and user: (field as written, value range, context). `span` is the string's range.
pub(crate) fn connection_string(c: &[u8], (s, e): (usize, usize)) -> Vec<ConnField> {
    let mut parts: Vec<(String, (usize, usize))> = Vec::new();
    let mut bare: Option<String> = None;
    // `;` separates the parts (`Server=host,1433;...`); StackExchange.Redis uses `,`.
    let sep = if c[s..e].contains(&b';') { b';' } else { b',' };
    let mut i = s;
    while i <= e {
        let end = c[i..e].iter().position(|&b| b == sep).map_or(e, |p| i + p);
        let (ps, pe) = trim(c, (i, end));
        match memchr::memchr(b'=', &c[ps..pe]) {
            Some(eq) => parts.push((
                text(c, trim(c, (ps, ps + eq))).to_ascii_lowercase(),
                trim(c, (ps + eq + 1, pe)),
            )),
            None if ps < pe && bare.is_none() => bare = Some(text(c, (ps, pe))),
            None => {}
        }
        i = end + 1;
    }
    let get = |names: &[&str]| {
        parts
            .iter()
            .find(|(k, _)| names.contains(&k.as_str()))
            .map(|(_, v)| text(c, *v))
    };
    let mut server = get(&[
        "server",
        "host",
        "data source",
        "datasource",
        "address",
        "addr",
        "hostname",
        "endpoint",
    ])
    .or(bare)
    .unwrap_or_default();
    server = server.trim_start_matches("tcp:").to_string();
    let mut port = get(&["port"]).unwrap_or_default();
    let mut database = get(&["database", "initial catalog", "dbname", "db"]).unwrap_or_default();
    // `host,port`, `host:port/service` (Oracle EZConnect).
    if let Some((h, rest)) = server.clone().split_once(['/']) {
        server = h.to_string();
        if database.is_empty() {
            database = rest.to_string();
        }
    }
    if let Some((h, p)) = server.clone().rsplit_once([',', ':']) {
        if p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty() {
            server = h.to_string();
            port = p.to_string();
        }
    }
    let user = get(&[
        "user id",
        "userid",
        "uid",
        "user",
        "username",
        "user name",
        "sharedaccesskeyname",
        "accountname",
    ])
    .unwrap_or_default();
    let mut out = Vec::new();
    for (k, v) in &parts {
        if matches!(
            k.as_str(),
            "password" | "pwd" | "accountkey" | "sharedaccesskey" | "secret"
        ) {
            let field = text(c, (v.0 - 1 - k.len(), v.0 - 1)).trim().to_string();
            let field = if field.eq_ignore_ascii_case(k) {
                field
            } else {
                k.clone()
            };
            let ctx = vec![
                ("host", server.clone()),
                ("port", port.clone()),
                ("database", database.clone()),
                ("user", user.clone()),
            ];
            out.push(ConnField {
                name: field,
                span: *v,
                context: ctx,
            });
        }
    }
    out
}

/// Whether a value reads as a connection string with a password in it.
pub(crate) fn has_connection_password(v: &[u8]) -> bool {
    let lower = v.to_ascii_lowercase();
    ["password=", "pwd=", "accountkey=", "sharedaccesskey="]
        .iter()
        .any(|k| contains(&lower, k.as_bytes()))
}

/// Whether a login is anonymous FTP's: user `anonymous` or `ftp`, an email address (or nothing) as
/// the password by convention.
pub(crate) fn anonymous(user: Option<&str>, password: &[u8]) -> bool {
    user.is_some_and(|u| u.eq_ignore_ascii_case("anonymous") || u.eq_ignore_ascii_case("ftp"))
        && (password.contains(&b'@') || password.is_empty())
}

/// Whether `v` holds a `<placeholder>`: `<`, then words (letters, digits, spaces, `-`, `_`),
/// then `>`.
fn angle_placeholder(v: &str) -> bool {
    v.match_indices('<').any(|(i, _)| {
        let rest = &v[i + 1..];
        rest.find('>').is_some_and(|j| {
            j >= 2
                && rest[..j]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        })
    })
}

/// Whether a value is a well-known default password: reported, at low severity.
pub(crate) fn is_default(value: &[u8]) -> bool {
    const DEFAULTS: &[&[u8]] = &[
        b"admin",
        b"administrator",
        b"root",
        b"toor",
        b"postgres",
        b"guest",
        b"vagrant",
        b"raspberry",
        b"tiger",
        b"mysql",
        b"oracle",
        b"ubuntu",
        b"letmein",
        b"123456",
        b"12345678",
        b"password1",
    ];
    DEFAULTS.contains(&value)
}

/// A parser: reads `out.content`, pushes what it finds.
pub(crate) type Parser = fn(&mut Out<'_>);

/// The parser for the file at `path` (`/`-separated, relative to the scan root), if its name or
/// place says it is a credential file of a format we read.
pub(crate) fn parser_for(path: &str) -> Option<Parser> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let parent = path
        .rsplit('/')
        .nth(1)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    Some(match lower.as_str() {
        ".netrc" | "_netrc" | "netrc" => netrc::parse,
        ".pgpass" | "pgpass.conf" => pgpass::parse,
        "shadow" | "shadow-" | "gshadow" | "master.passwd" => passwd::parse_shadow,
        ".htpasswd" | "htpasswd" | "htpasswd.users" => passwd::parse_htpasswd,
        "ftpd.passwd" | "pureftpd.passwd" | "proftpd.passwd" | "ftpasswd" => passwd::parse_shadow,
        "sitemanager.xml" | "recentservers.xml" | "filezilla.xml" => xml::parse_filezilla,
        ".ftpconfig" | "sftp-config.json" | ".remote-sync.json" | "sftp.json" | "ftp-sync.json" => {
            json::parse_ftp
        }
        ".dockercfg" => json::parse_docker,
        "config.json" if parent == ".docker" => json::parse_docker,
        "master.key" if parent == "config" => parse_rails_key,
        _ if ext == "key" && path.contains("config/credentials/") => parse_rails_key,
        "robo3t.json" | "robomongo.json" => json::parse_ftp,
        "appsettings.json" => json::parse_appsettings,
        "terraform.tfstate" | "terraform.tfstate.backup" => json::parse_tfstate,
        "web.config" | "app.config" | "machine.config" => xml::parse_dotnet_config,
        _ if lower.starts_with("appsettings.") && ext == "json" => json::parse_appsettings,
        _ if ext == "tfstate" => json::parse_tfstate,
        _ if lower.starts_with("keychain") && ext == "txt" => text::parse_keychain_dump,
        "auth.json" if parent == "composer" || parent == ".composer" => json::parse_composer,
        ".git-credentials" | "git-credentials" => text::parse_git_credentials,
        "credentials" if parent == "git" => text::parse_git_credentials,
        ".gitconfig" | "gitconfig" => text::parse_gitconfig,
        "config" if parent == ".git" || parent == "git" || parent.ends_with(".git") => {
            text::parse_gitconfig
        }
        "credentials" if parent == ".gem" => text::parse_gem_credentials,
        "winscp.ini" => text::parse_winscp,
        ".msmtprc" | "msmtprc" | ".esmtprc" | "esmtprc" => text::parse_smtp_rc,
        ".muttrc" | "muttrc" => text::parse_muttrc,
        "wp-config.php" => php::parse,
        _ if ext == "htpasswd" => passwd::parse_htpasswd,
        _ if ext == "tfvars" => text::parse_tfvars,
        _ if lower == ".env" || lower.starts_with(".env.") || ext == "env" => text::parse_compose,
        _ if (lower.starts_with("docker-compose") || lower.starts_with("compose."))
            && matches!(ext, "yml" | "yaml") =>
        {
            text::parse_compose
        }
        _ if path.contains("inventory/")
            || path.contains("inventories/")
            || lower == "hosts.ini" =>
        {
            text::parse_ansible
        }
        _ if ext == "json" => json::parse_service_account,
        _ if ext == "sql" => sql::parse,
        _ if ext == "php" && (lower.contains("config") || lower.contains("settings")) => php::parse,
        _ if ext == "csv" && (lower.contains("password") || lower.contains("login")) => {
            text::parse_csv_export
        }
        _ if ext == "passwd" && parent != "etc" => passwd::parse_shadow,
        _ if names_a_secret_file(&lower) => parse_secret_file,
        _ => return None,
    })
}

/// Percent-decoded bytes (`%XX`; invalid escapes left as written).
pub(crate) fn percent(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    super::decode::percent(raw, &mut out);
    out
}

/// Base64-decoded bytes, if `raw` is base64.
pub(crate) fn base64(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    super::decode::base64(raw, &mut out).then_some(out)
}

/// Rails' `config/master.key` (and `config/credentials/<env>.key`): the file is the key that
/// decrypts `credentials.yml.enc`, 32 hex digits.
fn parse_rails_key(out: &mut Out<'_>) {
    let span = trim(out.content, (0, out.content.len()));
    let key = &out.content[span.0..span.1];
    if key.len() == 32 && key.iter().all(u8::is_ascii_hexdigit) {
        out.value(
            "master key",
            span,
            vec![("account", "config/credentials.yml.enc".into())],
        );
    }
}

/// Whether a file's (lowercased) name says the file holds a secret: a name such as
/// `api_token.txt`, `db_password`, `.vault-token`, `client-secret`, or an extension such as
/// `.key`, `.token`, `.secret`. Only names without an extension or with `.txt` count the words:
/// `token.rs` or `password_reset.html` is code.
fn names_a_secret_file(name: &str) -> bool {
    const WORDS: [&str; 8] = [
        "token",
        "secret",
        "apikey",
        "api_key",
        "api-key",
        "password",
        "passwd",
        "credential",
    ];
    const EXTENSIONS: [&str; 6] = ["key", "token", "secret", "pass", "pwd", "jwt"];
    let bare = name.strip_prefix('.').unwrap_or(name);
    // `passwd` lists accounts, not their secrets (`shadow` holds those).
    if bare == "passwd" {
        return false;
    }
    let ext = bare.rsplit_once('.').map_or("", |(_, e)| e);
    EXTENSIONS.contains(&ext)
        || (matches!(ext, "" | "txt") && WORDS.iter().any(|w| bare.contains(w)))
}

/// A file whose name says it holds a secret ([`names_a_secret_file`]) and whose whole content is
/// one value (a token, a key, a password on one line, no spaces): the file is the secret, as a
/// deployment writes it for a program to read (`--token-file`, Docker and Kubernetes secrets
/// mounted as files, `~/.vault-token`). A PEM block, a list or a sentence is not one value.
fn parse_secret_file(out: &mut Out<'_>) {
    let span = trim(out.content, (0, out.content.len()));
    let value = &out.content[span.0..span.1];
    if (12..=4096).contains(&value.len())
        && value.iter().all(u8::is_ascii_graphic)
        && super::entropy::shannon(value) >= 3.0
    {
        out.value("secret file", span, Vec::new());
    }
}

/// The lines of `content`, as byte ranges without their line break (`\n` or `\r\n`).
pub(crate) fn lines(content: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= content.len() {
            return None;
        }
        let start = at;
        let end = memchr::memchr(b'\n', &content[at..]).map_or(content.len(), |i| at + i);
        at = end + 1;
        let trimmed = if end > start && content[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some((start, trimmed))
    })
}

/// `span` without the ASCII whitespace at either end.
pub(crate) fn trim(content: &[u8], (mut s, mut e): (usize, usize)) -> (usize, usize) {
    while s < e && content[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && content[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    (s, e)
}

/// `span` without one pair of matching quotes (`'` or `"`) around it.
pub(crate) fn unquote(content: &[u8], (s, e): (usize, usize)) -> (usize, usize) {
    if e >= s + 2 && matches!(content[s], b'"' | b'\'') && content[e - 1] == content[s] {
        (s + 1, e - 1)
    } else {
        (s, e)
    }
}

/// The text of `span`, lossily.
pub(crate) fn text(content: &[u8], (s, e): (usize, usize)) -> String {
    String::from_utf8_lossy(&content[s..e]).into_owned()
}

/// The kinds of what `parse` finds in `content`, with field and found text (decoded if it was),
/// for the parsers' unit tests.
#[cfg(test)]
pub(crate) fn found(parse: Parser, content: &str) -> Vec<(ParserKind, String, String)> {
    let mut out = Out::new(content.as_bytes());
    parse(&mut out);
    out.found
        .into_iter()
        .map(|c| {
            let value = match &c.decoded {
                Some((d, _)) => String::from_utf8_lossy(d).into_owned(),
                None => content[c.span.0..c.span.1].to_string(),
            };
            (c.kind, c.field, value)
        })
        .collect()
}

/// Like [`found`], with the context of each candidate.
#[cfg(test)]
pub(crate) fn contexts(parse: Parser, content: &str) -> Vec<Vec<(&'static str, String)>> {
    let mut out = Out::new(content.as_bytes());
    parse(&mut out);
    out.found.into_iter().map(|c| c.context).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_templates_and_lookups_are_no_credentials() {
        for v in [
            "",
            "  ",
            "password",
            "changeme",
            "secret",
            "<password>",
            "<your-ci-token>",
            "***",
            "********",
            "${DB_PASS}",
            "$DB_PASS",
            "%NUGET_PAT%",
            "{{ vault_x }}",
            "#{ReportsDbPassword}",
            "<%= ENV['X'] %>",
            "os.environ.get('X')",
            "getenv('X')",
            "null",
            "REPLACE_ME",
            "put your unique phrase here",
            "!vault |",
            "!",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "sk_test_xxxxxxxxxxxxxxxx",
            "whsec_<your-webhook-secret>",
            "sk-...",
            "UPSTASH_REDIS_REST_TOKEN",
            "C:\\inetpub\\tokens",
            "02:00:00",
        ] {
            assert!(no_credential(v.as_bytes()), "{v:?}");
        }
        for v in [
            "Tr0ub4dor&3",
            "admin",
            "p@ss$word",
            "50%off!",
            "$2y$10$abc",
            "lBT>mkTS=W2wkO!IIp8V~|Z!/.+[LRsg@rJ~8O_i3uey3B<_=^Xi_ge-B:h91LjM",
        ] {
            assert!(!no_credential(v.as_bytes()), "{v:?}");
        }
    }

    #[test]
    fn defaults_are_reported_low_and_hashes_as_hashes() {
        let content = b"admin Tr0ub4dor&3 $1$G1RuIRVD$h/uos.DQhKMb6qvnw9jnk.";
        let mut out = Out::new(content);
        out.value("password", (0, 5), vec![("user", "root".into())]);
        out.value(
            "password",
            (6, 17),
            vec![("host", "h".into()), ("user", "*".into())],
        );
        out.value("password", (18, content.len()), vec![]);
        out.value("password", (0, 0), vec![]);
        assert_eq!(out.rejected, [(0, 0)]);
        let found = out.found;
        let kinds: Vec<_> = found.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                ParserKind::DefaultPassword,
                ParserKind::Secret,
                ParserKind::PasswordHash
            ]
        );
        assert!(found[0].note.as_deref().unwrap().contains("default"));
        assert_eq!(found[1].context, [("host", "h".to_string())]);
        assert_eq!(found[2].confidence, Some(Confidence::High));
    }

    #[test]
    fn parsers_are_chosen_by_name() {
        assert!(parser_for("home/.pgpass").is_some());
        assert!(parser_for("Users/bob/_netrc").is_some());
        assert!(parser_for("etc/shadow").is_some());
        assert!(parser_for("dumps/users.sql").is_some());
        assert!(parser_for("sites/blog/wp-config.php").is_some());
        assert!(parser_for("etc/passwd").is_none());
        assert!(parser_for("src/main.rs").is_none());
        assert!(parser_for("src/index.php").is_none());
    }

    #[test]
    fn connection_strings() {
        let c = b"Server=tcp:sql01.corp.example,1433;Database=Billing;User ID=app;Password=Marathon#2600;Encrypt=True";
        let got = connection_string(c, (0, c.len()));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "Password");
        assert_eq!(&c[got[0].span.0..got[0].span.1], b"Marathon#2600");
        assert_eq!(
            tidy(got[0].context.clone()),
            [
                ("host", "sql01.corp.example".to_string()),
                ("port", "1433".into()),
                ("database", "Billing".into()),
                ("user", "app".into())
            ]
        );
        let r = b"redis.internal:6380,password=P3YQq0CZfBe6KFGAKZcc5JBJSu9VyR17=,ssl=True";
        let got = connection_string(r, (0, r.len()));
        assert_eq!(
            &r[got[0].span.0..got[0].span.1],
            b"P3YQq0CZfBe6KFGAKZcc5JBJSu9VyR17="
        );
        assert_eq!(got[0].context[0], ("host", "redis.internal".to_string()));
        let o = b"Data Source=ora01.corp.example:1521/LEGACY;User Id=scott;Password=tiger;";
        let got = connection_string(o, (0, o.len()));
        assert_eq!(
            tidy(got[0].context.clone())[2],
            ("database", "LEGACY".to_string())
        );
        let w = b"Integrated Security=SSPI;Server=x";
        assert!(connection_string(w, (0, w.len())).is_empty());
    }

    #[test]
    fn rails_keys_by_place_and_content() {
        let key = "929968ad9ec97b27b504d5c6c52db2d7\n";
        let parse = parser_for("apps/store/config/master.key").unwrap();
        assert_eq!(found(parse, key).len(), 1);
        assert!(found(parse, "not a key\n").is_empty());
        // Any other `.key` file is read as a secret file: a PEM key in it is the PEM rules'.
        let pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
        assert!(found(parser_for("certs/server.key").unwrap(), pem).is_empty());
    }

    #[test]
    fn a_file_named_for_a_secret_that_holds_one_value_is_the_secret() {
        let token = ["Tq9vW2mZ", "8xKc4LbN7rYp3sHd"].concat();
        for path in [
            "config/secrets/api_token.txt",
            "deploy/db_password",
            "home/.vault-token",
            "run/secrets/client-secret",
            "keys/jwt-signing.key",
            "ops/github.token",
            "ops/ci-apikey.txt",
        ] {
            let parse = parser_for(path).unwrap_or_else(|| panic!("{path}: no parser"));
            assert_eq!(found(parse, &format!("{token}\n")).len(), 1, "{path}");
            // A password with symbols is one value too; a CRLF ending is no part of it.
            assert_eq!(found(parse, "Xr4~pQ9=vL2#kW7z\r\n").len(), 1, "{path}");
        }
        let parse = parser_for("config/secrets/api_token.txt").unwrap();
        for content in [
            "",
            "changeme\n",
            "aaaaaaaaaaaaaaaaaaaa\n",
            "Put the API token for the staging account here.\n",
            "first-token-value-1234\nsecond-token-value-5678\n",
            "${API_TOKEN}\n",
        ] {
            assert!(found(parse, content).is_empty(), "{content:?}");
        }
        for path in [
            "src/token.rs",
            "templates/password_reset.html",
            "docs/secrets.md",
            "app/api_key.py",
            "tokens.json",
            "README.txt",
        ] {
            let token_file = format!("{token}\n");
            assert!(
                parser_for(path).is_none_or(|p| found(p, &token_file).is_empty()),
                "{path}"
            );
        }
    }

    #[test]
    fn lines_drop_their_breaks() {
        let c = b"a\r\nbc\n\nd";
        let got: Vec<&[u8]> = lines(c).map(|(s, e)| &c[s..e]).collect();
        assert_eq!(got, [&b"a"[..], b"bc", b"", b"d"]);
    }
}
