//! The structured assignment pass: generic and named-context detection without one big regex.
//!
//! Where a keyword of an assignment rule occurs (the keyword pass decides, as for every rule),
//! the line is split into key-value pairs in the syntaxes people write them in (`syntax.rs`),
//! each pair is scored on what its key says (`key.rs`: secret words, and the qualifiers that
//! make `NextToken` or `password_field` something else) and on its value's shape (`value.rs`),
//! and a pair that passes is judged like any rule's match (`precision::judge`: allow comments,
//! allowlists, and whatever runs after every rule). A named-context rule (`context = ["adobe"]`,
//! `shape = "hex32"`) reports a pair whose key holds one of its provider words and a secret
//! word, and whose whole value has its shape.
//!
//! # Resource usage
//!
//! The pairs of a window are found once, however many assignment rules have a keyword on it
//! (the last window's pairs are kept); finding them is one pass over the line with bounded
//! look-backs (keys up to 128 bytes) and look-aheads (values up to `value::MAX_VALUE`).

mod key;
mod parent;
mod syntax;
mod value;

use crate::engine::bytes::contains;
use crate::rules::{Assign, AssignKind, ContextRule};

pub(crate) use parent::Child;
use syntax::Hint;
pub(crate) use syntax::Pair;

/// The pairs of the last window asked for.
#[derive(Debug, Default)]
pub(crate) struct Assigns {
    window: Option<(usize, usize)>,
    pairs: Vec<Pair>,
    scratch: Vec<Pair>,
    /// The window whose block was read last, and the block's pairs.
    block_window: Option<(usize, usize)>,
    children: Vec<Child>,
}

impl Assigns {
    /// Forgets the pairs of the previous content.
    pub(crate) fn reset(&mut self) {
        self.window = None;
        self.pairs.clear();
        self.block_window = None;
        self.children.clear();
    }

    /// The pairs of the block that the last line of `content[start..end]` opens (a key with no
    /// value, an open object or call, a Ruby block, an INI section), each with that line's
    /// head: where a named-context rule looks for a generic key under its provider's name.
    pub(crate) fn children(&mut self, content: &[u8], start: usize, end: usize) -> &[Child] {
        if self.block_window != Some((start, end)) {
            self.children.clear();
            parent::children(content, start, end, &mut self.scratch, &mut self.children);
            self.block_window = Some((start, end));
        }
        &self.children
    }

    /// The pairs on the lines of `content[start..end]`.
    pub(crate) fn pairs(&mut self, content: &[u8], start: usize, end: usize) -> &[Pair] {
        if self.window != Some((start, end)) {
            self.pairs.clear();
            let mut s = start;
            while s < end {
                let e = memchr::memchr(b'\n', &content[s..end]).map_or(end, |i| s + i);
                let first = self.pairs.len();
                syntax::pairs(content, s, e, &mut self.pairs);
                if let Some(name) = syntax::pending_name(content, &self.pairs[first..]) {
                    self.next_line(content, e, name);
                }
                s = e + 1;
            }
            self.window = Some((start, end));
        }
        &self.pairs
    }

    /// A name at the end of a line whose value is on the next line (`- name: X` / `value: …`).
    fn next_line(&mut self, content: &[u8], line_end: usize, name: (usize, usize)) {
        let s = line_end + 1;
        if s >= content.len() {
            return;
        }
        let e = memchr::memchr(b'\n', &content[s..]).map_or(content.len(), |i| s + i);
        let e = e.min(s + 2 * value::MAX_VALUE);
        self.scratch.clear();
        syntax::pairs(content, s, e, &mut self.scratch);
        if let Some(value) = syntax::value_pair(content, &self.scratch) {
            self.pairs.push(Pair {
                key: name,
                value,
                hint: Hint::Key,
            });
        }
    }
}

