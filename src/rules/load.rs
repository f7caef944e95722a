//! Reads rule and config files into specs and merges them the way gitleaks documents.
//!
//! - The built-in rules are every `rules/*.toml` file, embedded at build time.
//! - A user config with `[extend] useDefault = true` builds on the built-in rules; with
//!   `[extend] path = "..."` on another config file (relative to the config's directory).
//!   `disabledRules` removes rules of the base; a user rule with the id of a base rule overrides
//!   the fields it sets and adds its allowlists, keywords and tags.
//! - A config without `[extend]` that defines rules replaces the built-in rules (gitleaks'
//!   behaviour); one that defines no rules at all (only allowlists, say) keeps them.

use std::path::{Path, PathBuf};

use super::error::{LazyPos, RuleError, SourcePos};
use super::set::answers_to;
use super::spec::{AllowlistSpec, ConfigSpec, RuleSpec};
use crate::confine::{self, Refused, MAX_CONFIG_BYTES};
use crate::engine::go_regex;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The text of a file that specs were read from, kept so errors can give line and column.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub(crate) name: String,
    pub(crate) text: std::sync::Arc<str>,
    /// Built-in rules compile lazily; user rules are validated when loaded.
    pub(crate) builtin: bool,
}

/// A rule spec and the files its parts came from (indexes into `Loaded::files`): a user rule
/// that overrides a built-in one mixes both. The spec's own `allowlist(s)` are moved into
/// `allowlists`.
#[derive(Debug, Clone)]
pub struct LoadedRule {
    pub spec: RuleSpec,
    /// The file of `id` and `regex`.
    pub(crate) file: usize,
    /// The file of `path`.
    pub(crate) path_file: usize,
    pub(crate) allowlists: Vec<LoadedAllowlist>,
}

/// A global allowlist spec and the file it came from.
#[derive(Debug, Clone)]
pub(crate) struct LoadedAllowlist {
    pub(crate) spec: AllowlistSpec,
    pub(crate) file: usize,
}

/// Every spec that goes into a rule set, with the files they came from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub(crate) files: Vec<SourceFile>,
    pub rules: Vec<LoadedRule>,
    pub(crate) allowlists: Vec<LoadedAllowlist>,
    /// What configs did to the rules they build on (see `RuleSet::narrowed`).
    pub(crate) narrowed: Vec<String>,
    /// Rule ids a config names that no rule answers to (a scan warns about each).
    pub(crate) unknown_ids: Vec<UnknownId>,
}

/// A rule id a config names (in `disabledRules`, say) that is neither the id nor an alias of any
/// rule, so that entry does nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownId {
    /// The config file.
    pub file: String,
    /// Where in it: `disabledRules`, `targetRules`.
    pub field: &'static str,
    pub id: String,
}

/// How deep `[extend] path` chains may go.
const MAX_EXTEND_DEPTH: usize = 4;

impl Loaded {
    /// The built-in rules, with their examples (`rules check`, the tests).
    pub fn builtin() -> Result<Loaded, RuleError> {
        Loaded::builtin_from(BUILTIN_RULE_FILES)
    }

    /// The built-in rules as a scan needs them: without their examples, which are nearly half
    /// of the rule files' text and would only slow down reading them (build.rs).
    pub(crate) fn builtin_for_scan() -> Result<Loaded, RuleError> {
        Loaded::builtin_from(SCAN_RULE_FILES)
    }

    fn builtin_from(files: &'static [(&'static str, &'static str)]) -> Result<Loaded, RuleError> {
        use rayon::prelude::*;
        // Reading the rule files is a measurable part of start-up (docs/performance.md), and
        // every scan waits for it: the files are read in parallel.
        let specs: Vec<_> = files
            .par_iter()
            .map(|(name, text)| parse(name, text))
            .collect();
        let mut loaded = Loaded::default();
        for ((name, text), spec) in files.iter().zip(specs) {
            loaded.add_spec(name, text, true, spec?);
        }
        Ok(loaded)
    }

    /// Only the given rule files (for `rules check FILE...`), without the built-in rules.
    pub fn from_files(paths: &[PathBuf]) -> Result<Loaded, RuleError> {
        let mut loaded = Loaded::default();
        for path in paths {
            let text = read(path)?;
            loaded.add_file(&path.display().to_string(), &text, false)?;
        }
        Ok(loaded)
    }

    /// The rules a scan uses given an optional user config file. `root`, when given, confines
    /// `[extend] path` to files inside it (a config found inside a scanned repository must not
    /// read files outside it).
    pub(crate) fn with_config(
        config: Option<&Path>,
        root: Option<&Path>,
    ) -> Result<Loaded, RuleError> {
        match config {
            None => Loaded::builtin_for_scan(),
            Some(path) => load_config(path, root, 0),
        }
    }

