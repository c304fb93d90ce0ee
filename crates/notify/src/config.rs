//! `notify.toml`: which channels are on, how to reach them, how hard to retry.
//!
//! Every key but a channel's address has a default; a channel is on when its table is present
//! (and `enabled` is not false). Unknown keys are refused, so a misspelt setting fails at
//! start-up instead of being silently ignored. Secrets (`password`, `bearer_token`) are held
//! as [`SecretString`], whose `Debug` prints `[REDACTED]`, so the config can be logged.

use std::path::Path;
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

use crate::error::{NotifyError, NotifyResult};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyConfig {
    /// Claims per attempt, the first one included, before a message is given up.
    #[serde(default = "defaults::max_attempts")]
    pub max_attempts: u32,
    /// Attempts allowed after the other side *refused* the message (SMTP 5xx, HTTP 4xx).
    /// Such refusals rarely pass, but one can come from a passing misconfiguration (a
    /// rejected login), so they get a few tries rather than none.
    #[serde(default = "defaults::max_permanent_attempts")]
    pub max_permanent_attempts: u32,
    /// Wait after the first failure; doubles with every further failure.
    #[serde(default = "defaults::base_backoff_secs")]
    pub base_backoff_secs: u64,
    /// Ceiling of the doubling wait.
    #[serde(default = "defaults::max_backoff_secs")]
    pub max_backoff_secs: u64,
    /// How often an idle worker looks for due messages.
    #[serde(default = "defaults::poll_interval_secs")]
    pub poll_interval_secs: u64,
    /// Messages claimed per round.
    #[serde(default = "defaults::batch_size")]
    pub batch_size: u32,
    /// Limit on one delivery attempt, whatever the channel. The claim on a batch lasts
    /// `batch_size × send_timeout_secs` plus a minute, so a live worker never loses its claim.
    #[serde(default = "defaults::send_timeout_secs")]
    pub send_timeout_secs: u64,
    pub email: Option<SmtpConfig>,
    pub sms: Option<WebhookConfig>,
    pub zalo: Option<WebhookConfig>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plain text; only for a relay on the same machine or a test sink.
    None,
    /// Connect in plain text, then upgrade; refuses to go on without TLS (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (SMTPS, port 465).
    Tls,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    #[serde(default = "defaults::enabled")]
    pub enabled: bool,
    pub host: String,
    /// Defaults to 25, 587 or 465 according to `tls`.
    pub port: Option<u16>,
    #[serde(default)]
    pub tls: TlsMode,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    /// The From header, e.g. `"Bộ phận Một cửa <motcua@xa-a.gov.vn>"`.
    pub from: String,
}

