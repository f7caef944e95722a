//! What the history and staged scans share: the repository, the rules it holds, and how their
//! outcome is concluded (object warnings collapsed, nothing readable being an error).

use std::path::{Path, PathBuf};

use git2::Repository;

use super::{load_rules, NothingRead, ScanConfig, ScanError, ScanOutcome, Stats};
use crate::display::display_path;
use crate::findings::Finding;
use crate::rules::RuleSet;
use crate::sources;
use crate::warning::{self, Warning};

/// Opens the repository at or above `path` (`None`: the one git itself would use here).
pub(super) fn open(path: Option<&Path>) -> Result<Repository, ScanError> {
    Ok(sources::git::open(path)?)
}

/// A loader of the rules of a scan of `repo`, for another thread: its work tree holds the config
/// (a bare repository has none).
/// `base`: the directory `--config-from-base` copied the base's files to, used instead.
pub(super) fn rules<'a>(
    repo: &Repository,
    config: &'a ScanConfig,
    base: Option<&Path>,
) -> impl FnOnce() -> Result<RuleSet, ScanError> + Send + 'a {
    let root = base.map(Path::to_path_buf).or_else(|| own_workdir(repo));
    move || load_rules(config, root.as_deref())
}

/// Where the ignore files of a scan of `repo` are read from: its work tree (a bare repository
/// has none, nor one whose work tree is not its own: its git directory, which holds no ignore
/// file).
pub(super) fn root(repo: &Repository) -> PathBuf {
    own_workdir(repo).unwrap_or_else(|| repo.path().to_path_buf())
}

/// The work tree of `repo` if it is the repository's own: the one whose `.git` (a directory, or
/// a `gitdir:` file of a linked worktree or submodule) is this repository, or the one the
/// environment names (`GIT_WORK_TREE`, as a hook runs). `core.worktree` in a repository's config
/// may name any directory: its config and ignore files are not the repository's, and are not
/// read (the [`Warning::WorkTreeNotOwn`] the scan gives says so).
pub(super) fn own_workdir(repo: &Repository) -> Option<PathBuf> {
    let workdir = repo.workdir()?;
    if std::env::var_os("GIT_WORK_TREE").is_some() {
        return Some(workdir.to_path_buf());
    }
    let git_dir = repo.path().canonicalize().ok()?;
    let dot_git = workdir.join(".git");
    let named = match std::fs::symlink_metadata(&dot_git) {
        Ok(m) if m.is_file() => std::fs::read_to_string(&dot_git)
            .ok()
            .and_then(|t| t.lines().next().map(str::to_string))
            .and_then(|l| l.strip_prefix("gitdir:").map(|p| workdir.join(p.trim()))),
        Ok(_) => Some(dot_git),
        Err(_) => None,
    };
    named
        .and_then(|p| p.canonicalize().ok())
        .filter(|p| *p == git_dir)
        .map(|_| workdir.to_path_buf())
}

/// The warning for a repository whose work tree is not its own, if it is not.
pub(super) fn workdir_warning(repo: &Repository) -> Option<Warning> {
    let workdir = repo.workdir()?;
    own_workdir(repo)
        .is_none()
        .then(|| Warning::WorkTreeNotOwn {
            dir: display_path(workdir),
        })
}

/// The repository as users read its path.
pub(super) fn display_repo(repo: &Repository) -> String {
    display_path(&root(repo))
}

/// The outcome of a git scan of `blobs` blobs: the first few "cannot read" warnings shown and
/// the rest counted (a partial clone can miss thousands of blobs on purpose), and an error when
/// there was something to scan and none of it could be read.
pub(super) fn conclude(
    repo: &Repository,
    findings: Vec<Finding>,
    stats: Stats,
    warnings: Vec<Warning>,
    blobs: usize,
) -> ScanOutcome {
    let nothing_read = blobs > 0 && stats.files + stats.skipped() == 0;
    let warnings = if warnings.iter().any(Warning::is_unreadable_object) {
        warning::collapse_objects(warnings, sources::git::is_partial_clone(repo))
    } else {
        warnings
    };
    ScanOutcome {
        findings,
        stats,
        warnings,
        nothing_read: nothing_read.then(|| NothingRead {
            blobs,
            what: "blobs",
            source: display_repo(repo),
        }),
        ..ScanOutcome::default()
    }
}
