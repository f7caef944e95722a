//! A cheap first test for a rule's regex: whether it can match in a window at all.
//!
//! Compiling a rule's regex is the largest start-up cost of a scan: the regex engine builds a
//! forward and a reverse NFA and prepares several engines ([`super::regex::build_regex`]), and
//! a bounded repetition such as `[A-Za-z0-9_-]{10,8000}` (a JWT's payload) becomes thousands of
//! NFA states. A `dir` scan meets the keywords of many rules whose regexes then match nothing, and
//! compiling those regexes was a large part of its CPU time (measured: docs/performance.md).
//!
//! So each rule regex also gets a filter: the same pattern with every repetition bound above
//! `RELAX` (16) relaxed (`{10,8000}` becomes `{10,}`, `{36}` becomes `{16,}`), compiled to a
//! forward lazy DFA alone (no reverse NFA, no capture groups). The relaxed
//! pattern matches a superset of the original's matches, with the same look-around, so where the
//! filter finds nothing the regex cannot match either; the regex itself is compiled only for
//! windows the filter lets through. The filter answers yes or no only; the regex still decides
//! what is found.
//!
//! Most token rules begin with their keyword (`ghp_`, `xoxb-`, `pat`), so every match starts at
//! a keyword hit. For those ([`Filter::starts_with_one_of`]) the matcher asks the filter at each
//! hit, anchored there ([`Filter::may_match_at`]): a search that ends within a few bytes where
//! the keyword is only part of a word (`pat` in `path`), instead of one over the whole line.

use regex_automata::hybrid::dfa::{Cache as DfaCache, DFA};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir, HirKind};

use super::regex::{Tier, REGEX_DFA_SIZE_LIMIT, REGEX_SIZE_LIMIT};

/// Repetition bounds above this are relaxed: a larger maximum is dropped, a larger minimum
/// lowered to it.
const RELAX: u32 = 16;

/// A forward lazy DFA for a relaxed rule pattern (the hot tier, [`Tier`]), and a PikeVM of the
/// same NFA (the cold one).
#[derive(Debug)]
pub(crate) struct Filter {
    dfa: DFA,
    pike: PikeVM,
    /// Every match of the pattern begins with one of these (ASCII lowercased); `None` when
    /// that cannot be said of a finite set of literals.
    prefixes: Option<Vec<Vec<u8>>>,
}

impl Filter {
    /// The filter for `pattern`, or `None` when it would not be cheaper than the regex (no bound
    /// to relax) or cannot be built (a pattern that needs Unicode, or an invalid one: the regex
    /// then decides alone).
    #[cfg(test)]
    pub(crate) fn build(pattern: &str) -> Option<Filter> {
        let (hir, unicode) = super::regex::parse_hir(pattern)?;
        Filter::from_hir(&hir, unicode)
    }