/// Whether the assignment rule `assign` reports `pair` of `content`.
pub(crate) fn reports(assign: &Assign, content: &[u8], pair: &Pair) -> bool {
    let key = &content[pair.key.0..pair.key.1];
    let value = &content[pair.value.0..pair.value.1];
    match assign {
        Assign::Generic(kind) => {
            let named = match pair.hint {
                Hint::Password => Some(AssignKind::Password),
                Hint::Secret => Some(AssignKind::Secret),
                Hint::Key => key::classify(key),
                // The header's own pair is the generic rules'; the scheme is a provider's word.
                Hint::Scheme => None,
            };
            named == Some(*kind) && value::looks_secret(value, *kind)
        }
        Assign::Context(ctx) => {
            if value.len() > value::MAX_VALUE || contains(key, b"::") {
                return false;
            }
            let norm = key::normalised(key);
            if ctx.words.iter().any(|w| names_word(key, &norm, w)) {
                return (pair.hint == Hint::Scheme
                    || ctx.secret_words.iter().any(|w| norm.contains(w.as_str())))
                    && ctx.value.is_match(value);
            }
            // A generic key in a call that names the provider (`Acme.configure(token: …)`), or
            // in the query of a URL whose host does (`https://api.acme.com/x?key=…`).
            pair.hint == Hint::Key
                && ctx.secret_words.iter().any(|w| norm.contains(w.as_str()))
                && parent::generic_key(key)
                && ctx.value.is_match(value)
                && (parent::callee(content, pair.key.0)
                    .is_some_and(|h| names(ctx, &content[h.0..h.1]))
                    || parent::query_host(content, pair.key.0)
                        .is_some_and(|h| names_host(ctx, &content[h.0..h.1])))
        }
    }
}

/// Whether the named-context rule `ctx` reports `child`, a pair under a parent: its key is
/// generic and holds a secret word, the parent names the provider, the value has the shape.
pub(crate) fn reports_child(assign: &Assign, content: &[u8], child: &Child) -> bool {
    let Assign::Context(ctx) = assign else {
        return false;
    };
    let pair = &child.pair;
    let key = &content[pair.key.0..pair.key.1];
    let value = &content[pair.value.0..pair.value.1];
    if value.len() > value::MAX_VALUE || contains(key, b"::") {
        return false;
    }
    let norm = key::normalised(key);
    ctx.secret_words.iter().any(|w| norm.contains(w.as_str()))
        && parent::generic_key(key)
        && if child.host {
            names_host(ctx, &content[child.parent.0..child.parent.1])
        } else {
            names(ctx, &content[child.parent.0..child.parent.1])
        }
        && ctx.value.is_match(value)
}

/// Whether `host` (a URL's) names one of `ctx`'s provider words (`api.acme.com`,
/// `api.acmedata.com`).
fn names_host(ctx: &ContextRule, host: &[u8]) -> bool {
    ctx.words.iter().any(|w| parent::host_names(host, w))
}

/// Whether `text` (a parent's head, a callee) names one of `ctx`'s provider words as whole
/// words.
fn names(ctx: &ContextRule, text: &[u8]) -> bool {
    let norm = key::normalised(text);
    ctx.words.iter().any(|w| names_word(text, &norm, w))
}

/// Whether the normalised key `norm` (of `key`) holds the provider word `word` as whole words of
/// the key: from a word start to a word end, words being split at non-alphanumerics and case
/// changes (`AWS_SES_KEY` holds `awsses`, `AWS_SESSION_TOKEN` does not; `subnet_key` does not
/// hold `bnet`, `toggle_key` not `toggl`). A key that is one run-together word (`sumologickey`)
/// has no word ends to go by: there the word may occur anywhere.
fn names_word(key: &[u8], norm: &str, word: &str) -> bool {
    if !norm.contains(word) {
        return false;
    }
    let bounds = word_bounds(key);
    if bounds.len() <= 2 {
        return true;
    }
    let (n, w) = (norm.as_bytes(), word.as_bytes());
    bounds
        .iter()
        .any(|&i| n[i..].starts_with(w) && bounds.binary_search(&(i + w.len())).is_ok())
}

