//! Guarantees: leakhound never writes inside what it scans, never prints a secret whole when
//! redaction is on, cannot be made to read files outside the repository by a config inside it,
//! and exits cleanly when interrupted.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{
    bin, github_pat, github_pat2, rewrite, run_in, run_in_within, Dir, GitRepo, TEST_RULES,
};

/// How long a scan of a small corrupted repository may run before it counts as a hang.
const HANG: Duration = Duration::from_secs(20);

/// Every file and directory under `root` (including `.git`): kind, mtime, size and content hash.
fn snapshot(root: &Path) -> BTreeMap<String, (char, u128, u64, u64)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            let mtime = meta
                .modified()
                .unwrap()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            if meta.is_dir() {
                out.insert(rel, ('d', mtime, 0, 0));
                stack.push(p);
            } else {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                std::fs::read(&p).unwrap_or_default().hash(&mut h);
                out.insert(rel, ('f', mtime, meta.len(), h.finish()));
            }
        }
    }
    out
}

fn changes(
    before: &BTreeMap<String, (char, u128, u64, u64)>,
    after: &BTreeMap<String, (char, u128, u64, u64)>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in before {
        match after.get(k) {
            None => out.push(format!("removed {k}")),
            Some(w) if w != v => out.push(format!("changed {k}")),
            _ => {}
        }
    }
    for k in after.keys() {
        if !before.contains_key(k) {
            out.push(format!("added {k}"));
        }
    }
    out
}

/// A repository with history, a staged change, an unstaged change and an untracked file, all
/// holding secrets.
fn busy_repo() -> GitRepo {
    let repo = GitRepo::init();
    repo.write(".leakhound.toml", TEST_RULES)
        .write("a.env", format!("TOKEN={}\n", github_pat()))
        .write("src/lib.rs", "// nothing\n");
    repo.commit("first");
    repo.write("a.env", "TOKEN=\n");
    repo.commit("second");
    repo.write("staged.env", format!("TOKEN={}\n", github_pat2()));
    repo.write_unstaged("src/lib.rs", format!("// {}\n", github_pat()));
    repo.write_unstaged("untracked.env", format!("T={}\n", github_pat2()));
    repo
}

#[test]
fn scans_never_write_inside_the_scanned_tree() {
    let repo = busy_repo();
    let out = Dir::new();
    let report = out.join("report.json");
    let report = report.to_str().unwrap();
    let before = snapshot(repo.path());
    for args in [
        vec!["dir", "."],
        vec!["dir", ".", "--no-ignore", "--follow-symlinks"],
        vec!["git"],
        vec!["git", "--range", "HEAD~1..HEAD"],
        vec!["git", "--staged"],
        vec!["git", "-f", "json", "-o", report],
        vec!["stdin"],
    ] {
        let r = run_in(repo.path(), &args, Some(b"nothing\n"));
        assert!(r.code == 0 || r.code == 1, "{args:?}: {r:?}");
        let diff = changes(&before, &snapshot(repo.path()));
        assert!(diff.is_empty(), "`leakhound {args:?}` wrote: {diff:?}");
    }
}

#[test]
fn install_hook_writes_only_the_hook() {
    let repo = busy_repo();
    let before = snapshot(repo.path());
    let r = run_in(repo.path(), &["install-hook"], None);
    assert_eq!(r.code, 0, "{r:?}");
    let diff = changes(&before, &snapshot(repo.path()));
    let allowed = ["added .git/hooks/pre-commit", "changed .git/hooks"];
    assert!(
        diff.iter().all(|d| allowed.contains(&d.as_str())) && diff.contains(&allowed[0].into()),
        "install-hook wrote: {diff:?}"
    );
}

