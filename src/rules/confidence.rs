//! How sure a match is to be a real secret, as findings report it, and why the precision layer
//! (`matcher/precision/`) left a match out.

/// How sure we are that a match is a real secret.
///
/// `high`: a checksum or a structure that verifies (a GitHub token's CRC32, a JWT whose header
/// decodes to JSON with `alg`, a PEM body that parses as DER, a GCP service-account file with its
/// `private_key`). `medium`: a distinctive provider format (the rule's keyword, a prefix such as
/// `xoxb-` or `AKIA`, is part of the secret). `low`: generic and context-only findings (the only
/// evidence is the name beside an opaque value), and a checksum or structure that fails.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Generic or context-only, or the provider's checksum or structure does not verify.
    Low,
    /// A distinctive provider format; nothing more can be checked offline.
    Medium,
    /// The provider's checksum or the secret's structure verifies.
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl std::fmt::Display for Confidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Confidence {
    type Err = String;

    fn from_str(s: &str) -> Result<Confidence, String> {
        match s.to_ascii_lowercase().as_str() {
            "low" => Ok(Confidence::Low),
            "medium" => Ok(Confidence::Medium),
            "high" => Ok(Confidence::High),
            _ => Err(format!("{s:?} is not a confidence (low, medium, high)")),
        }
    }
}

/// Why the precision layer did not report a match: the class of placeholder it is, or that the
/// key is public by design. The match is counted in the summary line and listed by `--explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ignored {
    /// One character repeated over much of the value (`ghp_xxxx…`, `AKIAXXXX…`, `0000…`).
    Repeated,
    /// A mask or a cut value (`****`, `•••`, `...`, `…`).
    Mask,
    /// A run of consecutive characters (`abcdef…`, `123456…`, `0123456789abcdef`, `qwerty`).
    Sequence,
    /// A short unit repeated (`abcabcabc…`, `deadbeefdeadbeef`).
    Pattern,
    /// Spelled in words (`glpat-python-gitlab-token`, `sk_live_your_key_here`).
    Words,
    /// A marker word: EXAMPLE, SAMPLE, DUMMY, FAKE, PLACEHOLDER, CHANGEME, YOUR_…, REDACTED.
    Marker,
    /// Template syntax (`${X}`, `{{ x }}`, `%(x)s`, `#{x}`, `<%= x %>`).
    Template,
    /// A variable or a lookup, not a literal (`$X`, `process.env.X`, `os.getenv("X")`).
    Variable,
    /// An angle-bracket or bracket placeholder (`<your-key>`, `[TOKEN]`).
    Angle,
    /// The value is the key's own name (`API_KEY = "API_KEY"`, `"apiSecret": "MY_API_SECRET"`).
    KeyName,
    /// The value is base64 or percent-encoding of placeholder text (`YS1naXQtdG9rZW4=`).
    Decoded,
    /// The value is far less random than a secret of its alphabet and length would be.
    NotRandom,
    /// Public by design (a publishable or browser key, a published documentation key): the
    /// index of the rule's allowlist that says so, or `None` when the rule's own `public` does.
    Public(Option<u16>),
}

impl Ignored {
    /// Whether this is a public-by-design key rather than a placeholder.
    pub fn is_public(self) -> bool {
        matches!(self, Ignored::Public(_))
    }

    /// A short phrase for `--explain`.
    pub fn describe(self) -> &'static str {
        match self {
            Ignored::Repeated => "placeholder: one character repeated",
            Ignored::Mask => "placeholder: masked or cut value",
            Ignored::Sequence => "placeholder: a sequence of consecutive characters",
            Ignored::Pattern => "placeholder: a short pattern repeated",
            Ignored::Words => "placeholder: spelled in words",
            Ignored::Marker => "placeholder: a marker word (example, sample, dummy, fake, ...)",
            Ignored::Template => "placeholder: template syntax",
            Ignored::Variable => "placeholder: a variable or lookup, not a literal",
            Ignored::Angle => "placeholder: a bracketed placeholder",
            Ignored::KeyName => "placeholder: the value is its key's name",
            Ignored::Decoded => "placeholder: encoded placeholder text",
            Ignored::NotRandom => "placeholder: far less random than a secret of its alphabet",
            Ignored::Public(_) => "public by design",
        }
    }
}
