//! Git repositories as a source: opening one ([`repo`]), the history walk ([`history`]), the
//! staged changes ([`staged`], read from the index by [`index`]), and reading a blob for a scan
//! worker ([`odb`]), with the checks that keep libgit2 away from what it cannot survive
//! ([`loose`] objects, [`pack`] indexes).
//!
//! Everything here reads the local object database through libgit2, built without network
//! support: a missing object (a shallow or partial clone, a corrupt repository) is reported and
//! skipped, never fetched.

pub(crate) mod diff;
pub(crate) mod history;
pub(crate) mod index;
pub(crate) mod loose;
pub(crate) mod objects;
pub(crate) mod odb;
pub(crate) mod pack;
pub(crate) mod repo;
pub(crate) mod staged;

pub(crate) use loose::Damaged;
pub(crate) use odb::{with_blob, HeaderReader};
pub use repo::GitError;
pub(crate) use repo::{
    head_tree, is_partial_clone, message, missing_object, objects_dir, open, unreadable,
};
