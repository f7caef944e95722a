//! Ignore files: `.leakhoundignore` and gitleaks' `.gitleaksignore` at the scan root list
//! findings that are not to be reported.
//!
//! # Format
//!
//! One entry per line; blank lines and lines starting with `#` are skipped, and so is anything
//! after ` #` on a line. An entry is either
//!
//! - a leakhound fingerprint (32 hex digits, as in every report): that secret, found by that rule,
//!   anywhere; or
//! - a gitleaks fingerprint: `path:rule:line` (that rule at that start line of that path, in any
//!   commit) or `commit:path:rule:line` (the same, only in that commit; the commit is 40 or 64 hex
//!   digits). Paths are relative to the scan root, `/`-separated; since they may contain `:`, the
//!   rule and line are taken from the right. The rule may be gitleaks' id for the secret
//!   (`aws-access-token`): it matches the findings of our rules for it ([`super::gitleaks`]).
//!
//! A line that is neither is reported by file and line only (it may hold a secret) and skipped.

use std::collections::HashMap;

use super::Finding;
use crate::display::Mask;
use crate::warning::Warning;

/// The ignore files looked for at the scan root, in this order.
pub(crate) const FILE_NAMES: [&str; 2] = [".leakhoundignore", ".gitleaksignore"];

/// One parsed line of an ignore file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    Fingerprint(String),
    Located {
        commit: Option<String>,
        path: String,
        rule: String,
        line: usize,
    },
}

/// The entries of every ignore file, ready for look-ups.
#[derive(Debug, Default)]
pub(crate) struct IgnoreList {
    /// The files the entries came from, as warnings name them (the summary says what each
    /// suppressed).
    files: Vec<String>,
    /// Fingerprint -> the file of its first entry.
    fingerprints: HashMap<String, usize>,
    /// (path, rule, line) -> the commits it is limited to (`None` in the list means any
    /// commit), each with the file of its entry.
    located: HashMap<Located, Vec<(Option<String>, usize)>>,
}

/// A gitleaks entry's place: (path, rule, line).
type Located = (String, String, usize);

/// Parses one line; `Ok(None)` for blank lines and comments, `Err` with the reason for a line
/// that is not an entry. The reason is a fixed text: it never quotes the line.
pub(crate) fn parse_line(line: &str) -> Result<Option<Entry>, &'static str> {
    let line = match line.find(" #") {
        Some(i) => &line[..i],
        None => line,
    }
    .trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    if line.len() == 32 && is_hex(line) {
        return Ok(Some(Entry::Fingerprint(line.to_ascii_lowercase())));
    }
    let mut parts = line.rsplitn(3, ':');
    let (Some(num), Some(rule), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return Err("neither a fingerprint (32 hex digits) nor [commit:]path:rule:line");
    };
    let line_no: usize = num
        .parse()
        .map_err(|_| "the last field is not a line number")?;
    if rule.is_empty() || rest.is_empty() {
        return Err("expected path:rule:line or commit:path:rule:line");
    }
    let (commit, path) = match rest.split_once(':') {
        Some((c, p)) if (c.len() == 40 || c.len() == 64) && is_hex(c) && !p.is_empty() => {
            (Some(c.to_ascii_lowercase()), p)
        }
        _ => (None, rest),
    };
    Ok(Some(Entry::Located {
        commit,
        path: path.trim_start_matches("./").to_string(),
        rule: rule.to_string(),
        line: line_no,
    }))
}

fn is_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_hexdigit())
}

impl IgnoreList {
    /// Adds the entries of one file's text; `name` is for warnings.
    pub(crate) fn add(&mut self, name: &str, text: &str, warnings: &mut Vec<Warning>) {
        self.files.push(name.to_string());
        for (i, line) in text.lines().enumerate() {
            match parse_line(line) {
                Ok(None) => {}
                Ok(Some(entry)) => self.insert(entry),
                Err(reason) => warnings.push(Warning::IgnoreLineSkipped {
                    file: name.to_string(),
                    line: i + 1,
                    reason: reason.to_string(),
                }),
            }
        }
    }

