//! Pack index checks before libgit2 reads a repository.
//!
//! libgit2 1.9 trusts a pack index (`.idx`): an entry whose offset points past the end of its
//! packfile makes it read outside the mapped file and crash (found by `fuzz/history`), and an
//! entry that points into the middle of an object makes git2 panic on the object type it reads
//! there. git itself dies on such an index too ("broken .idx?"). So a scan checks every index of
//! the repository (and of its alternates) first: its trailing SHA-1 (any flipped or lost byte),
//! its layout, and that every offset lies inside its packfile. A bad index ends the scan with a
//! message naming the file; flipped bytes inside a packfile are libgit2's to report, object by
//! object, as warnings.
//!
//! # Resource usage
//!
//! Reads each index once, streaming (about 28 bytes per object: 28 MB for a million objects),
//! plus one `stat` of each packfile.

use std::io::Read;
use std::path::{Path, PathBuf};

use git2::Repository;
use sha1::{Digest, Sha1};

use super::repo::{objects_dir, GitError};

const HASH: usize = 20;
const FANOUT: usize = 256 * 4;
/// `\377tOc`, then version 2.
const V2_MAGIC: [u8; 4] = [0xff, b't', b'O', b'c'];
/// Alternates of alternates are followed this deep (as libgit2 does).
const MAX_ALTERNATE_DEPTH: usize = 5;

/// A pack index that libgit2 must not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadIndex {
    pub(crate) path: PathBuf,
    pub(crate) reason: String,
}

/// Checks every pack index under `objects` (a repository's object directory) and its
/// alternates; the first bad one, if any.
pub(crate) fn first_bad_index(objects: &Path) -> Option<BadIndex> {
    let mut dirs = vec![(objects.to_path_buf(), 0)];
    let mut seen = Vec::new();
    while let Some((dir, depth)) = dirs.pop() {
        if seen.contains(&dir) {
            continue;
        }
        if let Some(bad) = check_dir(&dir) {
            return Some(bad);
        }
        if depth < MAX_ALTERNATE_DEPTH {
            dirs.extend(alternates(&dir).into_iter().map(|d| (d, depth + 1)));
        }
        seen.push(dir);
    }
    None
}

fn check_dir(objects: &Path) -> Option<BadIndex> {
    let Ok(entries) = std::fs::read_dir(objects.join("pack")) else {
        return None;
    };
    let mut idx: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "idx"))
        .collect();
    idx.sort();
    idx.into_iter().find_map(|path| {
        let pack = path.with_extension("pack");
        // An index without its pack is ignored by libgit2 (a repack in progress, say).
        let pack_len = std::fs::metadata(&pack).ok()?.len();
        let reason = match std::fs::File::open(&path) {
            Ok(f) => check_index(std::io::BufReader::new(f), pack_len).err()?,
            Err(e) => format!("cannot read it: {e}"),
        };
        Some(BadIndex { path, reason })
    })
}

/// The directories listed in `objects/info/alternates` (relative ones are relative to
/// `objects`; `#` starts a comment line).
fn alternates(objects: &Path) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(objects.join("info").join("alternates")) else {
        return Vec::new();
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| objects.join(l))
        .collect()
}

