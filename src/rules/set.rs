//! The compiled rules: each [`Rule`] ready to run, and the [`RuleSet`] that holds them with the
//! global allowlists and the keyword automaton that decides which rules run on a blob.

use std::sync::OnceLock;

use crate::engine::keywords::Keywords;
use crate::engine::regex::LazyRegex;

use super::allowlist::Allowlist;
use super::error::LazyPos;
use super::spec::{AssignKind, Checksum, Severity};

/// A rule whose matches the structured assignment pass finds (`matcher/assign/`), not a regex.
#[derive(Debug)]
pub(crate) enum Assign {
    /// A generic rule: keys that name a secret of this kind, values that look like one.
    Generic(AssignKind),
    /// A named-context rule: a provider word and a secret word in the key, a value of one shape.
    Context(Box<ContextRule>),
}

/// A named-context rule, compiled.
#[derive(Debug)]
pub(crate) struct ContextRule {
    /// Provider words, lowercased, without non-alphanumerics (as keys are compared).
    pub(crate) words: Vec<String>,
    /// Secret words, normalised the same way.
    pub(crate) secret_words: Vec<String>,
    /// The whole value's pattern (`^prefix shape$`).
    pub(crate) value: LazyRegex,
}

/// One detection rule, ready to run.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    /// The provider or product (`""` when the rule does not say).
    pub service: String,
    /// Other scanners' ids (gitleaks') this rule answers to.
    pub aliases: Vec<String>,
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
    /// `precision = "off: <reason>"`: the precision layer leaves its matches alone (the reason).
    pub(crate) precision_off: Option<String>,
    /// Why its secrets are public by design (`public = "..."`): matches are not reported.
    pub(crate) public: Option<String>,
    /// Found by the structured assignment pass instead of a regex.
    pub(crate) assign: Option<Assign>,
    pub(crate) skip_report: bool,
    /// The kind of credential-file parser finding the rule reports, if it is a parser rule.
    pub(crate) parser: Option<ParserKind>,
    /// Where the rule is defined.
    pub(crate) pos: LazyPos,
}

/// What to do about a leaked secret when its rule does not say.
pub(crate) const DEFAULT_REMEDIATION: &str =
    "Revoke the secret with the service that issued it, issue a \
new one, and load it from the environment or a secret manager instead of the source.";
/// The kinds of finding the credential-file parsers (`matcher/files/`) make; a rule with
/// `parser = "<name>"` reports those of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParserKind {
    /// A literal credential (password, token, key) in a field the format names.
    Secret,
    /// A well-known default password (`admin`, `postgres`, ...): still a working credential.
    DefaultPassword,
    /// A password hash (crypt, bcrypt, MD5, SHA, SCRAM...): it cracks offline.
    PasswordHash,
}

