//! The one error type of the use-case layer. It says what went wrong in terms a person can act
//! on (a field, a rule, a conflict) and keeps the cause of anything unexpected for the log; the
//! web layer chooses the status code and the language.

use motcua_domain::message::Text;

/// A message beside one field of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMessage {
    pub field: String,
    pub message: Text,
}

impl FieldMessage {
    pub fn new(field: impl Into<String>, message: impl Into<Text>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input broke a rule of its fields.
    #[error("invalid input: {}", in_vietnamese(.0))]
    Invalid(Vec<FieldMessage>),
    /// Text fields longer than their limit (`motcua_domain::limits`).
    #[error("too long: {}", in_vietnamese(.0))]
    TooLong(Vec<FieldMessage>),
    /// The actor may see the thing but not do this to it.
    #[error("forbidden")]
    Forbidden,
    /// No such thing, or not the actor's to know about.
    #[error("not found")]
    NotFound,
    /// The change collides with what is stored (a code already taken, a stale version).
    #[error("conflict on {field}: {message}")]
    Conflict { field: String, message: Text },
    /// A case rule refused the action: `code` is stable for integrations, `allowed` lists what
    /// the case allows instead.
    #[error("rule {code}: {message}")]
    Rule {
        code: &'static str,
        message: Text,
        allowed: Vec<String>,
    },
    /// Anything unexpected: a database failure, a broken invariant. Logged with its cause.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `field: message; …` in Vietnamese, for the command line and the log, which have no
/// reader's language to choose.
fn in_vietnamese(fields: &[FieldMessage]) -> String {
    fields
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        Self::Internal(e.into())
    }

    /// One field's message.
    pub fn field(field: impl Into<String>, message: impl Into<Text>) -> Self {
        Self::Invalid(vec![FieldMessage::new(field, message)])
    }

    /// A rule refusal with nothing allowed instead.
    pub fn rule(code: &'static str, message: impl Into<Text>) -> Self {
        Self::Rule {
            code,
            message: message.into(),
            allowed: Vec::new(),
        }
    }
}

impl From<motcua_domain::DomainError> for Error {
    fn from(e: motcua_domain::DomainError) -> Self {
        Self::Invalid(
            e.fields()
                .iter()
                .map(|f| FieldMessage::new(f.field.clone(), f.message.clone()))
                .collect(),
        )
    }
}

impl From<motcua_store::StoreError> for Error {
    fn from(e: motcua_store::StoreError) -> Self {
        use motcua_store::StoreError as S;
        match e {
            S::NotFound { .. } => Self::NotFound,
            S::Conflict { field, message, .. } => Self::Conflict {
                field: field.to_owned(),
                message,
            },
            S::Invalid(d) => d.into(),
            other => Self::Internal(other.into()),
        }
    }
}
