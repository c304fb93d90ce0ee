//! A per-client limit of requests a minute, kept in memory (each server counts its own).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Utc};

/// A fixed one-minute window per client address, in this server's memory. With several
/// servers a client gets the limit once per server, which still stops walking the code space;
/// the sessions, queues and locks that must be shared live in the database.
#[derive(Debug)]
pub struct RateLimit {
    per_minute: u32,
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateLimit {
    #[must_use]
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// True if `client` may make one more look-up at `now`.
    pub fn allow(&self, client: &str, now: DateTime<Utc>) -> bool {
        let minute = now.timestamp().div_euclid(60);
        let mut w = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        if w.len() > 100_000 {
            // Forget finished windows rather than grow without bound under a scan.
            w.retain(|_, (m, _)| *m == minute);
        }
        let entry = w.entry(client.to_owned()).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        entry.1 += 1;
        entry.1 <= self.per_minute
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_limit_resets_each_minute_and_is_per_client() {
        let l = RateLimit::new(2);
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 5).unwrap();
        assert!(l.allow("a", t0));
        assert!(l.allow("a", t0));
        assert!(!l.allow("a", t0));
        assert!(l.allow("b", t0));
        assert!(l.allow("a", t0 + chrono::Duration::seconds(60)));
    }
}
