//! The matcher: keyword prefilter, then each candidate rule's regex on the lines where its
//! keywords occur, then secret group, entropy, checksum and allowlists.
//!
//! # Resource usage
//!
//! One aho-corasick pass over the content decides everything: a rule whose keywords do not occur
//! costs nothing, and a rule whose keywords do occur runs its regex only on those lines (bounded
//! to a few KiB around the keyword on very long lines, such as minified files), and only after
//! its cheap filter (`engine/filter.rs`) says it may match there. A rule whose matches all
//! begin with a keyword (most token rules) asks its filter at each keyword hit, anchored there,
//! so a keyword inside a longer word (`pat` in `path`) costs a few bytes of search and no
//! window. Each thread owns its `Matcher`, with its own search caches for the regexes it has
//! needed (so no cache is shared between threads) and scratch buffers that are reused from one
//! blob to the next: scanning allocates only for matches.

mod assign;
pub mod check;
pub mod checksum;
pub(crate) mod decode;
pub(crate) mod entropy;
pub(crate) mod files;
mod lines;
mod precision;
mod window;

use regex_automata::Input;

use crate::engine::filter::{Cache as FilterCache, Filter};
use crate::engine::keywords;
use crate::engine::regex::RegexSearch;
use crate::rules::{AllowInput, Confidence, Ignored, ParserKind, RuleSet};
use precision::{allowlisted, drop_generic_overlaps, judge, secret_span, Seen};
use window::{line_bounds, multiline_window, single_line_window, Window};

/// A deterministic pseudo-random source for tests (xorshift64).
#[cfg(test)]
pub(crate) fn test_rng(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

/// The keyword pass reads the content this many bytes at a time, handling each piece's hits
/// before the next piece (see [`Matcher::find`]).
const KEYWORD_PIECE: usize = 256 << 10;

/// A match in one blob, in byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct RawMatch {
    /// Index into `RuleSet::rules`.
    pub rule: u32,
    /// The secret's byte range (what is reported and located); for a secret found in decoded
    /// text, the range of the encoded text.
    pub start: usize,
    pub end: usize,
    pub entropy: f64,
    pub confidence: Confidence,
    /// Set when the secret was found in decoded text.
    pub decoded: Option<Box<Decoded>>,
    /// Set when a credential-file parser found the secret: the field and the account.
    pub detail: Option<Box<Detail>>,
    /// Set when the precision layer recognised a placeholder or a public-by-design key: the
    /// match is not reported, but still wins over a generic rule's overlapping match and is
    /// counted (and listed by `--explain`).
    pub ignored: Option<Ignored>,
}

/// What a credential-file parser (`matcher/files/`) knows of a secret beyond its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    /// The field as the format spells it (`password`, `Pass`, `DB_PASSWORD`, `IDENTIFIED BY`).
    pub field: String,
    /// What the credential unlocks, as far as the format says: `host`, `port`, `database`,
    /// `user`, `url`, `account` (in that order when present). Never the secret itself.
    pub context: Vec<(&'static str, String)>,
    /// Why the finding is what it is (a well-known default, a hash format).
    pub note: Option<String>,
}

impl RawMatch {
    /// Whether the match is reported (the precision layer did not set it aside).
    pub fn reported(&self) -> bool {
        self.ignored.is_none()
    }
}

/// A secret found by decoding: the decoded secret and how it was decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub secret: Vec<u8>,
    /// Outermost first, e.g. `base64` or `base64/percent`.
    pub encoding: String,
}

/// What is being scanned, for path rules and allowlists.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The path relative to the scan root, `/`-separated.
    pub path: &'a str,
    pub commit: Option<&'a str>,
}

/// A rule's filter, with this thread's cache.
#[derive(Clone)]
struct RuleFilter<'r> {
    filter: &'r Filter,
    cache: FilterCache,
    /// Every match begins with one of the rule's keywords (and the rule is single-line): the
    /// filter is asked at each keyword hit, anchored there, before a window is made for it
    /// (and not again for the window).
    at_hits: bool,
}