/// The word starts and ends of `key` as offsets into its normalised form (ascending, from 0 to
/// its length): at removed separators, before an uppercase letter after a lowercase letter or a
/// digit, before a digit after a letter, and before the last capital of a run followed by a
/// lowercase letter (`HTTPServer`: http|server).
fn word_bounds(key: &[u8]) -> Vec<usize> {
    let mut bounds = vec![0];
    let mut at = 0;
    let mut prev: Option<u8> = None;
    for (i, &b) in key.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            prev = None;
            if bounds.last() != Some(&at) {
                bounds.push(at);
            }
            continue;
        }
        let next = key.get(i + 1).copied();
        let case_change = prev.is_some_and(|p| {
            if b.is_ascii_digit() {
                return p.is_ascii_alphabetic();
            }
            b.is_ascii_uppercase()
                && (p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase())))
        });
        if case_change && bounds.last() != Some(&at) {
            bounds.push(at);
        }
        prev = Some(b);
        at += 1;
    }
    if bounds.last() != Some(&at) {
        bounds.push(at);
    }
    bounds
}

#[cfg(test)]
mod tests {
    use crate::matcher::{Matcher, Target};
    use crate::rules::RuleSet;

    /// The secrets the built-in rule `id` finds in `text` and reports (the precision layer's
    /// placeholders, counted but not reported, are left out).
    fn found(id: &str, text: &str) -> Vec<String> {
        let loaded = crate::rules::Loaded::builtin().unwrap();
        let i = loaded
            .rules
            .iter()
            .position(|r| r.spec.id.get_ref() == id)
            .unwrap();
        let rules = RuleSet::only(&loaded, i).unwrap();
        let mut out = Vec::new();
        let target = Target {
            path: "src/app.txt",
            commit: None,
        };
        Matcher::new(&rules).find(&target, text.as_bytes(), &mut out);
        out.iter()
            .filter(|m| m.reported())
            .map(|m| text[m.start..m.end].to_string())
            .collect()
    }

    /// A provider word of a context rule names whole words of the key, not any run of its letters.
    #[test]
    fn context_words_are_whole_key_words() {
        let holds = |key: &str, word: &str| {
            let norm = super::key::normalised(key.as_bytes());
            super::names_word(key.as_bytes(), &norm, word)
        };
        assert!(holds("AWS_SES_KEY", "awsses"));
        assert!(holds("awsSesKey", "awsses"));
        assert!(!holds("AWS_SESSION_TOKEN", "awsses"));
        assert!(!holds("subnet_key", "bnet"));
        assert!(!holds("TOGGLE_KEY", "toggl"));
        assert!(!holds("errorCallbackSecret", "orca"));
        assert!(holds("X-Sumologic-Access-Id", "sumologic"));
        assert!(!holds("SUMOLOGIC_ACCESS_ID", "sumo"));
        assert!(holds("HTTPServerKey", "server"));
        assert!(holds("writerApiKey", "writerapi"));
        assert!(holds("GA4_API_SECRET", "ga4"));
        assert!(holds("ai21ApiKey", "ai21"));
        assert!(holds("web3storageToken", "web3storage"));
        // One run-together word: no word ends to go by.
        assert!(holds("sumologicaccessid", "sumo"));
    }

