//! What every scan does last: drop the findings the ignore files at the scan root list, record a
//! baseline (`--write-baseline`: what the ignore files left), then drop the findings a baseline
//! accepts (`--baseline`).

use std::path::Path;

use super::{Mask, ScanConfig, ScanError, ScanOutcome, Suppressed};
use crate::findings::baseline::{self, Baseline};
use crate::findings::ignore::IgnoreList;

/// The ignore files at `root` (what they say is wrong in them goes to `outcome`'s warnings).
pub(super) fn ignore_files(outcome: &mut ScanOutcome, root: &Path) -> IgnoreList {
    IgnoreList::load(root, &mut outcome.warnings)
}

/// Applies the ignore files (`ignore`) and the baselines of `config` to `outcome`. `mask` holds
/// the scan's secrets: entries may name paths with them masked, and the baseline written masks
/// them.
pub(super) fn apply(
    outcome: &mut ScanOutcome,
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
        let accepted = Baseline::load(path)?;
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
