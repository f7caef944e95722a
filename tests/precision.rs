//! The precision layer through the binary: placeholders of every class are not reported but
//! counted and listed (`--explain`, never the value), public-by-design keys likewise, confidence
//! says what verified, and `--min-confidence` filters the report and the exit code on dir, stdin
//! and git scans.

use leakhound::matcher::checksum::{base62_6, crc32};

use crate::util::*;

/// A GitHub token whose CRC32 verifies.
fn verified_github_pat() -> String {
    let random = "Q7mZx2LkP4nW9sT1yB6cH3jD5fG0aE";
    let check = base62_6(crc32(random.as_bytes()));
    format!("ghp_{random}{}", std::str::from_utf8(&check).unwrap())
}

/// `fixtures/placeholders/`: one placeholder per line after the comment lines.
fn placeholder_lines() -> Vec<(String, usize)> {
    let dir = repo_root().join("fixtures/placeholders");
    let mut out = Vec::new();
    for name in ["app.yaml", "tokens.txt"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        for (i, line) in text.lines().enumerate() {
            if !line.starts_with('#') && !line.trim().is_empty() {
                out.push((name.to_string(), i + 1));
            }
        }
    }
    out
}

#[test]
fn placeholders_of_every_class_are_counted_and_explained_not_reported() {
    let d = Dir::new();
    let src = repo_root().join("fixtures/placeholders");
    for name in ["app.yaml", "tokens.txt"] {
        d.write(name, std::fs::read(src.join(name)).unwrap());
    }
    let want = placeholder_lines();
    let r = d.run(&["dir", ".", "-f", "json", "--explain", "--no-progress"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json().len(), 0, "{}", r.stdout);
    let explained: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("ignored: "))
        .collect();
    // The provider rules' placeholders all reach the layer. The generic rules' values come from
    // the assignment pass, which itself never proposes a value that reads as a variable name or
    // a mask (`$ACCESS_TOKEN`, `process.env.X`, `****`): those are not findings and not counted;
    // every other placeholder of app.yaml is.
    for (name, line) in &want {
        let at = format!("ignored: {name}:{line}: ");
        let listed = explained.iter().any(|l| l.starts_with(&at));
        assert!(
            listed || name == "app.yaml",
            "{name}:{line} is not listed:\n{}",
            r.stderr
        );
    }
    let from_app = explained
        .iter()
        .filter(|l| l.starts_with("ignored: app.yaml:"))
        .count();
    assert!(from_app >= 6, "{}", r.stderr);
    let summary = r.stderr.lines().last().unwrap();
    assert!(
        summary.ends_with(&format!("; {} placeholders ignored", explained.len())),
        "{summary}"
    );
    // Every class the fixtures reach shows up, by name (the key's-name and masked-value classes
    // are the generic values the assignment pass already refuses: unit tests in
    // matcher/precision/placeholder.rs hold them).
    for class in [
        "one character repeated",
        "a sequence of consecutive characters",
        "a short pattern repeated",
        "a marker word",
        "template syntax",
        "a variable or lookup",
        "a bracketed placeholder",
        "encoded placeholder text",
    ] {
        assert!(r.stderr.contains(class), "no {class:?}:\n{}", r.stderr);
    }
    // The values themselves are never printed.
    for value in [
        "xxxxxxxxxxxxxxxx",
        "AKIAIOSFODNN7EXAMPLE",
        "YS1naXQtdG9rZW4",
        "SERVICE_API_SECRET",
    ] {
        assert!(!r.stderr.contains(value), "{value} printed:\n{}", r.stderr);
    }
    // Without --explain the summary says where to look.
    let quiet = d.run(&["dir", ".", "--no-progress"]);
    assert_eq!(quiet.code, 0);
    assert!(
        quiet
            .stderr
            .contains("placeholders ignored (--explain lists them)"),
        "{}",
        quiet.stderr
    );
}

