//! The server's resident memory, read from /proc while the load runs.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Resident set size of `pid` in KiB, or `None` when the process is gone.
#[must_use]
pub fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Samples every 100 ms until dropped; `peak()` is the highest sample so far.
#[derive(Debug)]
pub struct Sampler {
    peak: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Sampler {
    #[must_use]
    pub fn start(pid: u32) -> Self {
        let peak = Arc::new(AtomicU64::new(0));
        let p = Arc::clone(&peak);
        let task = tokio::spawn(async move {
            loop {
                if let Some(kib) = resident_kib(pid) {
                    p.fetch_max(kib, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        Self { peak, task }
    }

    #[must_use]
    pub fn peak_kib(&self) -> u64 {
        self.peak.load(Ordering::Relaxed)
    }
}

impl Drop for Sampler {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_resident_memory_and_a_missing_one_has_none() {
        let own = resident_kib(std::process::id()).expect("own /proc entry");
        assert!(
            own > 100,
            "a running test binary uses more than 100 KiB, got {own}"
        );
        assert_eq!(resident_kib(u32::MAX), None);
    }
}
