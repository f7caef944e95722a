//! A hostile repository's own files (its config, the file its `[extend]` names, its ignore files
//! and `.gitignore`), from the input, some of them FIFOs or links out of the tree, scanned as
//! `leakhound dir` does (`leakhound::fuzzing::repo_files`): the scan ends, never panics, and never
//! quotes a file outside the tree or the environment.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let work = tempfile::tempdir().expect("tempdir");
    leakhound::fuzzing::repo_files(work.path(), data);
});
