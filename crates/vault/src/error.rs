//! The vault's one error type.
//!
//! Every message is built only from fixed text, field names, key ids and file paths. None ever
//! carries a plaintext, a sealed value or key material, so an error can be logged or shown to
//! an operator without itself becoming the leak the law forbids (Luật Tố cáo Đ8 k3).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    /// The keyring is absent: the key file does not exist, or the environment variable is
    /// unset or empty.
    #[error("không tìm thấy khoá mã hoá: {source_name}")]
    KeyMissing {
        /// The path or the environment variable's name.
        source_name: String,
    },

    /// The key file exists but could not be read (a directory, denied access, not UTF-8, …).
    #[error("không đọc được tệp khoá {}: {reason}", path.display())]
    KeyringUnreadable { path: PathBuf, reason: String },

    /// The key file can be read or written by users other than its owner.
    #[error(
        "tệp khoá {} cho phép người khác ngoài chủ sở hữu truy cập (quyền {mode:03o}); \
         hãy chạy `chmod 600 {}`",
        path.display(),
        path.display()
    )]
    KeyringExposed { path: PathBuf, mode: u32 },

    /// The keyring text is not a valid keyring. `reason` is Vietnamese and names the field.
    #[error("tệp khoá không hợp lệ: {reason}")]
    BadKeyring { reason: String },

    /// The sealed value names a key id the keyring does not have.
    #[error("dữ liệu được mã hoá bằng khoá \"{key_id}\" không có trong tệp khoá")]
    KeyUnknown { key_id: String },

    /// The text is not a sealed value of a version this crate knows.
    #[error("dữ liệu mã hoá sai định dạng")]
    Malformed,

    /// Authentication failed: the value was altered, or it belongs to another record
    /// (different context), or the key under that id is not the one it was sealed with.
    #[error("không mở được dữ liệu mã hoá: dữ liệu đã bị sửa hoặc thuộc hồ sơ khác")]
    Tampered,
}

impl VaultError {
    /// A stable, machine-readable code for the JSON API, logs and tests.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::KeyMissing { .. } => "vault_key_missing",
            Self::KeyringUnreadable { .. } => "vault_keyring_unreadable",
            Self::KeyringExposed { .. } => "vault_keyring_exposed",
            Self::BadKeyring { .. } => "vault_bad_keyring",
            Self::KeyUnknown { .. } => "vault_key_unknown",
            Self::Malformed => "vault_malformed",
            Self::Tampered => "vault_tampered",
        }
    }

    /// The Vietnamese message. The same text as `Display`, so logs read like the screen.
    #[must_use]
    pub fn message_vi(&self) -> String {
        self.to_string()
    }

    pub(crate) fn bad(reason: impl Into<String>) -> Self {
        Self::BadKeyring {
            reason: reason.into(),
        }
    }
}
