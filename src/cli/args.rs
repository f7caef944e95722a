//! The command line as the user typed it (clap derive); `cli::run` turns it into a scan.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;

/// leakhound finds leaked secrets (API keys, tokens, private keys, passwords) in files, standard
/// input and git history.
#[derive(Debug, Parser)]
#[command(name = "leakhound", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Scan files and directories (default: the current directory).
    #[command(alias = "directory", alias = "files")]
    Dir(DirArgs),
    /// Scan standard input.
    Stdin(StdinArgs),
    /// Scan git history (every ref by default: each blob once, with the commit that introduced
    /// it), a range of commits, or the staged changes (--staged, for pre-commit hooks).
    Git(GitArgs),
    /// gitleaks' `detect`: `git` on --source (default: the current directory), or `dir` with
    /// --no-git.
    Detect(DetectArgs),
    /// gitleaks' `protect --staged`: `git --staged` on --source.
    Protect(ProtectArgs),
    /// Install a git pre-commit hook that runs `leakhound git --staged`.
    InstallHook(InstallHookArgs),
    /// List or check the rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    // --- AI assistants (issue 22): kept in one block to ease merging. ---
    /// AI assistants: scan their conversation stores, answer their hooks, install the hooks.
    Ai {
        #[command(subcommand)]
        command: AiCommand,
    },
    /// Copy standard input to standard output with every secret replaced by
    /// <REDACTED:rule-id>, in bounded memory (or redact one file in place).
    Redact(RedactArgs),
}

// --- AI assistants (issue 22) ---

#[derive(Debug, Subcommand)]
pub(crate) enum AiCommand {
    /// Scan the transcripts, prompt histories and logs of AI assistants found under the home
    /// directory (Claude Code, Codex, Gemini CLI, Cursor, VS Code, Continue, Aider, ...), or the
    /// paths given.
    Scan(Box<AiScanArgs>),
    /// Answer one hook event of an assistant (its JSON on standard input): allow, or block
    /// before a secret leaves, in the assistant's protocol.
    Hook(AiHookArgs),
    /// Add `leakhound ai hook` to an assistant's hook settings, keeping the hooks already there.
    InstallHook(AiInstallHookArgs),
}

/// The assistants whose hook protocols `ai hook` speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum HookTool {
    ClaudeCode,
    Cursor,
}

#[derive(Debug, Args)]
#[command(mut_arg("max_file_size", |a| a.default_value("256M")))]
pub(crate) struct AiScanArgs {
    /// Stores to scan (files or directories) instead of the ones found under the home directory.
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// List the stores found (path, tool, format) without scanning them.
    #[arg(long)]
    pub(crate) list: bool,
    #[command(flatten)]
    pub(crate) scan: ScanArgs,
}

#[derive(Debug, Args)]
pub(crate) struct AiHookArgs {
    /// The assistant whose hook protocol to speak.
    #[arg(long, value_enum)]
    pub(crate) tool: HookTool,
    /// Config file (rules and allowlists added to the built-in ones).
    #[arg(short, long, value_name = "FILE", env = "LEAKHOUND_CONFIG")]
    pub(crate) config: Option<PathBuf>,
    /// When leakhound cannot scan (rules that do not load, unreadable input, its own time limit),
    /// block (exit status 2) instead of letting the action go ahead (exit status 1).
    #[arg(long)]
    pub(crate) fail_closed: bool,
    /// Give up after this many seconds (below the assistant's own hook timeout), failing open
    /// or closed as --fail-closed says.
    #[arg(long, value_name = "SECONDS", default_value_t = 20)]
    pub(crate) timeout: u64,
}

/// Where `ai install-hook` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum HookScope {
    /// The user's settings (~/.claude/settings.json, ~/.cursor/hooks.json).
    User,
    /// The project's (.claude/settings.json, .cursor/hooks.json at the git root).
    Project,
}

