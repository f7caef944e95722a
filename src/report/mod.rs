//! Reports: the findings of a scan written for people (text), programs (JSON, CSV), code
//! scanning (SARIF) and CI test views (JUnit). Secrets are redacted before a report ever sees them
//! (the scan redacts unless `--no-redact`), so no format can leak one. Each format's contract is documented in its module.

pub mod ai;
mod csv;
mod gitlab;
mod json;
mod junit;
mod sarif;
mod text;

use std::io::Write;

use crate::rules::RuleSet;
use crate::scan::ScanOutcome;

/// The output formats (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    Csv,
    /// JUnit XML: each finding a failed test case.
    Junit,
    /// GitLab's secret-detection report (artifacts:reports:secret_detection).
    Gitlab,
}

/// How a report is written.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions {
    pub format: Format,
    /// ANSI colours (text only; the caller decides: only on a terminal).
    pub color: bool,
    /// When the scan started and ended, in seconds since the epoch (the GitLab report says).
    pub started: i64,
    pub ended: i64,
}

/// Writes the findings of `outcome` in the chosen format.
pub fn write(
    out: &mut dyn Write,
    outcome: &ScanOutcome,
    rules: &RuleSet,
    opts: ReportOptions,
) -> std::io::Result<()> {
    let findings = &outcome.findings;
    match opts.format {
        Format::Text => text::write(out, findings, rules, opts.color),
        Format::Json => json::write(out, findings),
        Format::Sarif => sarif::write(out, findings, rules, &outcome.root),
        Format::Csv => csv::write(out, findings),
        Format::Junit => junit::write(out, findings),
        Format::Gitlab => gitlab::write(out, findings, opts.started, opts.ended),
    }
}
