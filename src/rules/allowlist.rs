//! Allowlists, compiled: what a finding that is not to be reported looks like (commits, paths,
//! regexes on the secret, the match or the line, stopwords), as gitleaks defines them.

use crate::engine::bytes::contains;
use crate::engine::regex::LazyRegex;

use super::spec::{Condition, RegexTarget};

/// A compiled allowlist: a finding that matches it is not reported.
#[derive(Debug)]
pub(crate) struct Allowlist {
    /// What the allowlist is for (gitleaks' `description`); `--explain` shows it for a public one.
    pub(crate) description: String,
    pub(crate) condition: Condition,
    pub(crate) commits: Vec<String>,
    pub(crate) paths: Vec<LazyRegex>,
    pub(crate) regex_target: RegexTarget,
    pub(crate) regexes: Vec<LazyRegex>,
    /// Lowercased.
    pub(crate) stopwords: Vec<String>,
    pub(crate) target_rules: Vec<String>,
    /// Where it is written, as the summary names it: `.gitleaks.toml:[[allowlists]] #1`,
    /// `.leakhound.toml:rule github-pat allowlist #2`.
    pub(crate) label: String,
    /// It comes from a config file (the repository's or the user's), not the built-in rules.
    pub(crate) from_config: bool,
    /// The matches it suppressed (the first allowlist that allows a match counts it).
    pub(crate) hits: std::sync::atomic::AtomicU64,
    /// The files (or blobs) it left unread: see [`Allowlist::allows_whole_path`].
    pub(crate) files: std::sync::atomic::AtomicU64,
    /// What it allows is public by design (`public = true`): counted and explained as such.
    pub(crate) public: bool,
}

/// What an allowlist is checked against.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AllowInput<'a> {
    pub(crate) rule_id: &'a str,
    /// The path relative to the scan root.
    pub(crate) path: &'a str,
    pub(crate) commit: Option<&'a str>,
    pub(crate) secret: &'a [u8],
    pub(crate) matched: &'a [u8],
    pub(crate) line: &'a [u8],
    /// Where `line` starts in its content, with the memo of line regex results for that
    /// content: each allowlist's line regexes then run once per line, however many matches the
    /// line holds.
    pub(crate) line_at: Option<(&'a LineMemo, usize)>,
}

/// The results of allowlists' line regexes on the lines of one content: (allowlist, line
/// start, line length) -> whether a regex matched.
#[derive(Debug, Default)]
pub(crate) struct LineMemo {
    known: std::cell::RefCell<std::collections::HashMap<(usize, usize, usize), bool>>,
    /// Line regex searches run since the memo was made (the work, for tests).
    pub(crate) searches: std::cell::Cell<usize>,
}

impl LineMemo {
    /// Forgets the lines of the previous content.
    pub(crate) fn clear(&mut self) {
        self.known.get_mut().clear();
    }
}

impl Allowlist {
    /// Whether this allowlist suppresses the finding described by `input`.
    pub(crate) fn allows(&self, input: &AllowInput<'_>) -> bool {
        if !self.target_rules.is_empty() && !self.target_rules.iter().any(|r| r == input.rule_id) {
            return false;
        }
        let target = match self.regex_target {
            RegexTarget::Secret => input.secret,
            RegexTarget::Match => input.matched,
            RegexTarget::Line => input.line,
        };
        let checks: [(bool, &dyn Fn() -> bool); 4] = [
            (!self.commits.is_empty(), &|| {
                input
                    .commit
                    .is_some_and(|c| self.commits.iter().any(|x| commit_eq(x, c)))
            }),
            (!self.paths.is_empty(), &|| {
                self.paths.iter().any(|p| p.is_match(input.path.as_bytes()))
            }),
            (!self.regexes.is_empty(), &|| {
                self.regexes_match(target, input)
            }),
            (!self.stopwords.is_empty(), &|| {
                contains_stopword(input.secret, &self.stopwords)
            }),
        ];
        let mut set = checks.iter().filter(|(is_set, _)| *is_set).peekable();
        if set.peek().is_none() {
            return false;
        }
        match self.condition {
            Condition::Or => set.any(|(_, check)| check()),
            Condition::And => set.all(|(_, check)| check()),
        }
    }
}

impl Allowlist {
    /// Whether this allowlist, a global one, allows every match in a file at `path` whatever the
    /// file holds: a path matches, and the paths alone decide (`OR`, or nothing else to check),
    /// for every rule. Such a file need not be read at all. A public
    /// allowlist is never one: what it allows is counted and explained.
    pub(crate) fn allows_whole_path(&self, path: &str) -> bool {
        let alone = self.condition == Condition::Or
            || (self.commits.is_empty() && self.regexes.is_empty() && self.stopwords.is_empty());
        !self.public
            && self.target_rules.is_empty()
            && alone
            && self.paths.iter().any(|p| p.is_match(path.as_bytes()))
    }

    /// Whether the allowlist has regexes on the line (the matcher finds the line only then).
    pub(crate) fn reads_line(&self) -> bool {
        self.regex_target == RegexTarget::Line && !self.regexes.is_empty()
    }

    /// Whether one of the regexes matches `target`; for the line, once per line of a content.
    fn regexes_match(&self, target: &[u8], input: &AllowInput<'_>) -> bool {
        let search = || self.regexes.iter().any(|r| r.is_match(target));
        match input.line_at {
            Some((memo, at)) if self.regex_target == RegexTarget::Line => {
                let key = (self as *const Allowlist as usize, at, target.len());
                if let Some(&known) = memo.known.borrow().get(&key) {
                    return known;
                }
                let found = search();
                memo.searches.set(memo.searches.get() + 1);
                memo.known.borrow_mut().insert(key, found);
                found
            }
            _ => search(),
        }
    }
}

/// A commit in an allowlist may be abbreviated.
fn commit_eq(listed: &str, commit: &str) -> bool {
    listed.len() >= 7 && commit.starts_with(listed) || listed == commit
}

fn contains_stopword(secret: &[u8], stopwords: &[String]) -> bool {
    let lower = secret.to_ascii_lowercase();
    stopwords.iter().any(|w| contains(&lower, w.as_bytes()))
}
