#![allow(clippy::disallowed_macros)] // cargo reads a build script's stdout
//! Embeds every `rules/*.toml` file in the binary: writes `$OUT_DIR/builtin_rules.rs`, a slice of
//! (file name, contents) pairs, sorted by file name so rule order is stable, and a second slice
//! of the same files without their `examples` and `negativeExamples` arrays (written to
//! `$OUT_DIR/scan_rules/`): a scan parses those, `rules check` and the tests the whole files.
//! The arrays' lines become empty lines, so every other line keeps its number.

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
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let scan_dir = Path::new(&out_dir).join("scan_rules");
    fs::create_dir_all(&scan_dir).unwrap();
    // One slice of (name, contents) per form; `embed` says which file holds each rule file's form.
    let mut out = String::new();
    let mut slice = |constant: &str, embed: &dyn Fn(&str) -> std::path::PathBuf| {
        out.push_str(&format!(
            "pub(crate) const {constant}: &[(&str, &str)] = &[\n"
        ));
        for name in &files {
            out.push_str(&format!(
                "    (\"rules/{name}\", include_str!({:?})),\n",
                embed(name).display().to_string()
            ));
        }
        out.push_str("];\n");
    };
    slice("BUILTIN_RULE_FILES", &|name| {
        println!("cargo:rerun-if-changed=rules/{name}");
        dir.join(name)
    });
    slice("SCAN_RULE_FILES", &|name| {
        let text = fs::read_to_string(dir.join(name)).unwrap();
        let stripped = scan_dir.join(name);
        fs::write(&stripped, without_examples(&text)).unwrap();
        stripped
    });
    fs::write(Path::new(&out_dir).join("builtin_rules.rs"), out).unwrap();
}

/// `text` with each `examples = [...]` and `negativeExamples = [...]` array (one line, or from
/// its opening line to a line that is only `]`) replaced by empty lines. The rule files are
/// written that way (a test in src/rules/compile.rs checks that both forms compile to the same
/// rules).
fn without_examples(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end();
        let starts = body.starts_with("examples = [") || body.starts_with("negativeExamples = [");
        if inside {
            inside = body != "]";
        } else if starts {
            inside = !body.ends_with(']');
        } else {
            out.push_str(line);
            continue;
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
