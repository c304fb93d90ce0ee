//! A denouncer's identity: sealed before it reaches the database, matched by keyed hashes,
//! stripped from the working copy of the content, and opened only for a handler named on the
//! case who gives a reason (Luật Tố cáo 2018 Đ8 k3, Đ47, Đ56).
//!
//! Everything else sees a protected petition through its pseudonym: pages,
//! the API, exports and the dashboard read the clear columns, which are empty.

use motcua_domain::ids::{PetitionId, VisitId};
use motcua_domain::petition::redact;
use motcua_domain::similar;
use motcua_vault::{ExposeSecret as _, Keyring};
use serde::{Deserialize, Serialize};

use motcua_store::petitions::{self, PetitionRecord};

use crate::{Actor, Context, Error, FieldMessage, Result, Text};

/// The words that replace an identifying detail in the working copy of a protected petition.
/// Written into the stored text, so in Vietnamese like the rest of it.
pub const REDACTED: &str = "[đã che thông tin người tố cáo]";

/// Who sent a petition.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub name: String,
    pub address: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    /// Other people who signed, and which of them represent the group.
    #[serde(default)]
    pub signatories: Vec<String>,
    #[serde(default)]
    pub representatives: Vec<String>,
    /// The content as the denouncer wrote it, before the working copy was redacted.
    #[serde(default)]
    pub original_content: String,
}

impl Identity {
    /// The details that would reveal the sender if they appeared in clear.
    #[must_use]
    pub fn identifying(&self) -> redact::Identifying {
        let names = std::iter::once(&self.name)
            .chain(&self.signatories)
            .chain(&self.representatives)
            .filter(|s| !s.trim().is_empty())
            .cloned()
            .collect();
        let one = |s: &String| -> Vec<String> {
            (!s.trim().is_empty())
                .then(|| s.clone())
                .into_iter()
                .collect()
        };
        redact::Identifying {
            names,
            addresses: one(&self.address),
            id_numbers: one(&self.id_number),
            phones: one(&self.phone),
            emails: one(&self.email),
            any_contact: true,
        }
    }
}

fn context(petition: PetitionId) -> String {
    format!("petition:{petition}:sender")
}

/// Seals `identity` to this petition: the text cannot be opened for, or copied to, another.
#[must_use]
pub fn seal(keys: &Keyring, petition: PetitionId, identity: &Identity) -> String {
    let json = serde_json::to_string(identity).unwrap_or_default();
    keys.seal(&json, &context(petition))
}

/// Opens a sealed identity. A failure is logged by its code only, never with the text.
pub fn open(keys: &Keyring, petition: PetitionId, sealed: &str) -> Result<Identity> {
    open_in(keys, &context(petition), sealed)
}

fn visit_context(visit: VisitId) -> String {
    format!("visit:{visit}:visitor")
}

/// Seals a denouncer met at a reception visit to that visit (there is no petition yet).
#[must_use]
pub fn seal_visitor(keys: &Keyring, visit: VisitId, identity: &Identity) -> String {
    let json = serde_json::to_string(identity).unwrap_or_default();
    keys.seal(&json, &visit_context(visit))
}

/// Opens a visitor sealed at a reception visit, to register their petition.
pub fn open_visitor(keys: &Keyring, visit: VisitId, sealed: &str) -> Result<Identity> {
    open_in(keys, &visit_context(visit), sealed)
}

fn open_in(keys: &Keyring, context: &str, sealed: &str) -> Result<Identity> {
    let secret = keys.open(sealed, context).map_err(|e| {
        tracing::error!(code = e.code(), "a sealed identity could not be opened");
        Error::Internal(anyhow::anyhow!("sealed identity: {}", e.code()))
    })?;
    serde_json::from_str(secret.expose_secret())
        .map_err(|_| Error::Internal(anyhow::anyhow!("sealed identity is not valid JSON")))
}

/// The keyed hashes duplicate detection matches a sender by: the citizen ID number, and the
/// name with the address. The same for protected and ordinary senders, so a denouncer who
/// also complains in the open is still recognised, without anyone reading the denunciation.
#[must_use]
pub fn person_indexes(keys: &Keyring, identity: &Identity) -> (Option<String>, Option<String>) {
    let id = similar::normalise_id_number(&identity.id_number);
    let name = similar::normalise_name(&identity.name);
    let address = similar::normalise_address(&identity.address);
    let id_index = (!id.is_empty()).then(|| keys.blind_index("id_number", &id));
    let name_index = (!name.is_empty() && !address.is_empty())
        .then(|| keys.blind_index("name_address", &format!("{name}|{address}")));
    (id_index, name_index)
}

