//! Email over SMTP (lettre).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use motcua_store::outbox::Message;
use secrecy::ExposeSecret;

use crate::config::{SmtpConfig, TlsMode};
use crate::error::{NotifyError, NotifyResult, describe};
use crate::sender::{SendFuture, Sender};

const CHANNEL: &str = "email";

/// Sends plain-text UTF-8 mail through one SMTP server. A connection is opened per message:
/// volumes are small, and no pooled connection can go stale while the server restarts.
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

// By hand, so that the transport (which holds the credentials) is never printed.
impl std::fmt::Debug for SmtpSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSender")
            .field("from", &self.from.email.to_string())
            .finish_non_exhaustive()
    }
}

impl SmtpSender {
    pub fn new(config: &SmtpConfig, timeout: Duration) -> NotifyResult<Self> {
        let bad = |e: &dyn std::fmt::Display| NotifyError::Config(format!("[email] {e}"));
        let builder = match config.tls {
            TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host),
            TlsMode::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)
                .map_err(|e| bad(&e))?,
            TlsMode::Tls => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host).map_err(|e| bad(&e))?
            }
        };
        let mut builder = builder.port(config.port()).timeout(Some(timeout));
        if let Some(user) = &config.username {
            let password = config
                .password
                .as_ref()
                .map(|p| p.expose_secret().to_owned())
                .unwrap_or_default();
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e| bad(&format!("from address: {e}")))?;
        Ok(Self {
            transport: builder.build(),
            from,
        })
    }

    fn build(&self, msg: &Message) -> NotifyResult<lettre::Message> {
        let to: Mailbox = msg
            .recipient
            .parse()
            .map_err(|e| NotifyError::permanent(CHANNEL, format!("recipient address: {e}")))?;
        let builder = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(msg.subject.clone())
            // The outbox id makes a duplicate (after a lost claim) recognisable downstream.
            .message_id(Some(format!("<{}@{}>", msg.id, self.from.email.domain())));
        let built = match &msg.attachment {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(msg.body.clone()),
            Some(a) => {
                let kind = match a.kind.as_str() {
                    "pdf" => "application/pdf",
                    "png" => "image/png",
                    "jpeg" => "image/jpeg",
                    _ => "application/octet-stream",
                };
                let kind = ContentType::parse(kind)
                    .map_err(|e| NotifyError::permanent(CHANNEL, e.to_string()))?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(msg.body.clone()))
                        .singlepart(
                            lettre::message::Attachment::new(a.name.clone())
                                .body(a.content.clone(), kind),
                        ),
                )
            }
        };
        built.map_err(|e| NotifyError::permanent(CHANNEL, e))
    }
}

impl Sender for SmtpSender {
    fn send<'a>(&'a self, msg: &'a Message) -> SendFuture<'a> {
        Box::pin(async move {
            let email = self.build(msg)?;
            match self.transport.send(email).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => Err(NotifyError::permanent(CHANNEL, describe(&e))),
                // 4xx replies, refused connections, timeouts, TLS trouble: try again later.
                Err(e) => Err(NotifyError::transient(CHANNEL, describe(&e))),
            }
        })
    }
}
