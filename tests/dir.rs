//! `leakhound dir` and `leakhound stdin` end to end, with the built-in rules.

use crate::util::*;

#[test]
fn finds_a_secret_in_dotenv_and_reports_relative_paths() {
    let d = Dir::new();
    d.write(".env", format!("GITHUB_TOKEN={}\n", github_pat()));
    d.write("src/ok.rs", "fn main() {}\n");
    let r = d.run(&["dir", ".", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.found(),
        vec![(".env".to_string(), 1, "github-pat".to_string())]
    );
    let f = &r.json()[0];
    assert_eq!(
        (
            f["column"].as_u64(),
            f["end_line"].as_u64(),
            f["end_column"].as_u64()
        ),
        (Some(14), Some(1), Some(54))
    );
    for field in [
        "rule_id",
        "rule_name",
        "severity",
        "path",
        "secret",
        "entropy",
        "fingerprint",
    ] {
        assert!(!f[field].is_null(), "missing {field}");
    }
}

#[test]
fn paths_are_as_reached_from_the_path_given() {
    let d = Dir::new();
    d.write(
        "proj/src/config.py",
        format!("token = '{}'\n", github_pat()),
    );
    let r = d.run(&["dir", "proj", "-f", "json"]);
    assert_eq!(r.found()[0].0, "proj/src/config.py");
    let r = d.run(&["dir", "./proj/src", "-f", "json"]);
    assert_eq!(r.found()[0].0, "proj/src/config.py");
    let r = d.run(&["dir", "proj/src/config.py", "-f", "json"]);
    assert_eq!(r.found()[0].0, "proj/src/config.py");
    let r = run_in(&d.join("proj"), &["dir", "-f", "json"], None);
    assert_eq!(r.found()[0].0, "src/config.py");
}

#[test]
fn gitignore_is_honoured_outside_git_and_no_ignore_turns_it_off() {
    let d = Dir::new();
    d.write(".gitignore", "ignored/\n*.log\n");
    d.write("ignored/a.txt", format!("{}\n", github_pat()));
    d.write("debug.log", format!("{}\n", github_pat()));
    d.write(".ignore", "also/\n");
    d.write("also/b.txt", format!("{}\n", github_pat()));
    d.write("kept.txt", "nothing here\n");
    let r = d.run(&["dir", "-f", "json"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let r = d.run(&["dir", "--no-ignore", "-f", "json"]);
    assert_eq!(r.code, 1);
    let mut paths: Vec<_> = r.found().into_iter().map(|f| f.0).collect();
    paths.sort();
    assert_eq!(paths, ["also/b.txt", "debug.log", "ignored/a.txt"]);
}

#[test]
fn dot_git_is_skipped_and_dotfiles_are_scanned() {
    let d = Dir::new();
    d.write(".git/config", format!("{}\n", github_pat()));
    d.write(".config/app.yaml", format!("token: {}\n", github_pat()));
    let r = d.run(&["dir", "-f", "json"]);
    assert_eq!(
        r.found().into_iter().map(|f| f.0).collect::<Vec<_>>(),
        [".config/app.yaml"]
    );
}

#[test]
fn binary_and_oversized_files_are_skipped_and_counted() {
    let d = Dir::new();
    let mut bin = b"\x7fELF\0\0\0".to_vec();
    bin.extend_from_slice(github_pat().as_bytes());
    d.write("app.bin", bin);
    d.write("big.txt", format!("{}\n{}", github_pat(), "x".repeat(2000)));
    d.write("small.txt", "hello\n");
    let r = d.run(&["dir", "--max-file-size", "1K"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("skipped 2 (1 binary, 1 over --max-file-size)"),
        "{}",
        r.stderr
    );
}

#[test]
fn inline_allow_comments_suppress_findings() {
    let d = Dir::new();
    let pat = github_pat();
    d.write(
        "a.py",
        format!(
            "a = '{pat}'  # leakhound:allow\nb = '{pat}'  # gitleaks:allow\nc = '{pat}'  # pragma: allowlist secret\nd = '{pat}'\n"
        ),
    );
    let r = d.run(&["dir", "-f", "json"]);
    assert_eq!(
        r.found(),
        vec![("a.py".to_string(), 4, "github-pat".to_string())]
    );
}

#[test]
fn secrets_are_redacted_by_default_everywhere() {
    let d = Dir::new();
    let pat = github_pat();
    d.write("a.txt", format!("{pat}\n"));
    for format in ["text", "json"] {
        let r = d.run(&["dir", "-f", format]);
        assert_eq!(r.code, 1);
        assert!(
            !r.stdout.contains(&pat) && !r.stderr.contains(&pat),
            "{format} leaks the secret"
        );
        assert!(r.stdout.contains("ghp_*****"), "{}", r.stdout);
    }
    let r = d.run(&["dir", "-f", "json", "--no-redact"]);
    assert_eq!(r.json()[0]["secret"], pat.as_str());
}

#[test]
fn exit_codes() {
    let d = Dir::new();
    d.write("clean.txt", "hello\n");
    assert_eq!(d.run(&["dir"]).code, 0);
    d.write("dirty.txt", format!("{}\n", github_pat()));
    assert_eq!(d.run(&["dir"]).code, 1);
    assert_eq!(d.run(&["dir", "--exit-code", "42"]).code, 42);
    assert_eq!(d.run(&["dir", "--exit-code", "0"]).code, 0);
    let r = d.run(&["dir", "does-not-exist"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("does-not-exist: no such file or directory"),
        "{}",
        r.stderr
    );
}

#[test]
fn report_to_file() {
    let d = Dir::new();
    d.write("src/a.txt", format!("{}\n", github_pat()));
    let out = tempfile::NamedTempFile::new().unwrap();
    let r = d.run(&[
        "dir",
        "src",
        "-f",
        "json",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    let report: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(out.path()).unwrap()).unwrap();
    assert_eq!(report.len(), 1);
}

#[test]
fn stdin_is_scanned_with_a_label() {
    let d = Dir::new();
    let input = format!("line one\nexport TOKEN={}\n", github_pat());
    let r = d.run_stdin(
        &["stdin", "--label", "ci.log", "-f", "json"],
        input.as_bytes(),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.found(),
        vec![("ci.log".to_string(), 2, "github-pat".to_string())]
    );
    let r = d.run_stdin(&["stdin"], b"nothing to see\n");
    assert_eq!(r.code, 0);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_warning_and_the_scan_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let d = Dir::new();
    d.write("locked.txt", "x\n");
    d.write("open.txt", format!("{}\n", github_pat()));
    std::fs::set_permissions(d.join("locked.txt"), std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(d.join("locked.txt")).is_ok() {
        eprintln!("running as root: permissions are not enforced, nothing to test");
        return;
    }
    let r = d.run(&["dir", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning: locked.txt: cannot read"),
        "{}",
        r.stderr
    );
    assert_eq!(r.found().len(), 1);
}

#[test]
fn invalid_utf8_is_scanned() {
    let d = Dir::new();
    let mut content = b"caf\xe9 \xff\xfe ".to_vec();
    content.extend_from_slice(format!("{}\n", github_pat()).as_bytes());
    d.write("latin1.txt", content);
    let r = d.run(&["dir", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.json()[0]["column"], 9);
}

#[test]
fn a_50mb_single_line_file_is_scanned() {
    let d = Dir::new();
    let mut content = Vec::with_capacity(50 << 20);
    let chunk = b"var a=function(t){return t.key+t.token+t.secret};";
    while content.len() < (50 << 20) - 100 {
        content.extend_from_slice(chunk);
    }
    content.extend_from_slice(github_pat().as_bytes());
    d.write("bundle.min.js", content);
    let r = d.run(&["dir", "-f", "json", "--max-file-size", "64M"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.found()[0].1, 1);
}

#[cfg(unix)]
#[test]
fn a_file_with_hard_links_is_scanned_once_under_its_first_name() {
    let d = Dir::new();
    d.write("b/secret.txt", format!("{}\n", github_pat()));
    d.write("a/other.txt", "nothing here\n");
    std::fs::hard_link(d.join("b/secret.txt"), d.join("a/copy.txt")).unwrap();
    std::fs::hard_link(d.join("b/secret.txt"), d.join("c.txt")).unwrap();
    for args in [
        &["dir", "-f", "json"][..],
        &["dir", "-f", "json", "--follow-symlinks"],
    ] {
        let r = d.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        let found = r.found();
        assert_eq!(found.len(), 1, "{args:?}: {found:?}");
        assert_eq!(found[0].0, "a/copy.txt", "{args:?}");
        assert!(r.stderr.contains(" in 2 files "), "{args:?}: {}", r.stderr);
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang_or_fail_the_scan() {
    let d = Dir::new();
    d.write("a/secret.txt", format!("{}\n", github_pat()));
    std::os::unix::fs::symlink("..", d.join("a/loop")).unwrap();
    std::os::unix::fs::symlink("a/secret.txt", d.join("link.txt")).unwrap();
    let r = d.run(&["dir", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.found().len(), 1);
    let r = d.run(&["dir", "-f", "json", "--follow-symlinks"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("loop"), "{}", r.stderr);
}
