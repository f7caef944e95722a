//! The progress bar: on stderr, only when stderr is a terminal, only for scans that last more
//! than a second, and never with `--no-progress`. It reads the scan's counters from a thread of
//! its own, so the workers pay one relaxed atomic add per blob for it.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::scan::PROGRESS;

/// A running progress display; dropping it clears it. [`Ticker::during`] runs a scan under one.
pub struct Ticker {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

/// How long a scan runs before the bar appears.
const DELAY: Duration = Duration::from_secs(1);

impl Ticker {
    /// Starts watching a scan of `total` blobs (`None`: not known yet, as when files are
    /// scanned while the walk finds them). Shows nothing unless `wanted` and stderr is a
    /// terminal.
    pub fn start(total: Option<u64>, wanted: bool) -> Ticker {
        let stop = Arc::new(AtomicBool::new(false));
        PROGRESS.reset();
        if !wanted || !std::io::stderr().is_terminal() || total == Some(0) {
            return Ticker { stop, handle: None };
        }
        let flag = stop.clone();
        let handle = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || run(total, &flag))
            .ok();
        Ticker { stop, handle }
    }

    /// Runs `scan` with a progress display of `total` blobs (see [`Ticker::start`]), which is
    /// cleared when it returns.
    pub fn during<T>(total: Option<u64>, wanted: bool, scan: impl FnOnce() -> T) -> T {
        let mut ticker = Ticker::start(total, wanted);
        let done = scan();
        ticker.finish();
        done
    }

    fn finish(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.finish();
    }
}

fn run(total: Option<u64>, stop: &AtomicBool) {
    let started = Instant::now();
    while started.elapsed() < DELAY {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr_with_hz(10));
    let template = match total {
        Some(_) => "{spinner} scanning {pos}/{len} blobs {wide_bar} {msg} [{elapsed}]",
        None => "{spinner} scanning {pos} blobs {msg} [{elapsed}]",
    };
    let style =
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    while !stop.load(Ordering::Relaxed) {
        let bytes = PROGRESS.bytes.load(Ordering::Relaxed);
        let secs = started.elapsed().as_secs_f64().max(0.001);
        bar.set_position(PROGRESS.blobs.load(Ordering::Relaxed));
        bar.set_message(format!(
            "{} ({}/s)",
            super::messages::human_bytes(bytes),
            super::messages::human_bytes((bytes as f64 / secs) as u64)
        ));
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}
