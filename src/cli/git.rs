//! `leakhound git`: history scans (every ref, one ref, a range) and staged scans (pre-commit).

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use git2::{Oid, Repository};

use super::args::GitArgs;
use super::{alongside, finish, init_threads, load_rules, messages, EXIT_ERROR};
use crate::findings::Finding;
use crate::rules::{Loaded, RuleSet};
use crate::scan::{self, ScanOptions, ScanOutcome, Stats};
use crate::sources::git::history::{self, Revs};
use crate::sources::git::staged;
use crate::sources::{self, BlobRef};
use crate::warning::{self, Warning};

pub fn run(a: GitArgs) -> Result<i32> {
    let started = Instant::now();
    init_threads(a.scan.threads);
    let repo = sources::git::open(a.repo.as_deref())?;
    let opts = ScanOptions {
        max_file_size: a.scan.max_file_size,
        max_decode_depth: a.scan.max_decode_depth,
    };
    let root = repo.workdir().map(Path::to_path_buf);
    let config = a.scan.config.as_deref();
    let load = || -> Result<RuleSet> {
        match &root {
            Some(root) => load_rules(config, root),
            // A bare repository has no work tree to hold a config file.
            None => Ok(RuleSet::compile(&Loaded::with_config(config, None)?)?),
        }
    };
    if a.staged {
        let (rules, staged) = alongside(load, || staged::enumerate(&repo));
        return staged_scan(&a, &repo, &rules?, staged?, opts, started);
    }
    let revs = match (&a.range, &a.branch) {
        (Some(r), _) => Revs::Range(r.clone()),
        (None, Some(b)) => Revs::Branch(b.clone()),
        (None, None) => Revs::All,
    };
    let (rules, history) = alongside(load, || history::enumerate(&repo, &revs));
    let rules = rules?;
    let history = history?;
    if history.commits == 0 && history.tips == 0 && !history.warnings.is_empty() {
        // Refs exist but none leads to a readable commit (a corrupt pack, say): not a clean scan.
        messages::warnings(&history.warnings);
        anyhow::bail!(
            "{}: none of the refs leads to a commit that can be read",
            display_repo(&repo)
        );
    }
    if !a.scan.quiet {
        messages::note(&walk_note(&repo, &revs, &history));
    }
    let total = Some(history.blobs.len() as u64);
    let (per_blob, stats) = super::progress::Ticker::during(total, !a.scan.no_progress, || {
        let source = Some(history_source(&repo, &history));
        scan::scan_blobs(&rules, &history.blobs, opts, source)
    });
    let mut warnings = history.warnings.clone();
    let mut found = Vec::with_capacity(per_blob.len());
    for r in per_blob {
        match r {
            Ok(f) => found.push(f),
            Err(w) => {
                warnings.push(w);
                found.push(Vec::new());
            }
        }
    }
    if found.iter().any(|f| !f.is_empty()) {
        mark_in_head(&repo, &rules, opts, &history, &mut found, &mut warnings);
    }
    let mut findings = history::first_per_secret(found);
    scan::finish(&mut findings);
    let blobs = history.blobs.len();
    conclude(&a, &repo, &rules, findings, stats, warnings, blobs, started)
}

/// The blobs of a history walk come from `repo`, whose loose objects were all checked first.
fn history_source<'a>(repo: &'a Repository, history: &'a history::History) -> scan::GitSource<'a> {
    scan::GitSource {
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
    history: &history::History,
    found: &mut [Vec<Finding>],
    warnings: &mut Vec<Warning>,
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
                let (per_blob, _) = scan::scan_blobs(rules, &extra, opts, source);
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

fn walk_note(repo: &Repository, revs: &Revs, h: &history::History) -> String {
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

fn staged_scan(
    a: &GitArgs,
    repo: &Repository,
    rules: &RuleSet,
    mut staged: staged::Staged,
    opts: ScanOptions,
    started: Instant,
) -> Result<i32> {
    let source = scan::GitSource {
        dir: repo.path(),
        damaged: None,
    };
    let (per_blob, stats) = scan::scan_blobs(rules, &staged.blobs, opts, Some(source));
    let mut warnings = Vec::new();
    let mut findings = Vec::new();
    for r in per_blob {
        match r {
            Ok(f) => findings.extend(f),
            Err(w) => warnings.push(w),
        }
    }
    let mut findings = staged.keep_added(repo, findings);
    warnings.append(&mut staged.warnings);
    scan::finish(&mut findings);
    let blobs = staged.blobs.len();
    conclude(a, repo, rules, findings, stats, warnings, blobs, started)
}

/// Reports, and decides the exit code: 2 when there was something to scan and none of it could
/// be read.
#[allow(clippy::too_many_arguments)]
fn conclude(
    a: &GitArgs,
    repo: &Repository,
    rules: &RuleSet,
    findings: Vec<Finding>,
    stats: Stats,
    warnings: Vec<Warning>,
    blobs: usize,
    started: Instant,
) -> Result<i32> {
    let nothing_read = blobs > 0 && stats.files + stats.skipped() == 0;
    let outcome = ScanOutcome {
        findings,
        stats,
        warnings: collapse_object_warnings(repo, warnings),
    };
    // Ignore files are read from the work tree (a bare repository has none).
    let root = repo.workdir().unwrap_or_else(|| repo.path());
    let code = finish(&a.scan, rules, outcome, started, root)?;
    if nothing_read {
        messages::error(&format!(
            "none of the {blobs} blobs could be read from {}",
            display_repo(repo)
        ));
        return Ok(EXIT_ERROR);
    }
    Ok(code)
}

fn display_repo(repo: &Repository) -> String {
    let p: &Path = repo.workdir().unwrap_or_else(|| repo.path());
    crate::display::display_path(p)
}

/// Shows the first few "cannot read" warnings and counts the rest (a partial clone can miss
/// thousands of blobs on purpose).
fn collapse_object_warnings(repo: &Repository, warnings: Vec<Warning>) -> Vec<Warning> {
    if !warnings.iter().any(Warning::is_unreadable_object) {
        return warnings;
    }
    warning::collapse_objects(warnings, sources::git::is_partial_clone(repo))
}
