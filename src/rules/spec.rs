//! The serde types that mirror a rules/config TOML file, before anything is compiled.
//!
//! The schema is gitleaks' (`[[rules]]`, `[extend]`, `[allowlist]`, `[[allowlists]]`) plus our own
//! rule fields (`service`, `aliases`, `severity`, `remediation`, `references`, `examples`,
//! `negativeExamples`). Unknown
//! fields are errors (`deny_unknown_fields`), so a typo never silently disables a check. String
//! values that can be wrong in ways only compilation notices (regexes) keep their span, so an error
//! can name the line and column.

use serde::Deserialize;
use toml::Spanned;

/// A whole config or rules file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ConfigSpec {
    /// gitleaks' free-form title; accepted and ignored.
    #[allow(dead_code)]
    pub(crate) title: Option<String>,
    /// gitleaks' minimum version; accepted and ignored.
    #[allow(dead_code)]
    pub(crate) min_version: Option<String>,
    pub(crate) extend: Option<ExtendSpec>,
    #[serde(default)]
    pub(crate) rules: Vec<RuleSpec>,
    /// gitleaks' older single global allowlist (`[allowlist]`).
    pub(crate) allowlist: Option<AllowlistSpec>,
    /// Global allowlists (`[[allowlists]]`), optionally limited to some rules.
    #[serde(default)]
    pub(crate) allowlists: Vec<AllowlistSpec>,
    /// Betterleaks' expressions over every finding (`prefilter`, `filter`): accepted so its
    /// config loads, and not evaluated (docs/gitleaks.md).
    #[allow(dead_code)]
    pub(crate) prefilter: Option<toml::Value>,
    #[allow(dead_code)]
    pub(crate) filter: Option<toml::Value>,
}

/// `[extend]`: build on the built-in rules or on another config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ExtendSpec {
    #[serde(default)]
    pub(crate) use_default: bool,
    pub(crate) path: Option<Spanned<String>>,
    /// gitleaks can extend from a URL; we never touch the network, so this is an error.
    pub(crate) url: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) disabled_rules: Vec<String>,
}