fn assert_not_whole(what: &str, r: &crate::util::Run, secret: &str) {
    assert!(
        !r.stdout.contains(secret) && !r.stderr.contains(secret),
        "{what}: the secret is printed whole:\n{}\n{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn redacted_secrets_never_appear_whole_in_paths_or_commit_messages() {
    let secret = github_pat();
    let repo = GitRepo::init().with_rules();
    // The secret is in the file's name and content, and in the commit message.
    let name = format!("{secret}.env");
    repo.write(&name, format!("TOKEN={secret}\n"));
    repo.commit(&format!("add {secret} for now"));
    for format in ["text", "json"] {
        let r = run_in(repo.path(), &["git", "-f", format], None);
        assert_eq!(r.code, 1, "{r:?}");
        assert_not_whole(&format!("git -f {format}"), &r, &secret);
        let r = run_in(repo.path(), &["dir", ".", "-f", format], None);
        assert_eq!(r.code, 1, "{r:?}");
        assert_not_whole(&format!("dir -f {format}"), &r, &secret);
    }
    // --no-redact shows it (the check above is not vacuous).
    let r = run_in(repo.path(), &["git", "--no-redact"], None);
    assert!(r.stdout.contains(&secret), "{r:?}");
}

#[test]
fn config_errors_do_not_echo_a_secret_in_the_config() {
    let secret = github_pat();
    let d = Dir::new();
    // An allowlist regex that names a secret, on a line with a syntax error.
    d.write(
        ".leakhound.toml",
        format!("[[allowlists]]\nregexes = ['''{secret}(''']\n"),
    );
    d.write("a.env", "x\n");
    let r = d.run(&["dir", "."]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_not_whole("bad regex", &r, &secret);
    d.write(
        ".leakhound.toml",
        format!("[[allowlists]]\nregexes = ['''{secret}''' oops]\n"),
    );
    let r = d.run(&["dir", "."]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_not_whole("bad toml", &r, &secret);
    // A secret pasted into the wrong field: serde quotes the value it found.
    for field in ["severity = '{s}'", "secretGroup = '{s}'", "{s} = 1"] {
        let line = field.replace("{s}", &secret);
        d.write(
            ".leakhound.toml",
            format!("[[rules]]\nid = 'x'\nregex = 'a'\n{line}\n"),
        );
        let r = d.run(&["dir", "."]);
        assert_eq!(r.code, 2, "{r:?}");
        assert_not_whole(&line, &r, &secret);
    }
}

#[test]
fn a_config_in_the_repository_cannot_read_files_outside_it() {
    let outside = Dir::new();
    outside.write("rules.toml", TEST_RULES);
    let outside_file = outside.join("rules.toml");
    let repo = GitRepo::init();
    repo.write("a.env", format!("TOKEN={}\n", github_pat()));
    repo.commit("first");
    let configs = [
        format!("[extend]\npath = {:?}\n", outside_file.to_str().unwrap()),
        "[extend]\npath = '../../../../../../../../etc/passwd'\n".to_string(),
    ];
    for config in &configs {
        repo.write_unstaged(".leakhound.toml", config);
        for args in [&["dir", "."][..], &["git"], &["git", "--staged"]] {
            let r = run_in(repo.path(), args, None);
            assert_eq!(r.code, 2, "{args:?} with {config}: {r:?}");
            assert!(r.stderr.contains("outside"), "{args:?}: {}", r.stderr);
        }
    }
    // The config file itself may not be a symbolic link to a file outside.
    std::fs::remove_file(repo.path().join(".leakhound.toml")).unwrap();
    std::os::unix::fs::symlink(&outside_file, repo.path().join(".leakhound.toml")).unwrap();
    for args in [&["dir", "."][..], &["git"], &["git", "--staged"]] {
        let r = run_in(repo.path(), args, None);
        assert_eq!(r.code, 2, "{args:?} via a symlinked config: {r:?}");
        assert!(r.stderr.contains("outside"), "{args:?}: {}", r.stderr);
    }
    // --config is the user's choice: allowed.
    let r = run_in(
        repo.path(),
        &["dir", "a.env", "--config", outside_file.to_str().unwrap()],
        None,
    );
    assert_eq!(r.code, 1, "{r:?}");
}

/// Many findings: far more output than a pipe buffer holds.
fn many_findings() -> Dir {
    let d = Dir::new();
    d.write(".leakhound.toml", TEST_RULES);
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut text = String::new();
    for i in 0..4000usize {
        let tail: String = (0..36)
            .map(|k| alphabet[(i * 7 + k * 13 + i / 62 * k) % alphabet.len()] as char)
            .collect();
        text.push_str(&format!("T{i}=ghp_{tail}\n"));
    }
    for f in 0..4 {
        d.write(&format!("f{f}.env"), &text);
    }
    d
}

#[test]
fn a_closed_pipe_ends_the_scan_quietly() {
    let d = many_findings();
    for format in ["text", "json"] {
        let mut child = Command::new(bin())
            .args(["dir", ".", "-f", format])
            .current_dir(d.path())
            .env_remove("LEAKHOUND_CONFIG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        drop(out); // `| head -1`
        let status = wait_timeout(&mut child, Duration::from_secs(30));
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert!(
            !stderr.contains("panicked") && !stderr.to_lowercase().contains("broken pipe"),
            "{format}: {stderr}"
        );
        // Findings were written (some of them): the exit code still says so.
        assert_eq!(status.code(), Some(1), "{format}: {status:?} {stderr}");
    }
}

fn wait_timeout(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("leakhound did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigint_ends_a_scan_promptly_without_a_report() {
    use std::os::unix::process::ExitStatusExt;
    // A scan of standard input that is still streaming in when the interrupt comes.
    let mut child = Command::new(bin())
        .args(["stdin", "--max-file-size", "1G"])
        .env_remove("LEAKHOUND_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let secret = github_pat();
    let writer = std::thread::spawn(move || {
        let chunk = format!("TOKEN={secret}\n").repeat(1000);
        for _ in 0..2000 {
            if stdin.write_all(chunk.as_bytes()).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    // Slow to stop fails the test.
    let status = wait_timeout(&mut child, Duration::from_secs(5));
    let _ = writer.join();
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    // Killed by the signal (a shell shows 130): never exit 0, never a report that looks clean.
    assert!(
        status.signal() == Some(2) || status.code() == Some(130),
        "{status:?}"
    );
    assert!(stdout.is_empty(), "a partial report: {stdout}");
}

/// A repository of one commit: `lost.txt` holding `lost` (the object a test damages) and
/// `kept.txt` holding a secret (what must still be found). Returns the commit and the hex id of
/// `lost.txt`'s blob.
fn lost_and_kept(lost: &str) -> (GitRepo, git2::Oid, String) {
    let g = GitRepo::init().with_rules();
    g.write("lost.txt", lost);
    g.write("kept.txt", format!("kept {}\n", github_pat()));
    let commit = g.commit("root");
    let blob = GitRepo::blob_id(lost.as_bytes()).to_string();
    (g, commit, blob)
}

/// fuzz/history found this: libgit2 loops forever reading a truncated loose object (crash input
/// `5e c6 03 01 00 00`: truncate a loose object at byte 259 of its file, or wherever it ends).
#[test]
fn truncated_loose_objects_never_hang_a_scan() {
    let lost: String = (0..400).map(|i| format!("line {i}\n")).collect();
    let (g, commit, blob) = lost_and_kept(&lost);
    // Keeps `keep` of the file's bytes, or all but the last quarter.
    let truncate = |oid: String, keep: Option<usize>| {
        rewrite(&g.object_path(&oid), |b| {
            b.truncate(keep.unwrap_or(b.len() * 3 / 4))
        })
    };
    // A blob cut after its header: a warning, the rest is scanned.
    truncate(blob, None);
    for args in [&["git"][..], &["git", "--staged"]] {
        let r = run_in_within(g.path(), args, HANG);
        assert!(r.code == 0 || r.code == 1, "{args:?}: {r:?}");
        if args.len() == 1 {
            assert_eq!(r.code, 1, "{r:?}");
            assert!(r.stderr.contains("truncated"), "{}", r.stderr);
        }
    }
    // A commit: libgit2 cannot walk past it, so the scan refuses to start (exit 2).
    truncate(commit.to_string(), Some(4));
    let r = run_in_within(g.path(), &["git"], HANG);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains(&format!("loose object {commit} is truncated")),
        "{}",
        r.stderr
    );
}

/// The staged scan checks only HEAD's loose commit and trees (not every loose object, which would
/// cost a pre-commit hook time in proportion to the repository), and still refuses a truncated one.
#[test]
fn a_staged_scan_refuses_a_truncated_loose_head_tree() {
    let g = GitRepo::init().with_rules();
    g.write("src/a.txt", "a\n");
    g.commit("root");
    let tree = crate::util::git(g.path(), &["rev-parse", "HEAD^{tree}"]);
    let tree = String::from_utf8(tree.stdout).unwrap().trim().to_string();
    rewrite(&g.object_path(&tree), |b| b.truncate(b.len() * 3 / 4));
    g.write("b.txt", "b\n");
    crate::util::git(g.path(), &["add", "b.txt"]);
    let r = run_in_within(g.path(), &["git", "--staged"], HANG);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains(&format!("loose object {tree} is truncated")),
        "{}",
        r.stderr
    );
}

/// fuzz/history found this: libgit2 reads outside its mapping (SEGV) when a pack index entry
/// points past the end of its packfile, and git2 panics on the object type it finds where an
/// entry points into the middle of an object. Every index is checked before the walk (its
/// checksum and offsets): a bad one is exit 2 naming the file, in both history and staged scans.
#[test]
fn a_corrupt_pack_index_is_refused_not_a_crash() {
    let g = GitRepo::init().with_rules();
    g.write("a.txt", "a\n");
    g.commit("one");
    g.write("b.txt", format!("b {}\n", github_pat()));
    g.commit("two");
    let idx = g.repack().pack_file("idx");
    let pristine = std::fs::read(&idx).unwrap();
    let r = run_in(g.path(), &["git"], None);
    assert_eq!(r.code, 1, "{r:?}");
    // Version 2: header 8, fan-out 1024, then per object a 20-byte id and a 4-byte CRC, then the
    // 4-byte offsets: the second byte of the first offset makes it megabytes past the pack.
    let n = u32::from_be_bytes(pristine[8 + 1020..8 + 1024].try_into().unwrap()) as usize;
    let first_offset = 8 + 1024 + n * 24;
    for (at, flip, says) in [
        (first_offset + 1, 0x74u8, "points at offset"),
        (8 + 1024 + 5, 0x01, "checksum"),
    ] {
        rewrite(&idx, |b| {
            b.copy_from_slice(&pristine);
            b[at] ^= flip;
        });
        for args in [&["git"][..], &["git", "--staged"]] {
            let r = run_in(g.path(), args, None);
            assert_eq!(r.code, 2, "{args:?}: {r:?}");
            assert!(r.stderr.contains("corrupt pack index"), "{}", r.stderr);
            assert!(r.stderr.contains(says), "{}", r.stderr);
            assert!(r.stderr.contains(".idx"), "{}", r.stderr);
            assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        }
    }
}

/// fuzz/history found these: a loose object whose first byte is flipped is read by libgit2 in
/// git's old "pack-like" format. With a header type no loose object has, git2 panicked on what
/// libgit2's header read returned; with its stream cut, libgit2 hung.
#[test]
fn pack_like_loose_objects_never_panic_or_hang() {
    let (g, commit, blob) = lost_and_kept(&"lost content\n".repeat(20));
    // The blob: 0x78 ^ 0x23 = 0x5b, a pack-like header of type 5. A warning, the rest scanned.
    rewrite(&g.object_path(&blob), |b| b[0] ^= 0x23);
    for args in [&["git"][..], &["git", "--staged"]] {
        let r = run_in_within(g.path(), args, HANG);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        assert!(r.code == 0 || r.code == 1, "{args:?}: {r:?}");
        if args.len() == 1 {
            assert_eq!(r.code, 1, "{r:?}");
            assert!(r.stderr.contains("corrupt"), "{}", r.stderr);
        }
    }
    // The commit: a pack-like commit header, then a zlib stream cut short: exit 2, no hang.
    rewrite(&g.object_path(&commit.to_string()), |b| {
        // Type 1, size 15, then the first 4 bytes of the zlib stream.
        b.truncate(4);
        b.insert(0, 0x1f);
    });
    let r = run_in_within(g.path(), &["git"], HANG);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("truncated"), "{}", r.stderr);
}

/// fuzz/history found this: a flipped type field in a packfile entry (type 5, which no object
/// has) came back from libgit2's header read, and git2 panicked converting it. A warning now.
#[test]
fn a_corrupt_object_type_in_a_pack_is_a_warning_not_a_panic() {
    let (g, _, blob) = lost_and_kept(&"lost content\n".repeat(20));
    g.repack();
    // `git show-index` lists "offset oid (crc)" for each entry of the index.
    let index = Command::new("git")
        .arg("show-index")
        .stdin(std::fs::File::open(g.pack_file("idx")).unwrap())
        .output()
        .unwrap();
    let listing = String::from_utf8(index.stdout).unwrap();
    let offset: usize = listing
        .lines()
        .find(|l| l.contains(&blob))
        .and_then(|l| l.split(' ').next())
        .and_then(|o| o.parse().ok())
        .unwrap_or_else(|| panic!("{blob} not in {listing}"));
    rewrite(&g.pack_file("pack"), |b| {
        // Type bits 4-6: blob (3) becomes 5.
        assert_eq!((b[offset] >> 4) & 7, 3);
        b[offset] ^= 0x60;
    });
    let r = run_in(g.path(), &["git"], None);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("object type 5"), "{}", r.stderr);
    assert!(r.stdout.contains("github"), "{}", r.stdout);
}

/// Loose objects live in the common git directory: scanning from a linked worktree must check
/// them there too (its own `.git/worktrees/NAME` has none), or libgit2 hangs on a cut one.
#[test]
fn a_linked_worktree_scan_checks_the_shared_loose_objects() {
    let g = GitRepo::init().with_rules();
    g.write("a.txt", "a\n");
    let commit = g.commit("root");
    let d = Dir::new();
    let wt = d.join("wt");
    crate::util::git_ok(
        g.path(),
        &["worktree", "add", "-q", "-b", "wt", wt.to_str().unwrap()],
    );
    rewrite(&g.object_path(&commit.to_string()), |b| b.truncate(4));
    let r = run_in_within(&wt, &["git"], HANG);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains(&format!("loose object {commit} is truncated")),
        "{}",
        r.stderr
    );
}
