//! The GitLab secret-detection report (`--format gitlab`), for `artifacts:reports:secret_detection`:
//! one JSON object written from the fields GitLab documents for its security report schema
//! (version 15.0.7): `version`, `vulnerabilities` and `scan`.
//!
//! Each finding is one vulnerability: `id` (a UUID-shaped hash of the finding's place and commit,
//! stable from one scan to the next), `name` (the rule's name), `description`, `severity`
//! (`Critical`, `High`, `Medium`, `Low`, `Info`), `solution` (the rule's remediation),
//! `identifiers` (the rule id, type `leakhound_rule_id`), `location` { `file`, `start_line`,
//! `end_line`, `commit` { `sha`, and for history `author`, `date`, `message` } } and
//! `raw_source_code_extract` (the secret, redacted unless `--no-redact`). GitLab's schema requires a
//! commit sha: a finding outside git history carries `0000000`, as GitLab's own analyzer writes.
//! `scan` names leakhound as analyzer and scanner, with the scan's start and end (UTC,
//! `YYYY-MM-DDThh:mm:ss`) and `status: success`.

use std::io::Write;

use serde_json::{json, Value};

use crate::findings::commit::rfc3339;
use crate::findings::Finding;
use crate::rules::Severity;

/// The schema version written.
pub(crate) const SCHEMA_VERSION: &str = "15.0.7";

/// The sha GitLab's schema requires for a finding with no commit.
const NO_COMMIT: &str = "0000000";

pub(crate) fn write(
    out: &mut dyn Write,
    findings: &[Finding],
    started: i64,
    ended: i64,
) -> std::io::Result<()> {
    let vulnerabilities: Vec<Value> = findings.iter().map(vulnerability).collect();
    let tool = json!({
        "id": "leakhound",
        "name": "leakhound",
        "version": env!("CARGO_PKG_VERSION"),
        "url": env!("CARGO_PKG_HOMEPAGE"),
        "vendor": { "name": "leakhound" },
    });
    let report = json!({
        "version": SCHEMA_VERSION,
        "vulnerabilities": vulnerabilities,
        "scan": {
            "analyzer": tool,
            "scanner": tool,
            "type": "secret_detection",
            "start_time": time(started),
            "end_time": time(ended),
            "status": "success",
        },
    });
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
}

fn vulnerability(f: &Finding) -> Value {
    let commit = match &f.commit {
        Some(c) => json!({
            "sha": c.commit,
            "author": format!("{} <{}>", c.author, c.email),
            "date": c.date,
            "message": c.message,
        }),
        None => json!({ "sha": NO_COMMIT }),
    };
    let place = match f.commit.as_ref() {
        Some(c) => format!("{}:{}", f.location, c.commit),
        None => f.location.clone(),
    };
    json!({
        "id": uuid(&place),
        "name": f.rule_name,
        "description": format!("{} found in {} (rule {})", f.rule_name, shown_path(f), f.rule_id),
        "severity": severity(f.severity),
        "solution": f.remediation,
        "identifiers": [{
            "type": "leakhound_rule_id",
            "name": format!("leakhound rule {}", f.rule_id),
            "value": f.rule_id,
        }],
        "location": {
            "file": f.path,
            "start_line": f.line,
            "end_line": f.end_line.max(f.line),
            "commit": commit,
        },
        "raw_source_code_extract": f.secret,
    })
}

fn shown_path(f: &Finding) -> &str {
    if f.path.is_empty() && f.commit.is_some() {
        "a commit message"
    } else {
        &f.path
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

/// Seconds since the epoch as GitLab's `YYYY-MM-DDThh:mm:ss` (UTC).
fn time(seconds: i64) -> String {
    let t = rfc3339(seconds, 0);
    t.trim_end_matches('Z').to_string()
}

/// 32 hex digits of a hash of `place`, in the 8-4-4-4-12 form of a UUID.
fn uuid(place: &str) -> String {
    let h = crate::findings::fingerprint::fingerprint("gitlab", place.as_bytes());
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_ids() {
        assert_eq!(time(1_700_000_000), "2023-11-14T22:13:20");
        let id = uuid("abc");
        assert_eq!(id.len(), 36);
        assert_eq!(id.matches('-').count(), 4);
        assert_eq!(id, uuid("abc"));
        assert_ne!(id, uuid("abd"));
    }
}
