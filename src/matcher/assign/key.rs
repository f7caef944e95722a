//! What a key's name says: its words (`NextPageToken` is next, page, token), whether it names a
//! secret or a password, and the qualifiers that make a secret-sounding name something else
//! (`NextToken` is pagination state, `password_field` a form field, `AWS::KMS::Key` a type).

use crate::engine::bytes::contains;
use crate::rules::AssignKind;

/// Secret words that are a secret whatever comes before them.
const SECRET_NOUNS: &[&str] = &[
    "secret",
    "secrets",
    "token",
    "tokens",
    "credential",
    "credentials",
    "creds",
    "apikey",
];

/// Password words.
const PASSWORD_NOUNS: &[&str] = &[
    "password",
    "passwords",
    "passwd",
    "pwd",
    "passphrase",
    "pass",
    "passcode",
    "masterauth",
];

/// Words that make `key` (or `salt`) a secret when they come right before it: `api_key`,
/// `signing_key`, `AUTH_SALT`; a plain `key` or `primary_key` is not.
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "secret",
    "private",
    "signing",
    "sign",
    "encryption",
    "encrypt",
    "decryption",
    "hmac",
    "auth",
    "master",
    "client",
    "app",
    "application",
    "account",
    "shared",
    "subscription",
    "consumer",
    "license",
    "licence",
    "webhook",
    "jwt",
    "session",
    "admin",
    "security",
    "secure",
    "nonce",
    "deploy",
    "integration",
    "partner",
    "service",
    "storage",
    "write",
    "ingest",
    "ingestion",
    "root",
    "validation",
    "machine",
];

/// Words after the secret word that make the key about something else than the secret's value:
/// its id, where it is, what it is called, how it is checked or when it expires.
const NOT_SECRET_AFTER: &[&str] = &[
    "id",
    "ids",
    "url",
    "urls",
    "uri",
    "uris",
    "endpoint",
    "path",
    "paths",
    "file",
    "files",
    "filename",
    "dir",
    "directory",
    "name",
    "names",
    "type",
    "types",
    "kind",
    "label",
    "labels",
    "policy",
    "policies",
    "field",
    "fields",
    "length",
    "len",
    "size",
    "count",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "expire",
    "expired",
    "timeout",
    "at",
    "time",
    "date",
    "format",
    "prefix",
    "suffix",
    "hint",
    "header",
    "headers",
    "param",
    "params",
    "parameter",
    "env",
    "var",
    "variable",
    "ref",
    "refs",
    "reference",
    "arn",
    "version",
    "mode",
    "hash",
    "hashed",
    "digest",
    "enabled",
    "disabled",
    "required",
    "regex",
    "pattern",
    "rule",
    "rules",
    "min",
    "max",
    "source",
    "location",
    "store",
    "manager",
    "provider",
    "host",
    "port",
    "index",
    "limit",
    "reset",
    "input",
    "box",
    "prompt",
    "message",
    "msg",
    "error",
    "placeholder",
    "description",
    "desc",
    "help",
    "title",
    "class",
    "schema",
    "model",
    "counter",
    "number",
    "status",
    "state",
    "scope",
    "scopes",
    "usage",
    "bucket",
    "template",
    "generator",
    "validator",
    "validation",
    "builder",
    "factory",
    "handler",
    "helper",
    "parser",
    "serializer",
    "cache",
    "list",
    "map",
    "option",
    "options",
    "column",
    "table",
    "lookup",
    "checksum",
    "fingerprint",
    "namespace",
    "mount",
    "backend",
    "algorithm",
    "alg",
    "issuer",
    "audience",
    "encoding",
    "length",
    "strength",
    "rotation",
    "stdin",
    "changed",
    "updated",
    "created",
    "request",
    "response",
    "callback",
    "expression",
    "path",
    "key",
    "keys",
    "user",
    "username",
    "email",
    "owner",
    "validity",
    "unit",
    "units",
    "settings",
    "setting",
    "configuration",
    "configurations",
    "config",
    "mfa",
    "signature",
    "verifier",
    "re",
    "rx",
    "identifier",
    "last",
    "used",
    "spec",
    "contains",
];

/// Words anywhere before the secret word that make the key a state, pagination, idempotency,
/// anti-forgery or public value rather than a credential.
const NOT_SECRET_BEFORE: &[&str] = &[
    "next",
    "page",
    "pagination",
    "paginator",
    "continuation",
    "idempotency",
    "idempotent",
    "csrf",
    "xsrf",
    "authenticity",
    "public",
    "publishable",
    "sync",
    "lock",
    "change",
    "cursor",
    "marker",
    "prev",
    "previous",
    "cancel",
    "cancellation",
    "resume",
    "sequence",
    "forward",
    "backward",
    "verification",
    "notification",
    "lease",
    "task",
    "update",
    "lifecycle",
    "action",
    "export",
    "import",
    "upload",
    "download",
    "invite",
    "invitation",
    "confirmation",
    "state",
    "max",
    "min",
    "num",
    "total",
    "input",
    "output",
    "prompt",
    "completion",
    "cached",
    "reasoning",
    "start",
    "end",
    "last",
    "first",
    "batch",
    "stream",
    "special",
    "bos",
    "eos",
    "pad",
    "unk",
    "mask",
    "sep",
    "cls",
    "vocab",
    "forgot",
    "reset",
    "starting",
    "grant",
    "copy",
    "work",
    "from",
    "of",
    "to",
];

