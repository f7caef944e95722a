//! What the command line itself prints, snapshot-tested: `--help` of every command, and the
//! `rules check` report. (The rendered warnings and the summary line are snapshot-tested beside
//! `cli::messages`, the one place that prints them.)

use crate::util::*;

fn snapshots() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(repo_root().join("tests/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn help_of_every_command() {
    let settings = snapshots();
    let commands: [&[&str]; 15] = [
        &[],
        &["dir"],
        &["stdin"],
        &["git"],
        &["detect"],
        &["protect"],
        &["install-hook"],
        &["rules"],
        &["rules", "list"],
        &["rules", "check"],
        &["ai"],
        &["ai", "scan"],
        &["ai", "hook"],
        &["ai", "install-hook"],
        &["redact"],
    ];
    let d = Dir::new();
    for command in commands {
        let mut args = command.to_vec();
        args.push("--help");
        let r = d.run(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "{args:?}: {}", r.stderr);
        let name = if command.is_empty() {
            "help".to_string()
        } else {
            format!("help_{}", command.join("_"))
        };
        settings.bind(|| insta::assert_snapshot!(name, r.stdout));
    }
}

/// One rule file with a fault of each kind: the report names file:line:col and the rule, errors
/// after warnings, and a count; exit 1 for errors.
#[test]
fn rules_check_report() {
    let r = run_in(
        &repo_root(),
        &["rules", "check", "fixtures/rules-check/rules.toml"],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    snapshots().bind(|| insta::assert_snapshot!("rules_check", r.stderr));
}

/// An error names the file and says what went wrong once: the cause is not repeated after a
/// message that already quotes it.
#[test]
fn an_unreadable_config_or_baseline_is_one_error_line() {
    let d = Dir::new();
    d.write("a.txt", "nothing here\n");
    let missing = d.join("missing.toml");
    let missing = missing.to_str().unwrap();
    for args in [
        ["dir", "-c", missing, "."],
        ["dir", "--baseline-path", missing, "."],
    ] {
        let r = d.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: {}", r.stderr);
        assert!(
            lines[0].starts_with("error: ") && lines[0].contains(missing),
            "{}",
            r.stderr
        );
        assert_eq!(lines[0].matches("os error 2").count(), 1, "{}", r.stderr);
    }
}
