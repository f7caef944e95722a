//! `leakhound git` (history, ranges, staged changes) and `install-hook`, on repositories built
//! in temp dirs.

use crate::util::*;

fn history(repo: &GitRepo, extra: &[&str]) -> Run {
    let mut args = vec!["git", "-f", "json"];
    args.extend_from_slice(extra);
    repo.run(&args)
}

fn staged(repo: &GitRepo) -> Run {
    repo.run(&["git", "--staged", "-f", "json"])
}

#[test]
fn secret_added_then_deleted_is_found_in_history_only() {
    let g = GitRepo::init().with_rules();
    g.write("README.md", "hello\n");
    g.commit("first");
    g.write(
        "config/app.env",
        format!("NAME=app\nGITHUB_TOKEN={}\n", github_pat()),
    );
    let added = g.commit("Add app config\n\nwith a token");
    g.remove("config/app.env");
    g.commit("Remove the token");

    let r = history(&g, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let f = r.json();
    assert_eq!(f.len(), 1, "{}", r.stdout);
    let f = &f[0];
    assert_eq!(f["path"], "config/app.env");
    assert_eq!(f["line"], 2);
    assert_eq!(f["column"], 14);
    assert_eq!(f["rule_id"], "github-pat");
    assert_eq!(f["commit"], added.to_string());
    assert_eq!(f["author"], AUTHOR.0);
    assert_eq!(f["email"], AUTHOR.1);
    // The second commit: one minute after EPOCH, shown in the author's +01:00.
    assert_eq!(f["date"], "2023-11-14T23:14:20+01:00");
    assert_eq!(f["message"], "Add app config");
    assert_eq!(f["in_head"], false);
    assert_eq!(f["secret"], "ghp_*****");

    // The work tree no longer has it.
    let d = g.run(&["dir", ".", "-f", "json"]);
    assert_eq!(d.code, 0, "{}", d.stdout);
    assert!(d.json().is_empty());

    // The text report shows the short commit, author and date.
    let t = g.run(&["git"]);
    assert_eq!(t.code, 1);
    let short = &added.to_string()[..10];
    assert!(
        t.stdout.contains(&format!(
            "commit: {short} Ada Lovelace <ada@example.com> 2023-11-14T23:14:20+01:00"
        )),
        "{}",
        t.stdout
    );
    assert!(
        t.stdout.contains("only in history (removed from HEAD)"),
        "{}",
        t.stdout
    );
}

#[test]
fn secret_still_present_is_in_head() {
    let g = GitRepo::init().with_rules();
    g.write("a.py", format!("KEY = '{}'\n", aws_key_id()));
    let c = g.commit("initial commit");
    let r = history(&g, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        found_in(&r),
        vec![("a.py".into(), 1, "aws-access-key-id".into(), c.to_string())]
    );
    assert_eq!(r.json()[0]["in_head"], true);
}

#[test]
fn the_same_secret_over_many_commits_is_one_finding() {
    let g = GitRepo::init().with_rules();
    let token = github_pat();
    g.write("settings.ini", format!("[auth]\ntoken = {token}\n"));
    let first = g.commit("add settings");
    for i in 0..30 {
        // The file changes around the secret (a new blob each time), and other files change.
        g.write(
            "settings.ini",
            format!("[auth]\ntoken = {token}\n[run]\nn = {i}\n"),
        );
        g.write(&format!("log/{i}.txt"), format!("entry {i}\n"));
        g.commit(&format!("change {i}"));
    }
    let r = history(&g, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        found_in(&r),
        vec![(
            "settings.ini".into(),
            2,
            "github-pat".into(),
            first.to_string()
        )]
    );
    assert_eq!(r.json()[0]["in_head"], true);
}

#[test]
fn secret_only_on_a_side_branch() {
    let g = GitRepo::init().with_rules();
    g.write("README.md", "main\n");
    g.commit("root");
    g.branch("feature").checkout("feature");
    g.write("deploy.sh", format!("export TOKEN={}\n", github_pat()));
    let side = g.commit("deploy script");
    g.checkout("main");
    g.write("README.md", "main 2\n");
    g.commit("more main");

    let r = history(&g, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        found_in(&r),
        vec![("deploy.sh".into(), 1, "github-pat".into(), side.to_string())]
    );
    assert_eq!(r.json()[0]["in_head"], false);

    let only_main = history(&g, &["--branch", "main"]);
    assert_eq!(only_main.code, 0, "{}", only_main.stderr);
    let only_feature = history(&g, &["--branch", "feature"]);
    assert_eq!(only_feature.code, 1, "{}", only_feature.stderr);
    let explicit_all = history(&g, &["--all"]);
    assert_eq!(explicit_all.found(), r.found());
}

#[test]
fn secrets_in_merges_are_attributed_to_the_commit_that_introduced_them() {
    let g = GitRepo::init().with_rules();
    g.write("app.cfg", "mode = dev\n");
    g.commit("root");
    g.branch("feature").checkout("feature");
    g.write("feature.cfg", format!("key = {}\n", aws_key_id()));
    let on_branch = g.commit("feature config");
    g.checkout("main");
    g.write("app.cfg", "mode = prod\n");
    g.commit("prod mode");
    // The merge brings feature.cfg (already in a parent: not the merge's doing) and resolves
    // app.cfg with content neither parent had.
    g.write("feature.cfg", format!("key = {}\n", aws_key_id()));
    g.write(
        "app.cfg",
        format!("mode = prod\ntoken = {}\n", github_pat()),
    );
    let merge = g.merge("feature", "Merge branch 'feature'");

    let r = history(&g, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        found_in(&r),
        vec![
            ("app.cfg".into(), 2, "github-pat".into(), merge.to_string()),
            (
                "feature.cfg".into(),
                1,
                "aws-access-key-id".into(),
                on_branch.to_string()
            ),
        ]
    );
    // A range without the feature branch's commits: the merge is diffed against both its
    // parents (one of them outside the range), so feature.cfg is not new in it.
    let range = "feature..main";
    let r = history(&g, &["--range", range]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        found_in(&r),
        vec![("app.cfg".into(), 2, "github-pat".into(), merge.to_string())]
    );
}

#[test]
fn a_renamed_file_is_one_finding_at_its_first_path() {
    let g = GitRepo::init().with_rules();
    g.write("old/creds.txt", format!("{}\n", github_pat()));
    let added = g.commit("add creds");
    g.rename("old/creds.txt", "new/creds.txt");
    g.commit("move creds");
    let r = history(&g, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        found_in(&r),
        vec![(
            "old/creds.txt".into(),
            1,
            "github-pat".into(),
            added.to_string()
        )]
    );
    // The same blob is still at HEAD (under its new name).
    assert_eq!(r.json()[0]["in_head"], true);
}

#[test]
fn secrets_reachable_only_from_tags_are_found() {
    let g = GitRepo::init().with_rules();
    g.write("README.md", "v0\n");
    let base = g.commit("root");
    g.write("release.txt", format!("token {}\n", github_pat()));
    let tagged = g.commit("release 1");
    g.tag("v1");
    g.write("release.txt", format!("key {}\n", aws_key_id()));
    let annotated = g.commit("release 2");
    g.tag_annotated("v2", "Version 2");
    // The branch forgets both releases: only the tags reach them.
    g.reset_hard(base);

    let r = history(&g, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        found_in(&r),
        vec![
            (
                "release.txt".into(),
                1,
                "aws-access-key-id".into(),
                annotated.to_string()
            ),
            (
                "release.txt".into(),
                1,
                "github-pat".into(),
                tagged.to_string()
            ),
        ]
    );
    assert!(r.json().iter().all(|f| f["in_head"] == false));
    // --branch takes a tag too.
    let v1 = history(&g, &["--branch", "v1"]);
    assert_eq!(v1.found().len(), 1, "{}", v1.stdout);
}

#[test]
fn binary_blobs_are_skipped() {
    let g = GitRepo::init().with_rules();
    let mut blob = b"\x00\x01\x02PNG".to_vec();
    blob.extend_from_slice(github_pat().as_bytes());
    g.write("image.bin", &blob);
    g.write("ok.txt", "nothing here\n");
    g.commit("binary");
    let r = history(&g, &[]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stderr.contains("1 binary"), "{}", r.stderr);
}

#[test]
fn blobs_over_the_size_limit_are_skipped_unread() {
    let g = GitRepo::init().with_rules();
    g.write("big.txt", format!("{}\n{}", github_pat(), "x".repeat(4000)));
    g.commit("big");
    let r = history(&g, &["--max-file-size", "1K"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stderr.contains("1 over --max-file-size"), "{}", r.stderr);
}

#[test]
fn ranges_scan_only_what_their_commits_introduced() {
    let g = GitRepo::init().with_rules();
    g.write("base.txt", format!("{}\n", github_pat()));
    let base = g.commit("base");
    g.write("copy.txt", format!("{}\n", github_pat()));
    g.write("new.txt", format!("{}\n", aws_key_id()));
    let head = g.commit("head");

    let range = format!("{base}..{head}");
    let r = history(&g, &["--range", &range]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // base.txt is older than the range; copy.txt has exactly base.txt's content.
    assert_eq!(
        found_in(&r),
        vec![(
            "new.txt".into(),
            1,
            "aws-access-key-id".into(),
            head.to_string()
        )]
    );
    // `base..` means base..HEAD.
    let open_ended = history(&g, &["--range", &format!("{base}..")]);
    assert_eq!(open_ended.found(), r.found());
    // One revision: everything reachable from it.
    let single = history(&g, &["--range", &base.to_string()]);
    assert_eq!(single.found().len(), 1, "{}", single.stdout);
    // An empty range scans nothing and is not an error.
    let empty = history(&g, &["--range", "HEAD..HEAD"]);
    assert_eq!(empty.code, 0, "{}", empty.stderr);
    assert_eq!(empty.stdout.trim(), "[]");
}

#[test]
fn staged_scan_reports_only_added_lines_of_the_index() {
    let g = GitRepo::init().with_rules();
    // Already committed: never this commit's doing.
    g.write("app.env", format!("OLD={}\n", aws_key_id()));
    g.write("other.txt", "plain\n");
    g.commit("initial");

    // Staged: a new line with a secret in an existing file.
    g.write(
        "app.env",
        format!("OLD={}\nNEW={}\n", aws_key_id(), github_pat()),
    );
    // Unstaged: a secret only in the work tree of another tracked file.
    g.write_unstaged("other.txt", format!("plain\n{}\n", github_pat2()));
    // Untracked: not in the commit either.
    g.write_unstaged("untracked.txt", github_pat3());

    let r = staged(&g);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.found(), vec![("app.env".into(), 2, "github-pat".into())]);
    let f = &r.json()[0];
    assert!(f.get("commit").is_none(), "{f}");

    // The index, not the work tree: staging a clean version and then editing it again.
    g.write("app.env", format!("OLD={}\n", aws_key_id()));
    g.write_unstaged(
        "app.env",
        format!("OLD={}\nNEW={}\n", aws_key_id(), github_pat()),
    );
    let r = staged(&g);
    assert_eq!(r.code, 0, "{}", r.stdout);

    // A new file: every line is added. A deleted file adds nothing.
    g.write("new/keys.txt", format!("a\n{}\n", github_pat3()));
    g.remove("other.txt");
    let r = staged(&g);
    assert_eq!(
        r.found(),
        vec![("new/keys.txt".into(), 2, "github-pat".into())]
    );
}

#[test]
fn staged_scan_ignores_moved_secrets_and_finds_edits_of_moved_files() {
    let g = GitRepo::init().with_rules();
    let body: String = (0..20).map(|i| format!("line {i}\n")).collect();
    g.write("a/creds.txt", format!("{body}{}\n", github_pat()));
    g.commit("initial");
    g.rename("a/creds.txt", "b/creds.txt");
    let r = staged(&g);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // Renamed and edited: only the edit is new.
    g.write(
        "b/creds.txt",
        format!("{body}{}\n{}\n", github_pat(), aws_key_id()),
    );
    let r = staged(&g);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.found(),
        vec![("b/creds.txt".into(), 22, "aws-access-key-id".into())]
    );
}

#[test]
fn staged_scan_on_an_unborn_head_reports_everything_staged() {
    let g = GitRepo::init().with_rules();
    g.write("first.txt", format!("{}\n", github_pat()));
    let r = staged(&g);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.found(),
        vec![("first.txt".into(), 1, "github-pat".into())]
    );
    // Nothing staged at all: clean.
    let empty = GitRepo::init().with_rules();
    let r = staged(&empty);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.trim(), "[]");
}

