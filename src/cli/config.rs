//! The arguments as one typed config (as ripgrep turns its low-level arguments into high-level
//! ones): what to scan and how ([`ScanConfig`]), how to report it, and what decides the exit
//! code. Everything the command line decides is decided here, once.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::args::{ColorChoice, DirArgs, GitArgs, ScanArgs, StdinArgs};
use crate::report::{Format, ReportOptions};
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
    /// Show a progress bar (when standard error is a terminal).
    pub(crate) progress: bool,
}

impl Config {
    pub(crate) fn dir(a: DirArgs) -> Config {
        let scope = Scope::Dir {
            paths: a.paths,
            no_ignore: a.no_ignore,
            follow_symlinks: a.follow_symlinks,
        };
        Config::new(scope, a.scan)
    }

    pub(crate) fn stdin(a: StdinArgs) -> Config {
        Config::new(Scope::Stdin { label: a.label }, a.scan)
    }

    pub(crate) fn git(a: GitArgs) -> Config {
        let scope = if a.staged {
            Scope::Staged { repo: a.repo }
        } else {
            let revs = match (a.range, a.branch) {
                (Some(r), _) => Revs::Range(r),
                (None, Some(b)) => Revs::Branch(b),
                (None, None) => Revs::All,
            };
            Scope::History { repo: a.repo, revs }
        };
        let mut config = Config::new(scope, a.scan);
        config.scan.config_from_base = a.config_from_base;
        config
    }

    fn new(scope: Scope, a: ScanArgs) -> Config {
        let color = match a.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                a.output.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Config {
            scan: ScanConfig {
                scope,
                config: a.config,
                options: ScanOptions {
                    max_file_size: a.max_file_size,
                    max_decode_depth: a.max_decode_depth,
                    max_findings_per_file: a.max_findings_per_file,
                    max_findings_per_rule: a.max_findings_per_rule,
                    line_hashes: a.format == Format::Sarif,
                },
                threads: a.threads,
                baseline: a.baseline,
                write_baseline: a.write_baseline,
                redact: !a.no_redact,
                config_from_base: None,
            },
            report: ReportOptions {
                format: a.format,
                color: color && a.format == Format::Text,
            },
            output: a.output,
            exit_code: a.exit_code,
            quiet: a.quiet,
            progress: !a.no_progress,
        }
    }
}
