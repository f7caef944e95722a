//! `leakhound git --staged`: what the next commit adds. The staged blobs that differ from HEAD
//! are scanned whole (a multi-line key keeps its context); only the findings on lines the commit
//! adds are kept: a secret already committed is not this commit's doing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use git2::Repository;

use super::blobs::{self, GitSource};
use super::{alongside, git, sort_findings, Progress, ScanConfig, ScanError, ScanOutcome};
use crate::findings::Finding;
use crate::rules::RuleSet;
use crate::sources::git::staged::{self, Staged};

/// Scans the staged changes of the repository at `path`; also returns the scan root.
pub(super) fn run(
    path: Option<&Path>,
    config: &ScanConfig,
    base: Option<&Path>,
    progress: &Progress,
) -> Result<(RuleSet, ScanOutcome, PathBuf), ScanError> {
    let repo = git::open(path)?;
    let (rules, staged) = alongside(git::rules(&repo, config, base), || staged::enumerate(&repo));
    let rules = rules?;
    let mut staged = staged?;
    let source = GitSource {
        dir: repo.path(),
        damaged: None,
    };
    let (per_blob, stats, capped) = blobs::scan_blobs(
        &rules,
        &staged.blobs,
        config.options,
        Some(source),
        progress,
    );
    let mut warnings = capped;
    warnings.extend(git::workdir_warning(&repo));
    let mut findings = Vec::new();
    for r in per_blob {
        match r {
            Ok(f) => findings.extend(f),
            Err(w) => warnings.push(w),
        }
    }
    let mut findings = keep_added(&mut staged, &repo, findings);
    warnings.append(&mut staged.warnings);
    sort_findings(&mut findings);
    let blobs = staged.blobs.len();
    let outcome = git::conclude(&repo, findings, stats, warnings, blobs);
    Ok((rules, outcome, git::root(&repo)))
}

/// Keeps the findings that touch a line the commit adds.
fn keep_added(staged: &mut Staged, repo: &Repository, findings: Vec<Finding>) -> Vec<Finding> {
    let mut added: HashMap<String, Option<HashSet<usize>>> = HashMap::new();
    let mut out = Vec::with_capacity(findings.len());
    for f in findings {
        let lines = added
            .entry(f.rel_path.clone())
            .or_insert_with(|| staged.added_lines(repo, &f.rel_path));
        let keep = match lines {
            None => true,
            Some(set) => super::range::on_added_line(&f, set),
        };
        if keep {
            out.push(f);
        }
    }
    out
}
