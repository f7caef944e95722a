//! Every pipeline: a [`ScanConfig`] (what to scan, with which rules and options) in, a
//! [`Scanned`] out: the rules used and a [`ScanOutcome`] { findings, stats, warnings }.
//!
//! Each pipeline loads the rules on another core while its source lists the blobs (the rules
//! are parsed and their keyword automaton is built while the files are walked, the index read or
//! the history walked), then scans the blobs in parallel (`scan/blobs.rs`) and applies what is decided
//! per scan, not per blob:
//!
//! - `dir` (`scan/dir.rs`): one directory is scanned while it is walked (stream); several paths, or
//!   `--follow-symlinks`, are walked first and scanned as one sorted list (batch);
//! - `stdin` (`scan/stdin.rs`): one blob;
//! - `git` history and ranges (`scan/history.rs`): one finding per secret and path, from the first blob
//!   that has it, and whether that secret is still at HEAD;
//! - `git --staged` (`scan/staged.rs`): only the findings on lines the commit adds;
//! - every scan: ignore files and the baseline (`scan/suppress.rs`), sorting, redaction.
//!
//! Progress goes to the [`Progress`] the caller passes in; nothing here prints.

pub mod ai;
pub mod ai_hook;
mod base;
mod blobs;
mod dir;
mod found;
mod git;
mod history;
pub mod progress;
mod range;
pub mod redact;
mod refs;
mod staged;
mod stdin;
mod suppress;

use std::path::{Path, PathBuf};

use crate::findings::Finding;
use crate::rules::{Loaded, RuleError, RuleSet};
use crate::warning::Warning;

pub use crate::display::Mask;
pub use crate::findings::baseline::BaselineError;
pub use crate::sources::git::history::Revs;
pub use crate::sources::git::GitError;
pub(crate) use found::to_findings;
pub(crate) use history::scan as scan_history;
pub use progress::Progress;

/// What a scan reads.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Files and directories (`leakhound dir`).
    Dir {
        paths: Vec<PathBuf>,
        /// Do not honour `.gitignore`, `.ignore` and git's excludes.
        no_ignore: bool,
        /// Follow symbolic links (loops are detected and reported).
        follow_symlinks: bool,
    },
    /// Standard input, as one blob reported under `label`.
    Stdin { label: String },
    /// The history of a repository: every ref, one ref, or a range (`repo`: `None` for the one
    /// git itself would use here).
    History { repo: Option<PathBuf>, revs: Revs },
    /// What the next commit adds (the index, compared with HEAD).
    Staged { repo: Option<PathBuf> },
    /// AI assistants' conversation stores (`leakhound ai scan`): these paths, or (none) the
    /// stores found under the home directory.
    Ai { paths: Vec<PathBuf> },
}

/// Everything a scan needs to know.
#[derive(Debug, Clone)]
pub struct ScanConfig {
    pub scope: Scope,
    /// `--config`; `None`: `.leakhound.toml` or `.gitleaks.toml` at the scan root, else the
    /// built-in rules.
    pub config: Option<PathBuf>,
    /// A config's text, used when `config` is `None` instead of the file found at the scan root
    /// (gitleaks' `GITLEAKS_CONFIG_TOML`).
    pub config_toml: Option<String>,
    pub options: ScanOptions,
    /// Worker threads (`None` or 0: one per core).
    pub threads: Option<usize>,
    /// Findings in this baseline are not reported.
    pub baseline: Option<PathBuf>,
    /// Record the findings (after the ignore files, before the baseline) in this baseline.
    pub write_baseline: Option<PathBuf>,
    /// Redact the secrets of the findings (in their paths and commit messages too).
    pub redact: bool,
    /// Only these rules (`--enable-rule`; empty: all).
    pub enable_rules: Vec<String>,
    /// Not these rules (`--disable-rule`).
    pub disable_rules: Vec<String>,
    /// One more ignore file (`--gitleaks-ignore-path`: the file, or a directory holding
    /// `.gitleaksignore`), read besides those at the scan root.
    pub ignore_path: Option<PathBuf>,
    /// `--config-from-base REF` (git scans): the config and ignore files come from REF's tree,
    /// not the work tree.
    pub config_from_base: Option<String>,
}

/// Scan options that matter inside the workers.
#[derive(Debug, Clone, Copy)]
pub struct ScanOptions {
    pub max_file_size: u64,
    /// Nested decoding levels (0: no decoding).
    pub max_decode_depth: usize,
    /// The most findings reported for one file or blob (0: no limit): the first by position.
    pub max_findings_per_file: usize,
    /// The most findings reported for one rule (0: no limit): the first in report order.
    pub max_findings_per_rule: usize,
    /// Compute GitHub's line hash of each finding (SARIF reports carry it).
    pub line_hashes: bool,
    /// Levels of archives opened (0: archives are blobs like any other).
    pub max_archive_depth: usize,
}

