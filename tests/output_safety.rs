//! What leakhound writes when the repository it scans is hostile (issue 16): text from the
//! repository never reaches a terminal raw, no secret the scan found is shown anywhere unless
//! `--no-redact`, findings are capped per file and per rule, and SARIF locations and help are
//! valid and safe. Each test builds the hostile input.

use crate::util::*;

const FORMATS: [&str; 5] = ["text", "json", "sarif", "csv", "junit"];

/// A config with the test rules and one whose id and description are escape sequences.
fn hostile_rules() -> String {
    format!(
        "{TEST_RULES}\n[[rules]]\nid = \"evil\\u001b[2J\\u001b[H\"\ndescription = \"title \\u001b]0;owned\\u0007 \\u001b]8;;https://evil.example\\u001b\\\\click\\u001b]8;;\\u001b\\\\\"\nregex = '''tok_[0-9]{{12}}'''\nkeywords = [\"tok_\"]\n"
    )
}

/// Every control character in `text` other than the line breaks that end its lines (and the
/// `\r` of CSV line ends).
fn raw_controls(text: &str) -> Vec<char> {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|&c| c != '\n' && (c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)))
        .collect()
}

/// A repository whose file name, author, email, commit message and config rule carry escape
/// sequences and a line break; its file holds a GitHub token and a match of the hostile rule.
fn hostile_repo() -> (GitRepo, String) {
    let repo = GitRepo::init();
    let name = "a\x1b]0;owned\x07\nfake.env:9:9: critical: forged\x1b[2J.env";
    repo.dir.write(".leakhound.toml", hostile_rules());
    repo.write(
        name,
        format!("GITHUB_TOKEN={}\nX=tok_481930275619\n", github_pat()),
    );
    repo.commit_as(
        "fix \x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \u{202e}txt.exe",
        ("Eve\x1b[2J\x1b[H", "eve\x1b]0;t\x07@example.com"),
    );
    (repo, name.to_string())
}

/// File names, authors, emails, commit messages, rule ids and descriptions reach the text
/// report and standard error with their control characters escaped (a line break in a file name
/// cannot forge a report line); JSON, SARIF and CSV keep them exact and stay valid; JUnit holds
/// only characters XML allows.
#[test]
fn control_characters_from_a_repository_never_reach_the_terminal_raw() {
    let (repo, name) = hostile_repo();
    let text = repo.run(&["git", ".", "--no-progress"]);
    assert_eq!(text.code, 1, "{}", text.stderr);
    for (what, out) in [("stdout", &text.stdout), ("stderr", &text.stderr)] {
        assert_eq!(raw_controls(out), Vec::<char>::new(), "{what}:\n{out}");
    }
    // Two findings, four lines each and their rules' fix lines: nothing forged.
    assert_eq!(text.stdout.lines().count(), 10, "{}", text.stdout);
    assert!(
        text.stdout
            .starts_with("a\\x1b]0;owned\\x07\\nfake.env:9:9: critical: forged\\x1b[2J.env:1:"),
        "{}",
        text.stdout
    );
    for shown in [
        "Eve\\x1b[2J\\x1b[H <eve\\x1b]0;t\\x07@example.com>",
        "\"fix \\x1b[31mred\\x1b[0m \\x1b]8;;https://evil.example\\x1b\\link\\x1b]8;;\\x1b\\ \\u{202e}txt.exe\"",
        "evil\\x1b[2J\\x1b[H (title \\x1b]0;owned\\x07 \\x1b]8;;",
    ] {
        assert!(text.stdout.contains(shown), "{shown}\n{}", text.stdout);
    }

    // Exact in JSON and SARIF.
    let json = repo.run(&["git", ".", "-f", "json"]);
    let findings = json.json();
    assert!(findings.iter().all(|f| f["path"] == name.as_str()));
    assert_eq!(findings[0]["author"], "Eve\x1b[2J\x1b[H");
    let sarif = repo.run(&["git", ".", "-f", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let ids: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"evil\x1b[2J\x1b[H"), "{ids:?}");

    // CSV: every field with a control character is quoted, and reads back exact.
    let csv = repo.run(&["git", ".", "-f", "csv"]);
    let rows = parse_csv(&csv.stdout);
    assert_eq!(rows.len(), 3, "{}", csv.stdout);
    let path = rows[0].iter().position(|c| c == "path").unwrap();
    let author = rows[0].iter().position(|c| c == "author").unwrap();
    assert_eq!(rows[1][path], name);
    assert_eq!(rows[1][author], "Eve\x1b[2J\x1b[H");

    // JUnit: XML 1.0 characters only.
    let junit = repo.run(&["git", ".", "-f", "junit"]);
    let bad: Vec<char> = junit
        .stdout
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .collect();
    assert_eq!(bad, Vec::<char>::new(), "{}", junit.stdout);

    // What else reaches the terminal: `rules list`, a config error, a walk warning.
    let list = repo.run(&["rules", "list", "-c", ".leakhound.toml"]);
    assert_eq!(
        raw_controls(&list.stdout),
        Vec::<char>::new(),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout.contains("evil\\x1b[2J\\x1b[H"),
        "{}",
        list.stdout
    );
    let d = Dir::new();
    d.write(
        ".leakhound.toml",
        "[extend]\n\"\\u001b]0;owned\\u0007\" = 1\n",
    );
    let error = d.run(&["dir", "."]);
    assert_eq!(error.code, 2, "{}", error.stderr);
    assert_eq!(
        raw_controls(&error.stderr),
        Vec::<char>::new(),
        "{}",
        error.stderr
    );
    #[cfg(unix)]
    {
        let d = Dir::new();
        let dir = d.join("loop\x1b[2J");
        std::fs::create_dir(&dir).unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("back")).unwrap();
        let r = d.run(&["dir", ".", "--follow-symlinks"]);
        assert!(r.stderr.contains("warning:"), "{}", r.stderr);
        assert!(r.stderr.contains("loop\\x1b[2J"), "{}", r.stderr);
        assert_eq!(raw_controls(&r.stderr), Vec::<char>::new(), "{}", r.stderr);
    }
}

