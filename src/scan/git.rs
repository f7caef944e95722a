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
pub(super) fn rules<'a>(
    repo: &Repository,
    config: &'a ScanConfig,
) -> impl FnOnce() -> Result<RuleSet, ScanError> + Send + 'a {
    let workdir = repo.workdir().map(Path::to_path_buf);
    move || load_rules(config, workdir.as_deref())
}

/// Where the ignore files of a scan of `repo` are read from: its work tree (a bare repository
/// has none: its git directory, which holds no ignore file).
pub(super) fn root(repo: &Repository) -> PathBuf {
    repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf()
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
            source: display_repo(repo),
        }),
        ..ScanOutcome::default()
    }
}