    /// [`Filter::build`] from the pattern's syntax tree (`unicode`: it needed Unicode).
    pub(crate) fn from_hir(hir: &Hir, unicode: bool) -> Option<Filter> {
        if unicode {
            return None;
        }
        let mut relaxed = false;
        let relaxed_hir = relax(hir.clone(), &mut relaxed);
        if !relaxed {
            return None;
        }
        let prefixes = Extractor::new()
            .kind(ExtractKind::Prefix)
            .extract(&fold_case(hir.clone()))
            .literals()
            .map(|lits| {
                lits.iter()
                    .map(|l| l.as_bytes().to_ascii_lowercase())
                    .collect()
            });
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .utf8(false)
                    .which_captures(WhichCaptures::Implicit)
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
            )
            .build_from_hir(&relaxed_hir)
            .ok()?;
        let pike = PikeVM::new_from_nfa(nfa.clone()).ok()?;
        let dfa = DFA::builder()
            .configure(DFA::config().cache_capacity(REGEX_DFA_SIZE_LIMIT))
            .build_from_nfa(nfa)
            .ok()?;
        Some(Filter {
            dfa,
            pike,
            prefixes,
        })
    }

    /// Whether every match of the pattern begins with one of `keywords` (lowercase; compared
    /// ignoring ASCII case, as the keyword pass finds them): then a match can only start where
    /// the keyword pass found one.
    pub(crate) fn starts_with_one_of(&self, keywords: &[String]) -> bool {
        self.prefixes.as_ref().is_some_and(|prefixes| {
            !prefixes.is_empty()
                && prefixes
                    .iter()
                    .all(|p| keywords.iter().any(|k| p.starts_with(k.as_bytes())))
        })
    }

    /// A search cache for one thread (empty until a search needs it).
    pub(crate) fn cache(&self) -> Cache {
        Cache::default()
    }

    /// A cache whose searches are all hot (tests compare the tiers).
    #[cfg(test)]
    pub(crate) fn hot_cache(&self) -> Cache {
        Cache {
            tier: Tier::hot_now(),
            ..Cache::default()
        }
    }

    /// Whether the rule's regex may match in `hay` starting at `start` or later (the bytes
    /// before `start` count as look-behind, as they do for the regex). `false` is certain; a
    /// search the lazy DFA gives up on counts as `true`.
    pub(crate) fn may_match(&self, cache: &mut Cache, hay: &[u8], start: usize) -> bool {
        self.may(cache, Input::new(hay).range(start..))
    }

    /// [`Filter::may_match`] for a match that starts exactly at `at`.
    pub(crate) fn may_match_at(&self, cache: &mut Cache, hay: &[u8], at: usize) -> bool {
        self.may(cache, Input::new(hay).range(at..).anchored(Anchored::Yes))
    }

    fn may(&self, cache: &mut Cache, input: Input<'_>) -> bool {
        let input = input.earliest(true);
        if cache.tier.hot(input.get_span().len()) {
            let dfa = cache
                .dfa
                .get_or_insert_with(|| Box::new(self.dfa.create_cache()));
            !matches!(self.dfa.try_search_fwd(dfa, &input), Ok(None))
        } else {
            let pike = cache
                .pike
                .get_or_insert_with(|| Box::new(self.pike.create_cache()));
            self.pike.is_match(pike, input)
        }
    }
}

/// A filter's search state in one thread: its tier, and the cache of each engine it has used.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cache {
    tier: Tier,
    // Boxed: a matcher holds a filter cache per rule, and most are never used.
    dfa: Option<Box<DfaCache>>,
    pike: Option<Box<pikevm::Cache>>,
}

/// `hir` with ASCII letters lowercased: each match of `hir`, lowercased, is a match of the
/// result. A case-insensitive `(?i:postmark)` becomes the one literal `postmark` rather than
/// 256 variants, which is more than literal extraction keeps.
fn fold_case(hir: Hir) -> Hir {
    rewrite(hir, &mut |node| match node.kind() {
        HirKind::Literal(lit) => Hir::literal(lit.0.to_ascii_lowercase()),
        HirKind::Class(Class::Bytes(class)) => {
            let mut folded = [false; 256];
            for range in class.iter() {
                for b in range.start()..=range.end() {
                    folded[b.to_ascii_lowercase() as usize] = true;
                }
            }
            let bytes: Vec<u8> = (0..=255u8).filter(|&b| folded[b as usize]).collect();
            match bytes[..] {
                [b] => Hir::literal([b]),
                _ => Hir::class(Class::Bytes(ClassBytes::new(
                    bytes.iter().map(|&b| ClassBytesRange::new(b, b)),
                ))),
            }
        }
        _ => node,
    })
}

/// `hir` with its repetition bounds above [`RELAX`] relaxed; sets `relaxed` if any was.
fn relax(hir: Hir, relaxed: &mut bool) -> Hir {
    rewrite(hir, &mut |node| match node.kind() {
        HirKind::Repetition(rep) if rep.min > RELAX || rep.max.is_some_and(|max| max > RELAX) => {
            let mut rep = rep.clone();
            if rep.max.is_some_and(|max| max > RELAX) {
                rep.max = None;
            }
            rep.min = rep.min.min(RELAX);
            *relaxed = true;
            Hir::repetition(rep)
        }
        _ => node,
    })
}

