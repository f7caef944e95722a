//! The rayon driver: every blob is loaded and matched by a worker that owns its `Matcher` and
//! buffers; the results are gathered, de-duplicated and sorted into a [`ScanOutcome`].

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::findings::{fingerprint, line_hash, locate::Locator, Finding};
use crate::matcher::{Matcher, RawMatch, Target};
use crate::rules::RuleSet;
use crate::sources::{self, BlobRef, Loaded, Skip};

/// What a scan looked at.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub files: u64,
    pub bytes: u64,
    pub skipped_binary: u64,
    pub skipped_large: u64,
    pub skipped_special: u64,
    pub unreadable: u64,
}

impl Stats {
    pub fn skipped(&self) -> u64 {
        self.skipped_binary + self.skipped_large + self.skipped_special
    }
}

#[derive(Default)]
struct AtomicStats {
    files: AtomicU64,
    bytes: AtomicU64,
    skipped_binary: AtomicU64,
    skipped_large: AtomicU64,
}

/// Everything a scan produced: findings (sorted, de-duplicated), what it looked at, and the
/// warnings for what it could not read.
#[derive(Debug, Default)]
pub struct ScanOutcome {
    pub findings: Vec<Finding>,
    pub stats: Stats,
    pub warnings: Vec<String>,
}

/// Scan options that matter inside the workers.
#[derive(Debug, Clone, Copy)]
pub struct ScanOptions {
    pub max_file_size: u64,
    /// Nested decoding levels (0: no decoding).
    pub max_decode_depth: usize,
}

/// One worker's state: its matcher and reusable buffers.
struct Worker<'r> {
    matcher: Matcher<'r>,
    buf: Vec<u8>,
    raw: Vec<RawMatch>,
}

/// Scans `blobs` in parallel with `rules`.
pub fn run(rules: &RuleSet, blobs: &[BlobRef], opts: ScanOptions) -> ScanOutcome {
    let stats = AtomicStats::default();
    let results: Vec<Result<Vec<Finding>, String>> = blobs
        .par_iter()
        .map_init(
            || Worker {
                matcher: Matcher::new(rules),
                buf: Vec::new(),
                raw: Vec::new(),
            },
            |w, blob| w.scan(blob, opts, &stats),
        )
        .collect();
    let mut outcome = ScanOutcome::default();
    for r in results {
        match r {
            Ok(f) => outcome.findings.extend(f),
            Err(w) => outcome.warnings.push(w),
        }
    }
    outcome.stats = Stats {
        files: stats.files.into_inner(),
        bytes: stats.bytes.into_inner(),
        skipped_binary: stats.skipped_binary.into_inner(),
        skipped_large: stats.skipped_large.into_inner(),
        skipped_special: 0,
        unreadable: outcome.warnings.len() as u64,
    };
    finish(&mut outcome.findings);
    outcome
}

/// Sorts findings and removes exact duplicates (same rule, place and commit).
pub fn finish(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.fingerprint == b.fingerprint);
}

impl Worker<'_> {
    fn scan(
        &mut self,
        blob: &BlobRef,
        opts: ScanOptions,
        stats: &AtomicStats,
    ) -> Result<Vec<Finding>, String> {
        let loaded = match blob {
            BlobRef::File { path, display, .. } => {
                let file =
                    sources::fs::open(path).map_err(|e| format!("{display}: cannot read: {e}"))?;
                sources::read_bounded(file, opts.max_file_size, &mut self.buf)
                    .map_err(|e| format!("{display}: cannot read: {e}"))?
            }
            BlobRef::Bytes { data, .. } => {
                self.buf.clear();
                self.buf.extend_from_slice(data);
                if sources::is_binary(&self.buf) {
                    Loaded::Skipped(Skip::Binary)
                } else {
                    Loaded::Scanned
                }
            }
        };
        match loaded {
            Loaded::Skipped(Skip::Binary) => {
                stats.skipped_binary.fetch_add(1, Ordering::Relaxed);
                return Ok(Vec::new());
            }
            Loaded::Skipped(Skip::TooLarge) => {
                stats.skipped_large.fetch_add(1, Ordering::Relaxed);
                return Ok(Vec::new());
            }
            Loaded::Scanned => {}
        }
        stats.files.fetch_add(1, Ordering::Relaxed);
        stats
            .bytes
            .fetch_add(self.buf.len() as u64, Ordering::Relaxed);
        let target = Target {
            path: blob.rel(),
            commit: None,
        };
        self.raw.clear();
        self.matcher
            .find_with_decoding(&target, &self.buf, opts.max_decode_depth, &mut self.raw);
        Ok(to_findings(
            self.matcher.rules(),
            &mut self.raw,
            &self.buf,
            blob.display(),
            blob.rel(),
        ))
    }
}

/// Locates raw matches in `content` and turns them into findings.
pub fn to_findings(
    rules: &RuleSet,
    raw: &mut [RawMatch],
    content: &[u8],
    display: &str,
    rel: &str,
) -> Vec<Finding> {
    if raw.is_empty() {
        return Vec::new();
    }
    raw.sort_by_key(|m| (m.start, m.end, m.rule));
    let mut loc = Locator::new(content);
    let mut out = Vec::with_capacity(raw.len());
    for m in raw.iter() {
        let rule = &rules.rules[m.rule as usize];
        if rule.skip_report {
            continue;
        }
        let secret = match &m.decoded {
            Some(d) => &d.secret[..],
            None => &content[m.start..m.end],
        };
        let (line, column) = loc.locate(m.start);
        let (end_line, end_column) = end_position(content, m.start, m.end, line, column);
        let decoded = m.decoded.as_ref().map(|d| d.encoding.clone());
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
            fingerprint: fingerprint::fingerprint(&rule.id, secret),
            confidence: m.confidence,
            decoded,
            commit: None,
            in_head: None,
            rel_path: rel.to_string(),
            rule_index: m.rule,
            redacted: false,
            line_hash: None,
        });
    }
    let lines: Vec<usize> = out.iter().map(|f| f.line).collect();
    for (f, hash) in out.iter_mut().zip(line_hash::line_hashes(content, &lines)) {
        f.line_hash = hash;
    }
    out
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
