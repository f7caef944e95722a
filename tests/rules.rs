//! Every built-in rule's examples through the full matcher, and the fixture corpora.

use std::collections::BTreeMap;
use std::path::Path;

use leakhound::matcher::check;
use leakhound::rules::Loaded;

use crate::util::*;

/// One test lists every failing rule at once.
#[test]
fn every_built_in_rule_passes_its_examples() {
    let loaded = Loaded::builtin().expect("built-in rules load");
    let report = check::check(&loaded, true).expect("built-in rules compile");
    let failures: Vec<String> = report.errors.iter().map(|p| p.to_string()).collect();
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(report.rules >= 40, "only {} rules", report.rules);
}

#[test]
fn every_built_in_rule_has_keywords_or_a_path() {
    let loaded = Loaded::builtin().unwrap();
    let report = check::check(&loaded, true).unwrap();
    let warnings: Vec<String> = report.warnings.iter().map(|p| p.to_string()).collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
}

#[test]
fn fixtures_none_has_no_findings() {
    let r = run_in(
        &repo_root().join("fixtures/none"),
        &["dir", ".", "-f", "json", "--no-redact"],
        None,
    );
    assert_eq!(r.code, 0, "false positives:\n{}\n{}", r.stdout, r.stderr);
}

/// Each line of each file under fixtures/one_per_line gives exactly one finding.
#[test]
fn fixtures_one_per_line_have_exactly_one_finding_per_line() {
    let root = repo_root().join("fixtures/one_per_line");
    let r = run_in(&root, &["dir", ".", "-f", "json", "--no-redact"], None);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let mut per_line: BTreeMap<(String, u64), Vec<String>> = BTreeMap::new();
    for (path, line, rule) in r.found() {
        per_line.entry((path, line)).or_default().push(rule);
    }
    let mut problems = Vec::new();
    let mut files = Vec::new();
    collect_files(&root, &root, &mut files);
    for rel in files {
        let text = std::fs::read_to_string(root.join(&rel)).unwrap();
        for (i, _) in text.lines().enumerate() {
            let key = (rel.clone(), i as u64 + 1);
            match per_line.remove(&key) {
                Some(rules) if rules.len() == 1 => {}
                Some(rules) => problems.push(format!(
                    "{rel}:{}: {} findings ({rules:?})",
                    i + 1,
                    rules.len()
                )),
                None => problems.push(format!("{rel}:{}: no finding", i + 1)),
            }
        }
    }
    for ((path, line), rules) in per_line {
        problems.push(format!(
            "{path}:{line}: finding on a line that does not exist ({rules:?})"
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect_files(root, &p, out);
        } else {
            out.push(
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}
