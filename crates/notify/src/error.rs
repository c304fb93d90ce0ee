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

pub type NotifyResult<T> = Result<T, NotifyError>;