/// `--max-archive-depth`'s default: a jar in a war in a tarball is three.
pub const MAX_ARCHIVE_DEPTH: usize = 4;

/// `--max-findings-per-file`'s default. A file with more findings than this is a dump or a
/// fixture: what it holds is clear from the first thousand, and its findings would otherwise
/// cost memory (and report size) without bound.
pub const MAX_FINDINGS_PER_FILE: usize = 1000;
/// `--max-findings-per-rule`'s default.
pub const MAX_FINDINGS_PER_RULE: usize = 10_000;

/// What a scan looked at.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub files: u64,
    pub bytes: u64,
    pub skipped_binary: u64,
    pub skipped_large: u64,
    pub skipped_special: u64,
    /// Files (blobs) not read: a global allowlist allows every match at their path.
    pub skipped_allowlisted: u64,
    pub unreadable: u64,
    /// Archives opened (nested ones included).
    pub archives: u64,
    /// Archive members read.
    pub members: u64,
}

impl Stats {
    /// Both counts together.
    pub(crate) fn add(&self, other: &Stats) -> Stats {
        Stats {
            files: self.files + other.files,
            bytes: self.bytes + other.bytes,
            skipped_binary: self.skipped_binary + other.skipped_binary,
            skipped_large: self.skipped_large + other.skipped_large,
            skipped_special: self.skipped_special + other.skipped_special,
            skipped_allowlisted: self.skipped_allowlisted + other.skipped_allowlisted,
            unreadable: self.unreadable + other.unreadable,
            archives: self.archives + other.archives,
            members: self.members + other.members,
        }
    }

    pub fn skipped(&self) -> u64 {
        self.skipped_binary + self.skipped_large + self.skipped_special + self.skipped_allowlisted
    }
}

/// Everything a scan produced: findings (sorted, de-duplicated, suppressed ones removed,
/// redacted if asked), what it looked at, and the warnings for what it could not read.
#[derive(Debug, Default)]
pub struct ScanOutcome {
    pub findings: Vec<Finding>,
    pub stats: Stats,
    pub warnings: Vec<Warning>,
    /// How many findings the ignore files and the baseline left out.
    pub suppressed: Suppressed,
    /// The baseline written (`--write-baseline`), and how many findings it records.
    pub baseline_written: Option<(PathBuf, usize)>,
    /// There were blobs or files to scan and none of them could be read: an error, not a clean
    /// scan.
    pub nothing_read: Option<NothingRead>,
    /// The history walk did not reach every commit it should have (a commit, or a ref's
    /// target, cannot be read): findings may be missing, so the scan is not clean.
    pub incomplete: Option<String>,
    /// Every secret the scan found (reported or not), to be masked wherever it appears in what is
    /// shown: the findings are already masked with it; whatever else prints text from the scan
    /// (its warnings) applies it too. Empty with `--no-redact`.
    pub mask: Mask,
    /// What the user should know that is not a problem of the scan: the config turned rules
    /// off or replaced the built-in rules (a repository's config could do that to pass).
    pub notes: Vec<String>,
    /// The scan root, absolute (what findings' paths relative to the root are relative to).
    pub root: PathBuf,
    /// What the precision layer set aside (placeholders, public-by-design keys), in report
    /// order: not reported, counted in the summary line and listed by `--explain`. Their
    /// secrets are redacted like findings' (with `--redact`), and their paths masked.
    pub ignored: Vec<Finding>,
}

/// Findings left out of a scan's outcome.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Suppressed {
    /// By `.leakhoundignore` / `.gitleaksignore`.
    pub ignored: usize,
    /// By `--baseline`.
    pub baselined: usize,
    /// `ignored`, by ignore file (as warnings name it), in the order first met.
    pub by_file: Vec<(String, usize)>,
}

/// None of the `blobs` blobs of a repository could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NothingRead {
    pub blobs: usize,
    /// What they are: "blobs", "files and directories".
    pub what: &'static str,
    /// The repository or directory, as users read its path.
    pub source: String,
}

impl std::fmt::Display for NothingRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "none of the {} {} could be read from {}",
            self.blobs, self.what, self.source
        )
    }
}

/// A scan's outcome and the rules it ran (reports describe them).
#[derive(Debug)]
pub struct Scanned {
    pub rules: RuleSet,
    pub outcome: ScanOutcome,
}