/// The keyed index of the account that filed a petition online: "my petitions" matches it,
/// and no row holds the account's id in clear.
#[must_use]
pub fn filer_index(keys: &Keyring, user: motcua_domain::ids::UserId) -> String {
    keys.blind_index("petition_filer", &user.to_string())
}

/// The working copy of a protected petition's content: every identifying detail the sender
/// gave, however it is written in the text, replaced by [`REDACTED`] (see
/// [`motcua_domain::petition::redact`] for what is caught).
#[must_use]
pub fn redact(content: &str, identity: &Identity) -> String {
    redact::redact(content, &identity.identifying(), REDACTED)
}

/// Reveals a protected sender to a handler named on the case, with a reason; every reveal is
/// recorded and audited (without the identity).
pub async fn reveal(
    ctx: &Context,
    actor: &Actor,
    p: &PetitionRecord,
    reason: &str,
) -> Result<Identity> {
    // Only a named handler, a person, may reveal: the system itself never does.
    let user = actor.user.ok_or(Error::Forbidden)?;
    let reason = reason.trim();
    let long = motcua_domain::limits::check(&[("reason", reason)]);
    if !long.is_empty() {
        return Err(Error::TooLong(
            long.into_iter()
                .map(|f| FieldMessage::new(f.field, f.message))
                .collect(),
        ));
    }
    if reason.chars().count() < 10 {
        return Err(Error::field("reason", Text::id("pet-error-reveal-reason")));
    }
    let Some(sealed) = &p.sender_sealed else {
        return Err(Error::rule(
            "identity_not_protected",
            Text::id("pet-error-not-protected"),
        ));
    };
    let handlers = petitions::handlers(ctx.db(), p.id).await?;
    if !handlers.contains(&user) {
        tracing::warn!(petition = %p.code, user = %user, "identity reveal refused: not a named handler");
        return Err(Error::Forbidden);
    }
    let identity = open(ctx.identity_keys(), p.id, sealed)?;
    let now = ctx.now();
    let mut tx = ctx.db().begin().await?;
    petitions::reveal(&mut tx, &actor.audit(), p, user, reason, now).await?;
    tx.commit().await?;
    Ok(identity)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ephemeral_keyring() -> Keyring {
        let text = Keyring::generate("memory").expect("a fresh keyring");
        Keyring::parse(text.expose_secret()).expect("a generated keyring parses")
    }

    fn who() -> Identity {
        Identity {
            name: "Nguyễn Văn Bình".into(),
            address: "Ấp 3, xã Demo".into(),
            id_number: "079090000001".into(),
            phone: "0912345678".into(),
            ..Identity::default()
        }
    }

    #[test]
    fn the_working_copy_hides_the_sender_however_it_is_written() {
        let text = "Tôi là NGUYEN VAN BINH, CCCD 079090000001, ở Ấp 3, xã Demo, tố cáo ông X.";
        let out = redact(text, &who());
        assert!(!out.to_lowercase().contains("binh"), "{out}");
        assert!(!out.contains("079090000001"), "{out}");
        assert!(!out.contains("Ấp 3"), "{out}");
        assert!(out.contains("tố cáo ông X."), "{out}");
    }

    #[test]
    fn a_sealed_identity_opens_only_for_its_own_petition() {
        let keys = ephemeral_keyring();
        let a = PetitionId::new();
        let sealed = seal(&keys, a, &who());
        assert!(!sealed.contains("Bình"));
        assert_eq!(open(&keys, a, &sealed).unwrap(), who());
        assert!(open(&keys, PetitionId::new(), &sealed).is_err());
    }

    #[test]
    fn person_indexes_match_the_same_person_written_differently() {
        let keys = ephemeral_keyring();
        let mut other = who();
        other.name = "nguyen van binh".into();
        other.id_number = "079 090 000 001".into();
        assert_eq!(person_indexes(&keys, &who()), person_indexes(&keys, &other));
        let (id, _) = person_indexes(&keys, &who());
        assert!(!id.unwrap().contains("079090000001"));
    }
}
