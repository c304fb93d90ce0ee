//! The storage layer's one error type. `Display` is the cause for the log; a conflict's
//! `message` is what a person may be shown (never the SQL error text), rendered in their
//! language by the layer that knows it.

use motcua_domain::DomainError;
use motcua_domain::message::Text;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist (or the caller's query scope hides it).
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    /// A uniqueness rule was broken: the same login, the same code on the same date, …
    #[error("conflict on {entity}.{field}")]
    Conflict {
        entity: &'static str,
        field: &'static str,
        message: Text,
    },
    /// Input broke a domain rule.
    #[error(transparent)]
    Invalid(#[from] DomainError),
    /// A stored row could not be read back into a domain type: a bug or a hand-edited row.
    #[error("corrupt row in {table}: {reason}")]
    Corrupt { table: &'static str, reason: String },
    #[error("unsupported database URL (expected sqlite: or postgres:): {0}")]
    UnsupportedUrl(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The group commit this write shared failed (another write broke the batch, or the
    /// commit itself failed): nothing of it was kept.
    #[error("group commit failed: {0}")]
    BatchFailed(String),
    /// The group writer went away before the batch was committed.
    #[error("group commit lost its batch")]
    BatchLost,
    /// A statement queued for SQLite's writer could not be built (see [`crate::script`]).
    #[error("queued statement: {0}")]
    Encode(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// The Vietnamese message for a person. Infrastructure failures get a generic sentence;
    /// their cause goes to the log through `Display`.
    #[must_use]
    pub fn message_vi(&self) -> String {
        match self {
            Self::NotFound { .. } => "Không tìm thấy dữ liệu yêu cầu.".to_owned(),
            Self::Conflict { message, .. } => message.to_string(),
            Self::Invalid(e) => e.to_string(),
            Self::Corrupt { .. }
            | Self::UnsupportedUrl(_)
            | Self::Database(_)
            | Self::Migrate(_)
            | Self::BatchFailed(_)
            | Self::BatchLost
            | Self::Encode(_) => {
                "Hệ thống đang gặp sự cố lưu trữ, vui lòng thử lại sau.".to_owned()
            }
        }
    }

    pub(crate) fn corrupt(table: &'static str, reason: impl std::fmt::Display) -> Self {
        Self::Corrupt {
            table,
            reason: reason.to_string(),
        }
    }

    pub(crate) fn is_unique_violation(&self) -> bool {
        matches!(self, Self::Database(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

/// Turns a unique violation into `Conflict`, leaving every other error alone.
pub(crate) trait OnConflict<T> {
    fn on_unique(self, entity: &'static str, field: &'static str, message: Text) -> StoreResult<T>;
}

impl<T> OnConflict<T> for StoreResult<T> {
    fn on_unique(self, entity: &'static str, field: &'static str, message: Text) -> StoreResult<T> {
        self.map_err(|e| {
            if e.is_unique_violation() {
                StoreError::Conflict {
                    entity,
                    field,
                    message,
                }
            } else {
                e
            }
        })
    }
}
