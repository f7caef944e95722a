//! What every scan does last: drop the findings the ignore files at the scan root list, record a
//! baseline (`--write-baseline`: what the ignore files left), then drop the findings a baseline
//! accepts (`--baseline`).

use std::path::Path;

use super::{Mask, ScanConfig, ScanError, ScanOutcome, Suppressed};
use crate::findings::baseline::{self, Baseline};
use crate::findings::ignore::IgnoreList;
use crate::rules::RuleSet;

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
    let mut list = IgnoreList::load(root, &mut outcome.warnings);
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
            list.add_file(&file, &mut outcome.warnings);
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
        let n = baseline::write(path, &outcome.findings, mask)?;
        outcome.baseline_written = Some((path.clone(), n));
    }
    let mut baselined = 0;
    if let Some(path) = &config.baseline {
        let mut accepted = Baseline::load(path)?;
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
