//! Where a secret that is not at HEAD still is: the refs (branches, tags, remote-tracking refs)
//! whose history has the commit that introduced it, and whether HEAD's history has it (removed
//! from HEAD) or not (only on other refs: an unmerged branch, say).
//!
//! # Resource usage
//!
//! One reachability question (libgit2's `graph_descendant_of`, a merge-base walk) per distinct
//! ref tip and distinct commit of a finding not at HEAD; nothing for findings at HEAD.

use std::collections::{BTreeSet, HashMap, HashSet};

use git2::{Oid, Repository};

use crate::findings::Finding;

/// Sets `refs` and `in_head_history` on every finding whose secret is not at HEAD.
pub(super) fn mark_refs(repo: &Repository, found: &mut [Vec<Finding>]) {
    let commits: HashSet<Oid> = found
        .iter()
        .flatten()
        .filter(|f| f.in_head == Some(false))
        .filter_map(|f| f.commit.as_ref())
        .filter_map(|c| Oid::from_str(&c.commit).ok())
        .collect();
    if commits.is_empty() {
        return;
    }
    let tips = ref_tips(repo);
    let head = repo
        .head()
        .ok()
        .and_then(|h| h.peel_to_commit().ok())
        .map(|c| c.id());
    let reaches = |tip: Oid, commit: Oid| {
        tip == commit || repo.graph_descendant_of(tip, commit).unwrap_or(false)
    };
    let mut reached: HashMap<Oid, (Vec<String>, bool)> = HashMap::new();
    for commit in commits {
        let mut names = BTreeSet::new();
        for (tip, refs) in &tips {
            if reaches(*tip, commit) {
                names.extend(refs.iter().cloned());
            }
        }
        let in_head = head.is_some_and(|h| reaches(h, commit));
        reached.insert(commit, (names.into_iter().collect(), in_head));
    }
    for f in found.iter_mut().flatten() {
        if f.in_head != Some(false) {
            continue;
        }
        let Some(commit) = f
            .commit
            .as_ref()
            .and_then(|c| Oid::from_str(&c.commit).ok())
        else {
            continue;
        };
        if let Some((names, in_head)) = reached.get(&commit) {
            f.refs = Some(names.clone());
            f.in_head_history = Some(*in_head);
        }
    }
}

/// Every direct ref that leads to a commit, by the commit: their short names (`feature/x`,
/// `origin/main`, `v1.0`). Symbolic refs (`origin/HEAD`) are left out: they name another ref.
fn ref_tips(repo: &Repository) -> HashMap<Oid, Vec<String>> {
    let mut tips: HashMap<Oid, Vec<String>> = HashMap::new();
    let Ok(refs) = repo.references() else {
        return tips;
    };
    for r in refs.flatten() {
        if r.kind() != Some(git2::ReferenceType::Direct) {
            continue;
        }
        let Ok(commit) = r.peel_to_commit() else {
            continue;
        };
        let name = String::from_utf8_lossy(r.shorthand_bytes()).into_owned();
        tips.entry(commit.id()).or_default().push(name);
    }
    tips
}
