//! Reading the files a scanned repository names: its configs (`.leakhound.toml`,
//! `.gitleaks.toml`, `[extend] path`), its ignore files (`.leakhoundignore`, `.gitleaksignore`)
//! and, before the walk reads them, its `.gitignore`-family files.
//!
//! Such a file is the repository's choice, not the user's, and the repository may be hostile (a
//! pull request from a fork, scanned in CI with the CI's secrets in the environment). So it must
//! stay inside the scanned tree (a symbolic link to `/proc/self/environ` or `~/.aws/credentials`
//! is refused: nothing of it is read), it must be a regular file (a FIFO would block the scan
//! forever, a device would never end), and it is read up to a size bound. A file the user passed
//! on the command line is the user's choice: only the size bound applies.
//!
//! A leaf: it uses nothing of this crate.

use std::io::Read;
use std::path::Path;

/// The most a config file may hold (a config is rules and allowlists: kilobytes).
pub(crate) const MAX_CONFIG_BYTES: u64 = 16 << 20;
/// The most an ignore file (`.leakhoundignore`, `.gitleaksignore`) may hold.
pub(crate) const MAX_IGNORE_BYTES: u64 = 64 << 20;

/// Why a file the repository names was not read. Its `Display` names no content, only what is
/// wrong ("is a FIFO, not a regular file").
#[derive(Debug)]
pub(crate) enum Refused {
    /// A symbolic link (or a path through one) to a file outside the scanned tree.
    Outside,
    /// Not a regular file: what it is.
    NotRegular(&'static str),
    /// Larger than the bound (in bytes).
    TooLarge(u64),
    Io(std::io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Outside => f.write_str(
                "is a link to a file outside the scanned directory (not read; pass that file on \
                 the command line to use it)",
            ),
            Refused::NotRegular(what) => write!(f, "is {what}, not a regular file (not read)"),
            Refused::TooLarge(max) => write!(f, "is larger than {} MiB (not read)", max >> 20),
            Refused::Io(e) => write!(f, "cannot be read: {e}"),
        }
    }
}

impl Refused {
    /// Whether the file is simply not there.
    pub(crate) fn is_not_found(&self) -> bool {
        matches!(self, Refused::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// What a file that is not a regular one is, as messages say it.
fn kind(ft: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
        if ft.is_block_device() || ft.is_char_device() {
            return Some("a device");
        }
    }
    if ft.is_dir() {
        Some("a directory")
    } else if ft.is_file() {
        None
    } else {
        Some("a special file")
    }
}

/// Whether `path` (named by the tree rooted at `root`) may be read: a regular file, or a
/// symbolic link (or a path through links) to a regular file inside `root`. Nothing is opened.
pub(crate) fn check(path: &Path, root: &Path) -> Result<(), Refused> {
    let meta = std::fs::symlink_metadata(path).map_err(Refused::Io)?;
    if !meta.file_type().is_symlink() {
        if let Some(what) = kind(meta.file_type()) {
            return Err(Refused::NotRegular(what));
        }
    }
    // A link, or a path whose directories may be links: where it really is.
    let real = path.canonicalize().map_err(Refused::Io)?;
    let real_root = root.canonicalize().map_err(Refused::Io)?;
    if !real.starts_with(&real_root) {
        return Err(Refused::Outside);
    }
    let meta = std::fs::metadata(&real).map_err(Refused::Io)?;
    match kind(meta.file_type()) {
        Some(what) => Err(Refused::NotRegular(what)),
        None => Ok(()),
    }
}

/// Reads `path`, a file the tree rooted at `root` names (see [`check`]), up to `max` bytes.
pub(crate) fn read_named(path: &Path, root: &Path, max: u64) -> Result<Vec<u8>, Refused> {
    check(path, root)?;
    read_regular(path, max)
}

/// Reads `path`, a file the user named (on the command line): it may be anywhere and of any
/// kind (`<(...)` is a FIFO), up to `max` bytes.
pub(crate) fn read_given(path: &Path, max: u64) -> Result<Vec<u8>, Refused> {
    let file = std::fs::File::open(path).map_err(Refused::Io)?;
    read_bounded(file, max)
}

/// Opens `path` without blocking (a FIFO that replaced the file since it was checked does not
/// hang the open), checks it is a regular file, and reads up to `max` bytes.
fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, Refused> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path).map_err(Refused::Io)?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if let Some(what) = kind(meta.file_type()) {
        return Err(Refused::NotRegular(what));
    }
    read_bounded(file, max)
}

fn read_bounded(file: std::fs::File, max: u64) -> Result<Vec<u8>, Refused> {
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > max {
        return Err(Refused::TooLarge(max));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_a_repository_must_not_make_us_read() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "TOKEN=x\n").unwrap();
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::write(root.join("plain"), "ok\n").unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::os::unix::fs::symlink("../plain", root.join("sub/inside")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.join("out")).unwrap();
        std::os::unix::fs::symlink("/proc/self/environ", root.join("environ")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.join("zero")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("fifo"))
            .status()
            .unwrap();
        assert!(made.success());

        assert_eq!(read_named(&root.join("plain"), root, 10).unwrap(), b"ok\n");
        assert_eq!(
            read_named(&root.join("sub/inside"), root, 10).unwrap(),
            b"ok\n"
        );
        assert!(matches!(
            read_named(&root.join("out"), root, 10),
            Err(Refused::Outside)
        ));
        assert!(matches!(
            read_named(&root.join("environ"), root, 10),
            Err(Refused::Outside)
        ));
        assert!(matches!(
            read_named(&root.join("zero"), root, 10),
            Err(Refused::Outside)
        ));
        assert!(matches!(
            read_named(&root.join("fifo"), root, 10),
            Err(Refused::NotRegular("a FIFO"))
        ));
        assert!(matches!(
            read_named(&root.join("sub"), root, 10),
            Err(Refused::NotRegular("a directory"))
        ));
        assert!(matches!(
            read_named(&root.join("plain"), root, 2),
            Err(Refused::TooLarge(2))
        ));
        assert!(read_named(&root.join("none"), root, 2)
            .unwrap_err()
            .is_not_found());
        // What the user names may be anywhere; the bound still holds (/dev/zero never ends).
        assert_eq!(
            read_given(&outside.path().join("secret"), 100).unwrap(),
            b"TOKEN=x\n"
        );
        assert!(matches!(
            read_given(Path::new("/dev/zero"), 1 << 20),
            Err(Refused::TooLarge(_))
        ));
        // No message quotes content.
        for r in [
            Refused::Outside,
            Refused::NotRegular("a FIFO"),
            Refused::TooLarge(16 << 20),
        ] {
            assert!(!r.to_string().contains("TOKEN"));
        }
    }
}
