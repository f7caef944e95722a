//! What every scan does last: drop the findings the ignore files at the scan root list, record a
//! baseline (`--write-baseline`: what the ignore files left), then drop the findings a baseline
//! accepts (`--baseline`).

use std::path::Path;

use super::{Mask, ScanConfig, ScanError, ScanOutcome, Suppressed};
use crate::confine;
use crate::findings::baseline::{self, Baseline, BaselineError};
use crate::findings::ignore::{IgnoreList, FILE_NAMES};
use crate::rules::RuleSet;
use crate::warning::Warning;

/// The ignore files at `root`, and `extra` (`--gitleaks-ignore-path`: a file, or a directory
/// holding `.gitleaksignore`); what they say is wrong in them goes to `outcome`'s warnings. The
/// rule of each `path:rule:line` entry is read as `rules` read ids (a gitleaks id names the rules
/// that have it as an alias).
pub(super) fn ignore_files(
    outcome: &mut ScanOutcome,
    root: &Path,
    extra: Option<&Path>,
    rules: &RuleSet,
) -> IgnoreList {
    let mut list = IgnoreList::default();
    for name in FILE_NAMES {
        let path = root.join(name);
        if std::fs::symlink_metadata(&path).is_err() {
            continue;
        }
        // The tree's own file: a link out of it, or no regular file, is refused (`confine`).
        let read = confine::read_named(&path, root, confine::MAX_IGNORE_BYTES);
        add_ignore_file(&mut list, &path, read, &mut outcome.warnings);
    }
    if let Some(extra) = extra {
        let file = if extra.is_dir() {
            extra.join(".gitleaksignore")
        } else {
            extra.to_path_buf()
        };
        let same = |a: &Path, b: &Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y);
        let at_root = crate::findings::ignore::FILE_NAMES
            .iter()
            .any(|n| same(&root.join(n), &file));
        if !at_root {
            // Given on the command line: anywhere, but a regular file within the size cap.
            let read = confine::read_given(&file, confine::MAX_IGNORE_BYTES);
            add_ignore_file(&mut list, &file, read, &mut outcome.warnings);
        }
    }
    list.resolve_rules(|name| rule_ids(rules, name));
    list
}

/// Applies the ignore files (`ignore`) and the baselines of `config` to `outcome`. `mask` holds
/// the scan's secrets: entries may name paths with them masked, and the baseline written masks
/// them.
pub(super) fn apply(
    outcome: &mut ScanOutcome,
    rules: &RuleSet,
    ignore: &IgnoreList,
    config: &ScanConfig,
    mask: &Mask,
) -> Result<(), ScanError> {
    let found = outcome.findings.len();
    let mut by_file: Vec<(String, usize)> = Vec::new();
    if !ignore.is_empty() {
        outcome
            .findings
            .retain(|f| match ignore.ignored_by(f, mask) {
                None => true,
                Some(file) => {
                    let name = ignore.file_name(file);
                    match by_file.iter_mut().find(|(n, _)| n == name) {
                        Some((_, count)) => *count += 1,
                        None => by_file.push((name.to_string(), 1)),
                    }
                    false
                }
            });
    }
    let ignored = found - outcome.findings.len();
    if let Some(path) = &config.write_baseline {
        let (text, n) = baseline::render(&outcome.findings, mask);
        std::fs::write(path, text).map_err(|source| BaselineError::Write {
            path: path.to_path_buf(),
            source,
        })?;
        outcome.baseline_written = Some((path.clone(), n));
    }
    let mut baselined = 0;
    if let Some(path) = &config.baseline {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut accepted = Baseline::parse(path, &text)?;
        accepted.resolve_rules(|name| rule_ids(rules, name));
        let before = outcome.findings.len();
        outcome.findings.retain(|f| !accepted.contains(f));
        baselined = before - outcome.findings.len();
    }
    outcome.suppressed = Suppressed {
        ignored,
        baselined,
        by_file,
    };
    Ok(())
}

/// The ids of the rules `name` stands for: the rule of that id, and every rule that has it as an
/// alias (a gitleaks id).
fn rule_ids(rules: &RuleSet, name: &str) -> Vec<String> {
    rules
        .resolve_id_names(name)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Adds the entries of the ignore file at `path` (`read`: its bytes, or why it was not read) to
/// `list`; a file that could not be read is a warning, one that does not exist nothing.
fn add_ignore_file(
    list: &mut IgnoreList,
    path: &Path,
    read: Result<Vec<u8>, confine::Refused>,
    warnings: &mut Vec<Warning>,
) {
    let shown = crate::display::display_path(path);
    match read {
        Ok(bytes) => list.add(&shown, &String::from_utf8_lossy(&bytes), warnings),
        Err(refused) if refused.is_not_found() => {}
        Err(refused) => warnings.push(Warning::IgnoreFileUnreadable {
            path: shown,
            error: refused.to_string(),
        }),
    }
}
