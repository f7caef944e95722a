//! `leakhound ai scan`: the conversation stores of AI assistants (found under the home
//! directory, or the paths given), each file parsed by its format into texts with their place in
//! the conversation (`sources::ai`), matched with the same matcher as every scan, and reported as
//! findings whose `transcript` says which conversation, message and field.
//!
//! Per file: a secret is reported once per message (its other fields are the finding's
//! `also_in`); a message a format writes twice (Codex's `event_msg` copy of a `response_item`)
//! counts once; at most `--max-findings-per-file` findings.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use super::found::to_findings_at_most;
use super::{alongside, load_rules, sort_findings, Progress, ScanConfig, ScanError};
use super::{ScanOutcome, Stats};
use crate::findings::commit::rfc3339;
use crate::findings::{Finding, Transcript};
use crate::matcher::{Matcher, RawMatch, Target};
use crate::rules::RuleSet;
use crate::sources::ai::{self, Format, Place, Segment, Store, Time};
use crate::sources::{self, Loaded, Skip};
use crate::warning::Warning;

/// A store found, as `ai scan --list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub path: String,
    pub tool: String,
    pub format: String,
    /// Why it is not scanned, for a store that cannot be.
    pub note: Option<String>,
}

/// The stores `ai scan` would read: those at `paths`, or (none given) those found under the
/// home directory; what could not be listed.
pub fn list(paths: &[PathBuf]) -> Result<(Vec<Listed>, Vec<Warning>), ScanError> {
    let (stores, warnings) = stores(paths)?;
    let listed = stores
        .into_iter()
        .map(|s| Listed {
            path: s.display,
            tool: s.tool.to_string(),
            format: s.format.name().to_string(),
            note: s.note.map(String::from),
        })
        .collect();
    Ok((listed, warnings))
}

fn stores(paths: &[PathBuf]) -> Result<(Vec<Store>, Vec<Warning>), ScanError> {
    if paths.is_empty() {
        Ok(ai::discover(&ai::Env::current()))
    } else {
        ai::at_paths(paths).map_err(ScanError::NoSuchPath)
    }
}

/// Scans the stores at `paths` (none: the ones found under the home directory).
pub(super) fn run(
    paths: &[PathBuf],
    config: &ScanConfig,
    progress: &Progress,
) -> Result<(RuleSet, ScanOutcome, PathBuf), ScanError> {
    let (rules, found) = alongside(|| load_rules(config, None), || stores(paths));
    let rules = rules?;
    let (stores, mut warnings) = found?;
    let counts = Counts::default();
    let per_file: Vec<Result<Scanned, Warning>> = stores
        .par_iter()
        .map_init(
            || (Matcher::new(&rules), Vec::new()),
            |(matcher, raw), store| {
                let r = scan_store(matcher, raw, store, config, &counts);
                progress.add_blob();
                r
            },
        )
        .collect();
    let mut outcome = ScanOutcome::default();
    for r in per_file {
        match r {
            Ok((findings, capped)) => {
                outcome.findings.extend(findings);
                warnings.extend(capped);
            }
            Err(w) => {
                counts.unreadable.fetch_add(1, Ordering::Relaxed);
                warnings.push(w);
            }
        }
    }
    sort_findings(&mut outcome.findings);
    outcome.warnings = warnings;
    outcome.stats = counts.stats();
    Ok((rules, outcome, PathBuf::from(".")))
}

/// One store's findings, and the warning if they were capped.
type Scanned = (Vec<Finding>, Option<Warning>);

#[derive(Default)]
struct Counts {
    files: AtomicU64,
    bytes: AtomicU64,
    binary: AtomicU64,
    large: AtomicU64,
    special: AtomicU64,
    unreadable: AtomicU64,
}

impl Counts {
    fn stats(&self) -> Stats {
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        Stats {
            files: get(&self.files),
            bytes: get(&self.bytes),
            skipped_binary: get(&self.binary),
            skipped_large: get(&self.large),
            skipped_special: get(&self.special),
            // A transcript's messages are judged one by one (allowlists apply to findings).
            skipped_allowlisted: 0,
            unreadable: get(&self.unreadable),
            // Assistant stores are read as the documents they are, never as archives.
            archives: 0,
            members: 0,
        }
    }
}

