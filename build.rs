#![allow(clippy::disallowed_macros)] // cargo reads a build script's stdout
//! Embeds every `rules/*.toml` file in the binary: writes `$OUT_DIR/builtin_rules.rs`, a slice of
//! (file name, contents) pairs, sorted by file name so rule order is stable.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    // Read when the script runs, not when it is compiled: one compiled build script can serve
    // two checkouts that share a target directory, and `env!` would embed the first one's rules.
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("rules");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .expect("rules/ directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    files.sort();
    let mut out = String::from("pub(crate) const BUILTIN_RULE_FILES: &[(&str, &str)] = &[\n");
    for name in &files {
        println!("cargo:rerun-if-changed=rules/{name}");
        let full = dir.join(name);
        out.push_str(&format!(
            "    (\"rules/{name}\", include_str!({:?})),\n",
            full.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_rules.rs");
    fs::write(dest, out).unwrap();
}