    /// Adds an entry of the file added last.
    pub(crate) fn insert(&mut self, entry: Entry) {
        let file = self.files.len().saturating_sub(1);
        match entry {
            Entry::Fingerprint(f) => {
                self.fingerprints.entry(f).or_insert(file);
            }
            Entry::Located {
                commit,
                path,
                rule,
                line,
            } => self
                .located
                .entry((path, rule, line))
                .or_default()
                .push((commit, file)),
        }
    }

    /// Reads the rule of each `path:rule:line` entry through `resolve` (a rule id or alias to the
    /// ids of the rules that answer to it): an entry naming a gitleaks id then covers the
    /// findings of each rule of ours that has it as an alias. A name `resolve` knows nothing of
    /// is kept as it is.
    pub(crate) fn resolve_rules(&mut self, resolve: impl Fn(&str) -> Vec<String>) {
        let located = std::mem::take(&mut self.located);
        for ((path, rule, line), commits) in located {
            let mut ids = resolve(&rule);
            if !ids.contains(&rule) {
                ids.push(rule);
            }
            for id in ids {
                self.located
                    .entry((path.clone(), id, line))
                    .or_default()
                    .extend(commits.iter().cloned());
            }
        }
    }

    /// The name of the file an entry came from ([`IgnoreList::ignored_by`]).
    pub(crate) fn file_name(&self, file: usize) -> &str {
        self.files
            .get(file)
            .map_or("an ignore file", String::as_str)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.fingerprints.is_empty() && self.located.is_empty()
    }

    /// Whether an entry covers `f`. Its path may be given as found or with the scan's secrets
    /// masked in it (`mask`: as a redacted report shows it).
    #[cfg(test)]
    pub(crate) fn ignores(&self, f: &Finding, mask: &Mask) -> bool {
        self.ignored_by(f, mask).is_some()
    }

