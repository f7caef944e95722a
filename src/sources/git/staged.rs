//! The git index as a source (pre-commit): the blobs a commit would record that differ from
//! HEAD, and which of their lines the commit adds (the scan keeps only findings on those).
//!
//! What is scanned is the index, not the work tree: an unstaged edit is not in the commit, and a
//! file staged and then edited again is scanned as staged. Each changed blob is matched whole
//! (a multi-line key keeps its context), then only findings on lines the commit adds are kept:
//! a secret already committed is not this commit's doing. On an unborn HEAD, and for a new file,
//! every line is added.
//!
//! # Resource usage
//!
//! One comparison of the index with HEAD's tree that reads only the trees of directories the
//! index's cache tree does not vouch for ([`super::index`]; libgit2's full diff when the index
//! or the change is out of the ordinary: conflicts, deletions that may be renames, a split or
//! sparse index), then only the changed blobs are read. Lines are diffed only for blobs that have findings.
//! History is never walked, and nothing is ever fetched: in a partial clone a missing object is a
//! warning.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Repository, Tree};

use super::{head_tree, message, unreadable, GitError};
use crate::sources::BlobRef;
use crate::warning::{ObjectKind, Place, Warning};

/// The staged changes to scan.
#[derive(Debug, Default)]
pub(crate) struct Staged {
    /// The staged blobs that differ from HEAD (added, modified, renamed with edits).
    pub(crate) blobs: Vec<BlobRef>,
    /// Per staged path: the HEAD blob it replaces (`None`: every line is new).
    old: HashMap<Arc<str>, Option<Oid>>,
    pub(crate) warnings: Vec<Warning>,
}

/// Lists the staged blobs that differ from HEAD's tree. Deleted files, submodules (gitlinks),
/// symbolic links and unchanged renames are not content this commit adds.
pub(crate) fn enumerate(repo: &Repository) -> Result<Staged, GitError> {
    super::pack::refuse_bad_pack_index(repo)?;
    super::loose::refuse_truncated_head(repo)?;
    if repo.is_bare() {
        return Err(GitError::Bare {
            path: repo.path().to_path_buf(),
        });
    }
    let head = head_tree(repo)?;
    match super::index::staged_changes(repo, head.as_ref()) {
        Some(changes) => {
            let mut staged = Staged::default();
            for change in changes {
                staged.add(&change.path, change.oid, change.old);
            }
            Ok(staged)
        }
        None => diff_with_libgit2(repo, head),
    }
}

/// The staged changes by libgit2's diff of HEAD's tree with the index, with rename detection.
fn diff_with_libgit2(repo: &Repository, head: Option<Tree<'_>>) -> Result<Staged, GitError> {
    let index = repo
        .index()
        .map_err(|e| GitError::read("cannot read the index", &e))?;
    let mut opts = DiffOptions::new();
    opts.include_typechange(true)
        .ignore_submodules(true)
        .skip_binary_check(true);
    let mut diff = repo
        .diff_tree_to_index(head.as_ref(), Some(&index), Some(&mut opts))
        .map_err(|e| GitError::read("cannot compare the index with HEAD", &e))?;
    let mut staged = Staged::default();
    // Renames pair a new path with the old file, so a moved file is not all "added". Finding
    // them reads the blobs of added and deleted files only.
    let mut find = DiffFindOptions::new();
    find.renames(true).copies(false);
    if let Err(e) = diff.find_similar(Some(&mut find)) {
        staged.warnings.push(Warning::RenamesUndetected {
            message: message(&e),
        });
    }
    // Modes are read from the index and HEAD's tree, never from the diff: git2 panics on a
    // mode it does not know (`DiffFile::mode`), and an index may hold any 32 bits there.
    let mode_in_index = |path: &[u8]| index.get_path(&as_path(path), 0).map(|e| e.mode);
    let mode_at_head = |path: &[u8]| {
        head.as_ref()
            .and_then(|t| t.get_path(&as_path(path)).ok())
            .map(|e| e.filemode_raw() as u32)
    };
    for delta in diff.deltas() {
        let new = delta.new_file();
        let path = new.path_bytes().unwrap_or_default();
        let Some(mode) = mode_in_index(path) else {
            continue;
        };
        match file_mode(mode) {
            Some(true) => {}
            Some(false) => continue,
            None => {
                staged.warnings.push(Warning::IndexModeUnusual {
                    path: String::from_utf8_lossy(path).into_owned(),
                    mode,
                });
                continue;
            }
        }
        let old = match delta.status() {
            Delta::Added => None,
            Delta::Modified | Delta::Renamed | Delta::Copied => {
                let old = delta.old_file();
                let text = mode_at_head(old.path_bytes().unwrap_or_default())
                    .is_some_and(|m| file_mode(m) == Some(true));
                text.then(|| old.id())
            }
            Delta::Typechange => None,
            _ => continue,
        };
        if old == Some(new.id()) {
            continue;
        }
        staged.add(path, new.id(), old);
    }
    Ok(staged)
}

