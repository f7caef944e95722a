//! The keyword automaton against the aho-corasick crate (`leakhound::fuzzing::keywords` says how
//! the input chooses the keywords and the text).
#![no_main]

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use libfuzzer_sys::fuzz_target;

fn aho_corasick(patterns: &[Vec<u8>], hay: &[u8]) -> Vec<(usize, u32)> {
    let ac = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .expect("aho-corasick builds");
    ac.find_overlapping_iter(hay).map(|m| (m.end(), m.pattern().as_u32())).collect()
}

fuzz_target!(|data: &[u8]| leakhound::fuzzing::keywords(data, &aho_corasick));
