//! The command line: parse (`args`), build the rule set and sources, run the scan, report, and
//! decide the exit code once: 0 clean, 1 findings (`--exit-code`), 2 error.

pub mod args;
mod git;
mod hook;
pub mod messages;
pub mod progress;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::findings::baseline::{self, Baseline};
use crate::findings::ignore::IgnoreList;
use crate::matcher::check;
use crate::report::{self, Format, ReportOptions};
use crate::rules::{Loaded, RuleSet};
use crate::scan::{self, ScanOptions, ScanOutcome};
use crate::sources::{self, fs::WalkOptions};
use crate::warning::Warning;
use args::{Cli, ColorChoice, Command, DirArgs, RulesCommand, ScanArgs, StdinArgs};

/// Exit code for errors: bad config, bad arguments, a path that does not exist.
pub const EXIT_ERROR: i32 = 2;

/// Runs the command and returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Dir(a) => dir(a),
        Command::Stdin(a) => stdin(a),
        Command::Git(a) => git::run(a),
        Command::InstallHook(a) => hook::install(a),
        Command::Rules { command } => rules(command),
    }
}

/// The config file for a scan rooted at `root`: `--config`, else `.leakhound.toml`, else
/// `.gitleaks.toml` in `root`.
pub fn find_config(explicit: Option<&Path>, root: &Path) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    [".leakhound.toml", ".gitleaks.toml"]
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file())
}

/// Loads and compiles the rules for a scan rooted at `root`.
pub fn load_rules(explicit: Option<&Path>, root: &Path) -> Result<RuleSet> {
    let config = find_config(explicit, root);
    // A config found inside the scanned tree may only extend files inside it.
    let confine = if explicit.is_none() { Some(root) } else { None };
    let loaded = Loaded::with_config(config.as_deref(), confine)?;
    Ok(RuleSet::compile(&loaded)?)
}

/// Loads the rules and builds their keyword automaton on another core while `work` (walking the
/// files, libgit2 reading the index or walking the history) runs on this one: a pre-commit hook
/// waits for both. The caller checks the rules' result first, so a bad config is still the error
/// reported.
pub(crate) fn alongside<T>(
    load: impl FnOnce() -> Result<RuleSet> + Send,
    work: impl FnOnce() -> T,
) -> (Result<RuleSet>, T) {
    std::thread::scope(|s| {
        let loading = s.spawn(|| ready(load));
        let done = work();
        let rules = loading
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (rules, done)
    })
}

/// The rules `load` gives, with their keyword automaton built (before the scan, which would
/// otherwise build it on its first blob while the other workers wait).
fn ready(load: impl FnOnce() -> Result<RuleSet>) -> Result<RuleSet> {
    let rules = load()?;
    rules.prefilter();
    Ok(rules)
}

fn init_threads(threads: Option<usize>) {
    if let Some(n) = threads.filter(|&n| n > 0) {
        // Fails only if the global pool already exists, which it cannot at this point.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
}

fn dir(a: DirArgs) -> Result<i32> {
    let started = Instant::now();
    init_threads(a.scan.threads);
    for p in &a.paths {
        if std::fs::symlink_metadata(p).is_err() {
            bail!("{}: no such file or directory", p.display());
        }
    }
    let first = &a.paths[0];
    let root = if first.is_dir() {
        first.clone()
    } else {
        first.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let root = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    };
    let scan_opts = ScanOptions {
        max_file_size: a.scan.max_file_size,
        max_decode_depth: a.scan.max_decode_depth,
    };
    let load = || load_rules(a.scan.config.as_deref(), &root);
    let progress = !a.scan.no_progress;
    let (rules, mut outcome, walked) = if a.paths.len() == 1 && !a.follow_symlinks && first.is_dir()
    {
        // One directory: its files are scanned while the walk is still finding them.
        let (files, found) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            let walker = s.spawn(move || sources::fs::stream(first, a.no_ignore, &files));
            let rules = ready(load);
            let outcome = rules.as_ref().ok().map(|rules| {
                progress::Ticker::during(None, progress, || {
                    scan::run_streamed(rules, found, scan_opts)
                })
            });
            // With no rules, `found` is gone and the walk stops at its next file.
            let walked = walker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (rules, outcome.unwrap_or_default(), walked)
        })
    } else {
        let opts = WalkOptions {
            no_ignore: a.no_ignore,
            follow_symlinks: a.follow_symlinks,
        };
        let (rules, walked) = alongside(load, || {
            let mut walked = sources::fs::Walked::default();
            let mut seen = std::collections::HashSet::new();
            for p in &a.paths {
                sources::fs::walk(p, &opts, &mut walked, &mut seen);
            }
            walked
        });
        let outcome = rules.as_ref().ok().map(|rules| {
            let total = Some(walked.blobs.len() as u64);
            progress::Ticker::during(total, progress, || {
                scan::run(rules, &walked.blobs, scan_opts)
            })
        });
        (rules, outcome.unwrap_or_default(), walked)
    };
    let rules = rules?;
    outcome.stats.skipped_special += walked.special;
    outcome.warnings.splice(0..0, walked.warnings);
    finish(&a.scan, &rules, outcome, started, &root)
}

