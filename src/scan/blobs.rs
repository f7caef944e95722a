//! The rayon driver: every blob is loaded and matched by a worker that owns its `Matcher` and
//! buffers; the results are gathered, de-duplicated and sorted into a [`ScanOutcome`].

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use super::found::to_findings_at_most;
use super::{sort_findings, Progress, ScanOptions, ScanOutcome, Stats};
use crate::findings::commit::{rfc3339, CommitInfo};
use crate::findings::Finding;
use crate::matcher::{Matcher, RawMatch, Target};
use crate::rules::RuleSet;
use crate::sources::archive::{self, ScanBudget};
use crate::sources::{self, BlobRef, Loaded, Skip};
use crate::warning::{ObjectKind, Place, Warning};

/// The counts of a scan in progress, and the progress they are also reported to.
struct AtomicStats<'p> {
    files: AtomicU64,
    bytes: AtomicU64,
    skipped_binary: AtomicU64,
    skipped_large: AtomicU64,
    skipped_allowlisted: AtomicU64,
    archives: AtomicU64,
    members: AtomicU64,
    /// Blobs with more findings than `--max-findings-per-file`.
    capped: Mutex<Vec<Warning>>,
    /// What the archives could not read or left out.
    archive_warnings: Mutex<Vec<Warning>>,
    /// The bytes inflated from the archives so far.
    archive_budget: ScanBudget,
    progress: &'p Progress,
}

impl AtomicStats<'_> {
    /// Says that the blob at `path` (of `commit`) had `found` reported findings, more than it
    /// keeps in `kept` (the precision layer's placeholders, counted apart, are not counted).
    fn capped(&self, path: &str, commit: Option<git2::Oid>, found: usize, kept: &[Finding]) {
        let kept = kept.iter().filter(|f| f.ignored.is_none()).count();
        if found > kept {
            let w = Warning::FindingsCapped {
                path: path.to_string(),
                commit,
                found,
                kept,
            };
            self.capped
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(w);
        }
    }
}

/// What [`scan_blobs`] returns: each blob's findings (or the warning saying why it could not be
/// read), in the order of the blobs; the stats; and the warnings for blobs whose findings were
/// capped (sorted, one per path).
pub(crate) type PerBlob = (Vec<Result<Vec<Finding>, Warning>>, Stats, Vec<Warning>);

/// One worker's state: its matcher, reusable buffers, and its own handle on the git repository
/// (libgit2 handles are `Send` but not `Sync`; each worker opens one the first time it needs it).
struct Worker<'r, 'g> {
    matcher: Matcher<'r>,
    buf: Vec<u8>,
    raw: Vec<RawMatch>,
    git: Option<GitSource<'g>>,
    repo: Option<(git2::Repository, sources::git::HeaderReader)>,
    commit_hex: String,
}

/// Scans `blobs` in parallel with `rules`: their findings (sorted, de-duplicated) and warnings.
pub(crate) fn scan_all(
    rules: &RuleSet,
    blobs: &[BlobRef],
    opts: ScanOptions,
    progress: &Progress,
) -> ScanOutcome {
    let (per_blob, stats, capped) = scan_blobs(rules, blobs, opts, None, progress);
    let mut outcome = gather(per_blob, stats);
    outcome.warnings.extend(capped);
    outcome
}

/// The outcome of a scan from its per-blob results: the findings (sorted, de-duplicated) and the
/// warnings, in the order of the results.
fn gather(
    per_blob: impl IntoIterator<Item = Result<Vec<Finding>, Warning>>,
    stats: Stats,
) -> ScanOutcome {
    let mut outcome = ScanOutcome {
        stats,
        ..ScanOutcome::default()
    };
    for r in per_blob {
        match r {
            Ok(f) => outcome.findings.extend(f),
            Err(w) => outcome.warnings.push(w),
        }
    }
    sort_findings(&mut outcome.findings);
    outcome
}

