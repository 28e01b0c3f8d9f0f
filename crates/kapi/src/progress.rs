//! Progress displays: on a terminal only, never on a pipe or in CI.

use kapi_source::{Scan, ScanOptions, ScanProgress, SourceError};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long a scan runs before its progress is shown; tests shorten it
/// with `KAPI_PROGRESS_DELAY_MS`.
fn show_after() -> Duration {
    let ms = std::env::var("KAPI_PROGRESS_DELAY_MS").ok().and_then(|v| v.parse().ok());
    Duration::from_millis(ms.unwrap_or(1000))
}

/// Whether progress may be drawn: stderr is a terminal and `CI` is unset.
pub fn enabled() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Scans `path`, showing a spinner with the files and bytes read once the
/// scan has taken longer than a second.
pub fn scan_path(path: &Path, opts: &ScanOptions) -> Result<Scan, SourceError> {
    if !enabled() || !path.is_dir() {
        return kapi_source::scan_path(path, opts);
    }
    let counters = Arc::new(ScanProgress::default());
    let opts = ScanOptions { progress: Some(counters.clone()), ..opts.clone() };
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| show(&counters, &done));
        let scan = kapi_source::scan_path(path, &opts);
        done.store(true, Ordering::Relaxed);
        scan
    })
}

fn show(counters: &ScanProgress, done: &AtomicBool) {
    let (start, after) = (Instant::now(), show_after());
    while start.elapsed() < after {
        if done.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let bar = indicatif::ProgressBar::new_spinner().with_elapsed(start.elapsed());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} scanning: {msg} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    loop {
        let files = counters.files.load(Ordering::Relaxed);
        let bytes = counters.bytes.load(Ordering::Relaxed);
        bar.set_message(format!("{files} files, {}", indicatif::HumanBytes(bytes)));
        bar.tick();
        if done.load(Ordering::Relaxed) {
            break;
        }
        std::thread::sleep(Duration::from_millis(80));
    }
    bar.finish_and_clear();
}
