//! Loose objects that libgit2 cannot survive: each is checked (streaming) before libgit2 reads
//! it, so a corrupt repository gives a warning or an error, never a hang or a panic.

use std::collections::HashMap;
use std::path::Path;

use git2::{Oid, Repository};

use super::repo::{objects_dir, GitError};

/// What [`check_loose`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loose {
    /// A commit, tree or tag whose content is complete (or not checked: a blob, unless asked).
    Complete,
    /// The zlib stream ends before the size its header declares.
    Truncated,
    /// Like `Truncated`, for a standard loose object whose intact header says it is a blob: a
    /// warning when it is read as a blob; never to be read as a tree (libgit2 reads an object
    /// whole before it compares its type, and would hang).
    TruncatedBlob,
    /// A "pack-like" loose object whose header names no object type libgit2 reads loose (git2
    /// panics on what libgit2's header read returns for it).
    BadType,
    /// The header declares more bytes than the file could inflate to (libgit2 would allocate
    /// them all first).
    Oversized,
}

impl Loose {
    /// What is wrong with the object, as messages say it; `None` for a sound one.
    pub(crate) fn problem(self) -> Option<&'static str> {
        match self {
            Loose::Complete => None,
            Loose::Truncated | Loose::TruncatedBlob => Some("is truncated"),
            Loose::BadType => Some("is corrupt (not a commit, tree, blob or tag)"),
            Loose::Oversized => Some("declares a size its file cannot hold"),
        }
    }
}

/// How deep alternates may chain (libgit2's own bound).
const MAX_ALTERNATES_DEPTH: usize = 5;

