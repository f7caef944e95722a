//! Object header reads that survive corrupt repositories.
//!
//! git2's `Odb::read_header` unwraps the object type libgit2 returns, and libgit2 returns
//! whatever type a corrupt pack entry or "pack-like" loose object header holds (0, 5, a delta
//! type): git2 panics (found by `fuzz/history`). This wrapper calls libgit2 directly and turns
//! such a type into an error. It is the crate's second exception to `deny(unsafe_code)`: three
//! FFI calls, on an object database handle this struct owns.
#![allow(unsafe_code)]

use std::ffi::CString;
use std::path::Path;

use git2::{ObjectType, Oid, Repository};
use libgit2_sys as raw;

use super::loose::{check_loose, Damaged, Loose};
use crate::sources::{is_binary, Skip};

/// A read-only handle on a repository's object database (its alternates included), for header
/// reads. One per scan worker: libgit2 shares the packfiles it maps among handles.
pub(crate) struct HeaderReader {
    odb: *mut raw::git_odb,
}

// SAFETY: libgit2 object databases may be used from any thread (git2's `Odb` is `Send` too);
// this handle is used by one worker at a time (`&self` reads are not shared across threads).
unsafe impl Send for HeaderReader {}

impl HeaderReader {
    /// Opens the object database in `objects` (a repository's `objects` directory).
    pub(crate) fn open(objects: &Path) -> Result<HeaderReader, git2::Error> {
        raw::init();
        let path = objects
            .to_str()
            .and_then(|p| CString::new(p).ok())
            .ok_or_else(|| git2::Error::from_str("the objects path is not valid UTF-8"))?;
        let mut odb = std::ptr::null_mut();
        // SAFETY: `odb` is a valid out-pointer and `path` a NUL-terminated string that outlives
        // the call; on success libgit2 hands us a handle we free in `Drop`.
        let rc = unsafe { raw::git_odb_open(&mut odb, path.as_ptr()) };
        if rc < 0 {
            return Err(git2::Error::last_error(rc));
        }
        Ok(HeaderReader { odb })
    }

    /// The size and type of object `oid`, read from its header (nothing is inflated but a
    /// loose object's first bytes and the headers of a packed delta chain).
    pub(crate) fn read(&self, oid: Oid) -> Result<(usize, ObjectType), git2::Error> {
        let mut size: libc::size_t = 0;
        let mut kind: raw::git_object_t = raw::GIT_OBJECT_ANY;
        let id = raw::git_oid {
            id: oid
                .as_bytes()
                .try_into()
                .map_err(|_| git2::Error::from_str("not a SHA-1 object id"))?,
        };
        // SAFETY: the out-pointers are valid for the call, `self.odb` is a live handle and `id`
        // outlives the call.
        let rc = unsafe { raw::git_odb_read_header(&mut size, &mut kind, self.odb, &id) };
        if rc < 0 {
            return Err(git2::Error::last_error(rc));
        }
        match ObjectType::from_raw(kind) {
            Some(k) if k != ObjectType::Any => Ok((size, k)),
            _ => Err(git2::Error::from_str(&format!(
                "corrupt object: its header names object type {kind}"
            ))),
        }
    }
}

/// Reads blob `oid` of `repo` for a scan: the size is checked in the object header first, so
/// a blob over `max` bytes is never inflated. `f` gets the content of a blob that is scanned.
/// `damaged`: what the check of every loose object before the scan found ([`super::loose::refuse_truncated`]);
/// without it, a loose blob is checked here first. With `archives`, an archive (binary as it
/// is) goes to `f` too.
pub(crate) fn with_blob<T>(
    repo: &Repository,
    headers: &HeaderReader,
    damaged: Option<&Damaged>,
    oid: Oid,
    max: u64,
    archives: bool,
    f: impl FnOnce(&[u8]) -> T,
) -> Result<Result<T, Skip>, git2::Error> {
    // The loose-object check comes first: libgit2 would hang on a cut stream (the header read
    // itself survives corrupt types: see [`HeaderReader`]).
    let problem = match damaged {
        Some(known) => known.get(&oid).copied(),
        None => check_loose(repo, oid, true),
    };
    if let Some(problem) = problem.and_then(Loose::problem) {
        return Err(git2::Error::from_str(&format!(
            "the loose object {problem}"
        )));
    }
    let (size, kind) = headers.read(oid)?;
    if kind != ObjectType::Blob {
        return Err(git2::Error::from_str(&format!(
            "expected a blob, found a {kind}"
        )));
    }
    if size as u64 > max {
        return Ok(Err(Skip::TooLarge));
    }
    let blob = repo.find_blob(oid)?;
    let content = blob.content();
    if is_binary(content) && !(archives && crate::sources::archive::detect(content).is_some()) {
        return Ok(Err(Skip::Binary));
    }
    Ok(Ok(f(content)))
}

impl Drop for HeaderReader {
    fn drop(&mut self) {
        // SAFETY: the handle came from `git_odb_open` and is freed once.
        unsafe { raw::git_odb_free(self.odb) }
    }
}
