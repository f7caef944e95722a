//! Everything leakhound says on standard error: warnings (counted), notes, errors, the summary
//! line and the `rules check` report; and the `rules list` table. Nothing here ever prints a
//! secret: warnings name files and errors, never content; once a scan has run, every secret it
//! found is masked in whatever is printed ([`mask_with`]); and every message is one line, its
//! control characters escaped (a file name, ref, commit or rule from a scanned repository cannot
//! write to the terminal: [`crate::display::escape_controls`]).

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use crate::display::escape_controls;
use crate::matcher::check::Report;
use crate::rules::{AllowlistHits, RuleSet};
use crate::scan::{Mask, ScanOutcome, Stats};
use crate::warning::Warning;

/// The secrets of the scan this process ran, masked in every message from then on.
static MASK: OnceLock<Mask> = OnceLock::new();

/// Masks the secrets of `mask` in every message printed from now on (the scan's outcome's mask:
/// set once, after the scan).
pub(crate) fn mask_with(mask: &Mask) {
    let _ = MASK.set(mask.clone());
}

/// `text` as it is printed: the scan's secrets masked, control characters escaped.
fn shown(text: &str) -> Cow<'_, str> {
    let masked = match MASK.get() {
        Some(mask) => mask.apply(text),
        None => Cow::Borrowed(text),
    };
    match escape_controls(&masked) {
        Cow::Borrowed(_) => masked,
        Cow::Owned(escaped) => Cow::Owned(escaped),
    }
}

/// Prints the warnings of a scan, in their order: the one place scan warnings are printed (the
/// summary line counts them).
pub(crate) fn warnings(warnings: &[Warning]) {
    let _ = write_warnings(&mut std::io::stderr().lock(), warnings);
}

fn write_warnings(out: &mut impl Write, warnings: &[Warning]) -> std::io::Result<()> {
    for w in warnings {
        writeln!(out, "warning: {}", shown(&w.to_string()))?;
    }
    Ok(())
}

/// Prints an error that ends the run.
pub(crate) fn error(msg: &str) {
    let _ = writeln!(std::io::stderr().lock(), "error: {}", shown(msg));
}

/// Prints a note to the user.
pub(crate) fn note(msg: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", shown(msg));
}

/// The summary line of a scan: [`summary`], and what the ignore files and the baseline left out.
/// `allowlisted`: what each config allowlist suppressed ([`RuleSet::config_allowlist_hits`]).
pub(crate) fn summary_line(
    outcome: &ScanOutcome,
    allowlisted: &[AllowlistHits],
    elapsed: Duration,
) -> String {
    let mut line = summary(
        &outcome.stats,
        outcome.findings.len(),
        outcome.warnings.len(),
        elapsed,
    );
    // What a config's allowlists left out (a repository's config may allowlist everything).
    for h in allowlisted {
        if h.findings > 0 {
            let n = h.findings;
            let what = plural(n, "finding", "findings");
            line.push_str(&format!("; {n} {what} allowlisted by {}", h.label));
        }
        // A file whose path alone is allowlisted is not read: what it holds is not counted.
        if h.files > 0 {
            let n = h.files;
            let what = plural(n, "file", "files");
            line.push_str(&format!(
                "; {n} {what} allowlisted by {} (not read)",
                h.label
            ));
        }
    }
    let (ignored, baselined) = (outcome.suppressed.ignored, outcome.suppressed.baselined);
    if ignored + baselined > 0 {
        let files: Vec<String> = outcome
            .suppressed
            .by_file
            .iter()
            .map(|(file, n)| format!("{file}: {n}"))
            .collect();
        let files = if files.is_empty() {
            String::new()
        } else {
            format!("; {}", files.join(", "))
        };
        line.push_str(&format!(
            "; suppressed {} ({ignored} by ignore files, {baselined} by the baseline{files})",
            ignored + baselined
        ));
    }
    let public = outcome
        .ignored
        .iter()
        .filter(|f| f.ignored.is_some_and(|i| i.is_public()))
        .count();
    let placeholders = outcome.ignored.len() - public;
    if placeholders > 0 {
        line.push_str(&format!(
            "; {placeholders} {} ignored",
            plural(placeholders as u64, "placeholder", "placeholders")
        ));
    }
    if public > 0 {
        line.push_str(&format!(
            "; {public} public {} ignored",
            plural(public as u64, "key", "keys")
        ));
    }
    if !outcome.ignored.is_empty() && !explained() {
        line.push_str(" (--explain lists them)");
    }
    line
}

/// Whether `--explain` listed what was ignored (set by [`explain`]).
static EXPLAINED: OnceLock<()> = OnceLock::new();

fn explained() -> bool {
    EXPLAINED.get().is_some()
}