    /// The rules of a scan rooted at `root`: the `explicit` config (`--config`), else the config
    /// found in `root` (`find_config`), which may then only extend files inside `root`. Without
    /// a root (a bare repository has no work tree to hold a config), `explicit` or the built-in
    /// rules.
    pub fn for_root(explicit: Option<&Path>, root: Option<&Path>) -> Result<Loaded, RuleError> {
        let Some(root) = root else {
            return Loaded::with_config(explicit, None);
        };
        let config = find_config(explicit, root);
        // A config found inside the scanned tree may only extend files inside it.
        let confine = if explicit.is_none() { Some(root) } else { None };
        Loaded::with_config(config.as_deref(), confine)
    }

    /// The rules of a config given as text rather than a file (gitleaks' `GITLEAKS_CONFIG_TOML`),
    /// called `name` in errors; its `[extend] path` is relative to the current directory.
    pub fn from_config_text(name: &str, text: &str) -> Result<Loaded, RuleError> {
        load_text(name, text, Path::new("."), None, 0)
    }

    /// Parses one file and appends its rules and allowlists as they are (no merging).
    fn add_file(&mut self, name: &str, text: &str, builtin: bool) -> Result<(), RuleError> {
        let spec = parse(name, text)?;
        self.add_spec(name, text, builtin, spec);
        Ok(())
    }

    /// Appends the rules and allowlists of `spec`, read from `text`.
    fn add_spec(&mut self, name: &str, text: &str, builtin: bool, spec: ConfigSpec) {
        let file = self.files.len();
        self.files.push(SourceFile {
            name: name.to_string(),
            text: text.into(),
            builtin,
        });
        let mut spec = spec;
        if !builtin {
            from_go(&mut spec);
        }
        for mut spec in spec.rules {
            let allowlists = spec
                .allowlist
                .take()
                .into_iter()
                .chain(std::mem::take(&mut spec.allowlists))
                .map(|spec| LoadedAllowlist { spec, file })
                .collect();
            self.rules.push(LoadedRule {
                spec,
                file,
                path_file: file,
                allowlists,
            });
        }
        for al in spec.allowlist.into_iter().chain(spec.allowlists) {
            self.allowlists.push(LoadedAllowlist { spec: al, file });
        }
    }

    /// The indexes of the rules that answer to `name`: its own id or one of its aliases (see
    /// [`RuleSet::resolve_id`](super::RuleSet::resolve_id)).
    pub fn resolve_id(&self, name: &str) -> Vec<usize> {
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| answers_to(name, r.spec.id.get_ref(), &r.spec.aliases))
            .map(|(i, _)| i)
            .collect()
    }

    /// Where a rule's id is written, for error messages.
    pub(crate) fn rule_pos(&self, rule: &LoadedRule) -> LazyPos {
        let f = &self.files[rule.file];
        LazyPos {
            file: f.name.clone(),
            text: f.text.clone(),
            offset: rule.spec.id.span().start,
        }
    }
}

/// Rewrites the regexes of a user file from Go's syntax (user files are written for gitleaks):
/// see [`crate::engine::go_regex`]. The built-in rules are written in Rust's.
fn from_go(spec: &mut ConfigSpec) {
    fn one(pattern: &mut toml::Spanned<String>) {
        if let std::borrow::Cow::Owned(rust) = go_regex::from_go(pattern.get_ref()) {
            *pattern.get_mut() = rust;
        }
    }
    fn allowlist(al: &mut AllowlistSpec) {
        al.regexes
            .iter_mut()
            .chain(al.paths.iter_mut())
            .for_each(one);
    }
    for rule in &mut spec.rules {
        rule.regex
            .iter_mut()
            .chain(rule.path.iter_mut())
            .for_each(one);
        rule.allowlist
            .iter_mut()
            .chain(rule.allowlists.iter_mut())
            .for_each(allowlist);
    }
    spec.allowlist
        .iter_mut()
        .chain(spec.allowlists.iter_mut())
        .for_each(allowlist);
}

/// The config file for a scan rooted at `root`: `explicit` (`--config`), else `.leakhound.toml`,
/// else `.gitleaks.toml` in `root`.
pub(crate) fn find_config(explicit: Option<&Path>, root: &Path) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    [".leakhound.toml", ".gitleaks.toml"]
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file())
}

fn read(path: &Path) -> Result<String, RuleError> {
    read_config(path, None)
}

