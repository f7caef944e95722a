//! The keyword automaton against the aho-corasick crate. The first byte chooses the keywords:
//! the built-in rules' (odd), or up to four taken from the next 24 bytes (even). The rest,
//! repeated to 6 000 bytes or more so that the search cuts it into pieces, is the text. Both must
//! report the same occurrences, ours in order of their end.
#![no_main]

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use leakhound::engine::keywords::Keywords;
use leakhound::rules::{Loaded, RuleSet};
use libfuzzer_sys::fuzz_target;

fn automata(patterns: &[Vec<u8>]) -> (AhoCorasick, Keywords) {
    let ac = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .expect("aho-corasick builds");
    (ac, Keywords::new(patterns))
}

fn builtin() -> &'static (Vec<Vec<u8>>, AhoCorasick, Keywords) {
    static BUILT: OnceLock<(Vec<Vec<u8>>, AhoCorasick, Keywords)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let rules = RuleSet::compile(&Loaded::builtin().expect("built-in rules")).expect("compile");
        let patterns: Vec<Vec<u8>> = rules.keywords().iter().map(|k| k.as_bytes().to_vec()).collect();
        let (ac, kw) = automata(&patterns);
        (patterns, ac, kw)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else { return };
    let own;
    let (patterns, ac, kw, text) = if choice & 1 == 1 {
        let (p, ac, kw) = builtin();
        (p, ac, kw, rest)
    } else {
        let (head, text) = rest.split_at(rest.len().min(24));
        let mut patterns: Vec<Vec<u8>> = head.chunks(6).map(|c| c.to_ascii_lowercase()).collect();
        patterns.sort();
        patterns.dedup();
        if patterns.is_empty() {
            return;
        }
        let (ac, kw) = automata(&patterns);
        own = (patterns, ac, kw);
        (&own.0, &own.1, &own.2, text)
    };
    let mut hay = Vec::new();
    while !text.is_empty() && hay.len() < 6000 {
        hay.extend_from_slice(text);
    }
    let mut want: Vec<(usize, u32)> =
        ac.find_overlapping_iter(&hay).map(|m| (m.end(), m.pattern().as_u32())).collect();
    let mut hits = Vec::new();
    kw.find(&hay, &mut hits, &mut Default::default());
    let mut got: Vec<(usize, u32)> =
        hits.iter().map(|h| (h.start + patterns[h.pattern as usize].len(), h.pattern)).collect();
    assert!(got.windows(2).all(|w| w[0].0 <= w[1].0), "hits in order of their end");
    want.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, want);
});
