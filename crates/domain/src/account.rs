//! Logins and the lockout rule. Password hashing lives in the web crate (argon2, off the async
//! threads); this module only decides names and how long failed logins make the next wait.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A login name, normalised (trimmed, lowercase) so that "Admin" and "admin " are one account.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Login(String);

impl Login {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let s = s.trim().to_lowercase();
        if s.is_empty() {
            return Err(DomainError::invalid(
                "login",
                crate::message::Text::id("validation-login-empty"),
            ));
        }
        if s.chars().count() > 64 {
            return Err(DomainError::invalid(
                "login",
                crate::message::Text::id("validation-login-too_long"),
            ));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+'))
        {
            return Err(DomainError::invalid(
                "login",
                crate::message::Text::id("validation-login-chars"),
            ));
        }
        Ok(Self(s))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Growing waits after failed logins: the first `free_failures` cost nothing, each one after
/// that doubles the wait before the next try is heard (from `first_delay` up to `max_delay`).
///
/// Nothing is ever locked: the wait applies to one key (an account from one address, or one
/// address), so the owner of an account under attack still logs in from elsewhere, and the
/// guesser is held to a few tries an hour instead of thousands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginBackoff {
    pub free_failures: u32,
    pub first_delay: Duration,
    pub max_delay: Duration,
}

impl LoginBackoff {
    /// The wait that follows the `failures`-th failure in a row.
    #[must_use]
    pub fn delay_after(&self, failures: u64) -> Duration {
        let Some(over) = failures.checked_sub(u64::from(self.free_failures)) else {
            return Duration::zero();
        };
        if over == 0 {
            return Duration::zero();
        }
        // 2^(over-1) times the first delay; past 2^20 every sane cap has been reached.
        let factor = 1_i32 << over.saturating_sub(1).min(20);
        self.first_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
            .max(Duration::zero())
    }

    /// Until when the next try must wait, given how many failures count against the key and
    /// when the last one was; `None` if it may try now.
    #[must_use]
    pub fn wait_until(
        &self,
        failures: u64,
        last_failure: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let until = last_failure? + self.delay_after(failures);
        (until > now).then_some(until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap() + Duration::minutes(min)
    }

    #[test]
    fn logins_are_normalised() {
        assert_eq!(Login::parse("  Admin ").unwrap().as_str(), "admin");
        assert!(Login::parse("").is_err());
        assert!(Login::parse("a b").is_err());
        assert!(Login::parse("x'; DROP TABLE app_user; --").is_err());
        assert!(Login::parse(&"a".repeat(65)).is_err());
        assert!(Login::parse("nguyen.van-a@ubnd.vn").is_ok());
    }

    #[test]
    fn the_free_failures_cost_nothing() {
        let b = backoff();
        for n in 0..=3 {
            assert_eq!(b.delay_after(n), Duration::zero(), "{n}");
            assert_eq!(b.wait_until(n, Some(t(0)), t(0)), None);
        }
    }

    #[test]
    fn each_further_failure_doubles_the_wait_up_to_the_cap() {
        let b = backoff();
        let waits: Vec<i64> = (4..=12).map(|n| b.delay_after(n).num_seconds()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 900, 900, 900, 900]);
        assert_eq!(b.delay_after(u64::MAX), Duration::minutes(15));
    }

    #[test]
    fn the_wait_runs_from_the_last_failure() {
        let b = backoff();
        assert_eq!(b.wait_until(5, Some(t(0)), t(0)), Some(t(1)));
        assert_eq!(b.wait_until(5, Some(t(0)), t(1)), None);
        assert_eq!(b.wait_until(5, None, t(0)), None);
    }

    fn backoff() -> LoginBackoff {
        LoginBackoff {
            free_failures: 3,
            first_delay: Duration::seconds(30),
            max_delay: Duration::minutes(15),
        }
    }
}