/// The text of the config file `path`: with `root`, a file the tree at `root` names, which must
/// be a regular file inside it (see [`crate::confine`]); without, one the user named. Either is
/// at most [`MAX_CONFIG_BYTES`] long.
fn read_config(path: &Path, root: Option<&Path>) -> Result<String, RuleError> {
    let shown = || SourcePos::file_only(&path.display().to_string());
    let read = match root {
        Some(root) => confine::read_named(path, root, MAX_CONFIG_BYTES),
        None => confine::read_given(path, MAX_CONFIG_BYTES),
    };
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(Refused::Io(source)) => {
            return Err(RuleError::Read {
                path: path.to_path_buf(),
                source,
            })
        }
        Err(Refused::Outside) => {
            return Err(RuleError::Config {
                pos: shown(),
                message: "is a link to a file outside the scanned directory; pass that file \
                          with --config to use it"
                    .into(),
            })
        }
        Err(Refused::TooLarge(max)) => {
            return Err(RuleError::Config {
                pos: shown(),
                message: format!(
                    "is larger than {} MiB: a config holds rules and allowlists, not data",
                    max >> 20
                ),
            })
        }
        Err(refused) => {
            return Err(RuleError::Config {
                pos: shown(),
                message: refused.to_string(),
            })
        }
    };
    String::from_utf8(bytes).map_err(|e| RuleError::Config {
        pos: shown(),
        message: format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })
}

/// The rules and allowlists of one config text as it is (no `[extend]`, no built-in rules), as a
/// user file: its regexes are validated when compiled. For fuzzing and tests.
pub(crate) fn parse_loaded(name: &str, text: &str) -> Result<Loaded, RuleError> {
    let mut loaded = Loaded::default();
    loaded.add_file(name, text, false)?;
    Ok(loaded)
}

/// Parses TOML text into a config spec; errors carry file:line:col.
pub(crate) fn parse(name: &str, text: &str) -> Result<ConfigSpec, RuleError> {
    toml::from_str::<ConfigSpec>(text).map_err(|e| RuleError::from_toml(name, text, &e))
}

fn load_config(path: &Path, root: Option<&Path>, depth: usize) -> Result<Loaded, RuleError> {
    let name = path.display().to_string();
    let text = read_config(path, root)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    load_text(&name, &text, dir, root, depth)
}

/// A config's rules from its text (`name` for errors); `dir` is what its `[extend] path` is
/// relative to, `root` what that path must stay inside.
fn load_text(
    name: &str,
    text: &str,
    dir: &Path,
    root: Option<&Path>,
    depth: usize,
) -> Result<Loaded, RuleError> {
    let (name, text) = (name.to_string(), text.to_string());
    let mut spec = parse(&name, &text)?;
    let extend = spec.extend.take();
    let defines_rules = !spec.rules.is_empty();
    let mut user = Loaded::default();
    user.add_spec(&name, &text, false, spec);
    let extend = extend.as_ref();

    if let Some(url) = extend.and_then(|e| e.url.as_ref()) {
        return Err(RuleError::Config {
            pos: SourcePos::at(&name, &text, url.span().start),
            message:
                "[extend] url is not supported: leakhound never reads the network; download the \
                      file and use [extend] path instead"
                    .into(),
        });
    }

    let mut base = if let Some(ext_path) = extend.and_then(|e| e.path.as_ref()) {
        if depth >= MAX_EXTEND_DEPTH {
            return Err(RuleError::Config {
                pos: SourcePos::at(&name, &text, ext_path.span().start),
                message: format!(
                    "[extend] path: configs extend each other more than {MAX_EXTEND_DEPTH} deep"
                ),
            });
        }
        let target = dir.join(ext_path.get_ref());
        if let Some(root) = root {
            let inside = match (target.canonicalize(), root.canonicalize()) {
                (Ok(t), Ok(r)) => t.starts_with(r),
                _ => true, // a missing file is reported by the read below
            };
            if !inside {
                return Err(RuleError::Config {
                    pos: SourcePos::at(&name, &text, ext_path.span().start),
                    message: format!(
                        "[extend] path {:?} points outside the scanned directory; pass it with --config to allow that",
                        ext_path.get_ref()
                    ),
                });
            }
        }
        let mut base = load_config(&target, root, depth + 1)?;
        if extend.is_some_and(|e| e.use_default) {
            // Both: the extended file first, then the built-in rules it does not define.
            let builtin = Loaded::builtin_for_scan()?;
            merge(&mut base, builtin, true);
        }
        Some(base)
    } else if extend.is_some_and(|e| e.use_default) || !defines_rules {
        Some(Loaded::builtin_for_scan()?)
    } else {
        None
    };

    match base.take() {
        None => {
            let mut user = user;
            user.narrowed.push(format!(
                "{name} defines its own rules without [extend] useDefault = true: the built-in \
                 rules do not run"
            ));
            Ok(user)
        }
        Some(mut base) => {
            let disabled = extend.map(|e| e.disabled_rules.as_slice()).unwrap_or(&[]);
            for d in disabled {
                if base.resolve_id(d).is_empty() && user.resolve_id(d).is_empty() {
                    base.unknown_ids.push(UnknownId {
                        file: name.clone(),
                        field: "disabledRules",
                        id: d.clone(),
                    });
                }
            }
            let before = base.rules.len();
            let mut off = Vec::new();
            base.rules.retain(|r| {
                let keep = !disabled
                    .iter()
                    .any(|d| answers_to(d, r.spec.id.get_ref(), &r.spec.aliases));
                if !keep {
                    off.push(r.spec.id.get_ref().clone());
                }
                keep
            });
            if base.rules.len() < before {
                let shown = off.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
                let more = if off.len() > 5 { ", ..." } else { "" };
                base.narrowed.push(format!(
                    "{name} turns off {} {} ([extend] disabledRules: {shown}{more})",
                    off.len(),
                    if off.len() == 1 { "rule" } else { "rules" }
                ));
            }
            merge(&mut base, user, false);
            Ok(base)
        }
    }
}