/// Checks one pack index (version 1 or 2) against the length of its packfile.
fn check_index(mut r: impl Read, pack_len: u64) -> Result<(), String> {
    let mut hasher = Sha1::new();
    let mut read = |buf: &mut [u8], hash: bool| -> Result<(), String> {
        r.read_exact(buf).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => "the file is truncated".to_string(),
            _ => format!("cannot read it: {e}"),
        })?;
        if hash {
            hasher.update(&*buf);
        }
        Ok(())
    };
    let mut head = [0u8; 8];
    read(&mut head, true)?;
    let v2 = head[..4] == V2_MAGIC;
    if v2 && head[4..] != [0, 0, 0, 2] {
        return Err(format!(
            "unsupported index version {}",
            u32::from_be_bytes([head[4], head[5], head[6], head[7]])
        ));
    }
    let mut fanout = vec![0u8; FANOUT];
    if v2 {
        read(&mut fanout, true)?;
    } else {
        fanout[..8].copy_from_slice(&head);
        read(&mut fanout[8..], true)?;
    }
    let mut count = 0u32;
    for chunk in fanout.chunks_exact(4) {
        let n = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        if n < count {
            return Err("its fan-out table is not sorted".into());
        }
        count = n;
    }
    let n = count as usize;
    // The smallest object (a 1-byte header and an empty zlib stream) needs a few bytes: an index
    // claiming more objects than its pack could hold is corrupt (and would make us allocate).
    if count as u64 > pack_len {
        return Err(format!(
            "it lists {count} objects, more than its {pack_len}-byte packfile can hold"
        ));
    }
    // Entries end before the pack's trailing checksum, after its 12-byte header.
    let end = pack_len.saturating_sub(HASH as u64);
    let bad_offset = |i: usize, off: u64| {
        format!("entry {i} points at offset {off}, outside its {pack_len}-byte packfile")
    };
    let mut large = Vec::new();
    const CHUNK: usize = 64 * 1024;
    let mut buf = vec![0u8; CHUNK * 24];
    if v2 {
        // Ids, then CRCs: hashed only.
        let mut left = n * (HASH + 4);
        while left > 0 {
            let k = left.min(buf.len());
            read(&mut buf[..k], true)?;
            left -= k;
        }
        let mut i = 0;
        while i < n {
            let k = (n - i).min(CHUNK);
            read(&mut buf[..k * 4], true)?;
            for (j, c) in buf[..k * 4].chunks_exact(4).enumerate() {
                let off = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
                if off & 0x8000_0000 != 0 {
                    large.push((i + j, (off & 0x7fff_ffff) as usize));
                } else if !(12..end).contains(&(off as u64)) {
                    return Err(bad_offset(i + j, off as u64));
                }
            }
            i += k;
        }
        // A large-offset slot past the object count cannot be sound (and would make us allocate).
        if let Some(&(i, _)) = large.iter().find(|&&(_, k)| k >= n) {
            return Err(format!("entry {i} points past its large-offset table"));
        }
        let want = large.iter().map(|&(_, k)| k + 1).max().unwrap_or(0);
        let mut table = vec![0u8; want * 8];
        read(&mut table, true)?;
        for &(i, k) in &large {
            let c = &table[k * 8..k * 8 + 8];
            let off = u64::from_be_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            if !(12..end).contains(&off) {
                return Err(bad_offset(i, off));
            }
        }
    } else {
        let mut i = 0;
        while i < n {
            let k = (n - i).min(CHUNK);
            read(&mut buf[..k * (4 + HASH)], true)?;
            for (j, c) in buf[..k * (4 + HASH)].chunks_exact(4 + HASH).enumerate() {
                let off = u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as u64;
                if !(12..end).contains(&off) {
                    return Err(bad_offset(i + j, off));
                }
            }
            i += k;
        }
    }
    // The rest: (unused large offsets,) the pack's checksum, then the index's own checksum,
    // which covers everything before it. Streamed: only the last 20 bytes are held back.
    let mut tail: Vec<u8> = Vec::with_capacity(HASH);
    let mut rest_len = 0u64;
    loop {
        let k = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read it: {e}")),
        };
        rest_len += k as u64;
        tail.extend_from_slice(&buf[..k]);
        if tail.len() > HASH {
            let cut = tail.len() - HASH;
            hasher.update(&tail[..cut]);
            tail.drain(..cut);
        }
    }
    let extra = rest_len.checked_sub(2 * HASH as u64);
    let sized = match extra {
        Some(x) if v2 => x % 8 == 0 && x / 8 <= n as u64,
        Some(x) => x == 0,
        None => false,
    };
    if !sized {
        return Err("its size does not match the number of objects it lists".into());
    }
    if hasher.finalize().as_slice() != tail.as_slice() {
        return Err("its checksum does not match its content (flipped or lost bytes)".into());
    }
    Ok(())
}