/// `hir` rebuilt from the leaves up, each node passed through `f` once its children are.
fn rewrite(hir: Hir, f: &mut impl FnMut(Hir) -> Hir) -> Hir {
    let node = match hir.into_kind() {
        HirKind::Repetition(mut rep) => {
            rep.sub = Box::new(rewrite(*rep.sub, f));
            Hir::repetition(rep)
        }
        HirKind::Capture(mut cap) => {
            cap.sub = Box::new(rewrite(*cap.sub, f));
            Hir::capture(cap)
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(|h| rewrite(h, f)).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(|h| rewrite(h, f)).collect())
        }
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Look(look) => Hir::look(look),
    };
    f(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_patterns_with_large_bounds_get_a_filter() {
        assert!(Filter::build(r"\bghp_[A-Za-z0-9]{36}\b").is_some());
        assert!(Filter::build(r"eyJ[A-Za-z0-9_-]{10,8000}").is_some());
        assert!(Filter::build(r"key-[0-9a-f]{8}").is_none());
        assert!(Filter::build(r"(unclosed").is_none());
    }

    #[test]
    fn the_filter_rejects_what_cannot_match_and_keeps_look_behind() {
        let f = Filter::build(r"\b(ghp_[A-Za-z0-9]{36})\b").unwrap();
        let mut cache = f.cache();
        let token = format!("x = ghp_{}", "a".repeat(36));
        assert!(f.may_match(&mut cache, token.as_bytes(), 0));
        assert!(!f.may_match(&mut cache, b"x = ghp_short", 0));
        // Starting inside a word: `\b` sees the byte before the start, so no match there.
        let glued = format!("xghp_{}", "a".repeat(36));
        assert!(!f.may_match(&mut cache, glued.as_bytes(), 1));
        assert!(!f.may_match(&mut cache, token.as_bytes(), 5));
    }

    #[test]
    fn rules_that_begin_with_a_keyword_are_known() {
        let starts = |pattern: &str, keywords: &[&str]| {
            let keywords: Vec<String> = keywords.iter().map(|k| k.to_string()).collect();
            Filter::build(pattern)
                .unwrap()
                .starts_with_one_of(&keywords)
        };
        assert!(starts(r"\bghp_[A-Za-z0-9]{36}\b", &["ghp_"]));
        // Case-insensitive prefixes fold to one literal rather than 2^8 variants.
        assert!(starts(
            r"(?i:postmark)[a-z_.-]{0,30}?key[0-9a-f]{36}",
            &["postmark"]
        ));
        assert!(starts(r"(?:Abc|xyz)def[0-9]{20}", &["abc", "xyz"]));
        assert!(!starts(r"(?:abc|xyz)def[0-9]{20}", &["abc"]));
        assert!(!starts(r"\b([0-9a-f]{32}-us[0-9]{1,2})\b", &["-us"]));
        assert!(!starts(r"(?:ghp_)?[A-Za-z0-9]{36}", &["ghp_"]));
        // A keyword longer than what every match begins with is no anchor.
        assert!(!starts(r"ab[0-9]{20}", &["abc"]));
    }

    #[test]
    fn an_anchored_question_looks_only_at_its_start() {
        let f = Filter::build(r"\bpat[A-Za-z0-9]{14}\.[0-9a-f]{64}\b").unwrap();
        let mut cache = f.cache();
        let token = format!("path = pat{}.{}", "A".repeat(14), "0".repeat(64));
        let hay = token.as_bytes();
        assert!(f.may_match_at(&mut cache, hay, 7));
        assert!(!f.may_match_at(&mut cache, hay, 0));
        assert!(f.may_match(&mut cache, hay, 0));
    }
}
