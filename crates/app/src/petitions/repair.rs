//! Re-deriving what older versions wrote from a protected denouncer's clear text: a subject
//! that was the first 120 characters of the unmasked content, a working copy masked only where
//! the details were typed exactly as in the sender fields, and the signature, LSH bands and
//! search text computed from those. Each is derived again from the sealed original through
//! today's masking. Idempotent: a row already right is left alone, so a second run changes
//! nothing. `motcua identity-keys remask` runs it.

use motcua_domain::similar::Signature;
use motcua_store::{Db, petitions, reception};
use motcua_vault::Keyring;

use super::cases::subject_of;
use super::identity::{self, Identity};
use crate::Result;

/// How many rows a repair rewrote, of how many sealed ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Remasked {
    pub petitions: usize,
    pub petitions_seen: usize,
    pub visits: usize,
    pub visits_seen: usize,
}

/// Rewrites every protected petition and sealed reception visit whose derived text differs
/// from what today's masking derives from the seal.
pub async fn remask_all(db: &Db, keys: &Keyring) -> Result<Remasked> {
    let mut done = Remasked::default();
    for (id, sealed) in petitions::sealed(db).await? {
        done.petitions_seen += 1;
        let who = identity::open(keys, id, &sealed)?;
        let p = petitions::get(db, id).await?;
        let next = remasked_petition(&p, &who);
        if next.subject != p.subject || next.content != p.content || next.signature != p.signature {
            let bands = bands_of(&next.signature);
            let mut tx = db.begin().await?;
            petitions::rewrite_text(&mut tx, &next, &bands).await?;
            tx.commit().await?;
            done.petitions += 1;
        }
    }
    for (id, sealed) in reception::sealed_visitors(db).await? {
        done.visits_seen += 1;
        let who = identity::open_visitor(keys, id, &sealed)?;
        let v = reception::get_visit(db, id).await?;
        let mut next = v.clone();
        let original = if who.original_content.trim().is_empty() {
            &v.content
        } else {
            &who.original_content
        };
        next.content = identity::redact(original.trim(), &who);
        next.prior_handling = identity::redact(&v.prior_handling, &who);
        next.guidance = identity::redact(&v.guidance, &who);
        next.forwarded_to = identity::redact(&v.forwarded_to, &who);
        let docs: Vec<String> = serde_json::from_str(&v.documents).unwrap_or_default();
        let docs: Vec<String> = docs.iter().map(|d| identity::redact(d, &who)).collect();
        next.documents = serde_json::to_string(&docs).unwrap_or_else(|_| "[]".into());
        let changed = (
            &next.content,
            &next.prior_handling,
            &next.guidance,
            &next.forwarded_to,
        ) != (&v.content, &v.prior_handling, &v.guidance, &v.forwarded_to)
            || (!docs.is_empty() && next.documents != v.documents);
        if changed {
            let mut tx = db.begin().await?;
            reception::rewrite_visit_text(&mut tx, &next).await?;
            tx.commit().await?;
            done.visits += 1;
        }
    }
    Ok(done)
}

/// The petition's derived text as registering it today would write it.
fn remasked_petition(p: &petitions::PetitionRecord, who: &Identity) -> petitions::PetitionRecord {
    let original = if who.original_content.trim().is_empty() {
        p.content.as_str()
    } else {
        who.original_content.trim()
    };
    let content = identity::redact(original, who);
    // An older version took an empty subject from the start of the clear content.
    let derived: String = original.chars().take(120).collect();
    let subject = if p.subject.trim() == derived.trim() || p.subject.trim().is_empty() {
        subject_of("", &content)
    } else {
        identity::redact(&p.subject, who)
    };
    let signature = Signature::of(&format!("{subject} {content}")).to_string();
    petitions::PetitionRecord {
        subject,
        content,
        signature,
        ..p.clone()
    }
}

fn bands_of(signature: &str) -> Vec<String> {
    signature
        .parse::<Signature>()
        .map(|s| s.band_keys().iter().map(|b| format!("{b:016x}")).collect())
        .unwrap_or_default()
}
