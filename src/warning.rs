//! Warnings: what a scan could not read or had to leave out, without stopping. Each is one
//! [`Warning`], made where the problem is met (a source, the scan, the ignore files), carried in
//! the scan's outcome, counted in the summary line and printed once, by `cli::messages`, in the
//! text its `Display` gives. A leaf: every layer may make one; it uses nothing of this crate.
//!
//! Nothing here holds content: a warning names a file, an object or a ref, never what is in it.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use git2::Oid;

/// Something that did not stop the scan, but that the user must hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The file system walk skipped an entry (a directory it cannot read, a symbolic link loop);
    /// the walker's message names the path.
    WalkSkipped { message: String },
    /// A file the walk found cannot be opened or read.
    FileUnreadable { path: String, error: String },
    /// Standard input is over `--max-file-size` (files over it are only counted: their names say
    /// what was skipped; standard input has none to show).
    StdinTooLarge { label: String, max: u64 },
    /// An ignore file at the scan root cannot be read.
    IgnoreFileUnreadable { path: String, error: String },
    /// A `.gitignore`-family file the walk must not read (not a regular file, or a link to a
    /// file outside the scanned tree): `dir` is scanned without ignore files.
    IgnoreFileRefused {
        file: String,
        reason: String,
        dir: String,
    },
    /// A line of an ignore file that is not an entry (1-based `line`).
    IgnoreLineSkipped {
        file: String,
        line: usize,
        reason: String,
    },
    /// A git object (commit, tree or blob) cannot be read: missing (a shallow or partial clone)
    /// or damaged.
    ObjectUnreadable(UnreadableObject),
    /// HEAD's version of a staged file cannot be read, so every line of the staged one counts as
    /// added.
    HeadBlobUnreadable {
        object: UnreadableObject,
        path: String,
    },
    /// A staged file cannot be compared with HEAD's version, so every line counts as added.
    DiffFailed { path: String, message: String },
    /// A commit of a range cannot be compared with its parents: every line of `path` counts as
    /// added (an empty `path`: the lines the commit removes are not known, so a secret it moved
    /// counts as new).
    CommitDiffFailed {
        path: String,
        commit: Oid,
        message: String,
    },
    /// An index entry whose mode no git writes (not a file, link, submodule or directory): not
    /// scanned.
    IndexModeUnusual { path: String, mode: u32 },
    /// Renames among the staged changes cannot be detected, so a renamed file is scanned as new.
    RenamesUndetected { message: String },
    /// libgit2 could not walk the history (a commit it cannot parse whole): it was walked again
    /// reading only each commit's tree and parents.
    HistoryWalkLenient { message: String },
    /// A commit with a field that cannot be read as git defines it (an author date that
    /// overflows): scanned, the field left out.
    CommitMalformed { commit: Oid, field: &'static str },
    /// The history walk stopped before reaching every commit.
    HistoryWalkStopped { message: String },
    /// The repository is a shallow clone: the history before its oldest commits is not there.
    ShallowClone,
    /// A ref cannot be read at all.
    RefUnreadable { message: String },
    /// A ref whose commit cannot be read.
    RefCommitUnreadable { name: String, message: String },
    /// Parents of scanned commits that cannot be read (outside a shallow clone): what they had
    /// is scanned as new.
    ParentsUnreadable { count: usize },
    /// A git blob came without a repository to read it from.
    NoRepository { place: Place },
    /// A scan worker cannot open the repository (`dir`: its git directory).
    RepositoryUnopenable { dir: PathBuf, message: String },
    /// The repository's work tree is not its own (`core.worktree` names another directory): the
    /// config and ignore files there are not read.
    WorkTreeNotOwn { dir: String },
    /// A `--range` scan's commits change a file that decides what the scan reports (a config
    /// or ignore file): the scan used the work tree's version.
    RangeChangesConfig { path: String, commit: Oid },
    /// HEAD cannot be read, so whether each secret is still at HEAD is not known.
    InHeadUnknown { error: String },
    /// Unreadable objects beyond the ones listed one by one.
    MoreObjectsUnreadable { count: usize },
    /// The repository is a partial clone: the objects it lacks are skipped on purpose.
    PartialClone,
    /// A file or blob had more findings than `--max-findings-per-file`: only the first `kept`
    /// (by position) are reported (`commit`: in a history, a commit that has that blob).
    FindingsCapped {
        path: String,
        commit: Option<Oid>,
        found: usize,
        kept: usize,
    },
    /// A rule had more findings than `--max-findings-per-rule`: only the first `kept` (in report
    /// order) are reported.
    RuleFindingsCapped {
        rule: String,
        found: usize,
        kept: usize,
    },
    /// A config names a rule (in `field`: `disabledRules`, `targetRules`) that is neither the id
    /// nor an alias of any rule, so the entry does nothing.
    UnknownRuleId {
        file: String,
        field: String,
        id: String,
    },
    /// An archive (`archive`: its path, `outer.zip!inner.tar`) hit one of the bounds that keep
    /// archive bombs harmless; what lies past the bound is not scanned. `more`: how many more
    /// times the same bound was hit inside the same archive file or blob.
    ArchiveBound {
        archive: String,
        bound: ArchiveBound,
        more: usize,
    },
    /// An encrypted archive member (`member`: its path), not scanned: no password is ever asked
    /// for. `more`: how many more encrypted members the same archive file or blob has.
    ArchiveEncrypted { member: String, more: usize },
    /// An archive or one of its members (`path`) that cannot be read (corrupt, truncated, an
    /// unsupported compression method): what was read before the error is scanned. `more`: how
    /// many more such errors the same archive file or blob has.
    ArchiveUnreadable {
        path: String,
        error: String,
        more: usize,
    },
}

