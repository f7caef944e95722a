//! Archives and compressed files as a source: the members of a zip (and its family: jar, war,
//! ear, apk, aar, whl, nupkg, vsix, xpi, docx/xlsx/pptx, odt), a tar, and a gzip, bzip2, xz or
//! zstd stream alone or around a tar, recognised by their first bytes ([`detect`]), nested up to
//! `--max-archive-depth` levels.
//!
//! Everything happens in memory, member by member: nothing is ever written to disk, so a member
//! named `../../etc/passwd` or `/root/.ssh/id_rsa` is scanned under that name and extracted
//! nowhere. Each member is read whole (up to `--max-file-size`, like a file) into a buffer of its
//! level, and handed to the caller ([`walk`]'s `visit`) under its path, `inner/dir/file.env`,
//! nested as `b.zip!c.env` (the caller puts the archive's own path and a `!` in front).
//!
//! What keeps an archive bomb harmless ([`Limits`]): the bytes inflated from one archive file or
//! blob (nested archives included) and from all the archives of a scan, the members of one
//! archive, the ratio of inflated to compressed bytes of each stream, the length of a member's
//! path, the nesting depth, and the memory of the xz and zstd decoders. Each bound that is hit is
//! one [`Warning::ArchiveBound`] naming the archive and the bound (repeats counted, not listed),
//! and the scan goes on. An encrypted member is a warning, never a prompt.

mod detect;
mod read;

pub(crate) use detect::{detect, Kind};

use std::cell::Cell;
use std::io::Read;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use read::{Counting, CountingCursor, Inflate};

use crate::sources::{is_binary, Skip};
use crate::warning::{ArchiveBound, Warning};

/// Bytes inflated from one archive file or blob, nested archives included.
pub(crate) const MAX_ARCHIVE_BYTES: u64 = 256 << 20;
/// Bytes inflated from all the archives of one scan.
pub(crate) const MAX_SCAN_BYTES: u64 = 4 << 30;
/// Members of one archive (each nested archive has its own count). Large jars and wheels have
/// some tens of thousands.
pub(crate) const MAX_MEMBERS: u64 = 50_000;
/// Bytes inflated per compressed byte of one stream or member, once it has inflated
/// [`RATIO_GRACE`] bytes. Text compresses some 3 to 20 times; deflate's best is about 1032.
pub(crate) const MAX_RATIO: u64 = 100;
/// What a stream may inflate before its ratio is checked (small files of one repeated byte are
/// not bombs).
pub(crate) const RATIO_GRACE: u64 = 1 << 20;
/// A member's path (its part inside the outermost archive), in bytes.
pub(crate) const MAX_PATH_LEN: usize = 4096;
/// The memory an xz decoder may take (`xz -9` needs 65 MiB).
const XZ_MEMORY_KIB: u32 = 96 << 10;
/// The largest zstd window accepted (`zstd --long` uses 128 MiB).
const ZSTD_WINDOW: u64 = 128 << 20;

/// The bounds of one scan's archives.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// How many levels of archives are opened (0: none).
    pub(crate) depth: usize,
    pub(crate) archive_bytes: u64,
    pub(crate) scan_bytes: u64,
    pub(crate) members: u64,
    pub(crate) ratio: u64,
    pub(crate) path_len: usize,
    /// The largest member read (`--max-file-size`): larger ones are skipped, as files are.
    pub(crate) member_size: u64,
}

impl Limits {
    /// The default bounds, with `depth` levels and members up to `member_size` bytes.
    pub(crate) fn new(depth: usize, member_size: u64) -> Limits {
        Limits {
            depth,
            archive_bytes: MAX_ARCHIVE_BYTES,
            scan_bytes: MAX_SCAN_BYTES,
            members: MAX_MEMBERS,
            ratio: MAX_RATIO,
            path_len: MAX_PATH_LEN,
            member_size,
        }
    }
}

/// What the archives of one scan share: the bytes inflated so far, and whether the scan-wide
/// bound has been reported (once per scan).
#[derive(Debug, Default)]
pub(crate) struct ScanBudget {
    inflated: AtomicU64,
    warned: AtomicBool,
}

/// One member, as [`walk`] hands it to its caller.
pub(crate) struct Member<'a> {
    /// Its path inside the outermost archive: `dir/file.env`, nested `b.zip!c.env`.
    pub(crate) path: &'a str,
    /// Its content, or why it is not scanned (binary, over `--max-file-size`).
    pub(crate) content: Result<&'a [u8], Skip>,
}

