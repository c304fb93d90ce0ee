//! The delivery loop: claim a batch of due messages, send each, record the outcome.

use std::future::Future;

use chrono::{DateTime, Utc};
use motcua_store::Db;
use motcua_store::outbox::{self, Message};
use serde::Serialize;

use crate::config::NotifyConfig;
use crate::error::{NotifyError, NotifyResult};
use crate::sender::Senders;

/// Longest error text kept on a row; an SMTP transcript or an HTML error page can be long.
const MAX_ERROR_CHARS: usize = 1000;

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RunReport {
    pub sent: usize,
    /// Failed this time, due again later.
    pub failed: usize,
    /// Given up.
    pub dead: usize,
}

impl RunReport {
    #[must_use]
    pub fn claimed(&self) -> usize {
        self.sent + self.failed + self.dead
    }
}

/// One worker per server. `holder` names it in claims (host name and process id, say) and
/// must differ between servers sharing a database.
#[derive(Debug)]
pub struct Worker {
    pub db: Db,
    pub senders: Senders,
    pub config: NotifyConfig,
    pub holder: String,
}

impl Worker {
    #[must_use]
    pub fn new(db: Db, senders: Senders, config: NotifyConfig, holder: impl Into<String>) -> Self {
        Self {
            db,
            senders,
            config,
            holder: holder.into(),
        }
    }

    /// One round at time `now`: claims up to `batch_size` due messages on the channels this
    /// worker has senders for, and delivers them one after another. Messages for channels
    /// without a sender are not claimed: they stay pending (attempts untouched) until a
    /// server configured for that channel picks them up, and show in
    /// [`outbox::pending_count`].
    ///
    /// Errors are database errors only; delivery failures are recorded on their rows.
    pub async fn run_once(&self, now: DateTime<Utc>) -> NotifyResult<RunReport> {
        let claim_for = chrono::Duration::from_std(self.config.claim_for())
            .map_err(|e| NotifyError::Config(e.to_string()))?;
        let batch = outbox::claim_due(
            &self.db,
            &self.holder,
            &self.senders.channels(),
            now,
            self.config.batch_size,
            claim_for,
        )
        .await?;
        let mut report = RunReport::default();
        for msg in batch {
            self.deliver(&msg, now, &mut report).await?;
        }
        Ok(report)
    }

    async fn deliver(
        &self,
        msg: &Message,
        now: DateTime<Utc>,
        report: &mut RunReport,
    ) -> NotifyResult<()> {
        let attempts = u32::try_from(msg.attempts).unwrap_or(u32::MAX);
        // Attempts are counted at claim time, so a message whose sending kills the worker
        // (or that keeps outliving its claim) also runs out of them.
        if attempts > self.config.max_attempts {
            let error = format!(
                "gave up after {} attempts (earlier ones never reported back); last error: {}",
                self.config.max_attempts,
                msg.last_error.as_deref().unwrap_or("none")
            );
            return self.give_up(msg, &error, now, report).await;
        }
        let Some(sender) = self.senders.get(msg.channel) else {
            // Not reachable through claim_due; a clear error beats a silent stall all the same.
            let error = format!("no sender configured for channel {}", msg.channel);
            return self.retry_later(msg, &error, attempts, now, report).await;
        };
        let outcome = match tokio::time::timeout(self.config.send_timeout(), sender.send(msg)).await
        {
            Ok(outcome) => outcome,
            Err(_) => Err(NotifyError::transient(
                msg.channel.as_str(),
                format!("no answer within {} s", self.config.send_timeout_secs),
            )),
        };
        match outcome {
            Ok(()) => {
                if !outbox::mark_sent(&self.db, msg.id, &self.holder, now).await? {
                    // Our claim ran out and another worker took the message: it may be
                    // delivered twice, which beats losing it.
                    tracing::warn!(message_id = %msg.id, "sent after losing the claim");
                }
                tracing::info!(message_id = %msg.id, channel = %msg.channel, "notification sent");
                report.sent += 1;
                Ok(())
            }
            Err(e) => {
                let limit = if e.is_permanent() {
                    self.config
                        .max_permanent_attempts
                        .min(self.config.max_attempts)
                } else {
                    self.config.max_attempts
                };
                let error = truncate(&e.to_string());
                if attempts >= limit {
                    self.give_up(msg, &error, now, report).await
                } else {
                    self.retry_later(msg, &error, attempts, now, report).await
                }
            }
        }
    }

    async fn retry_later(
        &self,
        msg: &Message,
        error: &str,
        attempts: u32,
        now: DateTime<Utc>,
        report: &mut RunReport,
    ) -> NotifyResult<()> {
        let wait = self.config.backoff(attempts, jitter());
        let next = now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
        tracing::warn!(
            message_id = %msg.id, channel = %msg.channel, attempts, %next, error,
            "notification failed, will retry"
        );
        outbox::mark_failed(&self.db, msg.id, &self.holder, error, next).await?;
        report.failed += 1;
        Ok(())
    }

    async fn give_up(
        &self,
        msg: &Message,
        error: &str,
        now: DateTime<Utc>,
        report: &mut RunReport,
    ) -> NotifyResult<()> {
        tracing::error!(
            message_id = %msg.id, channel = %msg.channel, attempts = msg.attempts, error,
            "notification given up"
        );
        outbox::mark_dead(&self.db, msg.id, &self.holder, error, now).await?;
        report.dead += 1;
        Ok(())
    }

    /// Runs rounds until `shutdown` completes: straight on while batches come back full,
    /// otherwise every `poll_interval_secs`. A database error is logged and the loop goes on
    /// after the interval; whatever was claimed comes back when the claim expires. A round in
    /// progress is finished before stopping, so no send is cut off half-way.
    pub async fn run(&self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            let full = match self.run_once(motcua_store::now()).await {
                Ok(report) => report.claimed() >= self.config.batch_size as usize,
                Err(e) => {
                    tracing::error!(error = %e, "notification round failed");
                    false
                }
            };
            let pause = if full {
                std::time::Duration::ZERO
            } else {
                self.config.poll_interval()
            };
            tokio::select! {
                biased;
                () = &mut shutdown => return,
                () = tokio::time::sleep(pause) => {}
            }
        }
    }
}

/// A number in 0..=1 for [`NotifyConfig::backoff`]; no randomness at all is an acceptable
/// fallback (it only spreads retries out).
fn jitter() -> f64 {
    getrandom::u32().map_or(0.0, |r| f64::from(r) / f64::from(u32::MAX))
}

fn truncate(s: &str) -> String {
    match s.char_indices().nth(MAX_ERROR_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_errors_are_cut_on_a_character_boundary() {
        let long = "ệ".repeat(2000);
        let cut = super::truncate(&long);
        assert_eq!(cut.chars().count(), super::MAX_ERROR_CHARS + 1);
        assert_eq!(super::truncate("ngắn"), "ngắn");
    }
}