/// The bounds on what one archive may cost (each with the limit in force).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveBound {
    /// Archives nested deeper than `--max-archive-depth`.
    Depth(usize),
    /// Bytes inflated from one archive file or blob (nested archives included).
    ArchiveBytes(u64),
    /// Bytes inflated from all the archives of a scan.
    ScanBytes(u64),
    /// Members of one archive.
    Members(u64),
    /// Bytes inflated per compressed byte of one stream or member.
    Ratio(u64),
    /// The length of a member's path, in bytes.
    PathLength(usize),
}

/// A git object that cannot be read: what it is, which, where it was met, and libgit2's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableObject {
    pub kind: ObjectKind,
    pub oid: Oid,
    pub place: Place,
    pub reason: String,
}

/// The kinds of git object a scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    Commit,
    Tree,
    Blob,
}

/// Where an object was met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A commit the history walk lists: `in history`.
    History,
    /// A tree reached from a commit or HEAD: `commit <id>`, `HEAD`.
    Tree(Reached),
    /// The root tree of a commit or HEAD: `root of commit <id>`.
    Root(Reached),
    /// A directory's tree: `src/ in commit <id>`.
    Dir(String, Reached),
    /// A blob at a path, in the commit that introduced it when there is one:
    /// `src/a.rs in commit <id>`, `src/a.rs`.
    Path { path: Arc<str>, commit: Option<Oid> },
    /// HEAD's version of a path: `src/a.rs at HEAD`.
    AtHead(String),
}

/// What a tree was reached from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reached {
    Commit(Oid),
    Head,
    /// A tree a ref points at (directly or through tags).
    Ref(Oid),
}

/// How many unreadable objects are listed one by one before the rest are counted
/// ([`collapse_objects`]).
pub(crate) const MAX_OBJECT_WARNINGS: usize = 20;

impl Warning {
    /// Whether this warning is about an object that cannot be read (what
    /// [`collapse_objects`] counts).
    pub(crate) fn is_unreadable_object(&self) -> bool {
        matches!(
            self,
            Warning::ObjectUnreadable(_) | Warning::HeadBlobUnreadable { .. }
        )
    }
}