/// What [`walk`] did.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    /// Archives opened (the outermost one and every nested one).
    pub(crate) archives: u64,
    /// Members read (scanned, or skipped as binary or too large).
    pub(crate) members: u64,
    /// Bytes inflated.
    pub(crate) inflated: u64,
    pub(crate) warnings: Vec<Warning>,
}

/// Walks the members of `content`, an archive of `kind` found at `name` (the path warnings
/// name), calling `visit` for every member that is not itself an archive opened in turn.
pub(crate) fn walk(
    name: &str,
    kind: Kind,
    content: &[u8],
    limits: &Limits,
    scan: &ScanBudget,
    visit: &mut dyn FnMut(Member<'_>),
) -> Walked {
    let budget = Budget {
        limits,
        scan,
        inflated: Cell::new(0),
        exhausted: Cell::new(None),
        hit: Cell::new(None),
        repeat: Cell::new(false),
    };
    let mut walker = Walker {
        name,
        budget: &budget,
        visit,
        walked: Walked::default(),
        notes: Vec::new(),
        bufs: Vec::new(),
    };
    if limits.depth > 0 {
        walker.open("", kind, content, 1);
    }
    let mut walked = walker.walked;
    walked.inflated = budget.inflated.get();
    walked.warnings = walker
        .notes
        .into_iter()
        .map(|(_, w, n)| with_more(w, n))
        .collect();
    walked
}

/// The inflation budget of one outermost archive, shared by the readers of all its levels.
struct Budget<'a> {
    limits: &'a Limits,
    scan: &'a ScanBudget,
    inflated: Cell<u64>,
    /// The bound that stopped everything (the archive's or the scan's bytes).
    exhausted: Cell<Option<ArchiveBound>>,
    /// The bound the last failed read hit.
    hit: Cell<Option<ArchiveBound>>,
    /// That bound had been hit (and reported) before by the same reader.
    repeat: Cell<bool>,
}

impl Budget<'_> {
    /// How many of `want` bytes may still be inflated; when none, the bound is recorded.
    fn allowance(&self, want: usize) -> usize {
        if let Some(b) = self.exhausted.get() {
            self.hit.set(Some(b));
            self.repeat.set(true);
            return 0;
        }
        let archive_left = self
            .limits
            .archive_bytes
            .saturating_sub(self.inflated.get());
        let scan_left = self
            .limits
            .scan_bytes
            .saturating_sub(self.scan.inflated.load(Ordering::Relaxed));
        let left = archive_left.min(scan_left);
        if left == 0 {
            let b = if archive_left == 0 {
                ArchiveBound::ArchiveBytes(self.limits.archive_bytes)
            } else {
                ArchiveBound::ScanBytes(self.limits.scan_bytes)
            };
            self.exhausted.set(Some(b));
            self.hit.set(Some(b));
        }
        want.min(usize::try_from(left).unwrap_or(usize::MAX))
    }

    /// Counts `n` bytes inflated.
    fn charge(&self, n: usize) {
        self.inflated.set(self.inflated.get() + n as u64);
        self.scan.inflated.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// The bound a failed read hit, if it was one (else the read failed on its own).
    fn take_hit(&self) -> Option<ArchiveBound> {
        self.hit.take()
    }
}

/// Warnings of one outermost archive are collapsed by kind: the first is kept, the rest counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoteKind {
    Bound(std::mem::Discriminant<ArchiveBound>),
    Encrypted,
    Unreadable,
}

struct Walker<'a, 'v> {
    /// The outermost archive's path.
    name: &'a str,
    /// Shared with the readers of every level (a reader borrows it, not the walker).
    budget: &'a Budget<'a>,
    visit: &'v mut dyn FnMut(Member<'_>),
    walked: Walked,
    notes: Vec<(NoteKind, Warning, usize)>,
    /// Member buffers, one per level, reused from one member to the next.
    bufs: Vec<Vec<u8>>,
}

impl Walker<'_, '_> {
    /// Whether a bound that stops the whole walk has been hit.
    fn stopped(&self) -> bool {
        self.budget.exhausted.get().is_some()
    }

    /// The full path of `inner` (a path inside the outermost archive; "" for itself).
    fn full(&self, inner: &str) -> String {
        if inner.is_empty() {
            self.name.to_string()
        } else {
            format!("{}!{inner}", self.name)
        }
    }

