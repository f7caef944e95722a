//! The installer behind `leakhound install-hook`: a plain git pre-commit hook that runs
//! `leakhound git --staged`. (The only place leakhound writes into a repository, because the user
//! asked it to.)
//!
//! The hook goes where git looks for it: `core.hooksPath` if set (a relative path is relative to
//! the work tree root, as git reads it), else the `hooks` directory of the repository's common
//! git dir (shared by all its worktrees). An existing hook is never overwritten silently: without
//! `--force` the install is refused; with it, the old hook is moved to
//! `pre-commit.leakhound-backup` and the new hook runs it after leakhound passes. Re-installing
//! over leakhound's own hook just rewrites it.

pub(crate) mod ai;

use std::path::{Path, PathBuf};

use crate::sources::git::{self, GitError};

/// The line that marks a hook as leakhound's own.
const MARKER: &str = "# leakhound pre-commit hook";
/// Where an existing hook is moved to by `--force`, in the hooks directory.
pub(crate) const BACKUP: &str = "pre-commit.leakhound-backup";

/// What [`install`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Installed {
    /// The hook written.
    pub(crate) hook: PathBuf,
    /// It replaced an earlier leakhound hook.
    pub(crate) updated: bool,
}

/// Why the hook was not installed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum HookError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("cannot read the repository's config")]
    Config(#[source] git2::Error),
    #[error(
        "{}: a pre-commit hook already exists; leakhound did not change it. Run \
         `leakhound install-hook --force` to move it to {BACKUP} and run it after leakhound, or \
         add `leakhound git --staged` to it yourself",
        .0.display()
    )]
    Exists(PathBuf),
    #[error(
        "{}: core.hooksPath leads outside the repository (through a symbolic link); leakhound \
         writes its hook only inside the repository",
        .0.display()
    )]
    HooksPathOutside(PathBuf),
    #[error("{}: a backup of an earlier hook is already there; move it away first", .0.display())]
    BackupExists(PathBuf),
    #[error("cannot move {} to {}", .from.display(), .to.display())]
    Move {
        from: PathBuf,
        to: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot create {}", .path.display())]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Installs the pre-commit hook in the repository at or above `repo` (`None`: the one git itself
/// would use here). With `force`, an existing hook that is not leakhound's is moved to
/// [`BACKUP`] first, and `moved` is told where (before the new hook is written).
pub(crate) fn install(
    repo: Option<&Path>,
    force: bool,
    moved: impl FnOnce(&Path),
) -> Result<Installed, HookError> {
    let repo = git::open(repo)?;
    let dir = hooks_dir(&repo)?;
    let hook = dir.join("pre-commit");
    let backup = dir.join(BACKUP);
    let existing = std::fs::symlink_metadata(&hook);
    // A hook that is a symbolic link is never written through (it may lead anywhere): it is
    // not ours, so it is moved away (with --force) like any other hook.
    let link = existing.as_ref().is_ok_and(|m| m.file_type().is_symlink());
    let existing = existing.is_ok();
    let ours =
        existing && !link && std::fs::read_to_string(&hook).is_ok_and(|text| text.contains(MARKER));
    if existing && !ours {
        if !force {
            return Err(HookError::Exists(hook));
        }
        if std::fs::symlink_metadata(&backup).is_ok() {
            return Err(HookError::BackupExists(backup));
        }
        std::fs::rename(&hook, &backup).map_err(|source| HookError::Move {
            from: hook.clone(),
            to: backup.clone(),
            source,
        })?;
        moved(&backup);
    }
    std::fs::create_dir_all(&dir).map_err(|source| HookError::CreateDir {
        path: dir.clone(),
        source,
    })?;
    let exe = std::env::current_exe().ok();
    write_executable(&hook, &script(exe.as_deref())).map_err(|source| HookError::Write {
        path: hook.clone(),
        source,
    })?;
    Ok(Installed {
        hook,
        updated: ours,
    })
}

/// Where git runs hooks from for `repo`.
fn hooks_dir(repo: &git2::Repository) -> Result<PathBuf, HookError> {
    let config = repo.config().map_err(HookError::Config)?;
    if let Ok(p) = config.get_path("core.hooksPath") {
        if p.is_absolute() {
            return Ok(p);
        }
        // git runs hooks from the work tree root (the git dir in a bare repository).
        let base = repo.workdir().unwrap_or_else(|| repo.path());
        let dir = base.join(&p);
        // A relative hooks path names a directory of the work tree, which a commit may have
        // made a symbolic link to anywhere: the hook is written only inside the repository.
        if !inside(&dir, base) {
            return Err(HookError::HooksPathOutside(dir));
        }
        return Ok(dir);
    }
    Ok(repo.commondir().join("hooks"))
}

/// Whether `path` (which may not exist yet) really lies inside the directory `base`, symbolic
/// links resolved: its nearest existing ancestor, resolved, is inside `base` resolved, and the
/// rest of it holds no `..`.
fn inside(path: &Path, base: &Path) -> bool {
    let Ok(base) = base.canonicalize() else {
        return false;
    };
    let mut existing = path;
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return false,
        }
    }
    existing
        .canonicalize()
        .is_ok_and(|real| real.starts_with(&base))
        && rest.iter().all(|n| *n != "..")
}

/// The hook: leakhound from PATH (else the binary that installed it), then any backed-up hook.
fn script(exe: Option<&Path>) -> String {
    let fallback = exe.map_or_else(
        || "leakhound".to_string(),
        |p| shell_quote(&p.to_string_lossy()),
    );
    format!(
        "#!/bin/sh\n\
         {MARKER} (installed by `leakhound install-hook`).\n\
         # Blocks a commit that adds a secret. Skip it once with `git commit --no-verify`.\n\
         if command -v leakhound >/dev/null 2>&1; then\n\
         \x20 leakhound git --staged || exit $?\n\
         else\n\
         \x20 {fallback} git --staged || exit $?\n\
         fi\n\
         backup=\"$(dirname \"$0\")/{BACKUP}\"\n\
         if [ -x \"$backup\" ]; then\n\
         \x20 exec \"$backup\" \"$@\"\n\
         fi\n"
    )
}

/// `s` in single quotes, for sh.
pub(crate) fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn write_executable(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("/usr/bin/leakhound"), "'/usr/bin/leakhound'");
        assert_eq!(shell_quote("/it's/here"), r"'/it'\''s/here'");
    }

    #[test]
    fn script_runs_leakhound_then_the_backup() {
        let s = script(Some(Path::new("/opt/lh/leakhound")));
        assert!(s.starts_with("#!/bin/sh\n"));
        assert!(s.contains(MARKER));
        assert!(s.contains("  leakhound git --staged || exit $?\n"));
        assert!(s.contains("  '/opt/lh/leakhound' git --staged || exit $?\n"));
        assert!(s.contains(BACKUP));
    }
}
