//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`), one function each, so that the
//! test suite replays every input kept under `fuzz/regressions/<target>/` through exactly the
//! code the fuzzer runs: a regression cannot come back unnoticed. Not part of the documented API.
//!
//! Each function panics on a broken promise (that is what the fuzzer looks for) and returns
//! quietly on input that is merely invalid.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::engine::keywords::Keywords;
use crate::matcher::decode::{decode as decode_run, find_runs};
use crate::matcher::{Matcher, Target};
use crate::rules::{load, Loaded, RuleSet};
use crate::scan::{self, Progress, Revs, ScanOptions};
use crate::sources::git::history;

/// The built-in rules, compiled once per process.
fn builtin() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        RuleSet::compile(&Loaded::builtin().expect("built-in rules")).expect("compile")
    })
}

/// `fuzz/config`: any bytes as a config file give a rule set or an error, never a panic; a rule
/// set that compiles survives matching its own text.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = load::parse_loaded("fuzz.toml", text) else {
        return;
    };
    let Ok(rules) = RuleSet::compile(&loaded) else {
        return;
    };
    let mut matcher = Matcher::new(&rules);
    let mut out = Vec::new();
    let target = Target {
        path: "fuzz.toml",
        commit: None,
    };
    matcher.find_with_decoding(&target, data, 2, &mut out);
}

/// `fuzz/decode`: runs lie inside the input, decoding never panics and never grows beyond the
/// input's size.
pub fn decode(data: &[u8]) {
    let mut runs = Vec::new();
    find_runs(data, &mut runs);
    let mut out = Vec::new();
    for r in &runs {
        assert!(r.start < r.end && r.end <= data.len());
        decode_run(r.encoding, &data[r.start..r.end], &mut out);
        assert!(out.len() <= r.end - r.start);
    }
}

/// `fuzz/matcher`: the matcher over arbitrary bytes with every built-in rule never panics, every
/// match lies inside the content, and every finding has a position.
pub fn matcher(data: &[u8]) {
    let rules = builtin();
    let mut matcher = Matcher::new(rules);
    let mut out = Vec::new();
    let target = Target {
        path: ".env",
        commit: None,
    };
    matcher.find_with_decoding(&target, data, 2, &mut out);
    for m in &out {
        assert!(m.start <= m.end && m.end <= data.len());
    }
    let findings = scan::to_findings(rules, &mut out, data, "fuzz", "fuzz");
    for f in &findings {
        assert!(f.line >= 1 && f.column >= 1 && f.end_line >= f.line);
    }
}

/// Every overlapping occurrence of `patterns` in a text, as `(end, pattern index)`: what the
/// keyword automaton is checked against (the fuzz target and the test pass the `aho-corasick`
/// crate's answer, ASCII case-insensitive).
pub type Reference<'a> = &'a dyn Fn(&[Vec<u8>], &[u8]) -> Vec<(usize, u32)>;

/// `fuzz/keywords`: the keyword automaton finds what `reference` finds. The first byte chooses
/// the keywords: the built-in rules' (odd), or up to four taken from the next 24 bytes (even).
/// The rest, repeated to 6 000 bytes or more so that the search cuts it into pieces, is the
/// text. Both must report the same occurrences, ours in order of their end.
pub fn keywords(data: &[u8], reference: Reference<'_>) {
    static BUILTIN: OnceLock<(Vec<Vec<u8>>, Keywords)> = OnceLock::new();
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let own;
    let (patterns, automaton, text) = if choice & 1 == 1 {
        let (patterns, automaton) = BUILTIN.get_or_init(|| {
            let patterns: Vec<Vec<u8>> = builtin()
                .keywords()
                .iter()
                .map(|k| k.as_bytes().to_vec())
                .collect();
            let automaton = Keywords::new(&patterns);
            (patterns, automaton)
        });
        (patterns, automaton, rest)
    } else {
        let (head, text) = rest.split_at(rest.len().min(24));
        let mut patterns: Vec<Vec<u8>> = head.chunks(6).map(|c| c.to_ascii_lowercase()).collect();
        patterns.sort();
        patterns.dedup();
        if patterns.is_empty() {
            return;
        }
        let automaton = Keywords::new(&patterns);
        own = (patterns, automaton);
        (&own.0, &own.1, text)
    };
    let mut hay = Vec::new();
    while !text.is_empty() && hay.len() < 6000 {
        hay.extend_from_slice(text);
    }
    let mut want = reference(patterns, &hay);
    let mut hits = Vec::new();
    automaton.find(&hay, &mut hits, &mut Default::default());
    let mut got: Vec<(usize, u32)> = hits
        .iter()
        .map(|h| (h.start + patterns[h.pattern as usize].len(), h.pattern))
        .collect();
    assert!(
        got.windows(2).all(|w| w[0].0 <= w[1].0),
        "hits in order of their end"
    );
    want.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, want);
}