/// Where [`BlobRef::Git`] blobs are read from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GitSource<'a> {
    /// The repository's git directory.
    pub(crate) dir: &'a Path,
    /// `Some` when every loose object was checked whole before the scan (a history scan): what
    /// that found. `None`: each loose blob is checked as it is read.
    pub(crate) damaged: Option<&'a sources::git::Damaged>,
}

/// Scans `blobs` in parallel (see [`PerBlob`]).
pub(crate) fn scan_blobs(
    rules: &RuleSet,
    blobs: &[BlobRef],
    opts: ScanOptions,
    git: Option<GitSource<'_>>,
    progress: &Progress,
) -> PerBlob {
    scan_each(rules, blobs.par_iter(), opts, git, None, progress)
}

/// Files with more than one name (hard links), put aside by a streamed scan: each with its
/// `(device, inode)`.
type Linked = Mutex<Vec<(BlobRef, (u64, u64))>>;

/// Scans the files a walk sends (see [`sources::fs::stream`]) while it is still walking, in
/// parallel with it. A file with hard links is put aside when it is opened and scanned after the
/// walk, under the first of its names (by path) only, as a sorted walk would.
pub(crate) fn scan_streamed(
    rules: &RuleSet,
    files: std::sync::mpsc::Receiver<BlobRef>,
    opts: ScanOptions,
    progress: &Progress,
) -> ScanOutcome {
    let linked = Linked::default();
    let (per_blob, stats, mut capped) = scan_each(
        rules,
        files.into_iter().par_bridge(),
        opts,
        None,
        Some(&linked),
        progress,
    );
    let mut linked = linked.into_inner().unwrap_or_else(|p| p.into_inner());
    linked.sort_unstable_by(|a, b| match (&a.0, &b.0) {
        (BlobRef::File { path: x, .. }, BlobRef::File { path: y, .. }) => {
            x.as_os_str().cmp(y.as_os_str())
        }
        _ => std::cmp::Ordering::Equal,
    });
    let mut seen = std::collections::HashSet::new();
    let once: Vec<BlobRef> = linked
        .into_iter()
        .filter(|(_, id)| seen.insert(*id))
        .map(|(blob, _)| blob)
        .collect();
    let (more, more_stats, more_capped) = scan_blobs(rules, &once, opts, None, progress);
    let mut outcome = gather(per_blob.into_iter().chain(more), stats.add(&more_stats));
    // They came in the order the files were found, which depends on thread timing.
    crate::warning::sort(&mut outcome.warnings);
    capped.extend(more_capped);
    outcome.warnings.extend(one_per_path(capped));
    outcome
}

/// The scan of [`scan_blobs`] over any parallel iterator (in its order, if it has one). With
/// `linked`, files with hard links are put there instead of being scanned.
fn scan_each<B: std::borrow::Borrow<BlobRef> + Send>(
    rules: &RuleSet,
    blobs: impl ParallelIterator<Item = B>,
    opts: ScanOptions,
    git: Option<GitSource<'_>>,
    linked: Option<&Linked>,
    progress: &Progress,
) -> PerBlob {
    let stats = AtomicStats {
        files: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
        skipped_binary: AtomicU64::new(0),
        skipped_large: AtomicU64::new(0),
        skipped_allowlisted: AtomicU64::new(0),
        archives: AtomicU64::new(0),
        members: AtomicU64::new(0),
        capped: Mutex::new(Vec::new()),
        archive_warnings: Mutex::new(Vec::new()),
        archive_budget: ScanBudget::default(),
        progress,
    };
    // Workers outlive rayon's splits: a split leases one from the pool (one lock per split, not
    // per blob) and gives it back, so regex caches stay warm for the whole scan.
    let pool: Mutex<Vec<Worker<'_, '_>>> = Mutex::new(Vec::new());
    let new_worker = || Worker {
        matcher: Matcher::new(rules),
        buf: Vec::new(),
        raw: Vec::new(),
        git,
        repo: None,
        commit_hex: String::new(),
    };
    let results: Vec<Result<Vec<Finding>, Warning>> = blobs
        .map_init(
            || Lease {
                worker: Some(
                    pool.lock()
                        .ok()
                        .and_then(|mut idle| idle.pop())
                        .unwrap_or_else(new_worker),
                ),
                pool: &pool,
            },
            |lease, blob| {
                let result = match lease.worker.as_mut() {
                    Some(w) => w.scan(blob.borrow(), opts, &stats, linked),
                    None => Ok(Vec::new()),
                };
                progress.add_blob();
                result
            },
        )
        .collect();
    let unreadable = results.iter().filter(|r| r.is_err()).count() as u64;
    let capped = stats.capped.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut archived = stats
        .archive_warnings
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    // They come in thread order.
    crate::warning::sort(&mut archived);
    let stats = Stats {
        files: stats.files.into_inner(),
        bytes: stats.bytes.into_inner(),
        skipped_binary: stats.skipped_binary.into_inner(),
        skipped_large: stats.skipped_large.into_inner(),
        skipped_special: 0,
        skipped_allowlisted: stats.skipped_allowlisted.into_inner(),
        unreadable,
        archives: stats.archives.into_inner(),
        members: stats.members.into_inner(),
    };
    let mut warnings = one_per_path(capped);
    warnings.extend(archived);
    (results, stats, warnings)
}

