//! The git index as a source (pre-commit): the blobs a commit would record that differ from
//! HEAD, and which of their lines the commit adds.
//!
//! What is scanned is the index, not the work tree: an unstaged edit is not in the commit, and a
//! file staged and then edited again is scanned as staged. Each changed blob is matched whole
//! (a multi-line key keeps its context), then only findings on lines the commit adds are kept:
//! a secret already committed is not this commit's doing. On an unborn HEAD, and for a new file,
//! every line is added.
//!
//! # Resource usage
//!
//! One comparison of the index with HEAD's tree (libgit2 skips unchanged directories by the
//! index's cached tree oids only when it can; otherwise it is a merge walk of two sorted lists),
//! then only the changed blobs are read. Lines are diffed only for blobs that have findings.
//! History is never walked, and nothing is ever fetched: in a partial clone a missing object is a
//! warning.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use git2::{Delta, DiffFindOptions, DiffOptions, FileMode, Oid, Patch, Repository};

use super::git::{head_tree, message, missing_object, GitError};
use super::BlobRef;
use crate::findings::Finding;

/// The staged changes to scan.
#[derive(Debug, Default)]
pub struct Staged {
    /// The staged blobs that differ from HEAD (added, modified, renamed with edits).
    pub blobs: Vec<BlobRef>,
    /// Per staged path: the HEAD blob it replaces (`None`: every line is new).
    old: HashMap<Arc<str>, Option<Oid>>,
    /// Whether HEAD has a commit.
    pub born: bool,
    pub warnings: Vec<String>,
}

/// Lists the staged blobs that differ from HEAD's tree. Deleted files, submodules (gitlinks),
/// symbolic links and unchanged renames are not content this commit adds.
pub fn enumerate(repo: &Repository) -> Result<Staged, GitError> {
    super::git::refuse_bad_pack_index(repo)?;
    super::git::refuse_truncated_head(repo)?;
    if repo.is_bare() {
        return Err(GitError::Bare {
            path: repo.path().to_path_buf(),
        });
    }
    let index = repo
        .index()
        .map_err(|e| GitError::read("cannot read the index", &e))?;
    let head = head_tree(repo)?;
    let mut opts = DiffOptions::new();
    opts.include_typechange(true)
        .ignore_submodules(true)
        .skip_binary_check(true);
    let mut diff = repo
        .diff_tree_to_index(head.as_ref(), Some(&index), Some(&mut opts))
        .map_err(|e| GitError::read("cannot compare the index with HEAD", &e))?;
    let mut staged = Staged {
        born: head.is_some(),
        ..Staged::default()
    };
    // Renames pair a new path with the old file, so a moved file is not all "added". Finding
    // them reads the blobs of added and deleted files only.
    let mut find = DiffFindOptions::new();
    find.renames(true).copies(false);
    if let Err(e) = diff.find_similar(Some(&mut find)) {
        staged.warnings.push(format!(
            "cannot detect renamed files ({}): a renamed file is scanned as new",
            message(&e)
        ));
    }
    for delta in diff.deltas() {
        let new = delta.new_file();
        if !matches!(new.mode(), FileMode::Blob | FileMode::BlobExecutable) {
            continue;
        }
        let old = match delta.status() {
            Delta::Added => None,
            Delta::Modified | Delta::Renamed | Delta::Copied => {
                let old = delta.old_file();
                let text = matches!(old.mode(), FileMode::Blob | FileMode::BlobExecutable);
                text.then(|| old.id())
            }
            Delta::Typechange => None,
            _ => continue,
        };
        if old == Some(new.id()) {
            continue;
        }
        let path: Arc<str> = String::from_utf8_lossy(new.path_bytes().unwrap_or_default()).into();
        staged.old.insert(path.clone(), old);
        staged.blobs.push(BlobRef::Git {
            oid: new.id(),
            path,
            commit: None,
        });
    }
    Ok(staged)
}

impl Staged {
    /// Keeps the findings that touch a line the commit adds.
    pub fn keep_added(&mut self, repo: &Repository, findings: Vec<Finding>) -> Vec<Finding> {
        let mut added: HashMap<String, Option<HashSet<usize>>> = HashMap::new();
        let mut out = Vec::with_capacity(findings.len());
        for f in findings {
            let lines = added
                .entry(f.rel_path.clone())
                .or_insert_with(|| self.added_lines(repo, &f.rel_path));
            let keep = match lines {
                None => true,
                Some(set) => (f.line..=f.end_line.max(f.line)).any(|l| set.contains(&l)),
            };
            if keep {
                out.push(f);
            }
        }
        out
    }

    /// The 1-based numbers of the lines of the staged `path` that HEAD's version does not have;
    /// `None` when every line is added.
    fn added_lines(&mut self, repo: &Repository, path: &str) -> Option<HashSet<usize>> {
        let old = (*self.old.get(path)?)?;
        let new = self.blobs.iter().find_map(|b| match b {
            BlobRef::Git { oid, path: p, .. } if &**p == path => Some(*oid),
            _ => None,
        })?;
        let old_blob = match repo.find_blob(old) {
            Ok(b) => b,
            Err(e) => {
                self.warnings.push(format!(
                    "{}; every line of {path} is treated as added",
                    missing_object("blob", old, &format!("{path} at HEAD"), &e)
                ));
                return None;
            }
        };
        // The new blob was just scanned, so it can be read.
        let new_blob = repo.find_blob(new).ok()?;
        let mut opts = DiffOptions::new();
        opts.context_lines(0).force_text(true);
        let p = Path::new(path);
        let patch = match Patch::from_blobs(&old_blob, Some(p), &new_blob, Some(p), Some(&mut opts))
        {
            Ok(p) => p,
            Err(e) => {
                self.warnings.push(format!(
                    "{path}: cannot diff with HEAD ({}); every line is treated as added",
                    message(&e)
                ));
                return None;
            }
        };
        let mut lines = HashSet::new();
        for h in 0..patch.num_hunks() {
            let Ok(n) = patch.num_lines_in_hunk(h) else {
                continue;
            };
            for l in 0..n {
                if let Ok(line) = patch.line_in_hunk(h, l) {
                    if line.origin() == '+' {
                        if let Some(n) = line.new_lineno() {
                            lines.insert(n as usize);
                        }
                    }
                }
            }
        }
        Some(lines)
    }
}
