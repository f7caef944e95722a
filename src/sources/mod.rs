//! Sources of content: the file system, standard input, git history and the git index.
//! Each enumerates cheap [`BlobRef`] handles; the scan loads them in parallel.

pub(crate) mod ai;
pub(crate) mod archive;
pub(crate) mod fs;
pub(crate) mod git;
pub(crate) mod stdin;

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

/// A handle to one piece of content to scan.
#[derive(Debug, Clone)]
pub(crate) enum BlobRef {
    /// A file on disk.
    File {
        path: PathBuf,
        /// As reached from the PATH given, `/`-separated, no leading `./`.
        display: String,
        /// Relative to the scan root (what allowlists and path rules see).
        rel: String,
    },
    /// Content already in memory (standard input).
    Bytes { data: Arc<Vec<u8>>, display: String },
    /// A blob in a git repository's object database, read by each worker from its own
    /// `git2::Repository` (see [`git`]).
    Git {
        oid: git2::Oid,
        /// The path it was found at, relative to the repository root (paths repeat from one
        /// blob to the next, so they are shared).
        path: Arc<str>,
        /// The commit that introduced it (history), or `None` (the index).
        commit: Option<git2::Oid>,
    },
    /// The message of a commit (history scans): content of its own, with no path.
    Message { commit: git2::Oid },
}

impl BlobRef {
    pub(crate) fn display(&self) -> &str {
        match self {
            BlobRef::File { display, .. } | BlobRef::Bytes { display, .. } => display,
            BlobRef::Git { path, .. } => path,
            BlobRef::Message { .. } => "",
        }
    }

    pub(crate) fn rel(&self) -> &str {
        match self {
            BlobRef::File { rel, .. } => rel,
            BlobRef::Bytes { display, .. } => display,
            BlobRef::Git { path, .. } => path,
            BlobRef::Message { .. } => "",
        }
    }
}

/// Why a blob was not scanned (counted in the summary, never silent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Skip {
    Binary,
    TooLarge,
}

/// The outcome of loading one blob into a buffer.
pub(crate) enum Loaded {
    Scanned,
    Skipped(Skip),
}

/// How many leading bytes are checked for NUL to call content binary (git's heuristic).
pub(crate) const BINARY_PROBE: usize = 8000;

/// Whether content looks binary: a NUL byte near the start.
pub(crate) fn is_binary(content: &[u8]) -> bool {
    memchr::memchr(0, &content[..content.len().min(BINARY_PROBE)]).is_some()
}

/// Reads at most `max + 1` bytes of `reader` into `buf` (cleared first), so an oversized input is
/// recognised without being read whole.
pub(crate) fn read_bounded(
    reader: impl Read,
    max: u64,
    buf: &mut Vec<u8>,
) -> std::io::Result<Loaded> {
    buf.clear();
    reader.take(max.saturating_add(1)).read_to_end(buf)?;
    if buf.len() as u64 > max {
        buf.clear();
        return Ok(Loaded::Skipped(Skip::TooLarge));
    }
    if is_binary(buf) {
        return Ok(Loaded::Skipped(Skip::Binary));
    }
    Ok(Loaded::Scanned)
}

/// Reads a file whose `stat` gave `size` into `buf` (cleared first): the `size` bytes the stat
/// promised, in one `read` and without a second one to see the end (a file that grows meanwhile
/// is read as it was at the stat). Over `max` bytes it is not read at all. A size of 0 may be a
/// file system that does not know (`/proc`): that file is read to its end.
pub(crate) fn read_file(
    file: &std::fs::File,
    size: u64,
    max: u64,
    buf: &mut Vec<u8>,
) -> std::io::Result<Loaded> {
    if size == 0 {
        return read_bounded(file, max, buf);
    }
    buf.clear();
    if size > max {
        return Ok(Loaded::Skipped(Skip::TooLarge));
    }
    // Room for the whole file first, so the one read takes it all.
    buf.reserve(size as usize);
    read_bounded(file.take(size), max, buf)
}

/// Helpers for the unit tests that build real repositories with the git CLI.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::Path;
    use std::process::{Command, Output};

    /// Runs git in `dir` with a fixed identity and no line-ending conversion, whatever it exits
    /// with.
    pub(crate) fn git_output(dir: &Path, args: &[&str]) -> Output {
        Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(["-c", "core.autocrlf=false"])
            .args(args)
            .current_dir(dir)
            .output()
            .expect("git runs")
    }

    /// Runs git in `dir`; fails the test with git's message unless it succeeds.
    pub(crate) fn git(dir: &Path, args: &[&str]) {
        let out = git_output(dir, args);
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Writes `text` to `path` under `dir`, making its directories.
    pub(crate) fn write(dir: &Path, path: &str, text: &str) {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_reads() {
        let mut buf = Vec::new();
        assert!(matches!(
            read_bounded(&b"hello"[..], 5, &mut buf).unwrap(),
            Loaded::Scanned
        ));
        assert_eq!(buf, b"hello");
        assert!(matches!(
            read_bounded(&b"hello!"[..], 5, &mut buf).unwrap(),
            Loaded::Skipped(Skip::TooLarge)
        ));
        assert!(matches!(
            read_bounded(&b"a\0b"[..], 5, &mut buf).unwrap(),
            Loaded::Skipped(Skip::Binary)
        ));
    }
}
