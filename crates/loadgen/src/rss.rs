//! The server's resident memory and CPU time, read from /proc while the load runs.

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

/// CPU time (user and system, all threads) that `pid` has used so far, in seconds, or `None`
/// when the process is gone. `/proc/<pid>/stat` counts it in clock ticks of `USER_HZ`, which
/// Linux fixes at 100 a second in its user-space ABI.
#[must_use]
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces; count fields after it.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    #[allow(clippy::cast_precision_loss)]
    Some((utime + stime) as f64 / 100.0)
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
    fn this_process_uses_cpu_time_and_a_missing_one_has_none() {
        let before = cpu_seconds(std::process::id()).expect("own /proc entry");
        // Spin for about 50 ms of CPU: five clock ticks.
        let start = std::time::Instant::now();
        let mut x = 0u64;
        while start.elapsed() < Duration::from_millis(50) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let after = cpu_seconds(std::process::id()).expect("own /proc entry");
        assert!(after > before, "{before} -> {after}");
        assert!(after - before < 5.0, "{before} -> {after}");
        assert_eq!(cpu_seconds(u32::MAX), None);
    }

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