/// Adds `other` on top of `base`: rules with a known id override it (or, with `keep_base`, are
/// dropped), new ones are appended; global allowlists are appended. A rule whose id is no base
/// rule's id but an alias of some (a gitleaks id) overrides each of those.
fn merge(base: &mut Loaded, other: Loaded, keep_base: bool) {
    base.narrowed.extend(other.narrowed);
    let offset = base.files.len();
    base.files.extend(other.files);
    base.unknown_ids.extend(other.unknown_ids);
    for mut rule in other.rules {
        rule.file += offset;
        rule.path_file += offset;
        for al in &mut rule.allowlists {
            al.file += offset;
        }
        let id = rule.spec.id.get_ref();
        let targets: Vec<usize> = match base.rules.iter().position(|r| r.spec.id.get_ref() == id) {
            Some(i) => vec![i],
            None => base.resolve_id(id),
        };
        match targets.as_slice() {
            [] => base.rules.push(rule),
            _ if keep_base => {}
            [one] => override_rule(&mut base.rules[*one], rule),
            many => {
                for &i in many {
                    override_rule(&mut base.rules[i], rule.clone());
                }
            }
        }
    }
    for mut al in other.allowlists {
        al.file += offset;
        base.allowlists.push(al);
    }
}

/// A user rule with the id of a base rule: what it sets wins, lists are added to.
fn override_rule(base: &mut LoadedRule, user: LoadedRule) {
    let b = &mut base.spec;
    let u = user.spec;
    if u.regex.is_some() || u.assign.is_some() || u.shape.is_some() {
        // The regex (or the assignment pass) now comes from the user's file, whole; the id stays
        // the base rule's (the user's may be an alias of it).
        b.assign = u.assign;
        b.context = u.context;
        b.secret_words = u.secret_words;
        b.shape = u.shape;
        b.value_prefix = u.value_prefix;
        b.value_regex = u.value_regex;
        b.regex = u.regex;
        b.id = toml::Spanned::new(u.id.span(), b.id.get_ref().clone());
        base.file = user.file;
    }
    if u.service.is_some() {
        b.service = u.service;
    }
    for a in u.aliases {
        if !b.aliases.contains(&a) {
            b.aliases.push(a);
        }
    }
    if u.path.is_some() {
        b.path = u.path;
        base.path_file = user.path_file;
    }
    if !u.description.is_empty() {
        b.description = u.description;
    }
    if u.secret_group.is_some() {
        b.secret_group = u.secret_group;
    }
    if u.entropy.is_some() {
        b.entropy = u.entropy;
    }
    for k in u.keywords {
        if !b.keywords.contains(&k) {
            b.keywords.push(k);
        }
    }
    for t in u.tags {
        if !b.tags.contains(&t) {
            b.tags.push(t);
        }
    }
    if u.severity.is_some() {
        b.severity = u.severity;
    }
    if u.remediation.is_some() {
        b.remediation = u.remediation;
    }
    if u.checksum.is_some() {
        b.checksum = u.checksum;
    }
    if u.precision.is_some() {
        b.precision = u.precision;
    }
    if u.public.is_some() {
        b.public = u.public;
    }
    b.skip_report |= u.skip_report;
    base.allowlists.extend(user.allowlists);
}
