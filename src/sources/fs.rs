//! The file system walk: `.gitignore`/`.ignore` honoured (also outside a git repository), dotfiles
//! scanned, `.git/` skipped, only regular files read.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use super::BlobRef;
use crate::display::display_path;
use crate::warning::Warning;

/// What the walk does.
#[derive(Debug, Clone, Default)]
pub(crate) struct WalkOptions {
    /// Do not honour `.gitignore`, `.ignore` and git's excludes.
    pub(crate) no_ignore: bool,
    /// Follow symbolic links (loops are detected and reported).
    pub(crate) follow_symlinks: bool,
}

/// The files to scan, and what the walk skipped or could not read.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    pub(crate) blobs: Vec<BlobRef>,
    /// FIFOs, sockets, devices: never opened.
    pub(crate) special: u64,
    pub(crate) warnings: Vec<Warning>,
}

/// Walks `root` (a directory or a file) to the end, then lists its files, their paths relative to
/// the scan root `base` (a directory argument other than the first may lie inside it or beside
/// it). The caller has checked that it exists.
///
/// The walk runs on as many threads as the scan (directory reads and `stat`s are most of its
/// time); its files are then sorted by path, so the order of the blobs, the choice among hard
/// links to one file (the first path wins) and the warnings do not depend on thread timing.
/// [`stream`] does without the `stat`s and the wait, for one root and no symbolic links.
pub(crate) fn walk(
    root: &Path,
    base: &Path,
    opts: &WalkOptions,
    out: &mut Walked,
    seen: &mut HashSet<(u64, u64)>,
) {
    use std::sync::Mutex;
    struct Found {
        files: Vec<(PathBuf, (u64, u64))>,
        special: u64,
        warnings: Vec<Warning>,
    }
    let found = Mutex::new(Found {
        files: Vec::new(),
        special: 0,
        warnings: Vec::new(),
    });
    walk_each(root, opts, |item| {
        // The `stat` runs outside the lock; only the push is under it.
        let item = match item {
            Entry::File(entry) => match entry.metadata() {
                Ok(meta) => {
                    let id = file_id(&meta, entry.path());
                    Entry::File((entry.into_path(), id))
                }
                Err(err) => Entry::Warning(walk_error(&err)),
            },
            Entry::Special => Entry::Special,
            Entry::Warning(w) => Entry::Warning(w),
        };
        let mut f = found.lock().unwrap_or_else(|p| p.into_inner());
        match item {
            Entry::File(file) => f.files.push(file),
            Entry::Special => f.special += 1,
            Entry::Warning(w) => f.warnings.push(w),
        }
        true
    });
    let mut found = found.into_inner().unwrap_or_else(|p| p.into_inner());
    // By bytes, not by path components (those comparisons showed in a whole scan's profile): the
    // order only has to be the same from run to run, and findings are sorted again at the end.
    found
        .files
        .sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    crate::warning::sort(&mut found.warnings);
    out.special += found.special;
    out.warnings.append(&mut found.warnings);
    let root_is_file = root.is_file();
    for (path, id) in found.files {
        if seen.insert(id) {
            out.blobs.push(file_blob(base, root_is_file, path));
        }
    }
}

/// Walks the directory `root` and sends its files to `out` as they are found, without a `stat`
/// each: the directory entry says what is a file. Returns what else it found (special files,
/// warnings, sorted). Nothing is sorted and nothing is de-duplicated, so this is for one root,
/// symbolic links not followed, where the only way to reach a file twice is a hard link (which
/// the scan sees in the `stat` it makes when it opens the file).
pub(crate) fn stream(
    root: &Path,
    no_ignore: bool,
    out: &std::sync::mpsc::Sender<BlobRef>,
) -> Walked {
    let opts = WalkOptions {
        no_ignore,
        follow_symlinks: false,
    };
    let rest = std::sync::Mutex::new(Walked::default());
    walk_each(root, &opts, |item| {
        let more = || rest.lock().unwrap_or_else(|p| p.into_inner());
        match item {
            // The receiver goes away only when there is no scan (the rules did not load): the
            // walk then stops.
            Entry::File(entry) => {
                return out.send(file_blob(root, false, entry.into_path())).is_ok()
            }
            Entry::Special => more().special += 1,
            Entry::Warning(w) => more().warnings.push(w),
        }
        true
    });
    let mut rest = rest.into_inner().unwrap_or_else(|p| p.into_inner());
    crate::warning::sort(&mut rest.warnings);
    rest
}