    fn note(&mut self, kind: NoteKind, w: Warning) {
        match self.notes.iter_mut().find(|(k, _, _)| *k == kind) {
            Some((_, _, n)) => *n += 1,
            None => self.notes.push((kind, w, 0)),
        }
    }

    fn bound(&mut self, inner: &str, bound: ArchiveBound) {
        if let ArchiveBound::ScanBytes(_) = bound {
            // Once per scan: every archive after it would say the same.
            if self.budget.scan.warned.swap(true, Ordering::Relaxed) {
                return;
            }
        }
        let w = Warning::ArchiveBound {
            archive: self.full(inner),
            bound,
            more: 0,
        };
        self.note(NoteKind::Bound(std::mem::discriminant(&bound)), w);
    }

    /// A read of `inner` that failed: a bound it hit, or an error of its own.
    fn failed(&mut self, inner: &str, error: &dyn std::fmt::Display) {
        let repeat = self.budget.repeat.take();
        match self.budget.take_hit() {
            Some(_) if repeat => {}
            Some(bound) => self.bound(inner, bound),
            None => {
                let w = Warning::ArchiveUnreadable {
                    path: self.full(inner),
                    error: one_line(error),
                    more: 0,
                };
                self.note(NoteKind::Unreadable, w);
            }
        }
    }

    /// Opens archive `inner` (`content`, of `kind`) at nesting level `depth` (1: outermost).
    fn open(&mut self, inner: &str, kind: Kind, content: &[u8], depth: usize) {
        if self.stopped() {
            return;
        }
        self.walked.archives += 1;
        match kind {
            Kind::Zip => self.zip(inner, content, depth),
            Kind::Tar => self.tar(inner, content, depth),
            _ => self.stream(inner, kind, content, depth),
        }
    }

    /// Member `name` of archive `inner` (at level `depth`), read from `reader`.
    fn member(&mut self, inner: &str, name: &str, reader: &mut dyn Read, depth: usize) {
        if self.stopped() {
            return;
        }
        let path = if inner.is_empty() {
            name.to_string()
        } else {
            format!("{inner}!{name}")
        };
        if path.len() > self.budget.limits.path_len {
            self.bound(inner, ArchiveBound::PathLength(self.budget.limits.path_len));
            return;
        }
        self.walked.members += 1;
        if self.bufs.len() < depth {
            self.bufs.resize_with(depth, Vec::new);
        }
        let mut buf = std::mem::take(&mut self.bufs[depth - 1]);
        buf.clear();
        let max = self.budget.limits.member_size;
        let read = reader.take(max.saturating_add(1)).read_to_end(&mut buf);
        if let Err(e) = read {
            // What was read before the bound or the error is still scanned.
            self.failed(&path, &e);
        }
        if buf.len() as u64 > max {
            (self.visit)(Member {
                path: &path,
                content: Err(Skip::TooLarge),
            });
        } else {
            match detect(&buf) {
                Some(kind) if depth < self.budget.limits.depth => {
                    self.open(&path, kind, &buf, depth + 1);
                }
                Some(_) => {
                    let depth = self.budget.limits.depth;
                    self.bound(&path, ArchiveBound::Depth(depth));
                    (self.visit)(Member {
                        path: &path,
                        content: Err(Skip::Binary),
                    });
                }
                None => {
                    let content = if is_binary(&buf) {
                        Err(Skip::Binary)
                    } else {
                        Ok(&buf[..])
                    };
                    (self.visit)(Member {
                        path: &path,
                        content,
                    });
                }
            }
        }
        self.bufs[depth - 1] = buf;
    }

    /// Counts one more member of an archive that has had `count`; false (and the bound noted)
    /// past the limit.
    fn one_more(&mut self, inner: &str, count: &mut u64) -> bool {
        *count += 1;
        if *count > self.budget.limits.members {
            self.bound(inner, ArchiveBound::Members(self.budget.limits.members));
            return false;
        }
        true
    }

