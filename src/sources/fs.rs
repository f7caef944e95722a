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
///
/// The walk runs on as many threads as the scan (directory reads and `stat`s are most of its
/// time); its files are then sorted by path, so the order of the blobs, the choice among hard
/// links to one file (the first path wins) and the warnings do not depend on thread timing.
pub fn walk(root: &Path, opts: &WalkOptions, out: &mut Walked, seen: &mut HashSet<(u64, u64)>) {
    use std::sync::Mutex;
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
        .threads(rayon::current_num_threads())
        .filter_entry(|e| e.file_name() != ".git");
    let root_is_file = root.is_file();
    struct Found {
        files: Vec<(PathBuf, u64, (u64, u64))>,
        special: u64,
        warnings: Vec<String>,
    }
    let found = Mutex::new(Found {
        files: Vec::new(),
        special: 0,
        warnings: Vec::new(),
    });
    enum Item {
        File(PathBuf, u64, (u64, u64)),
        Special,
        Warning(String),
    }
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            // The `stat` runs outside the lock; only the push is under it.
            let item = match entry {
                Err(err) => Item::Warning(walk_error(&err)),
                Ok(entry) => match entry.file_type() {
                    None => return ignore::WalkState::Continue,
                    Some(ft) if ft.is_dir() || ft.is_symlink() => {
                        return ignore::WalkState::Continue
                    }
                    Some(ft) if !ft.is_file() => Item::Special,
                    Some(_) => match entry.metadata() {
                        Ok(meta) => {
                            let id = file_id(&meta, entry.path());
                            Item::File(entry.into_path(), meta.len(), id)
                        }
                        Err(err) => Item::Warning(walk_error(&err)),
                    },
                },
            };
            let mut f = found.lock().unwrap_or_else(|p| p.into_inner());
            match item {
                Item::File(path, size, id) => f.files.push((path, size, id)),
                Item::Special => f.special += 1,
                Item::Warning(w) => f.warnings.push(w),
            }
            ignore::WalkState::Continue
        })
    });
    let mut found = found.into_inner().unwrap_or_else(|p| p.into_inner());
    // By bytes, not by path components (those comparisons were 2-3% of a whole scan's CPU): the
    // order only has to be the same from run to run, and findings are sorted again at the end.
    found
        .files
        .sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    found.warnings.sort_unstable();
    out.special += found.special;
    out.warnings.append(&mut found.warnings);
    for (path, size, id) in found.files {
        if !seen.insert(id) {
            continue;
        }
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
            size,
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
