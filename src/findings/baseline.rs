//! Baselines: the findings a team has already accepted, recorded without their secrets, so that a
//! scan reports only new ones.
//!
//! # File format
//!
//! `--write-baseline FILE` writes one JSON object, entries sorted and de-duplicated:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     { "fingerprint": "3f1c…", "rule_id": "github-pat", "path": "src/settings.py" }
//!   ]
//! }
//! ```
//!
//! `fingerprint` is the finding's fingerprint (a hash of rule id and secret, see
//! [`super::fingerprint`]) and `path` is relative to the scan root, with every secret the scan
//! found masked in it unless `--no-redact` (a file named after a token: `keys/ghp_*****.env`;
//! each `*****` then stands for any text when findings are matched). No line is stored: a finding
//! matches an entry when both its fingerprint and its path are equal, so inserting or removing lines
//! around a secret does not make it new, while the same secret copied into another file does.
//! `rule_id` is there for people reviewing the file; matching does not need it (the fingerprint
//! covers the rule).
//!
//! `--baseline FILE` also accepts leakhound's own JSON report (an array of findings), whose objects
//! carry the same three fields, and gitleaks' JSON report (`--baseline-path` as gitleaks users
//! write it), whose findings match by rule (or its gitleaks alias), path, start line and commit.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Finding;
use crate::display::{matches_masked, Mask, MASK};

/// The current version of the baseline file format.
pub(crate) const VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub(crate) fingerprint: String,
    pub(crate) rule_id: String,
    pub(crate) path: String,
}

/// The baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BaselineFile {
    pub(crate) version: u32,
    pub(crate) findings: Vec<Entry>,
}

/// What `--baseline` accepts: a baseline file, or a JSON report.
#[derive(Deserialize)]
#[serde(untagged)]
enum Input {
    Baseline(BaselineFile),
    Report(Vec<ReportEntry>),
    /// gitleaks' JSON report: its findings match by rule (or its alias), path, line and commit.
    Gitleaks(Vec<super::gitleaks::ReportEntry>),
}

/// The fields of a JSON report finding that a baseline needs (the rest are ignored).
#[derive(Deserialize)]
struct ReportEntry {
    fingerprint: String,
    rule_id: String,
    path: String,
}

/// Why a baseline cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{}: cannot read the baseline: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}:{line}:{column}: not a leakhound baseline ({message}); write one with --write-baseline",
        path.display()
    )]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{}: baseline version {found} is newer than this leakhound understands ({VERSION}); upgrade leakhound",
        path.display()
    )]
    Version { path: PathBuf, found: u32 },
    #[error("{}: cannot write the baseline: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The entries of a baseline, ready for look-ups.
#[derive(Debug, Default)]
pub(crate) struct Baseline {
    /// fingerprint -> paths
    keys: HashMap<String, HashSet<String>>,
    /// fingerprint -> paths with masked secrets in them (matched with [`matches_masked`]).
    masked: HashMap<String, Vec<String>>,
    /// The findings of a gitleaks report, as `commit:path:rule:line` entries.
    located: super::ignore::IgnoreList,
}

impl Baseline {
    /// Parses the text of a baseline file (or a JSON report); `path` is for messages.
    pub(crate) fn parse(path: &Path, text: &str) -> Result<Baseline, BaselineError> {
        let input: Input = serde_json::from_str(text).map_err(|e| {
            // An untagged enum's error has no position; ask the likeliest shape for one.
            let e = serde_json::from_str::<BaselineFile>(text)
                .err()
                .unwrap_or(e);
            // The message has no position (given apart); the values it quotes are the file's,
            // and the file may not be a baseline at all: they are masked, whatever their length.
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            BaselineError::Parse {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message: crate::display::mask_quoted(message, 0),
            }
        })?;
        let entries = match input {
            Input::Baseline(file) => {
                if file.version > VERSION {
                    return Err(BaselineError::Version {
                        path: path.to_path_buf(),
                        found: file.version,
                    });
                }
                file.findings
            }
            Input::Report(report) => report
                .into_iter()
                .map(|r| Entry {
                    fingerprint: r.fingerprint,
                    rule_id: r.rule_id,
                    path: r.path,
                })
                .collect(),
            Input::Gitleaks(report) => {
                let mut baseline = Baseline::default();
                for r in report {
                    baseline.located.insert(super::ignore::Entry::Located {
                        commit: Some(r.commit.to_ascii_lowercase()).filter(|c| !c.is_empty()),
                        path: r.file.trim_start_matches("./").to_string(),
                        rule: r.rule_id,
                        line: r.start_line,
                    });
                }
                return Ok(baseline);
            }
        };
        let mut baseline = Baseline::default();
        for e in entries {
            if e.path.contains(MASK) {
                baseline
                    .masked
                    .entry(e.fingerprint)
                    .or_default()
                    .push(e.path);
            } else {
                baseline
                    .keys
                    .entry(e.fingerprint)
                    .or_default()
                    .insert(e.path);
            }
        }
        Ok(baseline)
    }

    /// Reads the rule of each located entry (a gitleaks report's) as the scan's rules read ids:
    /// `resolve` gives the rules a name stands for (see [`IgnoreList::resolve_rules`]).
    ///
    /// [`IgnoreList::resolve_rules`]: super::ignore::IgnoreList::resolve_rules
    pub(crate) fn resolve_rules(&mut self, resolve: impl Fn(&str) -> Vec<String>) {
        self.located.resolve_rules(resolve);
    }

