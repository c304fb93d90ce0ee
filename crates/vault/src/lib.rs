//! Field-level encryption of a denouncer's identity, with the keys kept outside the database.
//!
//! Luật Tố cáo forbids revealing who denounced whom (Đ8 k3) and gives the denouncer the right to
//! secrecy of name, address and other personal data (Đ9, Đ47, Đ56). The denouncer's identifying
//! fields (name, citizen ID number, address, phone, email, free-text notes) are therefore stored
//! only as values [sealed](Keyring::seal) with XChaCha20-Poly1305; the case carries a pseudonym,
//! and duplicates are found through a keyed [blind index](Keyring::blind_index).
//!
//! # Threat model
//!
//! - **A copy of the database alone** (a leaked backup, a dump, a curious DBA) reveals no
//!   identity: sealed values are random-looking, padded to 32-byte blocks so even the length of a
//!   name says little, and blind indexes cannot be reversed or tested without the index key. It
//!   does reveal which cases share a denouncer (equal indexes); that is the price of duplicate
//!   detection.
//! - **Moving a sealed value** to another case or field makes it fail to open, because the
//!   caller's context (e.g. `petition:<uuid>:denouncer_name`) is authenticated with it. Altering
//!   a value is detected likewise.
//! - **Someone holding the key file** (or the process environment, or the running process) can
//!   open everything, and can confirm guesses against blind indexes. Protecting that file is the
//!   whole game: keep it off the database host's backups, mode `600`. [`Keyring::load`] refuses a
//!   file other users can read or write.
//! - Who may open what, and logging each opening with its reason, is the caller's duty: this
//!   crate only makes the database useless without the key.
//!
//! # Keyring format
//!
//! ```toml
//! current = "2026-11"                 # the key id new seals use
//! index = "<base64 of 32 bytes>"      # the blind index key; never rotates
//! [keys]
//! "2026-01" = "<base64 of 32 bytes>"  # old: still opens what it sealed
//! "2026-11" = "<base64 of 32 bytes>"
//! ```
//!
//! Key ids are 1–32 characters of `A–Z a–z 0–9 - _` (they appear in every sealed value). Keys
//! are standard base64. [`Keyring::generate`] writes a fresh file.
//!
//! A sealed value reads `v1.<key id>.<base64url(24-byte nonce ‖ ciphertext ‖ 16-byte tag)>`, so
//! every value says which key opens it.
//!
//! # Rotation
//!
//! 1. Write the output of [`Keyring::with_new_current_key`] over the key file (`chmod 600`) and
//!    restart every server, so that all of them seal under the new key.
//! 2. Run the rotation job: for each sealed value where [`Keyring::needs_reseal`] is true, store
//!    [`Keyring::reseal`]'s result in place.
//! 3. Once no value needs resealing, the old key may be deleted from `[keys]`; until then deleting
//!    it makes those values unrecoverable. Old database backups still need the old key; keep it
//!    with them if they must stay readable.
//!
//! The index key is not rotated. Every stored blind index was computed under it, so a new one
//! would make the duplicate check miss every earlier petition until all indexes were recomputed
//! from decrypted identities in one offline pass, a job with its own risks that this crate does
//! not offer. If the index key leaks, the sealing keys need not: the leak lets an attacker test
//! guesses against indexes, not decrypt.

mod error;
mod index;
mod keyring;
mod seal;

pub use error::VaultError;
pub use keyring::Keyring;
pub use secrecy::{ExposeSecret, SecretString};
