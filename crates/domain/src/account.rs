//! Logins and the lockout rule. Password hashing lives in the web crate (argon2, off the async
//! threads); this module only decides names and how long failed logins make the next wait.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::dossier::applicant::{Email, Phone};

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

/// Where a citizen's account receives its one-time codes: a mobile phone (by SMS) or an email
/// address. It is also the account's login, so one phone or address holds one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contact {
    Phone(Phone),
    Email(Email),
}

impl Contact {
    /// A phone number if the text has no `@`, else an email address. Only mobile numbers
    /// receive SMS, so a landline is refused.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        const F: &str = "contact";
        let shown = raw.trim();
        if shown.is_empty() {
            return Err(DomainError::invalid(
                F,
                crate::message::Text::id("validation-contact-empty"),
            ));
        }
        let relabel = |e: DomainError| {
            DomainError::invalid(
                F,
                e.fields()
                    .first()
                    .map(|f| f.message.clone())
                    .unwrap_or_else(|| crate::message::Text::id("validation-contact-empty")),
            )
        };
        let contact = if shown.contains('@') {
            Self::Email(Email::parse(shown).map_err(relabel)?)
        } else {
            let phone = Phone::parse(shown).map_err(relabel)?;
            if !phone.is_mobile() {
                return Err(DomainError::invalid(
                    F,
                    crate::message::Text::with(
                        "validation-contact-landline",
                        vec![("shown", shown.into())],
                    ),
                ));
            }
            Self::Phone(phone)
        };
        // The contact becomes the login: an address with characters a login cannot hold
        // (quotes, say) is refused here rather than at the end of the sign-up.
        contact.login().map_err(|_| {
            DomainError::invalid(
                F,
                crate::message::Text::with(
                    "validation-contact-chars",
                    vec![("shown", shown.into())],
                ),
            )
        })?;
        Ok(contact)
    }

    /// The login of the account this contact holds.
    pub fn login(&self) -> Result<Login, DomainError> {
        Login::parse(self.as_str())
    }

    /// The phone in national form, or the address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Phone(p) => p.as_str(),
            Self::Email(e) => e.as_str(),
        }
    }

    /// The contact with most of it hidden ("09•••••678", "a•••@gmail.com"), for pages that
    /// say where a code went without showing the whole number to someone looking on.
    #[must_use]
    pub fn masked(&self) -> String {
        fn hide(s: &str, keep_start: usize, keep_end: usize) -> String {
            let n = s.chars().count();
            s.chars()
                .enumerate()
                .map(|(i, c)| {
                    if i < keep_start || i + keep_end >= n {
                        c
                    } else {
                        '\u{2022}'
                    }
                })
                .collect()
        }
        match self {
            Self::Phone(p) => hide(p.as_str(), 2, 3),
            Self::Email(e) => match e.as_str().split_once('@') {
                Some((local, domain)) => format!("{}@{domain}", hide(local, 1, 0)),
                None => hide(e.as_str(), 1, 0),
            },
        }
    }
}

/// One-time codes that confirm a new account's contact or a forgotten password. The numbers
/// are defaults chosen for a citizen waiting for an SMS, not rules of law.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeLimits {
    /// Digits in a code.
    pub digits: u32,
    /// How long a code can be used.
    pub valid_for: Duration,
    /// Wrong codes a ticket takes before it is spent.
    pub max_tries: u32,
    /// Codes sent to one phone or address, and codes asked for from one network address,
    /// within `window`.
    pub per_contact: u32,
    pub per_address: u32,
    pub window: Duration,
}

impl Default for CodeLimits {
    fn default() -> Self {
        Self {
            digits: 6,
            valid_for: Duration::minutes(10),
            max_tries: 5,
            per_contact: 5,
            per_address: 20,
            window: Duration::hours(1),
        }
    }
}

/// Why a one-time code was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodePurpose {
    SignUp,
    Reset,
}

impl CodePurpose {
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::SignUp => "signup",
            Self::Reset => "reset",
        }
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
    fn a_contact_is_a_mobile_phone_or_an_address_and_becomes_the_login() {
        let phone = Contact::parse("+84 912 345 678").unwrap();
        assert_eq!(phone.as_str(), "0912345678");
        assert_eq!(phone.login().unwrap().as_str(), "0912345678");
        assert_eq!(
            phone.masked(),
            "09\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}678"
        );
        let email = Contact::parse(" An.Nguyen@Gmail.com ").unwrap();
        assert!(matches!(email, Contact::Email(_)));
        assert_eq!(email.login().unwrap().as_str(), "an.nguyen@gmail.com");
        assert_eq!(
            email.masked(),
            "A\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}@gmail.com"
        );
        for bad in ["", "02923 812 345", "0912", "an@", "o'brien@example.vn"] {
            let e = Contact::parse(bad).unwrap_err();
            assert_eq!(e.fields()[0].field, "contact", "{bad}");
        }
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
