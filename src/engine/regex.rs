//! Regex building: every rule and allowlist pattern is compiled here, the same way, with explicit
//! size limits; [`LazyRegex`] compiles a pattern on first use and shares it between threads.

use std::sync::OnceLock;

use regex_syntax::hir::Hir;

use super::filter::Filter;

/// The compiled size limit for one regex (regex-automata's unit: roughly bytes of program).
pub(crate) const REGEX_SIZE_LIMIT: usize = 8 << 20;
/// The lazy DFA cache limit for one regex in one thread.
pub(crate) const REGEX_DFA_SIZE_LIMIT: usize = 2 << 20;

/// A compiled rule or allowlist regex.
pub(crate) type Regex = regex_automata::meta::Regex;
/// Why a pattern did not compile.
pub(crate) type RegexError = regex_automata::meta::BuildError;

/// Compiles a pattern the way every rule and allowlist regex is compiled: over bytes, ASCII
/// classes (as in Go's RE2, which gitleaks rules are written for), with explicit size limits.
/// A pattern that needs Unicode (`\p{L}`, say) is retried with Unicode on.
///
/// The regex is built without the two parts that a scan pays for at start-up and does not use:
/// - the literal prefilter, which skips through a long haystack to where a match can begin:
///   a rule's regex only ever runs on a window around a keyword that its filter
///   ([`Filter`]) has already searched, and an allowlist's on one finding;
/// - the one-pass DFA for capture groups: groups are resolved on the span of a match, which
///   the bounded backtracker does as well for spans this short.
///
/// Without them, the regexes a scan needs build much faster (measured: docs/performance.md).
pub(crate) fn build_regex(pattern: &str) -> Result<Regex, Box<RegexError>> {
    use regex_automata::util::syntax;
    let build = |unicode: bool| {
        meta_builder(true)
            .syntax(
                syntax::Config::new()
                    .unicode(unicode)
                    .utf8(false)
                    .multi_line(true),
            )
            .build(pattern)
            .map_err(Box::new)
    };
    build(false).or_else(|ascii_err| match ascii_err.syntax_error() {
        Some(_) => build(true).map_err(|_| ascii_err),
        None => Err(ascii_err),
    })
}

/// [`build_regex`] from the syntax tree [`parse_hir`] gave (the same regex, without parsing the
/// pattern again), for the hot tier (`hot`: with lazy DFAs) or the cold one (without: the
/// bounded backtracker and the PikeVM only, no reverse NFA, no per-thread DFA cache).
fn build_tier_from_hir(hir: &Hir, hot: bool) -> Option<Regex> {
    meta_builder(hot).build_from_hir(hir).ok()
}

fn meta_builder(hot: bool) -> regex_automata::meta::Builder {
    use regex_automata::{meta, MatchKind};
    let mut builder = meta::Builder::new();
    builder.configure(
        meta::Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .utf8_empty(false)
            .auto_prefilter(false)
            .onepass(false)
            .hybrid(hot)
            .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
            .hybrid_cache_capacity(REGEX_DFA_SIZE_LIMIT),
    );
    builder
}

/// The syntax tree of `pattern` as [`build_regex`] reads it (ASCII classes first, Unicode when the
/// pattern needs it), and whether it needed Unicode; `None` when it does not parse either way.
pub(crate) fn parse_hir(pattern: &str) -> Option<(Hir, bool)> {
    let parse = |unicode: bool| {
        regex_syntax::ParserBuilder::new()
            .unicode(unicode)
            .utf8(false)
            .multi_line(true)
            .build()
            .parse(pattern)
            .ok()
    };
    match parse(false) {
        Some(hir) => Some((hir, false)),
        None => parse(true).map(|hir| (hir, true)),
    }
}

/// A regex compiled on first use and shared by every thread (each with its own search cache, see
/// `matcher`). A pattern that fails to compile matches nothing; user patterns are validated
/// when the rule set is built, built-in ones by the test suite. Clones share the compiled regex.
#[derive(Debug, Clone)]
pub(crate) struct LazyRegex(std::sync::Arc<LazyInner>);

#[derive(Debug)]
struct LazyInner {
    pattern: String,
    /// The syntax tree, parsed once for the filter, both tiers and the match length.
    hir: OnceLock<Option<(Hir, bool)>>,
    cell: OnceLock<Option<Regex>>,
    /// The cold tier ([`Tier`]), compiled on first use.
    cold: OnceLock<Option<Regex>>,
    /// Bytes searched by [`LazyRegex::is_match`] in the cold tier, over all threads.
    cold_bytes: std::sync::atomic::AtomicUsize,
    filter: OnceLock<Option<Filter>>,
    max_len: OnceLock<Option<usize>>,
}

