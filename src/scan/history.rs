//! `leakhound git` over history: every ref, one ref, or a range. Each distinct blob is scanned
//! once; a secret is reported once per path, from the first blob (in walk order: the commit that
//! introduced it there) that has it, and says whether it is still at HEAD.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};

use super::blobs::{self, GitSource};
use super::ScanOutcome;
use super::{alongside, git, sort_findings, Progress, ScanConfig, ScanError, ScanOptions};
use super::{range, refs};
use crate::findings::Finding;
use crate::rules::RuleSet;
use crate::sources::git::history::{self, History, Revs};
use crate::sources::{self, BlobRef};
use crate::warning::Warning;

/// Scans the history `revs` selects in the repository at `path`; also returns the scan root.
pub(super) fn run(
    path: Option<&Path>,
    revs: &Revs,
    config: &ScanConfig,
    base: Option<&Path>,
    progress: &Progress,
) -> Result<(RuleSet, ScanOutcome, PathBuf), ScanError> {
    let repo = git::open(path)?;
    let (rules, history) = alongside(git::rules(&repo, config, base), || {
        history::enumerate(&repo, revs)
    });
    let rules = rules?;
    let history = history?;
    let outcome = scan(&repo, revs, &rules, &history, config.options, progress)?;
    Ok((rules, outcome, git::root(&repo)))
}

/// Scans the blobs of `history` (walked in `repo` for `revs`) with `rules`.
pub(crate) fn scan(
    repo: &Repository,
    revs: &Revs,
    rules: &RuleSet,
    history: &History,
    opts: ScanOptions,
    progress: &Progress,
) -> Result<ScanOutcome, ScanError> {
    if history.commits == 0 && history.tips == 0 && !history.warnings.is_empty() {
        return Err(ScanError::NoReadableCommit {
            repo: git::display_repo(repo),
            warnings: history.warnings.clone(),
        });
    }
    progress.note(&walk_note(repo, revs, history));
    let messages: Vec<BlobRef> = history
        .order
        .iter()
        .map(|&commit| BlobRef::Message { commit })
        .collect();
    progress.begin(Some((history.blobs.len() + messages.len()) as u64));
    let source = Some(history_source(repo, history));
    let (per_blob, stats, capped) =
        blobs::scan_blobs(rules, &history.blobs, opts, source, progress);
    let (per_message, _, capped_messages) =
        blobs::scan_blobs(rules, &messages, opts, source, progress);
    progress.end();
    let mut warnings = history.warnings.clone();
    if matches!(revs, Revs::Range(_)) {
        warnings.extend(config_changes(history));
    }
    warnings.extend(git::workdir_warning(repo));
    warnings.extend(capped);
    warnings.extend(capped_messages);
    let mut found = per_blob_findings(per_blob, &mut warnings);
    if matches!(revs, Revs::Range(_)) {
        range::keep_added(repo, history, &mut found, opts.max_file_size, &mut warnings);
    }
    if found.iter().any(|f| !f.is_empty()) {
        mark_in_head(
            repo,
            rules,
            opts,
            history,
            &mut found,
            &mut warnings,
            progress,
        );
        refs::mark_refs(repo, &mut found);
    }
    // Messages last: they share no path with a blob, so they never hide a blob's finding.
    found.extend(per_blob_findings(per_message, &mut warnings));
    let mut findings = first_per_secret(found);
    sort_findings(&mut findings);
    let blobs = history.blobs.len();
    let incomplete = incomplete_walk(&warnings);
    let mut outcome = git::conclude(repo, findings, stats, warnings, blobs);
    outcome.incomplete = incomplete;
    Ok(outcome)
}

/// The files of a scan's root that decide what it reports (configs, ignore files of every
/// kind), by name.
const DECIDING_FILES: [&str; 6] = [
    ".leakhound.toml",
    ".gitleaks.toml",
    ".leakhoundignore",
    ".gitleaksignore",
    ".gitignore",
    ".ignore",
];

/// A warning for each such file the commits of a range add or change (their blobs are the new
/// ones the walk lists: the base's are seeded first), once per path, with the first commit.
fn config_changes(history: &History) -> Vec<Warning> {
    let mut seen = HashSet::new();
    history
        .blobs
        .iter()
        .filter_map(|b| match b {
            BlobRef::Git {
                path,
                commit: Some(c),
                ..
            } => {
                let name = path.rsplit('/').next().unwrap_or(path);
                (DECIDING_FILES.contains(&name) && seen.insert(path.clone())).then(|| {
                    Warning::RangeChangesConfig {
                        path: path.to_string(),
                        commit: *c,
                    }
                })
            }
            _ => None,
        })
        .collect()
}

