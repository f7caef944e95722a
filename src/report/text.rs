//! The text report, for people: one block per finding, most important fields first. Every field
//! is shown with its control characters escaped (`\x1b`, `\n`): a file name, commit or rule from
//! the scanned repository cannot restyle the terminal or forge report lines.
//!
//! ```text
//! src/settings.py:12:15: critical: aws-access-key-id (AWS access key ID)
//!     secret: AKIA*****  entropy 3.68
//! ```

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

pub(crate) fn write(
    out: &mut dyn Write,
    findings: &[Finding],
    _rules: &RuleSet,
    color: bool,
) -> std::io::Result<()> {
    let paint = |style: &'static str| if color { style } else { "" };
    let reset = if color { RESET } else { "" };
    for f in findings {
        writeln!(
            out,
            "{}{}:{}:{}{}: {}{}{}: {} ({})",
            paint(BOLD),
            esc(&f.path),
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
                let state = if in_head {
                    "still present at HEAD"
                } else {
                    "only in history (removed from HEAD)"
                };
                writeln!(out, "    status: {state}")?;
            }
        }
    }
    Ok(())
}
