//! The precision layer: what decides whether a regex match is reported, for every rule (generic
//! ones included: every match of every rule comes through [`judge`]).
//!
//! In order: allow comments on the line; then the placeholder classes every rule should know
//! (`placeholder.rs`: repetition, masks, sequences, patterns, marker words, template and variable
//! syntax, brackets, the key's own name, encoded placeholder text) and a charset-aware randomness
//! test (`randomness.rs`), unless the rule opts out with `precision = "off: <reason>"`; the rule's
//! `entropy`; the allowlists (an allowlist marked `public`, or a rule with `public = "..."`,
//! makes the match a public-by-design key). A match the layer recognises is not dropped here: it
//! comes out with [`RawMatch::ignored`] set, so that it still wins over a generic rule's
//! overlapping match, and the scan counts and lists it (`--explain`) instead of reporting it.
//! Last, the confidence (`structure.rs`, `checksum.rs`): `high` for a checksum or structure that
//! verifies, `low` when it fails and for generic and context-only rules, `medium` for a
//! distinctive provider format.

mod placeholder;
mod randomness;
mod structure;

use regex_automata::util::captures::Captures;

use super::lines::{Lines, Marks};
use super::{checksum, entropy, RawMatch, Target};
use crate::rules::{AllowInput, Checksum, Confidence, Ignored, LineMemo, Rule, RuleSet};

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

/// The precision layer on one match (see the module docs): nothing (an allow comment, an
/// allowlist, too little entropy), or the match, with [`RawMatch::ignored`] set when it is a
/// placeholder or a public-by-design key. `reads_line`: an allowlist of the rule (or a global
/// one) has regexes on the line.
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
    if seen.marks.touch(content, matched.0, matched.1) {
        return None;
    }
    let mut ignored = match rule.precision_off {
        Some(_) => None,
        None => layer(rule, content, matched, secret),
    };
    let entropy = entropy::shannon(secret_bytes);
    if ignored.is_none() && rule.entropy.is_some_and(|min| entropy < min) {
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
    match allowed_by(rules, rule, &input) {
        // What the layer recognised stays counted (a rule's own placeholder allowlist, or the
        // user's, would otherwise hide it from the summary).
        Some(Allowed::Quietly) if ignored.is_none() => return None,
        Some(Allowed::Quietly) => {}
        Some(Allowed::Public(i)) => ignored = Some(Ignored::Public(i)),
        None if rule.public.is_some() && ignored.is_none() => ignored = Some(Ignored::Public(None)),
        None => {}
    }
    Some(RawMatch {
        rule: r,
        start: secret.0,
        end: secret.1,
        entropy,
        confidence: confidence(rule, content, matched, secret_bytes),
        decoded: None,
        detail: None,
        ignored,
    })
}

/// Why the placeholder tests or the randomness test do not take the match for a secret.
fn layer(
    rule: &Rule,
    content: &[u8],
    matched: (usize, usize),
    secret: (usize, usize),
) -> Option<Ignored> {
    let s = &content[secret.0..secret.1];
    let key = (matched.0 <= secret.0 && secret.0 <= matched.1)
        .then(|| key_before(&content[matched.0..secret.0]))
        .flatten();
    // Passwords are chosen by people: words in one are no sign of a placeholder, and it is not
    // judged by how random it looks.
    let chosen = rule.tags.iter().any(|t| t == "password");
    placeholder::placeholder(s, key, chosen).or_else(|| {
        // Randomness is the evidence only for a generic rule's value: a provider rule's regex
        // has checked a format, and formats have structure (a fixed suffix, base64 of text,
        // runs of `A`) that a test of uniform randomness would take for a made-up value. Text
        // with spaces is no token.
        let judged = rule.generic && !chosen && !s.iter().any(u8::is_ascii_whitespace);
        (judged && randomness::not_random(s)).then_some(Ignored::NotRandom)
    })
}

/// The name a value is assigned to, as the text before it in the match ends with it:
/// `API_KEY = "`, `"apiSecret": "`, `token: `. Not the user of a URL's `user:password@`
/// (`amqp://guest:guest@` is a default account, not a value named after its key).
fn key_before(text: &[u8]) -> Option<&[u8]> {
    let mut end = text.len();
    while end > 0 && b" \t\"'`:=>[]()&,".contains(&text[end - 1]) {
        end -= 1;
    }
    let mut start = end;
    while start > 0
        && (text[start - 1].is_ascii_alphanumeric() || b"_.-".contains(&text[start - 1]))
    {
        start -= 1;
    }
    if start > 0 && text[start - 1] == b'/' {
        return None;
    }
    (end > start).then(|| &text[start..end])
}

/// How sure the match is (see [`Confidence`]).
fn confidence(rule: &Rule, content: &[u8], matched: (usize, usize), secret: &[u8]) -> Confidence {
    if let Some(kind) = rule.checksum {
        let verified = match kind {
            Checksum::GithubCrc32 => checksum::verify(kind, secret),
            Checksum::Jwt => structure::jwt(secret),
            Checksum::PemDer => structure::pem_der(secret),
            Checksum::GcpServiceAccount => structure::gcp_service_account(content, matched),
        };
        return if verified {
            Confidence::High
        } else {
            Confidence::Low
        };
    }
    if rule.generic {
        return Confidence::Low;
    }
    // A distinctive format: one of the rule's keywords (its prefix, its host) is part of the
    // secret. Otherwise the keyword is the name beside an opaque value: context only.
    let distinctive = rule.keywords.is_empty()
        || rule.keywords.iter().any(|k| {
            secret.len() >= k.len()
                && secret
                    .windows(k.len())
                    .any(|w| w.eq_ignore_ascii_case(k.as_bytes()))
        });
    if distinctive {
        Confidence::Medium
    } else {
        Confidence::Low
    }
}

/// How an allowlist allows a match.
enum Allowed {
    /// Not reported, not counted (the user's or the rule's decision).
    Quietly,
    /// Public by design: counted and explained (the rule's allowlist, by index; `None` for a
    /// global allowlist).
    Public(Option<u16>),
}

/// Whether (and how) the rule's own allowlists or the global ones allow `input`. The allowlist
/// that does counts the match, unless it is a public-by-design one (the summary says what each
/// config allowlist suppressed; public keys are counted apart).
fn allowed_by(rules: &RuleSet, rule: &Rule, input: &AllowInput<'_>) -> Option<Allowed> {
    let count = |al: &crate::rules::allowlist::Allowlist| {
        if !al.public {
            al.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    };
    if let Some(i) = rule.allowlists.iter().position(|al| al.allows(input)) {
        count(&rule.allowlists[i]);
        return Some(if rule.allowlists[i].public {
            Allowed::Public(Some(i as u16))
        } else {
            Allowed::Quietly
        });
    }
    rules
        .allowlists
        .iter()
        .find(|al| al.allows(input))
        .map(|al| {
            count(al);
            if al.public {
                Allowed::Public(None)
            } else {
                Allowed::Quietly
            }
        })
}

/// Whether the rule's own allowlists or the global ones allow `input` (public ones included).
pub(crate) fn allowlisted(rules: &RuleSet, rule: &Rule, input: &AllowInput<'_>) -> bool {
    allowed_by(rules, rule, input).is_some()
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_urls_user_is_no_key() {
        assert_eq!(super::key_before(b"API_KEY = \""), Some(&b"API_KEY"[..]));
        assert_eq!(super::key_before(b"token: "), Some(&b"token"[..]));
        assert_eq!(super::key_before(b"amqp://guest:"), None);
    }
}