/// Whether the warnings of a history scan say the walk missed commits: a commit of the walk,
/// or a ref's target, that cannot be read, or a walk that stopped. (A commit read leniently is
/// not missed: its content was scanned.)
fn incomplete_walk(warnings: &[Warning]) -> Option<String> {
    use crate::warning::{ObjectKind, Place};
    let missed = warnings
        .iter()
        .filter(|w| match w {
            Warning::HistoryWalkStopped { .. } | Warning::RefCommitUnreadable { .. } => true,
            Warning::ObjectUnreadable(o) => {
                o.kind == ObjectKind::Commit && o.place == Place::History
            }
            _ => false,
        })
        .count();
    (missed > 0).then(|| {
        format!(
            "the history walk is incomplete ({missed} {} above): findings may be missing",
            if missed == 1 { "warning" } else { "warnings" }
        )
    })
}

/// Each blob's findings, in the order of the blobs (none for a blob that could not be read: its
/// warning goes to `warnings`).
fn per_blob_findings(
    per_blob: Vec<Result<Vec<Finding>, Warning>>,
    warnings: &mut Vec<Warning>,
) -> Vec<Vec<Finding>> {
    per_blob
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|w| {
                warnings.push(w);
                Vec::new()
            })
        })
        .collect()
}

/// The blobs of a history walk come from `repo`, whose loose objects were all checked first.
fn history_source<'a>(repo: &'a Repository, history: &'a History) -> GitSource<'a> {
    GitSource {
        dir: repo.path(),
        damaged: Some(&history.unreadable),
    }
}

/// Sets `in_head` on every finding: whether the same secret (rule and bytes, i.e. fingerprint)
/// occurs in a blob of HEAD's tree. HEAD's blobs that the walk did not cover (a range or
/// another branch) are scanned for this too.
fn mark_in_head(
    repo: &Repository,
    rules: &RuleSet,
    opts: ScanOptions,
    history: &History,
    found: &mut [Vec<Finding>],
    warnings: &mut Vec<Warning>,
    progress: &Progress,
) {
    let mut in_head: HashSet<String> = HashSet::new();
    match sources::git::head_tree(repo) {
        Ok(Some(tree)) => {
            let (head_blobs, w) = history::tree_blobs(repo, tree.id(), &history.unreadable);
            warnings.extend(w);
            let head_set: HashSet<Oid> = head_blobs.iter().map(|(oid, _)| *oid).collect();
            for (blob, findings) in history.blobs.iter().zip(found.iter()) {
                if let BlobRef::Git { oid, .. } = blob {
                    if head_set.contains(oid) {
                        in_head.extend(findings.iter().map(|f| f.fingerprint.clone()));
                    }
                }
            }
            let extra: Vec<BlobRef> = head_blobs
                .into_iter()
                .filter(|(oid, _)| !history.seen.contains(oid))
                .map(|(oid, path)| BlobRef::Git {
                    oid,
                    path,
                    commit: None,
                })
                .collect();
            if !extra.is_empty() {
                let source = Some(history_source(repo, history));
                // Only for which secrets are at HEAD: whether its blobs were capped is not news.
                let (per_blob, _, _) = blobs::scan_blobs(rules, &extra, opts, source, progress);
                for r in per_blob {
                    match r {
                        Ok(f) => in_head.extend(f.into_iter().map(|f| f.fingerprint)),
                        Err(w) => warnings.push(w),
                    }
                }
            }
        }
        Ok(None) => {}
        Err(e) => warnings.push(Warning::InHeadUnknown {
            error: e.to_string(),
        }),
    }
    for f in found.iter_mut().flatten() {
        f.in_head = Some(in_head.contains(&f.fingerprint));
    }
}

/// Keeps, for each secret (fingerprint) at each path, the findings of the first blob that has it:
/// `per_blob` is in walk order, so that is the commit that introduced the secret there. A secret
/// that stays in a file while the file is edited is one finding, not one per version.
fn first_per_secret(per_blob: Vec<Vec<Finding>>) -> Vec<Finding> {
    let mut first: HashMap<(String, String), usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, findings) in per_blob.into_iter().enumerate() {
        for f in findings {
            let at = *first
                .entry((f.fingerprint.clone(), f.path.clone()))
                .or_insert(i);
            if at == i {
                out.push(f);
            }
        }
    }
    out
}

/// What the walk found, said before its blobs are scanned.
fn walk_note(repo: &Repository, revs: &Revs, h: &History) -> String {
    let what = match revs {
        Revs::All => format!(
            "{} {} (all refs)",
            h.tips,
            if h.tips == 1 { "tip" } else { "tips" }
        ),
        Revs::Branch(b) => format!("--branch {b}"),
        Revs::Range(r) => format!("--range {r}"),
    };
    if h.commits == 0 {
        let unborn = sources::git::head_tree(repo).is_ok_and(|t| t.is_none());
        if matches!(revs, Revs::All) && unborn {
            return "leakhound: the repository has no commits yet: nothing to scan".into();
        }
        return format!("leakhound: {what}: no commits to scan");
    }
    format!(
        "leakhound: {what}: {} {}, {} distinct {}",
        h.commits,
        if h.commits == 1 { "commit" } else { "commits" },
        h.blobs.len(),
        if h.blobs.len() == 1 { "blob" } else { "blobs" },
    )
}
