//! The keyword pass: every (ASCII case-insensitive) occurrence of every keyword, overlapping.
//!
//! An Aho-Corasick automaton compiled to a full DFA, as the `aho-corasick` crate builds one, but
//! searched differently. A DFA search is one chain of dependent table loads, a byte at a time,
//! so one search runs at the latency of a cache hit per byte, whatever the number of keywords.
//! Content of more than 1 KiB is therefore cut into [`LANES`] pieces that are searched in one
//! loop, each piece by its own copy of the state: the loads of the four chains overlap in the
//! CPU, and the pass runs much faster (more lanes are no faster: the loop then runs out of
//! registers; the measurements are in docs/performance.md). Each piece after the first starts
//! `longest keyword - 1` bytes early, so a keyword that crosses a cut is still found, and reports
//! only the keywords that end inside it, so none is found twice.
//!
//! Hits come out in order of their end, like `aho-corasick`'s overlapping search.

/// Pieces searched side by side.
pub const LANES: usize = 4;

/// Per-piece hits: scratch for [`Keywords::find`], reused between calls.
pub type Lanes = [Vec<Hit>; LANES];

/// The most keyword bytes all rules together may have: the keyword automaton has a state per
/// byte and a table row of at most 231 entries per state, indexed by a u32
/// (see [`Keywords`]).
pub(crate) const MAX_KEYWORD_BYTES: usize = 8 << 20;

/// The flag of a state that ends a keyword.
const MATCH: u32 = 1 << 31;
/// Below this many bytes per piece, one search is as fast. (Smaller pieces measured faster, as
/// files of a few KiB are also cut, down to this size and no further: docs/performance.md.)
const MIN_LANE: usize = 256;

/// A keyword occurrence: `content[start..start + len(keyword)]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub pattern: u32,
    pub start: usize,
}

#[derive(Debug)]
pub struct Keywords {
    /// Byte to equivalence class (0: a byte no keyword has; ASCII letters fold).
    class: [u8; 256],
    classes: usize,
    /// `table[state + class]` is the next state, premultiplied by `classes` and flagged with
    /// [`MATCH`] when it ends a keyword; the start state is 0.
    table: Vec<u32>,
    /// For state `s` (premultiplied), `outputs[out_at[s / classes].0..out_at[s / classes].1]`:
    /// the keywords that end there.
    out_at: Vec<(u32, u32)>,
    outputs: Vec<u32>,
    lens: Vec<u32>,
    longest: usize,
}

impl Keywords {
    /// The automaton for `patterns` (non-empty byte strings; ASCII letters match either case).
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Keywords {
        let mut class = [0u8; 256];
        let mut classes = 1usize;
        for p in patterns {
            for &b in p.as_ref() {
                let b = b.to_ascii_lowercase();
                if class[b as usize] == 0 {
                    // At most 256 distinct bytes, and class 0 is taken: 255 more fit in a u8
                    // unless every byte value occurs, which folding rules out.
                    class[b as usize] = classes as u8;
                    classes += 1;
                }
            }
        }
        for b in b'A'..=b'Z' {
            class[b as usize] = class[b.to_ascii_lowercase() as usize];
        }

        // The trie, in states of `classes` transitions (u32::MAX: none yet).
        const NONE: u32 = u32::MAX;
        let most = 1 + patterns.iter().map(|p| p.as_ref().len()).sum::<usize>();
        let mut trans: Vec<u32> = Vec::with_capacity(most * classes);
        trans.resize(classes, NONE);
        let mut own: Vec<Vec<u32>> = Vec::with_capacity(most);
        own.push(Vec::new());
        for (i, p) in patterns.iter().enumerate() {
            let mut s = 0usize;
            for &b in p.as_ref() {
                let c = class[b as usize] as usize;
                let next = trans[s * classes + c];
                s = if next == NONE {
                    let n = own.len();
                    trans[s * classes + c] = n as u32;
                    trans.resize(trans.len() + classes, NONE);
                    own.push(Vec::new());
                    n
                } else {
                    next as usize
                };
            }
            own[s].push(i as u32);
        }

        // Failure links, breadth first, turning the trie into a full DFA on the way. A state's
        // keywords are its own and its failure state's (found earlier: it is shallower).
        let states = own.len();
        let mut fail = vec![0u32; states];
        let mut out_at = vec![(0u32, 0u32); states];
        let mut outputs: Vec<u32> = Vec::new();
        let mut order = Vec::with_capacity(states);
        for next in &mut trans[..classes] {
            match *next {
                NONE => *next = 0,
                t => order.push(t),
            }
        }
        for &t in &order {
            let start = outputs.len() as u32;
            outputs.extend_from_slice(&own[t as usize]);
            out_at[t as usize] = (start, outputs.len() as u32);
        }
        let mut next = 0;
        while next < order.len() {
            let s = order[next] as usize;
            next += 1;
            let f = fail[s] as usize;
            for c in 0..classes {
                let t = trans[s * classes + c];
                let via_fail = trans[f * classes + c];
                if t == NONE {
                    trans[s * classes + c] = via_fail;
                } else {
                    fail[t as usize] = via_fail;
                    let start = outputs.len() as u32;
                    outputs.extend_from_slice(&own[t as usize]);
                    let (a, b) = out_at[via_fail as usize];
                    outputs.extend_from_within(a as usize..b as usize);
                    out_at[t as usize] = (start, outputs.len() as u32);
                    order.push(t);
                }
            }
        }

        // The search table, in place: next states premultiplied by `classes`, flagged with MATCH
        // where they end a keyword.
        // RuleSet::compile refuses more keyword bytes than this can hold
        // ([`MAX_KEYWORD_BYTES`]): 8 MiB of states by 231 classes at most.
        assert!(
            states * classes < MATCH as usize,
            "keyword automaton too large"
        );
        let mut table = trans;
        for entry in &mut table {
            let (a, b) = out_at[*entry as usize];
            let flag = if a == b { 0 } else { MATCH };
            *entry = (*entry * classes as u32) | flag;
        }
        Keywords {
            class,
            classes,
            table,
            out_at,
            outputs,
            lens: patterns.iter().map(|p| p.as_ref().len() as u32).collect(),
            longest: patterns.iter().map(|p| p.as_ref().len()).max().unwrap_or(0),
        }
    }