impl ParserKind {
    pub(crate) const NAMES: [&'static str; 3] = ["secret", "default-password", "password-hash"];
    const ALL: [ParserKind; 3] = [
        ParserKind::Secret,
        ParserKind::DefaultPassword,
        ParserKind::PasswordHash,
    ];

    pub(crate) fn from_name(name: &str) -> Option<ParserKind> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl Rule {
    /// How sure a finding of this rule is, before its checksum (if any) is verified: `high` for a
    /// rule with a provider checksum (a verified one is reported `high`, a failed one `low`),
    /// `low` for a generic rule (a keyword and a random-looking value) and a named-context rule
    /// (the name beside an opaque value), `medium` for a distinctive token format.
    pub fn confidence_class(&self) -> super::Confidence {
        use super::Confidence;
        if self.checksum.is_some() {
            Confidence::High
        } else if self.generic || matches!(self.assign, Some(Assign::Context(_))) {
            Confidence::Low
        } else {
            Confidence::Medium
        }
    }

    /// Why the rule's secrets are public by design: its own `public` (`None`), or the
    /// description of its allowlist `i`.
    pub fn public_reason(&self, allowlist: Option<u16>) -> Option<&str> {
        match allowlist {
            None => self.public.as_deref(),
            Some(i) => self
                .allowlists
                .get(i as usize)
                .map(|a| a.description.as_str()),
        }
    }

    /// The rule's name as users read it.
    pub fn name(&self) -> &str {
        if self.description.is_empty() {
            &self.id
        } else {
            &self.description
        }
    }

    /// What to do when the rule fires: its `remediation`, else `DEFAULT_REMEDIATION`.
    pub fn what_to_do(&self) -> &str {
        match self.remediation.trim() {
            "" => DEFAULT_REMEDIATION,
            r => r,
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
    /// Rule ids the config names that no rule answers to.
    pub(crate) unknown_ids: Vec<super::load::UnknownId>,
    /// Per [`ParserKind`]: the rules that report the credential-file parsers' findings of it.
    parsers: [Vec<u32>; 3],
}

/// The keyword automaton's patterns (each keyword once, in the order rules name them) and, per
/// pattern, the rules that have it.
#[derive(Default)]
pub(super) struct KeywordIndex {
    pub(super) patterns: Vec<String>,
    keyword_rules: Vec<Vec<u32>>,
    at: std::collections::HashMap<String, usize>,
}

impl KeywordIndex {
    /// Indexes rule `rule` under each of its `keywords`.
    pub(super) fn add(&mut self, rule: u32, keywords: &[String]) {
        for k in keywords {
            let p = *self.at.entry(k.clone()).or_insert_with(|| {
                self.patterns.push(k.clone());
                self.keyword_rules.push(Vec::new());
                self.patterns.len() - 1
            });
            if !self.keyword_rules[p].contains(&rule) {
                self.keyword_rules[p].push(rule);
            }
        }
    }
}

/// What one config allowlist suppressed: see [`RuleSet::config_allowlist_hits`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowlistHits {
    /// Where it is written (`.gitleaks.toml:[[allowlists]] #1`).
    pub label: String,
    /// The matches it allowed.
    pub findings: u64,
    /// The files (blobs) it left unread, their paths alone being allowlisted.
    pub files: u64,
}

/// Whether the rule with id `id` and aliases `aliases` answers to `name`: `name` is its id or one
/// of its aliases (exact, case-sensitive, as gitleaks compares ids).
pub(crate) fn answers_to(name: &str, id: &str, aliases: &[String]) -> bool {
    id == name || aliases.iter().any(|a| a == name)
}

impl RuleSet {
    /// What the config did to the rules it builds on: each a sentence for a warning.
    pub fn narrowed(&self) -> &[String] {
        &self.narrowed
    }

    /// What each allowlist of a config file (not the built-in rules') suppressed so far, in the
    /// order they are written, only those that suppressed something. A repository's config that
    /// allowlists everything shows here.
    pub fn config_allowlist_hits(&self) -> Vec<AllowlistHits> {
        let load = |n: &std::sync::atomic::AtomicU64| n.load(std::sync::atomic::Ordering::Relaxed);
        self.rules
            .iter()
            .flat_map(|r| &r.allowlists)
            .chain(&self.allowlists)
            .filter(|a| a.from_config)
            .map(|a| AllowlistHits {
                label: a.label.clone(),
                findings: load(&a.hits),
                files: load(&a.files),
            })
            .filter(|h| h.findings + h.files > 0)
            .collect()
    }

    /// Whether a global allowlist allows every match in the file at `rel` (relative to the scan
    /// root), so that it need not be read; the first that does counts the file.
    pub(crate) fn path_allowlisted(&self, rel: &str) -> bool {
        let Some(al) = self.allowlists.iter().find(|a| a.allows_whole_path(rel)) else {
            return false;
        };
        al.files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        true
    }

    /// The set of `rules` and global `allowlists`, with the keyword index built (the automaton
    /// itself is built on first use).
    pub(super) fn new(rules: Vec<Rule>, allowlists: Vec<Allowlist>) -> RuleSet {
        let mut index = KeywordIndex::default();
        let mut always = Vec::new();
        let mut path_only = Vec::new();
        let mut parsers: [Vec<u32>; 3] = Default::default();
        for (i, rule) in rules.iter().enumerate() {
            let i = i as u32;
            if let Some(kind) = rule.parser {
                parsers[kind.index()].push(i);
            } else if rule.regex.is_none() && rule.assign.is_none() {
                path_only.push(i);
            } else if rule.keywords.is_empty() {
                always.push(i);
            } else {
                index.add(i, &rule.keywords);
            }
        }
        let KeywordIndex {
            patterns,
            keyword_rules,
            ..
        } = index;
        RuleSet {
            rules,
            allowlists,
            patterns,
            prefilter: OnceLock::new(),
            narrowed: Vec::new(),
            keyword_rules,
            always,
            path_only,
            unknown_ids: Vec::new(),
            parsers,
        }
    }

    /// The indexes (into `rules`) of every rule that answers to `name`: the rule with that id
    /// and every rule that has it as an alias (a gitleaks id may name several of our rules:
    /// gitleaks' `openai-api-key` covers three kinds of OpenAI key). Empty when none does.
    ///
    /// This is how every place that accepts a rule id reads it: `[extend] disabledRules`, an
    /// allowlist's `targetRules`, the rule of a `.gitleaksignore` entry. (A `[[rules]]` entry
    /// that overrides a built-in rule prefers the rule with exactly its id, and overrides every
    /// rule that has it as an alias only when there is none: see `rules::load`.)
    pub fn resolve_id(&self, name: &str) -> Vec<usize> {
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| answers_to(name, &r.id, &r.aliases))
            .map(|(i, _)| i)
            .collect()
    }

    /// The ids of the rules that answer to `name` (see [`RuleSet::resolve_id`]).
    pub fn resolve_id_names(&self, name: &str) -> Vec<&str> {
        self.resolve_id(name)
            .into_iter()
            .map(|i| self.rules[i].id.as_str())
            .collect()
    }

    /// Rule ids the config names (`disabledRules`, `targetRules`) that no rule answers to: each
    /// is a warning.
    pub fn unknown_ids(&self) -> &[super::load::UnknownId] {
        &self.unknown_ids
    }

    /// The keyword automaton, built on first use (cheap: docs/performance.md has the time).
    pub fn prefilter(&self) -> &Keywords {
        self.prefilter.get_or_init(|| Keywords::new(&self.patterns))
    }

    /// Whether the keyword automaton is built.
    #[cfg(test)]
    pub(crate) fn has_prefilter(&self) -> bool {
        self.prefilter.get().is_some()
    }

    /// Takes `keywords` as the keyword automaton if it was built for exactly this set's
    /// patterns (`RuleSet::compile_with_prefilter` builds it while the rules compile).
    pub(crate) fn adopt_prefilter(&self, patterns: &[String], keywords: Keywords) {
        if patterns == self.patterns.as_slice() {
            // Already set only if something asked for it meanwhile: the same automaton.
            let _ = self.prefilter.set(keywords);
        }
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

    /// The rules that report the credential-file parsers' findings of `kind`.
    pub(crate) fn parser_rules(&self, kind: ParserKind) -> &[u32] {
        &self.parsers[kind.index()]
    }

    /// Whether any rule reports the credential-file parsers' findings.
    pub(crate) fn has_parser_rules(&self) -> bool {
        self.parsers.iter().any(|p| !p.is_empty())
    }
}
