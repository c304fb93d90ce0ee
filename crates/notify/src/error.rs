//! The notify layer's one error type.

use motcua_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// The configuration file is missing, unreadable or invalid.
    #[error("notify config: {0}")]
    Config(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// One delivery attempt failed. `permanent` means the other side refused the message
    /// itself (SMTP 5xx, HTTP 4xx, a malformed address), so retrying as usual is pointless;
    /// otherwise the failure is presumed to pass (server down, timeout, 4xx/5xx busy).
    #[error("{channel} delivery failed ({}): {reason}", if *.permanent { "permanent" } else { "transient" })]
    Delivery {
        channel: &'static str,
        permanent: bool,
        reason: String,
    },
}

impl NotifyError {
    pub(crate) fn transient(channel: &'static str, reason: impl std::fmt::Display) -> Self {
        Self::Delivery {
            channel,
            permanent: false,
            reason: reason.to_string(),
        }
    }

    pub(crate) fn permanent(channel: &'static str, reason: impl std::fmt::Display) -> Self {
        Self::Delivery {
            channel,
            permanent: true,
            reason: reason.to_string(),
        }
    }

    /// True for a delivery failure the other side will keep refusing.
    #[must_use]
    pub fn is_permanent(&self) -> bool {
        matches!(
            self,
            Self::Delivery {
                permanent: true,
                ..
            }
        )
    }
}

/// An error with its causes ("error sending request: connection refused"), for `last_error`:
/// the outer message alone often says only that something failed. A cause already spelt out
/// by the message before it is not repeated.
pub(crate) fn describe(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}

pub type NotifyResult<T> = Result<T, NotifyError>;