fn stdin(a: StdinArgs) -> Result<i32> {
    let started = Instant::now();
    init_threads(a.scan.threads);
    let rules = load_rules(a.scan.config.as_deref(), Path::new("."))?;
    let mut outcome = ScanOutcome::default();
    match sources::stdin::read(std::io::stdin().lock(), &a.label, a.scan.max_file_size)
        .context("cannot read standard input")?
    {
        Ok(blob) => {
            outcome = scan::run(
                &rules,
                &[blob],
                ScanOptions {
                    max_file_size: a.scan.max_file_size,
                    max_decode_depth: a.scan.max_decode_depth,
                },
            )
        }
        Err(sources::Skip::TooLarge) => {
            outcome.stats.skipped_large = 1;
            outcome.warnings.push(Warning::StdinTooLarge {
                label: a.label.clone(),
                max: a.scan.max_file_size,
            });
        }
        Err(sources::Skip::Binary) => outcome.stats.skipped_binary = 1,
    }
    finish(&a.scan, &rules, outcome, started, Path::new("."))
}

/// Drops the findings listed in the ignore files at `root` (the scan root) and in `--baseline`,
/// writes `--write-baseline`, redacts, writes the report and the summary, and decides the exit
/// code.
pub fn finish(
    a: &ScanArgs,
    rules: &RuleSet,
    mut outcome: ScanOutcome,
    started: Instant,
    root: &Path,
) -> Result<i32> {
    let ignore = IgnoreList::load(root, &mut outcome.warnings);
    let found = outcome.findings.len();
    if !ignore.is_empty() {
        outcome.findings.retain(|f| !ignore.ignores(f));
    }
    let ignored = found - outcome.findings.len();
    let wrote_baseline = match &a.write_baseline {
        Some(path) => Some((path, baseline::write(path, &outcome.findings)?)),
        None => None,
    };
    let mut baselined = 0;
    if let Some(path) = &a.baseline {
        let accepted = Baseline::load(path)?;
        let before = outcome.findings.len();
        outcome.findings.retain(|f| !accepted.contains(f));
        baselined = before - outcome.findings.len();
    }
    if !a.no_redact {
        outcome.findings.iter_mut().for_each(|f| f.redact());
    }
    messages::warnings(&outcome.warnings);
    let color = match a.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            a.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let opts = ReportOptions {
        format: a.format,
        color: color && a.format == Format::Text,
    };
    match &a.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("{}: cannot create report", path.display()))?;
            let mut w = std::io::BufWriter::new(file);
            report::write(&mut w, &outcome.findings, rules, opts)
                .and_then(|()| w.flush())
                .with_context(|| format!("{}: cannot write report", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            let written =
                report::write(&mut w, &outcome.findings, rules, opts).and_then(|()| w.flush());
            if let Err(e) = written {
                // A closed pipe (`| head`) is not an error worth a message.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(e).context("cannot write report to standard output");
                }
            }
        }
    }
    if let Some((path, n)) = wrote_baseline {
        messages::note(&format!(
            "leakhound: wrote a baseline of {n} {} to {}",
            if n == 1 { "finding" } else { "findings" },
            path.display()
        ));
    }
    if !a.quiet {
        let mut summary = messages::summary(
            &outcome.stats,
            outcome.findings.len(),
            outcome.warnings.len(),
            started.elapsed(),
        );
        if ignored + baselined > 0 {
            summary.push_str(&format!(
                "; suppressed {} ({ignored} by ignore files, {baselined} by the baseline)",
                ignored + baselined
            ));
        }
        messages::note(&summary);
    }
    // Writing a baseline accepts the findings it records.
    Ok(
        if outcome.findings.is_empty() || a.write_baseline.is_some() {
            0
        } else {
            a.exit_code
        },
    )
}

fn rules(command: RulesCommand) -> Result<i32> {
    match command {
        RulesCommand::List { config } => {
            let rules = load_rules(config.as_deref(), Path::new("."))?;
            let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            for r in &rules.rules {
                let _ = writeln!(
                    w,
                    "{:<width$}  {:<8}  {}",
                    r.id,
                    r.severity.as_str(),
                    r.name()
                );
            }
            let _ = w.flush();
            Ok(0)
        }
        RulesCommand::Check { files } => {
            let (loaded, strict) = if files.is_empty() {
                (Loaded::builtin()?, true)
            } else {
                (Loaded::from_files(&files)?, false)
            };
            let report = check::check(&loaded, strict)?;
            for p in &report.warnings {
                messages::warn(&p.to_string());
            }
            for p in &report.errors {
                messages::error(&p.to_string());
            }
            messages::note(&format!(
                "leakhound: checked {} rules: {} errors, {} warnings",
                report.rules,
                report.errors.len(),
                report.warnings.len()
            ));
            Ok(if report.errors.is_empty() { 0 } else { 1 })
        }
    }
}
