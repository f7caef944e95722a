//! `leakhound stdin`: standard input, read whole (up to `--max-file-size`), as one blob.

use std::path::{Path, PathBuf};

use super::{blobs, load_rules, Progress, ScanConfig, ScanError, ScanOutcome};
use crate::rules::RuleSet;
use crate::sources::{self, Skip};
use crate::warning::Warning;

/// Scans standard input, reported as `label`; the scan root is the current directory.
pub(super) fn run(
    label: &str,
    config: &ScanConfig,
    progress: &Progress,
) -> Result<(RuleSet, ScanOutcome, PathBuf), ScanError> {
    let root = Path::new(".");
    let rules = load_rules(config, Some(root))?;
    let max = config.options.max_file_size;
    let mut outcome = ScanOutcome::default();
    let archives = config.options.max_archive_depth > 0;
    let input = sources::stdin::read(std::io::stdin().lock(), label, max, archives);
    match input.map_err(ScanError::Stdin)? {
        Ok(blob) => outcome = blobs::scan_all(&rules, &[blob], config.options, progress),
        Err(Skip::TooLarge) => {
            outcome.stats.skipped_large = 1;
            outcome.warnings.push(Warning::StdinTooLarge {
                label: label.to_string(),
                max,
            });
        }
        Err(Skip::Binary) => outcome.stats.skipped_binary = 1,
    }
    Ok((rules, outcome, root.to_path_buf()))
}
