//! A drop-in for gitleaks users: its regex syntax, config variables, ignore-file forms, report
//! as a baseline, commands and flags.

use crate::util::*;

/// A `.gitleaks.toml` with one rule, in gitleaks' style.
fn gitleaks_rule(regex: &str) -> String {
    format!(
        "title = \"one rule\"\n\n[[rules]]\nid = \"go-form\"\ndescription = \"a Go regex form\"\nregex = '''{regex}'''\n"
    )
}

/// Go's regex forms that Rust reads differently: each in a gitleaks config of its own, which
/// must load, find its secret in `yes` and nothing in `no`.
#[test]
fn every_go_regex_form_loads_and_matches_as_in_gitleaks() {
    let cases = [
        // A `{` that starts no repetition is a literal in Go.
        (
            "literal braces",
            r"\${{ *secrets\.([A-Z_]{4,}) *}}",
            "run: ${{ secrets.DEPLOY_TOKEN }}",
            "run: $DEPLOY_TOKEN",
            "DEPLOY_TOKEN",
        ),
        (
            "{,n} is a literal",
            r"tok{,3}=([a-z0-9]{8})",
            "tok{,3}=k7q2m9x4",
            "tokkk=k7q2m9x4",
            "k7q2m9x4",
        ),
        (
            "\\Q...\\E",
            r"\Qapi.key+\E=([0-9a-f]{16})",
            "api.key+=9f3a6c1e0b7d4285",
            "apiXkey+=9f3a6c1e0b7d4285",
            "9f3a6c1e0b7d4285",
        ),
        (
            "octal escapes",
            r"\101\102\103_([0-9]{6})",
            "ABC_123456",
            "abc_123456",
            "123456",
        ),
        (
            "\\< and \\> are literals",
            r"\<key\>=([0-9]{6})",
            "<key>=123456",
            "key=123456",
            "123456",
        ),
        (
            "\\C is any byte",
            r"pin\C([0-9]{6})\b",
            "pin:123456",
            "pin123456",
            "123456",
        ),
        (
            "[ in a class",
            r"id[[]([0-9]{6})]",
            "id[123456]",
            "id(123456)",
            "123456",
        ),
        (
            "&& in a class",
            r"user[&&]pass=([0-9]{6})",
            "user&pass=123456",
            "user_pass=123456",
            "123456",
        ),
        (
            "\\d is ASCII next to \\pL",
            r"\pL+_(\d{4})\b",
            "clé_1234",
            "clé_١٢٣٤",
            "1234",
        ),
        (
            "\\s has no \\v",
            r"pw\s=\s([0-9]{6})",
            "pw = 123456",
            "pw\x0b=\x0b123456",
            "123456",
        ),
        (
            "(?U) swaps greed",
            r"(?U)tok=([a-z]+)x",
            "tok=abcxdefx",
            "tok=ABCX",
            "abc",
        ),
    ];
    for (name, regex, yes, no, secret) in cases {
        let d = Dir::new();
        d.write(".gitleaks.toml", gitleaks_rule(regex));
        d.write("yes.txt", format!("{yes}\n"));
        d.write("no.txt", format!("{no}\n"));
        let r = d.run(&["dir", ".", "-f", "json", "--no-redact"]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        let f = r.json();
        assert_eq!(f.len(), 1, "{name}: {}", r.stdout);
        assert_eq!(f[0]["path"], "yes.txt", "{name}");
        assert_eq!(f[0]["secret"], secret, "{name}");
    }
}

#[test]
fn gitleaks_config_variables_come_after_leakhound_config() {
    let d = Dir::new();
    let rule = |id: &str, word: &str| {
        format!("[[rules]]\nid = \"{id}\"\nregex = '''{word}=([0-9]{{6}})'''\n")
    };
    d.write("env.toml", rule("from-file", "alpha"));
    d.write("leak.toml", rule("from-leakhound", "alpha"));
    d.write("a.txt", "alpha=123456\n");
    let toml = rule("from-text", "alpha");
    let ids = |env: &[(&str, &str)]| -> Vec<String> {
        let r = run_env(d.path(), &["dir", ".", "-f", "json"], None, env);
        assert_eq!(r.code, 1, "{env:?}: {}", r.stderr);
        r.json()
            .iter()
            .map(|f| f["rule_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&[("GITLEAKS_CONFIG", "env.toml")]), ["from-file"]);
    assert_eq!(ids(&[("GITLEAKS_CONFIG_TOML", &toml)]), ["from-text"]);
    assert_eq!(
        ids(&[
            ("GITLEAKS_CONFIG", "env.toml"),
            ("GITLEAKS_CONFIG_TOML", &toml)
        ]),
        ["from-file"]
    );
    assert_eq!(
        ids(&[
            ("LEAKHOUND_CONFIG", "leak.toml"),
            ("GITLEAKS_CONFIG", "env.toml")
        ]),
        ["from-leakhound"]
    );
    // A bad config in the variable is an error that names it.
    let r = run_env(
        d.path(),
        &["dir", "."],
        None,
        &[("GITLEAKS_CONFIG_TOML", "[[rules]\n")],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: GITLEAKS_CONFIG_TOML:1:"),
        "{}",
        r.stderr
    );
}

/// A repository with a github-pat in `app.env` line 2 (committed in `.0`) and an AWS key in
/// `keys.txt` line 1 (committed in `.1`).
fn two_secrets() -> (GitRepo, git2::Oid, git2::Oid) {
    let g = GitRepo::init().with_rules();
    g.write("app.env", format!("NAME=x\nTOKEN={}\n", github_pat()));
    let a = g.commit("token");
    g.write("keys.txt", format!("{}\n", aws_key_id()));
    let b = g.commit("key");
    (g, a, b)
}

#[test]
fn gitleaksignore_entries_in_every_form_gitleaks_writes() {
    let (g, a, _) = two_secrets();
    let rules = |r: &Run| -> Vec<String> {
        r.json()
            .iter()
            .map(|f| f["rule_id"].as_str().unwrap().to_string())
            .collect()
    };
    let forms = [
        // gitleaks git: commit:file:rule:line, with gitleaks' rule id.
        format!(
            "{a}:app.env:github-pat:2\n{}:keys.txt:aws-access-token:1\n",
            "0".repeat(40)
        ),
        // gitleaks dir: file:rule:line.
        "app.env:github-pat:2\n".to_string(),
    ];
    let r = {
        g.write_unstaged(".gitleaksignore", &forms[0]);
        g.run(&["git", "-f", "json"])
    };
    // The second entry names another commit: the key stays.
    assert_eq!(rules(&r), ["aws-access-key-id"], "{}", r.stderr);
    g.write_unstaged(
        ".gitleaksignore",
        format!("{}keys.txt:aws-access-token:1\n", forms[1]),
    );
    let r = g.run(&["git", "-f", "json"]);
    assert_eq!(r.code, 0, "alias and file form: {}", r.stdout);
    let r = g.run(&["dir", ".", "-f", "json"]);
    assert_eq!(r.code, 0, "dir: {}", r.stdout);
    // A wrong line or rule does not match.
    g.write_unstaged(
        ".gitleaksignore",
        "app.env:github-pat:3\napp.env:aws-access-token:2\n",
    );
    assert_eq!(g.run(&["git", "-f", "json"]).json().len(), 2);
    // -i: an ignore file elsewhere (a file, or a directory holding .gitleaksignore).
    std::fs::remove_file(g.dir.join(".gitleaksignore")).unwrap();
    let elsewhere = Dir::new();
    elsewhere.write(".gitleaksignore", &forms[1]);
    let path = elsewhere.path().to_str().unwrap();
    let r = g.run(&["git", "-f", "json", "-i", path]);
    assert_eq!(rules(&r), ["aws-access-key-id"], "{}", r.stderr);
    let file = elsewhere.join(".gitleaksignore");
    let r = g.run(&[
        "git",
        "-f",
        "json",
        "--gitleaks-ignore-path",
        file.to_str().unwrap(),
    ]);
    assert_eq!(rules(&r), ["aws-access-key-id"], "{}", r.stderr);
}

#[test]
fn a_gitleaks_report_is_a_baseline() {
    let (g, a, b) = two_secrets();
    // The fields of gitleaks' JSON report (others omitted).
    let report = format!(
        r#"[{{"RuleID":"github-pat","File":"app.env","StartLine":2,"Commit":"{a}","Fingerprint":"{a}:app.env:github-pat:2"}},
           {{"RuleID":"aws-access-token","File":"keys.txt","StartLine":1,"Commit":"{b}","Fingerprint":"{b}:keys.txt:aws-access-token:1"}}]"#
    );
    let d = Dir::new();
    d.write("gitleaks.json", report);
    let baseline = d.join("gitleaks.json");
    let r = g.run(&[
        "git",
        "-f",
        "json",
        "--baseline-path",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stderr.contains("2 by the baseline"), "{}", r.stderr);
    // A report of another commit does not cover these findings.
    d.write(
        "other.json",
        r#"[{"RuleID":"github-pat","File":"app.env","StartLine":2,"Commit":"1111111111111111111111111111111111111111"}]"#,
    );
    let other = d.join("other.json");
    let r = g.run(&[
        "git",
        "-f",
        "json",
        "--baseline-path",
        other.to_str().unwrap(),
    ]);
    assert_eq!(r.json().len(), 2, "{}", r.stdout);
}

#[test]
fn detect_and_protect() {
    let (g, _, _) = two_secrets();
    let outside = Dir::new();
    let repo = g.path().to_str().unwrap();
    let r = outside.run(&["detect", "-s", repo, "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.json().len(), 2);
    assert!(r.json().iter().all(|f| f["commit"].is_string()));
    // --no-git: the files.
    let r = outside.run(&["detect", "--no-git", "--source", repo, "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.json().iter().all(|f| f.get("commit").is_none()),
        "{}",
        r.stdout
    );
    // --log-opts: a range.
    let r = g.run(&["detect", "--log-opts=HEAD~1..HEAD", "-f", "json"]);
    assert_eq!(
        r.found(),
        [("keys.txt".to_string(), 1, "aws-access-key-id".to_string())]
    );
    // protect --staged: what the next commit adds.
    g.write("new.txt", format!("{}\n", github_pat2()));
    let r = g.run(&["protect", "--staged", "-f", "json"]);
    assert_eq!(
        r.found(),
        [("new.txt".to_string(), 1, "github-pat".to_string())]
    );
    let r = g.run(&["protect"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("leakhound protect --staged"),
        "{}",
        r.stderr
    );
}

#[test]
fn log_opts_work_or_say_what_to_write() {
    let (g, a, _) = two_secrets();
    let found = |opts: &str| g.run(&["git", "-f", "json", "--log-opts", opts]);
    assert_eq!(found("--all").json().len(), 2);
    assert_eq!(found(&format!("{a}..HEAD")).json().len(), 1);
    assert_eq!(found(&a.to_string()).json().len(), 1);
    for (opts, says) in [
        ("--since=2024-01-01", "--range"),
        ("-n 3", "HEAD~N..HEAD"),
        ("--first-parent", "drop it"),
        ("HEAD -- src", "allowlist"),
    ] {
        let r = found(opts);
        assert_eq!(r.code, 2, "{opts}");
        assert_eq!(r.stderr.lines().count(), 1, "{opts}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{opts}: {}", r.stderr);
    }
}

#[test]
fn gitleaks_output_flags() {
    let (g, _, _) = two_secrets();
    // -v: the findings on standard error too, when the report goes to a file.
    let r = g.run(&[
        "git",
        "-f",
        "json",
        "-o",
        "report.json",
        "-v",
        "--no-banner",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("app.env:2:"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    // --no-color wins over --color always.
    let r = g.run(&["git", "--color", "always", "--no-color"]);
    assert!(!r.stdout.contains('\x1b'), "{}", r.stdout);
    let r = g.run(&["git", "--color", "always"]);
    assert!(r.stdout.contains('\x1b'));
    // --redact and --redact=100 are the default; other percentages say what to write.
    for redact in ["--redact", "--redact=100"] {
        let r = g.run(&["git", "-f", "json", redact]);
        assert_eq!(r.code, 1, "{redact}: {}", r.stderr);
        assert!(r
            .json()
            .iter()
            .all(|f| f["secret"].as_str().unwrap().ends_with("*****")));
    }
    let r = g.run(&["git", "--redact=20"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--no-redact"), "{}", r.stderr);
    // -l error: no notes or summary; -l debug: as usual.
    let quiet = g.run(&["git", "-l", "error"]);
    assert_eq!(quiet.code, 1);
    assert!(!quiet.stderr.contains("findings in"), "{}", quiet.stderr);
    let loud = g.run(&["git", "--log-level", "debug"]);
    assert!(loud.stderr.contains("findings in"), "{}", loud.stderr);
    // --ignore-gitleaks-allow: not supported, and says so.
    let r = g.run(&["git", "--ignore-gitleaks-allow"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("git grep"), "{}", r.stderr);
}

#[test]
fn max_target_megabytes_skips_larger_files() {
    let d = Dir::new();
    d.write(".leakhound.toml", TEST_RULES);
    d.write(
        "big.txt",
        format!("{}\n{}", github_pat(), "x".repeat(1 << 20)),
    );
    d.write("small.txt", format!("{}\n", aws_key_id()));
    let r = d.run(&["dir", ".", "-f", "json", "--max-target-megabytes", "1"]);
    assert_eq!(
        r.found(),
        [("small.txt".to_string(), 1, "aws-access-key-id".to_string())]
    );
    let r = d.run(&["dir", ".", "-f", "json", "--max-target-megabytes", "2"]);
    assert_eq!(r.json().len(), 2);
    let r = d.run(&[
        "dir",
        ".",
        "--max-target-megabytes",
        "1",
        "--max-file-size",
        "1M",
    ]);
    assert_eq!(r.code, 2, "both sizes at once is an error");
}

#[test]
fn enable_and_disable_rules_and_min_severity() {
    let d = Dir::new();
    d.write(
        ".leakhound.toml",
        format!("{TEST_RULES}\n[[rules]]\nid = \"publishable\"\nseverity = \"low\"\nregex = '''pub_key_([a-z0-9]{{12}})'''\n"),
    );
    d.write(
        "a.txt",
        format!("{}\n{}\npub_key_h4k8m2p6s9v3\n", github_pat(), aws_key_id()),
    );
    let rules = |args: &[&str]| -> (i32, Vec<String>) {
        let mut all = vec!["dir", ".", "-f", "json"];
        all.extend_from_slice(args);
        let r = d.run(&all);
        let ids = if r.code == 2 {
            vec![r.stderr.clone()]
        } else {
            r.json()
                .iter()
                .map(|f| f["rule_id"].as_str().unwrap().to_string())
                .collect()
        };
        (r.code, ids)
    };
    assert_eq!(rules(&["--enable-rule", "github-pat"]).1, ["github-pat"]);
    assert_eq!(
        rules(&["--enable-rule", "github-pat,publishable"]).1,
        ["github-pat", "publishable"]
    );
    assert_eq!(
        rules(&[
            "--disable-rule",
            "github-pat",
            "--disable-rule",
            "publishable"
        ])
        .1,
        ["aws-access-key-id"]
    );
    // A gitleaks id names the rules that have it as an alias.
    assert_eq!(
        rules(&["--enable-rule", "aws-access-token"]).1,
        ["aws-access-key-id"]
    );
    assert_eq!(
        rules(&["--disable-rule", "aws-access-token"]).1,
        ["github-pat", "publishable"]
    );
    let (code, err) = rules(&["--enable-rule", "nope"]);
    assert_eq!(code, 2);
    assert!(
        err[0].contains("--enable-rule nope: no rule has this id"),
        "{err:?}"
    );
    // --min-severity: the low finding alone does not fail the build.
    assert_eq!(rules(&["--min-severity", "medium"]).1.len(), 2);
    assert_eq!(
        rules(&["--min-severity", "medium", "--enable-rule", "publishable"]),
        (0, vec![])
    );
    assert_eq!(rules(&["--min-severity", "low"]).1.len(), 3);
    assert_eq!(rules(&["--min-severity", "extreme"]).0, 2);
}

#[test]
fn a_betterleaks_style_config_loads_and_its_own_fields_are_not_used() {
    let d = Dir::new();
    d.write(
        ".gitleaks.toml",
        r#"title = "betterleaks style"
prefilter = '''matchesAny(attributes["path"], [`(?i)\.png$`])'''
filter = '''containsAny(finding["secret"], ["example"])'''

[[rules]]
id = "acme-key"
description = "ACME key"
regex = '''\bacme_([a-z0-9]{16})\b'''
keywords = ["acme_"]
confidence = "high"
filter = '''finding["entropy"] > 2.0'''
validate = '''http.get("https://api.acme.example/v1/me").status == 200'''
analyze = '''{"identity": {}}'''
revoke = '''http.delete("https://api.acme.example/v1/keys")'''
specificity = 3
valueGroup = 1
components = [{ id = "acme-id" }]

[[rules]]
id = "acme-bundle"
description = "ACME key bundle"
path = '''(?i)\.acmekey$'''
confidence = "medium"
"#,
    );
    d.write("a.txt", "key = acme_7c2e9a4f1b6d3e80\n");
    d.write("b.acmekey", "x\n");
    let r = d.run(&["dir", ".", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let mut ids: Vec<String> = r
        .json()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, ["acme-bundle", "acme-key"]);
}
