//! CI systems: the GitHub Action's shell steps run here with the environment GitHub gives them,
//! and the GitLab secret-detection report has the shape GitLab documents.

use std::path::Path;
use std::process::Command;

use crate::util::*;

/// What one run of the action's scan step left: its outputs, the job summary, the SARIF report.
struct Step {
    status: i32,
    outputs: String,
    summary: String,
    sarif: Option<serde_json::Value>,
    log: String,
}

/// Runs `scripts/ci/github-scan.sh` in `repo` as GitHub runs it for `event` (with `base_ref`:
/// a pull request), with leakhound on PATH.
fn scan_step(repo: &Path, event: &str, base_ref: Option<&str>, args: &str) -> Step {
    let runner = Dir::new();
    let output = runner.join("github_output");
    let summary = runner.join("step_summary");
    std::fs::write(&output, "").unwrap();
    std::fs::write(&summary, "").unwrap();
    let bin_dir = Path::new(bin()).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("bash");
    cmd.arg(repo_root().join("scripts/ci/github-scan.sh"))
        .current_dir(repo)
        .env_clear()
        .env("PATH", path)
        .env("HOME", runner.path())
        .env("GITHUB_ACTIONS", "true")
        .env("CI", "true")
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_WORKSPACE", repo)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_ACTION_PATH", repo_root())
        .env("RUNNER_TEMP", runner.path())
        .env("LEAKHOUND_PATH", ".")
        .env("LEAKHOUND_ARGS", args);
    if let Some(base) = base_ref {
        cmd.env("GITHUB_BASE_REF", base)
            .env("GITHUB_HEAD_REF", "feature");
    }
    let out = cmd.output().expect("bash");
    let outputs = std::fs::read_to_string(&output).unwrap();
    let sarif = outputs
        .lines()
        .find_map(|l| l.strip_prefix("sarif="))
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap());
    Step {
        status: out.status.code().unwrap_or(-1),
        outputs,
        summary: std::fs::read_to_string(&summary).unwrap(),
        sarif,
        log: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn results(sarif: &serde_json::Value) -> Vec<String> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap().to_string())
        .collect()
}

/// A repository as actions/checkout leaves it for a pull request from `feature` into `main`
/// (fetch-depth: 0): origin/main, and HEAD on the pull request's commits.
fn pull_request_checkout() -> GitRepo {
    let g = GitRepo::init().with_rules();
    g.write("old.env", format!("T={}\n", github_pat()));
    g.commit("an old secret on main");
    let main = g.repo.head().unwrap().peel_to_commit().unwrap().id();
    g.repo
        .reference("refs/remotes/origin/main", main, false, "fetch")
        .unwrap();
    g.branch("feature").checkout("feature");
    g.write("old.env", format!("T={}\nMORE=1\n", github_pat()));
    g.write("new.env", format!("K={}\n", aws_key_id()));
    g.commit("the pull request");
    g
}

#[test]
fn the_action_scans_a_pull_requests_commits_only() {
    let g = pull_request_checkout();
    let s = scan_step(g.path(), "pull_request", Some("main"), "");
    assert_eq!(s.status, 0, "the step itself passes: {}", s.log);
    assert!(s.outputs.contains("exit-code=1\n"), "{}", s.outputs);
    assert_eq!(results(s.sarif.as_ref().unwrap()), ["aws-access-key-id"]);
    assert!(
        s.summary
            .contains("**Secrets found** in the commits of this pull request (origin/main..HEAD)"),
        "{}",
        s.summary
    );
    assert!(s.summary.contains("new.env:1:"), "{}", s.summary);
    assert!(
        !s.summary.contains(&aws_key_id()),
        "redacted: {}",
        s.summary
    );
    assert!(!s.log.contains(&aws_key_id()));
}

