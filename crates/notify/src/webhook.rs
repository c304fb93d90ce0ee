//! SMS and Zalo through an HTTP gateway: one JSON POST per message.

use std::time::Duration;

use motcua_store::outbox::{Channel, Message};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use crate::config::WebhookConfig;
use crate::error::{NotifyError, NotifyResult, describe};
use crate::sender::{SendFuture, Sender};

/// What the gateway receives.
#[derive(Debug, Serialize)]
struct Payload<'a> {
    channel: &'static str,
    recipient: &'a str,
    subject: &'a str,
    body: &'a str,
    /// Stable across retries, so the gateway can drop a duplicate.
    message_id: String,
}

pub struct WebhookSender {
    channel: Channel,
    client: reqwest::Client,
    url: String,
    bearer_token: Option<SecretString>,
}

impl std::fmt::Debug for WebhookSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookSender")
            .field("channel", &self.channel)
            .field("url", &self.url)
            .field("bearer_token", &self.bearer_token)
            .finish_non_exhaustive()
    }
}

impl WebhookSender {
    pub fn new(channel: Channel, config: &WebhookConfig, timeout: Duration) -> NotifyResult<Self> {
        // reqwest is built without a TLS provider of its own (its default, aws-lc, needs a C
        // tool chain with cmake); ring is already here for SMTP. An error only means a
        // provider is installed already, which reqwest will use.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(timeout)
            // A redirect would carry the token to a host nobody configured.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| NotifyError::Config(format!("[{channel}] {e}")))?;
        Ok(Self {
            channel,
            client,
            url: config.url.clone(),
            bearer_token: config.bearer_token.clone(),
        })
    }
}

impl Sender for WebhookSender {
    fn send<'a>(&'a self, msg: &'a Message) -> SendFuture<'a> {
        Box::pin(async move {
            let name = self.channel.as_str();
            let payload = Payload {
                channel: name,
                recipient: &msg.recipient,
                subject: &msg.subject,
                body: &msg.body,
                message_id: msg.id.to_string(),
            };
            let mut request = self.client.post(&self.url).json(&payload);
            if let Some(token) = &self.bearer_token {
                request = request.bearer_auth(token.expose_secret());
            }
            let response = request
                .send()
                .await
                .map_err(|e| NotifyError::transient(name, describe(&e)))?;
            let status = response.status();
            if status.is_success() {
                return Ok(());
            }
            let reason = format!("HTTP {status}");
            // 4xx means the gateway refuses this request as it is, except for "too slow" and
            // "too many": those pass.
            if status.is_client_error()
                && status != reqwest::StatusCode::REQUEST_TIMEOUT
                && status != reqwest::StatusCode::TOO_MANY_REQUESTS
            {
                Err(NotifyError::permanent(name, reason))
            } else {
                Err(NotifyError::transient(name, reason))
            }
        })
    }
}
