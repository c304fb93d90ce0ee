//! The domain's one error type. Every variant carries a message meant for the person who made
//! the input, as a [`Text`] rendered in their language; `Display` is its Vietnamese, so logs
//! read the same as the screen.

use std::fmt;

use crate::message::Text;

/// A field-level problem with input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Machine name of the field (`code`, `steps`, …), used by forms and the JSON API.
    pub field: String,
    /// The message shown beside the field.
    pub message: Text,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// Input broke one or more rules.
    #[error("dữ liệu không hợp lệ: {}", fmt_fields(.0))]
    Invalid(Vec<FieldError>),
}

fn fmt_fields(fields: &[FieldError]) -> String {
    let mut out = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&f.field);
        out.push_str(": ");
        out.push_str(&f.message.to_string());
    }
    out
}

impl DomainError {
    pub fn invalid(field: impl Into<String>, message: impl Into<Text>) -> Self {
        Self::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// The field errors, for rendering beside form fields.
    #[must_use]
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Self::Invalid(f) => f,
        }
    }
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<Text>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<FieldError> for DomainError {
    fn from(e: FieldError) -> Self {
        Self::Invalid(vec![e])
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}