/// Words right before `token` that make it a request's own token (AWS `ClientToken`,
/// `ClientRequestToken`: idempotency), not a credential.
const NOT_SECRET_BEFORE_TOKEN: &[&str] = &[
    "client",
    "request",
    "query",
    "reference",
    "registration",
    "device",
    "push",
    "clone",
];

/// Other words the segmentation of run-together names knows (`requirepass`, `userpwd`).
const OTHER_WORDS: &[&str] = &[
    "tokenizer",
    "tokenize",
    "tokenized",
    "tokenizers",
    "require",
    "user",
    "username",
    "db",
    "smtp",
    "mail",
    "value",
    "string",
    "str",
    "base",
    "data",
    "bytes",
    "raw",
    "plain",
    "text",
    "salt",
    "refresh",
    "bearer",
    "oauth",
    "live",
    "prod",
    "test",
    "dev",
    "login",
    "logged",
    "in",
    "set",
    "get",
    "default",
    "my",
    "the",
    "for",
    "of",
    "to",
    "is",
    "has",
    "use",
    "auth",
    "keystore",
    "keychain",
    "store",
    "ring",
];

/// Secret nouns that end a run-together word with an unknown start (`pgpassword`).
const SUFFIX_NOUNS: [&str; 6] = [
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
];

/// Whether `word` is one of the words above (the vocabulary that run-together names are split
/// into).
fn known(word: &str) -> bool {
    // Called for every substring of a run-together key name (`segment`): a set, built once,
    // rather than a walk over the lists.
    static KNOWN: std::sync::LazyLock<(std::collections::HashSet<&'static str>, usize)> =
        std::sync::LazyLock::new(|| {
            let words: std::collections::HashSet<&'static str> = [
                SECRET_NOUNS,
                PASSWORD_NOUNS,
                KEY_QUALIFIERS,
                NOT_SECRET_AFTER,
                NOT_SECRET_BEFORE,
                NOT_SECRET_BEFORE_TOKEN,
                OTHER_WORDS,
                &["key", "keys"],
            ]
            .concat()
            .into_iter()
            .collect();
            let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
            (words, longest)
        });
    let (words, longest) = &*KNOWN;
    word.len() <= *longest && words.contains(word)
}

/// The words of a key name, lowercased: split at non-alphanumerics, at case changes
/// (`apiKey`, `HTTPServer` -> http, server), at letter/digit changes (digits are dropped), and a
/// run-together lowercase word into known words when it is made of them only (`apikey`,
/// `nexttoken`; `monkey` stays whole).
pub(crate) fn words(key: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut piece = String::new();
    let flush = |piece: &mut String, out: &mut Vec<String>| {
        if !piece.is_empty() {
            segment(&piece.to_ascii_lowercase(), out);
            piece.clear();
        }
    };
    for (i, &b) in key.iter().enumerate() {
        if !b.is_ascii_alphabetic() {
            flush(&mut piece, &mut out);
            continue;
        }
        let prev = i.checked_sub(1).map(|p| key[p]);
        let next = key.get(i + 1).copied();
        let boundary = b.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if boundary {
            flush(&mut piece, &mut out);
        }
        piece.push(b as char);
    }
    flush(&mut piece, &mut out);
    out
}

/// Splits a lowercase word into known words when it is made of them only (fewest pieces), else
/// keeps it whole.
fn segment(word: &str, out: &mut Vec<String>) {
    let n = word.len();
    if n > 48 || known(word) {
        out.push(word.to_string());
        return;
    }
    // best[i]: the fewest known pieces that make word[..i], with the start of the last one.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for end in 1..=n {
        for start in 0..end {
            let Some((count, _)) = best[start] else {
                continue;
            };
            if end - start >= 2 && known(&word[start..end]) {
                let better = best[end].is_none_or(|(c, _)| count + 1 < c);
                if better {
                    best[end] = Some((count + 1, start));
                }
            }
        }
    }
    if best[n].is_none() {
        // `pgpassword`, `sqlcmdpassword`: an unknown prefix before a secret noun (not `pass`,
        // which ends `bypass` and `compass`).
        for noun in SUFFIX_NOUNS {
            if let Some(prefix) = word.strip_suffix(noun).filter(|p| p.len() >= 2) {
                out.push(prefix.to_string());
                out.push(noun.to_string());
                return;
            }
        }
        out.push(word.to_string());
        return;
    }
    let mut pieces = Vec::new();
    let mut end = n;
    while end > 0 {
        let (_, start) = best[end].expect("a segmentation reaches every piece boundary");
        pieces.push(word[start..end].to_string());
        end = start;
    }
    out.extend(pieces.into_iter().rev());
}