    /// The number of (fingerprint, path) entries.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.keys.values().map(HashSet::len).sum::<usize>()
            + self.masked.values().map(Vec::len).sum::<usize>()
    }

    /// Whether `f` is in the baseline: same fingerprint, same path (relative to the scan root, or
    /// as displayed, for baselines made from a JSON report). A path recorded with secrets masked
    /// matches the path whose secrets it masks.
    pub(crate) fn contains(&self, f: &Finding) -> bool {
        if !self.located.is_empty() && self.located.ignored_by(f, &Mask::default()).is_some() {
            return true;
        }
        let exact = self
            .keys
            .get(&f.fingerprint)
            .is_some_and(|paths| paths.contains(&f.rel_path) || paths.contains(&f.path));
        exact
            || self.masked.get(&f.fingerprint).is_some_and(|paths| {
                paths
                    .iter()
                    .any(|p| matches_masked(p, &f.rel_path) || matches_masked(p, &f.path))
            })
    }
}

/// The baseline that accepts `findings`, their paths masked with `mask`.
pub(crate) fn from_findings(findings: &[Finding], mask: &Mask) -> BaselineFile {
    let mut entries: Vec<Entry> = findings
        .iter()
        .map(|f| Entry {
            fingerprint: f.fingerprint.clone(),
            rule_id: f.rule_id.clone(),
            path: mask.apply(&f.rel_path).into_owned(),
        })
        .collect();
    entries.sort_by(|a, b| {
        (&a.path, &a.rule_id, &a.fingerprint).cmp(&(&b.path, &b.rule_id, &b.fingerprint))
    });
    entries.dedup();
    BaselineFile {
        version: VERSION,
        findings: entries,
    }
}

/// The text of the baseline that accepts `findings` (their paths masked with `mask`), and how
/// many entries it holds. The scan writes it (findings hold data and read no file).
pub(crate) fn render(findings: &[Finding], mask: &Mask) -> (String, usize) {
    let file = from_findings(findings, mask);
    let mut text = serde_json::to_string_pretty(&file).expect("a baseline serializes");
    text.push('\n');
    let n = file.findings.len();
    (text, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::test_finding;

    #[test]
    fn round_trip_ignores_lines() {
        let a = test_finding("github-pat", "ghp_one", "src/a.py", 3);
        let b = test_finding("aws-access-key-id", "AKIAXYZ", "b.env", 1);
        let file = from_findings(&[a.clone(), b.clone(), a.clone()], &Mask::default());
        assert_eq!(file.findings.len(), 2);
        // Sorted by path.
        assert_eq!(file.findings[0].path, "b.env");
        let text = serde_json::to_string(&file).unwrap();
        assert!(!text.contains("ghp_one") && !text.contains("AKIAXYZ"));
        let baseline = Baseline::parse(Path::new("b.json"), &text).unwrap();
        let mut moved = a.clone();
        moved.line = 40;
        assert!(baseline.contains(&moved));
        let mut elsewhere = a.clone();
        elsewhere.rel_path = "src/other.py".into();
        elsewhere.path = "src/other.py".into();
        assert!(!baseline.contains(&elsewhere));
        let other_secret = test_finding("github-pat", "ghp_two", "src/a.py", 3);
        assert!(!baseline.contains(&other_secret));
    }

    #[test]
    fn accepts_a_json_report() {
        let a = test_finding("github-pat", "ghp_one", "src/a.py", 3);
        let report = serde_json::to_string(&[&a]).unwrap();
        let baseline = Baseline::parse(Path::new("r.json"), &report).unwrap();
        assert_eq!(baseline.len(), 1);
        assert!(baseline.contains(&a));
    }

    /// A file named after secret X holding secret Y: the baseline records the path with X
    /// masked, and that entry still accepts Y there, whether X is known to the next scan or not.
    #[test]
    fn paths_are_recorded_masked_and_still_match() {
        let x = concat!("ghp_", "R8vQ2mZx7LkP4nW9sT1yB6cH3jD5fG0aE2uK");
        let y = concat!("AKIA", "QX4Z7T2MNB5RWKE6");
        let f = test_finding("aws-access-key-id", y, &format!("keys/{x}.env"), 1);
        let mask = Mask::new([x, y]);
        let text = serde_json::to_string(&from_findings(std::slice::from_ref(&f), &mask)).unwrap();
        assert!(!text.contains(x), "{text}");
        assert!(text.contains("keys/ghp_*****.env"), "{text}");
        let baseline = Baseline::parse(Path::new("b.json"), &text).unwrap();
        assert!(baseline.contains(&f));
        let mut elsewhere = f.clone();
        elsewhere.rel_path = "other/AKIA.env".into();
        elsewhere.path = elsewhere.rel_path.clone();
        assert!(!baseline.contains(&elsewhere));
    }

    /// A file that is not a baseline (a credentials file passed by mistake, a link to one) is
    /// reported by position, without the values it holds, however short.
    #[test]
    fn errors_never_quote_the_values_of_the_file() {
        let cases = [
            r#"{"version": "hunter2", "findings": []}"#,
            r#"{"version": 1, "findings": [], "aws_secret": "x"}"#,
            r#"[{"fingerprint": 12345678, "rule_id": "r", "path": "p"}]"#,
            r#"{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----"}"#,
        ];
        for text in cases {
            let err = Baseline::parse(Path::new("b.json"), text)
                .unwrap_err()
                .to_string();
            for value in [
                "hunter2",
                "aws_secret",
                "12345678",
                "service_account",
                "PRIVATE",
            ] {
                assert!(!err.contains(value), "{err}");
            }
            assert!(err.starts_with("b.json:1:"), "{err}");
        }
    }

    #[test]
    fn errors_name_the_file_and_position() {
        let err = Baseline::parse(
            Path::new("b.json"),
            "{\n  \"version\": 1,\n  \"findings\": 3\n}",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("b.json:3:"), "{err}");
        let err = Baseline::parse(Path::new("b.json"), r#"{"version": 9, "findings": []}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("newer"), "{err}");
    }
}