    fn zip(&mut self, inner: &str, content: &[u8], depth: usize) {
        let consumed = Cell::new(0u64);
        let cursor = CountingCursor::new(content, &consumed);
        let mut body = cursor.clone();
        let mut archive =
            match zip::unstable::read::ZipIterable::try_new(cursor, Default::default()) {
                Ok(a) => a,
                Err(e) => return self.failed(inner, &e),
            };
        let files = match archive.files() {
            Ok(f) => f,
            Err(e) => return self.failed(inner, &e),
        };
        let mut count = 0;
        for entry in files {
            if self.stopped() {
                return;
            }
            let entry = match entry {
                Ok(e) => e,
                Err(e) => return self.failed(inner, &e),
            };
            if entry.is_dir() {
                continue;
            }
            if !self.one_more(inner, &mut count) {
                return;
            }
            let name = match entry.name() {
                Ok(n) => n.into_owned(),
                Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
            };
            if entry.encrypted() {
                let member = if inner.is_empty() {
                    name
                } else {
                    format!("{inner}!{name}")
                };
                let w = Warning::ArchiveEncrypted {
                    member: self.full(&member),
                    more: 0,
                };
                self.note(NoteKind::Encrypted, w);
                continue;
            }
            let mut file = match entry.with_reader(&mut body, zip::read::ZipReadOptions::new()) {
                Ok(f) => f,
                Err(e) => {
                    let member = format!("{}{name}", prefix(inner));
                    self.failed(&member, &e);
                    continue;
                }
            };
            let mut r = Inflate::new(&mut file, self.budget, &consumed);
            self.member(inner, &name, &mut r, depth);
        }
    }

    /// A tar, whole in memory (`content`) or streamed from a decompressor.
    fn tar(&mut self, inner: &str, content: impl Read, depth: usize) {
        let mut archive = tar::Archive::new(content);
        let entries = match archive.entries() {
            Ok(e) => e.raw(true),
            Err(e) => return self.failed(inner, &e),
        };
        let max_name = self.budget.limits.path_len as u64 + 1;
        let (mut long_name, mut pax_name): (Option<Vec<u8>>, Option<Vec<u8>>) = (None, None);
        let mut count = 0;
        for entry in entries {
            if self.stopped() {
                return;
            }
            let mut entry = match entry {
                Ok(e) => e,
                Err(e) => return self.failed(inner, &e),
            };
            let kind = entry.header().entry_type();
            if kind.is_gnu_longname() || kind.is_pax_local_extensions() {
                // Read within bounds: a name over the path bound is cut (and refused below).
                let mut data = Vec::new();
                let cap = if kind.is_pax_local_extensions() {
                    1 << 20
                } else {
                    max_name
                };
                if let Err(e) = (&mut entry).take(cap).read_to_end(&mut data) {
                    return self.failed(inner, &e);
                }
                if kind.is_gnu_longname() {
                    while data.last() == Some(&0) {
                        data.pop();
                    }
                    long_name = Some(data);
                } else {
                    pax_name = pax_path(&data).or(pax_name);
                }
                continue;
            }
            if kind.is_gnu_longlink() || kind.is_pax_global_extensions() {
                continue;
            }
            // A long name or pax path names the entry that follows it, whatever that is.
            let name = pax_name.take().or(long_name.take());
            if !(kind.is_file() || kind.is_contiguous()) {
                continue;
            }
            if !self.one_more(inner, &mut count) {
                return;
            }
            let name = name.unwrap_or_else(|| entry.path_bytes().into_owned());
            let name = String::from_utf8_lossy(&name).into_owned();
            self.member(inner, &name, &mut entry, depth);
        }
    }

    /// A compressed stream: a tar inside it is walked as the same archive (`a.tar.gz!file`);
    /// anything else is its one member, named after the stream (gzip's recorded name, else the
    /// archive's name without its extension).
    fn stream(&mut self, inner: &str, kind: Kind, content: &[u8], depth: usize) {
        let consumed = Cell::new(0u64);
        let src = Counting::new(content, &consumed);
        let stem = stem(if inner.is_empty() { self.name } else { inner });
        match kind {
            Kind::Gzip => {
                let mut gz = flate2::read::MultiGzDecoder::new(src);
                let mut r = Inflate::new(&mut gz, self.budget, &consumed);
                let head = peek(&mut r);
                let name = r.inner.header().and_then(|h| gzip_name(h.filename()?));
                self.decompressed(inner, head, r, name.unwrap_or(stem), depth);
            }
            Kind::Bzip2 => {
                let mut bz = bzip2::read::MultiBzDecoder::new(src);
                let mut r = Inflate::new(&mut bz, self.budget, &consumed);
                let head = peek(&mut r);
                self.decompressed(inner, head, r, stem, depth);
            }
            Kind::Xz => {
                let mut xz = lzma_rust2::XzReader::new_mem_limit(src, true, XZ_MEMORY_KIB);
                let mut r = Inflate::new(&mut xz, self.budget, &consumed);
                let head = peek(&mut r);
                self.decompressed(inner, head, r, stem, depth);
            }
            _ => {
                let mut zst = match ruzstd::decoding::StreamingDecoder::new_with_max_window_size(
                    src,
                    ZSTD_WINDOW,
                ) {
                    Ok(d) => d,
                    Err(e) => return self.failed(inner, &e),
                };
                let mut r = Inflate::new(&mut zst, self.budget, &consumed);
                let head = peek(&mut r);
                self.decompressed(inner, head, r, stem, depth);
            }
        }
    }

