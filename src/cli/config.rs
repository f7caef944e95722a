//! The arguments as one typed config (as ripgrep turns its low-level arguments into high-level
//! ones): what to scan and how ([`ScanConfig`]), how to report it, and what decides the exit
//! code. Everything the command line decides is decided here, once.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{bail, Result};

use super::args::{
    AiScanArgs, ColorChoice, DetectArgs, DirArgs, GateArgs, GitArgs, ProtectArgs, ScanArgs,
    StdinArgs,
};
use crate::findings::Finding;
use crate::report::{Format, ReportOptions};
use crate::rules::{Confidence, Severity};
use crate::scan::{Revs, ScanConfig, ScanOptions, Scope};

/// A scan command, decided.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) scan: ScanConfig,
    pub(crate) report: ReportOptions,
    /// Where the report goes (`None`: standard output).
    pub(crate) output: Option<PathBuf>,
    /// The exit code when there are findings.
    pub(crate) exit_code: i32,
    /// No notes and no summary line on standard error.
    pub(crate) quiet: bool,
    /// List what the precision layer set aside, on standard error (`--explain`).
    pub(crate) explain: bool,
    /// Show a progress bar (when standard error is a terminal).
    pub(crate) progress: bool,
    /// Which findings count, for the report and the exit code.
    pub(crate) gate: Gate,
    /// Also print the findings as text on standard error (gitleaks' `--verbose`), when the
    /// report itself is not text on standard output.
    pub(crate) verbose: bool,
}

/// Which findings count: those every one of its conditions admits. Each condition is one
/// predicate over a finding; a new one (`--min-confidence`) is one more field and one more line
/// in [`Gate::admits`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Gate {
    /// `--min-severity`.
    pub(crate) min_severity: Option<Severity>,
    /// `--min-confidence`.
    pub(crate) min_confidence: Option<Confidence>,
}

impl Gate {
    fn new(a: &GateArgs) -> Gate {
        Gate {
            min_severity: a.min_severity,
            min_confidence: a.min_confidence,
        }
    }

    /// Whether `f` counts (is reported, and fails the scan).
    pub(crate) fn admits(&self, f: &Finding) -> bool {
        self.min_severity.is_none_or(|min| f.severity >= min)
            && self.min_confidence.is_none_or(|min| f.confidence >= min)
    }

    /// Whether every finding counts (nothing to filter).
    pub(crate) fn admits_all(&self) -> bool {
        self.min_severity.is_none() && self.min_confidence.is_none()
    }
}

impl Config {
    pub(crate) fn dir(a: DirArgs) -> Result<Config> {
        let scope = Scope::Dir {
            paths: a.paths,
            no_ignore: a.no_ignore,
            follow_symlinks: a.follow_symlinks,
        };
        Config::new(scope, a.scan)
    }

    pub(crate) fn stdin(a: StdinArgs) -> Result<Config> {
        Config::new(Scope::Stdin { label: a.label }, a.scan)
    }

    pub(crate) fn git(a: GitArgs) -> Result<Config> {
        let scope = if a.staged {
            Scope::Staged { repo: a.repo }
        } else {
            let revs = match (a.range, a.branch, a.log_opts) {
                (Some(r), _, _) => Revs::Range(r),
                (None, Some(b), _) => Revs::Branch(b),
                (None, None, Some(opts)) => log_opts(&opts)?,
                (None, None, None) => Revs::All,
            };
            Scope::History { repo: a.repo, revs }
        };
        let mut config = Config::new(scope, a.scan)?;
        config.scan.config_from_base = a.config_from_base;
        Ok(config)
    }

    /// gitleaks' `detect`: the history of `--source`, or its files with `--no-git`.
    pub(crate) fn detect(a: DetectArgs) -> Result<Config> {
        let scope = if a.no_git {
            Scope::Dir {
                paths: vec![a.source],
                no_ignore: false,
                follow_symlinks: a.follow_symlinks,
            }
        } else {
            let revs = match a.log_opts {
                Some(opts) => log_opts(&opts)?,
                None => Revs::All,
            };
            Scope::History {
                repo: Some(a.source),
                revs,
            }
        };
        Config::new(scope, a.scan)
    }

    /// gitleaks' `protect --staged`.
    pub(crate) fn protect(a: ProtectArgs) -> Result<Config> {
        if !a.staged {
            bail!(
                "protect without --staged would scan unstaged changes, which leakhound does not: \
                 write `leakhound protect --staged` (or `leakhound git --staged`)"
            );
        }
        Config::new(
            Scope::Staged {
                repo: Some(a.source),
            },
            a.scan,
        )
    }

    pub(crate) fn ai(a: AiScanArgs) -> Result<Config> {
        Config::new(Scope::Ai { paths: a.paths }, a.scan)
    }