/// The capped-blob warnings sorted (they come in thread order), the first for each path only:
/// one file capped in every version of a history says so once.
fn one_per_path(mut capped: Vec<Warning>) -> Vec<Warning> {
    crate::warning::sort(&mut capped);
    let mut paths = std::collections::HashSet::new();
    capped.retain(|w| match w {
        Warning::FindingsCapped { path, .. } => paths.insert(path.clone()),
        _ => true,
    });
    capped
}

/// A worker on loan from the pool; it goes back when rayon drops the split's state.
struct Lease<'p, 'r, 'g> {
    worker: Option<Worker<'r, 'g>>,
    pool: &'p Mutex<Vec<Worker<'r, 'g>>>,
}

impl Drop for Lease<'_, '_, '_> {
    fn drop(&mut self) {
        if let (Some(w), Ok(mut idle)) = (self.worker.take(), self.pool.lock()) {
            idle.push(w);
        }
    }
}

impl<'g> Worker<'_, 'g> {
    fn scan(
        &mut self,
        blob: &BlobRef,
        opts: ScanOptions,
        stats: &AtomicStats<'_>,
        linked: Option<&Linked>,
    ) -> Result<Vec<Finding>, Warning> {
        // A file whose path a global allowlist allows whatever it holds is not read at all.
        if matches!(blob, BlobRef::File { .. } | BlobRef::Git { .. })
            && self.matcher.rules().path_allowlisted(blob.rel())
        {
            stats.skipped_allowlisted.fetch_add(1, Ordering::Relaxed);
            return Ok(Vec::new());
        }
        let loaded = match blob {
            BlobRef::Git { oid, path, commit } => {
                return self.scan_git(*oid, path, *commit, opts, stats)
            }
            BlobRef::Message { commit } => return self.scan_message(*commit, opts),
            BlobRef::File { path, display, .. } => {
                let cannot = |e: std::io::Error| Warning::FileUnreadable {
                    path: display.clone(),
                    error: e.to_string(),
                };
                let (file, meta) = sources::fs::open(path).map_err(cannot)?;
                if let Some(linked) = linked.filter(|_| sources::fs::has_links(&meta)) {
                    let id = sources::fs::file_id(&meta, path);
                    let mut linked = linked.lock().unwrap_or_else(|p| p.into_inner());
                    linked.push((blob.clone(), id));
                    return Ok(Vec::new());
                }
                sources::read_file(&file, meta.len(), opts.max_file_size, &mut self.buf)
                    .map_err(cannot)?
            }
            BlobRef::Bytes { data, .. } => {
                self.buf.clear();
                self.buf.extend_from_slice(data);
                if sources::is_binary(&self.buf) {
                    Loaded::Skipped(Skip::Binary)
                } else {
                    Loaded::Scanned
                }
            }
        };
        let target = Target {
            path: blob.rel(),
            commit: None,
        };
        self.raw.clear();
        self.matcher.find_paths(&target, &mut self.raw);
        let kind = match loaded {
            Loaded::Skipped(Skip::TooLarge) => None,
            _ => opened(&self.buf, opts),
        };
        if let Some(kind) = kind {
            count(Loaded::Scanned, stats);
            let at = Archived {
                display: blob.display(),
                rel: blob.rel(),
                commit: None,
            };
            let findings = scan_archive(
                &mut self.matcher,
                &mut self.raw,
                kind,
                &self.buf,
                &at,
                opts,
                stats,
            );
            return Ok(findings);
        }
        if count(loaded, stats) {
            add_bytes(stats, self.buf.len());
            self.matcher.find_with_decoding(
                &target,
                &self.buf,
                opts.max_decode_depth,
                &mut self.raw,
            );
        } else {
            self.buf.clear();
        }
        let cap = opts.max_findings_per_file;
        let (findings, found) = to_findings_at_most(
            self.matcher.rules(),
            &mut self.raw,
            &self.buf,
            blob.display(),
            blob.rel(),
            cap,
            opts.line_hashes,
        );
        stats.capped(blob.display(), None, found, &findings);
        Ok(findings)
    }

    /// This worker's handle on the repository of its git source, opened on first use; the
    /// source. `place` says in the warning which blob needed it.
    fn open_repo(&mut self, place: impl FnOnce() -> Place) -> Result<GitSource<'g>, Warning> {
        let git = self
            .git
            .ok_or_else(|| Warning::NoRepository { place: place() })?;
        if self.repo.is_none() {
            let dir = git.dir;
            let cannot = |e: git2::Error| Warning::RepositoryUnopenable {
                dir: dir.to_path_buf(),
                message: e.message().to_string(),
            };
            let repo = git2::Repository::open(dir).map_err(cannot)?;
            let headers = sources::git::HeaderReader::open(&sources::git::objects_dir(&repo))
                .map_err(cannot)?;
            self.repo = Some((repo, headers));
        }
        Ok(git)
    }

    /// A commit's message, scanned as content of its own: findings with an empty path and the
    /// commit set. Messages are not files: they are not counted in the scan's stats.
    fn scan_message(
        &mut self,
        commit: git2::Oid,
        opts: ScanOptions,
    ) -> Result<Vec<Finding>, Warning> {
        let place = || Place::Path {
            path: "".into(),
            commit: Some(commit),
        };
        self.open_repo(place)?;
        let Some((repo, _)) = self.repo.as_ref() else {
            return Ok(Vec::new());
        };
        let c = repo.find_commit(commit).map_err(|e| {
            sources::git::missing_object(ObjectKind::Commit, commit, Place::History, &e)
        })?;
        let message = c.message_bytes();
        if message.len() as u64 > opts.max_file_size || sources::is_binary(message) {
            return Ok(Vec::new());
        }
        self.commit_hex.clear();
        {
            use std::fmt::Write;
            let _ = write!(self.commit_hex, "{commit}");
        }
        let target = Target {
            path: "",
            commit: Some(self.commit_hex.as_str()),
        };
        self.raw.clear();
        self.matcher
            .find_with_decoding(&target, message, opts.max_decode_depth, &mut self.raw);
        let (mut findings, _) = to_findings_at_most(
            self.matcher.rules(),
            &mut self.raw,
            message,
            "",
            "",
            opts.max_findings_per_file,
            opts.line_hashes,
        );
        if !findings.is_empty() {
            let info = commit_info(&c);
            for f in &mut findings {
                f.commit = Some(info.clone());
            }
        }
        Ok(findings)
    }

    /// A blob read straight from this worker's repository handle (no copy of its content).
    fn scan_git(
        &mut self,
        oid: git2::Oid,
        path: &std::sync::Arc<str>,
        commit: Option<git2::Oid>,
        opts: ScanOptions,
        stats: &AtomicStats<'_>,
    ) -> Result<Vec<Finding>, Warning> {
        let place = || Place::Path {
            path: path.clone(),
            commit,
        };
        let git = self.open_repo(place)?;
        let Some((repo, headers)) = self.repo.as_ref() else {
            return Ok(Vec::new());
        };
        self.commit_hex.clear();
        if let Some(c) = commit {
            use std::fmt::Write;
            let _ = write!(self.commit_hex, "{c}");
        }
        let matcher = &mut self.matcher;
        let raw = &mut self.raw;
        let hex = &self.commit_hex;
        let target = Target {
            path,
            commit: commit.map(|_| hex.as_str()),
        };
        raw.clear();
        matcher.find_paths(&target, raw);
        let read = sources::git::with_blob(
            repo,
            headers,
            git.damaged,
            oid,
            opts.max_file_size,
            opts.max_archive_depth > 0,
            |content| {
                if let Some(kind) = opened(content, opts) {
                    let at = Archived {
                        display: path,
                        rel: path,
                        commit: commit.map(|c| (hex.as_str(), c)),
                    };
                    return scan_archive(matcher, raw, kind, content, &at, opts, stats);
                }
                add_bytes(stats, content.len());
                matcher.find_with_decoding(&target, content, opts.max_decode_depth, raw);
                let cap = opts.max_findings_per_file;
                let (findings, found) = to_findings_at_most(
                    matcher.rules(),
                    raw,
                    content,
                    path,
                    path,
                    cap,
                    opts.line_hashes,
                );
                stats.capped(path, commit, found, &findings);
                findings
            },
        )
        .map_err(|e| sources::git::missing_object(ObjectKind::Blob, oid, place(), &e))?;
        let loaded = match &read {
            Ok(_) => Loaded::Scanned,
            Err(skip) => Loaded::Skipped(*skip),
        };
        count(loaded, stats);
        // A skipped blob still answers to path rules (a binary `id_rsa.p12`, say).
        let mut findings = read.unwrap_or_else(|_| {
            let rules = self.matcher.rules();
            to_findings_at_most(rules, &mut self.raw, &[], path, path, 0, false).0
        });
        if let (Some(c), false) = (commit, findings.is_empty()) {
            let info = repo
                .find_commit(c)
                .map(|c| commit_info(&c))
                .or_else(|e| lenient_commit_info(repo, c).ok_or(e))
                .map_err(|e| {
                    let place = Place::Path {
                        path: path.clone(),
                        commit: None,
                    };
                    sources::git::missing_object(ObjectKind::Commit, c, place, &e)
                })?;
            for f in &mut findings {
                f.commit = Some(info.clone());
            }
        }
        Ok(findings)
    }
}