#[derive(Debug, Args)]
pub(crate) struct AiInstallHookArgs {
    /// The assistant.
    #[arg(long, value_enum)]
    pub(crate) tool: HookTool,
    /// Whose settings to change.
    #[arg(long, value_enum, default_value_t = HookScope::User)]
    pub(crate) scope: HookScope,
    /// The settings file to change, instead of the one --scope chooses.
    #[arg(long, value_name = "FILE", conflicts_with = "scope")]
    pub(crate) settings: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct RedactArgs {
    /// Redact FILE itself (the original is kept as FILE.leakhound-backup) instead of copying
    /// standard input to standard output.
    #[arg(long, value_name = "FILE")]
    pub(crate) in_place: Option<PathBuf>,
    /// Config file (rules and allowlists added to the built-in ones).
    #[arg(short, long, value_name = "FILE", env = "LEAKHOUND_CONFIG")]
    pub(crate) config: Option<PathBuf>,
    /// Decode base64, hex and percent-encoded text this many levels deep (0 turns decoding off).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub(crate) max_decode_depth: usize,
    /// Do not print how many secrets were redacted.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
    /// List the rules in use, one per line: id, service, severity, confidence class, the
    /// gitleaks ids it answers to, description.
    List {
        /// Config file (default: .leakhound.toml or .gitleaks.toml in the current directory).
        #[arg(short, long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Output format (json: an array of objects, for tools).
        #[arg(short = 'f', long = "format", value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Check rules: every example must produce a finding and every negative example none.
    /// Without FILE, checks the built-in rules.
    Check {
        /// Rule or config files to check.
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub(crate) struct DirArgs {
    /// Files or directories to scan.
    #[arg(value_name = "PATH", default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,
    /// Do not honour .gitignore, .ignore and git's exclude files.
    #[arg(long)]
    pub(crate) no_ignore: bool,
    /// Follow symbolic links (loops are detected and reported).
    #[arg(long)]
    pub(crate) follow_symlinks: bool,
    #[command(flatten)]
    pub(crate) scan: ScanArgs,
}

#[derive(Debug, Args)]
pub(crate) struct StdinArgs {
    /// The path reported for findings in standard input.
    #[arg(long, value_name = "NAME", default_value = "stdin")]
    pub(crate) label: String,
    #[command(flatten)]
    pub(crate) scan: ScanArgs,
}

#[derive(Debug, Args)]
pub(crate) struct GitArgs {
    /// The repository (default: the one containing the current directory; a bare repository
    /// works for history scans).
    #[arg(value_name = "REPO")]
    pub(crate) repo: Option<PathBuf>,
    /// Scan what the next commit adds: the staged blobs that differ from HEAD, reporting only
    /// secrets on added lines. Reads the index, not the work tree.
    #[arg(long, alias = "cached")]
    pub(crate) staged: bool,
    /// Scan only what these commits introduced: `BASE..HEAD` (commits in HEAD but not in BASE),
    /// `A...B`, or one revision (everything reachable from it).
    #[arg(long, value_name = "REV", conflicts_with_all = ["staged", "branch", "all"])]
    pub(crate) range: Option<String>,
    /// Scan the history of one branch, tag or ref.
    #[arg(long, value_name = "REF", conflicts_with_all = ["staged", "all"])]
    pub(crate) branch: Option<String>,
    /// Scan the history of every ref: branches, tags, remote-tracking refs (the default).
    #[arg(long, conflicts_with = "staged")]
    pub(crate) all: bool,
    /// gitleaks' `--log-opts` (git log options): `--all`, `A..B`, `A...B` or one revision;
    /// the other options git log takes stop with an error that says what to write instead.
    #[arg(long, value_name = "OPTS", allow_hyphen_values = true, conflicts_with_all = ["staged", "range", "branch", "all"])]
    pub(crate) log_opts: Option<String>,
    /// Take the config and the ignore files from this ref's tree (the base branch of a pull
    /// request), not from the work tree, whose own config could allowlist everything.
    #[arg(long, value_name = "REF")]
    pub(crate) config_from_base: Option<String>,
    #[command(flatten)]
    pub(crate) scan: ScanArgs,
}

#[derive(Debug, Args)]
pub(crate) struct InstallHookArgs {
    /// The repository (default: the one containing the current directory).
    #[arg(value_name = "REPO")]
    pub(crate) repo: Option<PathBuf>,
    /// Replace an existing pre-commit hook: it is moved to `pre-commit.leakhound-backup` and run
    /// after leakhound passes.
    #[arg(long)]
    pub(crate) force: bool,
}

/// Options every scan takes.
#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    /// Config file (default: .leakhound.toml, else .gitleaks.toml, at the scan root).
    #[arg(short, long, value_name = "FILE", env = "LEAKHOUND_CONFIG")]
    pub(crate) config: Option<PathBuf>,
    /// Report format.
    #[arg(short = 'f', long = "format", alias = "report-format", value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(
        short = 'o',
        long = "output",
        alias = "report-path",
        value_name = "FILE"
    )]
    pub(crate) output: Option<PathBuf>,
    /// Show secrets in full (they are redacted by default).
    #[arg(long, conflicts_with = "redact")]
    pub(crate) no_redact: bool,
    /// Redact secrets (the default; accepted for gitleaks compatibility: `--redact` and
    /// `--redact=100` are the default, other percentages stop with an error).
    #[arg(long, hide = true, value_name = "PERCENT", num_args = 0..=1, require_equals = true, default_missing_value = "100")]
    pub(crate) redact: Option<u8>,
    /// Report only findings that are not in this baseline (written by --write-baseline, or a
    /// JSON report).
    #[arg(long, value_name = "FILE", alias = "baseline-path")]
    pub(crate) baseline: Option<PathBuf>,
    /// Record the findings of this scan in FILE (fingerprint, rule, path; never the secret),
    /// accepting them: the exit code is 0.
    #[arg(long, value_name = "FILE")]
    pub(crate) write_baseline: Option<PathBuf>,
    /// Exit code when there are findings.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub(crate) exit_code: i32,
    /// List on standard error each match left out as a placeholder or a public-by-design key:
    /// path:line, rule, and why (never the value).
    #[arg(long)]
    pub(crate) explain: bool,
    /// Skip files larger than this (bytes, or with a unit: 500K, 10M, 1G).
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub(crate) max_file_size: u64,
    /// Decode base64, hex and percent-encoded text this many levels deep to find secrets inside
    /// (0 turns decoding off).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub(crate) max_decode_depth: usize,
    /// Report at most N findings of one file (or blob): the first N by position, with a warning
    /// that says how many it had (0: no limit).
    #[arg(long, value_name = "N", default_value_t = crate::scan::MAX_FINDINGS_PER_FILE)]
    pub(crate) max_findings_per_file: usize,
    /// Report at most N findings of one rule: the first N in report order, with a warning that
    /// says how many it had (0: no limit).
    #[arg(long, value_name = "N", default_value_t = crate::scan::MAX_FINDINGS_PER_RULE)]
    pub(crate) max_findings_per_rule: usize,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub(crate) threads: Option<usize>,
    /// When to colour the text report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
    /// Do not show a progress bar.
    #[arg(long)]
    pub(crate) no_progress: bool,
    /// Do not print the summary line on standard error.
    #[arg(short, long)]
    pub(crate) quiet: bool,
    #[command(flatten)]
    pub(crate) gate: GateArgs,
    #[command(flatten)]
    pub(crate) gitleaks: GitleaksArgs,
    #[command(flatten)]
    pub(crate) archives: ArchiveArgs,
}

// ---- CI gates and gitleaks' flags (issue 20) ----

/// Which findings count: for the report and the exit code.
#[derive(Debug, Args)]
pub(crate) struct GateArgs {
    /// Report (and fail on) only findings of this severity or higher: info, low, medium, high,
    /// critical.
    #[arg(long, value_name = "LEVEL", value_parser = parse_severity)]
    pub(crate) min_severity: Option<crate::rules::Severity>,
    /// Report (and fail on) only findings of at least this confidence: high (a checksum or
    /// structure verifies), medium (a distinctive provider format), low (all).
    #[arg(long, value_name = "LEVEL", value_parser = parse_confidence)]
    pub(crate) min_confidence: Option<crate::rules::Confidence>,
    /// Use only these rules (ids, comma-separated or repeated).
    #[arg(long, value_name = "ID", value_delimiter = ',', num_args = 1..)]
    pub(crate) enable_rule: Vec<String>,
    /// Do not use these rules (ids, comma-separated or repeated).
    #[arg(long, value_name = "ID", value_delimiter = ',', num_args = 1..)]
    pub(crate) disable_rule: Vec<String>,
}

/// The flags gitleaks users type, with gitleaks' meaning (see docs/gitleaks.md).
#[derive(Debug, Args)]
pub(crate) struct GitleaksArgs {
    /// Also print each finding (as text, on standard error) when the report goes to a file or
    /// is not text.
    #[arg(short = 'v', long)]
    pub(crate) verbose: bool,
    /// Accepted: leakhound prints no banner.
    #[arg(long)]
    pub(crate) no_banner: bool,
    /// No colours (same as --color never).
    #[arg(long)]
    pub(crate) no_color: bool,
    /// gitleaks' log level: trace, debug, info and warn print as usual; error and fatal print
    /// only warnings and errors (like --quiet).
    #[arg(short = 'l', long, value_name = "LEVEL", value_parser = ["trace", "debug", "info", "warn", "error", "fatal"])]
    pub(crate) log_level: Option<String>,
    /// Skip files larger than N megabytes (gitleaks' name for --max-file-size NM).
    #[arg(long, value_name = "N", conflicts_with = "max_file_size")]
    pub(crate) max_target_megabytes: Option<u64>,
    /// gitleaks: ignore `gitleaks:allow` comments (not supported: stops with an error).
    #[arg(long)]
    pub(crate) ignore_gitleaks_allow: bool,
    /// A `.gitleaksignore` file, or the directory that holds one, read besides the ignore files
    /// at the scan root.
    #[arg(short = 'i', long, value_name = "PATH")]
    pub(crate) gitleaks_ignore_path: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct DetectArgs {
    /// The repository or directory to scan.
    #[arg(short = 's', long = "source", value_name = "PATH", default_value = ".")]
    pub(crate) source: PathBuf,
    /// Scan the files as they are (`leakhound dir`), not the git history.
    #[arg(long)]
    pub(crate) no_git: bool,
    /// git log options: `--all`, `A..B`, `A...B` or one revision (see `git --log-opts`).
    #[arg(
        long,
        value_name = "OPTS",
        allow_hyphen_values = true,
        conflicts_with = "no_git"
    )]
    pub(crate) log_opts: Option<String>,
    /// Follow symbolic links (with --no-git).
    #[arg(long, requires = "no_git")]
    pub(crate) follow_symlinks: bool,
    #[command(flatten)]
    pub(crate) scan: ScanArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ProtectArgs {
    /// The repository.
    #[arg(short = 's', long = "source", value_name = "PATH", default_value = ".")]
    pub(crate) source: PathBuf,
    /// Scan the staged changes (required: leakhound does not scan unstaged changes).
    #[arg(long)]
    pub(crate) staged: bool,
    #[command(flatten)]
    pub(crate) scan: ScanArgs,
}

/// Parses a severity name.
pub(crate) fn parse_severity(s: &str) -> Result<crate::rules::Severity, String> {
    use crate::rules::Severity::*;
    match s.to_ascii_lowercase().as_str() {
        "info" => Ok(Info),
        "low" => Ok(Low),
        "medium" => Ok(Medium),
        "high" => Ok(High),
        "critical" => Ok(Critical),
        _ => Err(format!(
            "{s:?} is not a severity (info, low, medium, high, critical)"
        )),
    }
}

/// How `rules list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Text,
    Json,
}

/// How archives are scanned (their own block, see docs/archives.md).
#[derive(Debug, Args)]
pub(crate) struct ArchiveArgs {
    /// Scan inside archives and compressed files (zip, jar, tar, gzip, bzip2, xz, zstd, ...)
    /// nested up to N levels deep (0: archives are skipped as binary files).
    #[arg(long, value_name = "N", default_value_t = crate::scan::MAX_ARCHIVE_DEPTH)]
    pub(crate) max_archive_depth: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Parses `low`, `medium` or `high`.
pub(crate) fn parse_confidence(s: &str) -> Result<crate::rules::Confidence, String> {
    s.parse()
}

/// Parses `10M`, `500k`, `1GiB`, `4096` into bytes (K/M/G are powers of 1024).
pub(crate) fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (examples: 4096, 500K, 10M, 1G)"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (use K, M or G)")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("{s:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        let cases = [
            ("4096", Some(4096)),
            ("10M", Some(10 << 20)),
            ("500k", Some(500 << 10)),
            ("1GiB", Some(1 << 30)),
            ("x", None),
            ("10Q", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_size(input).ok(), want, "{input}");
        }
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
