//! The progress bar: on stderr, only when stderr is a terminal, only for scans that last more
//! than a second, and never with `--no-progress`. A thread of its own reads the scan's
//! [`Progress`] (the workers pay one relaxed atomic add per blob for it).

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::scan::progress::{Phase, Progress};

/// How long a scan runs before the bar appears.
const DELAY: Duration = Duration::from_secs(1);
/// How often the display thread looks at the scan before the bar is shown, and after.
const POLL: Duration = Duration::from_millis(20);
const REDRAW: Duration = Duration::from_millis(100);

/// The progress display of one scan.
pub(crate) struct Ticker;

impl Ticker {
    /// Runs `scan`, which reports to `progress`, with a progress display that is cleared when it
    /// returns. Shows nothing unless `wanted` and stderr is a terminal; the bar appears once
    /// blobs have been scanned for [`DELAY`] (never for a scan of 0 blobs).
    pub(crate) fn during<T>(progress: &Progress, wanted: bool, scan: impl FnOnce() -> T) -> T {
        if !wanted || !std::io::stderr().is_terminal() {
            return scan();
        }
        let stop = AtomicBool::new(false);
        std::thread::scope(|s| {
            let shown = std::thread::Builder::new()
                .name("progress".into())
                .spawn_scoped(s, || show(progress, &stop));
            // Stops the display however `scan` ends (a panic included).
            struct Stop<'a>(&'a AtomicBool);
            impl Drop for Stop<'_> {
                fn drop(&mut self) {
                    self.0.store(true, Ordering::Relaxed);
                }
            }
            let done = {
                let _stop = Stop(&stop);
                scan()
            };
            if let Ok(h) = shown {
                let _ = h.join();
            }
            done
        })
    }
}

/// The display thread: waits for the scan of blobs to run for [`DELAY`], then draws the bar
/// until the scan is over or `stop` is set.
fn show(progress: &Progress, stop: &AtomicBool) {
    let (total, since) = loop {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        match progress.phase() {
            Phase::Scanning { total, since } if total != Some(0) && since.elapsed() >= DELAY => {
                break (total, since)
            }
            Phase::Done => return,
            _ => std::thread::sleep(POLL),
        }
    };
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr_with_hz(10));
    let template = match total {
        Some(_) => "{spinner} scanning {pos}/{len} blobs {wide_bar} {msg} [{elapsed}]",
        None => "{spinner} scanning {pos} blobs {msg} [{elapsed}]",
    };
    let style =
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    while !stop.load(Ordering::Relaxed) && matches!(progress.phase(), Phase::Scanning { .. }) {
        let bytes = progress.bytes();
        let secs = since.elapsed().as_secs_f64().max(0.001);
        bar.set_position(progress.blobs());
        bar.set_message(format!(
            "{} ({}/s)",
            super::messages::human_bytes(bytes),
            super::messages::human_bytes((bytes as f64 / secs) as u64)
        ));
        std::thread::sleep(REDRAW);
    }
    bar.finish_and_clear();
}