    /// Each syntax with a secret (found) and a decoy of the same syntax (not found).
    #[test]
    fn generic_rules_by_syntax() {
        let secret = "generic-secret";
        let password = "generic-password";
        let cases: &[(&str, &str, &str, &str)] = &[
            // (rule, line with a secret, the secret, decoy line)
            (
                secret,
                "export SERVICE_TOKEN=uOR8KOhcXUDgHCd3waA59tSP",
                "uOR8KOhcXUDgHCd3waA59tSP",
                "export NEXT_TOKEN=uOR8KOhcXUDgHCd3waA59tSP",
            ),
            (
                secret,
                "set apikey=\"4b1f0c2e9a7d4e55b0c1\"",
                "4b1f0c2e9a7d4e55b0c1",
                "set apikey=\"%APIKEY_FROM_VAULT%\"",
            ),
            (
                secret,
                "ENV API_TOKEN=Zq81mKkq01LmTr5x9wPq",
                "Zq81mKkq01LmTr5x9wPq",
                "ENV API_TOKEN_FILE=/run/secrets/api_token",
            ),
            (
                secret,
                "  api_key: OaMXiBRiu3RLLQTXzuBbJ0Dr",
                "OaMXiBRiu3RLLQTXzuBbJ0Dr",
                "  api_key_name: OaMXiBRiu3RLLQTXzuBbJ0Dr",
            ),
            (
                secret,
                r#"  "accessToken": "KhTgu7EmcxOVrfl4cdSHd7iV","#,
                "KhTgu7EmcxOVrfl4cdSHd7iV",
                r#"  "NextToken": "KhTgu7EmcxOVrfl4cdSHd7iV","#,
            ),
            (
                secret,
                r#""kmsKeySecret": "5d41402abc4b2a76b9719d911017c592""#,
                "5d41402abc4b2a76b9719d911017c592",
                r#""AWS::Route53::KeySigningKey": "5d41402abc4b2a76b9719d911017c592""#,
            ),
            (
                secret,
                "client_token_secret = 'Xk29vLq0Pz81mNbV7cD2'",
                "Xk29vLq0Pz81mNbV7cD2",
                "ClientToken = 'Xk29vLq0Pz81mNbV7cD2'",
            ),
            (
                secret,
                "<secretKey>9fd5a36bc0d02f1e49bdf71c2dffa086</secretKey>",
                "9fd5a36bc0d02f1e49bdf71c2dffa086",
                "<secretKey>authTokenStorageKey</secretKey>",
            ),
            (
                secret,
                r#"<add key="StorageApiKey" value="0WMABbdgBUeTHMeNSsyTIU4x" />"#,
                "0WMABbdgBUeTHMeNSsyTIU4x",
                r#"<add key="StorageApiKeyName" value="0WMABbdgBUeTHMeNSsyTIU4x" />"#,
            ),
            (
                secret,
                "var ClickHouseToken string = \"c1Hk9Lq2Vz8mT4pW6rX0\"",
                "c1Hk9Lq2Vz8mT4pW6rX0",
                "var ClickHouseTokenizer string = \"c1Hk9Lq2Vz8mT4pW6rX0\"",
            ),
            (
                secret,
                "buildConfigField 'String', 'API_KEY', '\"4a9dcdee7b525f936bc2301b09c28412\"'",
                "4a9dcdee7b525f936bc2301b09c28412",
                "buildConfigField 'String', 'API_KEY_URL', '\"4a9dcdee7b525f936bc2301b09c28412\"'",
            ),
            (
                secret,
                "'API_KEY' => env('TWILIO_API_KEY', 'SK8dcdf112a0fe81e1a10176c7'),",
                "SK8dcdf112a0fe81e1a10176c7",
                "'API_KEY' => env('TWILIO_API_KEY'),",
            ),
            (
                secret,
                "curl -H 'X-Figma-Token: 1a2b3c4d-9f8e7d6c5b4a39281706' https://x",
                "1a2b3c4d-9f8e7d6c5b4a39281706",
                "curl -H 'X-Request-Id: 1a2b3c4d-9f8e7d6c5b4a39281706' https://x",
            ),
            (
                secret,
                "acme-worker --token 8Xdy0sd9S75gpj179eRpBUGw",
                "8Xdy0sd9S75gpj179eRpBUGw",
                "acme-worker --page-token 8Xdy0sd9S75gpj179eRpBUGw",
            ),
            (
                secret,
                "secret: process.env.SESSION_SECRET ?? 'ojgdLpln9YlHWmpinYwSFocP',",
                "ojgdLpln9YlHWmpinYwSFocP",
                "secret: process.env.SESSION_SECRET,",
            ),
            (
                secret,
                "sessionSecret = 'b7Q2xN9mL4kP1wZ8vR3t'",
                "b7Q2xN9mL4kP1wZ8vR3t",
                "tokenPattern = '^[A-Za-z0-9]{32}$'",
            ),
            (
                password,
                "DB_PASSWORD=iLkAkL86@1Yc",
                "iLkAkL86@1Yc",
                "DB_PASSWORD_FILE=iLkAkL86@1Yc",
            ),
            (
                password,
                "Credentials = new NetworkCredential(\"portal@acme.io\", \"1~_^~DV2utfna-.e\"),",
                "1~_^~DV2utfna-.e",
                "Credentials = new NetworkCredential(user, password),",
            ),
            (
                password,
                "auth=(\"notifier\", \"jeFm3LoIDa_U6!ag\")",
                "jeFm3LoIDa_U6!ag",
                "auth=(\"notifier\", os.environ[\"PW\"])",
            ),
            (
                password,
                "sshpass -p w4qShgg5YmZ8 ssh deploy@10.0.4.11",
                "w4qShgg5YmZ8",
                "mkdir -p w4qShgg5YmZ8 && ssh deploy@10.0.4.11",
            ),
            (
                password,
                "curl -sS -u admin:wN1lZxwSJ9_GYED9 https://j",
                "wN1lZxwSJ9_GYED9",
                "curl -sS -u admin https://j",
            ),
            (
                password,
                "Connect-VIServer -Server vc01 -User adm -Password jx+L-lzkw8HdwQvn",
                "jx+L-lzkw8HdwQvn",
                "Connect-VIServer -Server vc01 -User adm -PasswordPolicy jx+L-lzkw8HdwQvn",
            ),
            (
                password,
                "define( 'DB_PASSWORD', 'Hlk7+34urAI~QWGkz7oS' );",
                "Hlk7+34urAI~QWGkz7oS",
                "define( 'DB_PASSWORD_LABEL', 'Hlk7+34urAI~QWGkz7oS' );",
            ),
            (
                password,
                "storePassword \"zO5shTvhrgLQ4cVdLd\"",
                "zO5shTvhrgLQ4cVdLd",
                "storePassword \"config.signing.storePassword\"",
            ),
            (
                password,
                r#"{"name": "DB_PASSWORD", "value": "O+KkbQ*8.7iwE3=L6Jap"}"#,
                "O+KkbQ*8.7iwE3=L6Jap",
                r#"{"name": "DB_HOST", "value": "O+KkbQ*8.7iwE3=L6Jap"}"#,
            ),
            (
                password,
                "password: ${DB_PASSWORD:yTq6HfxT~~dHNroQsfhW}",
                "yTq6HfxT~~dHNroQsfhW",
                "password: ${DB_PASSWORD}",
            ),
        ];
        for &(rule, line, secret, decoy) in cases {
            assert_eq!(found(rule, line), [secret], "{rule}: {line}");
            assert_eq!(
                found(rule, decoy),
                Vec::<String>::new(),
                "{rule} decoy: {decoy}"
            );
        }
    }

