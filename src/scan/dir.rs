//! `leakhound dir`: files and directories. One directory (symbolic links not followed) is
//! scanned while it is walked: its files go to the workers as the walk finds them, with no
//! `stat` each. Several paths, or `--follow-symlinks`, are walked to the end first (as many
//! threads as the scan), sorted and de-duplicated by `(device, inode)`, then scanned.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{
    alongside, blobs, load_rules, ready, NothingRead, Progress, ScanConfig, ScanError, ScanOutcome,
};
use crate::display::display_path;
use crate::rules::RuleSet;
use crate::sources::fs::{self, WalkOptions, Walked};
use crate::warning::Warning;

/// Scans `paths`; also returns the scan root (where the config and the ignore files are looked
/// for): the first path if it is a directory, else its parent.
pub(super) fn run(
    paths: &[PathBuf],
    no_ignore: bool,
    follow_symlinks: bool,
    config: &ScanConfig,
    progress: &Progress,
) -> Result<(RuleSet, ScanOutcome, PathBuf), ScanError> {
    for p in paths {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(ScanError::NoSuchPath(p.clone()));
        }
    }
    let Some(first) = paths.first() else {
        return Err(ScanError::NoSuchPath(PathBuf::new()));
    };
    let root = if first.is_dir() {
        first.clone()
    } else {
        first.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let root = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    };
    let opts = config.options;
    let load = || load_rules(config, Some(&root));
    let (rules, mut outcome, walked) = if paths.len() == 1 && !follow_symlinks && first.is_dir() {
        // One directory: its files are scanned while the walk is still finding them.
        let (files, found) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            let walker = s.spawn(move || fs::stream(first, no_ignore, &files));
            let rules = ready(load);
            let outcome = rules.as_ref().ok().map(|rules| {
                progress.begin(None);
                let outcome = blobs::scan_streamed(rules, found, opts, progress);
                progress.end();
                outcome
            });
            // With no rules, `found` is gone and the walk stops at its next file.
            let walked = walker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (rules, outcome.unwrap_or_default(), walked)
        })
    } else {
        let walk = WalkOptions {
            no_ignore,
            follow_symlinks,
        };
        let (rules, walked) = alongside(load, || {
            let mut walked = Walked::default();
            let mut seen = HashSet::new();
            for p in paths {
                fs::walk(p, &root, &walk, &mut walked, &mut seen);
            }
            walked
        });
        let outcome = rules.as_ref().ok().map(|rules| {
            progress.begin(Some(walked.blobs.len() as u64));
            let outcome = blobs::scan_all(rules, &walked.blobs, opts, progress);
            progress.end();
            outcome
        });
        (rules, outcome.unwrap_or_default(), walked)
    };
    let rules = rules?;
    outcome.stats.skipped_special += walked.special;
    // Files and directories found that could not be read: when nothing else was, the scan is
    // an error, not a clean one (as a git scan of unreadable blobs).
    let walk_failed = walked
        .warnings
        .iter()
        .filter(|w| matches!(w, Warning::WalkSkipped { .. }))
        .count() as u64;
    let unread = outcome.stats.unreadable + walk_failed;
    if unread > 0 && outcome.stats.files + outcome.stats.skipped() == 0 {
        outcome.nothing_read = Some(NothingRead {
            blobs: unread as usize,
            what: "files and directories",
            source: display_path(&root),
        });
    }
    outcome.warnings.splice(0..0, walked.warnings);
    Ok((rules, outcome, root))
}