#[test]
fn a_real_secret_beside_placeholders_is_still_reported() {
    let d = Dir::new();
    let pat = github_pat();
    d.write(
        "ci.yml",
        format!("token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nreal: {pat}\n"),
    );
    let r = d.run(&["dir", ".", "-f", "json", "--no-progress"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let found = r.found();
    assert_eq!(
        found,
        vec![("ci.yml".to_string(), 2, "github-pat".to_string())]
    );
    assert!(r.stderr.contains("; 1 placeholder ignored"), "{}", r.stderr);
}

/// A key made for client code is not reported: counted as a public key, and `--explain` says
/// why (the rule's or its allowlist's reason). The jwt.io sample token is one such.
#[test]
fn public_by_design_keys_are_counted_apart() {
    let d = Dir::new();
    d.write(
        "web/index.html",
        "<script>\nconst jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';\nconst stripe = Stripe('pk_live_51S9Va9l2NA3EQqA65uwfYCG1TScRP1IMP8L9C5NgDdRbLPUeh');\n</script>\n",
    );
    let r = d.run(&["dir", ".", "-f", "json", "--explain", "--no-progress"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json().len(), 0, "{}", r.stdout);
    assert!(r.stderr.contains("; 2 public keys ignored"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("web/index.html:2: jwt: public by design (documentation tokens"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("web/index.html:3: stripe-publishable-key: public by design (publishable"),
        "{}",
        r.stderr
    );
}

/// A JWT that decodes to a header with `alg`, a GitHub token whose CRC32 verifies: high. A
/// distinctive prefix without a checksum: medium. A generic assignment: low.
#[test]
fn confidence_says_what_verified() {
    let d = Dir::new();
    // Joined at run time, so this file holds no token.
    let jwt = [
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
        "eyJzdWIiOiI4NjY1MDgyMCIsIm5hbWUiOiJtLmR2Z2tvcCIsImlhdCI6MTc5MDE2MTMxNSwiZXhwIjoxNzkwMTY0OTE1fQ",
        "RdLpF7jwyO_s18_JCuwa4Lzz1adFvsCGgnaadRKktY4",
    ]
    .join(".");
    let bad_jwt = [
        "eyJxbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9x",
        "eyJzdWIiOiI4NjY1MDgyMCIsIm5hbWUiOiJtLmR2Z2tvcCJ9",
        "RdLpF7jwyO_s18_JCuwa4Lzz1adFvsCGgnaadRKktY4",
    ]
    .join(".");
    d.write(
        "conf.txt",
        format!(
            "a = {}\nb = {jwt}\nc = {bad_jwt}\nd = {}\nclient_secret = \"{}\"\n",
            verified_github_pat(),
            aws_key_id(),
            client_secret()
        ),
    );
    let r = d.run(&["dir", ".", "-f", "json", "--no-progress"]);
    let by_line: Vec<(u64, String, String)> = r
        .json()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_string(),
                f["confidence"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        (1, "github-pat", "high"),
        (2, "jwt", "high"),
        (3, "jwt", "low"),
        (4, "aws-access-key-id", "medium"),
        (5, "generic-secret", "low"),
    ];
    for (line, rule, confidence) in want {
        assert!(
            by_line
                .iter()
                .any(|(l, r, c)| *l == line && r == rule && c == confidence),
            "line {line}: want {rule} {confidence}, got {by_line:?}"
        );
    }
}

/// A generic secret, built from parts so that the repository's own scan does not find it here.
fn client_secret() -> String {
    format!("{}{}", "RP9DtyoYttGTVjs6", "kB87pJC9feyWH1V4")
}

/// `--min-confidence` filters the report and the exit code, on every kind of scan.
#[test]
fn min_confidence_filters_report_and_exit_code() {
    let low = format!("client_secret = \"{}\"\n", client_secret());
    let low = low.as_str();
    let high = format!("token = {}\n", verified_github_pat());
    // dir
    let d = Dir::new();
    d.write("low.txt", low);
    let r = d.run(&["dir", ".", "--no-progress", "--min-confidence", "medium"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = d.run(&["dir", ".", "--no-progress", "--min-confidence", "low"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    d.write("high.txt", &high);
    let r = d.run(&[
        "dir",
        ".",
        "-f",
        "json",
        "--no-progress",
        "--min-confidence",
        "HIGH",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.found(),
        vec![("high.txt".to_string(), 1, "github-pat".to_string())]
    );
    // stdin
    let r = d.run_stdin(&["stdin", "--min-confidence", "high"], low.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = d.run_stdin(&["stdin", "--min-confidence", "high"], high.as_bytes());
    assert_eq!(r.code, 1, "{}", r.stderr);
    // git history
    let repo = GitRepo::init();
    repo.write("a.txt", low).add("a.txt").commit("low");
    let r = run_in(
        repo.path(),
        &["git", ".", "--min-confidence", "medium"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(repo.path(), &["git", "."], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // A bad level is a usage error.
    let r = d.run(&["dir", ".", "--min-confidence", "certain"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a confidence"), "{}", r.stderr);
}

/// A config of one rule for `acme_` and 24 letters, with the `extra` field lines.
fn acme_rule(extra: &str) -> String {
    let q = "'''";
    format!(
        "[[rules]]\nid = \"acme-token\"\nregex = {q}acme_[a-z]{{24}}{q}\nkeywords = [\"acme_\"]\n{extra}"
    )
}

/// A rule opts out of the layer only with a stated reason; anything else is a config error
/// that names the file and line.
#[test]
fn a_rule_opts_out_only_with_a_reason() {
    let d = Dir::new();
    d.write("a.txt", "acme_xxxxxxxxxxxxxxxxxxxxxxxx\n");
    let reason = "precision = \"off: acme issues tokens of one repeated letter in its sandbox\"\n";
    d.write("off.toml", acme_rule(reason));
    let run = |config: &str| d.run(&["dir", "a.txt", "-c", config, "-f", "json", "--no-progress"]);
    let r = run("off.toml");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.found().len(), 1);
    d.write("bad.toml", acme_rule("precision = \"off\"\n"));
    let r = run("bad.toml");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("bad.toml:") && r.stderr.contains("off: <reason>"),
        "{}",
        r.stderr
    );
    // Without the opt-out, the same value is a placeholder.
    d.write("on.toml", acme_rule(""));
    let r = run("on.toml");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("1 placeholder ignored"), "{}", r.stderr);
}

/// With `--redact` (the default), `--explain` masks a real secret that appears in a path.
#[test]
fn explain_masks_secrets_in_paths() {
    let d = Dir::new();
    let pat = github_pat();
    d.write(
        &format!("{pat}/conf.txt"),
        format!("a = ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nb = {pat}\n"),
    );
    let r = d.run(&["dir", ".", "--explain", "--no-progress"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("ignored: "), "{}", r.stderr);
    assert!(!r.stderr.contains(&pat), "{}", r.stderr);
}
