//! The raw matches of one blob as findings: located (1-based line and column, end included),
//! fingerprinted, with GitHub's line hash of their first line.

use crate::findings::{fingerprint, line_hash, locate::Locator, Context, Finding};
use crate::matcher::RawMatch;
use crate::rules::RuleSet;

/// Locates raw matches in `content` and turns them into findings.
pub(crate) fn to_findings(
    rules: &RuleSet,
    raw: &mut [RawMatch],
    content: &[u8],
    display: &str,
    rel: &str,
) -> Vec<Finding> {
    to_findings_at_most(rules, raw, content, display, rel, 0, true).0
}

/// Like [`to_findings`], but at most `cap` findings (0: no limit), the first by position, and
/// GitHub's line hashes only if `line_hashes` (SARIF reports carry them; they cost two more
/// passes over the content); also returns how many findings there were. Matches the precision
/// layer set aside become findings with `ignored` set (at most `cap` of them too), and are not
/// counted as findings.
pub(crate) fn to_findings_at_most(
    rules: &RuleSet,
    raw: &mut [RawMatch],
    content: &[u8],
    display: &str,
    rel: &str,
    cap: usize,
    line_hashes: bool,
) -> (Vec<Finding>, usize) {
    if raw.is_empty() {
        return (Vec::new(), 0);
    }
    raw.sort_by_key(|m| (m.start, m.end, m.rule));
    let reported = raw
        .iter()
        .filter(|m| !rules.rules[m.rule as usize].skip_report && m.reported())
        .count();
    let keep = if cap == 0 {
        reported
    } else {
        reported.min(cap)
    };
    let keep_ignored = if cap == 0 { usize::MAX } else { cap };
    let mut loc = Locator::new(content);
    let mut out = Vec::with_capacity(keep);
    let (mut kept, mut kept_ignored) = (0, 0);
    for m in raw.iter() {
        let rule = &rules.rules[m.rule as usize];
        if rule.skip_report {
            continue;
        }
        if kept == keep && kept_ignored >= keep_ignored {
            break;
        }
        let (count, limit) = if m.reported() {
            (&mut kept, keep)
        } else {
            (&mut kept_ignored, keep_ignored)
        };
        if *count == limit {
            continue;
        }
        *count += 1;
        let secret = match &m.decoded {
            Some(d) => &d.secret[..],
            None => &content[m.start..m.end],
        };
        let (line, column) = loc.locate(m.start);
        let (end_line, end_column) = end_position(content, m.start, m.end, line, column);
        let decoded = m.decoded.as_ref().map(|d| d.encoding.clone());
        // A path rule's finding has no secret: the file is what it identifies.
        let fingerprint = if secret.is_empty() {
            fingerprint::fingerprint(&rule.id, rel.as_bytes())
        } else {
            fingerprint::fingerprint(&rule.id, secret)
        };
        out.push(Finding {
            rule_id: rule.id.clone(),
            rule_name: rule.name().to_string(),
            severity: rule.severity,
            path: display.to_string(),
            line,
            column,
            end_line,
            end_column,
            secret: String::from_utf8_lossy(secret).into_owned(),
            entropy: (m.entropy * 1000.0).round() / 1000.0,
            location: fingerprint::location_fingerprint(&fingerprint, rel),
            fingerprint,
            confidence: m.confidence,
            remediation: rule.what_to_do().to_string(),
            decoded,
            field: m.detail.as_ref().map(|d| d.field.clone()),
            context: Context(m.detail.as_ref().map_or_else(Vec::new, |d| {
                d.context
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect()
            })),
            note: m.detail.as_ref().and_then(|d| d.note.clone()),
            commit: None,
            in_head: None,
            refs: None,
            in_head_history: None,
            transcript: None,
            rel_path: rel.to_string(),
            rule_index: m.rule,
            redacted: false,
            line_hash: None,
            member_at: None,
            ignored: m.ignored,
        });
    }
    if line_hashes {
        let lines: Vec<usize> = out.iter().map(|f| f.line).collect();
        for (f, hash) in out.iter_mut().zip(line_hash::line_hashes(content, &lines)) {
            f.line_hash = hash;
        }
    }
    (out, reported)
}

/// Line and column one past the last character of `start..end`, given the start's position.
fn end_position(
    content: &[u8],
    start: usize,
    end: usize,
    line: usize,
    column: usize,
) -> (usize, usize) {
    let span = &content[start..end];
    match memchr::memrchr(b'\n', span) {
        None => (line, column + crate::findings::locate::chars(span)),
        Some(last) => {
            let lines = memchr::memchr_iter(b'\n', span).count();
            (
                line + lines,
                crate::findings::locate::chars(&span[last + 1..]) + 1,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::end_position;

    #[test]
    fn end_positions() {
        let text = b"ab\ncdef\ngh";
        // "cd" at line 2 col 1 ends at col 3.
        assert_eq!(end_position(text, 3, 5, 2, 1), (2, 3));
        // "ef\ngh" spans to line 3, one past "gh".
        assert_eq!(end_position(text, 5, 10, 2, 3), (3, 3));
        // An empty span ends where it starts.
        assert_eq!(end_position(text, 3, 3, 2, 1), (2, 1));
    }
}