/// The filter of rule `r`, fetched the first time.
fn rule_filter<'a, 'r>(
    filters: &'a mut [Option<Option<RuleFilter<'r>>>],
    rules: &'r RuleSet,
    r: u32,
) -> Option<&'a mut RuleFilter<'r>> {
    filters[r as usize]
        .get_or_insert_with(|| {
            let rule = &rules.rules[r as usize];
            let filter = rule.regex.as_ref()?.filter()?;
            Some(RuleFilter {
                filter,
                cache: filter.cache(),
                at_hits: !rule.multiline && filter.starts_with_one_of(&rule.keywords),
            })
        })
        .as_mut()
}

/// Per-thread matching state. See the module docs for its costs.
pub struct Matcher<'r> {
    rules: &'r RuleSet,
    /// Per rule: not fetched yet (`None`), or its regex with this thread's cache and captures.
    regexes: Vec<Option<RegexSearch<'r>>>,
    /// Per rule: not fetched yet (`None`), or its filter with this thread's cache.
    filters: Vec<Option<Option<RuleFilter<'r>>>>,
    /// Per rule: the window its regex runs on next, still growing while keywords extend it.
    open: Vec<Option<Window>>,
    /// The rules with an open window, in the order they got it.
    touched: Vec<u32>,
    /// Per rule: whether its path filter matched the current blob (0 unknown, 1 yes, 2 no).
    path_ok: Vec<u8>,
    /// Keyword hits in the current content, and the keyword pass's scratch.
    hits: Vec<keywords::Hit>,
    lanes: keywords::Lanes,
    /// Per decoding depth: the runs found and the decoded bytes.
    decode_scratch: Vec<(Vec<decode::Run>, Vec<u8>, Vec<RawMatch>)>,
    /// Per rule: whether an allowlist it answers to has regexes on the line.
    reads_line: Vec<bool>,
    /// What judging matches has seen of the content [`Matcher::find`] is on.
    seen: Seen,
    /// The allow comments of the blob whose encoded runs are decoded.
    blob_marks: lines::Marks,
    /// The values the credential-file parser of the current blob judged no credential.
    rejected: Vec<(usize, usize)>,
    /// The key-value pairs of the last window the assignment pass looked at.
    assigns: assign::Assigns,
    /// The values an assignment rule reported in its current window (one finding per value).
    assigned: Vec<(usize, usize)>,
}