    /// Typed declarations and column-aligned assignments, in the regex rules of named keys as
    /// in the context rules: the key is before the annotation, the value after the `=`.
    #[test]
    fn typed_and_aligned_declarations() {
        let hex32 = "9c1e5f0a7b3d42e8a6f1c0d9b2e47a35";
        let cases: &[(&str, String)] = &[
            (
                "datadog-application-key",
                "    datadog_app_key: str = \"0f3a9c2e7b1d4a6f8e5c3b2a1d0e9f8a7b6c5d4e\"".into(),
            ),
            (
                "datadog-api-key",
                format!("DATADOG_API_KEY: Optional[str] = \"{hex32}\""),
            ),
            (
                "twilio-auth-token",
                format!("const TWILIO_AUTH_TOKEN: &'static str = \"{hex32}\";"),
            ),
            (
                "twilio-auth-token",
                format!("export const twilioAuthToken: string = '{hex32}';"),
            ),
            (
                "pagerduty-api-token",
                "private val pagerdutyApiToken: String? = \"y7Qm2Rk9Vx4Ln8Pw3Zs5\"".into(),
            ),
            (
                "postmark-server-token",
                "\tpostmarkToken      = \"3f2b8c1d-9e4a-4b7f-a6c5-0d1e2f3a4b5c\"".into(),
            ),
            (
                "twilio-auth-token",
                format!("var twilioAuthToken string = \"{hex32}\""),
            ),
            (
                "meilisearch-master-key",
                "const MEILI_MASTER_KEY: &'static str = \"Hq3kL9mN2pR5tV8wX1zA4cE7gJ0bD6fS\";"
                    .into(),
            ),
        ];
        for (rule, line) in cases {
            assert_eq!(found(rule, line).len(), 1, "{rule}: {line}");
        }
        // A typed declaration of a non-secret beside the provider's name.
        for (rule, line) in [
            (
                "datadog-api-key",
                "datadog_api_url: str = \"https://api.datadoghq.eu\"",
            ),
            (
                "twilio-auth-token",
                "twilio_account_sid: &'static str = \"AC_TEST\";",
            ),
            (
                "meilisearch-master-key",
                "meili_master_key: str = os.environ[\"MEILI_MASTER_KEY\"]",
            ),
        ] {
            assert_eq!(found(rule, line), Vec::<String>::new(), "{rule}: {line}");
        }
    }

