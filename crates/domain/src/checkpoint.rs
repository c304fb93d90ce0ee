//! Signed checkpoints of the audit log: each lane's head (its last sequence number and hash),
//! signed with an Ed25519 key that is not in the database.
//!
//! The hash chain alone proves that nothing *inside* the log changed; it cannot tell a log whose
//! last entries were deleted, or whose tail was replaced by correctly hashed forgeries, from an
//! honest one, because there is no secret in the hash. A checkpoint signed by a key the database's
//! users do not hold fixes the tail at a moment: a later log must still hold every signed head at
//! its place, and so the whole prefix before it. Entries after the newest checkpoint one holds are
//! chained but not anchored (see docs/SECURITY.md for what is and is not detected).
//!
//! Pure: no clock, no files. The caller reads the key text and the heads and writes the file.

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audit::canonical_json;

/// The checkpoint format this code writes and reads.
pub const FORMAT: &str = "motcua-audit-checkpoint/1";

/// One lane's head at the checkpoint's moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaneHead {
    pub lane: i32,
    /// The head's place in its lane, which is also the lane's number of entries.
    pub seq: i64,
    /// The head's `entry_hash`.
    pub hash: String,
}

/// What is signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckpointBody {
    pub format: String,
    /// When the heads were read (RFC 3339, UTC), as the writer's clock said.
    pub at: String,
    /// Which key signed: the first 16 hex digits of sha256 of its public key.
    pub key_id: String,
    /// Every lane that had entries, by lane.
    pub lanes: Vec<LaneHead>,
}

/// A checkpoint as written to its file (JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedCheckpoint {
    pub checkpoint: CheckpointBody,
    /// Ed25519 signature (hex) over the canonical JSON of `checkpoint`.
    pub signature: String,
}

/// Why a checkpoint is not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error(
        "điểm mốc không đọc được / the checkpoint file cannot be read: {0} (audit_checkpoint_malformed)"
    )]
    Malformed(String),
    #[error(
        "điểm mốc được ký bằng khoá khác ({found}), không phải khoá công khai đã cho ({expected}) / the checkpoint was signed by another key ({found}, expected {expected}) (audit_checkpoint_wrong_key)"
    )]
    WrongKey { expected: String, found: String },
    #[error(
        "chữ ký của điểm mốc không hợp lệ: tệp đã bị sửa hoặc không do khoá này ký / the checkpoint's signature does not verify: the file was altered or not signed by this key (audit_checkpoint_bad_signature)"
    )]
    BadSignature,
    #[error(
        "tệp khoá ký điểm mốc không hợp lệ / bad checkpoint key file: {0} (audit_key_malformed)"
    )]
    BadKey(String),
}

/// The first 16 hex digits of sha256 of a public key: short enough to read aloud.
#[must_use]
pub fn key_id(key: &VerifyingKey) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))[..16].to_owned()
}

fn signed_bytes(body: &CheckpointBody) -> Vec<u8> {
    // A body of plain strings and numbers always serialises.
    let value = serde_json::to_value(body).unwrap_or(serde_json::Value::Null);
    canonical_json(&value).into_bytes()
}

/// The key that signs checkpoints. Its Debug never shows the secret.
pub struct CheckpointSigner(SigningKey);

impl std::fmt::Debug for CheckpointSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("CheckpointSigner")
            .field(&key_id(&self.0.verifying_key()))
            .finish()
    }
}

impl CheckpointSigner {
    /// A key from 32 random bytes (the caller's generator: this crate has no randomness).
    #[must_use]
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self(SigningKey::from_bytes(seed))
    }

    #[must_use]
    pub fn public(&self) -> VerifyingKey {
        self.0.verifying_key()
    }

    /// Signs the heads read at `at`.
    #[must_use]
    pub fn sign(&self, at: &str, lanes: Vec<LaneHead>) -> SignedCheckpoint {
        let body = CheckpointBody {
            format: FORMAT.to_owned(),
            at: at.to_owned(),
            key_id: key_id(&self.public()),
            lanes,
        };
        let signature = self.0.sign(&signed_bytes(&body));
        SignedCheckpoint {
            checkpoint: body,
            signature: hex::encode(signature.to_bytes()),
        }
    }

    /// The secret key file's text (keep it `0600`, outside the data folder).
    #[must_use]
    pub fn to_secret_text(&self) -> String {
        format!(
            "# Khoá ký điểm mốc nhật ký kiểm toán (Ed25519). Giữ bí mật, quyền 600, ngoài thư mục dữ liệu.\n\
             # Audit checkpoint signing key (Ed25519). Keep it secret, mode 600, outside the data folder.\n\
             ed25519-secret = \"{}\"\n",
            hex::encode(self.0.to_bytes())
        )
    }

    /// Reads the text of [`CheckpointSigner::to_secret_text`].
    ///
    /// # Errors
    /// [`CheckpointError::BadKey`] when the text holds no well-formed key.
    pub fn from_secret_text(text: &str) -> Result<Self, CheckpointError> {
        let bytes = hex_field(text, "ed25519-secret")?;
        Ok(Self(SigningKey::from_bytes(&bytes)))
    }
}