impl<'r> Matcher<'r> {
    pub fn new(rules: &'r RuleSet) -> Matcher<'r> {
        let n = rules.rules.len();
        Matcher {
            rules,
            regexes: (0..n).map(|_| None).collect(),
            filters: vec![None; n],
            open: vec![None; n],
            touched: Vec::new(),
            path_ok: vec![0; n],
            hits: Vec::new(),
            lanes: Default::default(),
            decode_scratch: Vec::new(),
            reads_line: {
                let global = rules.allowlists.iter().any(|a| a.reads_line());
                rules
                    .rules
                    .iter()
                    .map(|r| global || r.allowlists.iter().any(|a| a.reads_line()))
                    .collect()
            },
            seen: Seen::default(),
            blob_marks: lines::Marks::default(),
            rejected: Vec::new(),
            assigns: assign::Assigns::default(),
            assigned: Vec::new(),
        }
    }

    /// Like [`Matcher::find`], and also decodes base64, hex and percent-encoded runs (nested up
    /// to `max_depth` levels, see `matcher/decode.rs`) and matches the decoded text. A secret found that
    /// way is located at the encoded text and carries the decoded secret.
    pub fn find_with_decoding(
        &mut self,
        target: &Target<'_>,
        content: &[u8],
        max_depth: usize,
        out: &mut Vec<RawMatch>,
    ) {
        let first = out.len();
        self.find(target, content, out);
        self.find_files(target, content, out);
        self.blob_marks.reset();
        let mut budget = decode::MAX_DECODED;
        self.find_decoded(
            target,
            content,
            0,
            max_depth.min(decode::MAX_DEPTH),
            &mut budget,
            out,
            None,
        );
        self.overrule(out, first);
        if out.len() > first {
            drop_generic_overlaps(self.rules, out, first);
        }
    }

    /// Removes from `out[first..]` the other rules' matches on values the credential-file parser
    /// read and judged to be no credential (a placeholder, a template, an anonymous login): the
    /// parser knows the format, a regex only the look of the line.
    pub fn overrule(&mut self, out: &mut Vec<RawMatch>, first: usize) {
        if self.rejected.is_empty() {
            return;
        }
        let rules = self.rules;
        let rejected = std::mem::take(&mut self.rejected);
        let mut i = first;
        while i < out.len() {
            let m = &out[i];
            let overruled = rules.rules[m.rule as usize].parser.is_none()
                && rejected.iter().any(|&(s, e)| {
                    // A path rule's empty match at 0 names the file, not a value.
                    m.end > m.start && s < m.end && m.start < e.max(s + 1)
                });
            if overruled {
                out.swap_remove(i);
            } else {
                i += 1;
            }
        }
    }

    /// Appends the secrets that the credential-file parser for `target`'s path (if one is and
    /// the content confirms the format, see `matcher/files/`) finds in `content`, judged like any
    /// rule's match (allow comments, allowlists) and reported by the parser rules of their kind.
    /// Call it after [`Matcher::find`] on the same content (it reuses what `find` saw of it),
    /// and [`Matcher::overrule`] once every other match of the content is in.
    pub fn find_files(&mut self, target: &Target<'_>, content: &[u8], out: &mut Vec<RawMatch>) {
        let rules = self.rules;
        self.rejected.clear();
        if !rules.has_parser_rules() {
            return;
        }
        let Some(parse) = files::parser_for(target.path) else {
            return;
        };
        let mut parsed = files::Out::new(content);
        parse(&mut parsed);
        self.rejected = parsed.rejected;
        for c in parsed.found {
            for &r in rules.parser_rules(c.kind) {
                if !self.path_matches(r, target.path) {
                    continue;
                }
                let rule = &rules.rules[r as usize];
                let Some(mut m) = judge(
                    rules,
                    rule,
                    r,
                    self.reads_line[r as usize],
                    target,
                    content,
                    &mut self.seen,
                    c.span,
                    c.span,
                ) else {
                    continue;
                };
                if let Some(confidence) = c.confidence {
                    m.confidence = confidence;
                }
                if let Some((secret, encoding)) = &c.decoded {
                    m.decoded = Some(Box::new(Decoded {
                        secret: secret.clone(),
                        encoding: encoding.to_string(),
                    }));
                }
                let detail = Detail {
                    field: c.field.clone(),
                    context: c.context.clone(),
                    note: c.note.clone(),
                };
                // A provider rule that found the same value says more of what it is: it keeps
                // the finding, and takes the field and context (no second finding of it).
                // Hashes stay their own kind.
                if c.kind != ParserKind::PasswordHash {
                    if let Some(other) = out.iter_mut().find(|o| {
                        let rule = &rules.rules[o.rule as usize];
                        rule.parser.is_none()
                            && !rule.generic
                            && o.decoded.is_none()
                            && o.start < m.end
                            && m.start < o.end
                    }) {
                        if other.detail.is_none() {
                            other.detail = Some(Box::new(detail));
                        }
                        continue;
                    }
                }
                m.detail = Some(Box::new(detail));
                out.push(m);
            }
        }
    }

    /// Decodes the runs of `content` (at nesting `depth`) and matches them. `outer` maps every
    /// match to the span and encoding of the outermost run.
    #[allow(clippy::too_many_arguments)]
    fn find_decoded(
        &mut self,
        target: &Target<'_>,
        content: &[u8],
        depth: usize,
        max_depth: usize,
        budget: &mut usize,
        out: &mut Vec<RawMatch>,
        outer: Option<(usize, usize, &str)>,
    ) {
        if depth >= max_depth {
            return;
        }
        if self.decode_scratch.len() <= depth {
            self.decode_scratch.resize_with(depth + 1, Default::default);
        }
        let (mut runs, mut buf, mut found) = std::mem::take(&mut self.decode_scratch[depth]);
        runs.clear();
        decode::find_runs(content, &mut runs);
        for run in &runs {
            if *budget == 0 {
                break;
            }
            if !decode::decode(run.encoding, &content[run.start..run.end], &mut buf) {
                continue;
            }
            buf.truncate(*budget);
            *budget -= buf.len();
            if outer.is_none() && self.blob_marks.touch(content, run.start, run.end) {
                continue;
            }
            let (start, end) = outer.map_or((run.start, run.end), |(s, e, _)| (s, e));
            found.clear();
            self.find(target, &buf, &mut found);
            if found.is_empty() && depth + 1 >= max_depth {
                continue;
            }
            // The label is built only for text that matched or is decoded further.
            let encoding = match outer {
                Some((_, _, enc)) => format!("{enc}/{}", run.encoding.as_str()),
                None => run.encoding.as_str().to_string(),
            };
            for m in found.drain(..) {
                let secret = match &m.decoded {
                    Some(d) => d.secret.clone(),
                    None => buf[m.start..m.end].to_vec(),
                };
                out.push(RawMatch {
                    start,
                    end,
                    decoded: Some(Box::new(Decoded {
                        secret,
                        encoding: encoding.clone(),
                    })),
                    ..m
                });
            }
            self.find_decoded(
                target,
                &buf,
                depth + 1,
                max_depth,
                budget,
                out,
                Some((start, end, &encoding)),
            );
        }
        self.decode_scratch[depth] = (runs, buf, found);
    }

    pub(crate) fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    /// Appends every match in `content` to `out` (unsorted; generic matches that overlap a
    /// specific one are already dropped).
    pub fn find(&mut self, target: &Target<'_>, content: &[u8], out: &mut Vec<RawMatch>) {
        let first = out.len();
        self.path_ok.iter_mut().for_each(|p| *p = 0);
        self.seen.reset();
        self.assigns.reset();
        self.match_keywords(target, content, out);
        // The windows still open, in the order their rules were first touched.
        let touched = std::mem::take(&mut self.touched);
        for &r in &touched {
            if let Some(w) = self.open[r as usize].take() {
                self.run_window(r, w, target, content, out);
            }
        }
        self.touched = touched;
        self.touched.clear();
        for &r in self.rules.always() {
            if self.path_matches(r, target.path) {
                let whole = Window {
                    start: 0,
                    end: content.len(),
                    cut: false,
                };
                self.run_window(r, whole, target, content, out);
            }
        }
        drop_generic_overlaps(self.rules, out, first);
    }

    /// Appends a match (at offset 0, with an empty secret) for every rule that has a path and no
    /// regex and whose path matches `target` (sensitive files such as `id_rsa`): these need no
    /// content, so they apply to binary and oversized files too.
    pub fn find_paths(&mut self, target: &Target<'_>, out: &mut Vec<RawMatch>) {
        let rules = self.rules;
        for &r in rules.path_only() {
            let rule = &rules.rules[r as usize];
            if !rule
                .path
                .as_ref()
                .is_some_and(|p| p.is_match(target.path.as_bytes()))
            {
                continue;
            }
            let input = AllowInput {
                rule_id: &rule.id,
                path: target.path,
                commit: target.commit,
                secret: b"",
                matched: b"",
                line: b"",
                line_at: None,
            };
            if allowlisted(rules, rule, &input) {
                continue;
            }
            out.push(RawMatch {
                rule: r,
                start: 0,
                end: 0,
                entropy: 0.0,
                confidence: Confidence::Medium,
                decoded: None,
                detail: None,
                ignored: None,
            });
        }
    }

    fn path_matches(&mut self, r: u32, path: &str) -> bool {
        let rule = &self.rules.rules[r as usize];
        let Some(re) = &rule.path else { return true };
        let state = &mut self.path_ok[r as usize];
        if *state == 0 {
            *state = if re.is_match(path.as_bytes()) { 1 } else { 2 };
        }
        *state == 1
    }

    /// One pass of the keyword automaton, [`KEYWORD_PIECE`] bytes at a time: for every rule
    /// whose keyword occurs, the windows (lines) to run its regex on, each run as soon as the
    /// next keyword of its rule lies past it. So a worker holds the keyword hits of one piece and
    /// one open window per rule, however many keywords the content holds: memory does not grow
    /// with a keyword-dense blob, only with what it matches.
    fn match_keywords(&mut self, target: &Target<'_>, content: &[u8], out: &mut Vec<RawMatch>) {
        let rules = self.rules;
        let mut hits = std::mem::take(&mut self.hits);
        let mut lines = [None; 2];
        let mut piece = 0;
        while piece < content.len() {
            let end = piece.saturating_add(KEYWORD_PIECE).min(content.len());
            hits.clear();
            rules
                .prefilter()
                .find_piece(content, piece, end, &mut hits, &mut self.lanes);
            piece = end;
            for hit in &hits {
                let at = hit.start;
                for &r in rules.rules_for_keyword(hit.pattern as usize) {
                    let rule = &rules.rules[r as usize];
                    if rule.path.is_some() && !self.path_matches(r, target.path) {
                        continue;
                    }
                    if let Some(last) = &self.open[r as usize] {
                        // A later keyword on the same line needs no window of its own; a
                        // multi-line window reaches further with each keyword, until the end of
                        // the content.
                        let covered = if rule.multiline {
                            last.end == content.len()
                        } else {
                            at >= last.start && at < last.end
                        };
                        if covered {
                            continue;
                        }
                    }
                    let window = if rule.multiline {
                        multiline_window(rule, content, at, &mut lines)
                    } else {
                        single_line_window(line_bounds(content, at, &mut lines[0]), at)
                    };
                    if let Some(f) = rule_filter(&mut self.filters, rules, r).filter(|f| f.at_hits)
                    {
                        if !f
                            .filter
                            .may_match_at(&mut f.cache, &content[..window.end], at)
                        {
                            continue;
                        }
                    }
                    match &mut self.open[r as usize] {
                        Some(last) if window.start <= last.end => {
                            last.start = last.start.min(window.start);
                            if window.end > last.end {
                                last.end = window.end;
                                last.cut = window.cut;
                            }
                        }
                        open => {
                            let done = open.replace(window);
                            match done {
                                Some(done) => self.run_window(r, done, target, content, out),
                                None => self.touched.push(r),
                            }
                        }
                    }
                }
            }
        }
        hits.clear();
        self.hits = hits;
    }

    /// Runs rule `r`'s regex over window `w` (after its filter, unless the filter was asked at
    /// the keyword hits), judging each match.
    fn run_window(
        &mut self,
        r: u32,
        w: Window,
        target: &Target<'_>,
        content: &[u8],
        out: &mut Vec<RawMatch>,
    ) {
        let rules = self.rules;
        let rule = &rules.rules[r as usize];
        if let Some(how) = &rule.assign {
            self.run_assign(r, how, w, target, content, out);
            return;
        }
        let Some(lazy) = &rule.regex else { return };
        let hay = &content[..w.end];
        // Most windows end here, before the rule's regex is even compiled (engine::filter).
        if let Some(f) = rule_filter(&mut self.filters, rules, r).filter(|f| !f.at_hits) {
            if !f.filter.may_match(&mut f.cache, hay, w.start) {
                return;
            }
        }
        let Some((re, cache, caps)) = self.regexes[r as usize]
            .get_or_insert_with(|| RegexSearch::new(lazy))
            .engine(w.end - w.start)
        else {
            return;
        };
        let mut at = w.start;
        while at <= hay.len() {
            re.search_captures_with(cache, &Input::new(hay).range(at..), caps);
            let Some(m) = caps.get_match() else {
                break;
            };
            at = if m.end() > m.start() {
                m.end()
            } else {
                m.end() + 1
            };
            if w.cut && m.end() == w.end {
                continue;
            }
            let Some((start, end)) = secret_span(rule, caps, m.start(), m.end()) else {
                continue;
            };
            if let Some(found) = judge(
                rules,
                rule,
                r,
                self.reads_line[r as usize],
                target,
                content,
                &mut self.seen,
                (m.start(), m.end()),
                (start, end),
            ) {
                out.push(found);
            }
        }
    }
}

impl<'r> Matcher<'r> {
    /// Runs the assignment rule `r` over window `w`: the window's key-value pairs that the rule
    /// reports, each judged like a regex match (the pair is the match, its value the secret).
    fn run_assign(
        &mut self,
        r: u32,
        how: &crate::rules::Assign,
        w: Window,
        target: &Target<'_>,
        content: &[u8],
        out: &mut Vec<RawMatch>,
    ) {
        let rules = self.rules;
        let rule = &rules.rules[r as usize];
        let reads_line = self.reads_line[r as usize];
        // The secret is the value; the matched text runs from the key to the value.
        let seen = &mut self.seen;
        let mut judge_pair = |pair: assign::Pair, out: &mut Vec<RawMatch>| {
            let matched = (pair.key.0.min(pair.value.0), pair.key.1.max(pair.value.1));
            let found = judge(
                rules, rule, r, reads_line, target, content, seen, matched, pair.value,
            );
            out.extend(found);
        };
        self.assigned.clear();
        for pair in self.assigns.pairs(content, w.start, w.end) {
            if (w.cut && pair.value.1 == w.end)
                || self.assigned.contains(&pair.value)
                || !assign::reports(how, content, pair)
            {
                continue;
            }
            self.assigned.push(pair.value);
            judge_pair(*pair, out);
        }
        // A named-context rule also reads the block its keyword's line opens (`pagerduty:` /
        // `  routing_key: …`, `[sumologic]`, `Rollbar.configure do |config|`).
        if w.cut || !matches!(how, crate::rules::Assign::Context(_)) {
            return;
        }
        for child in self.assigns.children(content, w.start, w.end) {
            let pair = child.pair;
            if self.assigned.contains(&pair.value) || !assign::reports_child(how, content, child) {
                continue;
            }
            self.assigned.push(pair.value);
            judge_pair(pair, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule for 40-character tokens with a line allowlist that never matches: what a long
    /// minified line full of encoded runs and tokens exercises.
    const TOKEN_RULE: &str = r#"
        [[rules]]
        id = "tok"
        regex = '''tok_[a-zA-Z0-9]{36}'''
        keywords = ["tok_"]
        [[rules.allowlists]]
        regexTarget = "line"
        regexes = ['''EXAMPLE-ONLY''']
    "#;

    /// The work spent on the lines of `text`: bytes searched for allow comments around the
    /// encoded runs, bytes searched for line ends and allow comments around the matches, and
    /// line allowlist searches.
    fn line_work(text: &[u8]) -> (usize, usize, usize) {
        let rules = compiled(TOKEN_RULE);
        let target = Target {
            path: "f",
            commit: None,
        };
        let mut out = Vec::new();
        let mut m = Matcher::new(&rules);
        m.find_with_decoding(&target, text, 2, &mut out);
        // Each decoded run goes through `find`, which starts afresh: count the blob's own work
        // by matching it alone.
        let mut alone = Matcher::new(&rules);
        let mut plain = Vec::new();
        alone.find(&target, text, &mut plain);
        assert_eq!(plain.len(), out.len(), "decoding adds nothing here");
        assert!(!plain.is_empty());
        (
            m.blob_marks.scanned,
            alone.seen.lines.scanned + alone.seen.marks.scanned,
            alone.seen.memo.searches.get(),
        )
    }

    /// One line of `n` encoded runs (each decodes to text, so each is matched) and `n` tokens.
    fn hostile_line(n: usize) -> Vec<u8> {
        let mut line = Vec::new();
        for i in 0..n {
            line.extend_from_slice(b"aGVsbG8gd29ybGQgdGV4dCBhYg== ");
            line.extend_from_slice(format!("tok_{i:036} ").as_bytes());
        }
        line.push(b'\n');
        line
    }

    /// Every run and every match on a long line used to search the whole line again (for allow
    /// comments, and for line allowlists): quadratic. Now the work on the line is one pass,
    /// whatever the number of runs and matches on it, and each line allowlist searches the line
    /// once.
    #[test]
    fn work_on_a_long_line_is_linear_in_its_length() {
        for n in [1_000, 4_000] {
            let text = hostile_line(n);
            let (decode_marks, match_lines, searches) = line_work(&text);
            assert!(
                decode_marks <= text.len(),
                "{n}: {decode_marks} > {}",
                text.len()
            );
            assert!(
                match_lines <= 2 * text.len(),
                "{n}: {match_lines} > 2 * {}",
                text.len()
            );
            assert_eq!(searches, 1, "{n} tokens on one line: one allowlist search");
        }
    }

    /// Specific matches win over the generic ones they overlap, as a pairwise check decides.
    #[test]
    fn generic_overlaps_agree_with_a_pairwise_check() {
        let rules = compiled(
            r#"
            [[rules]]
            id = "specific"
            regex = 'x'
            [[rules]]
            id = "generic-thing"
            regex = 'y'
        "#,
        );
        assert!(rules.rules[1].generic && !rules.rules[0].generic);
        let mut rng = test_rng(0x2545_f491_4f6c_dd1d);
        let mut next = move |n: u64| (rng() % n) as usize;
        for _ in 0..200 {
            let mut all = Vec::new();
            for _ in 0..next(30) + 2 {
                let start = next(200);
                all.push(RawMatch {
                    rule: next(2) as u32,
                    start,
                    end: start + next(20),
                    entropy: 0.0,
                    confidence: Confidence::Medium,
                    decoded: None,
                    detail: None,
                    ignored: None,
                });
            }
            let specific: Vec<(usize, usize)> = all
                .iter()
                .filter(|m| m.rule == 0)
                .map(|m| (m.start, m.end))
                .collect();
            let overlapped = |m: &RawMatch| specific.iter().any(|&(s, e)| s < m.end && m.start < e);
            let mut want: Vec<RawMatch> = all
                .iter()
                .filter(|m| m.rule == 0 || !overlapped(m))
                .cloned()
                .collect();
            let mut got = all.clone();
            drop_generic_overlaps(&rules, &mut got, 0);
            let key = |m: &RawMatch| (m.start, m.end, m.rule);
            want.sort_by_key(key);
            got.sort_by_key(key);
            assert_eq!(got, want);
        }
    }

    /// The rule set of one config text (TOML).
    fn compiled(rule: &str) -> RuleSet {
        RuleSet::compile(&crate::rules::load::parse_loaded("t.toml", rule).unwrap()).unwrap()
    }

    /// The window the first rule of `rules` (a multi-line one) gets for a keyword at `at`.
    fn window_of(rules: &RuleSet, text: &str, at: usize) -> Window {
        multiline_window(&rules.rules[0], text.as_bytes(), at, &mut [None; 2])
    }

    /// The secrets the rule set of `rule` finds in `text`, in order.
    fn secrets<'t>(rule: &str, text: &'t str) -> Vec<&'t str> {
        let rules = compiled(rule);
        let mut out = Vec::new();
        let target = Target {
            path: "f",
            commit: None,
        };
        Matcher::new(&rules).find(&target, text.as_bytes(), &mut out);
        out.retain(RawMatch::reported);
        out.sort_by_key(|m| m.start);
        out.iter().map(|m| &text[m.start..m.end]).collect()
    }

    #[test]
    fn a_bounded_multiline_rule_finds_every_match_that_starts_on_a_keyword_line() {
        let rule = r#"
            [[rules]]
            id = "block"
            regex = '''(?i)BLOCK:[ \t]{0,4}\n[ \t]{0,4}([a-z0-9]{12})'''
            keywords = ["block:"]
        "#;
        let filler = "x = 1\n".repeat(2000);
        let text =
            format!("{filler}BLOCK:\n  kq7fzw3m9pxa\n{filler}block: \n  hb2nvt8ye4rc\n{filler}");
        assert_eq!(secrets(rule, &text), ["kq7fzw3m9pxa", "hb2nvt8ye4rc"]);
        // Its window ends a longest match past the keyword's line, not at the end of the text.
        let rules = compiled(rule);
        let at = filler.len();
        let w = window_of(&rules, &text, at);
        let reach = rules.rules[0].regex.as_ref().unwrap().max_len().unwrap();
        let start = window::line_start(text.as_bytes(), at - reach);
        assert_eq!((w.start, w.end), (start, at + "BLOCK:".len() + reach + 1));
    }

    #[test]
    fn a_multiline_match_whose_keyword_is_on_a_later_line_is_found() {
        let rule = r#"
            [[rules]]
            id = "login"
            regex = '''user:[ ]{0,2}\w{1,20}\npassword:[ ]{0,2}(\S{8,20})'''
            keywords = ["password:"]
        "#;
        let filler = "x = 1\n".repeat(500);
        let text = format!(
            "{filler}user: ann\npassword: s3cr3t-one\n{filler}user: bob\npassword: s3cr3t-two\n"
        );
        assert_eq!(secrets(rule, &text), ["s3cr3t-one", "s3cr3t-two"]);
    }

    #[test]
    fn a_multiline_window_ends_one_longest_match_past_its_line() {
        let rule = r#"
            [[rules]]
            id = "pair"
            regex = '''pair\n([a-z]{4})'''
            keywords = ["pair"]
        "#;
        let rules = compiled(rule);
        assert!(rules.rules[0].multiline);
        let text = "a\npair\nabcd\nmore text here\n";
        let w = window_of(&rules, text, 2);
        // "pair\n" + 4 letters: 9 bytes at most; the line ends at 6, and 9 bytes before the
        // keyword is the start of the text.
        assert_eq!((w.start, w.end, w.cut), (0, 6 + 9 + 1, true));
        // The one match, "abcd" at 7..11.
        assert_eq!(secrets(rule, text), ["abcd"]);
    }

    /// A rule whose example writes line breaks as `\n` inside a string (a key block in a YAML
    /// or env value) also finds the block written on real lines, as it is in a key file: a
    /// pattern that means "a line break" must make the rule multi-line (`\s` alone does not).
    #[test]
    fn rules_whose_examples_escape_line_breaks_find_real_ones() {
        let rules = RuleSet::compile(&crate::rules::load::Loaded::builtin().unwrap()).unwrap();
        let target = Target {
            path: "f",
            commit: None,
        };
        let (mut checked, mut missed) = (0, Vec::new());
        for (r, rule) in rules.rules.iter().enumerate() {
            if rule.regex.is_none() {
                continue;
            }
            for example in rule.examples.iter().filter(|e| e.contains("\\n")) {
                let real = example.replace("\\n", "\n");
                let mut out = Vec::new();
                Matcher::new(&rules).find(&target, real.as_bytes(), &mut out);
                checked += 1;
                if !out.iter().any(|m| m.rule as usize == r) {
                    missed.push(format!("{}: {real:?}", rule.id));
                }
            }
        }
        assert!(
            checked >= 10,
            "only {checked} examples with escaped line breaks"
        );
        assert!(missed.is_empty(), "{missed:#?}");
    }

    /// A multi-line regex with no longest match reads at most `MULTILINE_REACH` past its
    /// keyword's line, not the rest of the content, and still finds what lies within it.
    #[test]
    fn an_unbounded_multiline_window_reaches_a_bounded_distance() {
        let rule = r#"
            [[rules]]
            id = "block"
            regex = '''(?s)BEGIN BLOCK\n(.*?)\nEND BLOCK'''
            keywords = ["begin block"]
        "#;
        let rules = compiled(rule);
        assert!(rules.rules[0].regex.as_ref().unwrap().max_len().is_none());
        let filler = "x = 1\n".repeat(40_000);
        let text = format!("BEGIN BLOCK\nq8zr4kw2mv7t\nEND BLOCK\n{filler}");
        let w = window_of(&rules, &text, 0);
        let line_end = "BEGIN BLOCK".len();
        assert_eq!(
            (w.start, w.end, w.cut),
            (0, line_end + window::MULTILINE_REACH + 1, true)
        );
        assert_eq!(secrets(rule, &text), ["q8zr4kw2mv7t"]);
        // A block longer than the reach is not read to its end.
        let long = format!("BEGIN BLOCK\n{filler}END BLOCK\n");
        assert!(secrets(rule, &long).is_empty());
    }

    /// On a very long line (minified code, JSON on one line) a multi-line rule's window stays
    /// near each keyword instead of spanning the line, and matches next to a keyword are found.
    #[test]
    fn multiline_windows_on_a_long_line_stay_near_the_keyword() {
        let rule = r#"
            [[rules]]
            id = "oct"
            regex = '''(?s)"kty"\s*:\s*"oct"[^{}]*?"k"\s*:\s*"([A-Za-z0-9_-]{16,64})"'''
            keywords = ['"kty"']
        "#;
        let rules = compiled(rule);
        let pad = r#"{"a":1},"#.repeat(20_000);
        // Built from parts, so that the built-in rules do not find them in this file.
        let (k1, k2) = (
            ["Zq4Tn8Wc", "2Lr6Yh0Vx3Bm"].concat(),
            ["Pm7Rb1Kd", "5Gs9Jw3Nq6Ft"].concat(),
        );
        let text = format!(
            r#"[{pad}{{"kty":"oct","k":"{k1}"}},{pad}{{"kty":"oct","alg":"HS256","k":"{k2}"}}]"#
        );
        assert!(!text.contains('\n'));
        let at = text.find(r#""kty""#).unwrap();
        let w = window_of(&rules, &text, at);
        assert!(w.start >= at - window::WINDOW_RADIUS && w.start <= at);
        assert!(w.end - at <= 2 * window::WINDOW_RADIUS + window::MULTILINE_REACH);
        assert!(w.end < text.len() && w.cut);
        assert_eq!(secrets(rule, &text), [k1, k2]);
    }
}
