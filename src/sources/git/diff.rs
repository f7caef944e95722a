//! What a change adds and removes, for the scans that report only a change's own doing
//! (`--staged`, `--range`): the lines one blob adds to another (a zero-context diff), the lines a
//! commit adds to one of its files (against each of its parents, following a rename), and the
//! text of the lines a commit removes (where a secret that moved came from).
//!
//! # Resource usage
//!
//! Only blobs that have findings are diffed line by line ([`added_lines`], [`added_by_commit`]);
//! a commit's removed lines ([`removed_text`]) cost one tree-to-tree diff of the commit with its
//! first parent, blobs over the size limit left out (as binary).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use git2::{Blob, Delta, DiffFindOptions, DiffOptions, ErrorCode, ObjectType, Oid, Patch};
use git2::{Repository, Tree};

/// The 1-based numbers of the lines of `new` that `old` does not have (`path` names both, for
/// libgit2's diff drivers).
pub(crate) fn added_lines(
    old: &Blob<'_>,
    new: &Blob<'_>,
    path: &str,
) -> Result<HashSet<usize>, git2::Error> {
    let _ = path;
    let mut opts = DiffOptions::new();
    opts.context_lines(0).force_text(true);
    // From the contents alone, without a path: libgit2 then looks up no diff driver, so it reads
    // no `.gitattributes` (a FIFO there hung the staged scan; tests/hostile.rs).
    let patch = Patch::from_buffers(old.content(), None, new.content(), None, Some(&mut opts))?;
    let mut lines = HashSet::new();
    for h in 0..patch.num_hunks() {
        for l in 0..patch.num_lines_in_hunk(h)? {
            let line = patch.line_in_hunk(h, l)?;
            if line.origin() == '+' {
                if let Some(n) = line.new_lineno() {
                    lines.insert(n as usize);
                }
            }
        }
    }
    Ok(lines)
}

/// The lines of blob `new`, at `path` in `commit`, that the commit adds: those that no parent's
/// version of the file has (a merge adds only what neither side had). `None`: every line is new
/// (a root commit, or a file that no parent has, under this name or one it was renamed from).
pub(crate) fn added_by_commit(
    repo: &Repository,
    commit: Oid,
    path: &str,
    new: Oid,
    renames: &mut Renames,
) -> Result<Option<HashSet<usize>>, git2::Error> {
    let c = repo.find_commit(commit)?;
    let new_blob = repo.find_blob(new)?;
    let mut added: Option<HashSet<usize>> = None;
    for parent in c.parents() {
        let tree = parent.tree()?;
        let old = match tree.get_path(Path::new(path)) {
            Ok(e) if e.kind() == Some(ObjectType::Blob) => Some(e.id()),
            Ok(_) => None,
            Err(e) if e.code() == ErrorCode::NotFound => {
                renames.of(repo, &tree, &c.tree()?)?.get(path).copied()
            }
            Err(e) => return Err(e),
        };
        // Against a parent without the file every line is new: that parent narrows nothing.
        let Some(old) = old else { continue };
        let lines = added_lines(&repo.find_blob(old)?, &new_blob, path)?;
        added = Some(match added {
            None => lines,
            Some(before) => before.intersection(&lines).copied().collect(),
        });
    }
    Ok(added)
}

/// The renames between trees, each pair of trees diffed once (a commit that adds many files
/// with findings is compared with its parent once, not once per file).
#[derive(Debug, Default)]
pub(crate) struct Renames {
    /// (old tree, new tree) -> new path -> the blob it was renamed from.
    known: HashMap<(Oid, Oid), HashMap<String, Oid>>,
}

impl Renames {
    /// The files of `new` that libgit2's rename detection pairs with a file of `old`.
    fn of(
        &mut self,
        repo: &Repository,
        old: &Tree<'_>,
        new: &Tree<'_>,
    ) -> Result<&HashMap<String, Oid>, git2::Error> {
        let entry = match self.known.entry((old.id(), new.id())) {
            std::collections::hash_map::Entry::Occupied(e) => return Ok(e.into_mut()),
            std::collections::hash_map::Entry::Vacant(e) => e,
        };
        let mut opts = DiffOptions::new();
        opts.ignore_submodules(true);
        let mut diff = repo.diff_tree_to_tree(Some(old), Some(new), Some(&mut opts))?;
        let mut find = DiffFindOptions::new();
        find.renames(true).copies(false);
        diff.find_similar(Some(&mut find))?;
        let renamed = diff
            .deltas()
            .filter(|d| d.status() == Delta::Renamed)
            .filter_map(|d| {
                let to = d.new_file().path_bytes()?;
                Some((String::from_utf8_lossy(to).into_owned(), d.old_file().id()))
            })
            .collect();
        Ok(entry.insert(renamed))
    }
}