/// The findings of one store file, and the warning if they were capped.
fn scan_store(
    matcher: &mut Matcher<'_>,
    raw: &mut Vec<RawMatch>,
    store: &Store,
    config: &ScanConfig,
    counts: &Counts,
) -> Result<Scanned, Warning> {
    if store.format == Format::Unreadable {
        counts.special.fetch_add(1, Ordering::Relaxed);
        return Ok((Vec::new(), None));
    }
    let cannot = |e: std::io::Error| Warning::FileUnreadable {
        path: store.display.clone(),
        error: e.to_string(),
    };
    let opts = config.options;
    let (file, meta) = sources::fs::open(&store.path).map_err(cannot)?;
    let mut buf = Vec::new();
    let loaded =
        sources::read_file(&file, meta.len(), opts.max_file_size, &mut buf).map_err(cannot)?;
    let mut findings = Vec::new();
    let mut mirrors = HashSet::new();
    let mut seen = HashMap::new();
    let mut scan = |seg: Segment, content: &str| {
        let first = findings.len();
        let depth = opts.max_decode_depth;
        findings.extend(scan_segment(
            matcher, raw, &seg, content, store, depth, &mut seen,
        ));
        if seg.mirror {
            mirrors.extend(first..findings.len());
        }
    };
    match loaded {
        Loaded::Skipped(Skip::TooLarge) => {
            counts.large.fetch_add(1, Ordering::Relaxed);
            return Ok((Vec::new(), None));
        }
        Loaded::Skipped(Skip::Binary) if store.format == Format::Vscdb => {
            ai::read_database(&store.path, &mut |seg| scan(seg, "")).map_err(|e| {
                Warning::FileUnreadable {
                    path: store.display.clone(),
                    error: e,
                }
            })?;
        }
        Loaded::Skipped(Skip::Binary) => {
            counts.binary.fetch_add(1, Ordering::Relaxed);
            return Ok((Vec::new(), None));
        }
        Loaded::Scanned => {
            let content = String::from_utf8_lossy(&buf);
            let name = store
                .path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            ai::parse(store.format, &content, &name, &mut |seg| {
                scan(seg, &content)
            });
        }
    }
    counts.files.fetch_add(1, Ordering::Relaxed);
    counts.bytes.fetch_add(buf.len() as u64, Ordering::Relaxed);
    drop_mirrored(&mut findings, &mirrors);
    let mut findings = once_per_message(findings);
    let found = findings.len();
    let cap = opts.max_findings_per_file;
    let capped = (cap > 0 && found > cap).then(|| {
        findings.truncate(cap);
        Warning::FindingsCapped {
            path: store.display.clone(),
            commit: None,
            found,
            kept: cap,
        }
    });
    Ok((findings, capped))
}

/// The findings of one segment, placed in the file and given their context.
fn scan_segment(
    matcher: &mut Matcher<'_>,
    raw: &mut Vec<RawMatch>,
    seg: &Segment,
    content: &str,
    store: &Store,
    depth: usize,
    seen: &mut HashMap<String, usize>,
) -> Vec<Finding> {
    let target = Target {
        path: &store.display,
        commit: None,
    };
    raw.clear();
    matcher.find_with_decoding(&target, seg.text.as_bytes(), depth, raw);
    raw.retain(|m| m.start >= seg.skip);
    let rules = matcher.rules();
    let text = seg.text.as_bytes();
    let (mut findings, _) =
        to_findings_at_most(rules, raw, text, &store.display, &store.display, 0, false);
    for f in &mut findings {
        place(f, seg, content, seen);
        f.transcript = Some(Box::new(Transcript {
            tool: store.tool.to_string(),
            format: store.format.name().to_string(),
            conversation: seg.conversation.clone(),
            message: seg.message.clone(),
            role: seg.role.map(String::from),
            timestamp: seg.time.as_ref().map(timestamp),
            field: seg.field.clone(),
            also_in: Vec::new(),
        }));
    }
    findings
}

