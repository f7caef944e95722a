//! Issue 16, part A: a hostile repository (a pull request from a fork, scanned in CI with the
//! CI's secrets in the environment) must not make leakhound read files outside it, blind the
//! gate, hang or flood the scan. Each test builds the hostile input, plants a token that must
//! still be found, and drives the real binary (docs/security.md lists which test holds which
//! guarantee).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::util::*;

/// Long enough for a debug build on a loaded machine; a hang never ends.
const HANG: Duration = Duration::from_secs(60);

/// A token the CI "has" in its environment: it must never be printed.
fn ci_token() -> String {
    format!("ghp_{}", "Ci0Env1Token2Must3Never4Leak5AbCdEf6")
}

/// Runs the binary in `dir` with `CI_TOKEN` in its environment, killed (and failing) after
/// [`HANG`].
fn run_with_env(dir: &Path, args: &[&str]) -> Run {
    run_in_within_env(dir, args, HANG, &[("CI_TOKEN", &ci_token())])
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(ok.success(), "mkfifo {}", path.display());
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Neither the environment's token nor `outside` (a secret in a file outside the repository)
/// appears anywhere in what `r` printed, even in part.
fn leaks_nothing(what: &str, r: &Run, outside: &str) {
    let all = format!("{}\n{}", r.stdout, r.stderr);
    for secret in [ci_token(), outside.to_string()] {
        let tail = &secret[secret.len() - 12..];
        assert!(
            !all.contains(tail),
            "{what}: printed (part of) {secret}:\n{all}"
        );
    }
    assert!(
        !all.contains("CI_TOKEN"),
        "{what}: printed the environment:\n{all}"
    );
}

/// The JSON report's secrets.
fn secrets(r: &Run) -> Vec<String> {
    r.json()
        .iter()
        .map(|f| f["secret"].as_str().unwrap().to_string())
        .collect()
}

/// Item 1: `.gitleaksignore -> /proc/self/environ`, `.leakhoundignore` -> a credentials file
/// outside, an ignore file in the tree whose invalid lines hold secrets: nothing of them is
/// printed (a file outside is not read, a line is reported by its position), and the token
/// planted in the repository is still found by `dir`, `git` and `git --staged`.
#[test]
fn ignore_files_never_read_outside_the_tree_nor_echo_lines() {
    let outside = Dir::new();
    let creds = github_pat2();
    outside.write(
        "credentials",
        format!("aws_secret = {creds}\nnot an entry\n"),
    );
    let g = GitRepo::init().with_rules();
    g.write("a.env", format!("TOKEN={}\n", github_pat()));
    g.commit("a token");
    symlink("/proc/self/environ", &g.path().join(".gitleaksignore"));
    symlink(
        outside.join("credentials"),
        &g.path().join(".leakhoundignore"),
    );
    g.write("b.env", format!("B={}\n", github_pat3()));
    for args in [&["dir", "."][..], &["git"], &["git", "--staged"]] {
        let mut args = args.to_vec();
        args.extend(["-f", "json", "--no-redact"]);
        let r = run_with_env(g.path(), &args);
        assert_eq!(r.code, 1, "{args:?}: {r:?}");
        let found = secrets(&r);
        let planted = if args.contains(&"--staged") {
            github_pat3()
        } else {
            github_pat()
        };
        assert!(found.contains(&planted), "{args:?}: {found:?}");
        leaks_nothing(&format!("{args:?}"), &r, &creds);
        assert!(
            r.stderr
                .contains(".leakhoundignore: the ignore file is a link to a file outside"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(".gitleaksignore"), "{}", r.stderr);
    }
    // In the tree: a line that is not an entry is reported by its line number, never quoted.
    std::fs::remove_file(g.path().join(".leakhoundignore")).unwrap();
    std::fs::remove_file(g.path().join(".gitleaksignore")).unwrap();
    let line_secret = &format!("{}-{}", "s3cr3t-value", "of-the-line-XYZ");
    g.write_unstaged(".leakhoundignore", format!("# ok\n{line_secret}\n"));
    let r = run_with_env(g.path(), &["dir", ".", "--no-redact"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains(".leakhoundignore:2: skipped:"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(line_secret), "{}", r.stderr);
}

/// Item 1: `.gitignore`-family files that are FIFOs (the walk used to wait on them forever) or
/// links outside the tree: the walk goes on, the directory that has one is scanned without
/// ignore files (so its planted tokens are found), a warning names the file, and nothing of the
/// file outside is read (an invalid pattern there would be quoted).
#[test]
fn gitignore_files_that_are_fifos_or_links_outside_neither_hang_nor_leak() {
    let outside = Dir::new();
    let creds = github_pat2();
    outside.write("patterns", format!("{{{creds}\n*.env\n"));
    let d = Dir::new();
    d.write(".leakhound.toml", TEST_RULES);
    d.write("top.env", format!("T={}\n", github_pat()));
    d.write("fifo/in.env", format!("F={}\n", github_pat3()));
    mkfifo(&d.join("fifo/.gitignore"));
    d.write("linked/in.env", format!("L={}\n", github_pat3()));
    symlink(outside.join("patterns"), &d.join("linked/.ignore"));
    // A link inside the tree is read as the file it names.
    d.write("shared/gitignore", "ignored.env\n");
    d.write("inside/ignored.env", format!("I={}\n", github_pat3()));
    symlink("../shared/gitignore", &d.join("inside/.gitignore"));
    let r = run_with_env(d.path(), &["dir", ".", "-f", "json", "--no-redact"]);
    assert_eq!(r.code, 1, "{r:?}");
    let paths: Vec<String> = r.found().into_iter().map(|(p, _, _)| p).collect();
    assert!(paths.contains(&"top.env".to_string()), "{paths:?}");
    assert!(paths.contains(&"fifo/in.env".to_string()), "{paths:?}");
    assert!(paths.contains(&"linked/in.env".to_string()), "{paths:?}");
    assert!(
        !paths.contains(&"inside/ignored.env".to_string()),
        "an in-tree link is honoured: {paths:?}"
    );
    assert!(
        r.stderr
            .contains("fifo/.gitignore is a FIFO, not a regular file (not read): fifo is scanned without ignore files"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("linked/.ignore is a link to a file outside"),
        "{}",
        r.stderr
    );
    leaks_nothing("dir", &r, &creds);

    // The scan root's own, and a parent's (scanning a subdirectory): the whole walk goes
    // without ignore files.
    let e = Dir::new();
    e.write(".leakhound.toml", TEST_RULES);
    e.write("sub/x.env", format!("X={}\n", github_pat()));
    mkfifo(&e.join(".gitignore"));
    for args in [&["dir", "."][..], &["dir", "sub"]] {
        let mut args = args.to_vec();
        args.extend(["-f", "json", "--config", ".leakhound.toml"]);
        let r = run_with_env(e.path(), &args);
        assert_eq!(r.code, 1, "{args:?}: {r:?}");
        assert!(r.stderr.contains(".gitignore is a FIFO"), "{}", r.stderr);
    }
}

/// Items 1 and 9: a config's `[extend] path` that is a FIFO is refused (it used to hang), and so
/// is a config over 16 MiB (it used to be read whole, whatever its size), each with a one-line
/// error naming the file and exit 2.
#[test]
fn configs_must_be_regular_files_of_bounded_size() {
    let d = Dir::new();
    d.write("a.env", format!("A={}\n", github_pat()));
    mkfifo(&d.join("base.toml"));
    d.write(".leakhound.toml", "[extend]\npath = \"base.toml\"\n");
    let r = run_with_env(d.path(), &["dir", "."]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("base.toml") && r.stderr.contains("is a FIFO, not a regular file"),
        "{}",
        r.stderr
    );
    let mut big = String::from(TEST_RULES);
    let pad = format!("# {}\n", "x".repeat(1000));
    while big.len() <= 16 << 20 {
        big.push_str(&pad);
    }
    d.write(".leakhound.toml", &big);
    let r = run_with_env(d.path(), &["dir", "."]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains(".leakhound.toml") && r.stderr.contains("larger than 16 MiB"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    // Given on the command line, a config is the user's file: still bounded.
    let r = run_with_env(d.path(), &["dir", "a.env", "--config", ".leakhound.toml"]);
    assert_eq!(r.code, 2, "{r:?}");
}

/// Writes a commit object as given (git2 refuses what this test needs to write) and returns
/// its id.
fn raw_commit(g: &GitRepo, body: &str) -> git2::Oid {
    g.repo
        .odb()
        .unwrap()
        .write(git2::ObjectType::Commit, body.as_bytes())
        .unwrap()
}

/// The tree of the index as it is now.
fn index_tree(g: &GitRepo) -> git2::Oid {
    g.repo.index().unwrap().write_tree().unwrap()
}

/// Item 2: a commit whose author date overflows (git push accepts it) no longer stops the walk:
/// a warning names it, its own token and a later commit's are found, by all-refs, --branch and
/// --range scans alike.
#[test]
fn a_commit_with_an_overflowing_date_does_not_blind_the_scan() {
    let g = GitRepo::init().with_rules();
    g.write("readme", "hello\n");
    let first = g.commit("first");
    g.write("bad.env", format!("BAD={}\n", github_pat()));
    let tree = index_tree(&g);
    let bad = raw_commit(
        &g,
        &format!(
            "tree {tree}\nparent {first}\n\
             author Eve <eve@example.com> 99999999999999999999999 +0000\n\
             committer Eve <eve@example.com> 1700000100 +0000\n\nan odd date\n"
        ),
    );
    g.write("later.env", format!("LATER={}\n", github_pat2()));
    let tree = index_tree(&g);
    let later = raw_commit(
        &g,
        &format!(
            "tree {tree}\nparent {bad}\n\
             author Ada <ada@example.com> 1700000200 +0000\n\
             committer Ada <ada@example.com> 1700000200 +0000\n\nlater\n"
        ),
    );
    g.repo
        .reference("refs/heads/main", later, true, "raw")
        .unwrap();
    let range = format!("{first}..HEAD");
    for args in [
        &["git"][..],
        &["git", "--branch", "main"],
        &["git", "--range", &range],
    ] {
        let mut args = args.to_vec();
        args.extend(["-f", "json", "--no-redact"]);
        let r = run_with_env(g.path(), &args);
        assert_eq!(r.code, 1, "{args:?}: {r:?}");
        let found = r.json();
        let commit_of = |secret: &str| {
            found
                .iter()
                .find(|f| f["secret"] == secret)
                .map(|f| f["commit"].as_str().unwrap().to_string())
        };
        assert_eq!(commit_of(&github_pat()), Some(bad.to_string()), "{args:?}");
        assert_eq!(
            commit_of(&github_pat2()),
            Some(later.to_string()),
            "{args:?}"
        );
        assert!(
            r.stderr
                .contains(&format!("commit {bad}: its author date cannot be read")),
            "{args:?}: {}",
            r.stderr
        );
    }
}

/// Item 2: a walk that cannot reach every commit (a parent that is not there, outside a shallow
/// clone) is never a clean scan: exit 2 when nothing was found.
#[test]
fn an_incomplete_walk_never_exits_0() {
    let g = GitRepo::init().with_rules();
    g.write("readme", "hello\n");
    let tree = index_tree(&g);
    let missing = "0123456789012345678901234567890123456789";
    let orphan = raw_commit(
        &g,
        &format!(
            "tree {tree}\nparent {missing}\n\
             author A <a@example.com> 1700000000 +0000\n\
             committer A <a@example.com> 1700000000 +0000\n\nlost parent\n"
        ),
    );
    g.repo
        .reference("refs/heads/main", orphan, true, "raw")
        .unwrap();
    for args in [&["git"][..], &["git", "--branch", "main"]] {
        let r = run_with_env(g.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains(missing), "{}", r.stderr);
        assert!(
            r.stderr.contains("the history walk is incomplete"),
            "{}",
            r.stderr
        );
    }
}

/// Item 3: refs that point at a blob or a tree (directly or through a tag) are scanned like any
/// reachable object, the tree recursively; item 9: a long chain of tags is peeled one tag at a
/// time (before: recursively, 1.9 GB for 100 000 tags).
#[test]
fn refs_to_blobs_trees_and_tag_chains_are_scanned() {
    let g = GitRepo::init().with_rules();
    g.write("readme", "hello\n");
    let head = g.commit("first");
    let odb = g.repo.odb().unwrap();
    let blob = odb
        .write(
            git2::ObjectType::Blob,
            format!("B={}\n", github_pat()).as_bytes(),
        )
        .unwrap();
    crate::util::git_ok(g.path(), &["tag", "blobtag", &blob.to_string()]);
    let inner = {
        let mut b = g.repo.treebuilder(None).unwrap();
        let secret = odb
            .write(
                git2::ObjectType::Blob,
                format!("T={}\n", github_pat2()).as_bytes(),
            )
            .unwrap();
        b.insert("secret.env", secret, 0o100644).unwrap();
        b.write().unwrap()
    };
    let tree = {
        let mut b = g.repo.treebuilder(None).unwrap();
        b.insert("deep", inner, 0o040000).unwrap();
        b.write().unwrap()
    };
    g.repo.reference("refs/x", tree, true, "tree ref").unwrap();
    // A chain of annotated tags on a commit that holds the third token.
    g.write("tagged.env", format!("C={}\n", github_pat3()));
    let tagged = {
        let mut index = g.repo.index().unwrap();
        let t = g.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::new("A", "a@example.com", &git2::Time::new(1, 0)).unwrap();
        let parent = g.repo.find_commit(head).unwrap();
        g.repo
            .commit(None, &sig, &sig, "tagged", &t, &[&parent])
            .unwrap()
    };
    let (mut target, mut kind) = (tagged, "commit");
    for i in 0..3000 {
        let tag = format!(
            "object {target}\ntype {kind}\ntag t{i}\ntagger A <a@example.com> 1 +0000\n\nchain\n"
        );
        target = odb.write(git2::ObjectType::Tag, tag.as_bytes()).unwrap();
        kind = "tag";
    }
    g.repo
        .reference("refs/tags/chain", target, true, "chain")
        .unwrap();
    let r = run_with_env(g.path(), &["git", "-f", "json", "--no-redact"]);
    assert_eq!(r.code, 1, "{r:?}");
    let found: Vec<(String, String)> = r
        .json()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["secret"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        found.contains(&("refs/tags/blobtag".to_string(), github_pat())),
        "{found:?}"
    );
    assert!(
        found.contains(&("refs/x:deep/secret.env".to_string(), github_pat2())),
        "{found:?}"
    );
    assert!(
        found.contains(&("tagged.env".to_string(), github_pat3())),
        "{found:?}"
    );
    // --branch peels the chain too.
    let r = run_with_env(
        g.path(),
        &["git", "--branch", "chain", "-f", "json", "--no-redact"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(secrets(&r).contains(&github_pat3()), "{r:?}");
}

/// Item 5: a truncated loose object in an alternate object store (which libgit2 reads as the
/// repository's own) is checked as the repository's own are: no hang, in `git` and
/// `git --staged`.
#[test]
fn truncated_loose_objects_in_alternates_never_hang_a_scan() {
    let shared = GitRepo::init();
    let lost: String = (0..400).map(|i| format!("line {i}\n")).collect();
    shared.write("lost.txt", &lost);
    shared.commit("shared");
    let lost_id = GitRepo::blob_id(lost.as_bytes()).to_string();
    // A middle store: the alternates chain two deep.
    let middle = Dir::new();
    std::fs::create_dir_all(middle.join("objects/info")).unwrap();
    std::fs::write(
        middle.join("objects/info/alternates"),
        format!("{}\n", shared.path().join(".git/objects").display()),
    )
    .unwrap();
    let g = GitRepo::init().with_rules();
    std::fs::write(
        g.path().join(".git/objects/info/alternates"),
        format!("{}\n", middle.join("objects").display()),
    )
    .unwrap();
    // The repository's commit uses the shared blob, which only the alternate has.
    let mut index = g.repo.index().unwrap();
    let entry = |path: &str| git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: lost.len() as u32,
        id: git2::Oid::from_str(&lost_id).unwrap(),
        flags: path.len() as u16,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    };
    index.add(&entry("lost.txt")).unwrap();
    index.write().unwrap();
    g.write("kept.txt", format!("kept {}\n", github_pat()));
    g.commit("uses the shared blob");
    rewrite(&shared.object_path(&lost_id), |b| {
        b.truncate(b.len() * 3 / 4)
    });
    let r = run_with_env(g.path(), &["git"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("truncated"), "{}", r.stderr);
    // Staged: the blob is staged again under another name.
    let mut index = g.repo.index().unwrap();
    index.add(&entry("again.txt")).unwrap();
    index.write().unwrap();
    let r = run_with_env(g.path(), &["git", "--staged"]);
    assert!(r.code == 0 || r.code == 1 || r.code == 2, "{r:?}");
    assert!(r.stderr.contains("truncated"), "{}", r.stderr);
}

/// Item 10: an index entry with a mode no git writes used to panic inside git2 (exit 101):
/// it is a warning, and the rest of the staged change is scanned.
#[test]
fn an_index_entry_with_an_unusual_mode_is_a_warning_not_a_panic() {
    let g = GitRepo::init().with_rules();
    g.write("readme", "hello\n");
    g.commit("first");
    g.write("a.env", format!("A={}\n", github_pat()));
    g.write("odd", "odd\n");
    g.write("private.env", "odd\n");
    // git2 and git refuse to write such a mode: the index file is patched and resealed.
    let index = g.path().join(".git/index");
    let mut bytes = std::fs::read(&index).unwrap();
    for (path, mode) in [(&b"odd\0"[..], 0o170777u32), (b"private.env\0", 0o100600)] {
        // An entry: 40 bytes of stat data (mode at 24), the id, 2 bytes of flags, the path.
        let at = bytes.windows(path.len()).position(|w| w == path).unwrap();
        let entry = at - 62;
        bytes[entry + 24..entry + 28].copy_from_slice(&mode.to_be_bytes());
    }
    let n = bytes.len() - 20;
    let sum = {
        use sha1::Digest;
        sha1::Sha1::digest(&bytes[..n])
    };
    bytes[n..].copy_from_slice(&sum);
    std::fs::write(&index, &bytes).unwrap();
    let r = run_with_env(g.path(), &["git", "--staged", "-f", "json", "--no-redact"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(secrets(&r).contains(&github_pat()), "{r:?}");
    assert!(
        r.stderr.contains("odd: the index gives it mode 170777"),
        "{}",
        r.stderr
    );
}

/// Item 10: `install-hook` never writes through a committed symbolic link that core.hooksPath
/// names (or a hook that is one).
#[test]
fn install_hook_never_writes_outside_the_repository() {
    let outside = Dir::new();
    let g = GitRepo::init();
    symlink(outside.path(), &g.path().join(".husky"));
    crate::util::git_ok(g.path(), &["config", "core.hooksPath", ".husky"]);
    let r = run_with_env(g.path(), &["install-hook"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("outside the repository"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    // A hook that is a link to a file outside, even one that looks like ours, is not written
    // through; --force moves the link away.
    std::fs::remove_file(g.path().join(".husky")).unwrap();
    std::fs::create_dir(g.path().join(".husky")).unwrap();
    outside.write("victim", "# leakhound pre-commit hook\n");
    symlink(outside.join("victim"), &g.path().join(".husky/pre-commit"));
    let r = run_with_env(g.path(), &["install-hook"]);
    assert_eq!(r.code, 2, "{r:?}");
    let r = run_with_env(g.path(), &["install-hook", "--force"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        std::fs::read_to_string(outside.join("victim")).unwrap(),
        "# leakhound pre-commit hook\n"
    );
    assert!(
        !std::fs::symlink_metadata(g.path().join(".husky/pre-commit"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Item 10: `core.worktree` in a repository's config may name any directory: the config and
/// ignore files there are not the repository's and are not read.
#[test]
fn core_worktree_does_not_make_a_config_outside_load() {
    let elsewhere = Dir::new();
    // A config that would switch every rule off, and an ignore file.
    elsewhere.write(
        ".leakhound.toml",
        "[[rules]]\nid = \"none\"\nregex = '''^$never'''\n",
    );
    let g = GitRepo::init();
    g.write("a.env", format!("A={}\n", github_pat()));
    g.commit("a token");
    crate::util::git_ok(
        g.path(),
        &[
            "config",
            "core.worktree",
            elsewhere.path().to_str().unwrap(),
        ],
    );
    let r = run_with_env(g.path(), &["git", "-f", "json", "--no-redact"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(secrets(&r).contains(&github_pat()), "{r:?}");
    assert!(r.stderr.contains("core.worktree"), "{}", r.stderr);
}

/// Item 10: `dir` over files none of which can be read is an error (exit 2), as `git` is.
#[test]
fn a_dir_scan_that_reads_nothing_exits_2() {
    if unsafe_is_root() {
        eprintln!("skipped: root reads every file");
        return;
    }
    let d = Dir::new();
    d.write("a.env", "A=1\n");
    d.write("b.env", "B=2\n");
    use std::os::unix::fs::PermissionsExt;
    for f in ["a.env", "b.env"] {
        std::fs::set_permissions(d.join(f), std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let r = run_with_env(d.path(), &["dir", "."]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("none of the 2 files and directories could be read"),
        "{}",
        r.stderr
    );
    // One readable file: a warning, and the scan is clean.
    std::fs::set_permissions(d.join("a.env"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let r = run_with_env(d.path(), &["dir", "."]);
    assert_eq!(r.code, 0, "{r:?}");
}

/// Whether the tests run as root (who can read a file of mode 000).
fn unsafe_is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Item 8: a repository's config that switches detection off for itself is seen: what each of
/// its allowlists suppressed is counted in the summary, rules it turns off or replaces are a
/// warning, and what the ignore files suppressed is counted per file.
#[test]
fn what_a_config_suppresses_is_counted_in_the_summary() {
    let d = Dir::new();
    d.write("a.env", format!("A={}\n", github_pat()));
    d.write("b.env", format!("B={}\n", github_pat2()));
    d.write(
        ".gitleaks.toml",
        "[extend]\nuseDefault = true\n\n[[allowlists]]\ndescription = 'nothing'\nregexes = ['^$']\n\n[[allowlists]]\ndescription = 'everything'\npaths = ['.*']\n",
    );
    let r = run_with_env(d.path(), &["dir", "."]);
    assert_eq!(r.code, 0, "{r:?}");
    // Paths alone allowlisted: the files are not read, and the summary counts them (the two
    // `.env` files and the config itself).
    assert!(
        r.stderr
            .contains("3 files allowlisted by .gitleaks.toml:[[allowlists]] #2 (not read)"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("[[allowlists]] #1"), "{}", r.stderr);
    // An allowlist of everything by its secret: each file is read, each finding counted.
    d.write(
        ".gitleaks.toml",
        "[extend]\nuseDefault = true\n\n[[allowlists]]\ndescription = 'everything'\nregexes = ['.']\n",
    );
    let r = run_with_env(d.path(), &["dir", "."]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr
            .contains("2 findings allowlisted by .gitleaks.toml:[[allowlists]] #1"),
        "{}",
        r.stderr
    );

    let off =
        "[extend]\nuseDefault = true\ndisabledRules = ['github-pat', 'github-fine-grained-pat']\n";
    d.write(".gitleaks.toml", off);
    let r = run_with_env(d.path(), &["dir", "."]);
    assert!(
        r.stderr
            .contains("turns off 2 rules ([extend] disabledRules: github-pat"),
        "{}",
        r.stderr
    );
    d.write(".gitleaks.toml", "[[rules]]\nid = 'none'\nregex = 'x^'\n");
    let r = run_with_env(d.path(), &["dir", "."]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("the built-in rules do not run"),
        "{}",
        r.stderr
    );

    std::fs::remove_file(d.join(".gitleaks.toml")).unwrap();
    let all = run_with_env(d.path(), &["dir", ".", "-f", "json"]).json();
    let fp = |secret_tail: &str| {
        all.iter()
            .find(|f| f["path"] == secret_tail)
            .map(|f| f["fingerprint"].as_str().unwrap().to_string())
            .unwrap()
    };
    d.write(".leakhoundignore", format!("{}\n", fp("a.env")));
    d.write(".gitleaksignore", format!("{}\n", fp("b.env")));
    let r = run_with_env(d.path(), &["dir", "."]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("suppressed 2 (2 by ignore files, 0 by the baseline; .leakhoundignore: 1, .gitleaksignore: 1)"),
        "{}",
        r.stderr
    );
}

/// Item 8: a `--range` whose commits change the config warns; `--config-from-base` takes the
/// config (and ignore files) from the base's tree, so the pull request's own allowlist does not
/// hide its token.
#[test]
fn a_range_that_changes_the_config_warns_and_the_base_config_can_be_used() {
    let g = GitRepo::init();
    g.write(".leakhound.toml", TEST_RULES);
    g.write("readme", "hello\n");
    let base = g.commit("base");
    g.write(
        ".leakhound.toml",
        format!("{TEST_RULES}\n[[allowlists]]\npaths = ['.*']\n"),
    );
    g.write("pr.env", format!("PR={}\n", github_pat()));
    g.commit("a pull request that allowlists everything");
    let range = format!("{base}..HEAD");
    let r = run_with_env(g.path(), &["git", "--range", &range]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("the range changes .leakhound.toml"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("allowlisted by"), "{}", r.stderr);
    let b = base.to_string();
    for args in [
        &["git", "--range", &range, "--config-from-base", &b][..],
        &["git", "--config-from-base", &b],
    ] {
        let mut args = args.to_vec();
        args.extend(["-f", "json", "--no-redact"]);
        let r = run_with_env(g.path(), &args);
        assert_eq!(r.code, 1, "{args:?}: {r:?}");
        assert!(secrets(&r).contains(&github_pat()), "{r:?}");
    }
    // The staged scan too.
    g.write("staged.env", format!("S={}\n", github_pat2()));
    let r = run_with_env(
        g.path(),
        &[
            "git",
            "--staged",
            "--config-from-base",
            &b,
            "-f",
            "json",
            "--no-redact",
        ],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(secrets(&r).contains(&github_pat2()), "{r:?}");
    let r = run_with_env(g.path(), &["git", "--config-from-base", "no-such-ref"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("--config-from-base no-such-ref"),
        "{}",
        r.stderr
    );
}

/// Item 5: a FIFO named `.gitattributes` (or `.git/info/attributes`) hung the staged scan:
/// libgit2 looked up the diff driver of each changed path, reading the attributes files. The
/// added lines are now diffed from the contents alone (no path, no repository, no attributes);
/// a rename is still paired with its old file.
#[test]
fn a_fifo_gitattributes_does_not_hang_a_staged_scan() {
    let g = GitRepo::init().with_rules();
    let long: String = (0..30)
        .map(|i| format!("line {i} of a longer file\n"))
        .collect();
    g.write("a.txt", &long);
    g.write("old.txt", &long);
    g.commit("first");
    g.write("a.txt", format!("{long}A={}\n", github_pat()));
    g.rename("old.txt", "new.txt");
    g.write("new.txt", format!("{long}N={}\n", github_pat2()));
    // After staging: git itself (and libgit2's add) would wait on the FIFO too.
    mkfifo(&g.path().join(".gitattributes"));
    mkfifo(&g.path().join(".git/info/attributes"));
    let r = run_with_env(g.path(), &["git", "--staged", "-f", "json", "--no-redact"]);
    assert_eq!(r.code, 1, "{r:?}");
    let found = r.found();
    // Only the added lines: line 31 of each, the renamed file paired with its old version.
    assert_eq!(
        found,
        vec![
            ("a.txt".to_string(), 31, "github-pat".to_string()),
            ("new.txt".to_string(), 31, "github-pat".to_string()),
        ],
        "{r:?}"
    );
}