/// `--explain`: each match the precision layer set aside, one line each: `path:line: rule-id:
/// why`. Never the value: paths are masked like every message, and the value is not shown.
pub(crate) fn explain(outcome: &ScanOutcome, rules: &RuleSet) {
    let _ = EXPLAINED.set(());
    let _ = write_explain(&mut std::io::stderr().lock(), outcome, rules);
}

fn write_explain(
    out: &mut impl Write,
    outcome: &ScanOutcome,
    rules: &RuleSet,
) -> std::io::Result<()> {
    for f in &outcome.ignored {
        let Some(why) = f.ignored else { continue };
        let rule = rules.rules.get(f.rule_index as usize);
        // A public key's reason: the rule's own `public`, or its allowlist's description.
        let detail = match (why, rule) {
            (crate::rules::Ignored::Public(None), Some(r)) => r.public_reason(None),
            (crate::rules::Ignored::Public(Some(i)), Some(r)) => r.public_reason(Some(i)),
            _ => None,
        };
        let commit = f
            .commit
            .as_ref()
            .map(|c| format!(" ({})", &c.commit[..c.commit.len().min(12)]))
            .unwrap_or_default();
        let text = match detail {
            Some(d) if !d.is_empty() => format!(
                "ignored: {}:{}{commit}: {}: {} ({d})",
                f.path,
                f.line,
                f.rule_id,
                why.describe()
            ),
            _ => format!(
                "ignored: {}:{}{commit}: {}: {}",
                f.path,
                f.line,
                f.rule_id,
                why.describe()
            ),
        };
        writeln!(out, "{}", shown(&text))?;
    }
    Ok(())
}

/// The note after `--write-baseline`.
pub(crate) fn baseline_written(path: &Path, n: usize) -> String {
    format!(
        "leakhound: wrote a baseline of {n} {} to {}",
        if n == 1 { "finding" } else { "findings" },
        path.display()
    )
}

/// `rules list`: one rule per line, in columns: id, service, severity, confidence class, the
/// gitleaks ids it answers to (`-`: none), and its name (a config's own ids and descriptions
/// escaped as messages are).
pub(crate) fn write_rule_list(out: &mut impl Write, rules: &RuleSet) -> std::io::Result<()> {
    let rows: Vec<[Cow<'_, str>; 4]> = rules
        .rules
        .iter()
        .map(|r| {
            let aliases = if r.aliases.is_empty() {
                Cow::Borrowed("-")
            } else {
                Cow::Owned(shown(&r.aliases.join(",")).into_owned())
            };
            let service = if r.service.is_empty() {
                Cow::Borrowed("-")
            } else {
                shown(&r.service)
            };
            [shown(&r.id), service, aliases, shown(r.name())]
        })
        .collect();
    let width = |col: usize| {
        rows.iter()
            .map(|row| row[col].chars().count())
            .max()
            .unwrap_or(0)
    };
    // A long alias list overflows its column rather than pushing every name to the right.
    let (id_w, service_w, alias_w) = (width(0), width(1), width(2).min(MAX_ALIAS_COLUMN));
    for (r, [id, service, aliases, name]) in rules.rules.iter().zip(&rows) {
        let confidence = confidence_name(r.confidence_class());
        writeln!(
            out,
            "{id:<id_w$}  {service:<service_w$}  {:<8}  {confidence:<6}  {aliases:<alias_w$}  {name}",
            r.severity.as_str(),
        )?;
    }
    Ok(())
}

/// The widest the aliases column of `rules list` gets.
const MAX_ALIAS_COLUMN: usize = 32;

fn confidence_name(c: crate::rules::Confidence) -> &'static str {
    match c {
        crate::rules::Confidence::Low => "low",
        crate::rules::Confidence::Medium => "medium",
        crate::rules::Confidence::High => "high",
    }
}

/// `rules list --format json`: an array of the rules, each
/// `{id, service, description, severity, confidence, aliases, tags, keywords}` (text as it is,
/// unescaped: JSON escapes control characters itself).
pub(crate) fn write_rule_list_json(out: &mut impl Write, rules: &RuleSet) -> std::io::Result<()> {
    let list: Vec<serde_json::Value> = rules
        .rules
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "service": r.service,
                "description": r.description,
                "severity": r.severity.as_str(),
                "confidence": confidence_name(r.confidence_class()),
                "aliases": r.aliases,
                "tags": r.tags,
                "keywords": r.keywords,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &list)?;
    writeln!(out)
}

/// Prints what `rules check` found.
pub(crate) fn check_report(report: &Report) {
    let _ = write_check_report(&mut std::io::stderr().lock(), report);
}

fn write_check_report(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    for p in &report.warnings {
        writeln!(out, "warning: {}", shown(&p.to_string()))?;
    }
    for p in &report.errors {
        writeln!(out, "error: {}", shown(&p.to_string()))?;
    }
    writeln!(
        out,
        "leakhound: checked {} rules: {} errors, {} warnings",
        report.rules,
        report.errors.len(),
        report.warnings.len()
    )
}

