//! Config files: discovery, gitleaks compatibility, allowlists, and one clear error per mistake.

use crate::util::*;

/// Every invalid config fixture gives exit 2 and one line naming file:line:col; the messages are
/// snapshot-tested together so a change to any of them is reviewed.
#[test]
fn invalid_configs_give_one_clear_error_each() {
    let dir = repo_root().join("fixtures/config/invalid");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let d = Dir::new();
    d.write("a.txt", "hello\n");
    let mut all = String::new();
    for name in &names {
        let config = dir.join(name);
        let r = d.run(&["dir", ".", "-c", config.to_str().unwrap()]);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        let lines: Vec<_> = r.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{name}: one line expected:\n{}", r.stderr);
        let line = lines[0].replace(dir.to_str().unwrap(), "fixtures/config/invalid");
        assert!(
            line.starts_with(&format!("error: fixtures/config/invalid/{name}")),
            "{line}"
        );
        all.push_str(&line);
        all.push('\n');
    }
    insta::assert_snapshot!(all);
}

#[test]
fn a_gitleaks_config_loads_and_behaves_as_documented() {
    let d = Dir::new();
    std::fs::copy(
        repo_root().join("fixtures/config/valid/gitleaks.toml"),
        d.join(".gitleaks.toml"),
    )
    .unwrap();
    let live = format!("acme_live_{}", "k3j5h7g9f2d4s6a8q1w3e5r7t9y2u4i6");
    let test = format!("acme_test_{}", "k3j5h7g9f2d4s6a8q1w3e5r7t9y2u4i6");
    d.write(
        "app/config.py",
        format!(
            "LIVE = '{live}'\nTEST = '{test}'\nGH = '{}'\n",
            github_pat()
        ),
    );
    d.write("vendor/lib.py", format!("LIVE = '{live}'\n"));
    d.write(
        "app/old.py",
        format!(
            "ROTATED = 'acme_live_rotated{}'\n",
            "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5"
        ),
    );
    let r = d.run(&["dir", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // The user rule (live only: the test token is allowlisted by its match), the built-in rules
    // (useDefault), the vendor path allowlisted, the stopword honoured.
    assert_eq!(
        r.found(),
        vec![
            (
                "app/config.py".to_string(),
                1,
                "acme-internal-token".to_string()
            ),
            ("app/config.py".to_string(), 3, "github-pat".to_string())
        ]
    );
    // secretGroup: the secret is the group, not the whole match.
    assert_eq!(r.json()[0]["column"], 19);
}

#[test]
fn leakhound_toml_wins_over_gitleaks_toml_and_config_flag_wins_over_both() {
    let d = Dir::new();
    d.write(
        ".gitleaks.toml",
        "[[allowlists]]\npaths = ['''a\\.txt''']\n",
    );
    d.write(
        ".leakhound.toml",
        "[[allowlists]]\npaths = ['''b\\.txt''']\n",
    );
    d.write("other.toml", "[[allowlists]]\npaths = ['''c\\.txt''']\n");
    for f in ["a.txt", "b.txt", "c.txt"] {
        d.write(f, format!("{}\n", github_pat()));
    }
    let files = |r: Run| r.found().into_iter().map(|f| f.0).collect::<Vec<_>>();
    assert_eq!(files(d.run(&["dir", "-f", "json"])), ["a.txt", "c.txt"]);
    assert_eq!(
        files(d.run(&["dir", "-f", "json", "-c", "other.toml"])),
        ["a.txt", "b.txt"]
    );
    std::fs::remove_file(d.join(".leakhound.toml")).unwrap();
    assert_eq!(files(d.run(&["dir", "-f", "json"])), ["b.txt", "c.txt"]);
}

#[test]
fn a_config_with_rules_and_no_extend_replaces_the_built_in_rules() {
    let d = Dir::new();
    d.write(
        ".leakhound.toml",
        "[[rules]]\nid = 'only'\nregex = '''only_[0-9]{8}'''\nkeywords = ['only_']\n",
    );
    d.write("a.txt", format!("{}\nonly_48207315\n", github_pat()));
    let r = d.run(&["dir", "-f", "json"]);
    assert_eq!(
        r.found(),
        vec![("a.txt".to_string(), 2, "only".to_string())]
    );
}

#[test]
fn allowlist_regex_targets_and_and_conditions() {
    let d = Dir::new();
    d.write(
        ".leakhound.toml",
        r#"
[[allowlists]]
regexTarget = "line"
regexes = ['''^# doc:''']

[[allowlists]]
condition = "AND"
paths = ['''^tests/''']
regexTarget = "secret"
regexes = ['''^ghp_R8''']
"#,
    );
    let pat = github_pat();
    d.write("doc.md", format!("# doc: {pat}\nreal: {pat}\n"));
    d.write("tests/t.py", format!("{pat}\n"));
    d.write("src/t.py", format!("{pat}\n"));
    let r = d.run(&["dir", "-f", "json"]);
    let got: Vec<_> = r.found().into_iter().map(|f| (f.0, f.1)).collect();
    assert_eq!(
        got,
        [("doc.md".to_string(), 2), ("src/t.py".to_string(), 1)]
    );
}

/// A file whose path a global allowlist allows whatever it holds is not read: the summary counts
/// it apart, in `dir` and in history. An allowlist that needs more than
/// the path (`AND` with a regex, `targetRules`) still reads the file and judges each match.
#[test]
fn path_allowlisted_files_are_not_read() {
    let config = r#"
[[allowlists]]
description = "vendored code"
paths = ['''^vendor/''']

[[allowlists]]
condition = "AND"
paths = ['''^tests/''']
regexes = ['''^AKIA''']

[[allowlists]]
targetRules = ["github-pat"]
paths = ['''^docs/''']
"#;
    let (pat, aws) = (github_pat(), aws_key_id());
    let files = [
        (".leakhound.toml", config.to_string()),
        (
            "vendor/lib.py",
            format!("T = '{pat}'\n{}", "# filler\n".repeat(1000)),
        ),
        ("tests/t.py", format!("A = '{aws}'\nT = '{pat}'\n")),
        ("docs/d.md", format!("T = '{pat}'\nA = '{aws}'\n")),
    ];
    let want = [
        ("docs/d.md".to_string(), 2, "aws-access-key-id".to_string()),
        ("tests/t.py".to_string(), 2, "github-pat".to_string()),
    ];
    let d = Dir::new();
    for (path, content) in &files {
        d.write(path, content);
    }
    let r = d.run(&["dir", ".", "-f", "json"]);
    assert_eq!(r.found(), want, "{}", r.stderr);
    // The vendored file's 9 KiB are not among the bytes read.
    assert!(r.stderr.contains(" in 3 files ("), "{}", r.stderr);
    assert!(!r.stderr.contains("KiB"), "{}", r.stderr);
    assert!(
        r.stderr.contains("skipped 1 (1 allowlisted)"),
        "{}",
        r.stderr
    );
    let not_read = "1 file allowlisted by .leakhound.toml:[[allowlists]] #1 (not read)";
    assert!(r.stderr.contains(not_read), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("1 finding allowlisted by .leakhound.toml:[[allowlists]] #2;"),
        "{}",
        r.stderr
    );

    let g = GitRepo::init();
    for (path, content) in &files {
        g.write(path, content);
    }
    g.commit("one");
    let r = run_in(g.path(), &["git", ".", "-f", "json"], None);
    assert_eq!(r.found(), want, "{}", r.stderr);
    // History names the config by its full path.
    let not_read = ".leakhound.toml:[[allowlists]] #1 (not read)";
    assert!(
        r.stderr.contains("; 1 file allowlisted by "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(not_read), "{}", r.stderr);
}

#[test]
fn disabled_rules_and_overrides_of_built_in_rules() {
    let d = Dir::new();
    d.write("a.txt", format!("{}\n{}\n", github_pat(), aws_key_id()));
    d.write(
        ".leakhound.toml",
        "[extend]\nuseDefault = true\ndisabledRules = ['github-pat']\n",
    );
    let r = d.run(&["dir", "-f", "json"]);
    assert!(
        r.found().iter().all(|f| f.2 != "github-pat"),
        "{:?}",
        r.found()
    );
    assert!(!r.found().is_empty());
    // Overriding a built-in rule's severity keeps its regex.
    d.write(
        ".leakhound.toml",
        "[extend]\nuseDefault = true\n[[rules]]\nid = 'github-pat'\nseverity = 'low'\n",
    );
    let r = d.run(&["dir", "-f", "json"]);
    let gh: Vec<_> = r
        .json()
        .into_iter()
        .filter(|f| f["rule_id"] == "github-pat")
        .collect();
    assert_eq!(gh.len(), 1);
    assert_eq!(gh[0]["severity"], "low");
}

#[test]
fn an_extend_path_outside_the_scanned_tree_is_refused() {
    let outer = Dir::new();
    outer.write("evil.toml", "[[allowlists]]\npaths = ['''.*''']\n");
    outer.write("repo/.leakhound.toml", "[extend]\npath = '../evil.toml'\n");
    outer.write("repo/a.txt", format!("{}\n", github_pat()));
    let r = outer.run(&["dir", "repo"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("points outside the scanned directory"),
        "{}",
        r.stderr
    );
    // Given explicitly, the same config may extend what it likes.
    let r = outer.run(&["dir", "repo", "-c", "repo/.leakhound.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn rules_list_and_check() {
    let d = Dir::new();
    let r = d.run(&["rules", "list"]);
    assert_eq!(r.code, 0);
    let lines: Vec<_> = r.stdout.lines().collect();
    assert!(lines.len() >= 40, "{} rules", lines.len());
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("github-pat ") && l.contains("critical")),
        "{}",
        r.stdout
    );
    let r = d.run(&["rules", "check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    d.write("mine.toml", "[[rules]]\nid = 'mine'\nregex = '''mine_[0-9]{4}'''\nkeywords = ['mine_']\nexamples = ['mine_1234', 'x mine_9876']\nnegativeExamples = ['mine_12']\n");
    assert_eq!(d.run(&["rules", "check", "mine.toml"]).code, 0);
    d.write("bad.toml", "[[rules]]\nid = 'bad'\nregex = '''bad_[0-9]{4}'''\nkeywords = ['bad_']\nexamples = ['bad_12']\nnegativeExamples = ['bad_7391']\n");
    let r = d.run(&["rules", "check", "bad.toml"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("example 1 produces no finding"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("negative example 1 produces a finding"),
        "{}",
        r.stderr
    );
    d.write("nokw.toml", "[[rules]]\nid = 'nokw'\nregex = '''x[0-9]{4}'''\nexamples = ['x1234', 'x5678']\nnegativeExamples = ['x12']\n");
    let r = d.run(&["rules", "check", "nokw.toml"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("no keywords"), "{}", r.stderr);
}

/// A gitleaks config's `disabledRules` names gitleaks' ids: each disables the rules of ours that
/// answer to it (`aws-access-token` is three AWS key id rules, `stripe-access-token` Stripe's
/// secret and restricted keys, `droneci-access-token` and `sonar-api-token` two named-context
/// rules from the catalogue), `rules list` no longer shows them, a scan no longer reports
/// them, and an id nothing answers to is a warning naming it.
#[test]
fn disabled_rules_accept_gitleaks_ids() {
    let d = Dir::new();
    d.write(
        ".gitleaks.toml",
        "[extend]\nuseDefault = true\ndisabledRules = [\"aws-access-token\", \"stripe-access-token\", \"droneci-access-token\", \"sonar-api-token\", \"no-such-gitleaks-rule\"]\n",
    );
    d.write(
        "app.cfg",
        format!(
            "AWS_ACCESS_KEY_ID={}\nSTRIPE_KEY={}\nGH={}\n",
            aws_key_id(),
            stripe_live(),
            github_pat()
        ),
    );
    let list = d.run(&["rules", "list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let ids: Vec<&str> = list
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for gone in [
        "aws-access-key-id",
        "aws-temporary-access-key-id",
        "stripe-live-secret-key",
        "stripe-live-restricted-key",
        // Named-context rules generated from the catalogue answer to their gitleaks ids too.
        "drone-access-token",
        "sonarcloud-token",
    ] {
        assert!(!ids.contains(&gone), "{gone} still listed");
    }
    assert!(ids.contains(&"github-pat"));
    assert!(
        ids.contains(&"aws-secret-access-key"),
        "only the key id rules go"
    );
    assert!(
        list.stderr.contains("\"no-such-gitleaks-rule\""),
        "{}",
        list.stderr
    );

    let r = d.run(&["dir", ".", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let rules: Vec<String> = r
        .json()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(rules, vec!["github-pat".to_string()], "{}", r.stdout);
    let warning: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warning.len(), 1, "{}", r.stderr);
    assert!(
        warning[0].contains(".gitleaks.toml: disabledRules names \"no-such-gitleaks-rule\""),
        "{}",
        r.stderr
    );
}

/// A gitleaks id also works in a `[[rules]]` override of the rules it names, in an allowlist's
/// `targetRules`, and as the rule of a `.gitleaksignore` entry.
#[test]
fn gitleaks_ids_work_in_overrides_target_rules_and_ignore_files() {
    let d = Dir::new();
    d.write(
        ".gitleaks.toml",
        "[extend]\nuseDefault = true\n\n\
         [[rules]]\nid = \"stripe-access-token\"\nseverity = \"low\"\n\n\
         [[allowlists]]\ntargetRules = [\"aws-access-token\", \"not-a-rule\"]\npaths = ['''^fixtures/''']\n",
    );
    let aws = format!("AWS_ACCESS_KEY_ID={}\n", aws_key_id());
    d.write("fixtures/aws.txt", &aws);
    d.write("src/aws.txt", &aws);
    d.write("src/stripe.txt", format!("STRIPE_KEY={}\n", stripe_live()));
    d.write("src/gh.txt", format!("GH={}\n", github_pat()));
    d.write("fixtures/gh.txt", format!("GH={}\n", github_pat()));
    d.write(".gitleaksignore", "src/gh.txt:github-pat:1\n");
    let r = d.run(&["dir", ".", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let found: Vec<(String, String, String)> = r
        .json()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule_id"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let files: Vec<&str> = found.iter().map(|(f, _, _)| f.as_str()).collect();
    // The allowlist applies to the AWS rules only: fixtures/gh.txt is still reported.
    assert!(!files.contains(&"fixtures/aws.txt"), "{found:?}");
    assert!(files.contains(&"src/aws.txt"), "{found:?}");
    assert!(files.contains(&"fixtures/gh.txt"), "{found:?}");
    assert!(!files.contains(&"src/gh.txt"), "{found:?}");
    let stripe = found
        .iter()
        .find(|(f, _, _)| f == "src/stripe.txt")
        .unwrap();
    assert_eq!(stripe.1, "stripe-live-secret-key", "{found:?}");
    assert_eq!(stripe.2, "low", "the override reached it: {found:?}");
    assert!(
        r.stderr.contains("targetRules names \"not-a-rule\""),
        "{}",
        r.stderr
    );

    // The gitleaks id in an ignore entry covers our rule's finding.
    d.write(
        ".gitleaksignore",
        "src/gh.txt:github-pat:1\nsrc/aws.txt:aws-access-token:1\n",
    );
    let r = d.run(&["dir", ".", "-f", "json"]);
    let files: Vec<String> = r
        .json()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert!(!files.contains(&"src/aws.txt".to_string()), "{files:?}");
}

/// `rules list` shows id, service, severity, confidence class and aliases; `--format json` the
/// same as objects.
#[test]
fn rules_list_shows_service_confidence_and_aliases() {
    let d = Dir::new();
    let r = d.run(&["rules", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("aws-access-key-id "))
        .unwrap();
    let cols: Vec<&str> = line.split("  ").filter(|c| !c.is_empty()).collect();
    assert_eq!(
        cols[..5].iter().map(|c| c.trim()).collect::<Vec<_>>(),
        [
            "aws-access-key-id",
            "Amazon Web Services",
            "critical",
            "medium",
            "aws-access-token"
        ],
        "{line}"
    );
    let gh = r
        .stdout
        .lines()
        .find(|l| l.starts_with("github-pat "))
        .unwrap();
    assert!(
        gh.contains(" high "),
        "a checksum rule is high confidence: {gh}"
    );

    let r = d.run(&["rules", "list", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    let text_lines = d.run(&["rules", "list"]).stdout.lines().count();
    assert_eq!(list.len(), text_lines);
    let aws = list
        .iter()
        .find(|v| v["id"] == "aws-access-key-id")
        .unwrap();
    assert_eq!(aws["service"], "Amazon Web Services");
    assert_eq!(aws["confidence"], "medium");
    assert_eq!(aws["aliases"], serde_json::json!(["aws-access-token"]));
    // Every built-in rule names its service.
    let without: Vec<&str> = list
        .iter()
        .filter(|v| v["service"].as_str().unwrap_or_default().is_empty())
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert!(without.is_empty(), "rules without a service: {without:?}");
    // The breadth issue's floor: 650 rules over 500 distinct services.
    let services: std::collections::HashSet<String> = list
        .iter()
        .map(|v| v["service"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(list.len() >= 650, "{} rules", list.len());
    assert!(services.len() >= 500, "{} services", services.len());
    // A named-context rule's findings are context-only: confidence low.
    let linear = list
        .iter()
        .find(|v| v["id"] == "linear-client-secret")
        .unwrap();
    assert_eq!(linear["confidence"], "low");
}
