//! Git history as a list of blobs: every distinct blob reachable from the chosen commits, once,
//! with the commit and path that first introduced it.
//!
//! Commits are walked oldest first (topological order, ties by time). Each commit's tree is
//! walked, skipping every subtree already walked (by oid: an unchanged directory costs one hash
//! lookup), and each blob not seen before is recorded with that commit and its path there. No
//! patch text is ever produced: blobs are scanned whole, later, in parallel. A secret that stays
//! in a file for 500 commits is in one blob (or, if the file is edited, in blobs that the caller
//! de-duplicates by fingerprint and path: the scan keeps the first).
//!
//! For a range (`base..head`) the trees of the commits just outside it (the parents of the
//! range's oldest commits) are walked first without recording anything: what they contain is
//! already known, so only content the range's commits introduced is scanned.
//!
//! # Resource usage
//!
//! One hash set entry per distinct tree and blob (20 bytes each and overhead), one shared
//! string per distinct path, one [`BlobRef`] per distinct blob. Each distinct tree object is read
//! once; blobs are not read here at all.

use std::collections::HashSet;
use std::sync::Arc;

use git2::{ObjectType, Oid, Repository, Sort};

use super::{message, missing_object, Damaged, GitError};
use crate::sources::BlobRef;
use crate::warning::{ObjectKind, Place, Reached, UnreadableObject, Warning};

/// Which commits to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revs {
    /// Every ref (branches, tags, remote-tracking refs, stash, notes) and HEAD.
    All,
    /// What is reachable from one ref.
    Branch(String),
    /// `base..head` (what head has and base does not), `a...b` (what either has and their merge
    /// base does not), or one revision (what is reachable from it).
    Range(String),
}

/// The blobs to scan, and what the walk saw.
#[derive(Debug, Default)]
pub(crate) struct History {
    /// In walk order: a blob's commit is never newer than the commit of a later blob.
    pub(crate) blobs: Vec<BlobRef>,
    /// Every blob in `blobs` (to tell which blobs of another tree were not scanned).
    pub(crate) seen: HashSet<Oid>,
    /// Commits walked.
    pub(crate) commits: u64,
    /// The commits walked, in walk order (oldest first).
    pub(crate) order: Vec<Oid>,
    /// Refs or revisions the walk started from.
    pub(crate) tips: usize,
    pub(crate) warnings: Vec<Warning>,
    /// Truncated loose objects whose header says blob: never read as trees (see
    /// [`super::loose::refuse_truncated`]).
    pub(crate) unreadable: Damaged,
}

/// Lists the blobs introduced by the commits `revs` selects.
pub(crate) fn enumerate(repo: &Repository, revs: &Revs) -> Result<History, GitError> {
    super::pack::refuse_bad_pack_index(repo)?;
    let unreadable = super::loose::refuse_truncated(repo)?;
    let mut history = History::default();
    let mut walk = repo
        .revwalk()
        .map_err(|e| GitError::read("cannot walk history", &e))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)
        .map_err(|e| GitError::read("cannot walk history", &e))?;
    match revs {
        Revs::All => push_all(repo, &mut walk, &mut history)?,
        Revs::Branch(name) => {
            let commit = resolve_ref(repo, name)?;
            push(&mut walk, commit, name)?;
            history.tips = 1;
        }
        Revs::Range(spec) => push_range(repo, &mut walk, spec, &mut history)?,
    }
    let mut order = Vec::new();
    for oid in walk {
        match oid {
            Ok(oid) => order.push(oid),
            Err(e) => {
                history.warnings.push(Warning::HistoryWalkStopped {
                    message: message(&e),
                });
                break;
            }
        }
    }
    history.commits = order.len() as u64;
    if repo.is_shallow() && !order.is_empty() {
        history.warnings.push(Warning::ShallowClone);
    }
    let mut walker = TreeWalker::new(repo, &unreadable);
    seed_boundary(repo, &order, &mut walker, &mut history);
    for &oid in &order {
        let commit = match repo.find_commit(oid) {
            Ok(c) => c,
            Err(e) => {
                history
                    .warnings
                    .push(missing_object(ObjectKind::Commit, oid, Place::History, &e));
                continue;
            }
        };
        let tree = commit.tree_id();
        let mut blobs = std::mem::take(&mut history.blobs);
        walker.walk(tree, Reached::Commit(oid), |blob, path| {
            blobs.push(BlobRef::Git {
                oid: blob,
                path,
                commit: Some(oid),
            })
        });
        history.blobs = blobs;
    }
    history.warnings.append(&mut walker.warnings);
    history.seen = walker.seen;
    history.order = order;
    history.unreadable = unreadable;
    Ok(history)
}

