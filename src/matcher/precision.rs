//! What decides whether a regex match is reported: the secret group, entropy, the provider's
//! checksum (confidence), allow comments on the line, the allowlists, and specific rules winning
//! over generic ones.

use regex_automata::util::captures::Captures;

use super::lines::{Lines, Marks};
use super::{checksum, entropy, RawMatch, Target};
use crate::rules::{AllowInput, Confidence, LineMemo, Rule, RuleSet};

/// What [`judge`] keeps about the content it judges matches in, so that many matches on one
/// line cost one look at the line (see `matcher/lines.rs`).
#[derive(Debug, Default)]
pub(crate) struct Seen {
    pub(crate) lines: Lines,
    pub(crate) marks: Marks,
    pub(crate) memo: LineMemo,
}

impl Seen {
    /// Forgets what was seen of the previous content.
    pub(crate) fn reset(&mut self) {
        self.lines.reset();
        self.marks.reset();
        self.memo.clear();
    }
}

/// The secret's span: group `secretGroup` if set (no secret when that group did not take part in
/// the match), else the first non-empty group, else the match.
pub(crate) fn secret_span(
    rule: &Rule,
    caps: &Captures,
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    let group = |g: usize| caps.get_group(g).map(|span| (span.start, span.end));
    if let Some(g) = rule.secret_group.filter(|&g| g > 0) {
        return group(g).filter(|(s, e)| e > s);
    }
    Some(
        (1..caps.group_len())
            .filter_map(group)
            .find(|(s, e)| e > s)
            .unwrap_or((start, end)),
    )
}

/// Entropy, checksum, allow comments and allowlists: the match as a finding, or nothing.
/// `reads_line`: an allowlist of the rule (or a global one) has regexes on the line.
#[allow(clippy::too_many_arguments)]
pub(crate) fn judge(
    rules: &RuleSet,
    rule: &Rule,
    r: u32,
    reads_line: bool,
    target: &Target<'_>,
    content: &[u8],
    seen: &mut Seen,
    matched: (usize, usize),
    secret: (usize, usize),
) -> Option<RawMatch> {
    let secret_bytes = &content[secret.0..secret.1];
    let entropy = entropy::shannon(secret_bytes);
    if rule.entropy.is_some_and(|min| entropy < min) {
        return None;
    }
    let confidence = match rule.checksum {
        Some(kind) if checksum::verify(kind, secret_bytes) => Confidence::High,
        Some(_) => Confidence::Low,
        None => Confidence::Medium,
    };
    if seen.marks.touch(content, matched.0, matched.1) {
        return None;
    }
    // The line is found only for an allowlist that reads it, and each allowlist's regexes run
    // on each line once (`seen.memo`).
    let (line, line_at) = if reads_line {
        let (s, e) = seen.lines.span(content, matched.0, matched.1);
        (&content[s..e], Some((&seen.memo, s)))
    } else {
        (&b""[..], None)
    };
    let input = AllowInput {
        rule_id: &rule.id,
        path: target.path,
        commit: target.commit,
        secret: secret_bytes,
        matched: &content[matched.0..matched.1],
        line,
        line_at,
    };
    if allowlisted(rules, rule, &input) {
        return None;
    }
    Some(RawMatch {
        rule: r,
        start: secret.0,
        end: secret.1,
        entropy,
        confidence,
        decoded: None,
        detail: None,
    })
}

/// Whether the rule's own allowlists or the global ones allow `input`.
/// The allowlist that does counts the match (the summary says what each config allowlist
/// suppressed).
pub(crate) fn allowlisted(rules: &RuleSet, rule: &Rule, input: &AllowInput<'_>) -> bool {
    match rule
        .allowlists
        .iter()
        .chain(&rules.allowlists)
        .find(|al| al.allows(input))
    {
        Some(al) => {
            al.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            true
        }
        None => false,
    }
}

/// Removes from `out[first..]` each match of a generic rule whose secret overlaps a specific
/// rule's match. The specific spans are sorted once, with the furthest end among each prefix, so
/// each generic match costs a binary search.
pub(crate) fn drop_generic_overlaps(rules: &RuleSet, out: &mut Vec<RawMatch>, first: usize) {
    let matches = &out[first..];
    if matches.len() < 2 || !matches.iter().any(|m| rules.rules[m.rule as usize].generic) {
        return;
    }
    let is_generic = |m: &RawMatch| rules.rules[m.rule as usize].generic;
    let mut specific: Vec<(usize, usize)> = matches
        .iter()
        .filter(|m| !is_generic(m))
        .map(|m| (m.start, m.end))
        .collect();
    if specific.is_empty() {
        return;
    }
    specific.sort_unstable();
    // reach[i]: the furthest end among specific[..=i].
    let reach: Vec<usize> = specific
        .iter()
        .scan(0, |far, &(_, e)| {
            *far = e.max(*far);
            Some(*far)
        })
        .collect();
    // Some specific span (s, e) has s < m.end and m.start < e.
    let overlaps = |m: &RawMatch| {
        let n = specific.partition_point(|&(s, _)| s < m.end);
        n > 0 && reach[n - 1] > m.start
    };
    let mut i = first;
    while i < out.len() {
        let m = &out[i];
        if is_generic(m) && overlaps(m) {
            out.swap_remove(i);
        } else {
            i += 1;
        }
    }
}