    /// The file whose entry covers `f` (see [`IgnoreList::ignores`]), if one does.
    pub(crate) fn ignored_by(&self, f: &Finding, mask: &Mask) -> Option<usize> {
        if let Some(&file) = self.fingerprints.get(&f.fingerprint) {
            return Some(file);
        }
        if self.located.is_empty() {
            return None;
        }
        let commit = f.commit.as_ref().map(|c| c.commit.as_str());
        let mut paths = vec![f.rel_path.clone(), f.path.clone()];
        paths.push(mask.apply(&f.rel_path).into_owned());
        paths.push(mask.apply(&f.path).into_owned());
        paths.sort_unstable();
        paths.dedup();
        paths.into_iter().find_map(|path| {
            let commits = self.located.get(&(path, f.rule_id.clone(), f.line))?;
            commits.iter().find_map(|(c, file)| {
                let covers = match c {
                    None => true,
                    Some(c) => commit.is_some_and(|fc| fc.eq_ignore_ascii_case(c)),
                };
                covers.then_some(*file)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{test_finding, CommitInfo};

    const COMMIT: &str = "cd5226711335c68be1e720b318b7bc3135a30eb2";

    #[test]
    fn parses_lines() {
        let fp = "0123456789abcdef0123456789ABCDEF";
        let cases: Vec<(&str, Result<Option<Entry>, ()>)> = vec![
            ("", Ok(None)),
            ("   # a comment", Ok(None)),
            (fp, Ok(Some(Entry::Fingerprint(fp.to_ascii_lowercase())))),
            (
                "src/a.py:github-pat:12",
                Ok(Some(Entry::Located {
                    commit: None,
                    path: "src/a.py".into(),
                    rule: "github-pat".into(),
                    line: 12,
                })),
            ),
            (
                "cd5226711335c68be1e720b318b7bc3135a30eb2:cmd/x.go:sidekiq-secret:23  # why",
                Ok(Some(Entry::Located {
                    commit: Some(COMMIT.into()),
                    path: "cmd/x.go".into(),
                    rule: "sidekiq-secret".into(),
                    line: 23,
                })),
            ),
            (
                "dir:with:colons/a.txt:generic-api-key:4",
                Ok(Some(Entry::Located {
                    commit: None,
                    path: "dir:with:colons/a.txt".into(),
                    rule: "generic-api-key".into(),
                    line: 4,
                })),
            ),
            ("just-a-word", Err(())),
            ("a.py:rule:notanumber", Err(())),
            (":rule:3", Err(())),
        ];
        for (line, want) in cases {
            assert_eq!(parse_line(line).map_err(|_| ()), want, "{line:?}");
        }
    }

    /// An entry naming an alias (a gitleaks id) covers the findings of every rule it resolves
    /// to, and still those of a rule with that very id.
    #[test]
    fn resolved_rule_names_cover_the_rules_they_name() {
        let mut list = IgnoreList::default();
        list.add(
            ".gitleaksignore",
            "a.txt:aws-access-token:3\nb.txt:plain-rule:4\n",
            &mut Vec::new(),
        );
        list.resolve_rules(|name| match name {
            "aws-access-token" => vec![
                "aws-access-key-id".into(),
                "aws-temporary-access-key-id".into(),
            ],
            _ => vec![],
        });
        let mask = Mask::default();
        for rule in [
            "aws-access-key-id",
            "aws-temporary-access-key-id",
            "aws-access-token",
        ] {
            assert!(
                list.ignores(&test_finding(rule, "AKIA", "a.txt", 3), &mask),
                "{rule}"
            );
        }
        assert!(!list.ignores(&test_finding("github-pat", "ghp_", "a.txt", 3), &mask));
        assert!(list.ignores(&test_finding("plain-rule", "x", "b.txt", 4), &mask));
    }

    #[test]
    fn matches_findings() {
        let mut list = IgnoreList::default();
        let mut warnings = Vec::new();
        let a = test_finding("github-pat", "ghp_one", "src/a.py", 3);
        let text = format!(
            "# accepted\n{}\nb.env:aws-access-key-id:1\n{COMMIT}:c.txt:stripe:2\nnonsense\n",
            a.fingerprint
        );
        list.add(".leakhoundignore", &text, &mut warnings);
        let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings, vec![".leakhoundignore:5: skipped: neither a fingerprint (32 hex digits) nor [commit:]path:rule:line"]);
        assert!(list.ignores(&a, &Mask::default()));
        let mut moved = a.clone();
        moved.line = 99;
        assert!(
            list.ignores(&moved, &Mask::default()),
            "a fingerprint ignores lines"
        );

        let b = test_finding("aws-access-key-id", "AKIAXYZ", "b.env", 1);
        assert!(list.ignores(&b, &Mask::default()));
        let mut b2 = b.clone();
        b2.line = 2;
        assert!(
            !list.ignores(&b2, &Mask::default()),
            "path:rule:line is for that line"
        );
        let mut b3 = b.clone();
        b3.commit = Some(commit("abc"));
        assert!(
            list.ignores(&b3, &Mask::default()),
            "path:rule:line applies in every commit"
        );

        let c = test_finding("stripe", "sk_live_x", "c.txt", 2);
        assert!(
            !list.ignores(&c, &Mask::default()),
            "a commit entry does not match a file finding"
        );
        let mut c2 = c.clone();
        c2.commit = Some(commit(COMMIT));
        assert!(list.ignores(&c2, &Mask::default()));
        c2.commit = Some(commit("0000000000000000000000000000000000000000"));
        assert!(!list.ignores(&c2, &Mask::default()));
    }

    fn commit(id: &str) -> CommitInfo {
        CommitInfo {
            commit: id.to_string(),
            author: "A".into(),
            email: "a@example.com".into(),
            date: "2024-01-01T00:00:00Z".into(),
            message: "m".into(),
        }
    }
}
