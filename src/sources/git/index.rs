//! A read-only reader of git's index file and a comparison of it with HEAD's tree that skips
//! every directory the index's cached tree says is unchanged: the fast path of a staged scan.
//!
//! libgit2 reads the whole index into allocated entries (verifying its SHA-1 with collision
//! detection) and walks all of HEAD's tree to diff it: most of a pre-commit hook's time on a large
//! index (measured: docs/performance.md). Here the index is read in place, and the cache-tree
//! extension (`TREE`, which git keeps up to date for every directory a commit did not touch)
//! lets the comparison read only the trees of the directories that changed.
//!
//! Only the plain case is handled; everything else returns `None` and the caller uses libgit2:
//! - index versions 2 to 4 without a split index (`link`) or sparse directories (`sdir`), no
//!   unknown required extension, a valid checksum;
//! - no conflict stages, no intent-to-add entries, only the modes git writes today;
//! - no file of HEAD missing from the index or changed in kind (file, symbolic link, submodule,
//!   directory): a deletion or a type change may be half of a rename, which only libgit2's
//!   similarity search can pair.

use git2::{Oid, Repository, Tree};
use sha1::{Digest, Sha1};
use std::collections::HashMap;

/// A staged blob that differs from HEAD: its path, its blob, and the HEAD blob it replaces
/// (`None`: a new file, or one that was not a regular file at HEAD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) path: Vec<u8>,
    pub(crate) oid: Oid,
    pub(crate) old: Option<Oid>,
}

const MODE_FILE: u32 = 0o100644;
const MODE_EXEC: u32 = 0o100755;
const MODE_LINK: u32 = 0o120000;
const MODE_GITLINK: u32 = 0o160000;
const MODE_TREE: u32 = 0o040000;

struct Entry {
    /// The path's range in `Index::names`.
    path: (u32, u32),
    mode: u32,
    oid: Oid,
}

struct Index<'a> {
    names: Vec<u8>,
    entries: Vec<Entry>,
    cache: CacheNode<'a>,
}

impl Index<'_> {
    fn path(&self, e: &Entry) -> &[u8] {
        &self.names[e.path.0 as usize..e.path.1 as usize]
    }
}

/// A node of the cache tree: a directory's tree oid when git knows it is current.
#[derive(Default)]
struct CacheNode<'a> {
    oid: Option<Oid>,
    children: HashMap<&'a [u8], CacheNode<'a>>,
}

/// The staged changes (new and modified regular files), in path order, or `None` when this
/// index or this change is not one the fast path handles (see the module docs).
pub(crate) fn staged_changes(repo: &Repository, head: Option<&Tree<'_>>) -> Option<Vec<Change>> {
    if std::env::var_os("GIT_INDEX_FILE").is_some() {
        return None;
    }
    let bytes = std::fs::read(repo.path().join("index")).ok()?;
    let index = parse(&bytes)?;
    let mut out = Vec::new();
    let (head, cache) = (head.map(Tree::id), Some(&index.cache));
    diff_dir(repo, &index, 0, head, cache, &index.entries, &mut out, 0)?;
    Some(out)
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

/// The index's entries and cache tree, or `None` for anything the fast path does not handle.
fn parse(bytes: &[u8]) -> Option<Index<'_>> {
    if bytes.len() < 12 + 20 || &bytes[..4] != b"DIRC" {
        return None;
    }
    let body = bytes.len() - 20;
    let trailer = &bytes[body..];
    // index.skipHash writes a zero trailer.
    if trailer.iter().any(|&b| b != 0) && Sha1::digest(&bytes[..body])[..] != *trailer {
        return None;
    }
    let version = be32(bytes, 4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = be32(bytes, 8)? as usize;
    let mut index = Index {
        names: Vec::with_capacity(body),
        entries: Vec::with_capacity(count.min(body / 62)),
        cache: CacheNode::default(),
    };
    let mut at = 12;
    let mut prev = (0u32, 0u32);
    for _ in 0..count {
        let start = at;
        let mode = be32(bytes, start + 24)?;
        let oid = Oid::from_bytes(bytes.get(start + 40..start + 60)?).ok()?;
        let flags = be16(bytes, start + 60)?;
        let mut fixed = 62;
        if flags & 0x4000 != 0 {
            // Intent-to-add (bit 13) and anything unknown: leave it to libgit2. Skip-worktree
            // (bit 14) entries are still in the commit.
            if version < 3 || be16(bytes, start + 62)? & !(1 << 14) != 0 {
                return None;
            }
            fixed = 64;
        }
        // Conflict stages, sparse directory entries, modes git does not write.
        if (flags >> 12) & 3 != 0 || !matches!(kind(mode), Kind::File | Kind::Link | Kind::Gitlink)
        {
            return None;
        }
        let name_at = start + fixed;
        let from = index.names.len();
        if version == 4 {
            // The path is the previous one cut by a varint count, plus a NUL-ended suffix.
            let (strip, n) = varint(bytes.get(name_at..body)?)?;
            let rest = bytes.get(name_at + n..body)?;
            let nul = memchr::memchr(0, rest)?;
            let keep = (prev.1 - prev.0).checked_sub(u32::try_from(strip).ok()?)?;
            index
                .names
                .extend_from_within(prev.0 as usize..(prev.0 + keep) as usize);
            index.names.extend_from_slice(&rest[..nul]);
            at = name_at + n + nul + 1;
        } else {
            let nul = memchr::memchr(0, bytes.get(name_at..body)?)?;
            index
                .names
                .extend_from_slice(&bytes[name_at..name_at + nul]);
            // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
            at = start + ((fixed + nul + 8) & !7);
        }
        if at > body || index.names.len() > MAX_NAMES {
            return None;
        }
        let path = (
            u32::try_from(from).ok()?,
            u32::try_from(index.names.len()).ok()?,
        );
        // git writes entries sorted by path, once each, and refuses an index that is not.
        let name = |(a, b): (u32, u32)| &index.names[a as usize..b as usize];
        if !index.entries.is_empty() && name(prev) >= name(path) {
            return None;
        }
        prev = path;
        index.entries.push(Entry { path, mode, oid });
    }
    while at < body {
        let sig = bytes.get(at..at + 4)?;
        let len = be32(bytes, at + 4)? as usize;
        let end = (at + 8).checked_add(len).filter(|&e| e <= body)?;
        match sig {
            b"TREE" => index.cache = parse_tree(&bytes[at + 8..end])?,
            // Optional extensions start with a capital letter; a required one (split index
            // `link`, sparse `sdir`) changes what the entries mean.
            s if s[0].is_ascii_uppercase() => {}
            _ => return None,
        }
        at = end;
    }
    Some(index)
}

/// git's offset varint: each continuation byte adds one before shifting.
fn varint(b: &[u8]) -> Option<(u64, usize)> {
    let mut i = 0;
    let mut c = *b.first()?;
    let mut value = u64::from(c & 0x7f);
    while c & 0x80 != 0 {
        i += 1;
        c = *b.get(i)?;
        value = value.checked_add(1)?.checked_mul(128)? | u64::from(c & 0x7f);
    }
    Some((value, i + 1))
}

/// The cache-tree extension: nodes in pre-order, each `path NUL entries SP subtrees LF [oid]`;
/// a node with `-1` entries is out of date and has no oid.
fn parse_tree(data: &[u8]) -> Option<CacheNode<'_>> {
    let mut at = 0;
    let (name, root) = parse_node(data, &mut at, 0)?;
    name.is_empty().then_some(root)
}