/// What a key names, from its words: a secret, a password, or neither.
pub(crate) fn classify(key: &[u8]) -> Option<AssignKind> {
    if key.len() > 100 || key.iter().any(|b| b.is_ascii_whitespace()) || contains(key, b"::") {
        return None;
    }
    // `_token`: the anti-forgery field of Laravel and Symfony forms.
    if key == b"_token" || key == b"_csrf_token" {
        return None;
    }
    classify_words(&words(key))
}

fn classify_words(w: &[String]) -> Option<AssignKind> {
    let is = |i: usize, list: &[&str]| list.contains(&w[i].as_str());
    let anchor = (0..w.len()).rev().find(|&i| {
        is(i, SECRET_NOUNS)
            || is(i, PASSWORD_NOUNS)
            || ((w[i] == "key" || w[i] == "keys" || w[i] == "salt")
                && i > 0
                && is(i - 1, KEY_QUALIFIERS))
    })?;
    if (anchor + 1..w.len()).any(|i| is(i, NOT_SECRET_AFTER)) {
        return None;
    }
    if (0..anchor).any(|i| is(i, NOT_SECRET_BEFORE)) {
        return None;
    }
    if w[anchor].starts_with("token") && anchor > 0 && is(anchor - 1, NOT_SECRET_BEFORE_TOKEN) {
        return None;
    }
    // `key_secret`, `key_password`: the word before a secret noun that is itself `key` stays a
    // secret; a public key's secret-sounding neighbours (`public_key_token`) were caught above.
    Some(if is(anchor, PASSWORD_NOUNS) {
        AssignKind::Password
    } else {
        AssignKind::Secret
    })
}

/// The key as context rules compare it: lowercased, alphanumerics only.
pub(crate) fn normalised(key: &[u8]) -> String {
    key.iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|b| b.to_ascii_lowercase() as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_table() {
        let cases: [(&str, &[&str]); 10] = [
            ("NextPageToken", &["next", "page", "token"]),
            ("api_key", &["api", "key"]),
            ("apikey", &["apikey"]),
            ("nexttoken", &["next", "token"]),
            ("X-Figma-Token", &["x", "figma", "token"]),
            ("HTTPServerKey2", &["http", "server", "key"]),
            ("tokenizer", &["tokenizer"]),
            ("monkey", &["monkey"]),
            ("requirepass", &["require", "pass"]),
            ("ClickHouseToken", &["click", "house", "token"]),
        ];
        for (key, want) in cases {
            assert_eq!(words(key.as_bytes()), want, "{key}");
        }
    }

    #[test]
    fn classify_table() {
        use AssignKind::{Password, Secret};
        let cases: [(&str, Option<AssignKind>); 47] = [
            ("client_secret", Some(Secret)),
            ("api_key", Some(Secret)),
            ("X-Api-Key", Some(Secret)),
            ("accessToken", Some(Secret)),
            ("SECRET_KEY_BASE", Some(Secret)),
            ("ClickHouseToken", Some(Secret)),
            ("AUTH_SALT", Some(Secret)),
            ("Ocp-Apim-Subscription-Key", Some(Secret)),
            ("client_access_token", Some(Secret)),
            ("DB_PASSWORD", Some(Password)),
            ("smtp_pass", Some(Password)),
            ("storePassword", Some(Password)),
            ("requirepass", Some(Password)),
            ("userpwd", Some(Password)),
            ("NextToken", None),
            ("NextContinuationToken", None),
            ("nextForwardToken", None),
            ("PageToken", None),
            ("ClientToken", None),
            ("ClientRequestToken", None),
            ("IdempotencyToken", None),
            ("ChangeToken", None),
            ("LockToken", None),
            ("SyncToken", None),
            ("csrf_token", None),
            ("authenticity_token", None),
            ("publicToken", None),
            ("tokenizer", None),
            ("passwordLabel", None),
            ("password_field", None),
            ("PasswordPolicy", None),
            ("token_url", None),
            ("secret_name", None),
            ("api_key_id", None),
            ("AWS::Route53::KeySigningKey", None),
            ("primary_key", None),
            ("key", None),
            ("pass", Some(Password)),
            ("max_tokens", None),
            ("passport", None),
            ("PGPASSWORD", Some(Password)),
            ("bypass", None),
            ("ReCaptchaSecretKey", Some(Secret)),
            ("validationKey", Some(Secret)),
            ("DEPLOY_TOKEN_USER", None),
            ("registration_token", None),
            ("_token", None),
        ];
        for (key, want) in cases {
            assert_eq!(classify(key.as_bytes()), want, "{key}");
        }
    }
}