/// The repositories [`history`](fn@history) corrupts: the same small history, as loose objects
/// and as one packfile.
#[derive(Debug)]
pub struct Templates {
    loose: PathBuf,
    packed: PathBuf,
}

impl Templates {
    /// Builds both repositories under `dir` (which must outlive them): three commits, a secret
    /// added then removed, a subdirectory. Needs the git command (for `git repack`).
    pub fn build(dir: &Path) -> Templates {
        let loose = dir.join("loose");
        let repo = git2::Repository::init(&loose).expect("init");
        let secret = format!("ghp_{}", "R8vQ2mZx7LkP4nW9sT1yB6cH3jD5fG0aE2uK");
        // A fixed time: the same input corrupts the same object files in every process.
        let time = git2::Time::new(1_700_000_000, 0);
        let sig = git2::Signature::new("Fuzz", "fuzz@example.com", &time).expect("sig");
        let steps: [&[(&str, String)]; 3] = [
            &[
                ("README", "hello\n".into()),
                ("src/app.rs", "fn main() {}\n".into()),
            ],
            &[
                (".env", format!("GITHUB_TOKEN={secret}\n")),
                ("src/lib.rs", "// lib\n".repeat(40)),
            ],
            &[(".env", "GITHUB_TOKEN=\n".into())],
        ];
        let mut parent: Option<git2::Oid> = None;
        for (i, files) in steps.iter().enumerate() {
            for (rel, content) in files.iter() {
                let p = loose.join(rel);
                std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
                std::fs::write(&p, content).expect("write");
            }
            let mut index = repo.index().expect("index");
            index
                .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
                .expect("add");
            index.write().expect("index write");
            let tree = repo
                .find_tree(index.write_tree().expect("tree"))
                .expect("tree");
            let parents: Vec<git2::Commit<'_>> = parent
                .iter()
                .map(|&p| repo.find_commit(p).expect("parent"))
                .collect();
            let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
            let message = format!("c{i}");
            let c = repo
                .commit(Some("HEAD"), &sig, &sig, &message, &tree, &refs)
                .expect("commit");
            parent = Some(c);
        }
        let packed = dir.join("packed");
        copy_dir(&loose, &packed);
        let ok = std::process::Command::new("git")
            .args(["-c", "gc.auto=0", "repack", "-a", "-d", "-q"])
            .current_dir(&packed)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "git repack failed (is git installed?)");
        Templates { loose, packed }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let dst = to.join(e.file_name());
        if e.file_type().expect("file type").is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), &dst).expect("copy");
        }
    }
}