/// Moves a finding located in its segment's text to its place in the file: the segment's lines
/// (their markers counted back into the column), or where the secret's raw text is in its
/// record (else the record's first line). Texts come in document order, so the next finding of
/// the same secret is looked for after the last one (`seen`: where each secret was last placed).
fn place(f: &mut Finding, seg: &Segment, content: &str, seen: &mut HashMap<String, usize>) {
    match seg.place {
        Place::Lines { line, prefix } => {
            f.line += line - 1;
            f.end_line += line - 1;
            f.column += prefix;
            f.end_column += prefix;
        }
        Place::Record { line, start, end } => {
            let record = content.get(start..end).unwrap_or("");
            let literal = f.decoded.is_none() && !f.secret.is_empty();
            let after = seen
                .get(&f.secret)
                .map_or(0, |&at| at.saturating_sub(start) + 1)
                .min(record.len());
            let at = literal
                .then(|| {
                    let later = record.get(after..).and_then(|r| r.find(f.secret.as_str()));
                    later
                        .map(|i| i + after)
                        .or_else(|| record.find(f.secret.as_str()))
                })
                .flatten();
            if let Some(off) = at {
                seen.insert(f.secret.clone(), start + off);
            }
            let width = crate::findings::locate::chars(f.secret.as_bytes()).max(1);
            match at {
                Some(off) => {
                    let before = &record[..off];
                    let newlines = before.matches('\n').count();
                    let col_start = before.rfind('\n').map_or(0, |i| i + 1);
                    let column =
                        crate::findings::locate::chars(&before.as_bytes()[col_start..]) + 1;
                    f.line = line + newlines;
                    f.column = column;
                }
                None => {
                    f.line = line;
                    f.column = 1;
                }
            }
            f.end_line = f.line;
            f.end_column = f.column + width;
        }
        Place::Row => {
            f.line = 1;
            f.column = 1;
            f.end_line = 1;
            f.end_column = 1 + crate::findings::locate::chars(f.secret.as_bytes()).max(1);
        }
    }
}

/// A time as RFC 3339 (UTC for the epoch counts; text as the tool wrote it).
fn timestamp(t: &Time) -> String {
    match t {
        Time::Text(s) => s.clone(),
        Time::Seconds(s) => rfc3339(*s, 0),
        // Milliseconds only when there are some (`...:00Z`, not `...:00.000Z`).
        Time::Millis(ms) if ms.rem_euclid(1000) == 0 => rfc3339(ms.div_euclid(1000), 0),
        Time::Millis(ms) => {
            let s = rfc3339(ms.div_euclid(1000), 0);
            let base = s.strip_suffix('Z').unwrap_or(&s);
            format!("{base}.{:03}Z", ms.rem_euclid(1000))
        }
    }
}

/// One finding per message, role and secret (the first field; the others in `also_in`: a
/// secret the user pasted and the assistant repeated in the same exchange is two findings).
fn once_per_message(findings: Vec<Finding>) -> Vec<Finding> {
    type Key = (
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        String,
        Option<(usize, usize)>,
    );
    let mut kept: Vec<Finding> = Vec::new();
    let mut at: HashMap<Key, usize> = HashMap::new();
    for f in findings {
        let c = f.transcript.as_deref().cloned().unwrap_or_default();
        // Without a message, two places are two findings.
        let place = c.message.is_none().then_some((f.line, f.column));
        let key = (
            c.conversation,
            c.message,
            c.role,
            f.rule_id.clone(),
            f.secret.clone(),
            place,
        );
        match at.get(&key) {
            Some(&i) => {
                if let (Some(first), Some(field)) = (kept[i].transcript.as_mut(), c.field) {
                    if first.field.as_ref() != Some(&field) && !first.also_in.contains(&field) {
                        first.also_in.push(field);
                    }
                }
            }
            None => {
                at.insert(key, kept.len());
                kept.push(f);
            }
        }
    }
    kept
}

/// Drops the findings of `mirrors` (indexes into `findings`) whose rule and secret an original
/// has.
fn drop_mirrored(findings: &mut Vec<Finding>, mirrors: &HashSet<usize>) {
    let originals: HashSet<(String, String)> = findings
        .iter()
        .enumerate()
        .filter(|(i, _)| !mirrors.contains(i))
        .map(|(_, f)| (f.rule_id.clone(), f.secret.clone()))
        .collect();
    let mut i = 0;
    findings.retain(|f| {
        let keep =
            !mirrors.contains(&i) || !originals.contains(&(f.rule_id.clone(), f.secret.clone()));
        i += 1;
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(
            timestamp(&Time::Millis(1_795_166_043_512)),
            "2026-11-20T09:14:03.512Z"
        );
        assert_eq!(
            timestamp(&Time::Seconds(1_795_183_421)),
            "2026-11-20T14:03:41Z"
        );
        assert_eq!(
            timestamp(&Time::Millis(1_795_172_411_000)),
            "2026-11-20T11:00:11Z"
        );
        assert_eq!(
            timestamp(&Time::Text("2026-11-20T10:15:02".into())),
            "2026-11-20T10:15:02"
        );
    }
}
