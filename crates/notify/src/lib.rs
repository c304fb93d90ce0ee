//! motcua's notifications: a worker that delivers the outbox (`motcua_store::outbox`).
//!
//! A change that should notify someone enqueues a message in its own transaction; the worker
//! on each server claims due messages, hands each to the [`Sender`] of its channel, and
//! records the outcome:
//!
//! - **sent**: done, never claimed again;
//! - **failed**: due again after a back-off of `base_backoff_secs × 2^(attempts−1)`, capped
//!   at `max_backoff_secs`, less up to a quarter at random; while a mail server is down the
//!   messages simply wait in the table;
//! - **dead**: after `max_attempts` attempts (`max_permanent_attempts` when the other side
//!   refused the message, SMTP 5xx or HTTP 4xx); the row stays, with its last error, for the
//!   admin page.
//!
//! Claims expire, so a worker that dies while sending leaves its messages to be retried by
//! any worker: delivery is at least once. Email carries the outbox id as its `Message-ID`
//! and webhooks get it as `message_id`, so a rare duplicate can be recognised.
//!
//! A channel without a sender (off in this server's config) is not claimed by this server:
//! its messages stay pending, attempts untouched, until a server with that channel on picks
//! them up.
//!
//! Channels: email over SMTP ([`SmtpSender`]), SMS and Zalo through a webhook each
//! ([`WebhookSender`]) — a JSON POST of `{"channel", "recipient", "subject", "body",
//! "message_id"}` with an optional bearer token, 2xx meaning sent.
//!
//! # Configuration
//!
//! [`NotifyConfig`] is read from TOML; every key outside the channel tables has a default:
//!
//! ```toml
#![doc = include_str!("../notify.example.toml")]
//! ```
//!
//! # Use
//!
//! ```no_run
//! # async fn example(db: motcua_store::Db) -> Result<(), motcua_notify::NotifyError> {
//! use motcua_notify::{NotifyConfig, Senders, Worker};
//!
//! let config = NotifyConfig::load("notify.toml".as_ref())?;
//! let senders = Senders::from_config(&config)?;
//! let worker = Worker::new(db, senders, config, "server-1");
//! // Dropping or firing `stop` ends the loop after the round in progress.
//! let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
//! # drop(stop);
//! worker.run(async { let _ = stopped.await; }).await;
//! # Ok(()) }
//! ```

pub mod config;
mod error;
pub mod sender;
pub mod smtp;
pub mod webhook;
pub mod worker;

pub use config::{NotifyConfig, SmtpConfig, TlsMode, WebhookConfig};
pub use error::{NotifyError, NotifyResult};
pub use sender::{SendFuture, Sender, Senders};
pub use smtp::SmtpSender;
pub use webhook::WebhookSender;
pub use worker::{RunReport, Worker};
