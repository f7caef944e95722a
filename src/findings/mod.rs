//! Findings: a match located in its file (1-based line and column), identified by a fingerprint,
//! with the commit that introduced it when it comes from git history.

pub(crate) mod baseline;
pub(crate) mod commit;
pub(crate) mod fingerprint;
pub(crate) mod gitleaks;
pub(crate) mod ignore;
pub(crate) mod line_hash;
pub(crate) mod locate;

use serde::Serialize;

use crate::display::Mask;
use crate::rules::{Confidence, Ignored, Severity};
pub use commit::CommitInfo;

/// One reported secret.
///
/// # JSON
///
/// Serialized as one object of the report's array; the fields are a contract (see README):
/// `rule_id`, `rule_name`, `severity`, `path`, `line`, `column`, `end_line`, `end_column`
/// (1-based; the end column is one past the last character), `secret` (redacted unless
/// `--no-redact`), `entropy`, `fingerprint`, `confidence`, `remediation`, and for git findings `commit`,
/// `author`, `email`, `date`, `message`, `in_head`, and `refs` for those not at HEAD.
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
    /// What to do about it: the rule's one-line remediation.
    pub remediation: String,
    /// How the secret was encoded where it was found (`base64`, `hex`, `percent`, or nested:
    /// `base64/percent`); absent for plain text. The location is that of the encoded text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decoded: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub commit: Option<CommitInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_head: Option<bool>,
    /// For a git finding not at HEAD: the refs whose history has its commit (`feature/x`,
    /// `v1.0`), where the secret can still be reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refs: Option<Vec<String>>,
    /// Whether HEAD's history has the commit (the secret was removed from HEAD) or not (it is
    /// only on other refs); known for findings with `refs`.
    #[serde(skip)]
    pub(crate) in_head_history: Option<bool>,
    /// The path relative to the scan root (allowlists, baselines, SARIF).
    #[serde(skip)]
    pub(crate) rel_path: String,
    /// Index of the rule in the rule set.
    #[serde(skip)]
    pub(crate) rule_index: u32,
    /// Whether `secret` has been redacted.
    #[serde(skip)]
    pub(crate) redacted: bool,
    /// The secret's identity at its path ([`fingerprint::location_fingerprint`] of the path
    /// relative to the scan root), computed before the path is masked, so it does not depend on
    /// redaction.
    #[serde(skip)]
    pub(crate) location: String,
    /// GitHub's `primaryLocationLineHash` of the start line (see [`line_hash`]), computed from
    /// the content at scan time so reports never need the content (or the secret) again; only
    /// for a SARIF report (`ScanOptions::line_hashes`), the one that carries it.
    #[serde(skip)]
    pub(crate) line_hash: Option<String>,
    /// Set when the precision layer set the match aside (a placeholder, a public-by-design
    /// key): the scan takes such findings out of the report, counts them and lists them for
    /// `--explain`.
    #[serde(skip)]
    pub ignored: Option<Ignored>,
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

    /// Replaces the secret by its redacted form (idempotent), and masks every secret of the scan
    /// (`mask`, which holds this one too) wherever it appears in the finding's other text: its
    /// path (a file named after a token), the commit's message ("remove ghp_..."), author and
    /// email.
    pub(crate) fn redact(&mut self, mask: &Mask) {
        if self.redacted {
            return;
        }
        mask.apply_to(&mut self.path);
        mask.apply_to(&mut self.rel_path);
        if let Some(c) = self.commit.as_mut() {
            mask.apply_to(&mut c.message);
            mask.apply_to(&mut c.author);
            mask.apply_to(&mut c.email);
        }
        for r in self.refs.iter_mut().flatten() {
            mask.apply_to(r);
        }
        self.secret = crate::display::redact(&self.secret);
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
        remediation: "Rotate it.".to_string(),
        decoded: None,
        commit: None,
        in_head: None,
        refs: None,
        in_head_history: None,
        rel_path: path.to_string(),
        rule_index: 0,
        redacted: false,
        location: fingerprint::location_fingerprint(
            &fingerprint::fingerprint(rule_id, secret.as_bytes()),
            path,
        ),
        line_hash: Some("1234abcd:1".to_string()),
        ignored: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_masks_every_secret_of_the_scan() {
        let x = format!("ghp_{}", "R8vQ2mZx7LkP4nW9sT1yB6cH3jD5fG0aE2uK");
        let y = format!("AKIA{}", "QX4Z7T2MNB5RWKE6");
        // A finding of secret `y`, in a file named after secret `x`, in a commit whose message,
        // author and email quote both.
        let mut f = test_finding("aws-access-key-id", &y, &format!("keys/{x}.env"), 1);
        f.commit = Some(CommitInfo {
            commit: "0".repeat(40),
            author: format!("{x} bot"),
            email: format!("{y}@example.com"),
            date: "2023-11-14T22:13:20Z".into(),
            message: format!("remove {x} and {y}"),
        });
        let mask = Mask::new([x.as_str(), y.as_str()]);
        f.redact(&mask);
        f.redact(&mask);
        assert_eq!(f.secret, "AKIA*****");
        assert_eq!(f.path, "keys/ghp_*****.env");
        assert_eq!(f.rel_path, "keys/ghp_*****.env");
        let c = f.commit.unwrap();
        assert_eq!(c.message, "remove ghp_***** and AKIA*****");
        assert_eq!(c.author, "ghp_***** bot");
        assert_eq!(c.email, "AKIA*****@example.com");
    }
}
