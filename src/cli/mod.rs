//! The command line: the arguments (`cli/args.rs`) become one typed config (`cli/config.rs`), which is
//! one scan call ([`crate::scan::run`]), whose outcome is reported; the exit code is decided
//! once: 0 clean, 1 findings (`--exit-code`), 2 error. Only this module and `report` print.

mod ai;
mod args;
mod config;
mod messages;
mod progress;

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;

use crate::matcher::check;
use crate::report;
use crate::rules::{Loaded, RuleSet};
use crate::scan::{self, Progress, ScanError, Scanned};
use args::{Cli, Command, ListFormat, RulesCommand};
use config::Config;

/// Exit code for errors: bad config, bad arguments, a path that does not exist.
pub const EXIT_ERROR: i32 = 2;

/// The program: parses the command line, runs the command, prints an error that ends it, and
/// returns the process exit code.
pub fn main() -> i32 {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(err) => {
            messages::error(&error_chain(&err));
            EXIT_ERROR
        }
    }
}

/// The error and its causes on one line, `error: cause: cause`, leaving out a cause whose text
/// the line already holds (our error types quote their `io::Error` in their own message, and
/// `anyhow`'s alternate form would print it a second time).
fn error_chain(err: &anyhow::Error) -> String {
    let mut line = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !line.contains(&cause) {
            line.push_str(": ");
            line.push_str(&cause);
        }
    }
    line
}

/// Runs the command and returns the process exit code.
fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Dir(a) => scan(Config::dir(a)?),
        Command::Stdin(a) => scan(Config::stdin(a)?),
        Command::Git(a) => scan(Config::git(a)?),
        Command::Detect(a) => scan(Config::detect(a)?),
        Command::Protect(a) => scan(Config::protect(a)?),
        Command::InstallHook(a) => install_hook(a.repo.as_deref(), a.force),
        Command::Rules { command } => rules(command),
        Command::Ai { command } => match command {
            args::AiCommand::Scan(a) if a.list => ai::list(&a.paths, a.scan.format),
            args::AiCommand::Scan(a) => scan(Config::ai(*a)?),
            args::AiCommand::Hook(a) => Ok(ai::hook(&a)),
            args::AiCommand::InstallHook(a) => ai::install_hook(&a),
        },
        Command::Redact(a) => ai::redact(&a),
    }
}

/// Runs the scan `config` describes, writes its report, its warnings and its summary, and
/// decides the exit code.
fn scan(mut config: Config) -> Result<i32> {
    let started = Instant::now();
    config.report.started = unix_now();
    let progress = if config.quiet {
        Progress::new()
    } else {
        Progress::with_notes(messages::note)
    };
    let scanned = progress::Ticker::during(&progress, config.progress, || {
        scan::run(&config.scan, &progress)
    });
    let Scanned { rules, mut outcome } = match scanned {
        Ok(scanned) => scanned,
        Err(e) => {
            if let ScanError::NoReadableCommit { warnings, .. } = &e {
                messages::warnings(warnings);
            }
            return Err(e.into());
        }
    };
    // The compiled rules live until the process ends: freeing hundreds of regexes and automata
    // one by one is measurable work at exit that nobody needs.
    let rules = std::mem::ManuallyDrop::new(rules);
    config.report.ended = unix_now();
    messages::mask_with(&outcome.mask);
    messages::warnings(&outcome.warnings);
    if !config.gate.admits_all() {
        outcome.findings.retain(|f| config.gate.admits(f));
    }
    match &config.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("{}: cannot create report", path.display()))?;
            let mut w = std::io::BufWriter::new(file);
            report::write(&mut w, &outcome, &rules, config.report)
                .and_then(|()| w.flush())
                .with_context(|| format!("{}: cannot write report", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            let written =
                report::write(&mut w, &outcome, &rules, config.report).and_then(|()| w.flush());
            if let Err(e) = written {
                // A closed pipe (`| head`) is not an error worth a message.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(e).context("cannot write report to standard output");
                }
            }
        }
    }
    if config.verbose && (config.output.is_some() || config.report.format != report::Format::Text) {
        // gitleaks' --verbose: the findings for people too, where they do not mix with the report.
        let stderr = std::io::stderr();
        let mut w = std::io::BufWriter::new(stderr.lock());
        let text = report::ReportOptions {
            format: report::Format::Text,
            color: false,
            ..config.report
        };
        let _ = report::write(&mut w, &outcome, &rules, text).and_then(|()| w.flush());
    }
    if let Some((path, n)) = &outcome.baseline_written {
        messages::note(&messages::baseline_written(path, *n));
    }
    if config.explain {
        messages::explain(&outcome, &rules);
    }
    if !config.quiet {
        for n in &outcome.notes {
            messages::note(&format!("leakhound: note: {n}"));
        }
        let allowlisted = rules.config_allowlist_hits();
        messages::note(&messages::summary_line(
            &outcome,
            &allowlisted,
            started.elapsed(),
        ));
    }
    if let Some(nothing) = &outcome.nothing_read {
        messages::error(&nothing.to_string());
        return Ok(EXIT_ERROR);
    }
    // Writing a baseline accepts the findings it records.
    let code = if outcome.findings.is_empty() || config.scan.write_baseline.is_some() {
        0
    } else {
        config.exit_code
    };
    // A scan that may have missed findings is never a clean one.
    if let (Some(why), 0) = (&outcome.incomplete, code) {
        messages::error(why);
        return Ok(EXIT_ERROR);
    }
    Ok(code)
}

/// Seconds since the epoch, now.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn install_hook(repo: Option<&Path>, force: bool) -> Result<i32> {
    let installed = crate::hook::install(repo, force, |backup| {
        messages::note(&format!(
            "leakhound: moved the existing hook to {} (it runs after leakhound passes)",
            backup.display()
        ))
    })?;
    messages::note(&format!(
        "leakhound: {} {} (it runs `leakhound git --staged`; skip it once with `git commit --no-verify`)",
        if installed.updated { "updated" } else { "installed" },
        installed.hook.display()
    ));
    Ok(0)
}

fn rules(command: RulesCommand) -> Result<i32> {
    match command {
        RulesCommand::List { config, format } => {
            let loaded = Loaded::for_root(config.as_deref(), Some(Path::new(".")))?;
            let rules = RuleSet::compile(&loaded)?;
            messages::warnings(&scan::unknown_id_warnings(&rules));
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            let _ = match format {
                ListFormat::Text => messages::write_rule_list(&mut w, &rules),
                ListFormat::Json => messages::write_rule_list_json(&mut w, &rules),
            }
            .and_then(|()| w.flush());
            Ok(0)
        }
        RulesCommand::Check { files } => {
            let (loaded, strict) = if files.is_empty() {
                (Loaded::builtin()?, true)
            } else {
                (Loaded::from_files(&files)?, false)
            };
            let report = check::check(&loaded, strict)?;
            messages::check_report(&report);
            Ok(if report.errors.is_empty() { 0 } else { 1 })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::error_chain;

    #[derive(Debug, thiserror::Error)]
    #[error("x.toml: cannot read config: {source}")]
    struct Quoting {
        #[source]
        source: std::io::Error,
    }

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let err = anyhow::Error::new(Quoting { source: io });
        assert_eq!(
            error_chain(&err),
            "x.toml: cannot read config: no such file"
        );
    }

    #[test]
    fn a_context_keeps_its_cause() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let err = anyhow::Error::new(io).context("reading y");
        assert_eq!(error_chain(&err), "reading y: no such file");
    }
}
