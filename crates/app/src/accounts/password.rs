//! Argon2id password hashing, run on the blocking pool so that a login never stalls the async
//! threads. Unknown logins are checked against a dummy hash, so the answer takes as long as for
//! a real account.

use std::sync::OnceLock;

use anyhow::Context as _;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// Shortest and longest accepted new password (characters).
pub const MIN_LEN: usize = 10;
pub const MAX_LEN: usize = 256;

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))
}

/// A PHC-format argon2id hash of `password`.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .context("password hashing task failed")?
}

/// Hashes on the current thread; for the command line (`motcua create-admin`), not for
/// request handlers.
pub fn hash_now(password: &str) -> anyhow::Result<String> {
    hash_blocking(password)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_blocking("motcua dummy password, never valid").unwrap_or_else(|_| {
            // Fixed fallback with the default parameters; only the cost matters.
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"
                .to_owned()
        })
    })
}

/// Whether `password` matches `stored` (a PHC string). With `stored == None` (no such user) the
/// same work is done against a dummy hash and the answer is `false`.
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let (hash, real) = match &stored {
            Some(h) => (h.as_str(), true),
            None => (dummy_hash(), false),
        };
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), hash)
            .is_ok();
        ok && real
    })
    .await
    .context("password verification task failed")
}

/// Warms the dummy hash so the first unknown-login check is not slower than the rest.
pub fn warm_up() {
    let _ = dummy_hash();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let h = hash("đúng mật khẩu 123".to_owned()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(
            verify("đúng mật khẩu 123".to_owned(), Some(h.clone()))
                .await
                .unwrap()
        );
        assert!(!verify("sai mật khẩu".to_owned(), Some(h)).await.unwrap());
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies() {
        assert!(!verify("anything".to_owned(), None).await.unwrap());
    }
}
