//! Random bearer secrets (session and API tokens). Only their SHA-256 is stored, so a copy of
//! the database does not let anyone in.

use sha2::{Digest, Sha256};

use crate::error::{StoreError, StoreResult};

/// 256 random bits as 64 hex characters, with an optional recognisable prefix.
pub(crate) fn new_token(prefix: &str) -> StoreResult<String> {
    let mut buf = [0u8; 32];
    getrandom::fill(&mut buf).map_err(|e| StoreError::corrupt("random", e))?;
    Ok(format!("{prefix}{}", hex::encode(buf)))
}

/// The stored form of a token.
#[must_use]
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