/// The archive format of `content`, if archives are opened and it is one.
fn opened(content: &[u8], opts: ScanOptions) -> Option<archive::Kind> {
    if opts.max_archive_depth == 0 {
        return None;
    }
    archive::detect(content)
}

/// Where an archive was found: its path as shown and relative to the root, and the commit
/// (hex, id) of a history scan.
struct Archived<'a> {
    display: &'a str,
    rel: &'a str,
    commit: Option<(&'a str, git2::Oid)>,
}

/// The findings of an archive blob (`content`, of `kind`): its own path's (path rules), then
/// every member's, each under `archive!member`. Its counts and warnings go to `stats`.
fn scan_archive(
    matcher: &mut Matcher<'_>,
    raw: &mut Vec<RawMatch>,
    kind: archive::Kind,
    content: &[u8],
    at: &Archived<'_>,
    opts: ScanOptions,
    stats: &AtomicStats<'_>,
) -> Vec<Finding> {
    let rules = matcher.rules();
    // The archive's own path (found by the caller) still answers to path rules.
    let (mut findings, _) = to_findings_at_most(rules, raw, &[], at.display, at.rel, 0, false);
    let limits = archive::Limits::new(opts.max_archive_depth, opts.max_file_size);
    let (hex, commit) = match at.commit {
        Some((hex, c)) => (Some(hex), Some(c)),
        None => (None, None),
    };
    let mut display = String::new();
    let mut rel = String::new();
    let mut visit = |m: archive::Member<'_>| {
        display.clear();
        display.push_str(at.display);
        display.push('!');
        display.push_str(m.path);
        rel.clear();
        rel.push_str(at.rel);
        rel.push('!');
        rel.push_str(m.path);
        let target = Target {
            path: &rel,
            commit: hex,
        };
        raw.clear();
        matcher.find_paths(&target, raw);
        let content = match m.content {
            Ok(c) => {
                add_bytes(stats, c.len());
                matcher.find_with_decoding(&target, c, opts.max_decode_depth, raw);
                c
            }
            Err(Skip::TooLarge) => {
                stats.skipped_large.fetch_add(1, Ordering::Relaxed);
                &[]
            }
            Err(Skip::Binary) => &[],
        };
        let cap = opts.max_findings_per_file;
        let (mut found, n) =
            to_findings_at_most(rules, raw, content, &display, &rel, cap, opts.line_hashes);
        stats.capped(&display, commit, n, &found);
        for f in &mut found {
            f.member_at = Some(at.rel.len());
        }
        findings.extend(found);
    };
    let walked = archive::walk(
        at.display,
        kind,
        content,
        &limits,
        &stats.archive_budget,
        &mut visit,
    );
    stats.archives.fetch_add(walked.archives, Ordering::Relaxed);
    stats.members.fetch_add(walked.members, Ordering::Relaxed);
    if !walked.warnings.is_empty() {
        let mut w = stats
            .archive_warnings
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        w.extend(walked.warnings);
    }
    findings
}

