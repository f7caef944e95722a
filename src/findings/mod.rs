//! Findings: a match located in its file (1-based line and column), identified by a fingerprint,
//! with the commit that introduced it when it comes from git history.

pub mod fingerprint;
pub mod locate;
pub mod redact;

use serde::Serialize;

use crate::matcher::Confidence;
use crate::rules::Severity;

/// Where a git finding was introduced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitInfo {
    pub commit: String,
    pub author: String,
    pub email: String,
    /// RFC 3339.
    pub date: String,
    /// The first line of the commit message.
    pub message: String,
}

/// One reported secret.
///
/// # JSON
///
/// Serialized as one object of the report's array; the fields are a contract (see README):
/// `rule_id`, `rule_name`, `severity`, `path`, `line`, `column`, `end_line`, `end_column`
/// (1-based; the end column is one past the last character), `secret` (redacted unless
/// `--no-redact`), `entropy`, `fingerprint`, `confidence`, and for git findings `commit`,
/// `author`, `email`, `date`, `message`, `in_head`.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule_id: String,
    pub rule_name: String,
    pub severity: Severity,
    /// As reached from the PATH given, `/`-separated.
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub secret: String,
    pub entropy: f64,
    pub fingerprint: String,
    pub confidence: Confidence,
    /// How the secret was encoded where it was found (`base64`, `hex`, `percent`, or nested:
    /// `base64/percent`); absent for plain text. The location is that of the encoded text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decoded: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub commit: Option<CommitInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_head: Option<bool>,
    /// The path relative to the scan root (allowlists, baselines, SARIF).
    #[serde(skip)]
    pub rel_path: String,
    /// Index of the rule in the rule set.
    #[serde(skip)]
    pub rule_index: u32,
    /// Whether `secret` has been redacted.
    #[serde(skip)]
    pub redacted: bool,
}

impl Finding {
    /// The order of reports: path, position, rule.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.path,
            self.line,
            self.column,
            &self.rule_id,
            self.commit.as_ref().map(|c| &c.commit),
        )
    }

    /// Replaces the secret by its redacted form (idempotent).
    pub fn redact(&mut self) {
        if !self.redacted {
            self.secret = redact::redact(&self.secret);
            self.redacted = true;
        }
    }
}