/// Keeps the first [`MAX_OBJECT_WARNINGS`] unreadable-object warnings and counts the rest in
/// one more (a partial clone can miss thousands of blobs on purpose), then says once that the
/// repository is a partial clone when `partial`. The other warnings are kept, in their order.
pub(crate) fn collapse_objects(warnings: Vec<Warning>, partial: bool) -> Vec<Warning> {
    let objects = warnings.iter().filter(|w| w.is_unreadable_object()).count();
    if objects == 0 {
        return warnings;
    }
    let mut out = Vec::with_capacity(warnings.len().min(MAX_OBJECT_WARNINGS) + 2);
    let mut shown = 0;
    for w in warnings {
        if w.is_unreadable_object() {
            shown += 1;
            if shown > MAX_OBJECT_WARNINGS {
                continue;
            }
        }
        out.push(w);
    }
    if objects > MAX_OBJECT_WARNINGS {
        out.push(Warning::MoreObjectsUnreadable {
            count: objects - MAX_OBJECT_WARNINGS,
        });
    }
    if partial {
        out.push(Warning::PartialClone);
    }
    out
}

/// Sorts warnings by their text (what a walk on several threads finds comes in any order).
pub(crate) fn sort(warnings: &mut [Warning]) {
    warnings.sort_by_cached_key(ToString::to_string);
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::WalkSkipped { message } => write!(f, "skipped: {message}"),
            Warning::FileUnreadable { path, error } => write!(f, "{path}: cannot read: {error}"),
            Warning::StdinTooLarge { label, max } => write!(
                f,
                "{label}: standard input is larger than --max-file-size ({max} bytes); raise it \
                 to scan"
            ),
            Warning::IgnoreFileUnreadable { path, error } => {
                write!(f, "{path}: the ignore file {error}")
            }
            Warning::IgnoreFileRefused { file, reason, dir } => write!(
                f,
                "{file} {reason}: {dir} is scanned without ignore files"
            ),
            Warning::IgnoreLineSkipped { file, line, reason } => {
                write!(f, "{file}:{line}: skipped: {reason}")
            }
            Warning::ObjectUnreadable(object) => object.fmt(f),
            Warning::HeadBlobUnreadable { object, path } => {
                write!(f, "{object}; every line of {path} is treated as added")
            }
            Warning::CommitDiffFailed {
                path,
                commit,
                message,
            } if path.is_empty() => write!(
                f,
                "commit {commit}: cannot diff with its parent ({message}); a secret it moved \
                 counts as new"
            ),
            Warning::CommitDiffFailed {
                path,
                commit,
                message,
            } => write!(
                f,
                "{path} in commit {commit}: cannot diff with its parents ({message}); every \
                 line is treated as added"
            ),
            Warning::DiffFailed { path, message } => write!(
                f,
                "{path}: cannot diff with HEAD ({message}); every line is treated as added"
            ),
            Warning::IndexModeUnusual { path, mode } => write!(
                f,
                "{path}: the index gives it mode {mode:o}, which is not a file, link, submodule \
                 or directory: not scanned"
            ),
            Warning::RenamesUndetected { message } => write!(
                f,
                "cannot detect renamed files ({message}): a renamed file is scanned as new"
            ),
            Warning::HistoryWalkLenient { message } => write!(
                f,
                "libgit2 cannot walk the history ({message}): walked again reading each commit's                  tree and parents only"
            ),
            Warning::CommitMalformed { commit, field } => write!(
                f,
                "commit {commit}: its {field} cannot be read; its content is scanned all the same"
            ),
            Warning::HistoryWalkStopped { message } => {
                write!(f, "history walk stopped early: {message}")
            }
            Warning::ShallowClone => f.write_str(
                "the repository is a shallow clone: history older than its oldest commits is not \
                 scanned",
            ),
            Warning::RefUnreadable { message } => write!(f, "a ref cannot be read: {message}"),
            Warning::RefCommitUnreadable { name, message } => {
                write!(f, "ref {name}: cannot read its commit: {message}")
            }
            Warning::ParentsUnreadable { count } => write!(
                f,
                "{count} parent {} of scanned commits cannot be read: blobs they had are scanned \
                 as new",
                if *count == 1 { "commit" } else { "commits" }
            ),
            Warning::NoRepository { place } => {
                write!(f, "{place}: no repository to read it from")
            }
            Warning::RepositoryUnopenable { dir, message } => {
                write!(
                    f,
                    "{}: cannot open the repository: {message}",
                    dir.display()
                )
            }
            Warning::WorkTreeNotOwn { dir } => write!(
                f,
                "the repository's config (core.worktree) names {dir} as its work tree, which is \
                 not the repository's own: no config or ignore file is read from it (pass \
                 --config to use one)"
            ),
            Warning::RangeChangesConfig { path, commit } => write!(
                f,
                "the range changes {path} (commit {commit}), which decides what this scan \
                 reports; use --config-from-base to take the config and ignore files from the \
                 base instead"
            ),
            Warning::InHeadUnknown { error } => {
                write!(f, "{error}: cannot tell which secrets are still at HEAD")
            }
            Warning::MoreObjectsUnreadable { count } => {
                write!(f, "... and {count} more objects cannot be read")
            }
            Warning::PartialClone => f.write_str(
                "this is a partial clone: objects it does not have are skipped, never fetched \
                 (fetch them with git to scan them)",
            ),
            Warning::FindingsCapped {
                path,
                commit,
                found,
                kept,
            } => {
                f.write_str(path)?;
                if let Some(c) = commit {
                    write!(f, " in commit {c}")?;
                }
                write!(
                    f,
                    ": {found} findings, only the first {kept} are reported (raise \
                     --max-findings-per-file to see more)"
                )
            }
            Warning::RuleFindingsCapped { rule, found, kept } => write!(
                f,
                "rule {rule}: {found} findings, only the first {kept} are reported (raise \
                 --max-findings-per-rule to see more)"
            ),
            Warning::UnknownRuleId { file, field, id } => write!(
                f,
                "{file}: {field} names {id:?}, which is neither the id nor an alias of any rule \
                 (`leakhound rules list` shows them); it has no effect"
            ),
            Warning::ArchiveBound {
                archive,
                bound,
                more,
            } => {
                write!(f, "{archive}: archive bound: {bound}")?;
                more_times(f, *more, "time", "times")
            }
            Warning::ArchiveEncrypted { member, more } => {
                write!(
                    f,
                    "{member}: encrypted archive member, not scanned (no password is asked for)"
                )?;
                more_times(f, *more, "encrypted member", "encrypted members")
            }
            Warning::ArchiveUnreadable { path, error, more } => {
                write!(f, "{path}: cannot read the archive: {error}")?;
                more_times(f, *more, "error", "errors")
            }
        }
    }
}

