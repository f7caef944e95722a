//! `leakhound ai scan`, `ai hook`, `ai install-hook` and `redact`, end to end through the binary,
//! against fixtures/ai/ copied into a temporary directory with HOME pointed there (never the real
//! home): the planted secrets of every transcript format found and attributed to their
//! conversation, message and field (fixtures/ai/expected.toml), the decoys not; each hook event in,
//! the exact answer out; settings files changed without losing what was there.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::util::{bin, Dir};

/// fixtures/ai/ copied to a temporary directory, its SQLite fixtures built.
struct Fixture {
    dir: Dir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = Dir::new();
        copy_dir(&crate::util::repo_root().join("fixtures/ai"), dir.path());
        let out = Command::new("python3")
            .arg(crate::util::repo_root().join("scripts/make-ai-vscdb.py"))
            .arg(dir.path())
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Fixture { dir }
    }

    fn home(&self) -> PathBuf {
        self.dir.join("home")
    }

    /// leakhound with `args`, HOME the fixture's home, in `cwd` under the fixture.
    fn run(&self, cwd: &str, args: &[&str], input: Option<&[u8]>) -> crate::util::Run {
        run_with_home(&self.home(), &self.dir.join(cwd), args, input)
    }
}

/// leakhound with `args` in `cwd`, HOME `home` and none of the assistants' own variables.
fn run_with_home(home: &Path, cwd: &Path, args: &[&str], input: Option<&[u8]>) -> crate::util::Run {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .env("NO_COLOR", "1");
    for var in [
        "LEAKHOUND_CONFIG",
        "CLAUDE_CONFIG_DIR",
        "CODEX_HOME",
        "GEMINI_CLI_HOME",
        "QWEN_HOME",
        "CONTINUE_GLOBAL_DIR",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "APPDATA",
        "LOCALAPPDATA",
        "USERPROFILE",
    ] {
        cmd.env_remove(var);
    }
    crate::util::run_command(cmd, input)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn expected() -> toml::Table {
    let text = std::fs::read_to_string(crate::util::repo_root().join("fixtures/ai/expected.toml"))
        .unwrap();
    text.parse().unwrap()
}

/// The finding of `report` that `want` (an expected.toml `[[finding]]`) describes, if there is
/// exactly one.
fn matching<'r>(report: &'r [Value], want: &toml::Table, root: &Path) -> Vec<&'r Value> {
    let file = root.join(want["file"].as_str().unwrap());
    let file = file.to_string_lossy().replace('\\', "/");
    let piece = want["secret_contains"].as_str().unwrap();
    report
        .iter()
        .filter(|f| {
            f["path"].as_str() == Some(file.as_str())
                && f["rule_id"].as_str() == want["rule"].as_str()
                && f["secret"].as_str().is_some_and(|s| s.contains(piece))
                && ["message", "role"].iter().all(|k| {
                    want.get(*k)
                        .is_none_or(|m| f["transcript"][*k].as_str() == m.as_str())
                })
        })
        .collect()
}

