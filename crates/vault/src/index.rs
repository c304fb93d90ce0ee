//! Blind indexes: equality of identities without decryption.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::Keyring;

/// 128 bits: a chance collision between two people stays negligible even across every register
/// in the country, and the column stays short.
const INDEX_BYTES: usize = 16;

impl Keyring {
    /// A keyed blind index of `value` for `purpose`: lowercase hex of the first 16 bytes of
    /// HMAC-SHA256 under the keyring's index key.
    ///
    /// Equal `(purpose, value)` pairs give equal indexes, so the duplicate check can match "the
    /// same person" in SQL while the identity stays sealed. The index key never rotates, so an
    /// index stays valid across key rotations.
    ///
    /// `value` must already be normalised by the caller (Unicode form, case, spacing, leading
    /// zeros of an ID number, …): this function hashes bytes, and two spellings of one name are
    /// two different people to it. Normalisation is the domain's business and is the same rule
    /// for every caller, so it lives there and not here.
    ///
    /// `purpose` (e.g. `"id_number"`, `"name_address"`) separates the domains, so an index made
    /// for one field cannot be matched against another field holding the same text. It is
    /// length-prefixed, so no `(purpose, value)` pair can be shifted into another.
    ///
    /// Anyone holding the index key can test guesses (a phone number has few enough digits to
    /// try them all); without it the index reveals only which rows share a value.
    #[must_use]
    pub fn blind_index(&self, purpose: &str, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.index_key())
            .expect("HMAC accepts keys of any length");
        mac.update(&(purpose.len() as u64).to_be_bytes());
        mac.update(purpose.as_bytes());
        mac.update(value.as_bytes());
        let tag = mac.finalize().into_bytes();
        hex::encode(&tag[..INDEX_BYTES])
    }
}
