//! Sealing and opening field values: `v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::keyring::{KEY_LEN, fill_random, is_key_id};
use crate::{Keyring, VaultError};

const VERSION: &str = "v1";
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Plaintexts are padded to a multiple of this many bytes. Without it the ciphertext length
/// gives away the length of a name or address, which in a commune of a few thousand people
/// narrows down who denounced. 32 bytes covers most Vietnamese full names in one block.
const PAD_BLOCK: usize = 32;
const PAD_MARK: u8 = 0x80;

/// Prefixed to the caller's context so the associated data also pins the format version; a
/// later format cannot be fed a v1 ciphertext under the same context and accept it.
const AAD_PREFIX: &[u8] = b"motcua-vault/v1\0";

impl Keyring {
    /// Seals `plaintext` under the current key, bound to `context`.
    ///
    /// `context` names the exact slot the value lives in, e.g. `petition:<uuid>:denouncer_name`.
    /// It is authenticated, not stored: opening needs the same text, so a value copied to another
    /// case or field does not open there. The nonce is random, so sealing the same text twice
    /// gives different outputs and equal identities cannot be spotted in a dump (use
    /// [`Keyring::blind_index`] for deliberate matching).
    ///
    /// # Panics
    /// If the operating system's random generator fails.
    #[must_use]
    pub fn seal(&self, plaintext: &str, context: &str) -> String {
        let key = self
            .sealing_key(self.current_key_id())
            .expect("a parsed keyring always holds its current key");
        seal_with(self.current_key_id(), key, plaintext, context)
    }

    /// Opens a sealed value.
    ///
    /// # Errors
    /// `vault_malformed` if the text is not a v1 sealed value, `vault_key_unknown` if its key id
    /// is not in the keyring, `vault_tampered` if it was altered, belongs to another `context`, or
    /// the key under its id is not the one that sealed it.
    pub fn open(&self, sealed: &str, context: &str) -> Result<SecretString, VaultError> {
        let parts = Parts::parse(sealed)?;
        let key = self
            .sealing_key(parts.key_id)
            .ok_or_else(|| VaultError::KeyUnknown {
                key_id: parts.key_id.to_owned(),
            })?;
        let cipher = XChaCha20Poly1305::new(key.into());
        let (nonce, ciphertext) = parts.bytes.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).map_err(|_| VaultError::Malformed)?;
        let aad = associated_data(context);
        let padded = Zeroizing::new(
            cipher
                .decrypt(
                    &nonce,
                    Payload {
                        msg: ciphertext,
                        aad: &aad,
                    },
                )
                .map_err(|_| VaultError::Tampered)?,
        );
        // Authentic but badly padded or not UTF-8 can only come from a bug in some sealer, not
        // from an attacker, hence not `Tampered`.
        let text = unpad(&padded).ok_or(VaultError::Malformed)?;
        let text = std::str::from_utf8(text).map_err(|_| VaultError::Malformed)?;
        // From `&str`, the secret gets an exact-size allocation of its own, and `padded` wipes
        // the decryption buffer on drop.
        Ok(SecretString::from(text))
    }

    /// Whether the rotation job should reseal this value: true unless it is a well-formed value
    /// under the current key. Malformed values count, so that the job's `reseal` reports them
    /// instead of skipping them in silence.
    #[must_use]
    pub fn needs_reseal(&self, sealed: &str) -> bool {
        Parts::parse(sealed).map_or(true, |p| p.key_id != self.current_key_id())
    }

    /// Opens `sealed` and seals it again under the current key with a fresh nonce.
    ///
    /// # Errors
    /// Those of [`Keyring::open`]; the stored value should then be left as it is.
    ///
    /// # Panics
    /// If the operating system's random generator fails.
    pub fn reseal(&self, sealed: &str, context: &str) -> Result<String, VaultError> {
        let plaintext = self.open(sealed, context)?;
        Ok(self.seal(plaintext.expose_secret(), context))
    }
}

struct Parts<'a> {
    key_id: &'a str,
    bytes: Zeroizing<Vec<u8>>,
}

impl<'a> Parts<'a> {
    fn parse(sealed: &'a str) -> Result<Self, VaultError> {
        let mut fields = sealed.splitn(3, '.');
        let (Some(VERSION), Some(key_id), Some(body)) =
            (fields.next(), fields.next(), fields.next())
        else {
            return Err(VaultError::Malformed);
        };
        if !is_key_id(key_id) {
            return Err(VaultError::Malformed);
        }
        let bytes = Zeroizing::new(
            URL_SAFE_NO_PAD
                .decode(body)
                .map_err(|_| VaultError::Malformed)?,
        );
        if bytes.len() < NONCE_LEN + PAD_BLOCK + TAG_LEN {
            return Err(VaultError::Malformed);
        }
        Ok(Self { key_id, bytes })
    }
}

fn seal_with(key_id: &str, key: &[u8; KEY_LEN], plaintext: &str, context: &str) -> String {
    let cipher = XChaCha20Poly1305::new(key.into());
    let mut nonce = XNonce::default();
    // 192-bit random nonces: collisions stay negligible for far more values than a government
    // will ever seal under one key, so no counter has to be kept in step across servers.
    fill_random(&mut nonce);
    let padded = pad(plaintext.as_bytes());
    let aad = associated_data(context);
    let ciphertext = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: &padded,
                aad: &aad,
            },
        )
        .expect("XChaCha20-Poly1305 only refuses messages of hundreds of gigabytes");
    let mut body = Vec::with_capacity(NONCE_LEN + ciphertext.len());
    body.extend_from_slice(&nonce);
    body.extend_from_slice(&ciphertext);
    format!("{VERSION}.{key_id}.{}", URL_SAFE_NO_PAD.encode(&body))
}

fn associated_data(context: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(AAD_PREFIX.len() + context.len());
    aad.extend_from_slice(AAD_PREFIX);
    aad.extend_from_slice(context.as_bytes());
    aad
}

/// ISO/IEC 7816-4 padding: a 0x80 mark, then zeros up to the block boundary. The mark is always
/// added, so the padding is unambiguous even when the text itself ends in zero bytes.
fn pad(text: &[u8]) -> Zeroizing<Vec<u8>> {
    let len = (text.len() / PAD_BLOCK + 1) * PAD_BLOCK;
    let mut out = Zeroizing::new(Vec::with_capacity(len));
    out.extend_from_slice(text);
    out.push(PAD_MARK);
    out.resize(len, 0);
    out
}

fn unpad(padded: &[u8]) -> Option<&[u8]> {
    let end = padded.iter().rposition(|&b| b != 0)?;
    (padded[end] == PAD_MARK).then(|| &padded[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_round_trips_and_hides_length_within_a_block() {
        for text in [
            "",
            "a",
            "Nguyễn Văn A",
            "x\0\0",
            &"y".repeat(31),
            &"z".repeat(32),
        ] {
            let padded = pad(text.as_bytes());
            assert_eq!(padded.len() % PAD_BLOCK, 0);
            assert!(padded.len() > text.len());
            assert_eq!(unpad(&padded), Some(text.as_bytes()));
        }
        assert_eq!(pad(b"a").len(), pad(&[b'b'; 31]).len());
        assert_eq!(unpad(&[0; 32]), None);
        assert_eq!(unpad(b"abc\x01\0\0"), None);
    }
}