#[test]
fn staged_scan_skips_submodules_and_symlinks() {
    let g = GitRepo::init().with_rules();
    g.write("x.txt", "x\n");
    g.commit("root");
    let mut index = g.repo.index().unwrap();
    let head = g.repo.head().unwrap().target().unwrap();
    let mut entry = index.get_path(std::path::Path::new("x.txt"), 0).unwrap();
    entry.path = b"vendor/sub".to_vec();
    entry.mode = 0o160000;
    entry.id = head;
    index.add(&entry).unwrap();
    index.write().unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(github_pat(), g.dir.join("link")).unwrap();
        g.add("link");
    }
    let r = staged(&g);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
}

#[test]
fn initial_commit_is_scanned() {
    let g = GitRepo::init().with_rules();
    g.write(".env", format!("TOKEN={}\n", github_pat()));
    let root = g.commit("initial commit");
    let r = history(&g, &[]);
    assert_eq!(
        found_in(&r),
        vec![(".env".into(), 1, "github-pat".into(), root.to_string())]
    );
}

#[test]
fn unborn_head_has_nothing_to_scan() {
    let g = GitRepo::init().with_rules();
    let r = history(&g, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.trim(), "[]");
    assert!(r.stderr.contains("no commits yet"), "{}", r.stderr);
}

