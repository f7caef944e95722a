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

use super::objects::{Objects, Peeled, RawCommit};
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
    let objects =
        Objects::open(repo).map_err(|e| GitError::read("cannot open the object database", &e))?;
    let mut history = History::default();
    let mut starts = Starts::default();
    match revs {
        Revs::All => push_all(repo, &objects, &mut starts, &mut history)?,
        Revs::Branch(name) => {
            let commit = resolve_ref(repo, &objects, name)?;
            starts.commits.push(commit);
            history.tips = 1;
        }
        Revs::Range(spec) => push_range(repo, &mut starts, spec, &mut history)?,
    }
    let order = match libgit2_order(repo, &starts) {
        Ok(order) => order,
        Err(e) => {
            // libgit2 refuses a commit it cannot parse whole (an author date that overflows):
            // the walk is made again, reading each commit for its tree and parents only.
            history.warnings.push(Warning::HistoryWalkLenient {
                message: message(&e),
            });
            lenient_order(repo, &objects, &starts, &mut history.warnings)
        }
    };
    history.commits = order.len() as u64;
    if repo.is_shallow() && !order.is_empty() {
        history.warnings.push(Warning::ShallowClone);
    }
    let mut walker = TreeWalker::new(repo, &unreadable);
    seed_boundary(repo, &objects, &order, &mut walker, &mut history);
    for &oid in &order {
        let commit = match objects.commit(oid) {
            Ok(c) => c,
            Err(e) => {
                history
                    .warnings
                    .push(missing_object(ObjectKind::Commit, oid, Place::History, &e));
                continue;
            }
        };
        if let Some(field) = commit.malformed {
            history
                .warnings
                .push(Warning::CommitMalformed { commit: oid, field });
        }
        let mut blobs = std::mem::take(&mut history.blobs);
        walker.walk(commit.tree, Reached::Commit(oid), |blob, path| {
            blobs.push(BlobRef::Git {
                oid: blob,
                path,
                commit: Some(oid),
            })
        });
        history.blobs = blobs;
    }
    // Trees and blobs that refs point at (a tag on a blob travels with every clone): scanned
    // as any reachable object, after the commits (a blob a commit has is reported with it).
    for (name, tree) in &starts.trees {
        let mut blobs = std::mem::take(&mut history.blobs);
        walker.walk(*tree, Reached::Ref(*tree), |blob, path| {
            blobs.push(BlobRef::Git {
                oid: blob,
                path: format!("{name}:{path}").into(),
                commit: None,
            })
        });
        history.blobs = blobs;
    }
    for (name, blob) in &starts.blobs {
        if walker.seen.insert(*blob) {
            history.blobs.push(BlobRef::Git {
                oid: *blob,
                path: name.as_str().into(),
                commit: None,
            });
        }
    }
    history.warnings.append(&mut walker.warnings);
    history.seen = walker.seen;
    history.order = order;
    history.unreadable = unreadable;
    Ok(history)
}

/// Where the walk starts: commits to walk from, commits whose history is left out (a range's
/// base), and the trees and blobs refs point at (with the refs' names).
#[derive(Debug, Default)]
struct Starts {
    commits: Vec<Oid>,
    hidden: Vec<Oid>,
    trees: Vec<(String, Oid)>,
    blobs: Vec<(String, Oid)>,
}

/// The commits to scan in libgit2's order: oldest first (topological, ties by time).
fn libgit2_order(repo: &Repository, starts: &Starts) -> Result<Vec<Oid>, git2::Error> {
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)?;
    for &c in &starts.commits {
        walk.push(c)?;
    }
    for &h in &starts.hidden {
        walk.hide(h)?;
    }
    walk.collect()
}