/// The object files of a repository (loose objects, packs and their indexes), sorted.
fn object_files(git_dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![git_dir.join("objects")];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `fuzz/history`: history scans of corrupted repositories. A copy of one of `templates` (loose
/// or packed, as the first byte says) is made in `work` (an empty directory) and has bytes of
/// its object files flipped or truncated as the rest of the input says, then is scanned as
/// `leakhound git` scans it (every ref, or the range `HEAD~1..HEAD`), HEAD's tree included.
/// Unreadable objects are warnings, never a panic or a hang.
pub fn history(templates: &Templates, work: &Path, data: &[u8]) {
    let Some((&mode, mut ops)) = data.split_first() else {
        return;
    };
    let root = work.join("repo");
    let template = if mode & 1 == 0 {
        &templates.loose
    } else {
        &templates.packed
    };
    copy_dir(template, &root);
    let files = object_files(&root.join(".git"));
    // Each op: file index, 3 bytes of offset (of the file's length), xor byte; a zero xor byte
    // truncates the file there instead.
    while ops.len() >= 5 {
        let (op, rest) = ops.split_at(5);
        ops = rest;
        let path = &files[op[0] as usize % files.len()];
        let Ok(mut bytes) = std::fs::read(path) else {
            continue;
        };
        if bytes.is_empty() {
            continue;
        }
        let at = u32::from_le_bytes([op[1], op[2], op[3], 0]) as usize % bytes.len();
        if op[4] == 0 {
            bytes.truncate(at);
        } else {
            bytes[at] ^= op[4];
        }
        // Object files are read-only as git writes them.
        let _ = std::fs::remove_file(path);
        let _ = std::fs::write(path, &bytes);
    }
    // Debugging aid: keep a copy of the corrupted repository.
    if let Some(keep) = std::env::var_os("LEAKHOUND_FUZZ_KEEP") {
        copy_dir(&root, Path::new(&keep));
    }
    let Ok(repo) = crate::sources::git::open(Some(&root)) else {
        return;
    };
    let revs = if mode & 2 == 0 {
        Revs::All
    } else {
        Revs::Range("HEAD~1..HEAD".into())
    };
    let Ok(walked) = history::enumerate(&repo, &revs) else {
        return;
    };
    let opts = ScanOptions {
        max_file_size: 1 << 20,
        max_decode_depth: 2,
        max_findings_per_file: scan::MAX_FINDINGS_PER_FILE,
        max_findings_per_rule: scan::MAX_FINDINGS_PER_RULE,
        line_hashes: true,
        max_archive_depth: scan::MAX_ARCHIVE_DEPTH,
    };
    let progress = Progress::new();
    let _ = scan::scan_history(&repo, &revs, builtin(), &walked, opts, &progress);
    // HEAD's tree is walked by the scan only when something was found: walk it anyway.
    let head = crate::sources::git::head_tree(&repo)
        .ok()
        .flatten()
        .map(|t| t.id());
    if let Some(tree) = head {
        let _ = history::tree_blobs(&repo, tree, &walked.unreadable);
    }
}

/// `fuzz/archive`: the archive reader over any bytes never panics and holds its bounds. The
/// first byte chooses how the rest is read: as whatever its magic bytes say (0), or as one
/// format whatever they say (1 to 6: zip, tar, gzip, bzip2, xz, zstd), so every parser sees
/// arbitrary input. The bounds are small ones, so the fuzzer can reach them: no member over its
/// size, no path over its length, never more inflated than the archive's budget, never more
/// archives opened than the members and depth allow.
pub fn archive(data: &[u8]) {
    use crate::sources::archive::{self, Kind, Limits, ScanBudget};
    let Some((&choice, content)) = data.split_first() else {
        return;
    };
    let kind = match choice % 7 {
        0 => archive::detect(content),
        1 => Some(Kind::Zip),
        2 => Some(Kind::Tar),
        3 => Some(Kind::Gzip),
        4 => Some(Kind::Bzip2),
        5 => Some(Kind::Xz),
        _ => Some(Kind::Zstd),
    };
    let Some(kind) = kind else {
        return;
    };
    let limits = Limits {
        archive_bytes: 1 << 20,
        scan_bytes: 4 << 20,
        members: 64,
        path_len: 200,
        ..Limits::new(3, 64 << 10)
    };
    let mut visited = 0u64;
    let walked = archive::walk(
        "fuzz",
        kind,
        content,
        &limits,
        &ScanBudget::default(),
        &mut |m| {
            visited += 1;
            assert!(m.path.len() <= limits.path_len, "path over its bound");
            if let Ok(c) = m.content {
                assert!(c.len() as u64 <= limits.member_size, "member over its size");
            }
        },
    );
    assert!(
        walked.inflated <= limits.archive_bytes,
        "inflated over the budget"
    );
    assert!(visited <= walked.members);
    // Each archive opened has at most `members` members: at most 1 + 64 + 64^2 of them.
    assert!(walked.archives <= 1 + limits.members + limits.members * limits.members);
    // A member's name may hold any byte (a newline included): what reaches the terminal is the
    // warning with its control characters escaped, as `cli::messages` prints every message.
    for w in &walked.warnings {
        let shown = crate::display::escape_controls(&w.to_string()).into_owned();
        assert!(!shown.contains('\n'), "a warning is one line: {w:?}");
    }
}
/// What the file outside the scanned tree holds in [`repo_files`]: it must never be printed.
const OUTSIDE_CANARY: &str = "canary-from-outside-the-tree-7Qx2";

/// `fuzz/repo_files`: a hostile repository's own files (its config, the `[extend]` file it
/// names, `.leakhoundignore`, `.gitleaksignore`, `.gitignore`), taken from the input, some made
/// FIFOs or links out of the tree as its first byte says, scanned as `leakhound dir` does
/// (under `work`, an empty directory). The scan ends (a FIFO never blocks it), never panics, and
/// nothing it says (warnings, the error that ends it) quotes the file outside the tree or the
/// environment.
///
/// The input: a flags byte, then up to five parts separated by `\0`: the config, the extended
/// config (`base.toml`), `.leakhoundignore`, `.gitleaksignore`, `.gitignore`; `@OUT@` in a part
/// becomes the path of the file outside. Flags: 1 `.gitignore` is a FIFO, 2 `.leakhoundignore`
/// is a link to the file outside, 4 `.gitleaksignore` is a link to `/proc/self/environ`,
/// 8 `base.toml` is a FIFO, 16 `sub/.ignore` is a link to the file outside.
pub fn repo_files(work: &Path, data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    // The tree's own text may be quoted (a config error shows its line): it must not hold what
    // the assertions look for.
    let text = String::from_utf8_lossy(rest);
    if ["canary", "HOME=", "PATH="]
        .iter()
        .any(|s| text.contains(s))
    {
        return;
    }
    let outside = work.join("outside");
    let tree = work.join("tree");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::create_dir_all(tree.join("sub")).expect("mkdir");
    let secret_file = outside.join("credentials");
    std::fs::write(
        &secret_file,
        format!("{OUTSIDE_CANARY}\n{{{OUTSIDE_CANARY}\n"),
    )
    .expect("write");
    let out = secret_file.display().to_string();
    let mut parts = rest.split(|&b| b == 0).map(|p| {
        String::from_utf8_lossy(p)
            .replace("@OUT@", &out)
            .into_bytes()
    });
    let names = [
        ".leakhound.toml",
        "base.toml",
        ".leakhoundignore",
        ".gitleaksignore",
        ".gitignore",
    ];
    let special = |name: &str| match name {
        ".gitignore" => flags & 1 != 0,
        ".leakhoundignore" => flags & 2 != 0,
        ".gitleaksignore" => flags & 4 != 0,
        "base.toml" => flags & 8 != 0,
        _ => false,
    };
    for name in names {
        let path = tree.join(name);
        let part = parts.next();
        if special(name) {
            match name {
                ".gitignore" | "base.toml" => mkfifo(&path),
                ".leakhoundignore" => symlink(&secret_file, &path),
                _ => symlink(Path::new("/proc/self/environ"), &path),
            }
        } else if let Some(part) = part {
            std::fs::write(&path, part).expect("write");
        }
    }
    if flags & 16 != 0 {
        symlink(&secret_file, &tree.join("sub/.ignore"));
    }
    let token = format!("ghp_{}", "R8vQ2mZx7LkP4nW9sT1yB6cH3jD5fG0aE2uK");
    std::fs::write(tree.join("a.env"), format!("TOKEN={token}\n")).expect("write");
    std::fs::write(tree.join("sub/b.env"), format!("TOKEN={token}\n")).expect("write");
    let config = scan::ScanConfig {
        scope: scan::Scope::Dir {
            paths: vec![tree.clone()],
            no_ignore: false,
            follow_symlinks: false,
        },
        config: None,
        config_toml: None,
        options: ScanOptions {
            max_file_size: 1 << 20,
            max_decode_depth: 2,
            max_findings_per_file: scan::MAX_FINDINGS_PER_FILE,
            max_findings_per_rule: scan::MAX_FINDINGS_PER_RULE,
            line_hashes: false,
            max_archive_depth: 2,
        },
        threads: Some(1),
        baseline: None,
        write_baseline: None,
        redact: true,
        enable_rules: Vec::new(),
        disable_rules: Vec::new(),
        ignore_path: None,
        config_from_base: None,
    };
    let said: Vec<String> = match scan::run(&config, &Progress::new()) {
        Ok(scanned) => scanned
            .outcome
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect(),
        Err(e) => vec![e.to_string()],
    };
    for text in &said {
        assert!(
            !text.contains(OUTSIDE_CANARY),
            "the file outside the tree was quoted: {text}"
        );
        assert!(
            !text.contains("HOME=") && !text.contains("PATH="),
            "the environment was quoted: {text}"
        );
    }
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo {}", path.display());
}

fn symlink(target: &Path, link: &Path) {
    #[cfg(unix)]
    std::os::unix::fs::symlink(target, link).expect("symlink");
    #[cfg(not(unix))]
    let _ = (target, link);
}