#[test]
fn not_a_repository() {
    let d = Dir::new();
    d.write("a.txt", "x\n");
    let r = d.run(&["git", "."]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a git repository"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    let r = d.run(&["git", "--staged", "."]);
    assert_eq!(r.code, 2);
    let r = d.run(&["git", "no/such/dir"]);
    assert_eq!(r.code, 2);
}

#[test]
fn bad_ranges_and_refs_are_one_line_errors() {
    let g = GitRepo::init().with_rules();
    g.write("a.txt", "a\n");
    g.commit("root");
    for args in [
        vec!["git", "--range", "nope..HEAD"],
        vec!["git", "--range", "HEAD~5..HEAD"],
        vec!["git", "--branch", "nope"],
    ] {
        let r = g.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("error: --"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn bare_repositories_have_history_but_no_index() {
    let g = GitRepo::init().with_rules();
    g.write("a.txt", format!("{}\n", github_pat()));
    let c = g.commit("root");
    let bare = Dir::new();
    git_ok(
        bare.path(),
        &[
            "clone",
            "-q",
            "--bare",
            g.path().to_str().unwrap(),
            "repo.git",
        ],
    );
    let config = bare.join("rules.toml");
    std::fs::write(&config, TEST_RULES).unwrap();
    let config = config.to_str().unwrap();
    let r = bare.run(&["git", "repo.git", "-c", config, "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let f = &r.json()[0];
    assert_eq!(f["commit"], c.to_string());
    assert_eq!(f["in_head"], true);
    let r = bare.run(&["git", "--staged", "repo.git", "-c", config]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("bare repository"), "{}", r.stderr);
}

#[test]
fn a_missing_object_is_a_warning_and_the_rest_is_scanned() {
    let g = GitRepo::init().with_rules();
    let lost = format!("lost {}\n", github_pat());
    g.write("lost.txt", &lost);
    g.write("kept.txt", format!("kept {}\n", aws_key_id()));
    g.commit("root");
    let oid = GitRepo::blob_id(lost.as_bytes()).to_string();
    let object = g.object_path(&oid);
    std::fs::remove_file(&object).expect("loose object");

    let r = history(&g, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.found(),
        vec![("kept.txt".into(), 1, "aws-access-key-id".into())]
    );
    assert!(
        r.stderr
            .contains(&format!("warning: blob {oid} (lost.txt in commit")),
        "{}",
        r.stderr
    );

    // Corrupt rather than missing: the same.
    std::fs::write(&object, b"not zlib at all").unwrap();
    let r = history(&g, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(&oid), "{}", r.stderr);
}

#[test]
fn nothing_readable_is_an_error() {
    let g = GitRepo::init().with_rules();
    let content = format!("{}\n", github_pat());
    g.write("only.txt", &content);
    g.commit("root");
    let oid = GitRepo::blob_id(content.as_bytes()).to_string();
    std::fs::remove_file(g.object_path(&oid)).unwrap();
    let r = history(&g, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("none of the 1 blobs"), "{}", r.stderr);
}

#[test]
fn shallow_clones_scan_what_they_have() {
    let g = GitRepo::init().with_rules();
    g.write("old.txt", format!("{}\n", aws_key_id()));
    g.commit("one");
    g.remove("old.txt");
    g.write("keep.txt", format!("{}\n", github_pat()));
    g.commit("two");
    g.write("README.md", "three\n");
    g.commit("three");
    let d = Dir::new();
    let url = format!("file://{}", g.path().display());
    git_ok(d.path(), &["clone", "-q", "--depth", "1", &url, "shallow"]);
    let clone = d.join("shallow");
    std::fs::write(clone.join(".leakhound.toml"), TEST_RULES).unwrap();
    let head = git_ok(&clone, &["rev-parse", "HEAD"]).trim().to_string();

    let r = run_in(&clone, &["git", "-f", "json"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let f = r.json();
    // Only HEAD is there: the secret it has is attributed to it, the deleted one is not seen.
    assert_eq!(f.len(), 1, "{}", r.stdout);
    assert_eq!(f[0]["path"], "keep.txt");
    assert_eq!(f[0]["commit"], head);
    assert!(r.stderr.contains("shallow"), "{}", r.stderr);

    // A staged change in a shallow clone.
    std::fs::write(clone.join("new.txt"), github_pat2()).unwrap();
    git_ok(&clone, &["add", "new.txt"]);
    let r = run_in(&clone, &["git", "--staged", "-f", "json"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.found(), vec![("new.txt".into(), 1, "github-pat".into())]);
}

#[test]
fn partial_clones_never_fetch() {
    let g = GitRepo::init().with_rules();
    g.write("old.txt", format!("{}\n", aws_key_id()));
    g.commit("one");
    g.remove("old.txt");
    g.write("keep.txt", format!("{}\n", github_pat()));
    g.commit("two");
    git_ok(g.path(), &["config", "uploadpack.allowFilter", "true"]);
    let d = Dir::new();
    let url = format!("file://{}", g.path().display());
    git_ok(
        d.path(),
        &["clone", "-q", "--filter=blob:none", &url, "partial"],
    );
    let clone = d.join("partial");
    std::fs::write(clone.join(".leakhound.toml"), TEST_RULES).unwrap();
    // If leakhound tried to fetch the missing blob, the remote would now be gone.
    let origin = g.path().to_path_buf();
    drop(g);
    assert!(!origin.exists());

    let r = run_in(&clone, &["git", "-f", "json"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.found(), vec![("keep.txt".into(), 1, "github-pat".into())]);
    assert!(r.stderr.contains("partial clone"), "{}", r.stderr);
    assert!(r.stderr.contains("cannot read"), "{}", r.stderr);

    std::fs::write(clone.join("keep.txt"), format!("{}\nmore\n", github_pat())).unwrap();
    git_ok(&clone, &["add", "keep.txt"]);
    let r = run_in(&clone, &["git", "--staged", "-f", "json"], None);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
}

#[test]
fn staged_scan_in_a_linked_worktree() {
    let g = GitRepo::init().with_rules();
    g.write("a.txt", "a\n");
    g.commit("root");
    let d = Dir::new();
    let wt = d.join("wt");
    git_ok(
        g.path(),
        &["worktree", "add", "-q", "-b", "wt", wt.to_str().unwrap()],
    );
    std::fs::write(wt.join(".leakhound.toml"), TEST_RULES).unwrap();
    std::fs::write(wt.join("a.txt"), format!("a\n{}\n", github_pat())).unwrap();
    git_ok(&wt, &["add", "a.txt"]);
    let r = run_in(&wt, &["git", "--staged", "-f", "json"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.found(), vec![("a.txt".into(), 2, "github-pat".into())]);
    // The main work tree's index is untouched.
    let r = staged(&g);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

/// Installs the hook in `repo` and returns the run.
fn install(dir: &std::path::Path, extra: &[&str]) -> Run {
    let mut args = vec!["install-hook"];
    args.extend_from_slice(extra);
    run_in(dir, &args, None)
}

/// PATH with the directory of the built binary first.
fn path_with_leakhound() -> std::ffi::OsString {
    let bin_dir = std::path::Path::new(bin()).parent().unwrap().to_path_buf();
    let mut paths = vec![bin_dir];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

fn git_commit(dir: &std::path::Path, message: &str) -> std::process::Output {
    git_command(dir)
        .args(["commit", "-q", "-m", message])
        .env("PATH", path_with_leakhound())
        .output()
        .unwrap()
}

#[test]
fn installed_hook_blocks_a_commit_that_adds_a_secret() {
    let g = GitRepo::init().with_rules();
    g.write("a.txt", "a\n");
    g.commit("root");
    let r = install(g.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let hook = g.path().join(".git/hooks/pre-commit");
    assert!(hook.is_file());

    g.write("a.txt", format!("a\n{}\n", github_pat()));
    let out = git_commit(g.path(), "add a secret");
    assert!(!out.status.success(), "the commit went through");
    // git sends a hook's output to standard error.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("a.txt:2:1"), "{stderr}");

    g.write("a.txt", "a\nb\n");
    let out = git_commit(g.path(), "clean");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // `git commit -a` runs the hook on a temporary index (GIT_INDEX_FILE): it is still caught.
    g.write_unstaged("a.txt", format!("a\nb\n{}\n", github_pat2()));
    let out = std::process::Command::new("git")
        .args(["commit", "-q", "-a", "-m", "all"])
        .current_dir(g.path())
        .env("PATH", path_with_leakhound())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", AUTHOR.0)
        .env("GIT_AUTHOR_EMAIL", AUTHOR.1)
        .env("GIT_COMMITTER_NAME", AUTHOR.0)
        .env("GIT_COMMITTER_EMAIL", AUTHOR.1)
        .output()
        .unwrap();
    assert!(!out.status.success(), "git commit -a went through");
}

#[test]
fn install_hook_never_overwrites_silently() {
    let g = GitRepo::init();
    let hooks = g.path().join(".git/hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::write(hooks.join("pre-commit"), "#!/bin/sh\necho mine\n").unwrap();
    let r = install(g.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-commit")).unwrap(),
        "#!/bin/sh\necho mine\n"
    );

    let r = install(g.path(), &["--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-commit.leakhound-backup")).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
    let ours = std::fs::read_to_string(hooks.join("pre-commit")).unwrap();
    assert!(ours.contains("leakhound git --staged"), "{ours}");
    // Installing again over our own hook is fine.
    let r = install(g.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("updated"), "{}", r.stderr);
}

#[test]
fn install_hook_honours_core_hooks_path_and_worktrees() {
    let g = GitRepo::init();
    g.write("a.txt", "a\n");
    g.commit("root");
    git_ok(g.path(), &["config", "core.hooksPath", "tools/hooks"]);
    let r = install(g.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(g.path().join("tools/hooks/pre-commit").is_file());

    // A linked worktree installs into the shared hooks directory.
    let other = GitRepo::init();
    other.write("a.txt", "a\n");
    other.commit("root");
    let d = Dir::new();
    let wt = d.join("wt");
    git_ok(
        other.path(),
        &["worktree", "add", "-q", "-b", "wt", wt.to_str().unwrap()],
    );
    let r = install(&wt, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(other.path().join(".git/hooks/pre-commit").is_file());
}

/// The real pre-commit framework, through `.pre-commit-hooks.yaml`.
#[test]
fn pre_commit_framework_blocks_a_staged_secret() {
    let have = std::process::Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        assert!(
            !ci,
            "pre-commit is not installed, and CI is set: install it (pip install pre-commit)"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped pre_commit_framework_blocks_a_staged_secret: pre-commit is not installed"
        );
        return;
    }
    // The hooks repository: this checkout's .pre-commit-hooks.yaml, committed in a temp repo.
    let hooks = GitRepo::init();
    let yaml = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    hooks.write(".pre-commit-hooks.yaml", yaml);
    hooks.commit("hooks");

    let project = GitRepo::init();
    project.write(".leakhound.toml", TEST_RULES);
    project.write("a.txt", "a\n");
    project.commit("root");
    let cache = Dir::new();
    let try_repo = |dir: &std::path::Path| {
        std::process::Command::new("pre-commit")
            .args([
                "try-repo",
                hooks.path().to_str().unwrap(),
                "leakhound-system",
            ])
            .current_dir(dir)
            .env("PATH", path_with_leakhound())
            .env("PRE_COMMIT_HOME", cache.path())
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };

    project.write("a.txt", format!("a\n{}\n", github_pat()));
    let out = try_repo(project.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "pre-commit passed a secret:\n{stdout}"
    );
    assert!(stdout.contains("github-pat"), "{stdout}");

    project.write("a.txt", "a\nb\n");
    let out = try_repo(project.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "pre-commit failed a clean change:\n{stdout}"
    );
}