/// The object directories libgit2 reads for `repo`: its own, then its alternates
/// (`objects/info/alternates`, each line a directory, absolute or relative to the directory
/// that lists it), transitively, breadth first, at most [`MAX_ALTERNATES_DEPTH`] deep, each
/// once. A loose object in an alternate hangs libgit2 as one of the repository's own would.
pub(crate) fn object_dirs(repo: &Repository) -> Vec<std::path::PathBuf> {
    let mut dirs = vec![objects_dir(repo)];
    let mut seen: std::collections::HashSet<std::path::PathBuf> =
        dirs.iter().filter_map(|d| d.canonicalize().ok()).collect();
    let mut level = dirs.clone();
    for _ in 0..MAX_ALTERNATES_DEPTH {
        let mut next = Vec::new();
        for dir in &level {
            let Ok(text) = std::fs::read_to_string(dir.join("info").join("alternates")) else {
                continue;
            };
            for line in text.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let alt = dir.join(line);
                if alt.canonicalize().is_ok_and(|real| seen.insert(real)) {
                    next.push(alt);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        dirs.extend(next.iter().cloned());
        level = next;
    }
    dirs
}

/// The loose object file of `oid` in the first of `dirs` that has one, and its length.
fn loose_file_in(dirs: &[std::path::PathBuf], oid: Oid) -> Option<(std::fs::File, u64)> {
    dirs.iter().find_map(|d| loose_file(d, oid))
}

/// The loose object file of `oid` in `objects` and its length, if there is one.
fn loose_file(objects: &Path, oid: Oid) -> Option<(std::fs::File, u64)> {
    let hex = oid.to_string();
    let file = std::fs::File::open(objects.join(&hex[..2]).join(&hex[2..])).ok()?;
    let len = file.metadata().ok()?.len();
    Some((file, len))
}

/// Checks the loose object file of `oid`, if there is one, for the one corruption libgit2
/// cannot survive: libgit2 1.9 loops forever inflating a loose object whose zlib stream ends
/// before its header does, or before the size in its header (found by `fuzz/history`), and the
/// other damage `Loose` names. The content of blobs is checked only with `blobs`. Other
/// corruption is libgit2's to report. `None`: not a loose object here.
///
/// # Resource usage
///
/// Inflates the object once more, streaming (a few KiB of buffers, whatever its size).
pub(crate) fn check_loose(repo: &Repository, oid: Oid, blobs: bool) -> Option<Loose> {
    let (file, len) = loose_file_in(&object_dirs(repo), oid)?;
    Some(check_loose_stream(
        std::io::BufReader::new(file),
        len,
        blobs,
        None,
    ))
}

fn check_loose_in(objects: &Path, oid: Oid, blobs: bool) -> Option<Loose> {
    let (file, len) = loose_file(objects, oid)?;
    Some(check_loose_stream(
        std::io::BufReader::new(file),
        len,
        blobs,
        None,
    ))
}

/// [`check_loose`] on the bytes of a loose object file; the object's body (after its header)
/// is appended to `content` when given (a standard loose object's; a pack-like one's is not
/// kept).
fn check_loose_stream(
    mut reader: impl std::io::BufRead,
    file_len: u64,
    blobs: bool,
    mut content: Option<&mut Vec<u8>>,
) -> Loose {
    if let Some(header) = packlike_header(&mut reader) {
        return check_packlike(reader, header, file_len, blobs);
    }
    // libgit2 first inflates up to HEAD_READ bytes for the header: it hangs when the stream
    // stops (without its end) before giving that many, or before the whole object if smaller.
    const HEAD_READ: u64 = 64;
    let mut header = Vec::with_capacity(32);
    let mut declared: Option<(bool, u64)> = None; // (is a blob, size)
    let mut body = 0u64;
    let mut out = 0u64;
    let mut bad_header = false;
    let mut oversized = false;
    let ended = inflate_stream(reader, |mut chunk| {
        out += chunk.len() as u64;
        // A header libgit2 cannot parse is an error it reports, once its 64-byte header read
        // returns: that read alone hangs on a stream that stops first.
        if bad_header {
            return out < HEAD_READ;
        }
        if declared.is_none() {
            match chunk.iter().position(|&b| b == 0) {
                Some(nul) if header.len() + nul <= 64 => {
                    header.extend_from_slice(&chunk[..nul]);
                    chunk = &chunk[nul + 1..];
                    let text = String::from_utf8_lossy(&header);
                    let mut parts = text.split(' ');
                    match (parts.next(), parts.next().map(str::parse::<u64>)) {
                        (Some(_), Some(Ok(size))) if impossible(size, file_len) => {
                            oversized = true;
                            return false;
                        }
                        (Some(kind), Some(Ok(size))) => declared = Some((kind == "blob", size)),
                        _ => {
                            bad_header = true;
                            return out < HEAD_READ;
                        }
                    }
                }
                None if header.len() + chunk.len() <= 64 => {
                    header.extend_from_slice(chunk);
                    return true;
                }
                _ => {
                    bad_header = true;
                    return out < HEAD_READ;
                }
            }
        }
        body += chunk.len() as u64;
        if let Some(c) = content.as_deref_mut() {
            c.extend_from_slice(chunk);
        }
        // A blob's content is checked only with `blobs`: once libgit2's header read is served.
        !matches!(declared, Some((true, _)) if !blobs && out >= HEAD_READ)
    });
    match (ended, declared) {
        (_, _) if oversized => Loose::Oversized,
        (Inflated::Cut, _) if bad_header && out < HEAD_READ => Loose::Truncated,
        (_, _) if bad_header => Loose::Complete,
        // A corrupt stream is an error libgit2 reports.
        (Inflated::Corrupt, _) => Loose::Complete,
        (Inflated::Stopped, _) => Loose::Complete,
        (Inflated::Cut, Some((true, _))) => Loose::TruncatedBlob,
        (Inflated::Ended, Some((true, size))) if body < size => Loose::TruncatedBlob,
        (Inflated::Cut, _) | (Inflated::Ended, None) => Loose::Truncated,
        (Inflated::Ended, Some((_, size))) if body < size => Loose::Truncated,
        (Inflated::Ended, Some(_)) => Loose::Complete,
    }
}

/// The header of a loose object in the old "pack-like" format, which libgit2 still reads: when
/// the file does not start with a zlib header (as libgit2 decides it), a pack object header
/// (type in bits 4-6, then a little-endian base-128 size) precedes the zlib stream. Consumes the
/// header from `reader`; `None` (nothing consumed) for a standard loose object.
fn packlike_header(reader: &mut impl std::io::BufRead) -> Option<(u8, u64)> {
    let head = reader.fill_buf().ok()?;
    let zlib = head.len() >= 2
        && head[0] & 0x8f == 0x08
        && ((u32::from(head[0]) << 8) + u32::from(head[1])) % 31 == 0;
    if zlib {
        return None;
    }
    let mut used = 0;
    let mut next = || {
        let b = head.get(used).copied();
        used += 1;
        b
    };
    // An empty file, or a header cut short: libgit2 reports it.
    let Some(mut c) = next() else {
        return Some((0, 0));
    };
    let kind = (c >> 4) & 7;
    let mut size = u64::from(c & 15);
    let mut shift = 4;
    while c & 0x80 != 0 {
        match next() {
            Some(b) if shift < 64 => {
                c = b;
                size += u64::from(c & 0x7f) << shift;
                shift += 7;
            }
            _ => return Some((0, 0)),
        }
    }
    reader.consume(used);
    Some((kind, size))
}

/// [`check_loose_stream`] for a pack-like loose object: libgit2 reads its header without
/// inflating anything, then inflates `size` bytes, waiting forever for a stream that stops short.
fn check_packlike(
    reader: impl std::io::BufRead,
    (kind, size): (u8, u64),
    file_len: u64,
    blobs: bool,
) -> Loose {
    // 1 commit, 2 tree, 3 blob, 4 tag; libgit2 refuses to read anything else whole, but its
    // header read returns it.
    if !(1..=4).contains(&kind) {
        return Loose::BadType;
    }
    if impossible(size, file_len) {
        return Loose::Oversized;
    }
    if kind == 3 && !blobs {
        return Loose::Complete;
    }
    // libgit2 inflates until the stream ends, whatever the size says: a stream that stops
    // first (even an empty one) hangs it.
    match inflate_stream(reader, |_| true) {
        Inflated::Cut => Loose::Truncated,
        _ => Loose::Complete,
    }
}

/// Whether `size` bytes cannot come out of a `file_len`-byte loose object: deflate expands at
/// most about 1032 times. libgit2 allocates the declared size before it inflates anything.
fn impossible(size: u64, file_len: u64) -> bool {
    size > file_len.saturating_mul(1032).saturating_add(64)
}

/// How [`inflate_stream`] stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inflated {
    /// The zlib stream reached its end.
    Ended,
    /// The input ran out before the end of the stream.
    Cut,
    /// The sink asked to stop.
    Stopped,
    /// Not a zlib stream, or a damaged one.
    Corrupt,
}

/// Inflates the zlib stream `reader` holds, streaming its output to `sink` (which returns false
/// to stop). Unlike `flate2`'s readers, tells a stream that ends from one that is cut short.
fn inflate_stream(
    mut reader: impl std::io::BufRead,
    mut sink: impl FnMut(&[u8]) -> bool,
) -> Inflated {
    let mut z = flate2::Decompress::new(true);
    let mut buf = [0u8; 16 * 1024];
    loop {
        let Ok(input) = reader.fill_buf() else {
            return Inflated::Cut;
        };
        let eof = input.is_empty();
        let (in_before, out_before) = (z.total_in(), z.total_out());
        let flush = if eof {
            flate2::FlushDecompress::Finish
        } else {
            flate2::FlushDecompress::None
        };
        let status = z.decompress(input, &mut buf, flush);
        let used = (z.total_in() - in_before) as usize;
        let made = (z.total_out() - out_before) as usize;
        reader.consume(used);
        if made > 0 && !sink(&buf[..made]) {
            return Inflated::Stopped;
        }
        match status {
            Ok(flate2::Status::StreamEnd) => return Inflated::Ended,
            Err(_) => return Inflated::Corrupt,
            Ok(_) if eof && made == 0 => return Inflated::Cut,
            Ok(_) => {}
        }
    }
}

/// Damaged loose objects that a scan reads around: a blob cut short whose header is intact,
/// and an object of a type libgit2 does not read loose. Each is a warning where it is read, and
/// never read where a tree is expected.
pub(crate) type Damaged = HashMap<Oid, Loose>;

/// Checks every loose object whole and refuses a repository with one libgit2 would never return
/// from (cut short, or declaring more than its file holds), unless its intact header says it is
/// a blob; returns the damage a scan reads around.
pub(crate) fn refuse_truncated(repo: &Repository) -> Result<Damaged, GitError> {
    let mut damaged = Damaged::new();
    for (oid, found) in damaged_loose_objects(repo) {
        match found {
            Loose::TruncatedBlob | Loose::BadType => {
                damaged.insert(oid, found);
            }
            _ => return Err(loose_error(oid, found)),
        }
    }
    Ok(damaged)
}

/// Like [`refuse_truncated`], for a scan that reads only HEAD's commit and tree (the staged
/// scan): checks the loose ones among those, so its cost follows HEAD's loose trees, not every
/// loose object in the repository (staged blobs are checked as they are read).
pub(crate) fn refuse_truncated_head(repo: &Repository) -> Result<(), GitError> {
    let Some(commit) = repo.head().ok().and_then(|h| h.target()) else {
        return Ok(());
    };
    let mut pending = vec![commit];
    let mut content = Vec::new();
    let dirs = object_dirs(repo);
    while let Some(oid) = pending.pop() {
        match read_loose(&dirs, oid, &mut content) {
            None => continue, // packed (or missing: libgit2 reports that)
            Some(found @ (Loose::Truncated | Loose::TruncatedBlob | Loose::Oversized)) => {
                return Err(loose_error(oid, found))
            }
            // libgit2 reports it when it reads the object.
            Some(Loose::BadType) => continue,
            Some(Loose::Complete) => {}
        }
        if oid == commit {
            // "tree <hex>\n..."
            if let Some(tree) = content.strip_prefix(b"tree ").and_then(|r| r.get(..40)) {
                if let Some(t) = std::str::from_utf8(tree)
                    .ok()
                    .and_then(|h| Oid::from_str(h).ok())
                {
                    pending.push(t);
                }
            }
            continue;
        }
        // Tree entries: "<mode> <name>\0<20-byte id>"; subtrees have mode 40000.
        let mut rest = &content[..];
        while let Some(nul) = rest.iter().position(|&b| b == 0) {
            let (entry, after) = rest.split_at(nul);
            if after.len() < 21 {
                break;
            }
            if entry.starts_with(b"40000 ") {
                if let Ok(sub) = Oid::from_bytes(&after[1..21]) {
                    pending.push(sub);
                }
            }
            rest = &after[21..];
        }
    }
    Ok(())
}

/// Inflates the loose object `oid` into `content` (its body, after the header). `None` when it
/// is not a loose object here.
fn read_loose(dirs: &[std::path::PathBuf], oid: Oid, content: &mut Vec<u8>) -> Option<Loose> {
    let (file, len) = loose_file_in(dirs, oid)?;
    content.clear();
    Some(check_loose_stream(
        std::io::BufReader::new(file),
        len,
        true,
        Some(content),
    ))
}

fn loose_error(oid: Oid, found: Loose) -> GitError {
    let what = found.problem().unwrap_or("is corrupt");
    GitError::Read {
        what: format!("loose object {oid} {what} (libgit2 cannot read it)"),
        message: "`git fsck` lists the damage: restore the object from another clone, or \
                  remove it to scan without it"
            .into(),
    }
}

/// The loose objects of `repo` that are not sound (see [`check_loose`]), checked whole; by oid.
pub(crate) fn damaged_loose_objects(repo: &Repository) -> Vec<(Oid, Loose)> {
    use rayon::prelude::*;
    // Each object where libgit2 would find it: the first directory (the repository's own, then
    // its alternates) that has it loose.
    let mut oids: std::collections::HashMap<Oid, usize> = std::collections::HashMap::new();
    let object_dirs = object_dirs(repo);
    for (i, objects) in object_dirs.iter().enumerate() {
        let Ok(dirs) = std::fs::read_dir(objects) else {
            continue;
        };
        for d in dirs.flatten() {
            let prefix = d.file_name().to_string_lossy().into_owned();
            if prefix.len() != 2 {
                continue;
            }
            let Ok(files) = std::fs::read_dir(d.path()) else {
                continue;
            };
            for f in files.flatten() {
                let name = f.file_name();
                if let Ok(oid) = Oid::from_str(&format!("{prefix}{}", name.to_string_lossy())) {
                    if name.len() == 38 {
                        oids.entry(oid).or_insert(i);
                    }
                }
            }
        }
    }
    let mut found: Vec<(Oid, Loose)> = oids
        .into_par_iter()
        .filter_map(|(oid, i)| {
            // Whole objects, blobs too: a corrupt header can claim any type, and libgit2 reads an
            // object whole before it compares the type with the one it wanted.
            match check_loose_in(&object_dirs[i], oid, true)? {
                Loose::Complete => None,
                damage => Some((oid, damage)),
            }
        })
        .collect();
    found.sort_unstable_by_key(|&(oid, _)| oid);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn deflate(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn truncated_loose_objects_are_recognised() {
        let body: Vec<u8> = (0..5000u32).flat_map(|i| i.to_le_bytes()).collect();
        let mut object = format!("blob {}\0", body.len()).into_bytes();
        object.extend_from_slice(&body);
        let full = deflate(&object);
        let check =
            |bytes: &[u8], blobs| check_loose_stream(bytes, bytes.len() as u64, blobs, None);
        assert_eq!(check(&full, true), Loose::Complete);
        // The regression input of fuzz/history: cut inside the stream, after the header.
        assert_eq!(check(&full[..full.len() / 2], true), Loose::TruncatedBlob);
        assert_eq!(check(&full[..full.len() / 2], false), Loose::Complete);
        let mut tree = b"tree 100\0".to_vec();
        tree.extend_from_slice(&[7u8; 10]);
        assert_eq!(check(&deflate(&tree), false), Loose::Truncated);
        // Not zlib, or a bad header: libgit2 reports those itself.
        // ('n' = 0x6e: a pack-like header of type 6, which only git2's header read chokes on.)
        assert_eq!(check(b"not zlib at all", true), Loose::BadType);
        assert_eq!(check(&deflate(b"blob x\0abc"), true), Loose::Complete);
        // Cut inside the header: even a blob's header read never returns.
        let commit = deflate(b"commit 200\0tree 0123456789");
        assert_eq!(check(&commit[..4], false), Loose::Truncated);
        // fuzz/history: a small object (under libgit2's 64-byte header read) whose stream lacks
        // only its end (input `26 29 61 15 c4 00`): all the bytes inflate, the stream never ends.
        let small = deflate(b"blob 5\0hello");
        // (One byte is too short for a zlib header: libgit2 reads it as pack-like, type 7.)
        for cut in 2..small.len() {
            let found = check(&small[..cut], false);
            assert!(
                matches!(found, Loose::Truncated | Loose::TruncatedBlob),
                "cut at {cut}: {found:?}"
            );
            let found = check(&small[..cut], true);
            assert!(
                matches!(found, Loose::Truncated | Loose::TruncatedBlob),
                "cut at {cut}: {found:?}"
            );
        }
        assert_eq!(check(&small, false), Loose::Complete);
        // fuzz/history: the first byte flipped, so libgit2 reads the file as a "pack-like" loose
        // object (input `00 00 00 00 23 ..`): its zlib stream cut short hangs libgit2 too.
        let mut packlike = vec![0x1b]; // type 1 (commit), size 11
        packlike.extend_from_slice(&deflate(b"tree abcdef"));
        assert_eq!(check(&packlike, false), Loose::Complete);
        // (Cut after its 11 bytes inflate, libgit2 stops reading: only shorter cuts hang.)
        for cut in 1..9 {
            assert_eq!(
                check(&packlike[..cut], false),
                Loose::Truncated,
                "cut at {cut}"
            );
        }
        // A pack-like blob's header is read without inflating; its content only when scanned.
        packlike[0] = 0x3b;
        assert_eq!(check(&packlike[..4], false), Loose::Complete);
        assert_eq!(check(&packlike[..4], true), Loose::Truncated);
        // A one-byte file is pack-like for libgit2 (no room for a zlib header).
        assert_eq!(check(&[0x15], false), Loose::Truncated);
        // fuzz/history: a one-byte pack-like "blob" of size 0 where a tree was: no stream at all,
        // and libgit2 (reading it as a tree, whole) waits for one forever.
        assert_eq!(check(&[0x30], true), Loose::Truncated);
        // fuzz/history (input `65 0a d9 32 ff 60 d4 48`): a pack-like header of type 6 (a delta,
        // never loose), which git2's header read panics on.
        assert_eq!(check(&[0x6b, 0x78, 0x9c], false), Loose::BadType);
        // fuzz/history (input `00 00 01 00 00 ff ff ..`): a size no file this small can hold;
        // libgit2 would allocate it before inflating anything.
        let mut huge = vec![0x9f, 0xff, 0xff, 0xff, 0x7f]; // commit, about 2^32 bytes
        huge.extend_from_slice(&deflate(b"tree abcdef"));
        assert_eq!(check(&huge, false), Loose::Oversized);
        assert_eq!(
            check(&deflate(b"commit 99999999\0tree"), false),
            Loose::Oversized
        );
        // A big blob cut after libgit2's header read: only a scan of its content would hang.
        assert_eq!(check(&full[..full.len() - 3], false), Loose::Complete);
        assert_eq!(check(&full[..full.len() - 3], true), Loose::TruncatedBlob);
    }
}