    /// Appends every keyword occurrence in `hay` to `hits`, in order of their end. `lanes` is
    /// scratch (reused between calls).
    pub fn find(&self, hay: &[u8], hits: &mut Vec<Hit>, lanes: &mut Lanes) {
        let n = hay.len();
        if n < LANES * MIN_LANE || self.longest == 0 {
            self.run(hay, 0, 0, 0, hits);
            return;
        }
        // Piece k reports keywords ending in range[k]..range[k + 1], and starts reading early
        // enough to see the longest one.
        let range: [usize; LANES + 1] = std::array::from_fn(|k| k * n / LANES);
        let from: [usize; LANES] =
            std::array::from_fn(|k| range[k].saturating_sub(self.longest - 1));
        let common = (0..LANES)
            .map(|k| range[k + 1] - from[k])
            .min()
            .unwrap_or(0);
        lanes.iter_mut().for_each(Vec::clear);
        let pieces: [&[u8]; LANES] = std::array::from_fn(|k| &hay[from[k]..from[k] + common]);
        let (table, class) = (&self.table[..], &self.class);
        let mut state = [0u32; LANES];
        for i in 0..common {
            let mut any = 0;
            for k in 0..LANES {
                state[k] =
                    table[(state[k] & !MATCH) as usize + class[pieces[k][i] as usize] as usize];
                any |= state[k];
            }
            if any & MATCH != 0 {
                self.report_lanes(state, i + 1, &from, &range, lanes);
            }
        }
        for (k, lane) in lanes.iter_mut().enumerate() {
            let at = from[k] + common;
            self.run(&hay[at..range[k + 1]], at, state[k], range[k], lane);
            hits.append(lane);
        }
    }

    /// Appends the keyword occurrences of `content` that end in `start + 1..=end`, at their
    /// offsets in `content`, in order of their end: pieces `0..a`, `a..b`, ... together find
    /// every occurrence once, and a caller that handles the hits of each piece before the next
    /// holds the hits of one piece at a time, not of the whole content. Each piece is read from
    /// `longest keyword - 1` bytes before its start.
    pub fn find_piece(
        &self,
        content: &[u8],
        start: usize,
        end: usize,
        hits: &mut Vec<Hit>,
        lanes: &mut Lanes,
    ) {
        let from = start.saturating_sub(self.longest.saturating_sub(1));
        let first = hits.len();
        self.find(&content[from..end], hits, lanes);
        let mut kept = first;
        for i in first..hits.len() {
            let h = hits[i];
            let at = from + h.start;
            if at + self.lens[h.pattern as usize] as usize > start {
                hits[kept] = Hit {
                    pattern: h.pattern,
                    start: at,
                };
                kept += 1;
            }
        }
        hits.truncate(kept);
    }

    /// One search over `piece` (at offset `offset` in the content) from state `s`, reporting
    /// keywords that end after `report_from`.
    fn run(
        &self,
        piece: &[u8],
        offset: usize,
        mut s: u32,
        report_from: usize,
        hits: &mut Vec<Hit>,
    ) {
        let (table, class) = (&self.table[..], &self.class);
        for (i, &b) in piece.iter().enumerate() {
            s = table[(s & !MATCH) as usize + class[b as usize] as usize];
            if s & MATCH != 0 {
                self.report(s, offset + i + 1, report_from, hits);
            }
        }
    }

    /// The side-by-side search's match path, out of its loop so that the loop keeps its state
    /// in registers.
    #[cold]
    #[inline(never)]
    fn report_lanes(
        &self,
        state: [u32; LANES],
        read: usize,
        from: &[usize; LANES],
        range: &[usize; LANES + 1],
        lanes: &mut Lanes,
    ) {
        for k in 0..LANES {
            self.report(state[k], from[k] + read, range[k], &mut lanes[k]);
        }
    }

