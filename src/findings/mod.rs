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
/// `--no-redact`), `entropy`, `fingerprint`, `confidence`, `remediation`, and for git findings
/// `commit`, `author`, `email`, `date`, `message`, `in_head`, and `refs` for those not at HEAD;
/// for a secret read from a credential file by its format, `field` (the key that holds it),
/// `context` (what it unlocks: `host`, `port`, `database`, `user`, `url`, `account`; never the
/// secret) and `note`.
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
    /// The field that holds the secret, as its file format spells it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What the secret unlocks, as far as its file says.
    #[serde(skip_serializing_if = "Context::is_empty")]
    pub context: Context,
    /// Why the finding is what it is (a well-known default, a hash format).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
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
    /// Where in a conversation the secret was (`leakhound ai scan`): which tool, conversation,
    /// message and field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcript: Option<Box<Transcript>>,
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
    /// For a member of an archive, where in `rel_path` the archive's own path ends (at the `!`
    /// before the member's path): SARIF locates the member inside the archive file.
    #[serde(skip)]
    pub(crate) member_at: Option<usize>,
    /// Set when the precision layer set the match aside (a placeholder, a public-by-design
    /// key): the scan takes such findings out of the report, counts them and lists them for
    /// `--explain`.
    #[serde(skip)]
    pub ignored: Option<Ignored>,
}

/// What a secret unlocks (`host`, `port`, `database`, `user`, `url`, `account`), in that order:
/// a JSON object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context(pub Vec<(String, String)>);

impl Context {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `host=db.internal port=5432 user=app`, for people.
    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Serialize for Context {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
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
        for (_, v) in self.context.0.iter_mut() {
            mask.apply_to(v);
        }
        if let Some(c) = self.commit.as_mut() {
            mask.apply_to(&mut c.message);
            mask.apply_to(&mut c.author);
            mask.apply_to(&mut c.email);
        }
        for r in self.refs.iter_mut().flatten() {
            mask.apply_to(r);
        }
        if let Some(t) = self.transcript.as_mut() {
            t.mask(mask);
        }
        self.secret = crate::display::redact(&self.secret);
        self.redacted = true;
    }
}

/// Where in an AI assistant's conversation store a finding is: the place a byte offset in a
/// 40 MB JSONL line does not tell. Every field is optional: a format has what it has.
///
/// # JSON
///
/// `transcript: {tool, format, conversation, message, role, timestamp, field, also_in}` on the
/// finding (absent fields are left out); in SARIF the same object is the result property
/// `transcript`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Transcript {
    /// The assistant (`claude-code`, `codex`, `gemini`, ...).
    pub tool: String,
    /// The store's record format (`claude-code`, `codex-history`, `aider`, ...).
    pub format: String,
    /// The conversation: its session, chat or composer id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation: Option<String>,
    /// The message: its uuid or id where the tool has one, else its index or line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `user`, `assistant`, `tool` (a tool's output), `system`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The message's time, RFC 3339 (as the tool wrote it when it has no zone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// The path inside the record (`message.content[2].input.command`); `(json)` marks a string
    /// that holds a JSON document, decoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Other fields of the same message that hold the same secret.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<String>,
}

impl Transcript {
    /// The place as one line of text: `claude-code conversation 3f2c... message 6a1f...
    /// (user, 2026-11-20T09:14:03.512Z) field message.content`.
    pub fn summary(&self) -> String {
        let mut s = self.tool.clone();
        if self.format != self.tool {
            s.push_str(&format!(" [{}]", self.format));
        }
        if let Some(c) = &self.conversation {
            s.push_str(&format!(" conversation {c}"));
        }
        if let Some(m) = &self.message {
            s.push_str(&format!(" message {m}"));
        }
        let about: Vec<&str> = [&self.role, &self.timestamp]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !about.is_empty() {
            s.push_str(&format!(" ({})", about.join(", ")));
        }
        if let Some(f) = &self.field {
            s.push_str(&format!(" field {f}"));
        }
        if !self.also_in.is_empty() {
            s.push_str(&format!(" (also in {})", self.also_in.join(", ")));
        }
        s
    }

    /// Masks every secret of the scan in the transcript place's text (a conversation named after a
    /// token, a field path through a key that is one).
    fn mask(&mut self, mask: &Mask) {
        let texts = [&mut self.conversation, &mut self.message, &mut self.field]
            .into_iter()
            .flatten();
        for t in texts.chain(self.also_in.iter_mut()) {
            mask.apply_to(t);
        }
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
        field: None,
        context: Context::default(),
        note: None,
        commit: None,
        in_head: None,
        refs: None,
        in_head_history: None,
        transcript: None,
        rel_path: path.to_string(),
        rule_index: 0,
        redacted: false,
        location: fingerprint::location_fingerprint(
            &fingerprint::fingerprint(rule_id, secret.as_bytes()),
            path,
        ),
        line_hash: Some("1234abcd:1".to_string()),
        member_at: None,
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
