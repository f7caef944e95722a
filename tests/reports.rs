//! Reports: every format on one fixture tree (snapshots), SARIF validity (the SARIF 2.1.0 schema
//! and the SARIF multitool's GitHub and SARIF rules), baselines, ignore files, and redaction in
//! every output.
//!
//! The fixture tree, `fixtures/reports/`, brings its own `.leakhound.toml` so these tests do not
//! depend on the built-in rules. Each test copies it to a fresh temp dir and scans it as `dir .`,
//! so reports hold relative paths only.

use std::path::Path;

use crate::util::*;

const FORMATS: [&str; 5] = ["text", "json", "sarif", "csv", "junit"];

/// The fixture tree in a fresh temp dir.
fn fixture() -> Dir {
    let d = Dir::new();
    copy_tree(&repo_root().join("fixtures/reports"), d.path());
    d
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(
                    p.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The secrets planted in the fixture tree, built from parts so this file does not hold them.
fn planted() -> Vec<String> {
    let key_lines = [
        "zjB83Yq7/7zWufcSYdCY8SqqcQoxWxJHYIchTCC8",
        "ByWTajBgIRiJ7J8CbDHebVhp",
        "Sok1G0xlJtsYsrsUpEqIyovEL2Ln0wQ0qf8MXbsh",
        "4yYmVXI/+2aWigv02foHzEyg",
        "M9zoTvZnct7Nil/nkfheLCXCKWPyNX9Zw5GwlgiP",
        "TOJhIbODjHcpdzJj6MbNFcGF",
        "5TLoThxjH62184vU3ucd9HAQ++Ty72luCOniRtLQF9V1YZOy",
    ];
    let body = [
        format!("{}{}", key_lines[0], key_lines[1]),
        format!("{}{}", key_lines[2], key_lines[3]),
        format!("{}{}", key_lines[4], key_lines[5]),
        key_lines[6].to_string(),
    ];
    let mut out = vec![
        format!("ghp_{}{}", "pTi7vCpp3oPSyWxIKW2G", "f4sybO8Po10bXXhu"),
        format!("ghp_{}{}", "OSEk0z22u3WZwTvmKHTL", "MBhSKoasQGrh40TB"),
        format!("AKIA{}{}", "NLD46T55", "K77VVNVH"),
        format!("AKIA{}{}", "7F2AQB5R", "BZRZAYGN"),
        format!("sk_live_{}{}", "La9MxO1v65ZCfYEY", "jUeKI8xljJJEJImS"),
        format!("pk_live_{}{}", "d7vS33GcYNFrfUy2", "3xGXzXULJhYiOhlr"),
    ];
    // The private key: its whole block (as the rule reports it) and each line of its body.
    let mut block = String::from("-----BEGIN RSA PRIVATE KEY-----\n");
    for line in &body {
        block.push_str(&format!("    {line}\n"));
    }
    block.push_str("    -----END RSA PRIVATE KEY-----");
    out.push(block);
    out.extend(body);
    out
}

/// Runs a scan of the current directory with `args` added.
fn scan(d: &Dir, args: &[&str]) -> Run {
    let mut all = vec!["dir", "."];
    all.extend_from_slice(args);
    d.run(&all)
}

fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(repo_root().join("tests/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}

/// A report as snapshotted: the temp dir and leakhound's version replaced (neither should
/// appear, but a snapshot must not depend on them if they do).
fn filtered(d: &Dir, report: &str) -> String {
    report
        .replace(&d.path().display().to_string(), "[TMP]")
        .replace(
            &format!("\"semanticVersion\": \"{}\"", env!("CARGO_PKG_VERSION")),
            "\"semanticVersion\": \"[VERSION]\"",
        )
}

#[test]
fn every_format_on_the_fixture_tree() {
    let d = fixture();
    let settings = snapshot_settings();
    for format in FORMATS {
        let r = scan(&d, &["-f", format]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        let report = filtered(&d, &r.stdout);
        settings.bind(|| insta::assert_snapshot!(format!("report_{format}"), report));
    }
}

#[test]
fn every_format_without_findings() {
    let d = Dir::new();
    copy_tree(&repo_root().join("fixtures/reports"), d.path());
    for f in files(d.path()) {
        if f != ".leakhound.toml" && f != "README.md" {
            std::fs::remove_file(d.join(&f)).unwrap();
        }
    }
    let settings = snapshot_settings();
    for format in FORMATS {
        let r = scan(&d, &["-f", format]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        let report = filtered(&d, &r.stdout);
        settings.bind(|| insta::assert_snapshot!(format!("clean_{format}"), report));
    }
}

#[test]
fn no_format_shows_a_whole_secret() {
    let d = fixture();
    let planted = planted();
    // The fixture holds them all, and the scan finds them (so this test greps for real secrets).
    let mut tree = String::new();
    for f in files(d.path()) {
        tree.push_str(&std::fs::read_to_string(d.join(&f)).unwrap());
    }
    for s in &planted {
        assert!(
            tree.contains(s.as_str()),
            "the fixture no longer holds {s:?}"
        );
    }
    let raw = scan(&d, &["-f", "json", "--no-redact"]);
    let found: Vec<String> = raw
        .json()
        .iter()
        .map(|f| f["secret"].as_str().unwrap().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    for s in &planted[..7] {
        assert!(
            found.contains(s),
            "--no-redact does not report {s:?}: {found:?}"
        );
    }

    let baseline = Dir::new();
    let baseline_file = baseline.join("baseline.json");
    let mut outputs = Vec::new();
    for format in FORMATS {
        let r = scan(&d, &["-f", format]);
        outputs.push((format!("{format} stdout"), r.stdout));
        outputs.push((format!("{format} stderr"), r.stderr));
        let file = baseline.join(&format!("report.{format}"));
        let r = scan(&d, &["-f", format, "-o", file.to_str().unwrap()]);
        outputs.push((
            format!("{format} -o"),
            std::fs::read_to_string(&file).unwrap(),
        ));
        outputs.push((format!("{format} -o stderr"), r.stderr));
    }
    let r = scan(&d, &["--write-baseline", baseline_file.to_str().unwrap()]);
    outputs.push(("--write-baseline stderr".into(), r.stderr));
    outputs.push((
        "baseline file".into(),
        std::fs::read_to_string(&baseline_file).unwrap(),
    ));
    for (what, text) in &outputs {
        for s in &planted {
            assert!(
                !text.contains(s.as_str()),
                "{what} shows a whole secret ({s:?}):\n{text}"
            );
        }
    }
}

#[test]
fn sarif_validates_against_the_schema() {
    let d = fixture();
    let r = scan(&d, &["-f", "sarif"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let sarif: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    if let Some(validator) = sarif_validator() {
        let errors = sarif_errors(&validator, &sarif);
        assert!(errors.is_empty(), "schema errors:\n{}", errors.join("\n"));
        // The validator does reject what the schema forbids.
        let mut broken = sarif.clone();
        broken["runs"][0]["results"][0]["level"] = "fatal".into();
        broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
            ["startLine"] = 0.into();
        assert_eq!(validator.iter_errors(&broken).count(), 2);
    }

    // What code scanning relies on, beyond the schema.
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), raw_count(&d));
    for res in results {
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], res["ruleId"]);
        let hash = res["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        let (hex, n) = hash.split_once(':').unwrap();
        assert!(u64::from_str_radix(hex, 16).is_ok() && n.parse::<u32>().unwrap() >= 1);
        assert_eq!(
            res["partialFingerprints"]["leakhound/v1"]
                .as_str()
                .unwrap()
                .len(),
            32
        );
        let region = &res["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
    }
    for rule in rules {
        let sev = rule["properties"]["security-severity"].as_str().unwrap();
        assert!(sev.parse::<f64>().is_ok(), "{sev}");
        assert!(rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("How to fix"));
    }
}

fn raw_count(d: &Dir) -> usize {
    scan(d, &["-f", "json"]).json().len()
}

/// The SARIF multitool (`$LEAKHOUND_SARIF_MULTITOOL`, which `.ci/run` installs; else
/// `sarif-multitool` on PATH) with
/// GitHub Advanced Security's rules and the SARIF rules: no errors. Skipped, with a message, when
/// the multitool is missing outside CI; in CI (`CI=true`) a missing multitool fails.
#[test]
fn sarif_passes_the_multitool_validator() {
    let tool = std::env::var_os("LEAKHOUND_SARIF_MULTITOOL").unwrap_or("sarif-multitool".into());
    let probe = std::process::Command::new(&tool).arg("--version").output();
    // The tool itself prints its name and version (on stderr); a wrapper may succeed without it.
    let available = probe.as_ref().is_ok_and(|o| {
        o.status.success() && String::from_utf8_lossy(&o.stderr).contains("SARIF Multitool")
    });
    if !available {
        let why = match &probe {
            Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
            Err(e) => e.to_string(),
        };
        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
            panic!("the SARIF multitool is not installed (npm install -g @microsoft/sarif-multitool): {why}");
        }
        eprintln!(
            "SKIPPED sarif_passes_the_multitool_validator: the SARIF multitool is not installed \
             (npm install -g @microsoft/sarif-multitool); {}",
            why.trim()
        );
        return;
    }
    let d = fixture();
    let out = Dir::new();
    let report = out.join("leakhound.sarif");
    let validation = out.join("validation.sarif");
    let r = scan(&d, &["-f", "sarif", "-o", report.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // The npm wrapper runs the tool through a shell, so `;` must be quoted for that shell.
    let v = std::process::Command::new(&tool)
        .arg("validate")
        .args(["--rule-kind", "\"Ghas;Sarif\""])
        .args(["--level", "\"Error;Warning;Note\""])
        .arg("--output")
        .arg(&validation)
        .arg(&report)
        .output()
        .expect("run the SARIF multitool");
    let stdout = String::from_utf8_lossy(&v.stdout);
    let log: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&validation)
            .unwrap_or_else(|e| panic!("no validation log ({e}):\n{stdout}")),
    )
    .unwrap();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    for run in log["runs"].as_array().unwrap() {
        for res in run["results"].as_array().into_iter().flatten() {
            let level = res["level"].as_str().unwrap_or("warning");
            let line = format!(
                "{level} {}: {}",
                res["ruleId"].as_str().unwrap_or("?"),
                res["message"]
            );
            match level {
                "error" => errors.push(line),
                "warning" => warnings.push(line),
                _ => notes.push(line),
            }
        }
        for n in run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .into_iter()
            .flatten()
        {
            if n["level"] == "error" {
                errors.push(format!("tool error: {}", n["message"]["text"]));
            }
        }
    }
    // Notes are advice we decline on purpose: snippets and context regions would show the
    // secret, rule ids follow gitleaks' names, and version control details need a remote URL.
    for n in &notes {
        eprintln!("multitool: {n}");
    }
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "the SARIF multitool reports {} errors and {} warnings:\n{}\n{}\n{stdout}",
        errors.len(),
        warnings.len(),
        errors.join("\n"),
        warnings.join("\n")
    );
    // The validator did run its rules (it always has advice).
    assert!(
        !notes.is_empty(),
        "no results at all: did the validator run?\n{stdout}"
    );
}

/// The lines of the JSON findings, keyed by rule and path.
fn lines_of(r: &Run) -> Vec<(String, u64, String)> {
    r.found()
}

#[test]
fn baseline_round_trip() {
    let d = fixture();
    let keep = Dir::new();
    let baseline = keep.join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let before = scan(&d, &["-f", "json"]);
    assert_eq!(before.code, 1);
    let before = lines_of(&before);

    let w = scan(&d, &["-f", "json", "--write-baseline", baseline]);
    assert_eq!(
        w.code, 0,
        "writing a baseline accepts the findings: {}",
        w.stderr
    );
    assert!(w.stderr.contains("wrote a baseline of"), "{}", w.stderr);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(baseline).unwrap()).unwrap();
    assert_eq!(written["version"], 1);
    let entries = written["findings"].as_array().unwrap();
    assert!(!entries.is_empty());
    for e in entries {
        // The set of keys (serde_json keeps them in file order: its `preserve_order` feature).
        let mut keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["fingerprint", "path", "rule_id"], "{e}");
    }

    // Three lines at the top of every file move every finding.
    for f in files(d.path()) {
        let p = d.join(&f);
        let old = std::fs::read_to_string(&p).unwrap();
        std::fs::write(
            &p,
            format!("# inserted 1\n# inserted 2\n# inserted 3\n{old}"),
        )
        .unwrap();
    }
    let moved = scan(&d, &["-f", "json"]);
    let moved = lines_of(&moved);
    assert_eq!(moved.len(), before.len());
    for ((p1, l1, r1), (p2, l2, r2)) in before.iter().zip(&moved) {
        assert_eq!((p1, r1), (p2, r2));
        // A path-only finding stays on line 1.
        assert!(*l2 == l1 + 3 || *l1 == 1 && *l2 == 1, "{p1}: {l1} -> {l2}");
    }

    let r = scan(&d, &["-f", "json", "--baseline", baseline]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.json().is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("by the baseline"), "{}", r.stderr);

    // One new secret: exactly that one is reported.
    let settings = d.join("src/settings.py");
    let mut text = std::fs::read_to_string(&settings).unwrap();
    text.push_str(&format!("GITHUB_TOKEN = \"{}\"\n", github_pat()));
    std::fs::write(&settings, text).unwrap();
    let r = scan(&d, &["-f", "json", "--baseline", baseline]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.found(),
        vec![("src/settings.py".to_string(), 13, "github-pat".to_string())]
    );
    assert_eq!(r.json()[0]["secret"], "ghp_*****");

    // The same secret copied to another file is new there.
    d.write("src/copy.py", format!("TOKEN = \"{}\"\n", planted()[2]));
    let r = scan(&d, &["-f", "json", "--baseline", baseline]);
    assert_eq!(r.found().len(), 2, "{}", r.stdout);
}

#[test]
fn a_json_report_works_as_a_baseline() {
    let d = fixture();
    let keep = Dir::new();
    let report = keep.join("report.json");
    scan(&d, &["-f", "json", "-o", report.to_str().unwrap()]);
    let r = scan(&d, &["--baseline", report.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_bad_baseline_is_an_error() {
    let d = fixture();
    let r = scan(&d, &["--baseline", "nope.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("nope.json: cannot read the baseline"),
        "{}",
        r.stderr
    );
    d.write("bad.json", "{\n  \"version\": 1,\n  \"findings\": 3\n}\n");
    let r = scan(&d, &["--baseline", "bad.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("bad.json:3:"), "{}", r.stderr);
}

#[test]
fn ignore_files_suppress_findings() {
    let d = fixture();
    let all = scan(&d, &["-f", "json"]).json();
    let by_path = |p: &str| all.iter().find(|f| f["path"] == p).unwrap().clone();
    let env = by_path(".env");
    let settings = by_path("src/settings.py");
    let billing = by_path("src/billing.js");
    d.write(
        ".leakhoundignore",
        format!(
            "# accepted: rotated on 2024-05-01\n{}\n{}:{}:{}  # gitleaks format\nnot an entry\n",
            env["fingerprint"].as_str().unwrap(),
            settings["path"].as_str().unwrap(),
            settings["rule_id"].as_str().unwrap(),
            settings["line"]
        ),
    );
    d.write(
        ".gitleaksignore",
        format!(
            "{}:{}:{}\n",
            billing["path"].as_str().unwrap(),
            billing["rule_id"].as_str().unwrap(),
            billing["line"]
        ),
    );
    let r = scan(&d, &["-f", "json"]);
    let left = r.json();
    // The fingerprint covers the same token in config/app settings.ini as well.
    assert_eq!(left.len(), all.len() - 4, "{}", r.stdout);
    for f in &left {
        assert_ne!(f["fingerprint"], env["fingerprint"]);
        assert_ne!(f["path"], "src/settings.py");
        assert!(!(f["path"] == "src/billing.js" && f["line"] == billing["line"]));
    }
    assert!(
        r.stderr
            .contains("warning: .leakhoundignore:4: skipped: neither a fingerprint"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("4 by ignore files"), "{}", r.stderr);
    // A line is reported by its position, never quoted: it may be anything.
    assert!(!r.stderr.contains("not an entry"), "{}", r.stderr);
}

/// Findings from history: SARIF carries the commit, gitleaks' `commit:path:rule:line` entries
/// match only that commit, and no output holds the secret.
#[test]
fn git_findings_carry_their_commit_and_honour_commit_entries() {
    let g = GitRepo::init().with_rules();
    g.write("README.md", "hello\n");
    g.commit("first");
    g.write(
        "config/app.env",
        format!("NAME=app\nGITHUB_TOKEN={}\n", github_pat()),
    );
    let added = g.commit("Add app config");

    let r = g.run(&["git", "-f", "sarif"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stdout.contains(&github_pat()) && !r.stderr.contains(&github_pat()));
    let sarif: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let res = &sarif["runs"][0]["results"][0];
    assert_eq!(res["properties"]["commitSha"], added.to_string());
    let loc = &res["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "config/app.env");
    assert_eq!(loc["region"]["startLine"], 2);

    g.write_unstaged(
        ".gitleaksignore",
        format!("{}:config/app.env:github-pat:2\n", "0".repeat(40)),
    );
    assert_eq!(
        g.run(&["git", "-f", "json"]).code,
        1,
        "another commit's entry"
    );
    g.write_unstaged(
        ".gitleaksignore",
        format!("{added}:config/app.env:github-pat:2\n"),
    );
    let r = g.run(&["git", "-f", "json"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("1 by ignore files"), "{}", r.stderr);
}
