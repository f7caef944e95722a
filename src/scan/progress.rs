//! How far a scan has got, for whoever shows it: the caller makes a [`Progress`], hands it to
//! [`super::run`], and may read it from another thread while the scan runs (the command line's
//! progress bar does). The workers add to it with relaxed atomics, one add per blob and one per
//! blob's bytes; nothing waits on it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// The counters of one scan, its phase, and where its notes go.
#[derive(Default)]
pub struct Progress {
    blobs: AtomicU64,
    bytes: AtomicU64,
    phase: Mutex<Phase>,
    notes: Option<Notes>,
}

/// Where a scan's notes go.
type Notes = Box<dyn Fn(&str) + Send + Sync>;

/// Where a scan is.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Loading rules, walking files or history: nothing scanned yet.
    #[default]
    Preparing,
    /// Scanning `total` blobs (`None`: not known, as when files are scanned while the walk finds
    /// them), since `since`.
    Scanning { total: Option<u64>, since: Instant },
    /// The main scan is over (what follows, such as reading HEAD's tree, is short).
    Done,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("blobs", &self.blobs())
            .field("bytes", &self.bytes())
            .field("phase", &self.phase())
            .finish_non_exhaustive()
    }
}

impl Progress {
    /// A progress that nobody hears notes from.
    pub fn new() -> Progress {
        Progress::default()
    }

    /// A progress whose notes (what a history walk found, before its blobs are scanned) go to
    /// `notes`.
    pub fn with_notes(notes: impl Fn(&str) + Send + Sync + 'static) -> Progress {
        Progress {
            notes: Some(Box::new(notes)),
            ..Progress::default()
        }
    }

    /// Blobs scanned so far.
    pub fn blobs(&self) -> u64 {
        self.blobs.load(Ordering::Relaxed)
    }

    /// Bytes scanned so far.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    pub fn phase(&self) -> Phase {
        *self.phase.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The scan of `total` blobs begins: the counters start from 0.
    pub(crate) fn begin(&self, total: Option<u64>) {
        self.blobs.store(0, Ordering::Relaxed);
        self.bytes.store(0, Ordering::Relaxed);
        *self.phase.lock().unwrap_or_else(|p| p.into_inner()) = Phase::Scanning {
            total,
            since: Instant::now(),
        };
    }

    /// The main scan is over.
    pub(crate) fn end(&self) {
        *self.phase.lock().unwrap_or_else(|p| p.into_inner()) = Phase::Done;
    }

    pub(crate) fn add_blob(&self) {
        self.blobs.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn add_bytes(&self, n: u64) {
        self.bytes.fetch_add(n, Ordering::Relaxed);
    }

    /// Passes a note to the caller's sink, if any.
    pub(crate) fn note(&self, text: &str) {
        if let Some(notes) = &self.notes {
            notes(text);
        }
    }
}