    /// The content of a compressed stream: its first bytes `head` (or the error that cut them
    /// short), then the rest of `r`.
    fn decompressed(
        &mut self,
        inner: &str,
        head: (Vec<u8>, Option<std::io::Error>),
        mut r: impl Read,
        name: String,
        depth: usize,
    ) {
        let (head, error) = head;
        if let Some(e) = error {
            self.failed(inner, &e);
            let mut rest: &[u8] = &head;
            if detect(&head) == Some(Kind::Tar) {
                return self.tar(inner, rest, depth);
            }
            return self.member(inner, &name, &mut rest, depth);
        }
        if detect(&head) == Some(Kind::Tar) {
            let whole = (&head[..]).chain(&mut r);
            self.tar(inner, whole, depth);
        } else {
            let mut whole = (&head[..]).chain(&mut r);
            self.member(inner, &name, &mut whole, depth);
        }
    }
}

/// `inner!`, or nothing for the outermost archive.
fn prefix(inner: &str) -> String {
    if inner.is_empty() {
        String::new()
    } else {
        format!("{inner}!")
    }
}

/// The first [`detect::HEADER`] bytes of `r` (fewer at its end), and the error that stopped the
/// read early, if one did.
fn peek(r: &mut impl Read) -> (Vec<u8>, Option<std::io::Error>) {
    let mut head = Vec::with_capacity(detect::HEADER);
    match r.take(detect::HEADER as u64).read_to_end(&mut head) {
        Ok(_) => (head, None),
        Err(e) => (head, Some(e)),
    }
}

/// The name of a compressed file's content: its last path component without the compression's
/// extension (`.tgz`: `.tar`).
fn stem(path: &str) -> String {
    let last = path.rsplit(['/', '!']).next().unwrap_or(path);
    let lower = last.to_ascii_lowercase();
    for (ext, to) in [
        (".tgz", ".tar"),
        (".tbz2", ".tar"),
        (".tbz", ".tar"),
        (".txz", ".tar"),
        (".tzst", ".tar"),
        (".gz", ""),
        (".bz2", ""),
        (".xz", ""),
        (".zst", ""),
        (".zstd", ""),
    ] {
        if lower.len() > ext.len() && lower.ends_with(ext) {
            return format!("{}{to}", &last[..last.len() - ext.len()]);
        }
    }
    last.to_string()
}

/// The file name a gzip header records, if it is one: a last path component, in UTF-8.
fn gzip_name(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let ok = !name.is_empty() && name.len() <= 255 && !name.contains(['/', '\\', '!', '\0']);
    ok.then(|| name.to_string())
}

/// The `path` record of a pax extended header's records (`<len> <key>=<value>\n`).
fn pax_path(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut found = None;
    while !data.is_empty() {
        let space = memchr::memchr(b' ', data)?;
        let len: usize = std::str::from_utf8(&data[..space]).ok()?.parse().ok()?;
        if len <= space || len > data.len() {
            return found;
        }
        let record = &data[space + 1..len];
        let record = record.strip_suffix(b"\n").unwrap_or(record);
        if let Some(v) = record.strip_prefix(b"path=") {
            found = Some(v.to_vec());
        }
        data = &data[len..];
    }
    found
}

/// An error message on one line.
fn one_line(e: &dyn std::fmt::Display) -> String {
    e.to_string().replace(['\n', '\r'], " ")
}

/// `w` with its count of repeats.
fn with_more(w: Warning, n: usize) -> Warning {
    match w {
        Warning::ArchiveBound { archive, bound, .. } => Warning::ArchiveBound {
            archive,
            bound,
            more: n,
        },
        Warning::ArchiveEncrypted { member, .. } => Warning::ArchiveEncrypted { member, more: n },
        Warning::ArchiveUnreadable { path, error, .. } => Warning::ArchiveUnreadable {
            path,
            error,
            more: n,
        },
        w => w,
    }
}

#[cfg(test)]
mod tests;
