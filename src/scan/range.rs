//! `git --range`: only what the range's commits add. A blob new in the range is scanned whole (a
//! multi-line key keeps its context); its findings are kept only on lines its commit adds
//! (against every parent: a merge adds only what neither side had), and only if the secret was
//! not removed, at or before that commit, by one of the range's commits (a secret moved from one
//! file or line to another is not new). Each kept finding is attributed to the commit whose blob
//! has it, the first in walk order: the commit that added it.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};
use git2::{Oid, Repository};

use crate::findings::Finding;
use crate::sources::git::history::History;
use crate::sources::git::{diff, message};
use crate::sources::BlobRef;
use crate::warning::Warning;

/// Whether `f` touches one of `lines` (1-based line numbers).
pub(super) fn on_added_line(f: &Finding, lines: &HashSet<usize>) -> bool {
    (f.line..=f.end_line.max(f.line)).any(|l| lines.contains(&l))
}

/// Keeps, of each blob's findings (`found`, in the order of `history.blobs`), those the range
/// adds. A commit that cannot be diffed is a warning, and its blob's findings are kept.
pub(super) fn keep_added(
    repo: &Repository,
    history: &History,
    found: &mut [Vec<Finding>],
    max_size: u64,
    warnings: &mut Vec<Warning>,
) {
    let mut renames = diff::Renames::default();
    for (blob, findings) in history.blobs.iter().zip(found.iter_mut()) {
        let BlobRef::Git {
            oid,
            path,
            commit: Some(commit),
        } = blob
        else {
            continue;
        };
        if findings.is_empty() {
            continue;
        }
        match diff::added_by_commit(repo, *commit, path, *oid, &mut renames) {
            Ok(None) => {}
            Ok(Some(lines)) => {
                findings.retain(|f| f.is_file_finding() || on_added_line(f, &lines));
            }
            Err(e) => warnings.push(Warning::CommitDiffFailed {
                path: path.to_string(),
                commit: *commit,
                message: message(&e),
            }),
        }
    }
    drop_moved(repo, history, found, max_size, warnings);
}

/// Drops the findings whose secret a commit of the range removed at or before the finding's own
/// commit: it was there before, and has moved.
fn drop_moved(
    repo: &Repository,
    history: &History,
    found: &mut [Vec<Finding>],
    max_size: u64,
    warnings: &mut Vec<Warning>,
) {
    let position: HashMap<Oid, usize> = history
        .order
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i))
        .collect();
    // Per blob, the position of its commit in the walk.
    let at: Vec<Option<usize>> = history
        .blobs
        .iter()
        .map(|b| match b {
            BlobRef::Git {
                commit: Some(c), ..
            } => position.get(c).copied(),
            _ => None,
        })
        .collect();
    let mut secrets: Vec<&str> = Vec::new();
    let mut last = None;
    for (findings, at) in found.iter().zip(&at) {
        let Some(at) = *at else { continue };
        for f in findings.iter().filter(|f| !f.secret.is_empty()) {
            secrets.push(&f.secret);
            last = last.max(Some(at));
        }
    }
    let Some(last) = last else { return };
    secrets.sort_unstable();
    secrets.dedup();
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&secrets)
    else {
        return;
    };
    // Per secret, the position of the first commit that removes it.
    let mut removed_at: HashMap<usize, usize> = HashMap::new();
    for (i, &commit) in history.order.iter().enumerate().take(last + 1) {
        if removed_at.len() == secrets.len() {
            break;
        }
        let text = match diff::removed_text(repo, commit, max_size) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(Warning::CommitDiffFailed {
                    path: String::new(),
                    commit,
                    message: message(&e),
                });
                continue;
            }
        };
        for m in automaton.find_overlapping_iter(&text) {
            removed_at.entry(m.pattern().as_usize()).or_insert(i);
        }
    }
    if removed_at.is_empty() {
        return;
    }
    let moved: HashMap<String, usize> = removed_at
        .into_iter()
        .map(|(p, i)| (secrets[p].to_string(), i))
        .collect();
    for (findings, at) in found.iter_mut().zip(&at) {
        let Some(at) = *at else { continue };
        findings.retain(|f| moved.get(&f.secret).is_none_or(|&removed| removed > at));
    }
}