#[test]
fn the_action_scans_the_whole_history_on_other_events() {
    let g = pull_request_checkout();
    let s = scan_step(g.path(), "push", None, "");
    assert!(s.outputs.contains("exit-code=1\n"), "{}", s.outputs);
    let mut r = results(s.sarif.as_ref().unwrap());
    r.sort();
    assert_eq!(r, ["aws-access-key-id", "github-pat"]);
    assert!(s.summary.contains("the whole history"), "{}", s.summary);
    // Options pass through: with only the GitHub rule, enabled twice over.
    let s = scan_step(
        g.path(),
        "schedule",
        None,
        "--enable-rule github-pat --min-severity low",
    );
    assert_eq!(results(s.sarif.as_ref().unwrap()), ["github-pat"]);
}

#[test]
fn the_action_on_a_clean_pull_request_and_on_an_error() {
    let g = GitRepo::init().with_rules();
    g.write("a.txt", "plain\n");
    g.commit("root");
    let main = g.repo.head().unwrap().peel_to_commit().unwrap().id();
    g.repo
        .reference("refs/remotes/origin/main", main, false, "fetch")
        .unwrap();
    g.write("b.txt", "still plain\n");
    g.commit("change");
    let s = scan_step(g.path(), "pull_request", Some("main"), "");
    assert!(s.outputs.contains("exit-code=0\n"), "{}", s.outputs);
    assert!(s.sarif.is_some());
    assert!(
        s.summary
            .contains("No secrets found in the commits of this pull request"),
        "{}",
        s.summary
    );
    // A base branch that was not fetched: the scan fails, the summary says so, no SARIF.
    let s = scan_step(g.path(), "pull_request", Some("release"), "");
    assert!(s.outputs.contains("exit-code=2\n"), "{}", s.outputs);
    assert!(s.sarif.is_none(), "{}", s.outputs);
    assert!(
        s.summary.contains("**The scan failed** (exit code 2)"),
        "{}",
        s.summary
    );
}

#[test]
fn the_action_runs_its_scripts_and_the_install_step_uses_leakhound_on_path() {
    let action = std::fs::read_to_string(repo_root().join("action.yml")).unwrap();
    for script in ["scripts/ci/github-install.sh", "scripts/ci/github-scan.sh"] {
        assert!(
            action.contains(&format!("\"$GITHUB_ACTION_PATH/{script}\"")),
            "{script}"
        );
        let mode = std::fs::metadata(repo_root().join(script)).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert!(
                mode.permissions().mode() & 0o111 != 0,
                "{script} is executable"
            );
        }
        let _ = mode;
    }
    assert!(action.contains("using: composite"));
    assert!(action.contains("github/codeql-action/upload-sarif"));
    let bin_dir = Path::new(bin()).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/ci/github-install.sh"))
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("leakhound: using "));
}