    /// A provider's own `Authorization` scheme names its key, in each syntax a header is
    /// written in; a scheme of no provider does not.
    #[test]
    fn provider_authorization_schemes() {
        let uuid = "4d7be1a0-5c92-4e38-b6f1-a09c3e2d8f57";
        for line in [
            format!("Authorization: GenieKey {uuid}"),
            format!("    headers={{\"Authorization\": \"GenieKey {uuid}\"}},"),
            format!("curl -H 'Authorization: GenieKey {uuid}' https://api.opsgenie.com/v2/alerts"),
            format!("req.Header.Set(\"Authorization\", \"GenieKey {uuid}\")"),
            format!("  Authorization: \"GenieKey {uuid}\""),
        ] {
            assert_eq!(found("opsgenie-api-key", &line), [uuid], "{line}");
        }
        let deepl = "279a2e9d-83b3-c416-7e2d-f721593e42a0:fx";
        let line = format!("'Authorization': 'DeepL-Auth-Key {deepl}',");
        assert_eq!(found("deepl-free-api-key", &line), [deepl]);
        for line in [
            format!("Authorization: Bearer {uuid}"),
            "Authorization: GenieKey ${OPSGENIE_KEY}".to_string(),
            format!("X-Correlation: Genie {uuid}"),
        ] {
            assert_eq!(
                found("opsgenie-api-key", &line),
                Vec::<String>::new(),
                "{line}"
            );
        }
    }