/// Refuses a repository with a pack index that libgit2 cannot read safely (see the
/// module docs): git itself gives up on such a repository.
pub(crate) fn refuse_bad_pack_index(repo: &Repository) -> Result<(), GitError> {
    match first_bad_index(&objects_dir(repo)) {
        None => Ok(()),
        Some(bad) => Err(GitError::Read {
            what: format!("{}: corrupt pack index", bad.path.display()),
            message: format!(
                "{}; `git fsck` reports the damage: restore the pack from another clone, or \
                 rebuild the index with `git index-pack` on its packfile",
                bad.reason
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version 2 index of `offsets` (ids and CRCs zero) for a pack of `pack_len` bytes.
    fn v2(offsets: &[u64], pack_len: u64) -> (Vec<u8>, u64) {
        let mut out = V2_MAGIC.to_vec();
        out.extend_from_slice(&2u32.to_be_bytes());
        for _ in 0..256 {
            out.extend_from_slice(&(offsets.len() as u32).to_be_bytes());
        }
        out.extend(std::iter::repeat_n(0u8, offsets.len() * (HASH + 4)));
        let mut large = Vec::new();
        for &o in offsets {
            if o >= 0x8000_0000 {
                out.extend_from_slice(&(0x8000_0000u32 | large.len() as u32).to_be_bytes());
                large.push(o);
            } else {
                out.extend_from_slice(&(o as u32).to_be_bytes());
            }
        }
        for o in large {
            out.extend_from_slice(&o.to_be_bytes());
        }
        out.extend_from_slice(&[7u8; HASH]);
        let sum = Sha1::digest(&out);
        out.extend_from_slice(&sum);
        (out, pack_len)
    }

    fn check(bytes: &[u8], pack_len: u64) -> Result<(), String> {
        check_index(bytes, pack_len)
    }

    #[test]
    fn a_sound_index_passes() {
        let (idx, len) = v2(&[12, 40, 90], 200);
        assert_eq!(check(&idx, len), Ok(()));
        let (idx, len) = v2(&[12, 0x1_0000_0000], 0x2_0000_0000);
        assert_eq!(check(&idx, len), Ok(()));
    }

    #[test]
    fn an_offset_past_the_pack_is_refused() {
        let (idx, len) = v2(&[12, 7_602_794], 926);
        let err = check(&idx, len).unwrap_err();
        assert!(err.contains("entry 1 points at offset 7602794"), "{err}");
        let (idx, len) = v2(&[12, 0x1_0000_0000], 926);
        assert!(check(&idx, len).unwrap_err().contains("entry 1"));
    }

    #[test]
    fn a_flipped_byte_fails_the_checksum() {
        let (mut idx, len) = v2(&[12, 40, 90], 200);
        // An id byte: the layout is still sound, only the checksum tells.
        idx[8 + FANOUT + 3] ^= 0x10;
        let err = check(&idx, len).unwrap_err();
        assert!(err.contains("checksum"), "{err}");
    }

    #[test]
    fn truncation_and_bad_layouts_are_refused() {
        let (idx, len) = v2(&[12, 40, 90], 200);
        for cut in [0, 5, 8 + FANOUT - 1, idx.len() - 1] {
            assert!(check(&idx[..cut], len).is_err(), "cut at {cut}");
        }
        let (mut idx, len) = v2(&[12, 40, 90], 200);
        idx[8 + 4 * 10 + 3] = 9; // fan-out no longer sorted
        assert!(check(&idx, len).unwrap_err().contains("fan-out"));
        let (mut idx, len) = v2(&[12], 200);
        idx[7] = 3;
        assert!(check(&idx, len).unwrap_err().contains("version 3"));
    }

    #[test]
    fn a_huge_object_count_is_refused_before_allocating() {
        let (mut idx, _) = v2(&[12], 200);
        let at = 8 + FANOUT - 4;
        idx[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(check(&idx, 200).unwrap_err().contains("objects"));
    }
}