impl LazyRegex {
    pub(crate) fn new(pattern: &str) -> LazyRegex {
        LazyRegex(std::sync::Arc::new(LazyInner {
            pattern: pattern.to_string(),
            hir: OnceLock::new(),
            cell: OnceLock::new(),
            cold: OnceLock::new(),
            cold_bytes: std::sync::atomic::AtomicUsize::new(0),
            filter: OnceLock::new(),
            max_len: OnceLock::new(),
        }))
    }

    /// The most bytes a match can span (`None`: unbounded, or the pattern does not parse), from
    /// the syntax tree the regex is compiled from (`parse_hir`); parsed on first use.
    pub(crate) fn max_len(&self) -> Option<usize> {
        *self
            .0
            .max_len
            .get_or_init(|| self.hir()?.0.properties().maximum_len())
    }

    #[cfg(test)]
    pub(crate) fn pattern(&self) -> &str {
        &self.0.pattern
    }

    fn hir(&self) -> Option<&(Hir, bool)> {
        self.0
            .hir
            .get_or_init(|| parse_hir(&self.0.pattern))
            .as_ref()
    }

    /// The compiled regex, compiling it now if needed.
    pub(crate) fn get(&self) -> Option<&Regex> {
        self.0
            .cell
            .get_or_init(|| build_tier_from_hir(&self.hir()?.0, true))
            .as_ref()
    }

    /// The regex of the cold tier ([`Tier`]): the hot one if that is compiled already (a user
    /// rule is, when the rule set is built), else one without lazy DFAs, compiled now if needed.
    pub(crate) fn get_cold(&self) -> Option<&Regex> {
        if let Some(hot) = self.0.cell.get() {
            return hot.as_ref();
        }
        self.0
            .cold
            .get_or_init(|| build_tier_from_hir(&self.hir()?.0, false))
            .as_ref()
    }

    /// The cheap test that runs before the regex ([`Filter`]), built on first use; `None` when the
    /// pattern has none or the regex was compiled before anything asked for one (a user rule,
    /// compiled when the rule set was built: a filter would only add a search).
    pub(crate) fn filter(&self) -> Option<&Filter> {
        if let Some(filter) = self.0.filter.get() {
            return filter.as_ref();
        }
        if self.0.cell.get().is_some() {
            return None;
        }
        self.0
            .filter
            .get_or_init(|| {
                let (hir, unicode) = self.hir()?;
                Filter::from_hir(hir, *unicode)
            })
            .as_ref()
    }

    /// Compiles now and reports why it fails.
    pub(crate) fn validate(&self) -> Result<(), String> {
        match build_regex(&self.0.pattern) {
            Ok(re) => {
                let _ = self.0.cell.set(Some(re));
                Ok(())
            }
            Err(e) => Err(regex_error_message(&e)),
        }
    }

    /// Whether the regex has been compiled (by [`LazyRegex::get`] or [`LazyRegex::validate`]).
    pub(crate) fn is_compiled(&self) -> bool {
        self.0.cell.get().is_some()
    }

    /// Whether `other` is a clone of this one (they share the compiled regex).
    #[cfg(test)]
    pub(crate) fn is_same(&self, other: &LazyRegex) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }

    /// Whether the regex matches anywhere in `haystack` (an allowlist's test of one finding):
    /// in the cold tier until the regex has searched [`COLD_BUDGET`] bytes in all.
    pub(crate) fn is_match(&self, haystack: &[u8]) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let cold = runs_cold(self.0.cold_bytes.load(Relaxed), haystack.len())
            && self.0.cold_bytes.fetch_add(haystack.len(), Relaxed) < COLD_BUDGET;
        let re = if cold { self.get_cold() } else { self.get() };
        re.is_some_and(|re| re.is_match(haystack))
    }
}

/// The bytes a regex or filter searches in its cold tier (in one thread, for a rule's regex and
/// filter; in all, for an allowlist's regex) before its lazy DFA is built.
pub(crate) const COLD_BUDGET: usize = 16 << 10;
/// A search over more bytes than this goes to the hot tier at once.
pub(crate) const COLD_MAX_SPAN: usize = 4 << 10;

/// Whether a search over `span` bytes, by a regex that has searched `spent` bytes cold, runs
/// cold ([`Tier`]).
fn runs_cold(spent: usize, span: usize) -> bool {
    span <= COLD_MAX_SPAN && spent < COLD_BUDGET
}