/// A path as git stores it (bytes), as a path.
fn as_path(bytes: &[u8]) -> std::path::PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Path::new(std::ffi::OsStr::from_bytes(bytes)).to_path_buf()
    }
    #[cfg(not(unix))]
    {
        std::path::PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// Whether an index or tree entry mode is a file's (`Some(true)`: its content is scanned), one
/// of the other kinds git writes (`Some(false)`: a link, a submodule, a directory), or a mode
/// no git writes (`None`). A regular file with unusual permission bits (`100600`, old git's
/// `100664`) is a file.
fn file_mode(mode: u32) -> Option<bool> {
    match mode & 0o170000 {
        0o100000 => Some(true),
        0o120000 | 0o160000 | 0o040000 => Some(false),
        _ => None,
    }
}

impl Staged {
    fn add(&mut self, path: &[u8], oid: Oid, old: Option<Oid>) {
        let path: Arc<str> = String::from_utf8_lossy(path).into();
        self.old.insert(path.clone(), old);
        self.blobs.push(BlobRef::Git {
            oid,
            path,
            commit: None,
        });
    }

    /// The 1-based numbers of the lines of the staged `path` that HEAD's version does not have;
    /// `None` when every line is added.
    ///
    /// When HEAD's version cannot be read or compared, that is a warning (in
    /// [`Staged::warnings`]) and every line counts as added.
    pub(crate) fn added_lines(&mut self, repo: &Repository, path: &str) -> Option<HashSet<usize>> {
        let old = (*self.old.get(path)?)?;
        let new = self.blobs.iter().find_map(|b| match b {
            BlobRef::Git { oid, path: p, .. } if &**p == path => Some(*oid),
            _ => None,
        })?;
        let old_blob = match repo.find_blob(old) {
            Ok(b) => b,
            Err(e) => {
                self.warnings.push(Warning::HeadBlobUnreadable {
                    object: unreadable(ObjectKind::Blob, old, Place::AtHead(path.to_string()), &e),
                    path: path.to_string(),
                });
                return None;
            }
        };
        // The new blob was just scanned, so it can be read.
        let new_blob = repo.find_blob(new).ok()?;
        match super::diff::added_lines(&old_blob, &new_blob, path) {
            Ok(lines) => Some(lines),
            Err(e) => {
                self.warnings.push(Warning::DiffFailed {
                    path: path.to_string(),
                    message: message(&e),
                });
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::sources::testing::{git, git_output, write};

    /// Staged changes as (path, blob, HEAD's blob).
    type Listed = Vec<(String, Oid, Option<Oid>)>;
    /// A named change made to a repository.
    type Case<'a> = (&'a str, &'a dyn Fn(&Path));

    fn listed(staged: &Staged) -> Listed {
        let mut v: Vec<_> = staged
            .blobs
            .iter()
            .map(|b| match b {
                BlobRef::Git { oid, path, .. } => (path.to_string(), *oid, staged.old[path]),
                _ => unreachable!(),
            })
            .collect();
        v.sort();
        v
    }

    /// The fast path's changes (`None`: it handed over to libgit2) and libgit2's, for the repository
    /// at `dir` as it is.
    fn both(dir: &Path) -> (Option<Listed>, Listed) {
        let repo = Repository::open(dir).unwrap();
        let head = head_tree(&repo).unwrap();
        let fast = super::super::index::staged_changes(&repo, head.as_ref()).map(|changes| {
            let mut s = Staged::default();
            for c in changes {
                s.add(&c.path, c.oid, c.old);
            }
            listed(&s)
        });
        let slow = listed(&diff_with_libgit2(&repo, head_tree(&repo).unwrap()).unwrap());
        (fast, slow)
    }

    /// A repository with a committed tree of nested directories.
    fn committed() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        git(d, &["init", "-q"]);
        for (p, text) in [
            ("README", "readme\n"),
            ("a/one.txt", "one\n"),
            ("a/b/two.txt", "two\n"),
            ("a/b/c/three.txt", "three\n"),
            ("a.b/dot.txt", "dot\n"),
            ("z/last.txt", "last\n"),
            ("run.sh", "echo run\n"),
        ] {
            write(d, p, text);
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink("README", d.join("link")).unwrap();
        git(d, &["add", "-A"]);
        git(d, &["commit", "-q", "-m", "first"]);
        t
    }

    #[test]
    fn the_fast_path_agrees_with_libgit2() {
        let cases: Vec<Case<'_>> = vec![
            ("nothing staged", &|_| {}),
            ("a deep edit", &|d| {
                write(d, "a/b/c/three.txt", "three\nand more\n");
                git(d, &["add", "-A"]);
            }),
            ("new files in new and old directories", &|d| {
                write(d, "a/b/new.txt", "new\n");
                write(d, "n/e/w/deep.txt", "deep\n");
                write(d, "a0", "after a/ in byte order\n");
                git(d, &["add", "-A"]);
            }),
            ("a mode change alone, and with an edit", &|d| {
                git(d, &["update-index", "--chmod=+x", "a/one.txt"]);
                write(d, "run.sh", "echo changed\n");
                git(d, &["add", "run.sh"]);
                git(d, &["update-index", "--chmod=-x", "run.sh"]);
            }),
            ("an index of version 4", &|d| {
                write(d, "a/b/two.txt", "two, edited\n");
                write(d, "a/b/twin.txt", "a twin\n");
                git(d, &["add", "-A"]);
                git(d, &["update-index", "--index-version", "4"]);
            }),
            ("a stale cache tree everywhere", &|d| {
                write(d, "z/last.txt", "last, edited\n");
                git(d, &["add", "-A"]);
                // Rewrites the index without its cache tree, then stages again.
                git(d, &["rm", "-q", "--cached", "-r", "."]);
                git(d, &["add", "-A"]);
            }),
            (
                "HEAD moved back: the cache tree describes another commit",
                &|d| {
                    write(d, "a/b/two.txt", "two, second\n");
                    git(d, &["commit", "-q", "-am", "second"]);
                    git(d, &["reset", "-q", "--soft", "HEAD~1"]);
                },
            ),
        ];
        for (name, change) in cases {
            let t = committed();
            change(t.path());
            let (fast, slow) = both(t.path());
            assert_eq!(fast.as_ref(), Some(&slow), "{name}");
        }
    }

    #[test]
    fn deletions_renames_conflicts_and_intents_go_to_libgit2() {
        let cases: Vec<Case<'_>> = vec![
            ("a deleted file", &|d| git(d, &["rm", "-q", "a/one.txt"])),
            // A type change may be paired with an added file as a rename.
            ("a symbolic link becomes a file", &|d| {
                std::fs::remove_file(d.join("link")).unwrap();
                write(d, "link", "now a file\n");
                git(d, &["add", "-A"]);
            }),
            (
                "a file moved away and replaced by a symbolic link to it",
                &|d| {
                    git(d, &["mv", "a/one.txt", "a/one.real.txt"]);
                    #[cfg(unix)]
                    std::os::unix::fs::symlink("one.real.txt", d.join("a/one.txt")).unwrap();
                    git(d, &["add", "a/one.txt"]);
                },
            ),
            ("a renamed file", &|d| {
                git(d, &["mv", "a/b/two.txt", "z/two.txt"])
            }),
            ("a directory replaced by a file", &|d| {
                git(d, &["rm", "-q", "-r", "a/b/c"]);
                write(d, "a/b/c", "a file now\n");
                git(d, &["add", "a/b/c"]);
            }),
            ("a merge conflict (stages 1 to 3)", &|d| {
                write(d, "a/one.txt", "ours\n");
                git(d, &["commit", "-q", "-am", "ours"]);
                git(d, &["checkout", "-q", "-b", "theirs", "HEAD~1"]);
                write(d, "a/one.txt", "theirs\n");
                git(d, &["commit", "-q", "-am", "theirs"]);
                let merged = git_output(d, &["merge", "-q", "-"]);
                assert!(!merged.status.success(), "the merge conflicts");
            }),
            ("an intent-to-add entry", &|d| {
                write(d, "later.txt", "later\n");
                git(d, &["add", "-N", "later.txt"]);
            }),
        ];
        for (name, change) in cases {
            let t = committed();
            change(t.path());
            let (fast, _) = both(t.path());
            assert_eq!(fast, None, "{name}");
        }
    }

    #[test]
    fn an_unborn_head_stages_every_file() {
        let t = tempfile::tempdir().unwrap();
        git(t.path(), &["init", "-q"]);
        write(t.path(), "x/y.txt", "y\n");
        write(t.path(), "top.txt", "top\n");
        git(t.path(), &["add", "-A"]);
        let (fast, slow) = both(t.path());
        assert_eq!(slow.len(), 2);
        assert_eq!(fast, Some(slow));
    }
}
