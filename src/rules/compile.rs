//! Turns loaded specs into a [`RuleSet`]: rules with lazily compiled regexes, allowlists, and one
//! Aho-Corasick automaton over every rule's keywords ([`crate::engine::keywords`]).
//!
//! # Resource usage
//!
//! Building a `RuleSet` parses nothing but the keywords: a built-in rule's regex is compiled the
//! first time it is needed, so start-up stays in the low milliseconds however many rules there
//! are. When the prefilter sees one of a rule's keywords, its [`Filter`](crate::engine::filter::Filter) (a relaxed pattern
//! compiled to a forward lazy DFA: far cheaper to build) is built first, and the regex itself
//! only once the filter finds a window where it may match. User rules (from a config file) are
//! compiled at once, so a bad regex is reported before the scan starts, with its file, line and
//! column.

use crate::engine::keywords::{Keywords, MAX_KEYWORD_BYTES};
use crate::engine::regex::LazyRegex;

use super::allowlist::Allowlist;
use super::error::{RuleError, SourcePos};
use super::load::{Loaded, LoadedAllowlist, SourceFile, UnknownId};
use super::set::{Assign, ContextRule, KeywordIndex, ParserKind, Rule, RuleSet};
use super::spec::Severity;

/// Whether a pattern can match across a line break: it names `\n` (outside a negated class such
/// as `[^\r\n]`), has `\s` inside a class (`[A-Za-z0-9+/=\s]{64,}`: a key body), or turns on
/// `(?s)` (dot matches newline). `\s` outside a class does not count: `token\s*=` stays on
/// its line.
pub(crate) fn spans_lines(pattern: &str) -> bool {
    if ["[\\s\\S]", "[\\S\\s]", "[\\w\\W]", "[\\d\\D]"]
        .iter()
        .any(|p| pattern.contains(p))
    {
        return true;
    }
    let b = pattern.as_bytes();
    let mut i = 0;
    // Inside a character class: Some(negated).
    let mut class: Option<bool> = None;
    while i < b.len() {
        match b[i] {
            b'\\' if i + 1 < b.len() => {
                if (b[i + 1] == b'n' && class != Some(true))
                    || (b[i + 1] == b's' && class == Some(false))
                {
                    return true;
                }
                i += 2;
                continue;
            }
            b'[' if class.is_none() => {
                class = Some(b.get(i + 1) == Some(&b'^'));
                // A ']' first in the class is a literal.
                i += if class == Some(true) { 2 } else { 1 };
                if b.get(i) == Some(&b']') {
                    i += 1;
                }
                continue;
            }
            b']' if class.is_some() => class = None,
            b'(' if class.is_none() && b.get(i + 1) == Some(&b'?') => {
                let flags: Vec<u8> = b[i + 2..]
                    .iter()
                    .copied()
                    .take_while(|c| c.is_ascii_alphabetic() || *c == b'-')
                    .collect();
                let on = flags.split(|&c| c == b'-').next().unwrap_or(&[]);
                if on.contains(&b's') {
                    return true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// A rule's keywords as the keyword automaton holds them: lowercased, empty ones dropped; a
/// named-context rule without keywords takes its context words.
fn rule_keywords(spec: &super::spec::RuleSpec) -> Vec<String> {
    let keywords: Vec<String> = spec
        .keywords
        .iter()
        .map(|k| k.to_ascii_lowercase())
        .filter(|k| !k.is_empty())
        .collect();
    if keywords.is_empty() && !spec.context.is_empty() {
        return spec
            .context
            .iter()
            .map(|k| k.to_ascii_lowercase())
            .collect();
    }
    keywords
}

/// The keyword automaton's patterns the rules of `loaded` will have ([`RuleSet::keywords`]),
/// read from their specs without compiling them: the keywords of every rule that runs where
/// they occur (a regex or the assignment pass, no parser), indexed as `RuleSet::new` indexes the
/// compiled rules (a test checks both agree on the built-in rules and on configs).
fn expected_patterns(loaded: &Loaded) -> Vec<String> {
    let mut index = KeywordIndex::default();
    for (i, lr) in loaded.rules.iter().enumerate() {
        let spec = &lr.spec;
        let assign = spec.assign.is_some() || !spec.context.is_empty() || spec.shape.is_some();
        if spec.parser.is_none() && (spec.regex.is_some() || assign) {
            index.add(i as u32, &rule_keywords(spec));
        }
    }
    index.patterns
}

impl RuleSet {
    /// [`RuleSet::compile`], with the keyword automaton built on a second thread meanwhile: with
    /// a thousand rules each takes milliseconds, and a scan waits for both
    /// (docs/performance.md). The automaton is built for the patterns the specs say the rules
    /// will have, and kept only if the compiled set has exactly those.
    pub(crate) fn compile_with_prefilter(loaded: &Loaded) -> Result<RuleSet, RuleError> {
        let patterns = expected_patterns(loaded);
        let (set, keywords) = std::thread::scope(|s| {
            let building = std::thread::Builder::new()
                .spawn_scoped(s, || Keywords::new(&patterns))
                .ok();
            let set = RuleSet::compile(loaded);
            (set, building.and_then(|b| b.join().ok()))
        });
        let set = set?;
        if let Some(keywords) = keywords {
            set.adopt_prefilter(&patterns, keywords);
        }
        Ok(set)
    }

    /// Compiles loaded specs. User rules' regexes are compiled now, built-in ones lazily.
    pub fn compile(loaded: &Loaded) -> Result<RuleSet, RuleError> {
        let mut rules = Vec::with_capacity(loaded.rules.len());
        let mut seen = std::collections::HashMap::new();
        let mut interned = Interned::new();
        let mut keyword_bytes = 0usize;
        for lr in &loaded.rules {
            let spec = &lr.spec;
            let file = &loaded.files[lr.file];
            let pos = loaded.rule_pos(lr);
            let id = spec.id.get_ref().clone();
            let invalid = |message: String| RuleError::Invalid {
                pos: pos.get(),
                rule: id.clone(),
                message,
            };
            if id.trim().is_empty() {
                return Err(invalid("the rule id is empty".into()));
            }
            if let Some(first) = seen.insert(id.clone(), pos.clone()) {
                return Err(invalid(format!(
                    "duplicate rule id (first defined at {first})"
                )));
            }
            let parser = match &spec.parser {
                Some(name) => Some(ParserKind::from_name(name.get_ref()).ok_or_else(|| {
                    invalid(format!(
                        "unknown parser {:?} (known: {})",
                        name.get_ref(),
                        ParserKind::NAMES.join(", ")
                    ))
                })?),
                None => None,
            };
            if parser.is_some() && spec.regex.is_some() {
                return Err(invalid("a rule has a regex or a parser, not both".into()));
            }
            let assign = compile_assign(spec, file).map_err(|(at, message)| match at {
                Some(at) => RuleError::Regex {
                    pos: SourcePos::at(&file.name, &file.text, at),
                    rule: id.clone(),
                    message,
                },
                None => invalid(message),
            })?;
            if spec.regex.is_none() && spec.path.is_none() && assign.is_none() && parser.is_none() {
                return Err(invalid(
                    "a rule needs a regex, a path, or both (or assign, context and shape, or a parser)"
                        .into(),
                ));
            }
            if assign.is_some() && (spec.regex.is_some() || parser.is_some()) {
                return Err(invalid(
                    "a rule has a regex, a parser or the assignment pass (assign, context), not two of them".into(),
                ));
            }
            let keywords = rule_keywords(spec);
            if assign.is_some() && keywords.is_empty() {
                return Err(invalid(
                    "the assignment pass needs keywords (it runs only where one occurs)".into(),
                ));
            }
            let regex = match &spec.regex {
                Some(re) => {
                    let lazy = LazyRegex::new(re.get_ref());
                    if !file.builtin {
                        lazy.validate().map_err(|message| RuleError::Regex {
                            pos: SourcePos::at(&file.name, &file.text, re.span().start),
                            rule: id.clone(),
                            message,
                        })?;
                        if let (Some(group), Some(compiled)) = (spec.secret_group, lazy.get()) {
                            if group >= compiled.captures_len() {
                                return Err(invalid(format!(
                                    "secretGroup = {group} but the regex has only {} capture group(s)",
                                    compiled.captures_len() - 1
                                )));
                            }
                        }
                    }
                    Some(lazy)
                }
                None => None,
            };
            let path = match &spec.path {
                Some(p) => Some(compile_eager(
                    &loaded.files[lr.path_file],
                    p,
                    &id,
                    &mut interned,
                )?),
                None => None,
            };
            let allowlists = lr
                .allowlists
                .iter()
                .enumerate()
                .map(|(i, al)| {
                    let label = format!(
                        "{}:rule {id} allowlist #{}",
                        shown_name(&loaded.files[al.file].name),
                        i + 1
                    );
                    compile_allowlist(loaded, al, &id, label, &mut interned)
                })
                .collect::<Result<_, _>>()?;
            keyword_bytes += spec.keywords.iter().map(String::len).sum::<usize>();
            if keyword_bytes > MAX_KEYWORD_BYTES {
                return Err(invalid(format!(
                    "the keywords of all rules add up to more than {} MiB (the most the keyword \
                     automaton holds)",
                    MAX_KEYWORD_BYTES >> 20
                )));
            }
            let precision_off = match &spec.precision {
                None => None,
                Some(p) => match p.get_ref().trim().strip_prefix("off:").map(str::trim) {
                    Some(reason) if !reason.is_empty() => Some(reason.to_string()),
                    _ => {
                        return Err(invalid(format!(
                            "precision = {:?}: the only setting is \"off: <reason>\" (a rule \
                             opts out of the precision layer only with a stated reason)",
                            p.get_ref()
                        )))
                    }
                },
            };
            let multiline = spec
                .regex
                .as_ref()
                .is_some_and(|re| spans_lines(re.get_ref()));
            rules.push(Rule {
                service: spec.service.clone().unwrap_or_default(),
                aliases: spec.aliases.clone(),
                description: spec.description.clone(),
                severity: spec.severity.unwrap_or(Severity::High),
                tags: spec.tags.clone(),
                generic: spec.tags.iter().any(|t| t == "generic") || id.starts_with("generic"),
                remediation: spec.remediation.clone().unwrap_or_default(),
                references: spec.references.clone(),
                examples: spec.examples.clone(),
                negative_examples: spec.negative_examples.clone(),
                keywords,
                regex,
                secret_group: spec.secret_group,
                entropy: spec.entropy,
                path,
                allowlists,
                multiline,
                checksum: spec.checksum,
                precision_off,
                public: spec.public.clone().filter(|p| !p.trim().is_empty()),
                assign,
                skip_report: spec.skip_report,
                parser,
                pos,
                id,
            });
        }
        let mut per_file: std::collections::HashMap<usize, usize> = Default::default();
        let mut allowlists: Vec<Allowlist> = loaded
            .allowlists
            .iter()
            .map(|al| {
                let n = per_file.entry(al.file).or_insert(0);
                *n += 1;
                let label = format!(
                    "{}:[[allowlists]] #{n}",
                    shown_name(&loaded.files[al.file].name)
                );
                compile_allowlist(loaded, al, "", label, &mut interned)
            })
            .collect::<Result<_, _>>()?;
        let mut set = RuleSet::new(rules, Vec::new());
        set.unknown_ids = loaded.unknown_ids.clone();
        // `targetRules` may name rules by alias: each name becomes the ids of the rules that
        // answer to it, and a name no rule answers to is a warning.
        for (al, spec) in allowlists.iter_mut().zip(&loaded.allowlists) {
            let mut ids: Vec<String> = Vec::new();
            for name in &al.target_rules {
                let resolved: Vec<String> = set
                    .resolve_id_names(name)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                if resolved.is_empty() {
                    set.unknown_ids.push(UnknownId {
                        file: loaded.files[spec.file].name.clone(),
                        field: "targetRules",
                        id: name.clone(),
                    });
                    // Kept, so the allowlist still applies only to rules named in it (none).
                    ids.push(name.clone());
                }
                for id in resolved {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            al.target_rules = ids;
        }
        set.allowlists = allowlists;
        set.narrowed = loaded.narrowed.clone();
        Ok(set)
    }

    /// A rule set of only the rule at `index` (and no global allowlists): what `rules check`
    /// runs each rule's examples through, so another rule cannot mask a failure.
    pub(crate) fn only(loaded: &Loaded, index: usize) -> Result<RuleSet, RuleError> {
        let mut one = Loaded {
            files: loaded.files.clone(),
            rules: vec![loaded.rules[index].clone()],
            allowlists: vec![],
            unknown_ids: vec![],
            narrowed: vec![],
        };
        one.files.iter_mut().for_each(|f| f.builtin = true);
        RuleSet::compile(&one)
    }
}

/// Context words and keys are compared lowercased, without non-alphanumerics
/// (`ADOBE_CLIENT_SECRET` holds `adobe` and `secret`).
pub(crate) fn normalise_word(word: &str) -> String {
    word.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The secret words of a context rule that lists none (rules/catalog/README.md).
const DEFAULT_SECRET_WORDS: [&str; 11] = [
    "key",
    "secret",
    "token",
    "password",
    "passwd",
    "pass",
    "pwd",
    "auth",
    "credential",
    "cred",
    "apikey",
];

/// The assignment-pass part of a rule: `assign = "secret"`, or the named-context form
/// (`context` + `shape`). An error carries the byte offset of the field it is about, if known.
fn compile_assign(
    spec: &super::spec::RuleSpec,
    file: &SourceFile,
) -> Result<Option<Assign>, (Option<usize>, String)> {
    let has_context = !spec.context.is_empty() || spec.shape.is_some();
    match (spec.assign, has_context) {
        (Some(_), true) => {
            return Err((
                None,
                "assign and the named-context form (context, shape) exclude each other".into(),
            ))
        }
        (Some(kind), false) => return Ok(Some(Assign::Generic(kind))),
        (None, false) => {
            if spec.value_regex.is_some() || spec.value_prefix.is_some() {
                return Err((
                    None,
                    "valueRegex and valuePrefix need context and shape".into(),
                ));
            }
            return Ok(None);
        }
        (None, true) => {}
    }
    let Some(shape) = &spec.shape else {
        return Err((
            None,
            "a context rule needs a shape (e.g. shape = \"hex32\")".into(),
        ));
    };
    let words: Vec<String> = spec
        .context
        .iter()
        .map(|w| normalise_word(w))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Err((
            None,
            "a context rule needs provider words (context = [...])".into(),
        ));
    }
    let mut secret_words: Vec<String> = spec
        .secret_words
        .iter()
        .map(|w| normalise_word(w))
        .filter(|w| !w.is_empty())
        .collect();
    if secret_words.is_empty() {
        secret_words = DEFAULT_SECRET_WORDS.iter().map(|w| w.to_string()).collect();
    }
    // `a|b`: either prefix; an empty alternative (`TL|`) makes the prefix optional.
    let prefixes: Vec<String> = spec
        .value_prefix
        .iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| p.split('|'))
        .map(str::to_string)
        .collect();
    let pattern = super::shape::value_pattern(
        shape.get_ref(),
        spec.value_regex.as_ref().map(|r| r.get_ref().as_str()),
        &prefixes,
    )
    .map_err(|m| (Some(shape.span().start), m))?;
    let value = LazyRegex::new(&pattern);
    if !file.builtin {
        let at = spec
            .value_regex
            .as_ref()
            .map_or(shape.span().start, |r| r.span().start);
        value.validate().map_err(|m| (Some(at), m))?;
    }
    Ok(Some(Assign::Context(Box::new(ContextRule {
        words,
        secret_words,
        value,
    }))))
}

/// The allowlist and path regexes compiled so far, by pattern: rules that repeat one (the built-in
/// placeholder and stopword allowlists recur across rules) share one compiled regex.
type Interned = std::collections::HashMap<String, LazyRegex>;

fn compile_eager(
    file: &SourceFile,
    pattern: &toml::Spanned<String>,
    rule: &str,
    interned: &mut Interned,
) -> Result<LazyRegex, RuleError> {
    let lazy = interned
        .entry(pattern.get_ref().clone())
        .or_insert_with(|| LazyRegex::new(pattern.get_ref()))
        .clone();
    if !file.builtin && !lazy.is_compiled() {
        lazy.validate().map_err(|message| {
            let pos = SourcePos::at(&file.name, &file.text, pattern.span().start);
            if rule.is_empty() {
                RuleError::Config {
                    pos,
                    message: format!("allowlist: invalid regex: {message}"),
                }
            } else {
                RuleError::Regex {
                    pos,
                    rule: rule.to_string(),
                    message,
                }
            }
        })?;
    }
    Ok(lazy)
}

/// A config file's name as the summary shows it (`./.gitleaks.toml` as `.gitleaks.toml`).
fn shown_name(name: &str) -> &str {
    name.strip_prefix("./").unwrap_or(name)
}

fn compile_allowlist(
    loaded: &Loaded,
    al: &LoadedAllowlist,
    rule: &str,
    label: String,
    interned: &mut Interned,
) -> Result<Allowlist, RuleError> {
    let file = &loaded.files[al.file];
    let spec = &al.spec;
    let mut compile_all = |list: &[toml::Spanned<String>]| -> Result<Vec<LazyRegex>, RuleError> {
        list.iter()
            .map(|p| compile_eager(file, p, rule, interned))
            .collect()
    };
    Ok(Allowlist {
        description: spec.description.clone(),
        condition: spec.condition,
        commits: spec.commits.clone(),
        paths: compile_all(&spec.paths)?,
        regex_target: spec.regex_target,
        regexes: compile_all(&spec.regexes)?,
        public: spec.public,
        stopwords: spec
            .stopwords
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .collect(),
        target_rules: spec.target_rules.clone(),
        label,
        from_config: !file.builtin,
        hits: Default::default(),
        files: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::filter::Filter;
    use crate::engine::keywords::Keywords;
    use crate::engine::regex::build_regex;

    #[test]
    fn spans_lines_detects_multiline_patterns() {
        let cases = [
            (r"ghp_[A-Za-z0-9]{36}", false),
            (r"password\s*=\s*([^\s]+)", false),
            (
                r"-----BEGIN[ A-Z]*PRIVATE KEY-----[\s\S]{64,}?-----END",
                true,
            ),
            (r"(?s)BEGIN.+END", true),
            (r"(?i)token", false),
            (r"(?is)token.+", true),
            (r"a\nb", true),
            (r"token=([^\r\n]+)", false),
            (r"[ \t\r]*x", false),
            (r"[ \t\r\n]*x", true),
            (r"BEGIN[A-Za-z0-9+/=\s]{64,}END", true),
            (r"[^\s]+", false),
            (r"(?-s:.)+", false),
            (r"(?i-s)x", false),
        ];
        for (pattern, want) in cases {
            assert_eq!(spans_lines(pattern), want, "{pattern}");
        }
    }

    /// A multi-line rule runs on much more text than a line: the two rules whose keywords occur
    /// on many lines of code must stay single-line (a `\s` in a class made them multi-line once,
    /// and their regexes then ran over much of the benchmark corpus).
    #[test]
    fn the_generic_rules_stay_on_their_line() {
        let rules = RuleSet::compile(&Loaded::builtin().unwrap()).unwrap();
        for id in ["generic-secret", "generic-password"] {
            let rule = rules.rules.iter().find(|r| r.id == id).unwrap();
            assert!(!rule.multiline, "{id}");
        }
    }

    #[test]
    fn keywords_beyond_what_the_automaton_holds_are_an_error() {
        let long = "k".repeat(1 << 20);
        let mut text = String::new();
        for i in 0..9 {
            text.push_str(&format!(
                "[[rules]]\nid = \"r{i}\"\nregex = 'x'\nkeywords = [\"{i}{long}\"]\n"
            ));
        }
        let loaded = crate::rules::load::parse_loaded("big.toml", &text).unwrap();
        let err = RuleSet::compile(&loaded).unwrap_err().to_string();
        assert!(err.starts_with("big.toml:"), "{err}");
        assert!(
            err.contains("rule \"r7\"") && err.contains("keyword automaton"),
            "{err}"
        );
    }

    /// The built-in rules repeat allowlist patterns; each distinct pattern is one regex, compiled
    /// at most once, however many rules list it.
    #[test]
    fn repeated_allowlist_patterns_share_one_regex() {
        let rules = RuleSet::compile(&Loaded::builtin().unwrap()).unwrap();
        let all: Vec<&LazyRegex> = rules
            .rules
            .iter()
            .flat_map(|r| &r.allowlists)
            .chain(&rules.allowlists)
            .flat_map(|al| al.regexes.iter().chain(&al.paths))
            .collect();
        let mut by_pattern = std::collections::HashMap::new();
        let mut repeated = 0;
        for re in all {
            match by_pattern.entry(re.pattern()) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(re);
                }
                std::collections::hash_map::Entry::Occupied(first) => {
                    repeated += 1;
                    assert!(first.get().is_same(re), "{}", re.pattern());
                }
            }
        }
        assert!(repeated > 0, "no built-in allowlist pattern is repeated");
        let (a, b) = (&rules.rules[0], &rules.rules[1]);
        assert!(!a.regex.as_ref().unwrap().is_same(b.regex.as_ref().unwrap()));
    }

    /// A user file's pattern is still checked where it is written, even when a built-in
    /// allowlist has the same pattern.
    #[test]
    fn a_repeated_bad_user_pattern_is_reported_at_its_first_place() {
        let text = "[[allowlists]]\nregexes = ['a(']\n[[allowlists]]\nregexes = ['a(']\n";
        let loaded = crate::rules::load::parse_loaded("user.toml", text).unwrap();
        let err = RuleSet::compile(&loaded).unwrap_err().to_string();
        assert!(err.starts_with("user.toml:2:"), "{err}");
    }

    /// The filter's promise, on every built-in rule: wherever the regex matches (each positive
    /// example, from every start up to the match), the filter says it may. And for a rule whose
    /// matches all begin with a keyword, each match starts at a keyword the keyword pass finds,
    /// where the anchored filter says it may match.
    #[test]
    fn every_rule_filter_admits_its_regex_matches() {
        let rules = RuleSet::compile(&Loaded::builtin().unwrap()).unwrap();
        let (mut filtered, mut anchored) = (0, 0);
        for rule in &rules.rules {
            let Some(lazy) = &rule.regex else { continue };
            let Some(filter) = Filter::build(lazy.pattern()) else {
                continue;
            };
            filtered += 1;
            let re = build_regex(lazy.pattern()).unwrap();
            let mut cache = filter.cache();
            for example in rule.examples.iter().chain(&rule.negative_examples) {
                let hay = example.as_bytes();
                let Some(m) = re.find(hay) else { continue };
                for start in [0, m.start()] {
                    assert!(
                        filter.may_match(&mut cache, hay, start),
                        "{}: the filter rejects {example:?} from {start}",
                        rule.id
                    );
                }
                if filter.starts_with_one_of(&rule.keywords) {
                    anchored += 1;
                    let keywords = Keywords::new(&rule.keywords);
                    let mut hits = Vec::new();
                    keywords.find(hay, &mut hits, &mut Default::default());
                    assert!(
                        hits.iter().any(|h| h.start == m.start()),
                        "{}: no keyword where {example:?} matches",
                        rule.id
                    );
                    assert!(
                        filter.may_match_at(&mut cache, hay, m.start()),
                        "{}: the anchored filter rejects {example:?}",
                        rule.id
                    );
                }
            }
        }
        assert!(filtered > 50, "only {filtered} rules have a filter");
        assert!(anchored > 100, "only {anchored} examples of anchored rules");
    }

    /// The cold tier (no lazy DFA: PikeVM, backtracker) and the hot one (lazy DFAs) find the
    /// same thing, on every built-in rule's examples and negative examples: the regex the same
    /// matches with the same groups, from every start, and the filter the same answer.
    #[test]
    fn both_tiers_agree_on_every_rule_example() {
        use regex_automata::Input;
        let rules = RuleSet::compile(&Loaded::builtin().unwrap()).unwrap();
        let mut compared = 0;
        for rule in &rules.rules {
            let Some(lazy) = &rule.regex else { continue };
            let cold = LazyRegex::new(lazy.pattern());
            let cold = cold.get_cold().unwrap();
            let hot = build_regex(lazy.pattern()).unwrap();
            let filter = Filter::build(lazy.pattern());
            let (mut cold_caps, mut hot_caps) = (cold.create_captures(), hot.create_captures());
            let (mut cold_cache, mut hot_cache) = (cold.create_cache(), hot.create_cache());
            for example in rule.examples.iter().chain(&rule.negative_examples) {
                let hay = example.as_bytes();
                for start in 0..=hay.len() {
                    let input = Input::new(hay).range(start..);
                    cold.search_captures_with(&mut cold_cache, &input, &mut cold_caps);
                    hot.search_captures_with(&mut hot_cache, &input, &mut hot_caps);
                    let groups = |caps: &regex_automata::util::captures::Captures| {
                        (0..caps.group_len())
                            .map(|g| caps.get_group(g).map(|s| (s.start, s.end)))
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(
                        groups(&cold_caps),
                        groups(&hot_caps),
                        "{}: the tiers differ on {example:?} from {start}",
                        rule.id
                    );
                    compared += 1;
                    if let Some(f) = &filter {
                        assert_eq!(
                            f.may_match(&mut f.cache(), hay, start),
                            f.may_match(&mut f.hot_cache(), hay, start),
                            "{}: the filter's tiers differ on {example:?} from {start}",
                            rule.id
                        );
                        assert_eq!(
                            f.may_match_at(&mut f.cache(), hay, start),
                            f.may_match_at(&mut f.hot_cache(), hay, start),
                            "{}: the anchored filter's tiers differ on {example:?} at {start}",
                            rule.id
                        );
                    }
                }
            }
        }
        assert!(compared > 50_000, "only {compared} searches compared");
    }

    /// The keyword automaton built while the rules compile is the one they need: the patterns
    /// read from the specs are the compiled set's, for the built-in rules and for configs that
    /// add parser, path-only, keyword-less and named-context rules.
    #[test]
    fn the_automaton_built_alongside_is_the_rule_sets_own() {
        let builtin = Loaded::builtin_for_scan().unwrap();
        let set = RuleSet::compile_with_prefilter(&builtin).unwrap();
        assert_eq!(expected_patterns(&builtin), set.keywords());
        assert!(set.has_prefilter(), "the automaton was adopted");
        let config = r#"
            [[rules]]
            id = "file-only"
            path = '''\.pem$'''
            [[rules]]
            id = "everywhere"
            regex = '''zq[0-9]{8}'''
            [[rules]]
            id = "Upper"
            regex = '''Tok_[a-z]{8}'''
            keywords = ["TOK_", "", "zq"]
            [[rules]]
            id = "context"
            context = ["Acme", "acme_corp"]
            shape = "hex32"
        "#;
        let loaded = super::super::load::parse_loaded("t.toml", config).unwrap();
        let set = RuleSet::compile_with_prefilter(&loaded).unwrap();
        assert_eq!(expected_patterns(&loaded), set.keywords());
        assert_eq!(set.keywords(), ["tok_", "zq", "acme", "acme_corp"]);
        // Whatever it was built from, a set takes only an automaton of its own patterns.
        let other = RuleSet::compile(&loaded).unwrap();
        other.adopt_prefilter(&["other".to_string()], Keywords::new(&["other"]));
        assert!(!other.has_prefilter());
    }

    /// A scan reads the rule files without their examples (build.rs strips them): the rules
    /// are the same, rule for rule, but for the examples.
    #[test]
    fn the_rules_a_scan_reads_are_the_rules_without_their_examples() {
        let full = RuleSet::compile(&Loaded::builtin().unwrap()).unwrap();
        let scan = RuleSet::compile(&Loaded::builtin_for_scan().unwrap()).unwrap();
        assert_eq!(full.rules.len(), scan.rules.len());
        for (a, b) in full.rules.iter().zip(&scan.rules) {
            assert!(
                b.examples.is_empty() && b.negative_examples.is_empty(),
                "{}",
                b.id
            );
            // Everything but the examples and the source text the position is read from (the
            // stripped file's); the position itself must name the same line and column.
            let shown = |r: &Rule| {
                let text = format!("{r:?}");
                let text = text[..text.find(", pos: LazyPos").unwrap()].to_string();
                text.replacen(&format!("examples: {:?}", r.examples), "", 1)
                    .replacen(
                        &format!("negative_examples: {:?}", r.negative_examples),
                        "",
                        1,
                    )
            };
            assert_eq!(a.pos.get(), b.pos.get(), "rule {}", b.id);
            let a = shown(a);
            assert_eq!(a, shown(b), "rule {} differs", b.id);
        }
        assert_eq!(
            format!("{:?}", full.allowlists),
            format!("{:?}", scan.allowlists)
        );
    }
}