/// Pushes every ref that leads to a commit, and HEAD.
fn push_all(
    repo: &Repository,
    walk: &mut git2::Revwalk<'_>,
    history: &mut History,
) -> Result<(), GitError> {
    let refs = repo
        .references()
        .map_err(|e| GitError::read("cannot list refs", &e))?;
    let mut tips = HashSet::new();
    for r in refs {
        let r = match r {
            Ok(r) => r,
            Err(e) => {
                history.warnings.push(Warning::RefUnreadable {
                    message: message(&e),
                });
                continue;
            }
        };
        let name = String::from_utf8_lossy(r.name_bytes()).into_owned();
        match r.peel(ObjectType::Commit) {
            Ok(obj) => {
                tips.insert(obj.id());
            }
            // A missing object is worth a warning; a tag of a tree or a blob has no history.
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                history.warnings.push(Warning::RefCommitUnreadable {
                    name,
                    message: message(&e),
                })
            }
            Err(_) => {}
        }
    }
    if let Ok(head) = repo.head() {
        if let Ok(c) = head.peel_to_commit() {
            tips.insert(c.id());
        }
    }
    let mut tips: Vec<Oid> = tips.into_iter().collect();
    tips.sort();
    history.tips = tips.len();
    for t in tips {
        push(walk, t, "a ref")?;
    }
    Ok(())
}

fn push(walk: &mut git2::Revwalk<'_>, oid: Oid, what: &str) -> Result<(), GitError> {
    walk.push(oid)
        .map_err(|e| GitError::read(format!("{what} ({oid})"), &e))
}

/// The commit a `--branch` name stands for: a ref (full or short name) or, failing that, any
/// revision git understands.
fn resolve_ref(repo: &Repository, name: &str) -> Result<Oid, GitError> {
    let bad = || GitError::BadBranch {
        name: name.to_string(),
    };
    let reference = repo
        .resolve_reference_from_short_name(name)
        .or_else(|_| repo.find_reference(name));
    match reference {
        Ok(r) => r.peel_to_commit().map(|c| c.id()).map_err(|_| bad()),
        Err(_) => repo
            .revparse_single(name)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id())
            .map_err(|_| bad()),
    }
}

fn push_range(
    repo: &Repository,
    walk: &mut git2::Revwalk<'_>,
    spec: &str,
    history: &mut History,
) -> Result<(), GitError> {
    let bad = |e: &git2::Error| GitError::BadRange {
        spec: spec.to_string(),
        message: message(e),
    };
    let commit_of = |o: &git2::Object<'_>| o.peel_to_commit().map(|c| c.id()).map_err(|e| bad(&e));
    // git reads `a..` and `..b` with HEAD for the missing side.
    let spec_full = if let Some(base) = spec.strip_suffix("..").filter(|b| !b.ends_with('.')) {
        format!("{base}..HEAD")
    } else if let Some(head) = spec.strip_prefix("..").filter(|h| !h.starts_with('.')) {
        format!("HEAD..{head}")
    } else {
        spec.to_string()
    };
    let rs = repo.revparse(&spec_full).map_err(|e| bad(&e))?;
    let mode = rs.mode();
    match (rs.from(), rs.to()) {
        (Some(from), Some(to)) if mode.contains(git2::RevparseMode::MERGE_BASE) => {
            let (a, b) = (commit_of(from)?, commit_of(to)?);
            push(walk, a, spec)?;
            push(walk, b, spec)?;
            match repo.merge_base(a, b) {
                Ok(base) => walk.hide(base).map_err(|e| bad(&e))?,
                Err(e) if e.code() == git2::ErrorCode::NotFound => {}
                Err(e) => return Err(bad(&e)),
            }
            history.tips = 2;
        }
        (Some(from), Some(to)) => {
            let (a, b) = (commit_of(from)?, commit_of(to)?);
            push(walk, b, spec)?;
            walk.hide(a).map_err(|e| bad(&e))?;
            history.tips = 1;
        }
        (Some(one), None) | (None, Some(one)) => {
            let c = commit_of(one)?;
            push(walk, c, spec)?;
            history.tips = 1;
        }
        (None, None) => {
            return Err(GitError::BadRange {
                spec: spec.to_string(),
                message: "nothing to scan".into(),
            })
        }
    }
    Ok(())
}

