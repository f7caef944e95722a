//! The file system walk: `.gitignore`/`.ignore` honoured (also outside a git repository), dotfiles
//! scanned, `.git/` skipped, only regular files read.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use super::{display_path, BlobRef};

/// What the walk does.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Do not honour `.gitignore`, `.ignore` and git's excludes.
    pub no_ignore: bool,
    /// Follow symbolic links (loops are detected and reported).
    pub follow_symlinks: bool,
}

/// The files to scan, and what the walk skipped or could not read.
#[derive(Debug, Default)]
pub struct Walked {
    pub blobs: Vec<BlobRef>,
    /// FIFOs, sockets, devices: never opened.
    pub special: u64,
    pub warnings: Vec<String>,
}

/// Walks `root` (a directory or a file). The caller has checked that it exists.
pub fn walk(root: &Path, opts: &WalkOptions, out: &mut Walked, seen: &mut HashSet<(u64, u64)>) {
    let mut builder = WalkBuilder::new(root);
    let honour = !opts.no_ignore;
    builder
        .hidden(false)
        .ignore(honour)
        .git_ignore(honour)
        .git_global(honour)
        .git_exclude(honour)
        .parents(honour)
        .require_git(false)
        .follow_links(opts.follow_symlinks)
        .filter_entry(|e| e.file_name() != ".git");
    let root_is_file = root.is_file();
    for entry in builder.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                out.warnings.push(walk_error(&err));
                continue;
            }
        };
        let Some(ft) = entry.file_type() else {
            continue;
        };
        if ft.is_dir() || ft.is_symlink() {
            continue;
        }
        if !ft.is_file() {
            out.special += 1;
            continue;
        }
        let meta = match entry.metadata() {
            Ok(m) => m,
            Err(err) => {
                out.warnings.push(walk_error(&err));
                continue;
            }
        };
        if !seen.insert(file_id(&meta, entry.path())) {
            continue;
        }
        let path = entry.path().to_path_buf();
        let display = display_path(&path);
        let rel = if root_is_file {
            display.clone()
        } else {
            path.strip_prefix(root)
                .map(display_path)
                .unwrap_or_else(|_| display.clone())
        };
        out.blobs.push(BlobRef::File {
            path,
            display,
            rel,
            size: meta.len(),
        });
    }
}

fn walk_error(err: &ignore::Error) -> String {
    // ignore's messages already name the path ("IO error for operation on X: ...").
    format!("skipped: {err}")
}

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata, _path: &Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn file_id(_meta: &std::fs::Metadata, path: &Path) -> (u64, u64) {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut h);
    (0, h.finish())
}

/// Opens a file for scanning without ever blocking on a FIFO that replaced it after the walk.
pub fn open(path: &PathBuf) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
}
