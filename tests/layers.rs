//! The layers point one way (docs/architecture.md): a scan of every `use crate::...`, every
//! `crate::x::` path and every `super::` path that climbs out of its folder, in every file under
//! `src/`, fails on an import across a forbidden edge.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::*;

/// What each top-level module may import of the others (code in `lib.rs` and `main.rs` may use
/// everything). A module not listed here is an error: a new one must be given its place.
const MAY_IMPORT: &[(&str, &[&str])] = &[
    // Leaves.
    ("display", &[]),
    ("warning", &[]),
    ("confine", &[]),
    ("engine", &[]),
    // engine -> rules -> matcher
    ("rules", &["engine", "display", "confine"]),
    ("matcher", &["rules", "engine"]),
    // sources -> scan -> findings -> report
    ("sources", &["display", "warning", "confine"]),
    ("findings", &["rules", "display", "warning"]),
    (
        "scan",
        &[
            "engine", "rules", "matcher", "sources", "findings", "display", "warning", "confine",
        ],
    ),
    (
        "report",
        &["rules", "findings", "scan", "display", "warning"],
    ),
    ("hook", &["sources", "display", "warning", "confine"]),
    // cli on top: never a source itself.
    (
        "cli",
        &[
            "rules", "matcher", "findings", "scan", "report", "hook", "display", "warning",
        ],
    ),
    (
        "fuzzing",
        &[
            "engine", "rules", "matcher", "sources", "findings", "scan", "display", "warning",
            "confine",
        ],
    ),
];

#[test]
fn imports_follow_the_layers() {
    let src = repo_root().join("src");
    let may: BTreeMap<&str, &[&str]> = MAY_IMPORT.iter().copied().collect();
    let mut problems = Vec::new();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "only {} files under src/", files.len());
    for path in files {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let module = module_path(&rel);
        let Some(top) = module.first().cloned() else {
            continue; // lib.rs, main.rs
        };
        let Some(allowed) = may.get(top.as_str()) else {
            problems.push(format!(
                "src/{rel}: module `{top}` has no place in MAY_IMPORT"
            ));
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        for (line, target) in edges(&text, &module) {
            if target != top && !allowed.contains(&target.as_str()) {
                problems.push(format!(
                    "src/{rel}:{line}: `{top}` imports `crate::{target}` ({top} may import: {})",
                    if allowed.is_empty() {
                        "nothing of this crate".to_string()
                    } else {
                        allowed.join(", ")
                    }
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} import(s) across a forbidden edge:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The scanner itself, on code written to trip it.
#[test]
fn the_scan_sees_every_kind_of_path() {
    let module: Vec<String> = vec!["sources".into(), "fs".into()];
    let text = r#"
use crate::findings::Finding;
use crate::{display::display_path, warning::{self, Warning}};
use super::BlobRef; // sources itself
/* use crate::scan::Stats; */
// use crate::report;
const S: &str = "crate::cli::run";
fn f() -> crate::matcher::RawMatch { todo!() }
use super::super::rules::RuleSet;
mod tests {
    use super::super::Skip;
    use super::super::super::engine::keywords;
    use std::collections::HashMap;
}
"#;
    let found: Vec<(usize, String)> = edges(text, &module);
    let want = [
        (2, "findings"),
        (3, "display"),
        (3, "warning"),
        (4, "sources"),
        (8, "matcher"),
        (9, "rules"),
        (11, "sources"),
        (12, "engine"),
    ];
    let want: Vec<(usize, String)> = want.iter().map(|(l, m)| (*l, m.to_string())).collect();
    assert_eq!(found, want);
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module a file under `src/` defines: `scan/mod.rs` is `[scan]`, `sources/git/odb.rs` is
/// `[sources, git, odb]`, `lib.rs` is `[]`.
fn module_path(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// A token of Rust code with comments and literals removed.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Path,
    Punct(char),
}

/// The tokens of `text`, each with its 1-based line. Comments, strings and character literals
/// are skipped (a path inside them is no import).
fn tokens(text: &str) -> Vec<(usize, Tok)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if b[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        line += usize::from(b[i] == b'\n');
                        i += 1;
                    }
                }
            }
            b'r' | b'b'
                if b[i..].starts_with(b"r\"")
                    || b[i..].starts_with(b"r#")
                    || b[i..].starts_with(b"br\"")
                    || b[i..].starts_with(b"br#") =>
            {
                // A raw string: r"...", r#"..."#, br"...".
                let mut j = i + if c == b'b' { 2 } else { 1 };
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    // `r#ident`, a raw identifier.
                    i += if c == b'b' { 2 } else { 1 } + hashes;
                    continue;
                }
                let end: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                j += 1;
                while j < b.len() && !b[j..].starts_with(&end) {
                    line += usize::from(b[j] == b'\n');
                    j += 1;
                }
                i = j + end.len();
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    line += usize::from(b.get(i) == Some(&b'\n'));
                    i += 1;
                }
                i += 1;
            }
            b'\'' => {
                // A character literal ('x', '\n', '\''), or a lifetime ('a).
                let lit = if b.get(i + 1) == Some(&b'\\') {
                    b.get(i + 3..)
                        .and_then(|rest| rest.iter().position(|&c| c == b'\''))
                        .map(|p| i + 4 + p)
                } else if b.get(i + 2) == Some(&b'\'') {
                    Some(i + 3)
                } else {
                    None
                };
                match lit {
                    Some(end) => i = end,
                    None => i += 1,
                }
            }
            b':' if b.get(i + 1) == Some(&b':') => {
                out.push((line, Tok::Path));
                i += 2;
            }
            c if c == b'_' || c.is_ascii_alphanumeric() => {
                let start = i;
                while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                out.push((line, Tok::Ident(text[start..i].to_string())));
            }
            c if c.is_ascii_whitespace() => i += 1,
            c => {
                out.push((line, Tok::Punct(c as char)));
                i += 1;
            }
        }
    }
    out
}