fn parse_node<'a>(
    data: &'a [u8],
    at: &mut usize,
    depth: usize,
) -> Option<(&'a [u8], CacheNode<'a>)> {
    if depth > 4096 {
        return None;
    }
    let rest = data.get(*at..)?;
    let nul = memchr::memchr(0, rest)?;
    let name = &rest[..nul];
    let line = &rest[nul + 1..];
    let lf = memchr::memchr(b'\n', line)?;
    let header = std::str::from_utf8(&line[..lf]).ok()?;
    let (entries, subtrees) = header.split_once(' ')?;
    let entries: i64 = entries.parse().ok()?;
    let subtrees: usize = subtrees.parse().ok()?;
    *at += nul + 1 + lf + 1;
    let mut node = CacheNode::default();
    if entries >= 0 {
        node.oid = Some(Oid::from_bytes(data.get(*at..*at + 20)?).ok()?);
        *at += 20;
    }
    for _ in 0..subtrees {
        let (child_name, child) = parse_node(data, at, depth + 1)?;
        node.children.insert(child_name, child);
    }
    Some((name, node))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Link,
    Gitlink,
    Tree,
    /// A mode git does not write today (old git wrote `100664`): left to libgit2.
    Other,
}

fn kind(mode: u32) -> Kind {
    match mode {
        MODE_FILE | MODE_EXEC => Kind::File,
        MODE_LINK => Kind::Link,
        MODE_GITLINK => Kind::Gitlink,
        MODE_TREE => Kind::Tree,
        _ => Kind::Other,
    }
}

/// The most path bytes an index may hold here (a version 4 index can describe paths far longer
/// than itself).
const MAX_NAMES: usize = 256 << 20;

/// Directories nested deeper than this are left to libgit2 (one stack frame each here).
const MAX_DEPTH: usize = 1024;

