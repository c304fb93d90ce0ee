//! What the clients measured, merged into one report.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde::Serialize;

/// The four calls of a lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Call {
    Create,
    HandOver,
    Return,
    Lookup,
}

impl Call {
    pub const ALL: [Self; 4] = [Self::Create, Self::HandOver, Self::Return, Self::Lookup];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::HandOver => "hand_over",
            Self::Return => "return_result",
            Self::Lookup => "lookup",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One client's tally; latencies in microseconds.
#[derive(Debug, Default)]
pub struct ClientStats {
    pub lifecycles: u64,
    pub latencies: BTreeMap<Call, Vec<u32>>,
    /// (call, HTTP status or 0 for no answer) → count.
    pub errors: BTreeMap<(Call, u16), u64>,
    pub first_error: Option<String>,
}

impl ClientStats {
    pub fn record(&mut self, call: Call, took: Duration) {
        let micros = u32::try_from(took.as_micros()).unwrap_or(u32::MAX);
        self.latencies.entry(call).or_default().push(micros);
    }

    pub fn error(&mut self, call: Call, status: u16) {
        *self.errors.entry((call, status)).or_default() += 1;
    }

    pub fn merge(&mut self, other: Self) {
        self.lifecycles += other.lifecycles;
        for (call, mut v) in other.latencies {
            self.latencies.entry(call).or_default().append(&mut v);
        }
        for (k, n) in other.errors {
            *self.errors.entry(k).or_default() += n;
        }
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

/// Latency percentiles of one call, in milliseconds.
#[derive(Clone, Debug, Serialize)]
pub struct Latency {
    pub call: Call,
    pub count: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latency {
    #[must_use]
    pub fn of(call: Call, micros: &mut [u32]) -> Self {
        micros.sort_unstable();
        let at = |q: f64| -> f64 {
            if micros.is_empty() {
                return 0.0;
            }
            // Nearest rank: the smallest value with at least q of the sample at or below it.
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let rank = ((q * micros.len() as f64).ceil() as usize).clamp(1, micros.len());
            f64::from(micros[rank - 1]) / 1000.0
        };
        Self {
            call,
            count: micros.len(),
            p50_ms: at(0.50),
            p95_ms: at(0.95),
            p99_ms: at(0.99),
            max_ms: at(1.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let mut v: Vec<u32> = (1..=100).map(|i| i * 1000).collect();
        fastrand::shuffle(&mut v);
        let l = Latency::of(Call::Create, &mut v);
        assert_eq!(l.count, 100);
        assert!((l.p50_ms - 50.0).abs() < f64::EPSILON);
        assert!((l.p95_ms - 95.0).abs() < f64::EPSILON);
        assert!((l.p99_ms - 99.0).abs() < f64::EPSILON);
        assert!((l.max_ms - 100.0).abs() < f64::EPSILON);
    }

    #[test]
    fn an_empty_sample_has_zero_percentiles() {
        let l = Latency::of(Call::Lookup, &mut []);
        assert_eq!(l.count, 0);
        assert!(l.p99_ms.abs() < f64::EPSILON);
    }

    #[test]
    fn merging_adds_counts_and_keeps_the_first_error() {
        let mut a = ClientStats {
            lifecycles: 2,
            first_error: Some("first".into()),
            ..ClientStats::default()
        };
        a.error(Call::Create, 500);
        let mut b = ClientStats {
            lifecycles: 3,
            first_error: Some("second".into()),
            ..ClientStats::default()
        };
        b.error(Call::Create, 500);
        b.record(Call::Lookup, Duration::from_millis(2));
        a.merge(b);
        assert_eq!(a.lifecycles, 5);
        assert_eq!(a.errors[&(Call::Create, 500)], 2);
        assert_eq!(a.latencies[&Call::Lookup], vec![2000]);
        assert_eq!(a.first_error.as_deref(), Some("first"));
    }
}