    /// An AWS secret access key passed right after its key id, in each SDK's constructor (and
    /// across lines); not a variable, a placeholder pair or a hash after the id.
    #[test]
    fn aws_secret_beside_its_key_id() {
        let rule = "aws-secret-access-key-beside-key-id";
        let secret = "Tq7Lx2/Vm9Rc4Nz0Kb8Hs3Yw6Pj1Fg5Da+EuBoQi";
        let id = "AKIAR4NQ6ZWJ2XK7HMVT";
        for line in [
            format!("  credentials: Aws::Credentials.new(\"{id}\", \"{secret}\")"),
            format!("let c = Credentials::from_keys(\"{id}\", \"{secret}\", None);"),
            format!("p := credentials.NewStaticCredentialsProvider(\"{id}\", \"{secret}\", \"\")"),
            format!("AwsBasicCredentials.create(\"{id}\", \"{secret}\")"),
            format!("var creds = new BasicAWSCredentials(\"{id}\", \"{secret}\");"),
            format!("const c = new AWS.Credentials('{id}', '{secret}');"),
            format!("$c = new Credentials('{id}', '{secret}');"),
            format!("creds = Credentials(\"{id}\", \"{secret}\")"),
            format!("c = botocore.credentials.Credentials(\n    \"{id}\",\n    \"{secret}\",\n)"),
            format!("Credentials.new(\"{id}\", secret_access_key: \"{secret}\")"),
        ] {
            assert_eq!(found(rule, &line), [secret], "{line}");
        }
        for line in [
            format!("Aws::Credentials.new(\"{id}\", ENV[\"AWS_SECRET_ACCESS_KEY\"])"),
            format!("Credentials(\"{id}\", \"da39a3ee5e6b4b0d3255bfef95601890afd80709\")"),
            format!("Credentials(\"{id}\", \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\")"),
            format!("Credentials(\"{secret}\", \"{id}\")"),
            format!("ids = [\"{id}\"]\n\n\n\n\nx = 1\nname = \"{secret}\""),
        ] {
            assert_eq!(found(rule, &line), Vec::<String>::new(), "{line}");
        }
    }

    /// A generic key takes its provider from the block, section or call that encloses it, in
    /// each format; not from a parent that names no provider, not past the block's end, and
    /// not for a key that names something else.
    #[test]
    fn parent_context() {
        let hex = "5c0e8f2b9a7d41e3b6c2d8f0a4e1b7c9";
        let alnum64 = "Qm7Rk2Vx9Ln4Pw8Zs3Tb6Yc1Hd5Jf0GaKe2Ui7Oq4Mr9Ws3Xt8Nz1Lv6Bp5Cy0Dh";
        let cases: Vec<(&str, String, &str)> = vec![
            (
                "pagerduty-integration-key",
                format!("receivers:\n  - name: oncall\n    pagerduty_configs:\n      - service_key: {hex}\n"),
                hex,
            ),
            (
                "pagerduty-integration-key",
                format!("pagerduty:\n- routing_key: \"{hex}\"\n"),
                hex,
            ),
            (
                "rollbar-access-token",
                format!("Rollbar.configure do |config|\n  config.access_token = \"{hex}\"\n  config.environment = Rails.env\nend\n"),
                hex,
            ),
            (
                "rollbar-access-token",
                format!("const rollbar = new Rollbar({{ accessToken: '{hex}', captureUncaught: true }});"),
                hex,
            ),
            (
                "rollbar-access-token",
                format!("const rollbar = new Rollbar({{\n  accessToken: '{hex}',\n}});\n"),
                hex,
            ),
            (
                "rollbar-access-token",
                format!("{{\n  \"rollbar\": {{\n    \"access_token\": \"{hex}\"\n  }}\n}}\n"),
                hex,
            ),
            (
                "rollbar-access-token",
                format!("ROLLBAR = {{\n    'token': '{hex}',\n}}\n"),
                hex,
            ),
            (
                "rollbar-access-token",
                format!("[rollbar]\nenvironment = \"prod\"\naccess_token = \"{hex}\"\n"),
                hex,
            ),
            (
                "sumologic-access-key",
                format!("[sumologic]\naccess_id = suAbCdEf123456\naccess_key = {alnum64}\n"),
                alnum64,
            ),
            (
                "sumologic-access-key",
                format!("sumologic:\n  accessKey: {alnum64}\n"),
                alnum64,
            ),
        ];
        for (rule, text, secret) in &cases {
            assert_eq!(found(rule, text), [*secret], "{rule}: {text}");
        }
        let negatives: Vec<(&str, String)> = vec![
            (
                "pagerduty-integration-key",
                format!("receivers:\n  - name: pagerduty\n    webhook_configs:\n      - routing_key: {hex}\n"),
            ),
            (
                "pagerduty-integration-key",
                format!("pagerduty:\n  enabled: true\nother:\n  routing_key: {hex}\n"),
            ),
            (
                "rollbar-access-token",
                format!("rollbar:\n  slack_token: {hex}\n  cache_key: {hex}\n"),
            ),
            (
                "rollbar-access-token",
                format!("[rollbar]\nenabled = true\n[cache]\ntoken = \"{hex}\"\n"),
            ),
            (
                "rollbar-access-token",
                format!("# rollbar:\n  token: {hex}\n"),
            ),
            (
                "rollbar-access-token",
                "Rollbar.configure do |config|\n  config.access_token = ENV[\"ROLLBAR_TOKEN\"]\nend\n"
                    .to_string(),
            ),
            (
                "rollbar-access-token",
                format!("log(\"rollbar\"); const o = {{ token: '{hex}' }};"),
            ),
        ];
        for (rule, text) in &negatives {
            assert_eq!(found(rule, text), Vec::<String>::new(), "{rule}: {text}");
        }
    }