/// `; and 3 more times in this archive`, when there are more.
fn more_times(f: &mut fmt::Formatter<'_>, more: usize, one: &str, many: &str) -> fmt::Result {
    match more {
        0 => Ok(()),
        1 => write!(f, " (and 1 more {one} in the same archive)"),
        n => write!(f, " (and {n} more {many} in the same archive)"),
    }
}

impl fmt::Display for ArchiveBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchiveBound::Depth(n) => write!(
                f,
                "an archive nested more than {n} deep is not opened (--max-archive-depth)"
            ),
            ArchiveBound::ArchiveBytes(n) => write!(
                f,
                "over {} inflated from one archive: the rest of it is not scanned",
                bytes(*n)
            ),
            ArchiveBound::ScanBytes(n) => write!(
                f,
                "over {} inflated from the archives of this scan: the rest of them are not \
                 scanned",
                bytes(*n)
            ),
            ArchiveBound::Members(n) => {
                write!(f, "more than {n} members: the rest are not scanned")
            }
            ArchiveBound::Ratio(n) => write!(
                f,
                "inflates to over {n} times its compressed size: the rest of it is not scanned"
            ),
            ArchiveBound::PathLength(n) => write!(
                f,
                "a member path longer than {n} bytes: that member is not scanned"
            ),
        }
    }
}

/// A bound in bytes as people read it: `256 MiB`.
fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n.is_multiple_of(1 << 30) => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n.is_multiple_of(1 << 20) => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n.is_multiple_of(1 << 10) => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