/// One `[[rules]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RuleSpec {
    pub id: Spanned<String>,
    /// The provider or product whose secret this is (`"GitHub"`, `"Stripe"`): what
    /// `rules list` shows and the service counts are taken from.
    pub service: Option<String>,
    /// Other scanners' ids for what this rule covers (gitleaks' rule ids): wherever a rule id
    /// is accepted, an alias names this rule too (see [`crate::rules::RuleSet::resolve_id`]).
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub description: String,
    pub regex: Option<Spanned<String>>,
    pub secret_group: Option<usize>,
    pub entropy: Option<f64>,
    #[serde(default)]
    pub keywords: Vec<String>,
    pub path: Option<Spanned<String>>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// gitleaks' older single per-rule allowlist (`[rules.allowlist]`).
    pub allowlist: Option<AllowlistSpec>,
    #[serde(default)]
    pub allowlists: Vec<AllowlistSpec>,
    /// gitleaks: a rule that only feeds composite rules and is not reported itself.
    #[serde(default)]
    pub skip_report: bool,
    pub severity: Option<Severity>,
    pub remediation: Option<String>,
    #[serde(default)]
    pub references: Vec<String>,
    /// A provider checksum or a structure to verify; a valid one marks the finding as high
    /// confidence, an invalid one as low.
    pub checksum: Option<Checksum>,
    /// `"off: <reason>"`: the precision layer (placeholders, templates, randomness) does not
    /// judge this rule's matches. Anything else is an error: a rule opts out only with a reason.
    pub precision: Option<Spanned<String>>,
    /// Why this rule's secrets are public by design (publishable and browser keys): its matches
    /// are not reported, only counted and listed by `--explain`.
    pub public: Option<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
    /// The path the examples are checked under, for rules with a `path` filter. For a rule with a
    /// `path` and no `regex`, the examples and negative examples are themselves paths.
    pub example_path: Option<String>,
    /// Betterleaks' rule fields, accepted so its config loads and not used (docs/gitleaks.md):
    /// its own confidence, finding filters and live validation (leakhound never reads the
    /// network), and composite rules.
    #[allow(dead_code)]
    #[serde(default, rename = "confidence")]
    pub(crate) betterleaks_confidence: Option<toml::Value>,
    #[allow(dead_code)]
    #[serde(default)]
    pub(crate) filter: Option<toml::Value>,
    #[allow(dead_code)]
    #[serde(default)]
    pub(crate) validate: Option<toml::Value>,
    #[allow(dead_code)]
    #[serde(default)]
    pub(crate) analyze: Option<toml::Value>,
    #[allow(dead_code)]
    #[serde(default)]
    pub(crate) revoke: Option<toml::Value>,
    #[allow(dead_code)]
    #[serde(default)]
    pub(crate) components: Option<toml::Value>,
    #[allow(dead_code)]
    #[serde(default)]
    pub(crate) specificity: Option<toml::Value>,
    #[allow(dead_code)]
    #[serde(default)]
    pub(crate) value_group: Option<toml::Value>,
    /// A rule whose matches come from the credential-file parsers (`matcher/files/`) rather
    /// than a regex: which kind of their findings it reports (`secret`, `default-password`,
    /// `password-hash`).
    pub parser: Option<Spanned<String>>,
    /// Instead of a regex, the structured assignment pass (`matcher/assign/`) finds the rule's
    /// matches: key-value pairs whose key names a secret of this kind and whose value looks like
    /// one.
    pub assign: Option<AssignKind>,
    /// The named-context form (`matcher/assign/`, docs/detection.md "Generic detection"): an
    /// assignment whose key holds one of these provider words and one of `secretWords`, and
    /// whose whole value has the rule's `shape`. The words are the rule's keywords unless it lists
    /// its own.
    #[serde(default)]
    pub context: Vec<String>,
    /// Context rules: the secret words, one of which the key must hold too (default: key,
    /// secret, token, password, passwd, pass, pwd, auth, credential, cred, apikey).
    #[serde(default)]
    pub secret_words: Vec<String>,
    /// Context rules: the value's shape (`hex32`, `alnum32..40`, `base64-44`, `uuid`, `jwt`,
    /// `regex`; rules/shape.rs has the vocabulary).
    pub shape: Option<Spanned<String>>,
    /// Context rules: literal prefixes of the value, `a|b` for several.
    pub value_prefix: Option<String>,
    /// Context rules with `shape = "regex"`: the whole value's pattern.
    pub value_regex: Option<Spanned<String>>,
}

/// What the structured assignment pass reports for a generic rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AssignKind {
    /// Keys naming a secret, token, API or access key, credential.
    Secret,
    /// Keys naming a password or passphrase, and password arguments and flags.
    Password,
}

/// An allowlist: a finding matching it is not reported.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AllowlistSpec {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub condition: Condition,
    #[serde(default)]
    pub commits: Vec<String>,
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    #[serde(default)]
    pub regex_target: RegexTarget,
    #[serde(default)]
    pub regexes: Vec<Spanned<String>>,
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Global allowlists only: the rule ids it applies to (all when empty).
    #[serde(default)]
    pub target_rules: Vec<String>,
    /// What it allows is public by design (a published documentation key, a browser key):
    /// counted and listed by `--explain` as such rather than dropped silently.
    #[serde(default)]
    pub public: bool,
}

/// How an allowlist's criteria combine.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Condition {
    /// Any one criterion that is set suffices (gitleaks' default).
    #[default]
    #[serde(rename = "OR", alias = "or")]
    Or,
    /// Every criterion that is set must hold.
    #[serde(rename = "AND", alias = "and")]
    And,
}

/// What an allowlist's `regexes` are matched against.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegexTarget {
    #[default]
    Secret,
    Match,
    Line,
}

/// How bad a leak of this kind of secret is. Ordered: `Info < Low < ... < Critical`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Provider checksums and secret structures we can verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checksum {
    /// GitHub tokens: the last 6 characters are the base62 CRC32 of the prefix and random part.
    GithubCrc32,
    /// A JWT whose header decodes to a JSON object with `alg`.
    Jwt,
    /// A PEM or bare base64 key body that decodes to DER: an ASN.1 SEQUENCE whose length fits.
    PemDer,
    /// A GCP service-account JSON that holds a `private_key`.
    GcpServiceAccount,
}
