//! History scans of corrupted repositories: a small repository (loose objects, or one packfile)
//! has bytes of its object files flipped or truncated as the input says, then is scanned through
//! the library as `leakhound git` does. Unreadable objects are warnings, never a panic.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use leakhound::rules::{Loaded, RuleSet};
use leakhound::scan::{self, ScanOptions};
use leakhound::sources::git::history::{self, Revs};
use libfuzzer_sys::fuzz_target;

struct Templates {
    _dir: tempfile::TempDir,
    loose: PathBuf,
    packed: PathBuf,
}

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::compile(&Loaded::builtin().expect("built-in rules")).expect("compile"))
}

/// Builds the repository once: three commits, a secret added then removed, a subdirectory.
fn templates() -> &'static Templates {
    static T: OnceLock<Templates> = OnceLock::new();
    T.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let loose = dir.path().join("loose");
        let repo = git2::Repository::init(&loose).expect("init");
        let secret = format!("ghp_{}", "R8vQ2mZx7LkP4nW9sT1yB6cH3jD5fG0aE2uK");
        // A fixed time: the same input corrupts the same object files in every process.
        let sig = git2::Signature::new("Fuzz", "fuzz@example.com", &git2::Time::new(1_700_000_000, 0))
            .expect("sig");
        let steps: [&[(&str, String)]; 3] = [
            &[("README", "hello\n".into()), ("src/app.rs", "fn main() {}\n".into())],
            &[(".env", format!("GITHUB_TOKEN={secret}\n")), ("src/lib.rs", "// lib\n".repeat(40))],
            &[(".env", "GITHUB_TOKEN=\n".into())],
        ];
        let mut parent: Option<git2::Oid> = None;
        for (i, files) in steps.iter().enumerate() {
            for (rel, content) in files.iter() {
                let p = loose.join(rel);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, content).unwrap();
            }
            let mut index = repo.index().unwrap();
            index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
            index.write().unwrap();
            let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
            let parents: Vec<git2::Commit<'_>> =
                parent.iter().map(|&p| repo.find_commit(p).unwrap()).collect();
            let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
            let c = repo.commit(Some("HEAD"), &sig, &sig, &format!("c{i}"), &tree, &refs).unwrap();
            parent = Some(c);
        }
        let packed = dir.path().join("packed");
        copy_dir(&loose, &packed);
        let ok = std::process::Command::new("git")
            .args(["-c", "gc.auto=0", "repack", "-a", "-d", "-q"])
            .current_dir(&packed)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "git repack failed (is git installed?)");
        Templates { _dir: dir, loose, packed }
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), &dst).unwrap();
        }
    }
}

/// The object files of a repository (loose objects, packs and their indexes), sorted.
fn object_files(git_dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![git_dir.join("objects")];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
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

fuzz_target!(|data: &[u8]| {
    let Some((&mode, mut ops)) = data.split_first() else { return };
    let t = templates();
    let work = tempfile::tempdir().expect("tempdir");
    let root = work.path().join("repo");
    copy_dir(if mode & 1 == 0 { &t.loose } else { &t.packed }, &root);
    let files = object_files(&root.join(".git"));
    // Each op: file index, 3 bytes of offset (of the file's length), xor byte; a zero xor byte
    // truncates the file there instead.
    while ops.len() >= 5 {
        let (op, rest) = ops.split_at(5);
        ops = rest;
        let path = &files[op[0] as usize % files.len()];
        let Ok(mut bytes) = std::fs::read(path) else { continue };
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
    let Ok(repo) = leakhound::sources::git::open(Some(&root)) else { return };
    let revs = if mode & 2 == 0 { Revs::All } else { Revs::Range("HEAD~1..HEAD".into()) };
    let Ok(h) = history::enumerate(&repo, &revs) else { return };
    let opts = ScanOptions { max_file_size: 1 << 20, max_decode_depth: 2 };
    let source = scan::GitSource { dir: repo.path(), damaged: Some(&h.unreadable) };
    let (per_blob, _stats) = scan::scan_blobs(rules(), &h.blobs, opts, Some(source));
    let found: Vec<_> = per_blob.into_iter().map(|r| r.unwrap_or_default()).collect();
    let _ = history::first_per_secret(found);
    let head = leakhound::sources::git::head_tree(&repo).ok().flatten().map(|t| t.id());
    if let Some(tree) = head {
        let _ = history::tree_blobs(&repo, tree, &h.unreadable);
    }
});
