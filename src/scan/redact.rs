//! `leakhound redact`: a copy of a stream with every finding replaced by `<REDACTED:rule-id>`,
//! in bounded memory whatever the input's size, for logs and prompts before they are shared;
//! `--in-place FILE` for a transcript, keeping the original as a backup.
//!
//! The stream is read `PIECE` bytes at a time into a window of at most `WINDOW` +
//! `KEEP` bytes. Each window is matched whole; what is written is the window up to the last
//! line end at least `KEEP` bytes before its end (so the text a rule needs around a secret on
//! its line is still there next time), never cutting a secret in two; the rest starts the next
//! window. Memory: the window, the matcher's buffers for it, and the matches.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::matcher::{Matcher, RawMatch, Target};
use crate::rules::RuleSet;

/// The bytes matched at a time (plus what is kept from the last window).
const WINDOW: usize = 1 << 20;
/// What is kept for the next window: more than the longest secret the rules find on one line.
const KEEP: usize = 64 << 10;
/// One read.
const PIECE: usize = 64 << 10;

/// What a redaction did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Redacted {
    /// Secrets replaced.
    pub secrets: u64,
    /// Bytes read.
    pub bytes: u64,
}

/// Why `--in-place` did not redact a file.
#[derive(Debug, thiserror::Error)]
pub enum RedactError {
    #[error("{}: is a symbolic link; leakhound does not follow it (give the file it points to)", .0.display())]
    Symlink(PathBuf),
    #[error("{}: not a regular file", .0.display())]
    NotAFile(PathBuf),
    #[error("{}: a backup is already there; move it away first", .0.display())]
    BackupExists(PathBuf),
    #[error("{}: {action}", .path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
}

/// Copies `input` to `output` with every secret `rules` find replaced by `<REDACTED:rule-id>`
/// (`depth`: decoding levels; an encoded secret's whole encoded text is replaced).
pub fn stream(
    rules: &RuleSet,
    depth: usize,
    mut input: impl Read,
    output: &mut dyn Write,
) -> std::io::Result<Redacted> {
    let mut matcher = Matcher::new(rules);
    let mut raw = Vec::new();
    let mut buf: Vec<u8> = Vec::with_capacity(WINDOW + KEEP + PIECE);
    let mut done = Redacted::default();
    let mut eof = false;
    while !eof || !buf.is_empty() {
        while !eof && buf.len() < WINDOW + KEEP {
            let at = buf.len();
            buf.resize(at + PIECE, 0);
            let n = loop {
                match input.read(&mut buf[at..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        buf.truncate(at);
                        return Err(e);
                    }
                }
            };
            buf.truncate(at + n);
            done.bytes += n as u64;
            eof = n == 0;
        }
        let spans = secrets(&mut matcher, &mut raw, &buf, depth);
        let cut = cut_at(&buf, &spans, eof);
        let mut at = 0;
        for &(start, end, rule) in spans.iter().filter(|s| s.1 <= cut) {
            output.write_all(&buf[at..start])?;
            write!(output, "<REDACTED:{}>", rules.rules[rule as usize].id)?;
            at = end;
            done.secrets += 1;
        }
        output.write_all(&buf[at..cut])?;
        buf.drain(..cut);
    }
    output.flush()?;
    Ok(done)
}

/// The secrets in `content`: `(start, end, rule)`, sorted, overlapping matches merged (under
/// the first one's rule).
fn secrets(
    matcher: &mut Matcher<'_>,
    raw: &mut Vec<RawMatch>,
    content: &[u8],
    depth: usize,
) -> Vec<(usize, usize, u32)> {
    let target = Target {
        path: "",
        commit: None,
    };
    raw.clear();
    matcher.find_with_decoding(&target, content, depth, raw);
    let rules = matcher.rules();
    let mut found: Vec<(usize, usize, u32)> = raw
        .iter()
        .filter(|m| m.end > m.start && !rules.rules[m.rule as usize].skip_report)
        .map(|m| (m.start, m.end, m.rule))
        .collect();
    found.sort_unstable();
    let mut merged: Vec<(usize, usize, u32)> = Vec::with_capacity(found.len());
    for s in found {
        match merged.last_mut() {
            Some(last) if s.0 < last.1 => last.1 = last.1.max(s.1),
            _ => merged.push(s),
        }
    }
    merged
}

