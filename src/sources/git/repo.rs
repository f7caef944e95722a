//! Opening a repository (work tree, bare repository or linked worktree) and what every git source
//! needs of it: its HEAD, its object directory, whether it is a partial clone, and the errors.

use std::path::{Path, PathBuf};

use git2::{ErrorCode, Oid, Repository, RepositoryOpenFlags, Tree};

use crate::warning::{ObjectKind, Place, UnreadableObject, Warning};

/// Why a repository, a revision or the index could not be used.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("{}: not a git repository (nor any of its parents); to scan plain files use `leakhound dir`", path.display())]
    NotARepository { path: PathBuf },
    #[error("{}: cannot open the git repository: {message}", path.display())]
    Open { path: PathBuf, message: String },
    #[error("{}: a bare repository has no index: --staged needs a work tree (scan its history with `leakhound git` instead)", path.display())]
    Bare { path: PathBuf },
    #[error("--range {spec:?} does not resolve: {message} (examples: main..feature, HEAD~5..HEAD, v1.2.0)")]
    BadRange { spec: String, message: String },
    #[error("--branch {name:?} is not a branch, tag or other ref in this repository")]
    BadBranch { name: String },
    #[error("{what}: {message}")]
    Read { what: String, message: String },
}

impl GitError {
    pub(crate) fn read(what: impl Into<String>, err: &git2::Error) -> GitError {
        GitError::Read {
            what: what.into(),
            message: message(err),
        }
    }
}

/// libgit2's message, without its class and code decoration.
pub(crate) fn message(err: &git2::Error) -> String {
    err.message().trim_end_matches('.').to_string()
}

/// Process-wide libgit2 settings for reading: object ids are not re-hashed on every read (as
/// `git cat-file` does not; that SHA-1 was a large part of a history scan's cost: see
/// docs/performance.md). A corrupt object
/// still fails to inflate or parse and is reported.
fn configure() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| git2::opts::strict_hash_verification(false));
}

/// Opens the repository at or above `path`; without a path, the one git itself would use here
/// (`GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE` honoured: that is what a hook runs with).
pub(crate) fn open(path: Option<&Path>) -> Result<Repository, GitError> {
    configure();
    let shown = path.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let opened = match path {
        None => Repository::open_from_env(),
        Some(p) => Repository::open_ext(
            p,
            RepositoryOpenFlags::empty(),
            std::iter::empty::<&std::ffi::OsStr>(),
        ),
    };
    opened.map_err(|e| {
        if e.code() == ErrorCode::NotFound {
            GitError::NotARepository { path: shown }
        } else {
            GitError::Open {
                path: shown,
                message: message(&e),
            }
        }
    })
}

/// The tree at HEAD, or `None` when HEAD is unborn (a repository without commits yet).
pub(crate) fn head_tree(repo: &Repository) -> Result<Option<Tree<'_>>, GitError> {
    let head = match repo.head() {
        Ok(h) => h,
        Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {
            return Ok(None)
        }
        Err(e) => return Err(GitError::read("HEAD", &e)),
    };
    head.peel_to_tree()
        .map(Some)
        .map_err(|e| GitError::read("HEAD", &e))
}

/// Whether this is a partial clone (objects may be missing on purpose, fetched on demand by git).
pub(crate) fn is_partial_clone(repo: &Repository) -> bool {
    let Ok(config) = repo.config() else {
        return false;
    };
    if config.get_string("extensions.partialclone").is_ok() {
        return true;
    }
    let Ok(entries) = config.entries(Some("remote\\..*\\.promisor")) else {
        return false;
    };
    let mut promisor = false;
    let _ = entries.for_each(|e| promisor |= e.value() == Some("true"));
    promisor
}

/// The warning for an object that cannot be read.
pub(crate) fn missing_object(
    kind: ObjectKind,
    oid: Oid,
    place: Place,
    err: &git2::Error,
) -> Warning {
    Warning::ObjectUnreadable(unreadable(kind, oid, place, err))
}

/// An object that cannot be read, with libgit2's reason.
pub(crate) fn unreadable(
    kind: ObjectKind,
    oid: Oid,
    place: Place,
    err: &git2::Error,
) -> UnreadableObject {
    UnreadableObject {
        kind,
        oid,
        place,
        reason: message(err),
    }
}

/// The directory of loose objects and packs. It is the common directory's: a linked worktree's
/// own `.git/worktrees/NAME` holds none.
pub(crate) fn objects_dir(repo: &Repository) -> PathBuf {
    repo.commondir().join("objects")
}
