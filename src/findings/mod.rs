//! Findings: a match located in its file (1-based line and column), identified by a fingerprint,
//! with the commit that introduced it when it comes from git history.

pub(crate) mod baseline;
pub(crate) mod commit;
pub(crate) mod fingerprint;
pub(crate) mod ignore;
pub(crate) mod line_hash;
pub(crate) mod locate;

use serde::Serialize;

use crate::rules::{Confidence, Severity};
pub use commit::CommitInfo;

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
    pub(crate) rel_path: String,
    /// Index of the rule in the rule set.
    #[serde(skip)]
    pub(crate) rule_index: u32,
    /// Whether `secret` has been redacted.
    #[serde(skip)]
    pub(crate) redacted: bool,
    /// GitHub's `primaryLocationLineHash` of the start line (see [`line_hash`]), computed from
    /// the content at scan time so reports never need the content (or the secret) again.
    #[serde(skip)]
    pub(crate) line_hash: Option<String>,
}

impl Finding {
    /// The order of reports: path, position, rule.
    pub(crate) fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.path,
            self.line,
            self.column,
            &self.rule_id,
            self.commit.as_ref().map(|c| &c.commit),
        )
    }

    /// Whether the finding is a whole file (a rule with a path and no regex): its span is empty.
    pub fn is_file_finding(&self) -> bool {
        self.line == self.end_line && self.column == self.end_column
    }

    /// Replaces the secret by its redacted form (idempotent), also where it is repeated in the
    /// finding's path (a file named after its token) and commit message ("remove ghp_...").
    pub fn redact(&mut self) {
        if self.redacted {
            return;
        }
        let masked = crate::display::redact(&self.secret);
        if !self.secret.is_empty() {
            let mask = |s: &mut String| {
                if s.contains(self.secret.as_str()) {
                    *s = s.replace(self.secret.as_str(), &masked);
                }
            };
            mask(&mut self.path);
            mask(&mut self.rel_path);
            if let Some(c) = self.commit.as_mut() {
                mask(&mut c.message);
            }
        }
        self.secret = masked;
        self.redacted = true;
    }
}

/// A finding for unit tests: `secret` found by `rule_id` at the start of `line` of `path`.
#[cfg(test)]
pub(crate) fn test_finding(rule_id: &str, secret: &str, path: &str, line: usize) -> Finding {
    Finding {
        rule_id: rule_id.to_string(),
        rule_name: format!("{rule_id} rule"),
        severity: crate::rules::Severity::High,
        path: path.to_string(),
        line,
        column: 1,
        end_line: line,
        end_column: 1 + secret.chars().count(),
        secret: secret.to_string(),
        entropy: 3.5,
        fingerprint: fingerprint::fingerprint(rule_id, secret.as_bytes()),
        confidence: Confidence::Medium,
        decoded: None,
        commit: None,
        in_head: None,
        rel_path: path.to_string(),
        rule_index: 0,
        redacted: false,
        line_hash: Some("1234abcd:1".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_masks_the_secret_where_it_is_repeated() {
        let secret = format!("ghp_{}", "R8vQ2mZx7LkP4nW9sT1yB6cH3jD5fG0aE2uK");
        let mut f = Finding {
            rule_id: "github-pat".into(),
            rule_name: "GitHub".into(),
            severity: Severity::High,
            path: format!("keys/{secret}.env"),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 41,
            secret: secret.clone(),
            entropy: 4.0,
            fingerprint: "f".into(),
            confidence: Confidence::Medium,
            decoded: None,
            commit: Some(CommitInfo {
                commit: "0".repeat(40),
                author: "A".into(),
                email: "a@example.com".into(),
                date: "2023-11-14T22:13:20Z".into(),
                message: format!("remove {secret}"),
            }),
            in_head: None,
            rel_path: format!("keys/{secret}.env"),
            rule_index: 0,
            redacted: false,
            line_hash: None,
        };
        f.redact();
        f.redact();
        assert_eq!(f.secret, "ghp_*****");
        assert_eq!(f.path, "keys/ghp_*****.env");
        assert_eq!(f.rel_path, "keys/ghp_*****.env");
        assert_eq!(f.commit.unwrap().message, "remove ghp_*****");
    }
}