/// Where this window's output ends: everything at the end of the input; else the last line end
/// at least [`KEEP`] bytes before the window's end (or that point, in a line longer than it),
/// moved back to the start of a secret it would cut.
fn cut_at(buf: &[u8], spans: &[(usize, usize, u32)], eof: bool) -> usize {
    if eof {
        return buf.len();
    }
    let limit = buf.len().saturating_sub(KEEP);
    let mut cut = memchr::memrchr(b'\n', &buf[..limit]).map_or(limit, |i| i + 1);
    if let Some(&(start, end, _)) = spans.iter().find(|s| s.0 < cut && s.1 > cut) {
        // A secret longer than the window is written whole.
        cut = if start > 0 { start } else { end };
    }
    cut
}

/// What `--in-place` did: the redaction, and the backup of the original (`None`: nothing to
/// redact, the file is unchanged).
#[derive(Debug)]
pub struct InPlace {
    pub redacted: Redacted,
    pub backup: Option<PathBuf>,
}

/// Redacts the file at `path` in place: the redacted copy is written beside it and renamed over
/// it (so the file is never half-written), after the original is kept as
/// `<name>.leakhound-backup` (refused if that exists). A symbolic link is not followed. With
/// nothing to redact the file is left as it is, and no backup is made.
pub fn in_place(rules: &RuleSet, depth: usize, path: &Path) -> Result<InPlace, RedactError> {
    let io = |action: &'static str| {
        move |source| RedactError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    };
    let meta = std::fs::symlink_metadata(path).map_err(io("cannot read"))?;
    if meta.file_type().is_symlink() {
        return Err(RedactError::Symlink(path.to_path_buf()));
    }
    if !meta.is_file() {
        return Err(RedactError::NotAFile(path.to_path_buf()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let backup = dir.join(format!("{name}.leakhound-backup"));
    if std::fs::symlink_metadata(&backup).is_ok() {
        return Err(RedactError::BackupExists(backup));
    }
    let tmp = dir.join(format!(".{name}.leakhound-{}", std::process::id()));
    let input = std::fs::File::open(path).map_err(io("cannot read"))?;
    let out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(io("cannot create the redacted copy beside it"))?;
    let written = (|| {
        let mut w = std::io::BufWriter::new(&out);
        let done = stream(rules, depth, std::io::BufReader::new(input), &mut w)?;
        w.flush()?;
        drop(w);
        out.set_permissions(meta.permissions())?;
        out.sync_all()?;
        Ok(done)
    })();
    let redacted = match written {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(io("cannot write the redacted copy")(e));
        }
    };
    if redacted.secrets == 0 {
        let _ = std::fs::remove_file(&tmp);
        return Ok(InPlace {
            redacted,
            backup: None,
        });
    }
    // The original stays as it is under the backup's name (a second name for the same file
    // where the file system allows it, else a copy).
    if std::fs::hard_link(path, &backup).is_err() {
        if let Err(e) = std::fs::copy(path, &backup) {
            let _ = std::fs::remove_file(&tmp);
            return Err(io("cannot keep a backup")(e));
        }
    }
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io("cannot replace it with the redacted copy")(e));
    }
    Ok(InPlace {
        redacted,
        backup: Some(backup),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_a_line_end_and_never_inside_a_secret() {
        let mut buf = vec![b'a'; KEEP + 100];
        buf[10] = b'\n';
        buf[50] = b'\n';
        assert_eq!(cut_at(&buf, &[], false), 51);
        assert_eq!(cut_at(&buf, &[(40, 60, 0)], false), 40);
        assert_eq!(cut_at(&buf, &[], true), buf.len());
        // A line longer than KEEP is cut where KEEP starts.
        let long = vec![b'a'; KEEP + 100];
        assert_eq!(cut_at(&long, &[], false), 100);
    }
}