/// Fields of an RFC 4180 text (quoted fields may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// A file named after secret X holds secret Y; another file holds X (so X is a secret the scan
/// knows); the commit's message, author and email quote both. No format, no message and no
/// baseline shows either whole, and the baseline written (its path masked) still accepts them.
#[test]
fn every_secret_the_scan_found_is_masked_wherever_it_appears() {
    let (x, y) = (github_pat(), aws_key_id());
    let repo = GitRepo::init().with_rules();
    repo.write(&format!("keys/{x}.env"), format!("AWS_ACCESS_KEY_ID={y}\n"));
    repo.write("ci/token.env", format!("GITHUB_TOKEN={x}\n"));
    repo.commit_as(
        &format!("rotate {x} and {y}"),
        (&format!("bot {x}"), &format!("{y}@example.com")),
    );
    let out = Dir::new();
    let baseline = out.join("baseline.json");
    let mut shown = Vec::new();
    for scan in [&["git", "."][..], &["dir", "."][..]] {
        for format in FORMATS {
            let mut args = scan.to_vec();
            args.extend(["-f", format, "--no-progress"]);
            let r = repo.run(&args);
            assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
            shown.push((format!("{args:?} stdout"), r.stdout));
            shown.push((format!("{args:?} stderr"), r.stderr));
        }
        let mut args = scan.to_vec();
        args.extend(["--write-baseline", baseline.to_str().unwrap()]);
        let r = repo.run(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let written = std::fs::read_to_string(&baseline).unwrap();
        assert!(written.contains("keys/ghp_*****.env"), "{written}");
        shown.push((format!("{args:?} baseline"), written));
        // The baseline accepts what it records.
        let mut args = scan.to_vec();
        args.extend(["--baseline", baseline.to_str().unwrap(), "-f", "json"]);
        let r = repo.run(&args);
        assert_eq!((r.code, r.json().len()), (0, 0), "{args:?}: {}", r.stdout);
    }
    // A warning naming a path with a secret in it (`dir` cannot read it: a loop).
    #[cfg(unix)]
    {
        let dir = repo.dir.join(&format!("loops/{x}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("back")).unwrap();
        let r = repo.run(&["dir", ".", "--follow-symlinks"]);
        assert!(r.stderr.contains("warning:"), "{}", r.stderr);
        assert!(r.stderr.contains("loops/ghp_*****"), "{}", r.stderr);
        shown.push(("dir warning".into(), r.stderr));
    }
    for (what, text) in &shown {
        for secret in [&x, &y] {
            assert!(
                !text.contains(secret.as_str()),
                "{what} shows {secret}:\n{text}"
            );
        }
    }
    let text = repo.run(&["git", "."]).stdout;
    assert!(text.contains("keys/ghp_*****.env:1:19"), "{text}");
    assert!(
        text.contains("bot ghp_***** <AKIA*****@example.com>"),
        "{text}"
    );
    assert!(
        text.contains("\"rotate ghp_***** and AKIA*****\""),
        "{text}"
    );
    // --no-redact shows everything.
    let raw = repo.run(&["git", ".", "--no-redact"]).stdout;
    assert!(raw.contains(&format!("keys/{x}.env")), "{raw}");
}

/// A baseline that is not one (a credentials file passed by mistake, or a link to one) is an
/// error that says where, never what the file holds.
#[test]
fn a_baseline_error_quotes_no_value_of_the_file() {
    let d = Dir::new();
    d.write("a.txt", "nothing\n");
    let key = format!("wJalrXUtnFEMI/K7MDENG/{}", "bPxRfiCYEXAMPLEKEY");
    for text in [
        format!("{{\"version\": \"{key}\", \"findings\": []}}"),
        format!("{{\"type\": \"service_account\", \"private_key\": \"{key}\"}}"),
        format!("[{{\"fingerprint\": 1, \"rule_id\": \"{key}\", \"path\": \"p\"}}]"),
    ] {
        d.write("creds.json", &text);
        let r = d.run(&["dir", "a.txt", "--baseline", "creds.json"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("creds.json:1:"), "{}", r.stderr);
        for part in [&key[..12], "service_account"] {
            assert!(!r.stderr.contains(part), "{}", r.stderr);
        }
    }
}

/// One file with more findings than `--max-findings-per-file` reports the first ones and says
/// how many it had; a rule with more than `--max-findings-per-rule` likewise; 0 lifts a cap.
#[test]
fn findings_are_capped_per_file_and_per_rule() {
    let d = Dir::new();
    d.write(".leakhound.toml", TEST_RULES);
    // Thirty distinct made-up tokens (random-looking: the precision layer sets aside runs of one
    // character, such as `ghp_000…`, as placeholders).
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut token = || -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..36)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                A[(seed % 62) as usize] as char
            })
            .collect()
    };
    let tokens: String = (0..30).map(|_| format!("ghp_{}\n", token())).collect();
    // Two placeholders after them: set aside by the precision layer, counted apart, never among
    // the findings the cap keeps or counts.
    let placeholders = format!("ghp_{}\n", "x".repeat(36)).repeat(2);
    d.write("dump.txt", format!("{tokens}{placeholders}"));
    d.write("more.txt", &tokens[..41 * 5]);
    let r = d.run(&["dir", ".", "-f", "json", "--max-findings-per-file", "10"]);
    let found = r.found();
    assert_eq!(found.iter().filter(|f| f.0 == "dump.txt").count(), 10);
    // The first ten by position.
    let lines: Vec<u64> = found
        .iter()
        .filter(|f| f.0 == "dump.txt")
        .map(|f| f.1)
        .collect();
    assert_eq!(lines, (1..=10).collect::<Vec<_>>());
    assert_eq!(found.iter().filter(|f| f.0 == "more.txt").count(), 5);
    assert!(
        r.stderr.contains(
            "warning: dump.txt: 30 findings, only the first 10 are reported (raise \
             --max-findings-per-file to see more)"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("; 1 warning"), "{}", r.stderr);

    let r = d.run(&["dir", ".", "-f", "json", "--max-findings-per-rule", "12"]);
    assert_eq!(r.json().len(), 12);
    assert!(
        r.stderr
            .contains("warning: rule github-pat: 35 findings, only the first 12 are reported"),
        "{}",
        r.stderr
    );
    let r = d.run(&[
        "dir",
        ".",
        "-f",
        "json",
        "--max-findings-per-file",
        "0",
        "--max-findings-per-rule",
        "0",
    ]);
    assert_eq!(r.json().len(), 35);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);

    // In a history, a file capped in several commits says so once.
    let repo = GitRepo::init().with_rules();
    repo.write("dump.txt", &tokens);
    repo.commit("one");
    repo.write("dump.txt", format!("{tokens}x\n"));
    repo.commit("two");
    let r = repo.run(&["git", ".", "-f", "json", "--max-findings-per-file", "10"]);
    assert_eq!(r.json().len(), 10, "{}", r.stdout);
    assert_eq!(
        r.stderr.matches("findings, only the first 10").count(),
        1,
        "{}",
        r.stderr
    );
}