impl fmt::Display for UnreadableObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({}): cannot read: {}",
            self.kind, self.oid, self.place, self.reason
        )
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ObjectKind::Commit => "commit",
            ObjectKind::Tree => "tree",
            ObjectKind::Blob => "blob",
        })
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::History => f.write_str("in history"),
            Place::Tree(from) => from.fmt(f),
            Place::Root(from) => write!(f, "root of {from}"),
            Place::Dir(dir, from) => write!(f, "{dir}/ in {from}"),
            Place::Path { path, commit: None } => f.write_str(path),
            Place::Path {
                path,
                commit: Some(c),
            } => write!(f, "{path} in commit {c}"),
            Place::AtHead(path) => write!(f, "{path} at HEAD"),
        }
    }
}

impl fmt::Display for Reached {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reached::Commit(c) => write!(f, "commit {c}"),
            Reached::Head => f.write_str("HEAD"),
            Reached::Ref(t) => write!(f, "the tree {t} a ref points at"),
        }
    }
}

/// One warning of each kind (each place too), for the snapshot of how they render.
#[cfg(test)]
pub(crate) fn examples() -> Vec<Warning> {
    let commit = Oid::from_bytes(&[0xc0; 20]).unwrap();
    let blob = Oid::from_bytes(&[0xb1; 20]).unwrap();
    let tree = Oid::from_bytes(&[0x7e; 20]).unwrap();
    let object = |kind, oid, place| UnreadableObject {
        kind,
        oid,
        place,
        reason: "object not found - no match for id".into(),
    };
    vec![
        Warning::WalkSkipped {
            message: "IO error for operation on secret/: Permission denied (os error 13)".into(),
        },
        Warning::FileUnreadable {
            path: "src/locked.env".into(),
            error: "Permission denied (os error 13)".into(),
        },
        Warning::StdinTooLarge {
            label: "stdin".into(),
            max: 10,
        },
        Warning::IgnoreFileUnreadable {
            path: ".leakhoundignore".into(),
            error: "cannot be read: Permission denied (os error 13)".into(),
        },
        Warning::IgnoreLineSkipped {
            file: ".gitleaksignore".into(),
            line: 3,
            reason: "neither a fingerprint (32 hex digits) nor [commit:]path:rule:line".into(),
        },
        Warning::ObjectUnreadable(object(ObjectKind::Commit, commit, Place::History)),
        Warning::ObjectUnreadable(object(
            ObjectKind::Tree,
            tree,
            Place::Tree(Reached::Commit(commit)),
        )),
        Warning::ObjectUnreadable(object(ObjectKind::Tree, tree, Place::Root(Reached::Head))),
        Warning::ObjectUnreadable(object(
            ObjectKind::Tree,
            tree,
            Place::Dir("src/app".into(), Reached::Commit(commit)),
        )),
        Warning::ObjectUnreadable(object(
            ObjectKind::Blob,
            blob,
            Place::Path {
                path: "src/a.rs".into(),
                commit: Some(commit),
            },
        )),
        Warning::ObjectUnreadable(object(
            ObjectKind::Blob,
            blob,
            Place::Path {
                path: "src/a.rs".into(),
                commit: None,
            },
        )),
        Warning::HeadBlobUnreadable {
            object: object(ObjectKind::Blob, blob, Place::AtHead("src/a.rs".into())),
            path: "src/a.rs".into(),
        },
        Warning::DiffFailed {
            path: "src/a.rs".into(),
            message: "out of memory".into(),
        },
        Warning::CommitDiffFailed {
            path: "src/a.rs".into(),
            commit,
            message: "out of memory".into(),
        },
        Warning::CommitDiffFailed {
            path: String::new(),
            commit,
            message: "out of memory".into(),
        },
        Warning::RenamesUndetected {
            message: "out of memory".into(),
        },
        Warning::HistoryWalkStopped {
            message: "object not found".into(),
        },
        Warning::ShallowClone,
        Warning::RefUnreadable {
            message: "corrupt loose reference file".into(),
        },
        Warning::RefCommitUnreadable {
            name: "refs/heads/main".into(),
            message: "object not found".into(),
        },
        Warning::ParentsUnreadable { count: 1 },
        Warning::ParentsUnreadable { count: 2 },
        Warning::NoRepository {
            place: Place::Path {
                path: "src/a.rs".into(),
                commit: Some(commit),
            },
        },
        Warning::RepositoryUnopenable {
            dir: "/repo/.git".into(),
            message: "could not find repository".into(),
        },
        Warning::InHeadUnknown {
            error: "HEAD: object not found".into(),
        },
        Warning::MoreObjectsUnreadable { count: 5 },
        Warning::PartialClone,
        Warning::FindingsCapped {
            path: "dump/tokens.txt".into(),
            commit: None,
            found: 4200,
            kept: 1000,
        },
        Warning::FindingsCapped {
            path: "dump/tokens.txt".into(),
            commit: Some(commit),
            found: 4200,
            kept: 1000,
        },
        Warning::RuleFindingsCapped {
            rule: "generic-password".into(),
            found: 12_345,
            kept: 10_000,
        },
        Warning::UnknownRuleId {
            file: ".gitleaks.toml".into(),
            field: "disabledRules".into(),
            id: "no-such-rule".into(),
        },
        Warning::ArchiveBound {
            archive: "dist/app.zip!lib/inner.zip".into(),
            bound: ArchiveBound::Depth(4),
            more: 0,
        },
        Warning::ArchiveBound {
            archive: "bomb.zip".into(),
            bound: ArchiveBound::ArchiveBytes(256 << 20),
            more: 0,
        },
        Warning::ArchiveBound {
            archive: "dumps/c.tar.gz".into(),
            bound: ArchiveBound::ScanBytes(4 << 30),
            more: 0,
        },
        Warning::ArchiveBound {
            archive: "many.zip".into(),
            bound: ArchiveBound::Members(50_000),
            more: 0,
        },
        Warning::ArchiveBound {
            archive: "zeros.gz".into(),
            bound: ArchiveBound::Ratio(100),
            more: 1,
        },
        Warning::ArchiveBound {
            archive: "bomb.zip!l1.zip".into(),
            bound: ArchiveBound::Ratio(100),
            more: 15,
        },
        Warning::ArchiveBound {
            archive: "long.tar".into(),
            bound: ArchiveBound::PathLength(4096),
            more: 0,
        },
        Warning::ArchiveEncrypted {
            member: "secret.zip!keys.env".into(),
            more: 0,
        },
        Warning::ArchiveEncrypted {
            member: "secret.zip!a.env".into(),
            more: 2,
        },
        Warning::ArchiveUnreadable {
            path: "cut.tar.gz".into(),
            error: "unexpected end of file".into(),
            more: 0,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(n: u8) -> Warning {
        Warning::ObjectUnreadable(UnreadableObject {
            kind: ObjectKind::Blob,
            oid: Oid::from_bytes(&[n; 20]).unwrap(),
            place: Place::History,
            reason: "object not found".into(),
        })
    }

    #[test]
    fn object_warnings_beyond_the_first_are_counted() {
        let mut all = vec![Warning::ShallowClone];
        all.extend((0..25).map(object));
        all.push(Warning::ParentsUnreadable { count: 2 });
        let out = collapse_objects(all, true);
        assert_eq!(out.len(), 1 + MAX_OBJECT_WARNINGS + 1 + 2);
        assert_eq!(out[0], Warning::ShallowClone);
        assert_eq!(
            out[MAX_OBJECT_WARNINGS],
            object(MAX_OBJECT_WARNINGS as u8 - 1)
        );
        assert_eq!(
            out[MAX_OBJECT_WARNINGS + 1],
            Warning::ParentsUnreadable { count: 2 }
        );
        assert_eq!(
            out[MAX_OBJECT_WARNINGS + 2..],
            [
                Warning::MoreObjectsUnreadable { count: 5 },
                Warning::PartialClone
            ]
        );
        // Without unreadable objects, nothing is added, partial clone or not.
        let none = vec![Warning::ShallowClone];
        assert_eq!(collapse_objects(none.clone(), true), none);
    }
}
