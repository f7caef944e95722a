//! History scans of corrupted repositories: a small repository (loose objects, or one packfile)
//! has bytes of its object files flipped or truncated as the input says, then is scanned through
//! the library as `leakhound git` does (`leakhound::fuzzing::history`). Unreadable objects are
//! warnings, never a panic.
#![no_main]

use std::sync::OnceLock;

use leakhound::fuzzing::{self, Templates};
use libfuzzer_sys::fuzz_target;

/// The repositories, built once per process (the directory lives as long as the process).
fn templates() -> &'static Templates {
    static T: OnceLock<(tempfile::TempDir, Templates)> = OnceLock::new();
    &T.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let templates = Templates::build(dir.path());
        (dir, templates)
    })
    .1
}

fuzz_target!(|data: &[u8]| {
    let work = tempfile::tempdir().expect("tempdir");
    fuzzing::history(templates(), work.path(), data);
});