/// The commits to scan, in an order like [`libgit2_order`]'s (parents first, ready commits by
/// committer time), read by [`Objects`]: a commit libgit2 refuses is walked through as long as
/// its tree and parents can be read. A commit that cannot be read at all is a warning (the
/// walk is then incomplete: its parents are not reached through it).
fn lenient_order(
    repo: &Repository,
    objects: &Objects<'_>,
    starts: &Starts,
    warnings: &mut Vec<Warning>,
) -> Vec<Oid> {
    use std::cmp::Reverse;
    use std::collections::{BinaryHeap, HashMap};
    // A shallow clone's oldest commits have parents that are not there, on purpose.
    let shallow: HashSet<Oid> = std::fs::read_to_string(repo.commondir().join("shallow"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| Oid::from_str(l.trim()).ok())
        .collect();
    let parents_of = |oid: Oid, c: &RawCommit| {
        if shallow.contains(&oid) {
            Vec::new()
        } else {
            c.parents.clone()
        }
    };
    let mut hidden = HashSet::new();
    let mut stack = starts.hidden.clone();
    while let Some(oid) = stack.pop() {
        if hidden.insert(oid) {
            if let Ok(c) = objects.commit(oid) {
                stack.extend(parents_of(oid, &c));
            }
        }
    }
    let mut graph: HashMap<Oid, (i64, Vec<Oid>)> = HashMap::new();
    let mut stack = starts.commits.clone();
    while let Some(oid) = stack.pop() {
        if hidden.contains(&oid) || graph.contains_key(&oid) {
            continue;
        }
        match objects.commit(oid) {
            Ok(c) => {
                let parents = parents_of(oid, &c);
                stack.extend(&parents);
                graph.insert(oid, (c.time, parents));
            }
            Err(e) => warnings.push(missing_object(ObjectKind::Commit, oid, Place::History, &e)),
        }
    }
    let mut children: HashMap<Oid, Vec<Oid>> = HashMap::new();
    let mut waiting: HashMap<Oid, usize> = HashMap::new();
    let mut ready = BinaryHeap::new();
    for (&oid, (time, parents)) in &graph {
        let mut inside: Vec<Oid> = parents
            .iter()
            .copied()
            .filter(|p| graph.contains_key(p))
            .collect();
        inside.sort_unstable();
        inside.dedup();
        for &p in &inside {
            children.entry(p).or_default().push(oid);
        }
        if inside.is_empty() {
            ready.push(Reverse((*time, oid)));
        } else {
            waiting.insert(oid, inside.len());
        }
    }
    let mut order = Vec::with_capacity(graph.len());
    while let Some(Reverse((_, oid))) = ready.pop() {
        order.push(oid);
        for child in children.remove(&oid).unwrap_or_default() {
            if let Some(n) = waiting.get_mut(&child) {
                *n -= 1;
                if *n == 0 {
                    waiting.remove(&child);
                    ready.push(Reverse((graph[&child].0, child)));
                }
            }
        }
    }
    order
}

/// The starts of an all-refs scan: every ref, peeled (the commits, trees and blobs refs lead
/// to), and HEAD.
fn push_all(
    repo: &Repository,
    objects: &Objects<'_>,
    starts: &mut Starts,
    history: &mut History,
) -> Result<(), GitError> {
    let refs = repo
        .references()
        .map_err(|e| GitError::read("cannot list refs", &e))?;
    let mut tips = HashSet::new();
    let mut others = HashSet::new();
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
        let target = match r.resolve() {
            Ok(r) => r.target(),
            Err(e) => {
                history.warnings.push(Warning::RefCommitUnreadable {
                    name,
                    message: message(&e),
                });
                continue;
            }
        };
        let Some(target) = target else { continue };
        match objects.peel(target) {
            Ok(Peeled::Commit(c)) => {
                tips.insert(c);
            }
            Ok(Peeled::Tree(t)) => {
                if others.insert(t) {
                    starts.trees.push((name, t));
                }
            }
            Ok(Peeled::Blob(b)) => {
                if others.insert(b) {
                    starts.blobs.push((name, b));
                }
            }
            Err(e) => history.warnings.push(Warning::RefCommitUnreadable {
                name,
                message: message(&e),
            }),
        }
    }
    if let Ok(Some(head)) = repo.head().map(|h| h.target()) {
        if let Ok(Peeled::Commit(c)) = objects.peel(head) {
            tips.insert(c);
        }
    }
    let mut tips: Vec<Oid> = tips.into_iter().collect();
    tips.sort();
    starts.trees.sort();
    starts.blobs.sort();
    history.tips = tips.len() + starts.trees.len() + starts.blobs.len();
    starts.commits = tips;
    Ok(())
}

/// The commit a `--branch` name stands for: a ref (full or short name; its tags peeled one at a
/// time) or, failing that, any revision git understands.
fn resolve_ref(repo: &Repository, objects: &Objects<'_>, name: &str) -> Result<Oid, GitError> {
    let bad = || GitError::BadBranch {
        name: name.to_string(),
    };
    let reference = repo
        .resolve_reference_from_short_name(name)
        .or_else(|_| repo.find_reference(name));
    match reference {
        Ok(r) => match r
            .resolve()
            .ok()
            .and_then(|r| r.target())
            .map(|t| objects.peel(t))
        {
            Some(Ok(Peeled::Commit(c))) => Ok(c),
            _ => Err(bad()),
        },
        Err(_) => repo
            .revparse_single(name)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id())
            .map_err(|_| bad()),
    }
}

fn push_range(
    repo: &Repository,
    starts: &mut Starts,
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
            starts.commits.extend([a, b]);
            match repo.merge_base(a, b) {
                Ok(base) => starts.hidden.push(base),
                Err(e) if e.code() == git2::ErrorCode::NotFound => {}
                Err(e) => return Err(bad(&e)),
            }
            history.tips = 2;
        }
        (Some(from), Some(to)) => {
            let (a, b) = (commit_of(from)?, commit_of(to)?);
            starts.commits.push(b);
            starts.hidden.push(a);
            history.tips = 1;
        }
        (Some(one), None) | (None, Some(one)) => {
            let c = commit_of(one)?;
            starts.commits.push(c);
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
    objects: &Objects<'_>,
    order: &[Oid],
    walker: &mut TreeWalker<'_>,
    history: &mut History,
) {
    let walked: HashSet<Oid> = order.iter().copied().collect();
    let mut boundary = Vec::new();
    let mut listed = HashSet::new();
    for &oid in order {
        let Ok(commit) = objects.commit(oid) else {
            continue;
        };
        for p in commit.parents {
            if !walked.contains(&p) && listed.insert(p) {
                boundary.push(p);
            }
        }
    }
    let mut missing = 0usize;
    for p in boundary {
        match objects.commit(p) {
            Ok(c) => walker.walk(c.tree, Reached::Commit(p), |_, _| {}),
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