/// Checks a GitLab report against the fields GitLab documents for the secret-detection schema.
fn check_gitlab_shape(report: &serde_json::Value) {
    let time = |v: &serde_json::Value| {
        let t = v.as_str().unwrap();
        assert_eq!(t.len(), 19, "{t}");
        assert_eq!(&t[4..5], "-");
        assert_eq!(&t[10..11], "T");
        assert!(!t.ends_with('Z'));
    };
    assert!(report["version"].as_str().unwrap().starts_with("15."));
    let scan = &report["scan"];
    assert_eq!(scan["type"], "secret_detection");
    assert_eq!(scan["status"], "success");
    time(&scan["start_time"]);
    time(&scan["end_time"]);
    for tool in ["analyzer", "scanner"] {
        for field in ["id", "name", "version"] {
            assert!(scan[tool][field].is_string(), "{tool}.{field}");
        }
        assert!(scan[tool]["vendor"]["name"].is_string());
    }
    for v in report["vulnerabilities"].as_array().unwrap() {
        let id = v["id"].as_str().unwrap();
        assert_eq!(
            id.split('-').map(str::len).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        for field in ["name", "description", "solution", "raw_source_code_extract"] {
            assert!(v[field].is_string(), "{field}");
        }
        assert!(["Critical", "High", "Medium", "Low", "Info", "Unknown"]
            .contains(&v["severity"].as_str().unwrap()));
        let ident = &v["identifiers"][0];
        for field in ["type", "name", "value"] {
            assert!(ident[field].is_string(), "identifiers.{field}");
        }
        let loc = &v["location"];
        assert!(loc["file"].is_string());
        assert!(loc["start_line"].as_u64().unwrap() >= 1);
        assert!(loc["end_line"].as_u64().unwrap() >= loc["start_line"].as_u64().unwrap());
        assert!(loc["commit"]["sha"].is_string(), "commit.sha is required");
    }
}

#[test]
fn the_gitlab_report_has_gitlabs_documented_shape() {
    let g = pull_request_checkout();
    let r = g.run(&["git", "-f", "gitlab"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    check_gitlab_shape(&report);
    let v = report["vulnerabilities"].as_array().unwrap();
    assert_eq!(v.len(), 2);
    let aws = v
        .iter()
        .find(|v| v["location"]["file"] == "new.env")
        .unwrap();
    assert_eq!(aws["identifiers"][0]["value"], "aws-access-key-id");
    assert_eq!(aws["location"]["start_line"], 1);
    assert_eq!(aws["location"]["commit"]["sha"].as_str().unwrap().len(), 40);
    assert!(aws["location"]["commit"]["author"]
        .as_str()
        .unwrap()
        .contains(AUTHOR.0));
    assert!(aws["raw_source_code_extract"]
        .as_str()
        .unwrap()
        .ends_with("*****"));
    assert!(!r.stdout.contains(&aws_key_id()));
    // The same scan twice: the same ids.
    let again: serde_json::Value =
        serde_json::from_str(&g.run(&["git", "-f", "gitlab"]).stdout).unwrap();
    let ids = |r: &serde_json::Value| -> Vec<String> {
        r["vulnerabilities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&report), ids(&again));
    // Outside git history: the sha GitLab's schema requires, as its analyzer writes it.
    let d = g.run(&["dir", ".", "-f", "gitlab"]);
    let report: serde_json::Value = serde_json::from_str(&d.stdout).unwrap();
    check_gitlab_shape(&report);
    assert!(report["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["location"]["commit"]["sha"] == "0000000"));
    // A clean scan: an empty list, still a valid report.
    let clean = Dir::new();
    clean.write("a.txt", "nothing\n");
    let c = clean.run(&["dir", ".", "-f", "gitlab"]);
    assert_eq!(c.code, 0);
    let report: serde_json::Value = serde_json::from_str(&c.stdout).unwrap();
    check_gitlab_shape(&report);
    assert_eq!(report["vulnerabilities"], serde_json::json!([]));
}

#[test]
fn the_text_report_says_what_to_do_once_per_rule() {
    let d = Dir::new();
    d.write(
        ".leakhound.toml",
        "[[rules]]\nid = \"acme\"\nregex = '''acme_([a-z0-9]{12})'''\nremediation = \"Revoke it in the ACME console.\"\n",
    );
    d.write(
        "a.txt",
        "acme_k3v9q2m7x4p1\nacme_f8h2j5n1r6t2\nacme_w4y7b3d9g2k3\n",
    );
    let r = d.run(&["dir", "."]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout
            .matches("fix: Revoke it in the ACME console.")
            .count(),
        1,
        "{}",
        r.stdout
    );
    let j = d.run(&["dir", ".", "-f", "json"]);
    assert!(j
        .json()
        .iter()
        .all(|f| f["remediation"] == "Revoke it in the ACME console."));
    let c = d.run(&["dir", ".", "-f", "csv"]);
    assert!(
        c.stdout.lines().next().unwrap().ends_with(",remediation"),
        "{}",
        c.stdout
    );
    assert!(c
        .stdout
        .lines()
        .nth(1)
        .unwrap()
        .ends_with(",Revoke it in the ACME console."));
}