/// The public key file's text: what an inspector is given.
#[must_use]
pub fn public_text(key: &VerifyingKey) -> String {
    format!(
        "# Khoá công khai để kiểm tra điểm mốc nhật ký kiểm toán motcua / public key to verify motcua audit checkpoints\n\
         key-id = \"{}\"\n\
         ed25519-public = \"{}\"\n",
        key_id(key),
        hex::encode(key.as_bytes())
    )
}

/// Reads the text of [`public_text`].
///
/// # Errors
/// [`CheckpointError::BadKey`] when the text holds no valid public key.
pub fn parse_public(text: &str) -> Result<VerifyingKey, CheckpointError> {
    let bytes = hex_field(text, "ed25519-public")?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| CheckpointError::BadKey("ed25519-public".into()))
}

fn hex_field(text: &str, field: &str) -> Result<[u8; 32], CheckpointError> {
    // The TOML parser's own message may quote the line, and so the secret: name the field only.
    let table: toml::Table = text
        .parse()
        .map_err(|_| CheckpointError::BadKey("không phải TOML / not TOML".into()))?;
    let value = table
        .get(field)
        .and_then(toml::Value::as_str)
        .ok_or_else(|| CheckpointError::BadKey(format!("thiếu / missing {field}")))?;
    let bytes = hex::decode(value).map_err(|_| CheckpointError::BadKey(field.into()))?;
    bytes
        .try_into()
        .map_err(|_| CheckpointError::BadKey(format!("{field}: 32 byte")))
}

impl SignedCheckpoint {
    /// Parses a checkpoint file's JSON (unknown fields refused).
    ///
    /// # Errors
    /// [`CheckpointError::Malformed`].
    pub fn parse(text: &str) -> Result<Self, CheckpointError> {
        let cp: Self =
            serde_json::from_str(text).map_err(|e| CheckpointError::Malformed(e.to_string()))?;
        if cp.checkpoint.format != FORMAT {
            return Err(CheckpointError::Malformed(format!(
                "định dạng / format {:?}",
                cp.checkpoint.format
            )));
        }
        Ok(cp)
    }

    /// The file's text: pretty JSON, one lane a few lines, for an inspector to read.
    #[must_use]
    pub fn to_text(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The signed body, if `key` signed exactly this body. The key comes from the inspector,
    /// never from the file: a file could name any key it likes.
    ///
    /// # Errors
    /// [`CheckpointError::WrongKey`] or [`CheckpointError::BadSignature`].
    pub fn verify(&self, key: &VerifyingKey) -> Result<&CheckpointBody, CheckpointError> {
        let expected = key_id(key);
        if self.checkpoint.key_id != expected {
            return Err(CheckpointError::WrongKey {
                expected,
                found: self.checkpoint.key_id.clone(),
            });
        }
        let bytes: [u8; 64] = hex::decode(&self.signature)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(CheckpointError::BadSignature)?;
        key.verify_strict(
            &signed_bytes(&self.checkpoint),
            &Signature::from_bytes(&bytes),
        )
        .map_err(|_| CheckpointError::BadSignature)?;
        Ok(&self.checkpoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(b: u8) -> CheckpointSigner {
        CheckpointSigner::from_seed(&[b; 32])
    }

    fn heads() -> Vec<LaneHead> {
        vec![LaneHead {
            lane: 0,
            seq: 12,
            hash: "ab".repeat(32),
        }]
    }

    #[test]
    fn a_checkpoint_round_trips_through_its_file_and_verifies() {
        let s = signer(7);
        let cp = s.sign("2026-12-06T10:00:00Z", heads());
        let back = SignedCheckpoint::parse(&cp.to_text()).unwrap();
        assert_eq!(back.verify(&s.public()).unwrap().lanes, heads());
        let again = CheckpointSigner::from_secret_text(&s.to_secret_text()).unwrap();
        assert_eq!(again.public(), s.public());
        assert_eq!(parse_public(&public_text(&s.public())).unwrap(), s.public());
    }

    #[test]
    fn an_edited_checkpoint_or_another_key_is_refused() {
        let s = signer(7);
        let mut cp = s.sign("2026-12-06T10:00:00Z", heads());
        cp.checkpoint.lanes[0].seq = 11;
        assert_eq!(cp.verify(&s.public()), Err(CheckpointError::BadSignature));
        let other = signer(8);
        let forged = other.sign("2026-12-06T10:00:00Z", heads());
        assert!(matches!(
            forged.verify(&s.public()),
            Err(CheckpointError::WrongKey { .. })
        ));
        // A forger who copies the right key id still cannot make the signature verify.
        let mut relabelled = forged;
        relabelled.checkpoint.key_id = key_id(&s.public());
        assert_eq!(
            relabelled.verify(&s.public()),
            Err(CheckpointError::BadSignature)
        );
    }

    #[test]
    fn unknown_fields_and_other_formats_are_refused() {
        let s = signer(7);
        let text = s.sign("t", heads()).to_text().replacen(
            "\"signature\"",
            "\"extra\": 1, \"signature\"",
            1,
        );
        assert!(SignedCheckpoint::parse(&text).is_err());
        let text = s
            .sign("t", heads())
            .to_text()
            .replace(FORMAT, "motcua-audit-checkpoint/9");
        assert!(SignedCheckpoint::parse(&text).is_err());
    }
}