/// The text of every line `commit` removes from its first parent's files (deleted files
/// included), each line with its end; nothing for a root commit. Files over `max_size` bytes are
/// left out, as binary files are.
pub(crate) fn removed_text(
    repo: &Repository,
    commit: Oid,
    max_size: u64,
) -> Result<Vec<u8>, git2::Error> {
    let c = repo.find_commit(commit)?;
    let parent = match c.parent(0) {
        Ok(p) => p,
        Err(e) if e.code() == ErrorCode::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut opts = DiffOptions::new();
    opts.context_lines(0)
        .ignore_submodules(true)
        .max_size(i64::try_from(max_size).unwrap_or(i64::MAX));
    let diff = repo.diff_tree_to_tree(Some(&parent.tree()?), Some(&c.tree()?), Some(&mut opts))?;
    let mut out = Vec::new();
    diff.print(git2::DiffFormat::Patch, |_, _, line| {
        if line.origin() == '-' {
            out.extend_from_slice(line.content());
            if !line.content().ends_with(b"\n") {
                out.push(b'\n');
            }
        }
        true
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::{git, git_output, write};

    fn head(dir: &Path) -> Oid {
        let out = git_output(dir, &["rev-parse", "HEAD"]);
        Oid::from_str(String::from_utf8_lossy(&out.stdout).trim()).unwrap()
    }

    fn blob_at(repo: &Repository, commit: Oid, path: &str) -> Oid {
        let c = repo.find_commit(commit).unwrap();
        c.tree().unwrap().get_path(Path::new(path)).unwrap().id()
    }

    fn sorted(set: Option<HashSet<usize>>) -> Option<Vec<usize>> {
        set.map(|s| {
            let mut v: Vec<usize> = s.into_iter().collect();
            v.sort_unstable();
            v
        })
    }

    #[test]
    fn lines_a_commit_adds() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        git(d, &["init", "-q", "-b", "main"]);
        write(d, "a.txt", "one\ntwo\nthree\n");
        git(d, &["add", "-A"]);
        git(d, &["commit", "-q", "-m", "root"]);
        let repo = Repository::open(d).unwrap();
        let root = head(d);
        assert_eq!(
            added_by_commit(
                &repo,
                root,
                "a.txt",
                blob_at(&repo, root, "a.txt"),
                &mut Renames::default()
            )
            .unwrap(),
            None,
            "a root commit adds every line"
        );

        write(d, "a.txt", "one\nTWO\nthree\nfour\n");
        git(d, &["commit", "-q", "-am", "edit"]);
        let edit = head(d);
        let added = added_by_commit(
            &repo,
            edit,
            "a.txt",
            blob_at(&repo, edit, "a.txt"),
            &mut Renames::default(),
        );
        assert_eq!(sorted(added.unwrap()), Some(vec![2, 4]));
        let removed = removed_text(&repo, edit, 1 << 20).unwrap();
        assert_eq!(removed, b"two\n");

        // A rename with an edit: only the edited line is new.
        git(d, &["mv", "a.txt", "b.txt"]);
        write(d, "b.txt", "one\nTWO\nthree\nfour\nfive\n");
        git(d, &["add", "-A"]);
        git(d, &["commit", "-q", "-m", "move"]);
        let moved = head(d);
        let added = added_by_commit(
            &repo,
            moved,
            "b.txt",
            blob_at(&repo, moved, "b.txt"),
            &mut Renames::default(),
        );
        assert_eq!(sorted(added.unwrap()), Some(vec![5]));
    }

    #[test]
    fn a_merge_adds_what_neither_parent_had() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        git(d, &["init", "-q", "-b", "main"]);
        write(d, "f.txt", "base\n");
        git(d, &["add", "-A"]);
        git(d, &["commit", "-q", "-m", "root"]);
        git(d, &["checkout", "-q", "-b", "side"]);
        write(d, "f.txt", "base\nside\n");
        git(d, &["commit", "-q", "-am", "side"]);
        git(d, &["checkout", "-q", "main"]);
        write(d, "g.txt", "other\n");
        git(d, &["add", "-A"]);
        git(d, &["commit", "-q", "-m", "main"]);
        let merged = git_output(d, &["merge", "-q", "--no-ff", "--no-commit", "side"]);
        assert!(merged.status.success());
        write(d, "f.txt", "base\nside\nresolved\n");
        git(d, &["add", "-A"]);
        git(d, &["commit", "-q", "-m", "merge"]);
        let repo = Repository::open(d).unwrap();
        let m = head(d);
        let added = added_by_commit(
            &repo,
            m,
            "f.txt",
            blob_at(&repo, m, "f.txt"),
            &mut Renames::default(),
        );
        assert_eq!(sorted(added.unwrap()), Some(vec![3]));
    }
}
