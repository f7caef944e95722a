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
///
/// The `ignore` crate reads a directory's `.gitignore`, `.ignore` and `.git/info/exclude` when
/// it enters it (and the root's parents' when it starts), following symbolic links and waiting
/// on FIFOs: those are files the scanned tree names. So each is checked first
/// ([`unsafe_ignore_file`]): a directory with one that is not a regular file, or that is a link
/// to a file outside the scanned tree, is not entered by the walk but walked again without
/// ignore files (a warning says so). The scan then sees more, never less, and reads nothing
/// outside the tree.
fn walk_each(
    root: &Path,
    opts: &WalkOptions,
    each: impl Fn(Entry<ignore::DirEntry>) -> bool + Sync,
) {
    let each = &each;
    let mut opts = opts.clone();
    if !opts.no_ignore {
        let dir = if root.is_dir() {
            root.to_path_buf()
        } else {
            match root.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            }
        };
        // The root's own ignore files, then its parents' (ignore reads every parent's, up to
        // `/`, whether or not `parents` is set): any that is unsafe turns them all off.
        let mut unsafe_found = unsafe_ignore_files(&dir, &dir);
        if unsafe_found.is_none() {
            if let Ok(abs) = dir.canonicalize() {
                unsafe_found = abs
                    .ancestors()
                    .skip(1)
                    .find_map(|a| unsafe_ignore_files(a, a));
            }
        }
        if let Some((file, reason)) = unsafe_found {
            let go_on = each(Entry::Warning(Warning::IgnoreFileRefused {
                file: display_path(&file),
                reason,
                dir: display_path(root),
            }));
            if !go_on {
                return;
            }
            opts.no_ignore = true;
        }
    }
    let refused = Refused::default();
    walk_once(root, &opts, each, &refused);
    let mut refused = std::mem::take(&mut *refused.lock().unwrap_or_else(|p| p.into_inner()));
    refused.sort();
    for (dir, file, reason) in refused {
        let warning = Warning::IgnoreFileRefused {
            file: display_path(&file),
            reason,
            dir: display_path(&dir),
        };
        if !each(Entry::Warning(warning)) {
            return;
        }
        let plain = WalkOptions {
            no_ignore: true,
            ..opts.clone()
        };
        walk_once(&dir, &plain, each, &Refused::default());
    }
}

/// A directory the walk did not enter, the ignore file that kept it out, and why.
type Refused = std::sync::Arc<std::sync::Mutex<Vec<(PathBuf, PathBuf, String)>>>;

/// One `ignore` walk of `root`; directories with an unsafe ignore file go to `refused`.
fn walk_once(
    root: &Path,
    opts: &WalkOptions,
    each: &(impl Fn(Entry<ignore::DirEntry>) -> bool + Sync),
    refused: &Refused,
) {
    let mut builder = WalkBuilder::new(root);
    let honour = !opts.no_ignore;
    let tree = root.to_path_buf();
    let refused = refused.clone();
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
        .filter_entry(move |e| {
            if e.file_name() == ".git" {
                return false;
            }
            if !honour || !e.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            match unsafe_ignore_files(e.path(), &tree) {
                None => true,
                Some((file, reason)) => {
                    let mut r = refused.lock().unwrap_or_else(|p| p.into_inner());
                    r.push((e.path().to_path_buf(), file, reason));
                    false
                }
            }
        });
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

/// The ignore files the `ignore` crate reads in directory `dir`, by their paths.
fn ignore_files_of(dir: &Path) -> [PathBuf; 3] {
    [
        dir.join(".gitignore"),
        dir.join(".ignore"),
        dir.join(".git").join("info").join("exclude"),
    ]
}

/// The first ignore file of `dir` that must not be read (see [`unsafe_ignore_file`]), and why.
fn unsafe_ignore_files(dir: &Path, tree: &Path) -> Option<(PathBuf, String)> {
    ignore_files_of(dir)
        .into_iter()
        .find_map(|f| unsafe_ignore_file(&f, tree).map(|why| (f, why)))
}

/// Why the ignore file `path` of the tree `tree` must not be read, if it must not: it is not a
/// regular file (a FIFO would hang the walk), or it is a link to one outside `tree`. A regular
/// file (not a link) is read as it is: the walk only enters the tree's own directories (and,
/// with `--follow-symlinks`, the ones the user asked for). Three `lstat`s per directory.
fn unsafe_ignore_file(path: &Path, tree: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.is_file() {
        return None;
    }
    match crate::confine::check(path, tree) {
        Ok(()) => None,
        // A dangling link is read as an empty file.
        Err(e) if e.is_not_found() => None,
        Err(e) => Some(e.to_string()),
    }
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
    Warning::WalkSkipped {
        message: walk_message(err),
    }
}

/// What `ignore` says went wrong, as its own messages say it (they name the path: "IO error for
/// operation on X: ...") but never quoting a line of an ignore file: an invalid pattern is
/// reported by file and line.
fn walk_message(err: &ignore::Error) -> String {
    use ignore::Error as E;
    match err {
        E::Partial(errs) => errs.iter().map(walk_message).collect::<Vec<_>>().join("; "),
        E::WithLineNumber { line, err } => format!("line {line}: {}", walk_message(err)),
        E::WithPath { path, err } => format!("{}: {}", display_path(path), walk_message(err)),
        E::WithDepth { err, .. } => walk_message(err),
        E::Glob { err, .. } => format!("invalid pattern ({err}), skipped"),
        E::Io(_) | E::Loop { .. } => err.to_string(),
        _ => "invalid ignore rule".to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_messages_name_the_line_never_its_pattern() {
        use ignore::Error as E;
        let err = E::Partial(vec![E::WithPath {
            path: "x/.gitignore".into(),
            err: Box::new(E::WithLineNumber {
                line: 2,
                err: Box::new(E::Glob {
                    glob: Some("{s3cr3t".into()),
                    err: "unclosed alternate group; missing '}'".into(),
                }),
            }),
        }]);
        let shown = walk_message(&err);
        assert_eq!(
            shown,
            "x/.gitignore: line 2: invalid pattern (unclosed alternate group; missing '}'), skipped"
        );
        assert!(!shown.contains("s3cr3t"));
    }
}