/// Compares `entries` (the index entries under the directory whose path is `prefix` bytes of
/// each, `depth` directories down) with HEAD's tree `head` for that directory, appending the
/// changes; `None` hands the whole comparison to libgit2.
#[allow(clippy::too_many_arguments)]
fn diff_dir(
    repo: &Repository,
    index: &Index<'_>,
    prefix: usize,
    head: Option<Oid>,
    cache: Option<&CacheNode<'_>>,
    entries: &[Entry],
    out: &mut Vec<Change>,
    depth: usize,
) -> Option<()> {
    if depth > MAX_DEPTH {
        return None;
    }
    // Unchanged since HEAD, as the cache tree says: nothing to read.
    if head.is_some() && head == cache.and_then(|c| c.oid) {
        return Some(());
    }
    let tree = match head {
        Some(oid) => Some(repo.find_tree(oid).ok()?),
        None => None,
    };
    // HEAD's entries of this directory, by name: (mode, oid).
    let listed: Vec<_> = tree
        .as_ref()
        .map(|t| t.iter().collect())
        .unwrap_or_default();
    let mut at_head: HashMap<&[u8], (u32, Oid)> = listed
        .iter()
        .map(|e: &git2::TreeEntry<'_>| (e.name_bytes(), (e.filemode_raw() as u32, e.id())))
        .collect();
    let mut i = 0;
    while i < entries.len() {
        let path = index.path(&entries[i]);
        let rel = &path[prefix..];
        let Some(slash) = memchr::memchr(b'/', rel) else {
            let e = &entries[i];
            i += 1;
            let new = kind(e.mode);
            match at_head.remove(rel) {
                None if new == Kind::File => out.push(Change {
                    path: path.to_vec(),
                    oid: e.oid,
                    old: None,
                }),
                None => {}
                Some((mode, oid)) => {
                    // A change of kind (file, symbolic link, submodule, directory) is a type
                    // change, which libgit2 may pair with an added file as a rename; a mode
                    // git no longer writes, libgit2 reports as a change of its own.
                    let old = kind(mode);
                    if old != new || old == Kind::Other {
                        return None;
                    }
                    if new == Kind::File && oid != e.oid {
                        out.push(Change {
                            path: path.to_vec(),
                            oid: e.oid,
                            old: Some(oid),
                        });
                    }
                }
            }
            continue;
        };
        let name = &rel[..slash];
        let dir = &path[..prefix + slash + 1];
        let end = i + entries[i..]
            .iter()
            .position(|e| !index.path(e).starts_with(dir))
            .unwrap_or(entries.len() - i);
        let subtree = match at_head.remove(name) {
            None => None,
            Some((m, oid)) if kind(m) == Kind::Tree => Some(oid),
            // A file became a directory: the file is gone.
            Some(_) => return None,
        };
        diff_dir(
            repo,
            index,
            dir.len(),
            subtree,
            cache.and_then(|c| c.children.get(name)),
            &entries[i..end],
            out,
            depth + 1,
        )?;
        i = end;
    }
    // What HEAD has here that the index does not: deletions (submodules aside).
    if at_head.values().any(|&(m, _)| kind(m) != Kind::Gitlink) {
        return None;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::{git, write};

    /// A real index (version `version`) with nested directories and a cache tree.
    fn real_index(version: &str) -> Vec<u8> {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        git(d, &["init", "-q"]);
        for p in ["a/b/c.txt", "a/d.txt", "e.txt", "f/g/h/i.txt"] {
            write(d, p, "x\n");
        }
        git(d, &["add", "-A"]);
        git(d, &["commit", "-q", "-m", "one"]);
        git(d, &["update-index", "--index-version", version]);
        std::fs::read(d.join(".git/index")).unwrap()
    }

    fn reseal(bytes: &mut [u8]) {
        let body = bytes.len() - 20;
        let sum = Sha1::digest(&bytes[..body]);
        bytes[body..].copy_from_slice(&sum);
    }

    #[test]
    fn reads_real_indexes_with_their_cache_tree() {
        for version in ["2", "3", "4"] {
            let bytes = real_index(version);
            let index = parse(&bytes).expect("a plain index is read");
            let paths: Vec<&[u8]> = index.entries.iter().map(|e| index.path(e)).collect();
            assert_eq!(
                paths,
                [&b"a/b/c.txt"[..], b"a/d.txt", b"e.txt", b"f/g/h/i.txt"],
                "version {version}"
            );
            assert!(index.cache.oid.is_some(), "version {version}");
            assert!(index.cache.children[&b"f"[..]].children[&b"g"[..]]
                .oid
                .is_some());
        }
    }

    #[test]
    fn a_bad_checksum_is_left_to_libgit2() {
        let mut bytes = real_index("2");
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert!(parse(&bytes).is_none());
    }

    /// Every byte of real indexes changed (and the checksum made to fit, as a hostile or buggy
    /// writer would), and every prefix: the reader returns something or nothing, never panics.
    #[test]
    fn damaged_indexes_never_panic() {
        for version in ["2", "3", "4"] {
            let original = real_index(version);
            for at in 0..original.len() - 20 {
                for value in [0x00, 0xff, original[at] ^ 0x80, b'/', b'\n', b'-'] {
                    let mut bytes = original.clone();
                    bytes[at] = value;
                    reseal(&mut bytes);
                    let _ = parse(&bytes);
                }
            }
            for len in 0..original.len() {
                let mut bytes = original[..len].to_vec();
                if bytes.len() >= 32 {
                    reseal(&mut bytes);
                }
                let _ = parse(&bytes);
            }
        }
    }
}
