//! The compiled rules: each [`Rule`] ready to run, and the [`RuleSet`] that holds them with the
//! global allowlists and the keyword automaton that decides which rules run on a blob.

use std::sync::OnceLock;

use crate::engine::keywords::Keywords;
use crate::engine::regex::LazyRegex;

use super::allowlist::Allowlist;
use super::error::LazyPos;
use super::spec::{Checksum, Severity};

/// One detection rule, ready to run.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub description: String,
    pub severity: Severity,
    pub tags: Vec<String>,
    pub remediation: String,
    pub references: Vec<String>,
    pub examples: Vec<String>,
    pub negative_examples: Vec<String>,
    /// Lowercased.
    pub keywords: Vec<String>,
    pub(crate) regex: Option<LazyRegex>,
    pub(crate) secret_group: Option<usize>,
    pub(crate) entropy: Option<f64>,
    pub(crate) path: Option<LazyRegex>,
    pub(crate) allowlists: Vec<Allowlist>,
    /// Tagged `generic`: yields to a specific rule that finds an overlapping secret.
    pub(crate) generic: bool,
    /// The regex can span lines, so it runs on more than a keyword's line (see
    /// `matcher::multiline_window`).
    pub(crate) multiline: bool,
    pub(crate) checksum: Option<Checksum>,
    pub(crate) skip_report: bool,
    /// Where the rule is defined.
    pub(crate) pos: LazyPos,
}

impl Rule {
    /// The rule's name as users read it.
    pub fn name(&self) -> &str {
        if self.description.is_empty() {
            &self.id
        } else {
            &self.description
        }
    }
}

/// Every rule and global allowlist, plus the keyword automaton that decides which rules run.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub(crate) allowlists: Vec<Allowlist>,
    /// The keywords, lowercased, in automaton pattern order.
    patterns: Vec<String>,
    prefilter: OnceLock<Keywords>,
    /// For each automaton pattern, the rules that have it as a keyword.
    keyword_rules: Vec<Vec<u32>>,
    /// Rules with a regex and no keywords: they run on every blob (their path permitting).
    always: Vec<u32>,
    /// Rules with a path and no regex: they report the file itself.
    path_only: Vec<u32>,
    /// What a config did to the rules it builds on (turned rules off, replaced the built-in
    /// rules): the scan warns, so a repository's config cannot switch detection off unseen.
    pub(crate) narrowed: Vec<String>,
}

impl RuleSet {
    /// What the config did to the rules it builds on: each a sentence for a warning.
    pub fn narrowed(&self) -> &[String] {
        &self.narrowed
    }

    /// What each allowlist of a config file (not the built-in rules') suppressed so far, in the
    /// order they are written: `(label, matches)`, only those that suppressed something. A
    /// repository's config that allowlists everything shows here.
    pub fn config_allowlist_hits(&self) -> Vec<(String, u64)> {
        self.rules
            .iter()
            .flat_map(|r| &r.allowlists)
            .chain(&self.allowlists)
            .filter(|a| a.from_config)
            .map(|a| {
                let n = a.hits.load(std::sync::atomic::Ordering::Relaxed);
                (a.label.clone(), n)
            })
            .filter(|&(_, n)| n > 0)
            .collect()
    }

    /// The set of `rules` and global `allowlists`, with the keyword index built (the automaton
    /// itself is built on first use).
    pub(super) fn new(rules: Vec<Rule>, allowlists: Vec<Allowlist>) -> RuleSet {
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<u32>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut always = Vec::new();
        let mut path_only = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let i = i as u32;
            if rule.regex.is_none() {
                path_only.push(i);
                continue;
            }
            if rule.keywords.is_empty() {
                always.push(i);
                continue;
            }
            for k in &rule.keywords {
                let p = *index.entry(k.clone()).or_insert_with(|| {
                    patterns.push(k.clone());
                    keyword_rules.push(Vec::new());
                    patterns.len() - 1
                });
                if !keyword_rules[p].contains(&i) {
                    keyword_rules[p].push(i);
                }
            }
        }
        RuleSet {
            rules,
            allowlists,
            patterns,
            prefilter: OnceLock::new(),
            narrowed: Vec::new(),
            keyword_rules,
            always,
            path_only,
        }
    }

    /// The keyword automaton, built on first use (cheap: docs/performance.md has the time).
    pub fn prefilter(&self) -> &Keywords {
        self.prefilter.get_or_init(|| Keywords::new(&self.patterns))
    }

    /// The keywords, lowercased, in automaton pattern order.
    pub(crate) fn keywords(&self) -> &[String] {
        &self.patterns
    }

    /// The rules that have the automaton's pattern `pattern` as a keyword.
    pub(crate) fn rules_for_keyword(&self, pattern: usize) -> &[u32] {
        &self.keyword_rules[pattern]
    }

    pub(crate) fn always(&self) -> &[u32] {
        &self.always
    }

    pub(crate) fn path_only(&self) -> &[u32] {
        &self.path_only
    }
}
