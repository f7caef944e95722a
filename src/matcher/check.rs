//! `rules check`: every rule's examples must produce a finding of that rule and its negative
//! examples none, through the same matcher a scan uses (a one-rule set, so no other rule can mask
//! a failure); ids are unique and regexes compile.

use super::{Matcher, Target};
use crate::engine::regex::LazyRegex;
use crate::rules::{Ignored, Loaded, RuleError, RuleSet};

/// One problem with one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `file:line:col` of the rule.
    pub pos: String,
    pub rule: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: rule {:?}: {}", self.pos, self.rule, self.message)
    }
}

/// What `rules check` found.
#[derive(Debug, Default)]
pub struct Report {
    pub rules: usize,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// Checks every rule in `loaded`. With `strict`, a rule with fewer than 2 examples or no negative
/// example is an error (the built-in rules are held to that); otherwise a warning.
pub fn check(loaded: &Loaded, strict: bool) -> Result<Report, RuleError> {
    // Compiling the whole set checks ids and (for user files) regexes up front.
    let all = RuleSet::compile(loaded)?;
    let mut report = Report {
        rules: all.rules.len(),
        ..Report::default()
    };
    for (i, rule) in all.rules.iter().enumerate() {
        let problem = |message: String| Problem {
            pos: rule.pos.to_string(),
            rule: rule.id.clone(),
            message,
        };
        if let Some(re) = &rule.regex {
            if let Err(e) = re.validate() {
                report.errors.push(problem(format!("invalid regex: {e}")));
                continue;
            }
        }
        // A path-only rule's examples are paths; a regex or assignment rule's are contents.
        let by_path = rule.regex.is_none() && rule.assign.is_none() && rule.parser.is_none();
        if rule.regex.is_some() && rule.keywords.is_empty() && rule.path.is_none() {
            report.warnings.push(problem(
                "no keywords: its regex runs over every blob in full; add keywords that occur in every match".into(),
            ));
        }
        let counts = if by_path { (1, 1) } else { (2, 1) };
        if rule.examples.len() < counts.0 || rule.negative_examples.len() < counts.1 {
            let p = problem(format!(
                "has {} example(s) and {} negative example(s); at least {} and {} are required",
                rule.examples.len(),
                rule.negative_examples.len(),
                counts.0,
                counts.1
            ));
            if strict {
                report.errors.push(p);
            } else {
                report.warnings.push(p);
            }
        }
        let one = RuleSet::only(loaded, i)?;
        let mut matcher = Matcher::new(&one);
        let example_path = loaded.rules[i]
            .spec
            .example_path
            .clone()
            .unwrap_or_else(|| "example.txt".into());
        let mut raw = Vec::new();
        let mut run = |path: &str, content: &str| {
            raw.clear();
            let target = Target { path, commit: None };
            matcher.find_paths(&target, &mut raw);
            matcher.find(&target, content.as_bytes(), &mut raw);
            matcher.find_files(&target, content.as_bytes(), &mut raw);
            matcher.overrule(&mut raw, 0);
            // A rule whose secrets are public by design (`public = "..."`) finds them all as
            // public keys: that is its finding. Placeholders, and what a public allowlist
            // (documentation keys) allows, are not findings.
            raw.iter()
                .any(|m| m.reported() || m.ignored == Some(Ignored::Public(None)))
        };
        for (n, ex) in rule.examples.iter().enumerate() {
            let found = if by_path {
                run(ex, "")
            } else {
                run(&example_path, ex)
            };
            if !found {
                report.errors.push(problem(format!(
                    "example {} produces no finding: {}",
                    n + 1,
                    preview(ex)
                )));
            }
        }
        for (n, ex) in rule.negative_examples.iter().enumerate() {
            let found = if by_path {
                run(ex, "")
            } else {
                run(&example_path, ex)
            };
            if found {
                report.errors.push(problem(format!(
                    "negative example {} produces a finding: {}",
                    n + 1,
                    preview(ex)
                )));
            }
        }
        if let Some(path) = &rule.path {
            check_path_regex(path, &mut report, &problem);
        }
    }
    Ok(report)
}

fn check_path_regex(path: &LazyRegex, report: &mut Report, problem: &dyn Fn(String) -> Problem) {
    if let Err(e) = path.validate() {
        report
            .errors
            .push(problem(format!("invalid path regex: {e}")));
    }
}

/// A short one-line preview of an example (examples are made-up secrets; showing them is fine).
fn preview(example: &str) -> String {
    let one_line: String = example
        .chars()
        .map(|c| if c == '\n' { '⏎' } else { c })
        .take(80)
        .collect();
    if example.chars().count() > 80 {
        format!("{one_line}…")
    } else {
        one_line
    }
}