#[test]
fn every_planted_secret_is_found_with_its_conversation_message_and_field() {
    let fx = Fixture::new();
    let run = fx.run(
        "project",
        &["ai", "scan", "--format", "json", "--no-redact"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let expected = expected();
    let wanted = expected["finding"].as_array().unwrap();
    let mut problems = Vec::new();
    for want in wanted {
        let want = want.as_table().unwrap();
        let found = matching(&report, want, fx.dir.path());
        let [f] = found.as_slice() else {
            problems.push(format!("{} matches for {want:?}", found.len()));
            continue;
        };
        let c = &f["transcript"];
        let format = if want["format"].as_str() == Some("plain") {
            None
        } else {
            want["format"].as_str()
        };
        if let Some(format) = format {
            if c["format"].as_str() != Some(format) {
                problems.push(format!("format {} for {want:?}", c["format"]));
            }
        }
        for key in ["conversation", "message", "role", "timestamp", "field"] {
            let got = c[key].as_str();
            let w = want.get(key).and_then(|v| v.as_str());
            if got != w {
                problems.push(format!("{key}: got {got:?}, want {w:?} in {want:?}"));
            }
        }
        if let Some(line) = want.get("line") {
            if f["line"].as_i64() != line.as_integer() {
                problems.push(format!("line: got {}, want {line} in {want:?}", f["line"]));
            }
        }
        for also in want
            .get("also_in")
            .and_then(|a| a.as_array())
            .into_iter()
            .flatten()
        {
            let also = also.as_str().unwrap();
            let listed = c["also_in"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(also)));
            if !also.starts_with("line ") && !listed {
                problems.push(format!("also_in {also} missing for {want:?}"));
            }
        }
    }
    // Nothing else: every finding is one of the planted secrets.
    if report.len() != wanted.len() {
        let listed: Vec<String> = report
            .iter()
            .map(|f| {
                format!(
                    "{} {} {} {}",
                    f["path"], f["line"], f["rule_id"], f["transcript"]
                )
            })
            .collect();
        problems.push(format!(
            "{} findings, {} expected:\n{}",
            report.len(),
            wanted.len(),
            listed.join("\n")
        ));
    }
    for decoy in expected["decoy"].as_array().unwrap() {
        let text = decoy["contains"].as_str().unwrap();
        if report.iter().any(|f| {
            f["secret"]
                .as_str()
                .is_some_and(|s| s.contains(text) || text.contains(s))
        }) {
            problems.push(format!("decoy reported: {text}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn list_shows_the_stores_without_scanning_them() {
    let fx = Fixture::new();
    std::fs::create_dir_all(fx.home().join(".codeium/windsurf/cascade")).unwrap();
    std::fs::write(
        fx.home().join(".codeium/windsurf/cascade/a1.pb"),
        b"\x08\x01",
    )
    .unwrap();
    let run = fx.run("project", &["ai", "scan", "--list"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for piece in [
        ".claude/projects/-home-dev-shop/3f2c9a4e-8b1d-4c6e-9a7f-2d5e8c1b0a93.jsonl  claude-code  claude-code",
        ".codex/history.jsonl  codex  codex-history",
        "chats/session-2026-11-20T09-41-5b2d7e10.jsonl  gemini-cli  gemini",
        "globalStorage/state.vscdb  cursor  vscdb",
        "project/.aider.chat.history.md  aider  aider",
        "cascade/a1.pb  windsurf  unreadable  (not scanned: Cascade conversation, encrypted",
    ] {
        assert!(run.stdout.contains(piece), "{piece} not in\n{}", run.stdout);
    }
    // Not a store: the description the database is built from, the Continue index.
    assert!(!run.stdout.contains("state.vscdb.json"));
    assert!(!run.stdout.contains("sessions.json"));
    assert!(!run.stdout.contains("sk-"), "a list shows no content");
    let json = fx.run(
        "project",
        &["ai", "scan", "--list", "--format", "json"],
        None,
    );
    let items: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    assert!(items
        .iter()
        .any(|i| i["tool"] == "continue" && i["format"] == "continue"));
}

#[test]
fn explicit_paths_and_the_text_and_sarif_reports_carry_the_transcript_place() {
    let fx = Fixture::new();
    let file = "home/.codex/sessions/2026/11/20/rollout-2026-11-20T14-03-27-0193a7c2-5e4f-7b21-9d3a-6c8e1f2b4d05.jsonl";
    let run = fx.run(".", &["ai", "scan", file], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "    transcript: codex conversation 0193a7c2-5e4f-7b21-9d3a-6c8e1f2b4d05 message 7 (assistant, 2026-11-20T14:03:46.930Z) field payload.arguments(json).command[2]"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("xK6LaVV1mt0Q"), "secrets are redacted");
    let sarif = fx.run(".", &["ai", "scan", file, "--format", "sarif"], None);
    let doc: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(results
        .iter()
        .any(|r| r["properties"]["transcript"]["field"] == "payload.output(json).output"));
    // A file of no known store is read by its name.
    fx.dir.write(
        "loose/export.json",
        format!(
            r#"{{"chats": [{{"text": "{}"}}]}}"#,
            crate::util::github_pat()
        ),
    );
    let run = fx.run(".", &["ai", "scan", "loose", "--format", "json"], None);
    let report = run.json();
    assert_eq!(report.len(), 1, "{}", run.stdout);
    assert_eq!(report[0]["transcript"]["field"], "chats[0].text");
    assert_eq!(report[0]["transcript"]["format"], "json");
    // A path that does not exist is an error.
    let run = fx.run(".", &["ai", "scan", "nowhere"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nowhere"), "{}", run.stderr);
}

/// Every `<event>-<clean|secret>.json` (and `malformed-*.txt`) of a tool, with its expected
/// answer.
fn hook_cases(tool: &str) -> Vec<(PathBuf, Value)> {
    let dir = crate::util::repo_root()
        .join("fixtures/ai/hooks")
        .join(tool);
    let mut cases: Vec<(PathBuf, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            !n.ends_with(".expected.json") && (n.ends_with(".json") || n.ends_with(".txt"))
        })
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            let want = std::fs::read_to_string(dir.join(format!("{stem}.expected.json"))).unwrap();
            (p, serde_json::from_str(&want).unwrap())
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

/// The long words of `input` (a secret is one): none may be in what the hook prints.
fn long_words(input: &str) -> Vec<String> {
    input
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| w.len() >= 30)
        .map(String::from)
        .collect()
}

#[test]
fn hooks_answer_each_event_exactly() {
    let home = Dir::new();
    for tool in ["claude-code", "cursor"] {
        let cases = hook_cases(tool);
        assert!(cases.len() >= 6, "{tool}: {} cases", cases.len());
        for (input, want) in cases {
            let text = std::fs::read_to_string(&input).unwrap();
            let run = run_with_home(
                home.path(),
                home.path(),
                &["ai", "hook", "--tool", tool],
                Some(text.as_bytes()),
            );
            let name = input.display();
            assert_eq!(run.code, 0, "{name}: {}", run.stderr);
            let got: Value = serde_json::from_str(&run.stdout)
                .unwrap_or_else(|e| panic!("{name}: {e}: {}", run.stdout));
            assert_eq!(got, want, "{name}");
            assert_eq!(run.stdout.lines().count(), 1, "{name}: one line of JSON");
            assert!(run.stderr.lines().count() <= 1, "{name}: {}", run.stderr);
            for word in long_words(&text) {
                if !want.to_string().contains(&word) {
                    assert!(!run.stdout.contains(&word), "{name}: {word} in stdout");
                    assert!(!run.stderr.contains(&word), "{name}: {word} in stderr");
                }
            }
            // Cursor does not read an answer to afterFileEdit: the finding is on stderr.
            if input
                .to_string_lossy()
                .ends_with("afterFileEdit-secret.json")
            {
                assert!(
                    run.stderr.contains("rule aws-access-key-id"),
                    "{}",
                    run.stderr
                );
            }
        }
    }
}

#[test]
fn a_hook_that_cannot_scan_fails_open_unless_told_to_fail_closed() {
    let dir = Dir::new();
    dir.write("bad.toml", "[[rules]\nid = ");
    let event = br#"{"hook_event_name":"UserPromptSubmit","prompt":"hi"}"#;
    let args = [
        "ai",
        "hook",
        "--tool",
        "claude-code",
        "--config",
        "bad.toml",
    ];
    let run = run_with_home(dir.path(), dir.path(), &args, Some(event));
    assert_eq!(run.code, 1, "fail open: a non-blocking hook error");
    assert!(run.stdout.is_empty());
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("bad.toml") && run.stderr.contains("goes ahead"),
        "{}",
        run.stderr
    );
    let mut closed = args.to_vec();
    closed.push("--fail-closed");
    let run = run_with_home(dir.path(), dir.path(), &closed, Some(event));
    assert_eq!(run.code, 2, "fail closed: a blocking error");
    assert!(
        run.stderr.contains("blocked (--fail-closed)"),
        "{}",
        run.stderr
    );
    // Other events of Claude Code: a secret is a warning to the user (nothing to block).
    let stop = format!(
        r#"{{"hook_event_name":"Stop","last_assistant_message":"use {}"}}"#,
        crate::util::github_pat()
    );
    let run = run_with_home(
        dir.path(),
        dir.path(),
        &["ai", "hook", "--tool", "claude-code"],
        Some(stop.as_bytes()),
    );
    let got: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        got["systemMessage"]
            .as_str()
            .unwrap()
            .contains("(rule github-pat) on line 1"),
        "{got}"
    );
    assert!(!run.stdout.contains(&crate::util::github_pat()));
}

/// `text` with the command the fixtures write replaced by the one this binary writes.
fn with_this_binary(text: &str) -> String {
    let quoted = format!("'{}'", bin().replace('\'', r"'\''"));
    let json = serde_json::to_string(&quoted).unwrap();
    text.replace("\"'/usr/local/bin/leakhound'", &json[..json.len() - 1])
}

#[test]
fn install_hook_adds_leakhound_and_keeps_every_other_hook() {
    let root = crate::util::repo_root().join("fixtures/ai/install");
    for (tool, rel) in [
        ("claude-code", ".claude/settings.json"),
        ("cursor", ".cursor/hooks.json"),
    ] {
        let name = Path::new(rel)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let stem = name.strip_suffix(".json").unwrap();
        let before = std::fs::read_to_string(root.join(tool).join(&name)).unwrap();
        let want =
            std::fs::read_to_string(root.join(tool).join(format!("{stem}.expected.json"))).unwrap();
        let want: Value = serde_json::from_str(&with_this_binary(&want)).unwrap();
        let home = Dir::new();
        home.write(rel, &before);
        for _ in 0..2 {
            let run = run_with_home(
                home.path(),
                home.path(),
                &["ai", "install-hook", "--tool", tool],
                None,
            );
            assert_eq!(run.code, 0, "{tool}: {}", run.stderr);
            let got: Value =
                serde_json::from_str(&std::fs::read_to_string(home.join(rel)).unwrap()).unwrap();
            assert_eq!(got, want, "{tool}: installing twice changes nothing");
        }
        // The keys stay in their order (a user's file is not rearranged).
        let text = std::fs::read_to_string(home.join(rel)).unwrap();
        let keys: Vec<&str> = [
            "\"version\"",
            "\"hooks\"",
            "\"$schema\"",
            "\"permissions\"",
            "\"model\"",
        ]
        .into_iter()
        .filter(|k| text.contains(k))
        .collect();
        let mut by_place = keys.clone();
        by_place.sort_by_key(|k| text.find(k));
        let mut by_original = keys.clone();
        by_original.sort_by_key(|k| before.find(k));
        assert_eq!(by_place, by_original, "{tool}");
        // A new file where there was none.
        let empty = Dir::new();
        let run = run_with_home(
            empty.path(),
            empty.path(),
            &["ai", "install-hook", "--tool", tool],
            None,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(std::fs::read_to_string(empty.join(rel))
            .unwrap()
            .contains("ai hook --tool"));
    }
}

#[test]
fn install_hook_refuses_links_and_broken_files_and_changes_nothing() {
    let home = Dir::new();
    home.write("elsewhere/bashrc", "export PATH=/bin\n");
    std::fs::create_dir_all(home.join(".claude")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            home.join("elsewhere/bashrc"),
            home.join(".claude/settings.json"),
        )
        .unwrap();
        let run = run_with_home(
            home.path(),
            home.path(),
            &["ai", "install-hook", "--tool", "claude-code"],
            None,
        );
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        assert_eq!(
            std::fs::read_to_string(home.join("elsewhere/bashrc")).unwrap(),
            "export PATH=/bin\n"
        );
        // A project's .cursor committed as a link.
        let project = Dir::new();
        std::fs::create_dir_all(project.join(".git")).unwrap();
        std::fs::create_dir_all(home.join("elsewhere/cursor")).unwrap();
        std::os::unix::fs::symlink(home.join("elsewhere/cursor"), project.join(".cursor")).unwrap();
        let args = [
            "ai",
            "install-hook",
            "--tool",
            "cursor",
            "--scope",
            "project",
        ];
        let run = run_with_home(home.path(), project.path(), &args, None);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(!home.join("elsewhere/cursor/hooks.json").exists());
    }
    let broken = "{\n  \"hooks\": {,\n}\n";
    home.write(".cursor/hooks.json", broken);
    let run = run_with_home(
        home.path(),
        home.path(),
        &["ai", "install-hook", "--tool", "cursor"],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("hooks.json:2:"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(home.join(".cursor/hooks.json")).unwrap(),
        broken
    );
}

#[test]
fn redact_replaces_every_secret_in_a_stream() {
    let dir = Dir::new();
    let pat = crate::util::github_pat();
    let aws = crate::util::aws_key_id();
    // Secrets on both sides of the first window's end, and one in a line longer than a window.
    let mut input = String::new();
    input.push_str(&format!("token={pat}\n"));
    while input.len() < (1 << 20) - 200 {
        input.push_str("INFO request served in 3 ms from cache node eu-west-1a\n");
    }
    for _ in 0..40 {
        input.push_str(&format!("AWS_ACCESS_KEY_ID={aws} and {pat}\n"));
    }
    input.push_str(&"x".repeat(3 << 20));
    input.push_str(&format!(" {pat}\nend\n"));
    let run = dir.run_stdin(&["redact"], input.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains(&pat) && !run.stdout.contains(&aws));
    assert_eq!(run.stdout.matches("<REDACTED:github-pat>").count(), 42);
    assert_eq!(
        run.stdout.matches("<REDACTED:aws-access-key-id>").count(),
        40
    );
    let back = run
        .stdout
        .replace("<REDACTED:github-pat>", &pat)
        .replace("<REDACTED:aws-access-key-id>", &aws);
    assert_eq!(back, input, "everything else is copied as it was");
    assert!(
        run.stderr.contains("redacted 82 secret(s)"),
        "{}",
        run.stderr
    );
}

#[test]
fn redact_in_place_keeps_a_backup_and_refuses_links() {
    let dir = Dir::new();
    let pat = crate::util::github_pat();
    let original = format!("{{\"prompt\":\"use {pat}\"}}\n");
    dir.write("t.jsonl", &original);
    let run = dir.run(&["redact", "--in-place", "t.jsonl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("t.jsonl")).unwrap(),
        "{\"prompt\":\"use <REDACTED:github-pat>\"}\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("t.jsonl.leakhound-backup")).unwrap(),
        original
    );
    assert!(!run.stderr.contains(&pat));
    // A second run: the backup is not overwritten.
    let run = dir.run(&["redact", "--in-place", "t.jsonl"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("backup"), "{}", run.stderr);
    #[cfg(unix)]
    {
        dir.write("real.txt", &original);
        std::os::unix::fs::symlink(dir.join("real.txt"), dir.join("link.txt")).unwrap();
        let run = dir.run(&["redact", "--in-place", "link.txt"]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        assert_eq!(
            std::fs::read_to_string(dir.join("real.txt")).unwrap(),
            original
        );
    }
}
