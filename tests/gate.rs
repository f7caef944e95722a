//! What a CI gate reports: a range only what its commits add (each finding blamed on the commit
//! that added it), commit messages scanned as content and masked, where a secret that is not at
//! HEAD still is, and ignore files that never echo what they hold.

use crate::util::*;

fn range(g: &GitRepo, spec: &str) -> Run {
    g.run(&["git", "-f", "json", "--range", spec])
}

#[test]
fn a_range_reports_only_the_secrets_its_commits_add() {
    let g = GitRepo::init().with_rules();
    let old = github_pat();
    g.write(
        "config.env",
        format!("NAME=app\nOLD_TOKEN={old}\nMODE=dev\n"),
    );
    g.commit("base");
    g.branch("feature").checkout("feature");
    // The branch edits a line of the file that already held a secret...
    g.write(
        "config.env",
        format!("NAME=app2\nOLD_TOKEN={old}\nMODE=dev\n"),
    );
    g.commit("rename the app");
    // ...adds a new secret to it...
    let key = aws_key_id();
    g.write(
        "config.env",
        format!("NAME=app2\nOLD_TOKEN={old}\nMODE=dev\nAWS={key}\n"),
    );
    let adds = g.commit("add the AWS key");
    // ...and edits it again around both.
    g.write(
        "config.env",
        format!("NAME=app3\nOLD_TOKEN={old}\nMODE=prod\nAWS={key}\n"),
    );
    g.commit("prod mode");

    let r = range(&g, "main..feature");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        found_in(&r),
        vec![(
            "config.env".into(),
            4,
            "aws-access-key-id".into(),
            adds.to_string()
        )]
    );
    // The whole history still has both.
    let all = g.run(&["git", "-f", "json"]);
    assert_eq!(all.json().len(), 2, "{}", all.stdout);
}

#[test]
fn a_secret_moved_or_edited_around_in_a_range_is_not_new() {
    let g = GitRepo::init().with_rules();
    let old = github_pat();
    g.write("a.env", format!("X=1\nTOKEN={old}\n"));
    g.write("b.env", "Y=2\n");
    g.commit("base");
    g.branch("feature").checkout("feature");
    // The line with the secret is edited (a comment added): the secret is not new.
    g.write("a.env", format!("X=1\nTOKEN={old} # rotated soon\n"));
    g.commit("comment");
    // The secret moves to another file in one commit.
    g.write("a.env", "X=1\n");
    g.write("b.env", format!("Y=2\nTOKEN={old}\n"));
    g.commit("move the token");
    // A later commit copies it back to a third file: it was removed before, so it moved.
    g.write("c.env", format!("TOKEN={old}\n"));
    g.commit("and again");
    let r = range(&g, "main..feature");
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.json().is_empty());

    // A secret added in the range, then moved within it: reported once, where it was added.
    let new = github_pat2();
    g.write("d.env", format!("NEW={new}\n"));
    let added = g.commit("add a new token");
    g.remove("d.env");
    g.write("e.env", format!("NEW={new}\n"));
    g.commit("move it");
    let r = range(&g, "main..feature");
    assert_eq!(
        found_in(&r),
        vec![("d.env".into(), 1, "github-pat".into(), added.to_string())]
    );
}

#[test]
fn a_range_blames_each_secret_on_the_commit_that_added_it() {
    let g = GitRepo::init().with_rules();
    g.write("README.md", "hello\n");
    let base = g.commit("base");
    g.write("one.txt", format!("{}\n", github_pat()));
    let first = g.commit("first");
    g.write("one.txt", format!("{}\nmore\n", github_pat()));
    g.write("two.txt", format!("{}\n", aws_key_id()));
    let second = g.commit("second");
    let r = range(&g, &format!("{base}..HEAD"));
    assert_eq!(
        found_in(&r),
        vec![
            ("one.txt".into(), 1, "github-pat".into(), first.to_string()),
            (
                "two.txt".into(),
                1,
                "aws-access-key-id".into(),
                second.to_string()
            ),
        ]
    );
    // A range that starts after the first commit does not have its secret.
    let r = range(&g, &format!("{first}..HEAD"));
    assert_eq!(
        found_in(&r),
        vec![(
            "two.txt".into(),
            1,
            "aws-access-key-id".into(),
            second.to_string()
        )]
    );
}