/// Which engines a rule's regex or filter searches with, in one thread.
///
/// A lazy DFA is the fastest way to search many bytes, but it is built state by state as it
/// searches, in a cache per regex and per thread: a few hundred microseconds and up to
/// megabytes for each regex, repaid only when the regex searches a lot. A scan that meets the
/// keywords of hundreds of rules a few times each (a tree of rule examples, a config directory)
/// would spend most of its time and memory building DFA states it uses once. So each regex
/// starts *cold* (the PikeVM and bounded backtracker, which need no DFA and little memory, and
/// for the regex no reverse NFA) and turns *hot* (lazy DFAs) once it has searched
/// [`COLD_BUDGET`] bytes in this thread, or at once for a longer search than [`COLD_MAX_SPAN`].
/// Both tiers give the same matches (a test runs every built-in rule's examples through both).
#[derive(Debug, Clone, Default)]
pub(crate) struct Tier {
    cold_bytes: usize,
}

impl Tier {
    /// A tier that is hot from the start (tests compare the tiers).
    #[cfg(test)]
    pub(crate) fn hot_now() -> Tier {
        Tier {
            cold_bytes: COLD_BUDGET,
        }
    }

    /// Whether a search over `span` bytes runs hot (counting it if it runs cold).
    pub(crate) fn hot(&mut self, span: usize) -> bool {
        if !runs_cold(self.cold_bytes, span) {
            self.cold_bytes = COLD_BUDGET;
            return true;
        }
        self.cold_bytes += span;
        false
    }
}

/// A regex as one thread searches it: the tier it is in and, per tier, the compiled regex with
/// this thread's cache and capture slots.
pub(crate) struct RegexSearch<'r> {
    lazy: &'r LazyRegex,
    tier: Tier,
    // Boxed: a meta cache is kilobytes, and a matcher holds a search per rule (most never used).
    cold: Option<Option<Box<Engine<'r>>>>,
    hot: Option<Option<Box<Engine<'r>>>>,
}

struct Engine<'r> {
    re: &'r Regex,
    cache: regex_automata::meta::Cache,
    caps: regex_automata::util::captures::Captures,
}

impl<'r> RegexSearch<'r> {
    pub(crate) fn new(lazy: &'r LazyRegex) -> RegexSearch<'r> {
        RegexSearch {
            lazy,
            tier: Tier::default(),
            cold: None,
            hot: None,
        }
    }

    /// The regex, its cache and capture slots for searching a window of `span` bytes (`None`:
    /// the pattern does not compile).
    pub(crate) fn engine(
        &mut self,
        span: usize,
    ) -> Option<(
        &'r Regex,
        &mut regex_automata::meta::Cache,
        &mut regex_automata::util::captures::Captures,
    )> {
        let lazy = self.lazy;
        let slot = if self.tier.hot(span) {
            self.hot.get_or_insert_with(|| lazy.get().map(Engine::new))
        } else {
            self.cold
                .get_or_insert_with(|| lazy.get_cold().map(Engine::new))
        };
        slot.as_mut().map(|e| (e.re, &mut e.cache, &mut e.caps))
    }
}

impl<'r> Engine<'r> {
    fn new(re: &'r Regex) -> Box<Engine<'r>> {
        Box::new(Engine {
            re,
            cache: re.create_cache(),
            caps: re.create_captures(),
        })
    }
}

fn regex_error_message(e: &RegexError) -> String {
    match (e.size_limit(), e.syntax_error()) {
        (Some(limit), _) => format!(
            "the compiled regex exceeds the size limit of {limit} bytes; simplify it (smaller counted repetitions)"
        ),
        // The syntax error's Display is multi-line (pattern, caret, "error: ..."): keep the
        // message on one line.
        (None, syntax) => {
            let text = syntax.map_or_else(|| e.to_string(), ToString::to_string);
            text.lines()
                .find_map(|l| l.trim().strip_prefix("error: "))
                .map(str::to_string)
                .unwrap_or_else(|| text.split_whitespace().collect::<Vec<_>>().join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_hir_falls_back_to_unicode_as_build_regex_does() {
        assert!(!parse_hir(r"\w{1,20}").unwrap().1);
        assert!(parse_hir(r"\p{Greek}+").unwrap().1);
        assert!(build_regex(r"\p{Greek}+").is_ok());
        assert!(parse_hir(r"(unclosed").is_none());
        // ASCII classes: `\w` is one byte, as in the compiled regex.
        assert_eq!(LazyRegex::new(r"\w{1,20}").max_len(), Some(20));
    }

    #[test]
    fn build_regex_enforces_size_limit() {
        let err = build_regex(r"(?:[a-z0-9]{1000}){1000}").unwrap_err();
        assert!(err.size_limit().is_some(), "{err}");
    }

    #[test]
    fn build_regex_is_ascii_by_default_and_unicode_when_needed() {
        let re = build_regex(r"^\w+$").unwrap();
        assert!(!re.is_match("héllo".as_bytes()));
        assert!(build_regex(r"\p{L}+").unwrap().is_match("é".as_bytes()));
    }
}