/// Why a scan could not run.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Rules(#[from] RuleError),
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Baseline(#[from] BaselineError),
    #[error("{}: no such file or directory", .0.display())]
    NoSuchPath(PathBuf),
    #[error("{flag} {id}: no rule has this id (`leakhound rules list` lists them)")]
    UnknownRule { flag: &'static str, id: String },
    #[error("cannot read standard input")]
    Stdin(#[source] std::io::Error),
    /// Refs exist but none leads to a commit that can be read (a corrupt pack, say): not a
    /// clean scan. `warnings` say what could not be read.
    #[error("{repo}: none of the refs leads to a commit that can be read")]
    NoReadableCommit {
        repo: String,
        warnings: Vec<Warning>,
    },
}

/// Runs the scan `config` describes, reporting progress to `progress`.
pub fn run(config: &ScanConfig, progress: &Progress) -> Result<Scanned, ScanError> {
    init_threads(config.threads);
    // The base's config and ignore files, copied out (git scans).
    let base = match (&config.config_from_base, &config.scope) {
        (Some(rev), Scope::History { repo, .. } | Scope::Staged { repo }) => {
            Some(base::materialize(repo.as_deref(), rev)?)
        }
        _ => None,
    };
    let base_dir = base.as_ref().map(base::BaseFiles::path);
    let (rules, mut outcome, root) = match &config.scope {
        Scope::Dir {
            paths,
            no_ignore,
            follow_symlinks,
        } => dir::run(paths, *no_ignore, *follow_symlinks, config, progress)?,
        Scope::Stdin { label } => stdin::run(label, config, progress)?,
        Scope::History { repo, revs } => {
            history::run(repo.as_deref(), revs, config, base_dir, progress)?
        }
        Scope::Staged { repo } => staged::run(repo.as_deref(), config, base_dir, progress)?,
        Scope::Ai { paths } => ai::run(paths, config, progress)?,
    };
    outcome.warnings.extend(unknown_id_warnings(&rules));
    outcome.notes.extend(rules.narrowed().iter().cloned());
    // The precision layer's placeholders and public keys leave the findings first: nothing
    // that follows (ignore files, baselines, caps) is about them.
    let (ignored, findings) = std::mem::take(&mut outcome.findings)
        .into_iter()
        .partition(|f| f.ignored.is_some());
    outcome.findings = findings;
    outcome.ignored = ignored;
    let ignore = suppress::ignore_files(
        &mut outcome,
        base_dir.unwrap_or(&root),
        config.ignore_path.as_deref(),
        &rules,
    );
    // Built before anything is left out: a secret in an ignored or baselined finding is still a
    // secret, wherever else it appears.
    let mask = if config.redact {
        shown_mask(&outcome, config)
    } else {
        Mask::default()
    };
    suppress::apply(&mut outcome, &rules, &ignore, config, &mask)?;
    let capped = cap_per_rule(&mut outcome.findings, config.options.max_findings_per_rule);
    outcome.warnings.extend(capped);
    if config.redact {
        for f in outcome.findings.iter_mut().chain(&mut outcome.ignored) {
            f.redact(&mask);
        }
    }
    outcome.mask = mask;
    outcome.root = std::path::absolute(&root).unwrap_or(root);
    Ok(Scanned { rules, outcome })
}

/// A warning for each rule id the config names that no rule answers to.
pub fn unknown_id_warnings(rules: &RuleSet) -> Vec<Warning> {
    rules
        .unknown_ids()
        .iter()
        .map(|u| Warning::UnknownRuleId {
            file: u.file.clone(),
            field: u.field.to_string(),
            id: u.id.clone(),
        })
        .collect()
}

fn init_threads(threads: Option<usize>) {
    if let Some(n) = threads.filter(|&n| n > 0) {
        // Fails only if the global pool already exists: a second scan in one process keeps the
        // first one's.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
}

/// The rules of a scan rooted at `root` (`None`: a bare repository).
fn load_rules(config: &ScanConfig, root: Option<&Path>) -> Result<RuleSet, ScanError> {
    let mut loaded = match (&config.config, &config.config_toml) {
        (None, Some(text)) => Loaded::from_config_text("GITLEAKS_CONFIG_TOML", text)?,
        _ => Loaded::for_root(config.config.as_deref(), root)?,
    };
    // Each id names the rule of that id and every rule that has it as an alias (a gitleaks id).
    let named = |flag: &'static str, ids: &[String]| {
        let mut chosen = vec![false; loaded.rules.len()];
        for id in ids {
            let rules = loaded.resolve_id(id);
            if rules.is_empty() {
                return Err(ScanError::UnknownRule {
                    flag,
                    id: id.clone(),
                });
            }
            for i in rules {
                chosen[i] = true;
            }
        }
        Ok(chosen)
    };
    let enabled = named("--enable-rule", &config.enable_rules)?;
    let disabled = named("--disable-rule", &config.disable_rules)?;
    let mut i = 0;
    loaded.rules.retain(|_| {
        let keep = (config.enable_rules.is_empty() || enabled[i]) && !disabled[i];
        i += 1;
        keep
    });
    Ok(RuleSet::compile_with_prefilter(&loaded)?)
}

/// Loads the rules and builds their keyword automaton on another core while `work` (walking the
/// files, libgit2 reading the index or walking the history) runs on this one: a pre-commit hook
/// waits for both. The caller checks the rules' result first, so a bad config is still the error
/// reported.
fn alongside<T>(
    load: impl FnOnce() -> Result<RuleSet, ScanError> + Send,
    work: impl FnOnce() -> T,
) -> (Result<RuleSet, ScanError>, T) {
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
fn ready(load: impl FnOnce() -> Result<RuleSet, ScanError>) -> Result<RuleSet, ScanError> {
    let rules = load()?;
    rules.prefilter();
    Ok(rules)
}

/// The mask of every secret `outcome` found, for the text a scan shows: its findings' paths,
/// commit messages, authors and emails, its warnings, and the paths it was given (see
/// [`Mask::for_texts`]).
fn shown_mask(outcome: &ScanOutcome, config: &ScanConfig) -> Mask {
    let warnings: Vec<String> = outcome.warnings.iter().map(ToString::to_string).collect();
    let mut given: Vec<String> = [&config.config, &config.baseline, &config.write_baseline]
        .into_iter()
        .flatten()
        .map(|p| p.display().to_string())
        .collect();
    match &config.scope {
        Scope::Dir { paths, .. } => given.extend(paths.iter().map(|p| p.display().to_string())),
        Scope::Stdin { label } => given.push(label.clone()),
        Scope::History { repo, revs } => {
            given.extend(repo.iter().map(|p| p.display().to_string()));
            match revs {
                Revs::Branch(r) | Revs::Range(r) => given.push(r.clone()),
                Revs::All => {}
            }
        }
        Scope::Staged { repo } => given.extend(repo.iter().map(|p| p.display().to_string())),
        Scope::Ai { paths } => given.extend(paths.iter().map(|p| p.display().to_string())),
    }
    // A conversation or field named after a secret (a key of `pastedContents`, say).
    let contexts: Vec<String> = outcome
        .findings
        .iter()
        .filter_map(|f| f.transcript.as_deref())
        .flat_map(|c| {
            [&c.conversation, &c.message, &c.field]
                .into_iter()
                .flatten()
                .chain(&c.also_in)
                .cloned()
        })
        .collect();
    given.extend(contexts);
    let found = outcome.findings.iter().flat_map(|f| {
        let commit = f
            .commit
            .iter()
            .flat_map(|c| [&c.message, &c.author, &c.email]);
        [&f.path, &f.rel_path]
            .into_iter()
            .chain(commit)
            .chain(f.refs.iter().flatten())
    });
    let texts = found
        .map(String::as_str)
        .chain(warnings.iter().map(String::as_str))
        .chain(given.iter().map(String::as_str));
    Mask::for_texts(outcome.findings.iter().map(|f| f.secret.as_str()), texts)
}

/// Keeps the first `max` findings of each rule (0: all), in their (report) order; a warning for
/// each rule that had more.
fn cap_per_rule(findings: &mut Vec<Finding>, max: usize) -> Vec<Warning> {
    if max == 0 || findings.len() <= max {
        return Vec::new();
    }
    let mut seen: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    findings.retain(|f| {
        let n = seen.entry(f.rule_index).or_insert(0);
        *n += 1;
        *n <= max
    });
    let mut over: Vec<(u32, usize)> = seen.into_iter().filter(|&(_, n)| n > max).collect();
    over.sort_unstable();
    over.into_iter()
        .map(|(r, found)| Warning::RuleFindingsCapped {
            rule: findings
                .iter()
                .find(|f| f.rule_index == r)
                .map(|f| f.rule_id.clone())
                .unwrap_or_default(),
            found,
            kept: max,
        })
        .collect()
}

/// Sorts findings and removes exact duplicates (same rule, place and commit).
fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.fingerprint == b.fingerprint);
}