    fn new(scope: Scope, a: ScanArgs) -> Result<Config> {
        let g = &a.gitleaks;
        if let Some(p) = a.redact.filter(|&p| p != 100) {
            bail!(
                "--redact={p}: leakhound always redacts to at most 4 characters (never a quarter \
                 of a secret); write --redact (or nothing), or --no-redact to show secrets"
            );
        }
        if g.ignore_gitleaks_allow {
            bail!(
                "--ignore-gitleaks-allow is not supported: allow comments are always honoured; \
                 find them with `git grep -n -e gitleaks:allow -e leakhound:allow`"
            );
        }
        let color = match a.color {
            _ if g.no_color => false,
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                a.output.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none()
            }
        };
        let max_file_size = match g.max_target_megabytes {
            Some(mb) => mb.saturating_mul(1 << 20),
            None => a.max_file_size,
        };
        let quiet = a.quiet || matches!(g.log_level.as_deref(), Some("error" | "fatal"));
        let (config_file, config_toml) = gitleaks_config(a.config);
        Ok(Config {
            scan: ScanConfig {
                scope,
                config: config_file,
                config_toml,
                options: ScanOptions {
                    max_file_size,
                    max_decode_depth: a.max_decode_depth,
                    max_findings_per_file: a.max_findings_per_file,
                    max_findings_per_rule: a.max_findings_per_rule,
                    line_hashes: a.format == Format::Sarif,
                    max_archive_depth: a.archives.max_archive_depth,
                },
                threads: a.threads,
                baseline: a.baseline,
                write_baseline: a.write_baseline,
                redact: !a.no_redact,
                enable_rules: a.gate.enable_rule.clone(),
                disable_rules: a.gate.disable_rule.clone(),
                ignore_path: g.gitleaks_ignore_path.clone(),
                config_from_base: None,
            },
            report: ReportOptions {
                format: a.format,
                color: color && a.format == Format::Text,
                started: 0,
                ended: 0,
            },
            output: a.output,
            exit_code: a.exit_code,
            quiet,
            explain: a.explain,
            progress: !a.no_progress,
            gate: Gate::new(&a.gate),
            verbose: g.verbose,
        })
    }
}

/// The config a scan uses: `--config` or `LEAKHOUND_CONFIG` (`given`), else gitleaks' variables:
/// `GITLEAKS_CONFIG` (a file), then `GITLEAKS_CONFIG_TOML` (the config's text). Neither: the
/// config found at the scan root.
fn gitleaks_config(given: Option<PathBuf>) -> (Option<PathBuf>, Option<String>) {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(path) = given.or_else(|| set("GITLEAKS_CONFIG").map(PathBuf::from)) {
        return (Some(path), None);
    }
    let text = set("GITLEAKS_CONFIG_TOML").map(|v| v.to_string_lossy().into_owned());
    (None, text)
}

/// gitleaks' `--log-opts` (options of `git log`) as the commits to scan: `--all`, a range
/// (`A..B`, `A...B`) or one revision. The options with no equivalent stop with an error that
/// says what to write instead; none is silently read otherwise.
pub(crate) fn log_opts(opts: &str) -> Result<Revs> {
    let mut revs: Option<Revs> = None;
    for w in opts.split_whitespace() {
        let (name, _) = w.split_once('=').unwrap_or((w, ""));
        let next = match name {
            "--all" => Revs::All,
            "--" => bail!(
                "--log-opts: paths after `--` are not supported (every path of each commit is \
                 scanned); skip paths with an allowlist in the config (`paths = [...]`)"
            ),
            "--since" | "--after" | "--since-as-filter" => bail!(
                "--log-opts {w}: not supported; write --range \"$(git rev-list -1 --before=DATE \
                 HEAD)..HEAD\" for the commits after DATE"
            ),
            "--until" | "--before" => bail!(
                "--log-opts {w}: not supported; write --range \"$(git rev-list -1 --before=DATE \
                 HEAD)\" for the commits up to DATE"
            ),
            "-n" | "--max-count" => bail!(
                "--log-opts {w}: not supported; write --range HEAD~N..HEAD for the last N commits"
            ),
            _ if name.starts_with("-n") && name[2..].bytes().all(|b| b.is_ascii_digit()) => bail!(
                "--log-opts {w}: not supported; write --range HEAD~N..HEAD for the last N commits"
            ),
            "--first-parent" => bail!(
                "--log-opts --first-parent: not supported (every parent of a merge is followed); \
                 drop it, or scan a range: --range A..B"
            ),
            "--branches" | "--tags" | "--remotes" => bail!(
                "--log-opts {w}: not supported; write --all (every ref), or --branch REF for one"
            ),
            _ if name.starts_with('-') => {
                bail!("--log-opts {w}: not supported; write --range A..B, --branch REF or --all")
            }
            rev => Revs::Range(rev.to_string()),
        };
        if revs.is_some() {
            bail!("--log-opts {opts:?}: give one of --all, a range A..B or one revision");
        }
        revs = Some(next);
    }
    revs.ok_or_else(|| {
        anyhow::anyhow!("--log-opts is empty: give --all, a range A..B or a revision")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_opts_forms() {
        let ok = [
            ("--all", Revs::All),
            ("main..feature", Revs::Range("main..feature".into())),
            ("  a...b ", Revs::Range("a...b".into())),
            ("v1.0", Revs::Range("v1.0".into())),
        ];
        for (opts, want) in ok {
            assert_eq!(log_opts(opts).unwrap(), want, "{opts}");
        }
        let errors = [
            ("--since=2024-01-01", "--before=DATE"),
            ("--until=2024-01-01", "--before=DATE"),
            ("-n 5", "HEAD~N..HEAD"),
            ("-n5", "HEAD~N..HEAD"),
            ("--max-count=5", "HEAD~N..HEAD"),
            ("--first-parent", "drop it"),
            ("main -- src/", "allowlist"),
            ("--all main", "one of"),
            ("--graph", "--range A..B"),
            ("", "empty"),
        ];
        for (opts, says) in errors {
            let e = log_opts(opts).unwrap_err().to_string();
            assert!(e.contains(says), "{opts}: {e}");
            assert!(!e.contains('\n'), "{opts}: one line");
        }
    }
}
