//! Logins and the lockout rule. Password hashing lives in the web crate (argon2, off the async
//! threads); this module only decides names and when too many failures lock a login.

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
                "Vui lòng nhập tên đăng nhập.",
            ));
        }
        if s.chars().count() > 64 {
            return Err(DomainError::invalid(
                "login",
                "Tên đăng nhập dài quá 64 ký tự.",
            ));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+'))
        {
            return Err(DomainError::invalid(
                "login",
                "Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các ký tự . _ - @ +.",
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

/// How many failed logins within which window lock a login, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub max_failures: u32,
    pub window: Duration,
    pub lock_for: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            window: Duration::minutes(15),
            lock_for: Duration::minutes(15),
        }
    }
}

impl LockoutPolicy {
    /// `failures` are the times of failed attempts since the last success (any order).
    /// Returns until when the login is locked, if it is locked at `now`.
    #[must_use]
    pub fn locked_until(
        &self,
        failures: &[DateTime<Utc>],
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let max = usize::try_from(self.max_failures).unwrap_or(usize::MAX);
        if max == 0 {
            return None;
        }
        let mut recent: Vec<_> = failures
            .iter()
            .copied()
            .filter(|t| *t > now - self.window - self.lock_for && *t <= now)
            .collect();
        recent.sort_unstable();
        // The lock starts at the failure that completed `max` failures within one window.
        let mut locked: Option<DateTime<Utc>> = None;
        for (i, t) in recent.iter().enumerate() {
            if i + 1 >= max && *t - recent[i + 1 - max] <= self.window {
                locked = Some(*t + self.lock_for);
            }
        }
        locked.filter(|until| *until > now)
    }

    /// How far back the store must look for failures to apply this policy.
    #[must_use]
    pub fn lookback(&self) -> Duration {
        self.window + self.lock_for
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
    fn four_failures_do_not_lock() {
        let p = LockoutPolicy::default();
        assert_eq!(p.locked_until(&[t(0), t(1), t(2), t(3)], t(4)), None);
    }

    #[test]
    fn five_failures_in_the_window_lock_for_the_lock_time() {
        let p = LockoutPolicy::default();
        let f = [t(0), t(1), t(2), t(3), t(4)];
        assert_eq!(p.locked_until(&f, t(5)), Some(t(19)));
        assert_eq!(p.locked_until(&f, t(19)), None);
    }

    #[test]
    fn failures_spread_beyond_the_window_do_not_lock() {
        let p = LockoutPolicy::default();
        let f = [t(0), t(10), t(20), t(30), t(40)];
        assert_eq!(p.locked_until(&f, t(41)), None);
    }
}