/// `dir . ../b`: a file beside the scan root is reported as `../b/y.env` (not `y.env`, which
/// would be a file of the root), and SARIF gives it an absolute file URI rather than a
/// location under `%SRCROOT%`.
#[test]
fn a_file_outside_the_scan_root_keeps_its_place() {
    let d = Dir::new();
    d.write("a/.leakhound.toml", TEST_RULES);
    d.write("a/y.env", format!("T={}\n", github_pat()));
    d.write("b/y.env", format!("K={}\n", aws_key_id()));
    let a = d.join("a");
    let r = run_in(&a, &["dir", ".", "../b", "-f", "json"], None);
    let mut found = r.found();
    found.sort();
    assert_eq!(
        found,
        [
            ("../b/y.env".to_string(), 1, "aws-access-key-id".to_string()),
            ("y.env".to_string(), 1, "github-pat".to_string())
        ]
    );
    let r = run_in(&a, &["dir", ".", "../b", "-f", "sarif"], None);
    let sarif: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut locations: Vec<(String, Option<String>)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let at = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            (
                at["uri"].as_str().unwrap().to_string(),
                at["uriBaseId"].as_str().map(str::to_string),
            )
        })
        .collect();
    locations.sort();
    let b = std::fs::canonicalize(d.join("b")).unwrap();
    let b = b.to_str().unwrap().replace(' ', "%20");
    assert_eq!(
        locations,
        [
            (format!("file://{b}/y.env"), None),
            ("y.env".to_string(), Some("%SRCROOT%".to_string())),
        ]
    );
    // The two files are told apart by a baseline too.
    let baseline = d.join("baseline.json");
    let r = run_in(
        &a,
        &[
            "dir",
            ".",
            "../b",
            "--write-baseline",
            baseline.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = std::fs::read_to_string(&baseline).unwrap();
    assert!(written.contains("\"../b/y.env\""), "{written}");
}