/// The one-line summary: what was scanned, what was found, what was skipped.
pub(crate) fn summary(
    stats: &Stats,
    findings: usize,
    warnings: usize,
    elapsed: Duration,
) -> String {
    let mut s = format!(
        "leakhound: {} {} in {} {} ({}) in {:.2}s",
        findings,
        plural(findings as u64, "finding", "findings"),
        stats.files,
        plural(stats.files, "file", "files"),
        human_bytes(stats.bytes),
        elapsed.as_secs_f64()
    );
    if stats.archives > 0 {
        s.push_str(&format!(
            "; {} {} ({} {})",
            stats.archives,
            plural(stats.archives, "archive", "archives"),
            stats.members,
            plural(stats.members, "member", "members"),
        ));
    }
    let skipped = stats.skipped();
    if skipped > 0 {
        let mut parts = Vec::new();
        if stats.skipped_binary > 0 {
            parts.push(format!("{} binary", stats.skipped_binary));
        }
        if stats.skipped_large > 0 {
            parts.push(format!("{} over --max-file-size", stats.skipped_large));
        }
        if stats.skipped_special > 0 {
            parts.push(format!("{} not regular files", stats.skipped_special));
        }
        if stats.skipped_allowlisted > 0 {
            parts.push(format!("{} allowlisted", stats.skipped_allowlisted));
        }
        s.push_str(&format!("; skipped {skipped} ({})", parts.join(", ")));
    }
    if warnings > 0 {
        s.push_str(&format!(
            "; {warnings} {}",
            plural(warnings as u64, "warning", "warnings")
        ));
    }
    s
}

fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `1.5 MiB` and friends.
pub(crate) fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(10 << 20), "10.0 MiB");
    }

    #[test]
    fn summary_line() {
        let stats = Stats {
            files: 3,
            bytes: 2048,
            skipped_binary: 1,
            skipped_large: 2,
            ..Stats::default()
        };
        assert_eq!(
            summary(&stats, 1, 0, Duration::from_millis(20)),
            "leakhound: 1 finding in 3 files (2.0 KiB) in 0.02s; skipped 3 (1 binary, 2 over --max-file-size)"
        );
    }

    /// Every kind of warning as it is printed (what users, and the tests that drive the binary,
    /// read).
    #[test]
    fn warnings_as_printed() {
        let mut out = Vec::new();
        write_warnings(&mut out, &crate::warning::examples()).unwrap();
        let text = String::from_utf8(out).unwrap();
        snapshots().bind(|| insta::assert_snapshot!("warnings", text));
    }

    /// The summary line in each of its shapes.
    #[test]
    fn summary_lines() {
        use crate::scan::{ScanOutcome, Suppressed};
        let clean = ScanOutcome::default();
        let one = ScanOutcome {
            findings: vec![crate::findings::test_finding(
                "r",
                "s3cr3t-value",
                "a.txt",
                1,
            )],
            stats: Stats {
                files: 1,
                bytes: 12,
                ..Stats::default()
            },
            ..ScanOutcome::default()
        };
        let busy = ScanOutcome {
            stats: Stats {
                files: 1234,
                bytes: 56 << 20,
                skipped_binary: 3,
                skipped_large: 1,
                skipped_special: 2,
                skipped_allowlisted: 4,
                unreadable: 0,
                archives: 3,
                members: 812,
            },
            warnings: vec![crate::warning::Warning::ShallowClone],
            suppressed: Suppressed {
                ignored: 2,
                baselined: 5,
                by_file: Vec::new(),
            },
            ..ScanOutcome::default()
        };
        let baselined = ScanOutcome {
            stats: Stats {
                files: 8,
                bytes: 3584,
                ..Stats::default()
            },
            warnings: vec![Warning::PartialClone, Warning::ShallowClone],
            suppressed: Suppressed {
                ignored: 0,
                baselined: 9,
                by_file: Vec::new(),
            },
            ..ScanOutcome::default()
        };
        let elapsed = Duration::from_millis(1234);
        let hits = |label: &str, findings, files| AllowlistHits {
            label: label.to_string(),
            findings,
            files,
        };
        let config = [
            hits(".gitleaks.toml:[[allowlists]] #1", 12, 0),
            hits(".leakhound.toml:[[allowlists]] #2", 1, 4),
        ];
        let text: String = [
            (clean, &[][..]),
            (one, &[]),
            (busy, &config),
            (baselined, &[]),
        ]
        .iter()
        .map(|(o, hits)| format!("{}\n", super::summary_line(o, hits, elapsed)))
        .collect();
        let text = format!(
            "{text}{}\n{}\n",
            baseline_written(Path::new("baseline.json"), 1),
            baseline_written(Path::new("baseline.json"), 9)
        );
        snapshots().bind(|| insta::assert_snapshot!("summary_lines", text));
    }

    fn snapshots() -> insta::Settings {
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        settings
    }
}