/// The top-level modules of this crate that the code of `text` (the file of `module`) names:
/// `crate::x`, `crate::{x, y}`, and `super::` chains (which name the file's own top-level module
/// unless they climb to the crate root). Inline modules (`mod tests { .. }`) are followed, so
/// `super` means what it means there.
fn edges(text: &str, module: &[String]) -> Vec<(usize, String)> {
    let toks = tokens(text);
    let top = module.first().map_or("", String::as_str);
    let mut out: Vec<(usize, String)> = Vec::new();
    // The brace depth inside each inline module open around the current token.
    let mut inline: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let (line, tok) = &toks[i];
        match tok {
            Tok::Punct('{') => {
                depth += 1;
                if i >= 2 && is(&toks, i - 2, "mod") && matches!(toks[i - 1].1, Tok::Ident(_)) {
                    inline.push(depth);
                }
            }
            Tok::Punct('}') => {
                if inline.last() == Some(&depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            // The start of a path (not the tail of one, nor a macro's `$crate`).
            Tok::Ident(word)
                if (word == "crate" || word == "super")
                    && !(i > 0 && matches!(toks[i - 1].1, Tok::Path | Tok::Punct('$'))) =>
            {
                let level = module.len() + inline.len();
                let (names, next) = path_heads(&toks, i, level, top);
                out.extend(names.into_iter().map(|n| (*line, n)));
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.dedup();
    out
}

fn is(toks: &[(usize, Tok)], i: usize, word: &str) -> bool {
    matches!(toks.get(i), Some((_, Tok::Ident(w))) if w == word)
}

fn is_path(toks: &[(usize, Tok)], i: usize) -> bool {
    matches!(toks.get(i), Some((_, Tok::Path)))
}

/// Reads the path that starts at `toks[i]` (`crate` or `super`): the top-level modules it names
/// (several for a `{..}` group), and the index after what it read. `level`: how deep the code
/// is (its file's module path and the inline modules around it); `top`: the file's top-level
/// module, which a `super::` chain that does not climb to the crate root stays inside.
fn path_heads(
    toks: &[(usize, Tok)],
    mut i: usize,
    level: usize,
    top: &str,
) -> (Vec<String>, usize) {
    if is(toks, i, "crate") {
        i += 1;
    } else {
        let mut up = 0;
        loop {
            up += 1;
            i += 1;
            if !is_path(toks, i) {
                return (Vec::new(), i); // `pub(super)`
            }
            if !is(toks, i + 1, "super") {
                break;
            }
            i += 1;
        }
        match up.cmp(&level) {
            std::cmp::Ordering::Less => return (vec![top.to_string()], i),
            std::cmp::Ordering::Greater => return (Vec::new(), i),
            std::cmp::Ordering::Equal => {} // at the crate root
        }
    }
    if !is_path(toks, i) {
        return (Vec::new(), i); // `pub(crate)`
    }
    i += 1;
    match toks.get(i).map(|t| &t.1) {
        Some(Tok::Ident(name)) if name != "self" => (vec![name.clone()], i + 1),
        Some(Tok::Punct('{')) => {
            // A group: the names at its first level.
            let mut names = Vec::new();
            let mut depth = 0;
            let mut expect_name = true;
            i += 1;
            while let Some((_, t)) = toks.get(i) {
                match t {
                    Tok::Punct('{') => depth += 1,
                    Tok::Punct('}') if depth == 0 => return (names, i + 1),
                    Tok::Punct('}') => depth -= 1,
                    Tok::Punct(',') if depth == 0 => expect_name = true,
                    Tok::Ident(name) if depth == 0 && expect_name => {
                        if name != "self" {
                            names.push(name.clone());
                        }
                        expect_name = false;
                    }
                    _ => {}
                }
                i += 1;
            }
            (names, i)
        }
        _ => (Vec::new(), i),
    }
}
