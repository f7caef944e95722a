//! `--config-from-base REF`: a CI gate takes the config and the ignore files from the base
//! branch's tree, not from the pull request it scans (whose own config could allowlist
//! everything). The files are copied out of REF's tree into a directory of their own (never
//! into the repository), which the scan then uses as the root it finds its config and ignore
//! files in; `[extend] path` chains are followed inside REF's tree.

use std::path::{Component, Path, PathBuf};

use git2::{Oid, Tree};

use super::ScanError;
use crate::confine::{MAX_CONFIG_BYTES, MAX_IGNORE_BYTES};
use crate::sources::git::{self as gitsrc, GitError, HeaderReader};

/// The files a scan's root holds that decide what it reports, and their size bounds.
const FILES: [(&str, u64); 4] = [
    (".leakhound.toml", MAX_CONFIG_BYTES),
    (".gitleaks.toml", MAX_CONFIG_BYTES),
    (".leakhoundignore", MAX_IGNORE_BYTES),
    (".gitleaksignore", MAX_IGNORE_BYTES),
];

/// How deep `[extend] path` chains are followed (the loader refuses deeper ones).
const MAX_EXTEND: usize = 5;

/// A directory holding REF's config and ignore files, removed when dropped.
#[derive(Debug)]
pub(super) struct BaseFiles {
    dir: PathBuf,
}

impl BaseFiles {
    pub(super) fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for BaseFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Copies the config and ignore files of `rev`'s tree (in the repository at `repo`) out.
pub(super) fn materialize(repo: Option<&Path>, rev: &str) -> Result<BaseFiles, ScanError> {
    let repo = gitsrc::open(repo)?;
    let bad = |message: String| GitError::Read {
        what: format!("--config-from-base {rev}"),
        message,
    };
    let tree = repo
        .revparse_single(rev)
        .and_then(|o| o.peel_to_tree())
        .map_err(|e| bad(gitsrc::message(&e)))?;
    let headers =
        HeaderReader::open(&gitsrc::objects_dir(&repo)).map_err(|e| bad(gitsrc::message(&e)))?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("leakhound-base-{}-{stamp}", std::process::id()));
    std::fs::create_dir(&dir).map_err(|e| bad(format!("{}: {e}", dir.display())))?;
    let files = BaseFiles { dir };
    let read = |rel: &Path, max: u64| -> Result<Option<Vec<u8>>, GitError> {
        let Some(oid) = blob_at(&tree, rel) else {
            return Ok(None);
        };
        match gitsrc::with_blob(&repo, &headers, None, oid, max, false, <[u8]>::to_vec) {
            Ok(Ok(bytes)) => Ok(Some(bytes)),
            Ok(Err(_)) => Err(bad(format!(
                "{}: larger than the bound for such a file, or binary",
                rel.display()
            ))),
            Err(e) => Err(bad(format!("{}: {}", rel.display(), gitsrc::message(&e)))),
        }
    };
    let write = |rel: &Path, bytes: &[u8]| -> Result<(), GitError> {
        let to = files.dir.join(rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| bad(e.to_string()))?;
        }
        std::fs::write(&to, bytes).map_err(|e| bad(e.to_string()))
    };
    let mut config = None;
    for (name, max) in FILES {
        if let Some(bytes) = read(Path::new(name), max)? {
            write(Path::new(name), &bytes)?;
            if name.ends_with(".toml") && config.is_none() {
                config = Some((PathBuf::from(name), bytes));
            }
        }
    }
    // The files the config extends, inside the tree.
    for _ in 0..MAX_EXTEND {
        let Some((at, bytes)) = config.take() else {
            break;
        };
        let Some(next) = extend_path(&bytes) else {
            break;
        };
        let Some(rel) = inside(&at.parent().unwrap_or(Path::new("")).join(next)) else {
            break; // outside the tree: the loader refuses it by name
        };
        if let Some(bytes) = read(&rel, MAX_CONFIG_BYTES)? {
            write(&rel, &bytes)?;
            config = Some((rel, bytes));
        }
    }
    Ok(files)
}

/// The blob at `rel` in `tree`, if there is one.
fn blob_at(tree: &Tree<'_>, rel: &Path) -> Option<Oid> {
    let entry = tree.get_path(rel).ok()?;
    (entry.kind() == Some(git2::ObjectType::Blob)).then(|| entry.id())
}

/// A config's `[extend] path`, if it has one.
fn extend_path(bytes: &[u8]) -> Option<String> {
    let value: toml::Value = toml::from_str(std::str::from_utf8(bytes).ok()?).ok()?;
    Some(value.get("extend")?.get("path")?.as_str()?.to_string())
}

/// `path` with `.` and `..` resolved, if it stays inside the tree (relative, never above it).
fn inside(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extend_paths_stay_in_the_tree() {
        assert_eq!(
            inside(Path::new("a/../b.toml")),
            Some(PathBuf::from("b.toml"))
        );
        assert_eq!(inside(Path::new("../b.toml")), None);
        assert_eq!(inside(Path::new("/etc/passwd")), None);
        assert_eq!(
            extend_path(b"[extend]\npath = \"base/x.toml\"\n").as_deref(),
            Some("base/x.toml")
        );
        assert_eq!(extend_path(b"[[rules]]\nid = 'x'\n"), None);
    }
}