/// The details of `commit` that a finding reports.
fn commit_info(commit: &git2::Commit<'_>) -> CommitInfo {
    let author = commit.author();
    CommitInfo {
        commit: commit.id().to_string(),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        date: rfc3339(author.when().seconds(), author.when().offset_minutes()),
        message: first_line(commit.message_bytes()),
    }
}

/// The details of a commit libgit2 refuses (an author date that overflows), read as far as
/// they can be: a date that cannot be read is empty (the history walk warned about it).
fn lenient_commit_info(repo: &git2::Repository, oid: git2::Oid) -> Option<CommitInfo> {
    let objects = sources::git::objects::Objects::open(repo).ok()?;
    let c = objects.commit(oid).ok()?;
    Some(CommitInfo {
        commit: oid.to_string(),
        author: c.author.name,
        email: c.author.email,
        date: c
            .author
            .when
            .map(|(s, o)| rfc3339(s, o))
            .unwrap_or_default(),
        message: first_line(&c.message),
    })
}

/// The first line of a commit message that is not blank, trimmed.
fn first_line(message: &[u8]) -> String {
    let first = message
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .unwrap_or(b"");
    String::from_utf8_lossy(first).trim().to_string()
}

/// Counts `n` bytes scanned, in the scan's stats and the progress bar's.
fn add_bytes(stats: &AtomicStats<'_>, n: usize) {
    stats.bytes.fetch_add(n as u64, Ordering::Relaxed);
    stats.progress.add_bytes(n as u64);
}

/// Counts a loaded or skipped blob; whether it is to be matched.
fn count(loaded: Loaded, stats: &AtomicStats<'_>) -> bool {
    match loaded {
        Loaded::Skipped(Skip::Binary) => {
            stats.skipped_binary.fetch_add(1, Ordering::Relaxed);
            false
        }
        Loaded::Skipped(Skip::TooLarge) => {
            stats.skipped_large.fetch_add(1, Ordering::Relaxed);
            false
        }
        Loaded::Scanned => {
            stats.files.fetch_add(1, Ordering::Relaxed);
            true
        }
    }
}
