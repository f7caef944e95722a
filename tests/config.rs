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
    d.write("a.txt", format!("{}\nonly_12345678\n", github_pat()));
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
    d.write("bad.toml", "[[rules]]\nid = 'bad'\nregex = '''bad_[0-9]{4}'''\nkeywords = ['bad_']\nexamples = ['bad_12']\nnegativeExamples = ['bad_1234']\n");
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