enum Entry<F> {
    File(F),
    Special,
    Warning(Warning),
}

/// The walk itself, on as many threads as the scan: every file, special file and error, to
/// `each` (from any of the walk's threads), until `each` returns false.
fn walk_each(
    root: &Path,
    opts: &WalkOptions,
    each: impl Fn(Entry<ignore::DirEntry>) -> bool + Sync,
) {
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
    let each = &each;
    builder.build_parallel().run(|| {
        Box::new(move |entry| {
            let go_on = match entry {
                Err(err) => each(Entry::Warning(walk_error(&err))),
                Ok(entry) => match entry.file_type() {
                    None => true,
                    Some(ft) if ft.is_dir() || ft.is_symlink() => true,
                    Some(ft) if !ft.is_file() => each(Entry::Special),
                    Some(_) => each(Entry::File(entry)),
                },
            };
            if go_on {
                ignore::WalkState::Continue
            } else {
                ignore::WalkState::Quit
            }
        })
    });
}

/// The blob for a file a walk found: a file given as an argument keeps its path as given;
/// a file found in a directory is relative to the scan root `base`.
fn file_blob(base: &Path, root_is_file: bool, path: PathBuf) -> BlobRef {
    let display = display_path(&path);
    let rel = if root_is_file {
        display.clone()
    } else {
        match path.strip_prefix(base) {
            Ok(rel) => display_path(rel),
            Err(_) => relative_to(&path, base).unwrap_or_else(|| display.clone()),
        }
    };
    BlobRef::File { path, display, rel }
}

/// `path` relative to the directory `base`, worked out on the paths as written (made absolute
/// from the current directory; `.` and `..` resolved without looking at the file system):
/// `src/a.py` from `.`, `../b/y.env` from `.` for a file beside the root. `None` when either
/// cannot be made absolute.
fn relative_to(path: &Path, base: &Path) -> Option<String> {
    use std::path::Component;
    let normal = |p: &Path| -> Option<Vec<std::ffi::OsString>> {
        let mut parts: Vec<std::ffi::OsString> = Vec::new();
        for c in std::path::absolute(p).ok()?.components() {
            match c {
                Component::ParentDir => {
                    parts.pop();
                }
                Component::CurDir => {}
                c => parts.push(c.as_os_str().to_os_string()),
            }
        }
        Some(parts)
    };
    let (path, base) = (normal(path)?, normal(base)?);
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut rel = PathBuf::new();
    for _ in common..base.len() {
        rel.push("..");
    }
    for part in &path[common..] {
        rel.push(part);
    }
    Some(display_path(&rel))
}

fn walk_error(err: &ignore::Error) -> Warning {
    // ignore's messages already name the path ("IO error for operation on X: ...").
    Warning::WalkSkipped {
        message: err.to_string(),
    }
}

/// What tells two names of one file apart from two files: `(device, inode)`.
#[cfg(unix)]
pub(crate) fn file_id(meta: &std::fs::Metadata, _path: &Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
pub(crate) fn file_id(_meta: &std::fs::Metadata, path: &Path) -> (u64, u64) {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut h);
    (0, h.finish())
}

/// Whether the file has more than one name (hard links).
#[cfg(unix)]
pub(crate) fn has_links(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

#[cfg(not(unix))]
pub(crate) fn has_links(_meta: &std::fs::Metadata) -> bool {
    false
}

/// Opens a file for scanning without ever blocking on a FIFO that replaced it after the walk;
/// returns it with its `stat`.
pub(crate) fn open(path: &PathBuf) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok((file, meta))
}