#[test]
fn commit_messages_are_scanned_and_masked() {
    let g = GitRepo::init().with_rules();
    let token = github_pat();
    g.write("a.txt", format!("key {}\n", aws_key_id()));
    let c = g.commit(&format!(
        "add a key, token {token}\n\nalso {}",
        github_pat2()
    ));
    let r = g.run(&["git", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let f = r.json();
    let in_message: Vec<_> = f.iter().filter(|f| f["path"] == "").collect();
    assert_eq!(in_message.len(), 2, "{}", r.stdout);
    for m in &in_message {
        assert_eq!(m["commit"], c.to_string());
        assert_eq!(m["rule_id"], "github-pat");
        assert!(m.get("in_head").is_none(), "{m}");
    }
    // The message's lines: the first and the third.
    let mut lines: Vec<u64> = in_message
        .iter()
        .map(|m| m["line"].as_u64().unwrap())
        .collect();
    lines.sort_unstable();
    assert_eq!(lines, vec![1, 3]);
    // Every format: the secret never shows, in the message field or anywhere else.
    for format in ["json", "text", "csv", "sarif", "junit"] {
        let r = g.run(&["git", "-f", format]);
        assert!(!r.stdout.contains(&token), "{format}: {}", r.stdout);
        assert!(!r.stdout.contains(&github_pat2()), "{format}");
        assert!(!r.stderr.contains(&token), "{format}: {}", r.stderr);
    }
    // SARIF: a commit message is a logical location (the commit), not a file.
    let sarif: serde_json::Value =
        serde_json::from_str(&g.run(&["git", "-f", "sarif"]).stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let logical: Vec<_> = results
        .iter()
        .filter_map(|r| r["locations"][0]["logicalLocations"][0].as_object())
        .collect();
    assert_eq!(logical.len(), 2, "{sarif}");
    assert_eq!(logical[0]["fullyQualifiedName"], c.to_string());
    assert_eq!(results.len(), 3);
    let text = g.run(&["git"]);
    assert!(
        text.stdout.contains("(commit message):1:"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("add a key, token ghp_*****"),
        "{}",
        text.stdout
    );
    // A range scans the messages of its commits only.
    g.write("b.txt", "plain\n");
    let later = g.commit("plain change");
    let r = range(&g, &format!("{c}..{later}"));
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn a_secret_only_on_an_unmerged_branch_says_where_it_is() {
    let g = GitRepo::init().with_rules();
    g.write("README.md", "hello\n");
    g.commit("root");
    g.branch("feature/x").checkout("feature/x");
    g.write("feature.env", format!("T={}\n", github_pat()));
    g.commit("feature work");
    g.checkout("main");
    g.write("gone.env", format!("K={}\n", aws_key_id()));
    g.commit("add a key");
    g.remove("gone.env");
    g.commit("remove it");

    let r = g.run(&["git", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let f = r.json();
    let by_path = |p: &str| f.iter().find(|f| f["path"] == p).unwrap().clone();
    let feature = by_path("feature.env");
    assert_eq!(feature["in_head"], false);
    assert_eq!(feature["refs"], serde_json::json!(["feature/x"]));
    let gone = by_path("gone.env");
    assert_eq!(gone["in_head"], false);
    assert_eq!(gone["refs"], serde_json::json!(["main"]));

    let t = g.run(&["git"]);
    assert!(
        t.stdout
            .contains("status: not in HEAD's history: only on feature/x"),
        "{}",
        t.stdout
    );
    assert!(
        t.stdout
            .contains("status: only in history (removed from HEAD)"),
        "{}",
        t.stdout
    );
}

#[test]
fn an_ignore_file_never_echoes_a_line_it_cannot_read() {
    let d = Dir::new();
    d.write(".leakhound.toml", TEST_RULES);
    let token = github_pat();
    d.write(
        ".leakhoundignore",
        format!("{token}\nsrc/x:{token}:notaline\n"),
    );
    d.write("a.txt", "nothing\n");
    // Not scanned itself, so no finding puts its secret in the mask.
    d.write(".ignore", ".leakhoundignore\n");
    let r = d.run(&["dir", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(".leakhoundignore:1: skipped"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(".leakhoundignore:2: skipped"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(&token[4..]), "{}", r.stderr);
}