    #[inline]
    fn report(&self, s: u32, end: usize, report_from: usize, hits: &mut Vec<Hit>) {
        if s & MATCH == 0 || end <= report_from {
            return;
        }
        let (a, b) = self.out_at[(s & !MATCH) as usize / self.classes];
        for &p in &self.outputs[a as usize..b as usize] {
            hits.push(Hit {
                pattern: p,
                start: end - self.lens[p as usize] as usize,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, MatchKind};

    /// Hits as `aho-corasick`'s overlapping search reports them.
    fn reference(patterns: &[&str], hay: &[u8]) -> Vec<(u32, usize)> {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .unwrap();
        let mut v: Vec<_> = ac
            .find_overlapping_iter(hay)
            .map(|m| (m.pattern().as_u32(), m.start()))
            .collect();
        v.sort_by_key(|&(p, s)| (s + patterns[p as usize].len(), p));
        v
    }

    fn ours(patterns: &[&str], hay: &[u8]) -> Vec<(u32, usize)> {
        let kw = Keywords::new(patterns);
        let mut hits = Vec::new();
        kw.find(hay, &mut hits, &mut Default::default());
        let mut v: Vec<_> = hits.iter().map(|h| (h.pattern, h.start)).collect();
        // Order of hits that end at the same byte is not specified.
        v.sort_by_key(|&(p, s)| (s + patterns[p as usize].len(), p));
        let ends: Vec<_> = hits
            .iter()
            .map(|h| h.start + patterns[h.pattern as usize].len())
            .collect();
        assert!(ends.windows(2).all(|w| w[0] <= w[1]), "hits out of order");
        v
    }

    /// A deterministic pseudo-random text over a small alphabet, so keywords occur often,
    /// including across the cuts between pieces.
    fn text(len: usize, seed: u64) -> Vec<u8> {
        let alphabet = b"abkeyKEYpat_-:/ \n";
        let mut x = seed | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                alphabet[(x % alphabet.len() as u64) as usize]
            })
            .collect()
    }

    const PATTERNS: &[&str] = &[
        "key",
        "pat",
        "token",
        "ab",
        "b",
        "keykey",
        "a_k",
        "://",
        "e-y",
        "patpatpatpat",
        "kEy_",
    ];

    #[test]
    fn agrees_with_aho_corasick_at_every_size() {
        for len in [
            0, 1, 2, 3, 100, 1023, 1024, 1025, 4096, 5000, 20_000, 100_003,
        ] {
            let hay = text(len, len as u64 + 7);
            assert_eq!(ours(PATTERNS, &hay), reference(PATTERNS, &hay), "len {len}");
        }
    }

    /// Searched piece by piece, a text gives the hits it gives whole, once each, in order.
    #[test]
    fn pieces_find_what_the_whole_finds() {
        let kw = Keywords::new(PATTERNS);
        for (len, piece) in [(5000, 7), (20_000, 1024), (100_003, 4096), (3000, 5000)] {
            let hay = text(len, len as u64 + 3);
            let mut whole = Vec::new();
            kw.find(&hay, &mut whole, &mut Default::default());
            let mut pieces = Vec::new();
            let mut lanes = Default::default();
            let mut at = 0;
            while at < hay.len() {
                let end = (at + piece).min(hay.len());
                kw.find_piece(&hay, at, end, &mut pieces, &mut lanes);
                at = end;
            }
            let key = |h: &Hit| (h.start + PATTERNS[h.pattern as usize].len(), h.pattern);
            let ends: Vec<_> = pieces.iter().map(|h| key(h).0).collect();
            assert!(ends.windows(2).all(|w| w[0] <= w[1]), "hits out of order");
            whole.sort_by_key(key);
            pieces.sort_by_key(key);
            assert_eq!(pieces, whole, "len {len}, pieces of {piece}");
        }
    }

    #[test]
    fn a_keyword_across_a_cut_is_found_once() {
        let n = 16 << 10;
        for shift in 0..14 {
            let mut hay = vec![b'.'; n];
            let at = n / 2 - shift;
            hay[at..at + 12].copy_from_slice(b"patpatpatpat");
            let found = ours(PATTERNS, &hay);
            assert_eq!(found, reference(PATTERNS, &hay), "shift {shift}");
            assert_eq!(
                found.iter().filter(|h| h.0 == 9).count(),
                1,
                "shift {shift}"
            );
        }
    }

    #[test]
    fn case_folds_ascii_only() {
        let pats = ["ghp_", "\u{e9}t\u{e9}"];
        let hay = "GHP_ Ghp_ \u{c9}T\u{c9} \u{e9}T\u{e9}".as_bytes();
        assert_eq!(ours(&pats, hay), reference(&pats, hay));
        assert_eq!(ours(&pats, hay).len(), 3);
    }

    #[test]
    fn no_patterns_find_nothing() {
        let none: [&str; 0] = [];
        assert!(ours(&none, &text(10_000, 1)).is_empty());
    }
}
