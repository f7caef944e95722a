//! What decides whether a regex match is reported: the secret group, entropy, the provider's
//! checksum (confidence), allow comments on the line, the allowlists, and specific rules winning
//! over generic ones.

use regex_automata::util::captures::Captures;

use super::window::{line_end, line_start};
use super::{checksum, entropy, RawMatch, Target};
use crate::rules::{AllowInput, Confidence, Rule, RuleSet};

/// Comments that suppress a finding on their line.
pub(crate) const ALLOW_MARKERS: [&[u8]; 3] = [
    b"leakhound:allow",
    b"gitleaks:allow",
    b"pragma: allowlist secret",
];

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
pub(crate) fn judge(
    rules: &RuleSet,
    rule: &Rule,
    r: u32,
    target: &Target<'_>,
    content: &[u8],
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
    let lines = line_start(content, matched.0)
        ..line_end(content, matched.1.max(matched.0 + 1).min(content.len()));
    let line = &content[lines.clone()];
    if has_allow_marker(line) {
        return None;
    }
    let input = AllowInput {
        rule_id: &rule.id,
        path: target.path,
        commit: target.commit,
        secret: secret_bytes,
        matched: &content[matched.0..matched.1],
        line,
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
    })
}

/// Whether the rule's own allowlists or the global ones allow `input`.
pub(crate) fn allowlisted(rules: &RuleSet, rule: &Rule, input: &AllowInput<'_>) -> bool {
    rule.allowlists
        .iter()
        .chain(&rules.allowlists)
        .any(|al| al.allows(input))
}

/// Whether `line` carries an inline allow comment.
pub(crate) fn has_allow_marker(line: &[u8]) -> bool {
    ALLOW_MARKERS
        .iter()
        .any(|m| memchr::memmem::find(line, m).is_some())
}

/// Removes from `out[first..]` each match of a generic rule whose secret overlaps a specific
/// rule's match.
pub(crate) fn drop_generic_overlaps(rules: &RuleSet, out: &mut Vec<RawMatch>, first: usize) {
    let matches = &out[first..];
    if matches.len() < 2 || !matches.iter().any(|m| rules.rules[m.rule as usize].generic) {
        return;
    }
    let is_generic = |m: &RawMatch| rules.rules[m.rule as usize].generic;
    let specific: Vec<(usize, usize)> = matches
        .iter()
        .filter(|m| !is_generic(m))
        .map(|m| (m.start, m.end))
        .collect();
    let mut i = first;
    while i < out.len() {
        let m = &out[i];
        if is_generic(m) && specific.iter().any(|&(s, e)| s < m.end && m.start < e) {
            out.swap_remove(i);
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_markers() {
        let cases: [(&[u8], bool); 4] = [
            (b"key = 'x' # gitleaks:allow", true),
            (b"key = 'x' // leakhound:allow", true),
            (b"key = 'x'  # pragma: allowlist secret", true),
            (b"key = 'x'", false),
        ];
        for (line, want) in cases {
            assert_eq!(has_allow_marker(line), want);
        }
    }
}
