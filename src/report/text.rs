//! The text report, for people: one block per finding, most important fields first. Every field
//! is shown with its control characters escaped (`\x1b`, `\n`): a file name, commit or rule from
//! the scanned repository cannot restyle the terminal or forge report lines.
//!
//! ```text
//! src/settings.py:12:15: critical: aws-access-key-id (AWS access key ID)
//!     secret: AKIA*****  entropy 3.68
//!     fix: Deactivate the key in IAM, create a new one, ...
//! ```
//!
//! The `fix:` line (the rule's remediation) is under the first finding of each rule only.

use std::io::Write;

use crate::display::escape_controls as esc;
use crate::findings::Finding;
use crate::rules::{RuleSet, Severity};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";

fn severity_style(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "\x1b[1;31m",
        Severity::High => "\x1b[31m",
        Severity::Medium => "\x1b[33m",
        Severity::Low => "\x1b[36m",
        Severity::Info => "\x1b[2m",
    }
}

/// Where a git finding's secret is: at HEAD, removed from it (and where else it still is), or
/// never in HEAD's history (only on the refs that have it).
fn status(in_head: bool, f: &Finding) -> String {
    if in_head {
        return "still present at HEAD".to_string();
    }
    let refs = f.refs.as_deref().unwrap_or_default();
    let list = refs
        .iter()
        .map(|r| esc(r).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    match f.in_head_history {
        Some(false) if refs.is_empty() => "not at HEAD, and on no ref".to_string(),
        Some(false) => format!("not in HEAD's history: only on {list}"),
        _ => "only in history (removed from HEAD)".to_string(),
    }
}

pub(crate) fn write(
    out: &mut dyn Write,
    findings: &[Finding],
    _rules: &RuleSet,
    color: bool,
) -> std::io::Result<()> {
    let paint = |style: &'static str| if color { style } else { "" };
    let reset = if color { RESET } else { "" };
    // What to do is said under a rule's first finding only: a rule that fires 200 times says it
    // once.
    let mut advised = std::collections::HashSet::new();
    for f in findings {
        // A commit message's finding has no path.
        let place = if f.path.is_empty() && f.commit.is_some() {
            "(commit message)".into()
        } else {
            esc(&f.path)
        };
        writeln!(
            out,
            "{}{}:{}:{}{}: {}{}{}: {} ({})",
            paint(BOLD),
            place,
            f.line,
            f.column,
            reset,
            paint(severity_style(f.severity)),
            f.severity,
            reset,
            esc(&f.rule_id),
            esc(&f.rule_name)
        )?;
        if !f.is_file_finding() {
            writeln!(
                out,
                "    secret: {}  {}entropy {:.2}{}",
                esc(&f.secret),
                paint(DIM),
                f.entropy,
                reset
            )?;
        }
        if let Some(field) = &f.field {
            if f.context.is_empty() {
                writeln!(out, "    field: {}", esc(field))?;
            } else {
                writeln!(
                    out,
                    "    field: {}  for {}",
                    esc(field),
                    esc(&f.context.describe())
                )?;
            }
        }
        if let Some(note) = &f.note {
            writeln!(out, "    note: {}", esc(note))?;
        }
        if let Some(t) = &f.transcript {
            writeln!(out, "    transcript: {}", esc(&t.summary()))?;
        }
        if let Some(c) = &f.commit {
            let short = c.commit.get(..10).unwrap_or(&c.commit);
            writeln!(
                out,
                "    commit: {} {} <{}> {}  \"{}\"",
                esc(short),
                esc(&c.author),
                esc(&c.email),
                esc(&c.date),
                esc(&c.message)
            )?;
            if let Some(in_head) = f.in_head {
                writeln!(out, "    status: {}", status(in_head, f))?;
            }
        }
        if !f.remediation.is_empty() && advised.insert(f.rule_id.as_str()) {
            writeln!(
                out,
                "    {}fix: {}{}",
                paint(DIM),
                esc(&f.remediation),
                reset
            )?;
        }
    }
    Ok(())
}