impl SmtpConfig {
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.tls {
            TlsMode::None => 25,
            TlsMode::Starttls => 587,
            TlsMode::Tls => 465,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    #[serde(default = "defaults::enabled")]
    pub enabled: bool,
    pub url: String,
    /// Sent as `Authorization: Bearer …` when set.
    pub bearer_token: Option<SecretString>,
}

mod defaults {
    pub(super) fn enabled() -> bool {
        true
    }
    pub(super) fn max_attempts() -> u32 {
        8
    }
    pub(super) fn max_permanent_attempts() -> u32 {
        3
    }
    pub(super) fn base_backoff_secs() -> u64 {
        30
    }
    pub(super) fn max_backoff_secs() -> u64 {
        3600
    }
    pub(super) fn poll_interval_secs() -> u64 {
        5
    }
    pub(super) fn batch_size() -> u32 {
        10
    }
    pub(super) fn send_timeout_secs() -> u64 {
        30
    }
}

impl Default for NotifyConfig {
    /// No channel on, default retry policy.
    fn default() -> Self {
        Self::parse("").expect("the empty config is valid")
    }
}

impl NotifyConfig {
    /// Parses and checks the TOML text.
    pub fn parse(text: &str) -> NotifyResult<Self> {
        let config: Self = toml::from_str(text).map_err(|e| NotifyError::Config(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    pub fn load(path: &Path) -> NotifyResult<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| NotifyError::Config(format!("{}: {e}", path.display())))?;
        Self::parse(&text).map_err(|e| match e {
            NotifyError::Config(m) => NotifyError::Config(format!("{}: {m}", path.display())),
            other => other,
        })
    }

    fn validate(&self) -> NotifyResult<()> {
        let bad = |m: &str| Err(NotifyError::Config(m.to_owned()));
        if self.max_attempts == 0 || self.max_permanent_attempts == 0 {
            return bad("max_attempts and max_permanent_attempts must be at least 1");
        }
        if self.base_backoff_secs == 0 || self.max_backoff_secs < self.base_backoff_secs {
            return bad("base_backoff_secs must be positive and at most max_backoff_secs");
        }
        if self.batch_size == 0 || self.poll_interval_secs == 0 || self.send_timeout_secs == 0 {
            return bad("batch_size, poll_interval_secs and send_timeout_secs must be positive");
        }
        if let Some(e) = &self.email {
            if e.host.trim().is_empty() || e.from.trim().is_empty() {
                return bad("[email] needs host and from");
            }
            if e.password.is_some() && e.username.is_none() {
                return bad("[email] password without username");
            }
        }
        for (name, hook) in [("sms", &self.sms), ("zalo", &self.zalo)] {
            if let Some(h) = hook
                && !(h.url.starts_with("http://") || h.url.starts_with("https://"))
            {
                return Err(NotifyError::Config(format!(
                    "[{name}] url must start with http:// or https://"
                )));
            }
        }
        Ok(())
    }

    #[must_use]
    pub fn send_timeout(&self) -> Duration {
        Duration::from_secs(self.send_timeout_secs)
    }

    #[must_use]
    pub fn poll_interval(&self) -> Duration {
        Duration::from_secs(self.poll_interval_secs)
    }

    /// How long a claimed batch stays reserved for its worker.
    #[must_use]
    pub fn claim_for(&self) -> Duration {
        self.send_timeout() * self.batch_size + Duration::from_secs(60)
    }

    /// The wait before attempt `attempts + 1`, after `attempts` failed ones:
    /// `base × 2^(attempts−1)`, capped at `max_backoff_secs`, then shortened by up to a
    /// quarter at random (`jitter` in 0..=1) so that messages failed together (a mail server
    /// outage) do not all come back in the same second.
    #[must_use]
    pub fn backoff(&self, attempts: u32, jitter: f64) -> Duration {
        let doublings = attempts.saturating_sub(1).min(30);
        let full = self
            .base_backoff_secs
            .saturating_mul(1 << doublings)
            .min(self.max_backoff_secs);
        let full = Duration::from_secs(full);
        full.mul_f64(1.0 - 0.25 * jitter.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_a_full_example() {
        let c = NotifyConfig::default();
        assert_eq!(c.max_attempts, 8);
        assert_eq!(c.base_backoff_secs, 30);
        assert!(c.email.is_none() && c.sms.is_none() && c.zalo.is_none());

        let c = NotifyConfig::parse(include_str!("../notify.example.toml")).unwrap();
        let e = c.email.as_ref().unwrap();
        assert_eq!(e.tls, TlsMode::Starttls);
        assert_eq!(e.port(), 587);
        assert!(c.sms.as_ref().unwrap().enabled);
        assert!(!c.zalo.as_ref().unwrap().enabled);
        // Secrets never reach a log line through Debug.
        let printed = format!("{c:?}");
        assert!(!printed.contains("mat-khau-smtp"), "{printed}");
        assert!(!printed.contains("khoa-sms"), "{printed}");
    }

    #[test]
    fn mistakes_are_refused() {
        for bad in [
            "max_atempts = 3",
            "max_attempts = 0",
            "base_backoff_secs = 100\nmax_backoff_secs = 10",
            "[email]\nhost = \"h\"",
            "[email]\nhost = \"h\"\nfrom = \"a@b\"\ntls = \"ssl\"",
            "[sms]\nurl = \"ftp://x\"",
        ] {
            assert!(
                matches!(NotifyConfig::parse(bad), Err(NotifyError::Config(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter_below() {
        let c = NotifyConfig::default();
        let secs = |a, j| c.backoff(a, j).as_secs_f64();
        assert_eq!(secs(1, 0.0), 30.0);
        assert_eq!(secs(2, 0.0), 60.0);
        assert_eq!(secs(4, 0.0), 240.0);
        assert_eq!(secs(8, 0.0), 3600.0);
        assert_eq!(secs(u32::MAX, 0.0), 3600.0);
        assert_eq!(secs(1, 1.0), 22.5);
        assert!((22.5..=30.0).contains(&secs(1, 0.5)));
    }
}
