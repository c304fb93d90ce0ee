//! The channel plug: anything that can deliver one outbox message.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use motcua_store::outbox::{Channel, Message};

use crate::config::NotifyConfig;
use crate::error::NotifyResult;
use crate::smtp::SmtpSender;
use crate::webhook::WebhookSender;

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = NotifyResult<()>> + Send + 'a>>;

/// Delivers one message. Boxed futures rather than `async fn` keep the trait object-safe, so
/// a deployment (or a test) can plug in its own channel without touching the worker.
///
/// `Ok` means the other side accepted the message. An error should be a
/// [`NotifyError::Delivery`](crate::NotifyError::Delivery), permanent when retrying cannot
/// help; any other error counts as transient.
pub trait Sender: Send + Sync + fmt::Debug {
    fn send<'a>(&'a self, msg: &'a Message) -> SendFuture<'a>;
}

/// The sender for each channel that is on.
#[derive(Clone, Debug, Default)]
pub struct Senders(BTreeMap<Channel, Arc<dyn Sender>>);

impl Senders {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds the senders the configuration turns on.
    pub fn from_config(config: &NotifyConfig) -> NotifyResult<Self> {
        let mut senders = Self::new();
        if let Some(c) = config.email.as_ref().filter(|c| c.enabled) {
            senders.insert(
                Channel::Email,
                Arc::new(SmtpSender::new(c, config.send_timeout())?),
            );
        }
        for (channel, hook) in [(Channel::Sms, &config.sms), (Channel::Zalo, &config.zalo)] {
            if let Some(c) = hook.as_ref().filter(|c| c.enabled) {
                senders.insert(
                    channel,
                    Arc::new(WebhookSender::new(channel, c, config.send_timeout())?),
                );
            }
        }
        Ok(senders)
    }

    pub fn insert(&mut self, channel: Channel, sender: Arc<dyn Sender>) {
        self.0.insert(channel, sender);
    }

    #[must_use]
    pub fn get(&self, channel: Channel) -> Option<&Arc<dyn Sender>> {
        self.0.get(&channel)
    }

    /// The channels this worker can deliver, and so the only ones it claims.
    #[must_use]
    pub fn channels(&self) -> Vec<Channel> {
        self.0.keys().copied().collect()
    }
}