    /// A generic key takes its provider from a URL's host: in the URL's own query, or as a
    /// sibling of the URL in the call or object that holds both.
    #[test]
    fn url_host_context() {
        let hex = "3e1b7d9a0c5f48e2a6b4d8f1c7e9a2b5";
        let owm = "openweathermap-api-key";
        let cases: Vec<(&str, String)> = vec![
            (owm, format!("url = \"https://api.openweathermap.org/data/2.5/weather?q=Oslo&appid={hex}\"")),
            (owm, format!("curl 'https://api.openweathermap.org/data/2.5/forecast?lat=1&lon=2&appid={hex}&units=metric'")),
            (owm, format!("fetch(`https://api.openweathermap.org/data/2.5/weather?appid={hex}`)")),
            (owm, format!("    return requests.get(\n        \"https://api.openweathermap.org/data/2.5/weather\",\n        params={{\"q\": city, \"appid\": \"{hex}\"}},\n    )\n")),
            ("opencage-api-key", format!("export const geo = axios.create({{\n  baseURL: 'https://api.opencagedata.com/geocode/v1',\n  params: {{ key: '{hex}' }},\n}});\n")),
            ("opencage-api-key", format!("geocoder:\n  key: {hex}\n  url: https://api.opencagedata.com/geocode/v1/json\n")),
        ];
        for (rule, text) in &cases {
            assert_eq!(found(rule, text), [hex], "{rule}: {text}");
        }
        let negatives: Vec<(&str, String)> = vec![
            (owm, format!("url = \"https://weather.example.com/v1?src=openweathermap&appid={hex}\"")),
            (owm, format!("url = \"https://api.openweathermap.org/data/2.5/weather?q=Oslo&session_id={hex}\"")),
            (owm, format!("    docs = \"https://api.openweathermap.org/\"\n    cache_key = \"{hex}\"\n")),
            (owm, format!("c = Client(\n    # docs: https://api.openweathermap.org/\n    key=\"{hex}\",\n)\n")),
            (owm, format!("c = Client(\n    see https://api.openweathermap.org/ for keys\n    key=\"{hex}\",\n)\n")),
            (owm, format!("a = dict(\n    url=\"https://api.openweathermap.org/x\",\n)\nb = dict(\n    key=\"{hex}\",\n)\n")),
        ];
        for (rule, text) in &negatives {
            assert_eq!(found(rule, text), Vec::<String>::new(), "{rule}: {text}");
        }
    }

    /// No cut below a kilobyte: a 400-character token is found whole.
    #[test]
    fn long_values_are_found_whole() {
        let token: String = (0..400)
            .map(|i| b"Zq81mKkq01LmTr5x9wPqAbCdEfGh"[(i * 7 + i / 3) % 28] as char)
            .collect();
        let line = format!("  \"TokenValue\": \"{token}\",");
        assert_eq!(found("generic-secret", &line), [token]);
    }
}
