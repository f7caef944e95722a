//! Every input kept under `fuzz/regressions/<target>/` replayed through the function that fuzz
//! target calls (`leakhound::fuzzing`): an input that once crashed, hung or panicked must now pass.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use leakhound::fuzzing;

use crate::util::*;

/// What `fuzz/keywords` checks the automaton against.
fn aho_corasick(patterns: &[Vec<u8>], hay: &[u8]) -> Vec<(usize, u32)> {
    let ac = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .expect("aho-corasick builds");
    ac.find_overlapping_iter(hay)
        .map(|m| (m.end(), m.pattern().as_u32()))
        .collect()
}

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// How long one input may take: a fix that goes missing can show as a hang (libgit2 looping
/// forever on a truncated object), which this turns into a failure that names the input.
const PATIENCE: Duration = Duration::from_secs(120);

#[test]
fn every_fuzz_regression_passes() {
    let root = repo_root().join("fuzz/regressions");
    let mut targets: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    targets.sort();
    assert!(
        !targets.is_empty(),
        "no regressions under {}",
        root.display()
    );
    let mut all = Vec::new();
    for target in targets {
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for input in inputs(&target) {
            all.push((name.clone(), input));
        }
    }
    assert!(!all.is_empty(), "no regression inputs");
    // The inputs run on a thread of their own, which says when each one starts.
    let (started, starts) = mpsc::channel::<String>();
    let replay = std::thread::spawn(move || {
        let templates_dir = tempfile::tempdir().unwrap();
        let mut templates = None;
        for (name, input) in all {
            let data = std::fs::read(&input).unwrap();
            let shown = format!("{name}/{}", input.file_name().unwrap().to_string_lossy());
            started.send(shown).unwrap();
            match name.as_str() {
                "config" => fuzzing::config(&data),
                "decode" => fuzzing::decode(&data),
                "archive" => fuzzing::archive(&data),
                "matcher" => fuzzing::matcher(&data),
                "keywords" => fuzzing::keywords(&data, &aho_corasick),
                "repo_files" => {
                    let work = tempfile::tempdir().unwrap();
                    fuzzing::repo_files(work.path(), &data);
                }
                "history" => {
                    let templates = templates
                        .get_or_insert_with(|| fuzzing::Templates::build(templates_dir.path()));
                    let work = tempfile::tempdir().unwrap();
                    fuzzing::history(templates, work.path(), &data);
                }
                other => panic!("fuzz/regressions/{other}: no fuzz target of that name"),
            }
        }
    });
    let mut current = String::from("(building the repositories)");
    loop {
        match starts.recv_timeout(PATIENCE) {
            Ok(next) => current = next,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("fuzz/regressions/{current} did not finish in {PATIENCE:?}")
            }
        }
    }
    if let Err(panic) = replay.join() {
        eprintln!("while replaying fuzz/regressions/{current}:");
        std::panic::resume_unwind(panic);
    }
}