/// Walks, without recording, the trees of the parents of walked commits that are not walked
/// themselves (a range's base): content they have is not new in the range.
fn seed_boundary(
    repo: &Repository,
    order: &[Oid],
    walker: &mut TreeWalker<'_>,
    history: &mut History,
) {
    let walked: HashSet<Oid> = order.iter().copied().collect();
    let mut boundary = Vec::new();
    for &oid in order {
        let Ok(commit) = repo.find_commit(oid) else {
            continue;
        };
        for p in commit.parent_ids() {
            if !walked.contains(&p) && !boundary.contains(&p) {
                boundary.push(p);
            }
        }
    }
    let mut missing = 0usize;
    for p in boundary {
        match repo.find_commit(p) {
            Ok(c) => walker.walk(c.tree_id(), Reached::Commit(p), |_, _| {}),
            // The parent of a shallow clone's oldest commits is not there: nothing to seed.
            Err(_) => missing += 1,
        }
    }
    if missing > 0 && !repo.is_shallow() {
        history
            .warnings
            .push(Warning::ParentsUnreadable { count: missing });
    }
}

/// The tree entry mode of a symbolic link (its blob is the link's target path, not content).
const SYMLINK_MODE: i32 = 0o120000;

/// Walks trees, each distinct tree once, reporting each blob not seen before.
struct TreeWalker<'r> {
    repo: &'r Repository,
    /// Never read as trees (see [`History::unreadable`]).
    unreadable: &'r Damaged,
    trees: HashSet<Oid>,
    seen: HashSet<Oid>,
    paths: HashSet<Arc<str>>,
    warnings: Vec<Warning>,
}

impl<'r> TreeWalker<'r> {
    fn new(repo: &'r Repository, unreadable: &'r Damaged) -> TreeWalker<'r> {
        TreeWalker {
            repo,
            unreadable,
            trees: HashSet::new(),
            seen: HashSet::new(),
            paths: HashSet::new(),
            warnings: Vec::new(),
        }
    }

    /// Calls `new_blob(oid, path)` for each blob in tree `root` not seen before (symbolic links
    /// and submodules are not content and are skipped). `from` says in warnings where the tree was
    /// reached from.
    fn walk(&mut self, root: Oid, from: Reached, mut new_blob: impl FnMut(Oid, Arc<str>)) {
        let mut stack: Vec<(Oid, String)> = Vec::new();
        if self.trees.insert(root) {
            stack.push((root, String::new()));
        }
        while let Some((oid, prefix)) = stack.pop() {
            if let Some(problem) = self.unreadable.get(&oid).and_then(|l| l.problem()) {
                self.warnings
                    .push(Warning::ObjectUnreadable(UnreadableObject {
                        kind: ObjectKind::Tree,
                        oid,
                        place: Place::Tree(from),
                        reason: format!("the loose object {problem}"),
                    }));
                continue;
            }
            let tree = match self.repo.find_tree(oid) {
                Ok(t) => t,
                Err(e) => {
                    let place = if prefix.is_empty() {
                        Place::Root(from)
                    } else {
                        Place::Dir(prefix, from)
                    };
                    self.warnings
                        .push(missing_object(ObjectKind::Tree, oid, place, &e));
                    continue;
                }
            };
            for entry in tree.iter() {
                let id = entry.id();
                // Each distinct tree is walked once and each distinct blob reported once
                // (`insert` is false for one already there).
                match entry.kind() {
                    Some(ObjectType::Tree) if self.trees.insert(id) => {
                        stack.push((id, join(&prefix, entry.name_bytes())));
                    }
                    Some(ObjectType::Blob)
                        if entry.filemode() != SYMLINK_MODE && self.seen.insert(id) =>
                    {
                        let path = self.intern(join(&prefix, entry.name_bytes()));
                        new_blob(id, path);
                    }
                    _ => {}
                }
            }
        }
    }

    fn intern(&mut self, path: String) -> Arc<str> {
        if let Some(p) = self.paths.get(path.as_str()) {
            return p.clone();
        }
        let p: Arc<str> = path.into();
        self.paths.insert(p.clone());
        p
    }
}

fn join(prefix: &str, name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    if prefix.is_empty() {
        name.into_owned()
    } else {
        format!("{prefix}/{name}")
    }
}

/// Every blob in `tree` (each distinct blob once, at the first path it is found at), with the
/// warnings for the parts that cannot be read.
pub(crate) fn tree_blobs(
    repo: &Repository,
    tree: Oid,
    unreadable: &Damaged,
) -> (Vec<(Oid, Arc<str>)>, Vec<Warning>) {
    let mut walker = TreeWalker::new(repo, unreadable);
    let mut out = Vec::new();
    walker.walk(tree, Reached::Head, |oid, path| out.push((oid, path)));
    (out, walker.warnings)
}
